import IGMP
import IGMPSamples

/// One frame to decode and validate, built once by our encoder (or taken from the hostile sample captures).
public struct BenchFrame: Sendable {
    public var name: String
    public var bytes: [UInt8]
    public var linkType: LinkType = .ethernet
    /// A typical v3 report: the frames the 3x-of-baseline and 10M frames/s goals are about.
    public var typicalReport = false
}

public enum Frames {
    public static let host = IPv4Address(192, 168, 1, 10)
    public static let router = IPv4Address(192, 168, 1, 1)

    public static func sources(_ n: Int, base: UInt8 = 10) -> [IPv4Address] {
        (0..<n).map { IPv4Address(base, 0, UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)) }
    }

    public static func reportV3(records: Int, sourcesPerRecord: Int) -> [UInt8] {
        let types: [GroupRecordType] = [.modeIsInclude, .modeIsExclude, .changeToInclude, .changeToExclude, .allowNewSources, .blockOldSources]
        let list = (0..<records).map { i in
            GroupRecordRepr(type: types[i % types.count], group: IPv4Address(239, 1, UInt8(i >> 8), UInt8(truncatingIfNeeded: i)),
                            sources: sources(sourcesPerRecord))
        }
        return FrameRepr.conforming(.reportV3(list), from: host).bytes
    }

    /// Every message kind, v3 reports of 1/8/32 records with 0/10/100 sources each.
    public static let messageKinds: [BenchFrame] = {
        var frames = [
            BenchFrame(name: "v1 query", bytes: FrameRepr.conforming(.queryV1(), from: router).bytes),
            BenchFrame(name: "v1 report", bytes: FrameRepr.conforming(.reportV1(IPv4Address(239, 1, 2, 3)), from: host).bytes),
            BenchFrame(name: "v2 general query", bytes: FrameRepr.conforming(.queryV2(), from: router).bytes),
            BenchFrame(name: "v2 group query", bytes: FrameRepr.conforming(.queryV2(maxRespCode: 10, group: IPv4Address(239, 1, 2, 3)), from: router).bytes),
            BenchFrame(name: "v2 report", bytes: FrameRepr.conforming(.reportV2(IPv4Address(239, 1, 2, 3)), from: host).bytes),
            BenchFrame(name: "v2 leave", bytes: FrameRepr.conforming(.leave(IPv4Address(239, 1, 2, 3)), from: host).bytes),
            BenchFrame(name: "v3 general query", bytes: FrameRepr.conforming(.queryV3(QueryV3Repr()), from: router).bytes),
            BenchFrame(name: "v3 group query", bytes: FrameRepr.conforming(.queryV3(QueryV3Repr(group: IPv4Address(232, 2, 3, 2))), from: router).bytes),
            BenchFrame(name: "v3 group-and-source query, 8 sources",
                       bytes: FrameRepr.conforming(.queryV3(QueryV3Repr(group: IPv4Address(232, 2, 3, 2), sources: sources(8))), from: router).bytes),
        ]
        for records in [1, 8, 32] {
            for sourceCount in [0, 10, 100] {
                frames.append(BenchFrame(name: "v3 report, \(records) records x \(sourceCount) sources",
                                         bytes: reportV3(records: records, sourcesPerRecord: sourceCount),
                                         typicalReport: records <= 8 && sourceCount <= 10))
            }
        }
        return frames
    }()

    /// The first hostile packet of each hostile sample capture: one per hostile class.
    public static let hostileClasses: [BenchFrame] = SampleCatalog.all.filter { $0.fileName.hasPrefix("hostile-") }.compactMap { capture in
        guard let packet = capture.packets.first(where: { $0.verdict == .hostile }) else { return nil }
        let name = String(capture.fileName.dropFirst("hostile-".count).dropLast(".pcap".count))
        return BenchFrame(name: "hostile \(name)", bytes: packet.bytes, linkType: capture.linkType)
    }

    /// A v3 report of 3 records behind each link header the decoder reads.
    public static let linkTypes: [BenchFrame] = {
        let igmp = IGMPRepr.reportV3([
            GroupRecordRepr(type: .modeIsExclude, group: IPv4Address(239, 255, 255, 250)),
            GroupRecordRepr(type: .changeToInclude, group: IPv4Address(232, 2, 3, 2), sources: sources(2)),
            GroupRecordRepr(type: .allowNewSources, group: IPv4Address(232, 2, 3, 3), sources: sources(1), auxData: [1, 2, 3, 4]),
        ])
        let ethernet = FrameRepr.conforming(igmp, from: host)
        let mac = MACAddress(rawValue: 0x02_00_00_00_00_01)
        let links: [(String, LinkRepr)] = [
            ("Ethernet", ethernet.link),
            ("802.1Q", .ethernet(to: .igmpv3Routers, from: mac, vlanTags: [VLANTag(vlanID: 100)])),
            ("QinQ", .ethernet(to: .igmpv3Routers, from: mac, vlanTags: [VLANTag(tpid: EtherType.qinq, vlanID: 20), VLANTag(vlanID: 200)])),
            ("Linux SLL", .linuxSLL(packetType: 2, source: mac)),
            ("Linux SLL2", .linuxSLL2(interfaceIndex: 2, packetType: 2, source: mac)),
            ("raw IPv4", .raw),
            ("null loopback", .null(bigEndian: false)),
        ]
        return links.map { name, link in
            var frame = ethernet
            frame.link = link
            frame.trailer = []
            return BenchFrame(name: "link \(name), v3 report 3 records", bytes: frame.bytes, linkType: link.linkType,
                              typicalReport: name == "Ethernet")
        }
    }()

    /// Every MLD message kind (RFC 2710, RFC 3810) behind Ethernet, MLDv2 reports of 1 and 8 records with 0 and 10
    /// sources each, and an MLDv2 report as raw IPv6.
    public static let mldKinds: [BenchFrame] = {
        let router = IPv6Address("fe80::1")!, host = IPv6Address("fe80::a")!, group = IPv6Address("ff15::1:2")!
        func sources6(_ n: Int) -> [IPv6Address] { (0..<n).map { IPv6Address(high: 0x2001_0db8 << 32, low: UInt64($0)) } }
        func report(_ records: Int, _ sourceCount: Int) -> MLDRepr {
            .reportV2((0..<records).map { MLDRecordRepr(type: .modeIsInclude, address: IPv6Address(high: 0xff15 << 48, low: UInt64($0)),
                                                          sources: sources6(sourceCount)) })
        }
        var frames = [
            BenchFrame(name: "MLDv1 query", bytes: MLDFrameRepr.conforming(.queryV1(), from: router).bytes),
            BenchFrame(name: "MLDv1 report", bytes: MLDFrameRepr.conforming(.reportV1(group), from: host).bytes),
            BenchFrame(name: "MLDv1 done", bytes: MLDFrameRepr.conforming(.done(group), from: host).bytes),
            BenchFrame(name: "MLDv2 general query", bytes: MLDFrameRepr.conforming(.queryV2(), from: router).bytes),
            BenchFrame(name: "MLDv2 address-and-source query, 8 sources",
                       bytes: MLDFrameRepr.conforming(.queryV2(address: group, sources: sources6(8)), from: router).bytes),
        ]
        for (records, sourceCount) in [(1, 0), (1, 10), (8, 0), (8, 10)] {
            frames.append(BenchFrame(name: "MLDv2 report, \(records) records x \(sourceCount) sources",
                                     bytes: MLDFrameRepr.conforming(report(records, sourceCount), from: host).bytes))
        }
        var raw = MLDFrameRepr.conforming(report(1, 0), from: host)
        raw.link = .raw
        frames.append(BenchFrame(name: "link raw IPv6, MLDv2 report 1 record", bytes: raw.bytes, linkType: .ipv6))
        return frames
    }()

    /// The hostile packet of each hostile MLD sample capture: one per hostile MLD class.
    public static let mldHostileClasses: [BenchFrame] = SampleCatalog.mldCaptures.compactMap { capture in
        guard let packet = capture.packets.first(where: { $0.verdict == .hostile }) else { return nil }
        return BenchFrame(name: "hostile \(capture.fileName.dropLast(".pcap".count))", bytes: packet.bytes, linkType: capture.linkType)
    }

    public static let all = messageKinds + hostileClasses + linkTypes + mldKinds + mldHostileClasses

    /// A segment in steady state for the traffic model: a querier's General Query, four hosts reporting three groups
    /// each, and one leaving and joining again. Every host and membership exists after the first round.
    public static let trafficRound: [[UInt8]] = {
        var frames = [FrameRepr.conforming(.queryV3(QueryV3Repr()), from: router).bytes]
        for h in 0..<4 {
            let host = IPv4Address(192, 168, 1, UInt8(20 + h))
            let records = (0..<3).map { GroupRecordRepr(type: .modeIsExclude, group: IPv4Address(239, 1, 1, UInt8(h * 3 + $0))) }
            frames.append(FrameRepr.conforming(.reportV3(records), from: host).bytes)
        }
        frames.append(FrameRepr.conforming(.leave(IPv4Address(239, 1, 1, 0)), from: IPv4Address(192, 168, 1, 20)).bytes)
        frames.append(FrameRepr.conforming(.reportV2(IPv4Address(239, 1, 1, 0)), from: IPv4Address(192, 168, 1, 20)).bytes)
        return frames
    }()

    /// The same segment in MLD: a querier's MLDv2 General Query, four hosts reporting three addresses each in MLDv2,
    /// and one sending Done and an MLDv1 report again.
    public static let mldTrafficRound: [[UInt8]] = {
        let querier = IPv6Address(0xfe80, 0, 0, 0, 0, 0, 0, 1)
        func group(_ n: Int) -> IPv6Address { IPv6Address(0xff15, 0, 0, 0, 0, 0, 1, UInt16(n)) }
        func host(_ n: Int) -> IPv6Address { IPv6Address(0xfe80, 0, 0, 0, 0, 0, 0x100, UInt16(n)) }
        var frames = [MLDFrameRepr.conforming(.queryV2(), from: querier).bytes]
        for h in 0..<4 {
            let records = (0..<3).map { MLDRecordRepr(type: .modeIsExclude, address: group(h * 3 + $0)) }
            frames.append(MLDFrameRepr.conforming(.reportV2(records), from: host(h)).bytes)
        }
        frames.append(MLDFrameRepr.conforming(.done(group(0)), from: host(0)).bytes)
        frames.append(MLDFrameRepr.conforming(.reportV1(group(0)), from: host(0)).bytes)
        return frames
    }()
}

