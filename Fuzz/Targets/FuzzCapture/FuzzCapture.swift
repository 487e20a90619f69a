import IGMPTestSupport
import IGMP
import IGMPCapture

#if canImport(Glibc)
import Glibc
#endif

/// Arbitrary bytes as a whole .pcap/.pcapng file, read through IGMPCapture (libpcap over `fmemopen`).
/// Must end in packets and a clean stop, or a `CaptureError`, never a crash or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0, let stream = fmemopen(UnsafeMutableRawPointer(mutating: start), count, "rb") else { return 0 }
    guard let reader = try? CaptureReader(stream: stream, name: "fuzz") else { return 0 }
    var packets = 0
    do {
        try reader.forEachPacket { frame, info in
            packets += 1
            if info.frameNumber != packets { fatalError("invariant violated: frame numbers skip") }
            if info.capturedLength != frame.byteCount { fatalError("invariant violated: captured length \(info.capturedLength) != \(frame.byteCount)") }
            if frame.byteCount > count { fatalError("invariant violated: a packet larger than the file") }
            do { try checkFrame(frame, linkType: reader.linkType, wireLength: info.wireLength) } catch { fatalError("invariant violated: \(error)") }
            return true
        }
    } catch {
        _ = "\(error)"
    }
    reader.close()
    return 0
}
