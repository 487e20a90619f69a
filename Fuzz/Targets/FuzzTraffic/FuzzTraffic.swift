import IGMPTestSupport

/// A sequence of frames with their times fed to the traffic model (`checkTrafficInput` says how the bytes are read).
/// Every invariant of `checkTrafficFrame` must hold.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    do { try checkTrafficInput(UnsafeRawBufferPointer(start: start, count: count)) } catch { fatalError("invariant violated: \(error)") }
    return 0
}
