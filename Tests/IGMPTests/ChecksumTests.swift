@testable import IGMP
import Testing

@Suite struct ChecksumTests {
    /// PacketGen's asserted vectors (MANIFEST table G1).
    @Test func igmpHeaderVectors() {
        #expect(InternetChecksum.checksum([0x11, 0x14, 0, 0, 0, 0, 0, 0]) == 0xeeeb)
        #expect(InternetChecksum.checksum([0x11, 0x14, 0, 0, 0xe0, 0, 0, 1]) == 0x0eea)
        let full: [UInt8] = [0x11, 0x14, 0x0e, 0xea, 0xe0, 0, 0, 1]
        #expect(InternetChecksum.isValid(full.span.bytes) == true)
    }

    /// PacketGen's IPv4 + Router Alert header, checksum 0xd792 included.
    @Test func ipv4HeaderWithRouterAlertVector() {
        let header: [UInt8] = [0x46, 0x00, 0x00, 0x20, 0, 0, 0, 0, 0x01, 0x02, 0xd7, 0x92,
                               0x4b, 0x0c, 0x22, 0x38, 0xe0, 0, 0, 1, 0x94, 0x04, 0, 0]
        #expect(InternetChecksum.isValid(header.span.bytes) == true)
        var zeroed = header
        zeroed[10] = 0; zeroed[11] = 0
        #expect(InternetChecksum.checksum(zeroed) == 0xd792)
    }

    /// The word-at-a-time sum must equal a plain 16-bit reference sum for every length and content.
    /// Random content, all-ones (every add carries) and all-zero, at every length, also as sub-spans that start
    /// at an odd byte of their buffer.
    @Test func wideSumEqualsReferenceSum() {
        var generator = SystemRandomNumberGenerator()
        func reference(_ bytes: ArraySlice<UInt8>) -> UInt16 {
            var sum: UInt32 = 0
            var i = bytes.startIndex
            while i + 1 < bytes.endIndex { sum += UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1]); i += 2 }
            if i < bytes.endIndex { sum += UInt32(bytes[i]) << 8 }
            while sum > 0xffff { sum = (sum >> 16) + (sum & 0xffff) }
            return UInt16(sum)
        }
        for length in 0..<200 {
            for fill in [nil, 0xff, 0x00] as [UInt8?] {
                let bytes = (0..<(length + 1)).map { _ in fill ?? UInt8.random(in: 0...255, using: &generator) }
                #expect(InternetChecksum.sum(bytes.span.bytes.extracting(0..<length)) == reference(bytes[0..<length]),
                        "length \(length) fill \(String(describing: fill))")
                #expect(InternetChecksum.sum(bytes.span.bytes.extracting(1..<(length + 1))) == reference(bytes[1..<(length + 1)]),
                        "length \(length) at offset 1 fill \(String(describing: fill))")
            }
        }
    }

    /// The unrolled sum of 20- and 24-byte IPv4 headers equals the general one.
    @Test func shortHeaderSumEqualsGeneralSum() {
        var generator = SystemRandomNumberGenerator()
        for length in [20, 24] {
            for fill in [nil, 0xff, 0x00] as [UInt8?] {
                for _ in 0..<200 {
                    let bytes = (0..<length).map { _ in fill ?? UInt8.random(in: 0...255, using: &generator) }
                    #expect(InternetChecksum.sumOfShortHeader(bytes.span.bytes) == InternetChecksum.sum(bytes.span.bytes))
                }
            }
        }
    }
}
