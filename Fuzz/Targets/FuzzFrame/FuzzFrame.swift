import IGMPTestSupport

/// Arbitrary bytes as a frame of each supported link type (byte 0 picks it; bit 7 of byte 1 marks a capture cut).
/// Every invariant of `checkFrame` must hold.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    do { try checkFrameInput(UnsafeRawBufferPointer(start: start, count: count)) } catch { fatalError("invariant violated: \(error)") }
    return 0
}
