import IGMPTestSupport

/// Arbitrary bytes as an IGMP message, as an IPv4 packet, and behind a conforming IPv4 header.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    do { try checkIGMPInput(UnsafeRawBufferPointer(start: start, count: count)) } catch { fatalError("invariant violated: \(error)") }
    return 0
}
