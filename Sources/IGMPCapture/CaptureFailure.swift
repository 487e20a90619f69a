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

    /// The stream's first four bytes (or as many as it has), read and put back; nil for a stream that cannot go back
    /// (a pipe), whose first bytes only libpcap will see.
    static func peekMagic(_ stream: UnsafeMutablePointer<FILE>) -> [UInt8]? {
        let start = ftello(stream)
        guard start >= 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 4)
        let count = fread(&bytes, 1, 4, stream)
        guard fseeko(stream, start, SEEK_SET) == 0 else { return nil }
        clearerr(stream)
        return Array(bytes.prefix(count))
    }

    /// The kind of a failed open, from the first bytes (when they could be read) and what reading did to the stream.
    static func openFailure(firstBytes: [UInt8]?, stream: UnsafeMutablePointer<FILE>) -> CaptureError.Kind {
        if ferror(stream) != 0 { return .cannotOpen }
        if let firstBytes {
            guard firstBytes.count == 4 else { return .truncated }
            let magic = firstBytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard captureMagics.contains(magic) else { return .notACapture }
        }
        // A capture's magic: libpcap read on until the header ran out, or it refused what the header said.
        if feof(stream) != 0 { return .truncated }
        return firstBytes == nil ? .notACapture : .corrupt
    }

    /// The kind of a failed read (`pcap_next_ex` returned an error): the file ended inside a record or block, or a
    /// record or block is impossible.
    static func readFailure(_ handle: OpaquePointer) -> CaptureError.Kind {
        guard let stream = pcap_file(handle) else { return .corrupt }
        if ferror(stream) != 0 { return .cannotOpen }
        return feof(stream) != 0 ? .truncated : .corrupt
    }
}
