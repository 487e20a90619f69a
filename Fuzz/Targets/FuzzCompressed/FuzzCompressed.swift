import CFuzzCompress
import IGMP
import IGMPCapture

#if canImport(Glibc)
import Glibc
#endif

/// Arbitrary bytes as a capture read from a file descriptor (`scan FILE`, `scan -`), plain or compressed; the first
/// byte says how:
///   0, 1: the rest compressed here with gzip (zlib) or zstd: it must read exactly as the plain bytes read (the same
///         packets, facts and ending, with the same kind and byte offset);
///   2:    the rest from a memory file, as it is: the fuzzer's own gzip and zstd data reach the decompressors;
///   3:    the rest from a pipe (the path that keeps the first bytes it takes), which must read as mode 2 does.
/// Never a crash, a hang or an over-read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 1 else { return 0 }
    let mode = start.load(as: UInt8.self) % 4
    let rest = start + 1
    let length = count - 1
    switch mode {
    case 0, 1:
        var compressed: UnsafeMutablePointer<UInt8>? = nil
        let size = mode == 0 ? fuzz_gzip(rest, length, &compressed) : fuzz_zstd(rest, length, &compressed)
        guard size > 0, let compressed else { return 0 }
        defer { free(compressed) }
        let plain = readFromMemory(rest, length)
        let fd = fuzz_memory_file(compressed, size)
        guard fd >= 0 else { return 0 }
        let decompressed = read(fileDescriptor: fd)
        if decompressed != plain {
            fatalError("invariant violated: the \(mode == 0 ? "gzip" : "zstd") form read \(decompressed.summary), the plain bytes \(plain.summary)")
        }
    default:
        let fd = fuzz_memory_file(rest, length)
        guard fd >= 0 else { return 0 }
        let fromFile = read(fileDescriptor: fd)
        if mode == 3 {
            let pipeFD = fuzz_pipe(rest, length)
            guard pipeFD >= 0 else { return 0 }
            let fromPipe = read(fileDescriptor: pipeFD)
            if fromPipe != fromFile { fatalError("invariant violated: a pipe read \(fromPipe.summary), a file \(fromFile.summary)") }
        }
    }
    return 0
}

/// What reading a capture gave: every packet with its facts, and how it ended.
struct Reading: Equatable {
    var packets: [[UInt8]] = []
    var facts: [String] = []
    var linkType: UInt32?
    var openError: CaptureError.Kind?
    var endKind: CaptureError.Kind?
    var endOffset: Int64?

    var summary: String {
        "\(packets.count) packets, link \(String(describing: linkType)), open \(String(describing: openError)), end \(String(describing: endKind))@\(String(describing: endOffset))"
    }
}

func read(_ open: () throws(CaptureError) -> CaptureReader) -> Reading {
    var reading = Reading()
    let reader: CaptureReader
    do { reader = try open() } catch {
        reading.openError = error.kind
        return reading
    }
    reading.linkType = reader.linkType.rawValue
    do {
        try reader.forEachPacket { frame, info in
            if frame.byteCount != info.capturedLength { fatalError("invariant violated: captured length") }
            reading.packets.append(frame.withUnsafeBytes { Array($0) })
            reading.facts.append("\(info.frameNumber) \(info.timestamp.seconds) \(info.timestamp.nanoseconds) \(info.wireLength)")
            return true
        }
    } catch {
        reading.endKind = error.kind
        reading.endOffset = error.offset
        _ = error.description
    }
    reader.close()
    return reading
}

func read(fileDescriptor fd: Int32) -> Reading {
    read { () throws(CaptureError) in try CaptureReader(fileDescriptor: fd, name: "fuzz") }
}

func readFromMemory(_ start: UnsafeRawPointer, _ count: Int) -> Reading {
    guard let stream = fmemopen(UnsafeMutableRawPointer(mutating: start), count, "rb") else { return Reading() }
    return read { () throws(CaptureError) in try CaptureReader(stream: stream, name: "fuzz") }
}
