import IGMPScanTestSupport
import IGMPTestSupport

/// Arbitrary bytes as a whole capture file, scanned as `igmpguard scan` scans one: reader, validator, the text,
/// NDJSON and EVE reporters and the evidence writer (`ScanInvariants` says what must hold). The last byte's low bit
/// chooses `--all`, so packet lines of clean packets are printed too.
nonisolated(unsafe) let invariants = ScanInvariants()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let capture = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    do {
        try invariants.check(capture, reportAll: (capture.last ?? 0) & 1 == 1)
    } catch {
        fatalError("invariant violated: \(error)")
    }
    return 0
}
