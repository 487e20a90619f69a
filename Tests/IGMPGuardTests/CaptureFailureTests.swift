import Foundation
import IGMPCapture
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A capture libpcap refuses is classified by its first bytes and by where reading stopped, not by the words of
/// libpcap's message: the same file gets the same kind whatever libpcap version reads it.
@Suite struct CaptureFailureTests {
    func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    var pcapHeader: [UInt8] { le32(0xa1b2_c3d4) + le16(2) + le16(4) + le32(0) + le32(0) + le32(65535) + le32(1) }

    /// The kind `CaptureReader` gives `bytes`, read from a file and from memory (`fmemopen`).
    func kinds(_ bytes: [UInt8]) throws -> (file: CaptureError.Kind?, memory: CaptureError.Kind?) {
        let path = try Tool.temporaryDirectory().appendingPathComponent("capture").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var file: CaptureError.Kind? = nil
        do { try CaptureReader(path: path).close() } catch { file = error.kind }
        var memory: CaptureError.Kind? = nil
        var copy = bytes + [0] // fmemopen needs a buffer even for no byte
        let stream = copy.withUnsafeMutableBytes { fmemopen($0.baseAddress, bytes.count, "rb") }!
        do { try CaptureReader(stream: stream, name: "memory").close() } catch { memory = error.kind }
        return (file, memory)
    }

    @Test func anEmptyOrTinyFileIsTruncated() throws {
        #expect(try kinds([]) == (.truncated, .truncated))
        #expect(try kinds([0xd4, 0xc3]) == (.truncated, .truncated))
    }

    /// Fewer than four bytes that no capture begins with are not a capture.
    @Test func aTinyFileThatBeginsNoCaptureIsNotACapture() throws {
        #expect(try kinds(Array("abc".utf8)) == (.notACapture, .notACapture))
        #expect(try kinds([0x0a, 0x0d, 0x0d]) == (.truncated, .truncated)) // a pcapng section header, cut
    }

    @Test func aFileWithoutACaptureMagicIsNotACapture() throws {
        #expect(try kinds(Array("GET / HTTP/1.1\r\nHost: example\r\n\r\n".utf8)) == (.notACapture, .notACapture))
    }

    @Test func aCaptureMagicWithItsHeaderCutIsTruncated() throws {
        #expect(try kinds(Array(pcapHeader.prefix(10))) == (.truncated, .truncated))
    }

    @Test func aCaptureMagicWithAnImpossibleHeaderIsCorrupt() throws {
        var header = pcapHeader
        header[4] = 0x07 // version 7.4
        #expect(try kinds(header) == (.corrupt, .corrupt))
        // A pcapng section whose length is not a multiple of 4.
        let section = le32(0x0a0d_0d0a) + le32(27) + le32(0x1a2b_3c4d) + le16(1) + le16(0) + [UInt8](repeating: 0xff, count: 8) + [0, 0, 0] + le32(27)
        #expect(try kinds(section) == (.corrupt, .corrupt))
    }

    /// The kind `open` gives `bytes` written into a pipe (its read end's descriptor), nil when the capture opens.
    func pipeKind(_ bytes: [UInt8], _ open: (Int32) throws(CaptureError) -> CaptureReader) throws -> CaptureError.Kind? {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let written = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        try #require(written == bytes.count)
        close(ends[1])
        do { try open(ends[0]).close() } catch { return error.kind }
        return nil
    }

    /// From a stream that cannot go back, handed over as a FILE, the first bytes cannot be read twice: a stream that
    /// ends early is truncated, one refused before its end is not a capture (even with a capture's magic).
    @Test func aPipeIsClassifiedByWhereReadingStopped() throws {
        func kind(_ bytes: [UInt8]) throws -> CaptureError.Kind? {
            try pipeKind(bytes) { (fd) throws(CaptureError) in try CaptureReader(stream: fdopen(fd, "rb")!, name: "pipe") }
        }
        #expect(try kind(Array(pcapHeader.prefix(10))) == .truncated)
        #expect(try kind(Array("not a capture at all, just words".utf8)) == .notACapture)
        #expect(try kind(pcapHeader) == nil)
    }

    /// Read from a file descriptor (`-` on the command line), a pipe's first bytes are kept as they pass: a stream
    /// with a capture's magic that libpcap refuses is truncated or corrupt, as a file would be.
    @Test func aPipeReadFromItsDescriptorIsClassifiedByItsFirstBytes() throws {
        func kind(_ bytes: [UInt8]) throws -> CaptureError.Kind? {
            try pipeKind(bytes) { (fd) throws(CaptureError) in try CaptureReader(fileDescriptor: fd, name: "pipe") }
        }
        var impossible = pcapHeader
        impossible[4] = 0x07 // version 7.4
        #expect(try kind(Array(pcapHeader.prefix(10))) == .truncated)
        #expect(try kind([]) == .truncated)
        #expect(try kind(Array("not a capture at all, just words".utf8)) == .notACapture)
        #expect(try kind(impossible) == .corrupt)
        #expect(try kind(pcapHeader) == nil)
    }

    @Test func aValidCaptureOpens() throws {
        #expect(try kinds(pcapHeader) == (nil, nil))
    }

    @Test func aRecordCutByTheFileEndIsTruncatedAndAnImpossibleOneCorrupt() throws {
        let path = try Tool.temporaryDirectory().appendingPathComponent("records").path
        func readError(_ bytes: [UInt8]) throws -> CaptureError.Kind? {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let reader = try CaptureReader(path: path)
            defer { reader.close() }
            do { try reader.forEachPacket { _, _ in true } } catch { return error.kind }
            return nil
        }
        let cut = pcapHeader + le32(1) + le32(0) + le32(60) + le32(60) + [UInt8](repeating: 0, count: 20)
        #expect(try readError(cut) == .truncated)
        let impossible = pcapHeader + le32(1) + le32(0) + le32(300_000) + le32(300_000) + [UInt8](repeating: 0, count: 64)
        #expect(try readError(impossible) == .corrupt)
    }
}
