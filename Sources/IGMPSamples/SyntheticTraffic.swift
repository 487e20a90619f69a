import IGMP

/// A deterministic stream of frames for benchmarks: about 70% non-IGMP background, 30% IGMP, 1% hostile. With
/// `ipv6`, half the background is IPv6 (UDP, and ICMPv6 Neighbor Discovery) and a third of the membership traffic
/// and of the hostile frames is MLD.
///
/// The same seed always gives the same frames, and the ground truth of each frame (hostile or not) is known, so
/// detection can be scored.
public struct SyntheticTraffic {
    var state: UInt64
    let ipv6: Bool

    public init(seed: UInt64 = 0x1637_6c0f_fee0_0001, ipv6: Bool = false) {
        state = seed | 1
        self.ipv6 = ipv6
    }

    mutating func next64() -> UInt64 {
        // xorshift64*
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_f491_4f6c_dd1d
    }

    mutating func below(_ n: Int) -> Int { Int(next64() % UInt64(n)) }

    /// The next frame and whether it is hostile.
    public mutating func next() -> (bytes: [UInt8], isIGMP: Bool, isHostile: Bool) {
        let roll = below(1000)
        if ipv6 && roll % 2 == 0 && (roll < 700 || roll % 3 == 0) { return nextIPv6(roll) }
        if roll < 700 {
            let payload = [18, 64, 200, 512, 1200, 1400][below(6)]
            let host = IPv4Address(rawValue: 0xc000_0200 | UInt32(below(250) + 2))
            return (Net.udp(from: host, to: IPv4Address(198, 51, 100, UInt8(below(200) + 1)), port: UInt16(1024 + below(5000)),
                            payload: payload), false, false)
        }
        if roll < 710 {
            let hostile = [SampleCatalog.ms06007, SampleCatalog.querySourceCount, SampleCatalog.recordSourceCount,
                           SampleCatalog.fragmented, SampleCatalog.recordAuxData, SampleCatalog.reportRecordCount][below(6)]
            return (hostile.packets[below(hostile.packets.count)].bytes, true, true)
        }
        let host = IPv4Address(rawValue: 0xc000_0200 | UInt32(below(250) + 2))
        let group = IPv4Address(rawValue: 0xef00_0000 | UInt32(below(1 << 16)))
        switch below(5) {
        case 0: return (Net.frame(.queryV3(QueryV3Repr()), from: Net.querier), true, false)
        case 1: return (Net.frame(.reportV2(group), from: host), true, false)
        case 2:
            let sources = (0..<below(8)).map { IPv4Address(rawValue: 0xcb00_7100 + UInt32($0)) }
            return (Net.frame(.queryV3(QueryV3Repr(group: group, sources: sources)), from: Net.querier), true, false)
        default:
            let records = (0..<(1 + below(4))).map { i in
                GroupRecordRepr(type: GroupRecordType(rawValue: UInt8(1 + below(6))), group: IPv4Address(rawValue: group.rawValue + UInt32(i)),
                                sources: (0..<below(10)).map { IPv4Address(rawValue: 0xcb00_7100 + UInt32($0)) })
            }
            return (Net.frame(.reportV3(records), from: host), true, false)
        }
    }

    /// An IPv6 frame of the same share: background (UDP, Neighbor Solicitations), MLD, or a hostile MLD packet.
    mutating func nextIPv6(_ roll: Int) -> (bytes: [UInt8], isIGMP: Bool, isHostile: Bool) {
        typealias N = SampleCatalog.Net6
        let host = IPv6Address(high: 0xfe80 << 48, low: UInt64(below(250) + 2))
        if roll < 700 {
            if below(10) == 0 { return (N.neighborSolicitation(), false, false) }
            let payload = [18, 64, 200, 512, 1200, 1400][below(6)]
            return (N.udp(from: IPv6Address(high: 0x2001_0db8 << 32, low: UInt64(below(250) + 2)),
                          to: IPv6Address(high: 0x2001_0db8 << 32 | 1, low: UInt64(below(200) + 1)), payload: payload), false, false)
        }
        if roll < 710 {
            let hostile = SampleCatalog.mldCaptures.filter { $0.worstVerdict == .hostile }
            let capture = hostile[below(hostile.count)]
            return (capture.packets[0].bytes, true, true)
        }
        let group = IPv6Address(high: 0xff15 << 48, low: UInt64(below(1 << 16)))
        switch below(4) {
        case 0: return (N.frame(.queryV2(), from: N.querier), true, false)
        case 1: return (N.frame(.reportV1(group), from: host) { f in f.ip.destination = group }, true, false)
        default:
            let records = (0..<(1 + below(4))).map { i in
                MLDRecordRepr(type: GroupRecordType(rawValue: UInt8(1 + below(6))), address: IPv6Address(high: group.high, low: group.low + UInt64(i)),
                              sources: (0..<below(10)).map { IPv6Address(high: 0x2001_0db8 << 32, low: UInt64($0)) })
            }
            return (N.frame(.reportV2(records), from: host), true, false)
        }
    }
}
