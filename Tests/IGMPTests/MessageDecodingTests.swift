import IGMP
import Testing

@Suite struct MessageDecodingTests {
    func decodeKind(_ igmp: IGMPRepr) throws -> MessageKind {
        let bytes = FrameRepr.conforming(igmp, from: router).bytes
        return try FrameDecoder.decode(bytes.span.bytes, linkType: .ethernet).igmp.kind
    }

    /// RFC 3376 7.1: the query version is told by length and Max Resp Code, nothing else.
    @Test func queryVersionsPerRFC3376Section7_1() throws {
        #expect(try decodeKind(.queryV1()) == .queryV1)
        #expect(try decodeKind(.queryV2()) == .queryV2)
        #expect(try decodeKind(.queryV2(maxRespCode: 10, group: group)) == .queryV2)
        for extra in 1...3 {
            #expect(try decodeKind(IGMPRepr(.fixed(type: .membershipQuery, maxRespCode: 100, group: .any),
                                            additionalData: Array(repeating: 0, count: extra))) == .queryInvalidLength)
        }
        // 12 bytes of a "v2 query" are a v3 query: length decides.
        #expect(try decodeKind(IGMPRepr(.fixed(type: .membershipQuery, maxRespCode: 100, group: .any), additionalData: [0, 0, 0, 0])) == .queryV3)
        #expect(try decodeKind(.queryV3(QueryV3Repr())) == .queryV3)
    }

    @Test func otherTypesAreNamedNotRejected() throws {
        let named: [(UInt8, String)] = [(0x13, "dvmrp"), (0x14, "pim-v1"), (0x1e, "mtrace-response"), (0x1f, "mtrace-request"),
                                        (0x30, "mrd-advertisement"), (0x31, "mrd-solicitation"), (0x32, "mrd-termination"),
                                        (0xff, "rgmp-hello"), (0x42, "unknown-0x42")]
        for (type, name) in named {
            let kind = try decodeKind(IGMPRepr(.fixed(type: IGMPType(rawValue: type), maxRespCode: 0, group: group)))
            #expect(kind.name == name)
        }
    }

    @Test func v3QueryFields() throws {
        let q = QueryV3Repr(maxRespCode: 0x8a, group: group, flags: 0, suppressRouterSideProcessing: true,
                            robustness: 7, qqic: 0x90, sources: [IPv4Address(10, 0, 0, 1), IPv4Address(10, 0, 0, 2)])
        let bytes = FrameRepr.conforming(.queryV3(q), from: router).bytes
        let decoded = try FrameDecoder.decode(bytes.span.bytes, linkType: .ethernet)
        guard let view = decoded.igmp.queryV3 else { Issue.record("not a v3 query"); return }
        #expect(view.maxResponseTime.deciseconds == (0x1a << 3))
        #expect(view.suppressRouterSideProcessing == true)
        #expect(view.robustness == 7)
        #expect(view.querierQueryInterval == 0x10 << 4)
        #expect(view.numberOfSources == 2)
        #expect(view.sources.array == q.sources)
        #expect(view.sources.frameOffset == 14 + 24 + 12)
        #expect(view.additionalData.byteCount == 0)
        #expect(decoded.igmp.isChecksumValid == true)
    }

    /// RFC 3376 4.2.6: Aux Data Len counts 32-bit words; the next record starts after them.
    @Test func auxDataIsSkippedAsWords() throws {
        let records = [
            GroupRecordRepr(type: .modeIsInclude, group: group, sources: [host], auxData: [1, 2, 3, 4, 5, 6, 7, 8]),
            GroupRecordRepr(type: .allowNewSources, group: IPv4Address(232, 1, 1, 1), sources: [router]),
        ]
        let bytes = FrameRepr.conforming(.reportV3(records), from: host).bytes
        let decoded = try FrameDecoder.decode(bytes.span.bytes, linkType: .ethernet)
        guard let report = decoded.igmp.reportV3 else { Issue.record("not a v3 report"); return }
        var it = report.records
        guard let first = try it.next() else { Issue.record("no first record"); return }
        #expect(first.auxDataLength == 2)
        #expect(first.auxData.byteCount == 8)
        #expect(first.length == 8 + 4 + 8)
        guard let second = try it.next() else { Issue.record("no second record"); return }
        #expect(second.type == GroupRecordType.allowNewSources)
        #expect(second.group == IPv4Address(232, 1, 1, 1))
        #expect(second.sources[0] == router)
        #expect(try it.next() == nil ? true : false)
        #expect(judge(bytes).verdict == .clean)
        #expect(decoded.igmp.summary() == "igmp v3 report, 2 group record(s) [gaddr 239.1.2.3 is_in { 192.168.1.10 } aux 8] [gaddr 232.1.1.1 allow { 192.168.1.1 }]")
    }

    /// tcpdump's words for every timer form: tenths below a minute, `1h2m3s` above, raw v2 codes; and the byte
    /// form appends to what is already there.
    @Test func summaryTimersAndByteForm() throws {
        func line(_ igmp: IGMPRepr, _ detail: SummaryDetail = .full) -> String {
            summary(FrameRepr.conforming(igmp, from: router).bytes, detail)
        }
        #expect(line(.queryV3(QueryV3Repr(maxRespCode: 100))) == "igmp query v3")
        #expect(line(.queryV3(QueryV3Repr(maxRespCode: 25))) == "igmp query v3 [max resp time 2.5s]")
        // 0xff: (0xf | 0x10) << (7 + 3) = 31744 tenths = 3174 s.
        #expect(line(.queryV3(QueryV3Repr(maxRespCode: 0xff))) == "igmp query v3 [max resp time 52m54s]")
        #expect(line(.queryV3(QueryV3Repr(maxRespCode: 0, group: group, sources: [host, router])))
                == "igmp query v3 [max resp time 0.0s] [gaddr 239.1.2.3 { 192.168.1.10 192.168.1.1 }]")
        #expect(line(.queryV3(QueryV3Repr(group: group, sources: [host, router])), .brief)
                == "igmp query v3 [gaddr 239.1.2.3, 2 source(s)]")
        #expect(line(.queryV2(maxRespCode: 250, group: group)) == "igmp query v2 [max resp time 250] [gaddr 239.1.2.3]")
        #expect(line(.reportV3([GroupRecordRepr(type: GroupRecordType(rawValue: 9), group: group, sources: [])]))
                == "igmp v3 report, 1 group record(s) [gaddr 239.1.2.3 type_9 { }]")
        let frame = FrameRepr.conforming(.leave(group), from: host).bytes
        let decoded = try FrameDecoder.decode(frame.span.bytes, linkType: .ethernet)
        var out = Array("> ".utf8)
        decoded.igmp.appendSummary(.brief, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "> igmp leave 239.1.2.3")
        #expect(decoded.igmp.summary() == "igmp leave 239.1.2.3")
    }

    @Test func lyingCountsEndIterationWithAPreciseError() throws {
        var rec = GroupRecordRepr(type: .modeIsExclude, group: group, sources: [host])
        rec.numberOfSourcesOverride = 1000
        let bytes = FrameRepr.conforming(.reportV3([rec]), from: host).bytes
        let decoded = try FrameDecoder.decode(bytes.span.bytes, linkType: .ethernet)
        var it = decoded.igmp.reportV3!.records
        do {
            _ = try it.next()
            Issue.record("a record with 1000 sources in 12 bytes was handed out")
        } catch {
            #expect(error.reason == .sourceCountOverflow)
            #expect(error.offset == 14 + 24 + 8 + 2)
        }
        #expect(try it.next() == nil ? true : false)
    }

    /// PcapPlusPlus's truncated report: the record header is cut, so no record may be handed out.
    @Test func cutRecordHeaderIsNotHandedOut() throws {
        let igmp: [UInt8] = [0x22, 0, 0, 0, 0, 0, 0, 1, 0x01, 0x00, 0x00, 0x00]
        let ip = IPv4Repr(source: host, destination: .igmpv3Routers, options: [])
        var bytes: [UInt8] = []
        ip.emit(payloadLength: igmp.count, into: &bytes)
        bytes += igmp
        let decoded = try FrameDecoder.decode(bytes.span.bytes, linkType: .raw)
        var it = decoded.igmp.reportV3!.records
        #expect(throws: DecodeError.self) { _ = try it.next() }
    }

    @Test func sourceListNeverIndexesPastTheBytes() throws {
        var q = QueryV3Repr(group: group, sources: [host])
        q.numberOfSourcesOverride = 100
        let bytes = FrameRepr.conforming(.queryV3(q), from: router).bytes
        let decoded = try FrameDecoder.decode(bytes.span.bytes, linkType: .ethernet)
        let view = decoded.igmp.queryV3!
        #expect(view.numberOfSources == 100)
        #expect(view.sources.declaredCount == 100)
        // Ethernet padding follows the datagram but is not part of the message, so only the real source counts.
        #expect(view.sources.count == 1)
        #expect(view.sources.isComplete == false)
        #expect(view.sourcesFit == false)
    }
}
