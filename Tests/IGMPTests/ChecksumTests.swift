import IGMP
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
    @Test func wideSumEqualsReferenceSum() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var reference: UInt32 = 0
            var i = 0
            while i + 1 < length { reference += UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1]); i += 2 }
            if i < length { reference += UInt32(bytes[i]) << 8 }
            while reference > 0xffff { reference = (reference >> 16) + (reference & 0xffff) }
            #expect(InternetChecksum.sum(bytes.span.bytes) == UInt16(reference), "length \(length)")
        }
    }
}
