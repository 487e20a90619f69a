import CPcap

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why libpcap refused a capture, told from the file's first bytes and the stream's state, not from the words of
/// libpcap's message (which change between versions and are kept only as the error's detail).
enum CaptureFailure {
    /// The magic numbers libpcap reads: classic pcap in both byte orders, microsecond, nanosecond and the modified
    /// (Kuznetzov) format, and a pcapng Section Header Block.
    static let captureMagics: Set<UInt32> = [0xa1b2_c3d4, 0xd4c3_b2a1, 0xa1b2_3c4d, 0x4d3c_b2a1, 0xa1b2_cd34, 0x34cd_b2a1,
                                             0x0a0d_0d0a]

    /// Where `stream` starts, to read its first bytes again should libpcap refuse it; nil for a stream that cannot go
    /// back (a pipe). Asking moves nothing, so a capture libpcap accepts is read as if it had not been asked.
    static func startPosition(_ stream: UnsafeMutablePointer<FILE>) -> off_t? {
        let start = ftello(stream)
        return start >= 0 ? start : nil
    }

    /// The kind of a failed open: from what reading did to the stream, and from its first four bytes read again from
    /// `start` when it can go back. A pipe's first bytes are gone: one refused before its end is called not a
    /// capture, whatever its magic.
    static func openFailure(stream: UnsafeMutablePointer<FILE>, start: off_t?) -> CaptureError.Kind {
        if ferror(stream) != 0 { return .cannotOpen }
        let ranOut = feof(stream) != 0 // before the first bytes are read again
        guard let start, let firstBytes = firstBytes(of: stream, from: start) else {
            return ranOut ? .truncated : .notACapture
        }
        return openFailure(firstBytes: firstBytes, ranOut: ranOut)
    }

    /// The kind of a failed open, from the capture's first bytes as they were handed to libpcap and whether the
    /// bytes ran out (a stream that keeps its first bytes: `CCompressedStream`).
    static func openFailure(firstBytes: [UInt8], ranOut: Bool) -> CaptureError.Kind {
        guard firstBytes.count == 4 else {
            // Fewer than four bytes: the start of a capture cut short, or something else ("abc").
            let startsAMagic = captureMagics.contains { magic in
                firstBytes.enumerated().allSatisfy { i, byte in UInt8(truncatingIfNeeded: magic >> (24 - 8 * UInt32(i))) == byte }
            }
            return startsAMagic ? .truncated : .notACapture
        }
        let magic = firstBytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard captureMagics.contains(magic) else { return .notACapture }
        // A capture's magic: libpcap read on until the header ran out, or it refused what the header said.
        return ranOut ? .truncated : .corrupt
    }

    /// Up to four bytes from `start`; nil when the stream cannot go back there.
    private static func firstBytes(of stream: UnsafeMutablePointer<FILE>, from start: off_t) -> [UInt8]? {
        clearerr(stream)
        guard fseeko(stream, start, SEEK_SET) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 4)
        let count = fread(&bytes, 1, 4, stream)
        return Array(bytes.prefix(count))
    }

    /// The kind of a failed read (`pcap_next_ex` returned an error): the file ended inside a record or block, or a
    /// record or block is impossible (or could not be read at all: libpcap's words say which).
    static func readFailure(_ handle: OpaquePointer) -> CaptureError.Kind {
        guard let stream = pcap_file(handle) else { return .corrupt }
        return feof(stream) != 0 && ferror(stream) == 0 ? .truncated : .corrupt
    }
}