/// Decode + validate one frame into a buffer emptied first, as `igmpguard scan` and `live` do with the one buffer
/// they keep for a whole capture; returns the verdict so the work cannot be optimised away.
@inline(never)
public func inspect(_ frame: RawSpan, linkType: LinkType, into findings: inout FindingBuffer) -> Verdict? {
    findings.removeAll()
    return Validator.validate(frame: frame, linkType: linkType, into: &findings).verdict
}

/// The same with a new `FindingBuffer` per frame, as the shortest use of the API reads: the buffer's 1 KiB of
/// finding slots are initialised each time.
@inline(never)
public func inspectWithNewBuffer(_ frame: RawSpan, linkType: LinkType) -> Verdict? {
    var findings = FindingBuffer()
    return Validator.validate(frame: frame, linkType: linkType, into: &findings).verdict
}

/// The touch-every-byte baseline: the frame's bytes summed as 64-bit words (and the tail bytes), the least any
/// validator that reads the whole frame must do. The core's cost is read as a ratio to it.
@inline(never)
public func touchEveryByte(_ frame: RawSpan) -> UInt64 {
    var sum: UInt64 = 0
    let count = frame.byteCount
    var offset = 0
    while offset + 8 <= count {
        sum &+= frame.unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt64.self)
        offset += 8
    }
    while offset < count {
        sum &+= UInt64(frame.unsafeLoad(fromUncheckedByteOffset: offset, as: UInt8.self))
        offset += 1
    }
    return sum
}

