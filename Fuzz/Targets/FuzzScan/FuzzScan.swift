import IGMPScanTestSupport

/// Arbitrary bytes as a whole capture file, scanned as `igmpguard scan` scans one: reader, validator, the text,
/// NDJSON and EVE reporters and the evidence writer (`ScanInvariants` says what must hold). The last byte's low bit
/// chooses `--all` (packet lines of clean packets too), its next bit `--threads 2` (a second thread reads the
/// capture while this one judges, as a scan on two CPUs or more does).
nonisolated(unsafe) let invariants = ScanInvariants()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let capture = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    do {
        let last = capture.last ?? 0
        try invariants.check(capture, reportAll: last & 1 == 1, threads: last & 2 == 2 ? 2 : 1)
    } catch {
        fatalError("invariant violated: \(error)")
    }
    return 0
}
