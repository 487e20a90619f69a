import IGMP
import Testing

/// RFC 3376 4.1.1 (Max Resp Code) and 4.1.7 (QQIC) share one 8-bit exponential form.
@Suite struct TimeCodeTests {
    /// Every one of the 256 codes against the RFC's formula written out independently.
    @Test func decodesAll256CodesPerRFC3376() {
        for code in 0...255 {
            let expected: Int
            if code < 128 {
                expected = code
            } else {
                let exp = (code >> 4) & 0b111
                let mant = code & 0b1111
                expected = (mant | 0x10) << (exp + 3)
            }
            #expect(TimeCode.decode(UInt8(code)) == expected, "code \(code)")
        }
    }

    @Test func exponentialCodesAreStrictlyIncreasing() {
        for code in 128..<255 {
            #expect(TimeCode.decode(UInt8(code)) < TimeCode.decode(UInt8(code + 1)))
        }
        #expect(TimeCode.decode(127) < TimeCode.decode(128))
        #expect(TimeCode.decode(255) == TimeCode.maximumValue)
    }

    @Test func encodeInvertsDecodeForAll256Codes() {
        for code in 0...255 {
            #expect(TimeCode.encode(TimeCode.decode(UInt8(code))) == UInt8(code))
        }
    }

    /// Values asserted by peers: scapy (mrcode 154 -> 0x83 = 152), PacketGen (10000 -> 0xe3 -> 9728),
    /// tcpdump (0xfe = 51m12s), gopacket (0x18 = 2.4 s).
    @Test func peerAssertedValues() {
        #expect(TimeCode.encode(154) == 0x83)
        #expect(TimeCode.decode(0x83) == 152)
        #expect(TimeCode.encode(10000) == 0xe3)
        #expect(TimeCode.decode(0xe3) == 9728)
        #expect(TimeCode.decode(0xfe) == 30720)
        #expect(TimeCode.decode(0x18) == 24)
        #expect(TimeCode.encode(1_000_000) == 0xff)
        #expect(TimeCode.encode(-5) == 0)
    }

    @Test func maxResponseTimeAsDuration() {
        #expect(MaxResponseTime(deciseconds: 24).duration == .milliseconds(2400))
        #expect(MaxResponseTime(deciseconds: 24).description == "2.4s")
    }
}
