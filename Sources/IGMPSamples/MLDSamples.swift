import IGMP

/// The MLD sample captures: every message kind a healthy IPv6 link sends, and one capture per MLD rule, each
/// with the conforming twin of its packet.
extension SampleCatalog {
    public static var mldCaptures: [SampleCapture] { [mldBenign] + mldRuleCaptures }

    /// Addresses and frames of the MLD samples (RFC 3849's documentation prefix for anything not link-local).
    enum Net6 {
        static let querier = IPv6Address("fe80::1")!
        static let hostA = IPv6Address("fe80::a")!
        static let hostB = IPv6Address("fe80::b")!
        static let global = IPv6Address("2001:db8::66")!
        static let groupA = IPv6Address("ff15::1:1")!
        static let ssmGroup = IPv6Address("ff35::1:2")!
        static let sources = [IPv6Address("2001:db8::1")!, IPv6Address("2001:db8::2")!, IPv6Address("2001:db8::3")!]

        /// A conforming Ethernet frame for `mld` (Hop Limit 1, Hop-by-Hop Router Alert), edited by `edit`.
        static func frame(_ mld: MLDRepr, from source: IPv6Address, edit: (inout MLDFrameRepr) -> Void = { _ in }) -> [UInt8] {
            var f = MLDFrameRepr.conforming(mld, from: source, mac: source == querier ? Net.querierMAC : Net.hostMAC)
            edit(&f)
            return f.bytes
        }

        /// A UDP datagram over IPv6 (no extension header): background that is not MLD.
        static func udp(from source: IPv6Address, to destination: IPv6Address, payload: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            LinkRepr.ethernet(destination: MACAddress(rawValue: 0x02_00_5e_10_00_fe), source: Net.hostMAC, vlanTags: [])
                .emit(into: &bytes, network: EtherType.ipv6)
            IPv6Repr(hopLimit: 64, source: source, destination: destination, extensionHeaders: [])
                .emit(upperLayerLength: 8 + payload, upperLayer: 17, into: &bytes)
            let length = 8 + payload
            bytes += [0x13, 0x88, 0x13, 0x88, UInt8(length >> 8), UInt8(truncatingIfNeeded: length), 0, 0]
            bytes += [UInt8](repeating: 0x5a, count: payload)
            return bytes
        }

        /// An ICMPv6 Neighbor Solicitation (type 135): IPv6 background that is not MLD.
        static func neighborSolicitation() -> [UInt8] {
            var f = MLDFrameRepr.conforming(.other(type: 135, body: [0, 0, 0, 0] + IPv6Address("fe80::1")!.bytes), from: hostA)
            f.ip.extensionHeaders = []
            f.ip.hopLimit = 255
            f.ip.destination = IPv6Address("ff02::1:ff00:1")!
            return f.bytes
        }
    }

    static var mldBenign: SampleCapture {
        typealias N = Net6
        let records = [
            MLDRecordRepr(type: .modeIsInclude, address: N.ssmGroup, sources: [N.sources[0]]),
            MLDRecordRepr(type: .modeIsExclude, address: N.groupA),
            MLDRecordRepr(type: .changeToInclude, address: N.groupA, sources: [N.sources[1], N.sources[2]]),
            MLDRecordRepr(type: .changeToExclude, address: IPv6Address("ff15::2:2")!),
            MLDRecordRepr(type: .allowNewSources, address: N.ssmGroup, sources: [N.sources[1]], auxData: [0xde, 0xad, 0xbe, 0xef]),
            MLDRecordRepr(type: .blockOldSources, address: N.ssmGroup, sources: [N.sources[2]]),
        ]
        func p(_ bytes: [UInt8], _ note: String) -> SamplePacket { SamplePacket(bytes, isMLD: true, note: note) }
        return capture("mld-benign.pcap", "Every MLD message kind a healthy IPv6 link sends, plus IPv6 background. All clean.", [
            p(N.frame(.queryV1(), from: N.querier), "MLDv1 General Query (10 s)"),
            p(N.frame(.reportV1(N.groupA), from: N.hostA), "MLDv1 report"),
            p(N.frame(.done(N.groupA), from: N.hostA), "MLDv1 Done to ff02::2"),
            p(N.frame(.queryV2(), from: N.querier), "MLDv2 General Query"),
            p(N.frame(.queryV2(address: N.groupA, maximumResponseCode: 1000), from: N.querier), "MLDv2 multicast-address-specific query"),
            p(N.frame(.queryV2(address: N.ssmGroup, maximumResponseCode: 0x8a00, sources: N.sources, robustness: 3, qqic: 0x90),
                      from: N.querier), "MLDv2 address-and-source query, exponential Maximum Response Code and QQIC"),
            p(N.frame(.reportV2(records), from: N.hostA), "MLDv2 report, all six record types, aux data"),
            p(N.frame(.reportV2([MLDRecordRepr(type: .changeToExclude, address: N.groupA)]), from: .unspecified),
              "MLDv2 report from :: (RFC 3810 5.2.13)"),
            p(N.frame(.reportV2([MLDRecordRepr(type: .modeIsExclude, address: N.groupA)]), from: N.hostB) { f in
                f.ip.extensionHeaders = [.hopByHop(options: [0, 0, 5, 2, 0, 0])]
            }, "MLDv2 report, Router Alert between Pad1 options"),
            SamplePacket(N.neighborSolicitation(), isJudged: false, note: "ICMPv6 Neighbor Solicitation: not MLD, never reported"),
        ])
    }

    /// One capture per MLD rule: the packet that fires it, then its conforming twin.
    static var mldRuleCaptures: [SampleCapture] {
        typealias N = Net6
        let report = MLDRepr.reportV2([MLDRecordRepr(type: .modeIsExclude, address: N.groupA, sources: [N.sources[0]])])
        let query = MLDRepr.queryV2(address: N.groupA, sources: [N.sources[0]])
        let many = (1...76).map { IPv6Address(high: 0x2001_0db8 << 32, low: UInt64($0)) }
        typealias Case = (rule: Rule, bytes: [UInt8], twin: [UInt8], note: String)
        let cases: [Case] = [
            (.mldExtensionHeaderMalformed, N.frame(report, from: N.hostA) { f in f.ip.extensionHeaders = [.raw(value: 0, bytes: [9, 5, 2, 0, 0, 1, 0])] },
             N.frame(report, from: N.hostA), "Hop-by-Hop header claims 80 bytes, MLD's Router Alert inside"),
            (.fragmentedMLD, N.frame(report, from: N.hostA) { f in
                f.ip.extensionHeaders = [.mldHopByHop, .fragment(offset: 0, moreFragments: true, identification: 0x1234)]
            }, N.frame(report, from: N.hostA), "MLDv2 report in a first fragment"),
            (.ipv6LengthInconsistent, N.frame(report, from: N.hostA) { f in f.ip.payloadLengthOverride = 400 },
             N.frame(report, from: N.hostA), "Payload Length 400 on a 64-byte payload"),
            (.mldTooShort, N.frame(.other(type: MLDKind.reportV1Type, body: [0, 0, 0, 0]), from: N.hostA) { f in f.ip.destination = N.groupA },
             N.frame(.reportV1(N.groupA), from: N.hostA), "MLDv1 report of 8 bytes"),
            (.mldQuerySourceCountOverflow, N.frame(.queryV2(address: N.groupA, sources: [N.sources[0]], numberOfSourcesOverride: 40), from: N.querier),
             N.frame(query, from: N.querier), "Number of Sources 40, one present"),
            (.mldReportRecordCountOverflow, N.frame(.reportV2(records: [MLDRecordRepr(type: .modeIsExclude, address: N.groupA)],
                                                              numberOfRecordsOverride: 9), from: N.hostA),
             N.frame(report, from: N.hostA), "9 records claimed, one present"),
            (.mldRecordSourceCountOverflow, N.frame(.reportV2([MLDRecordRepr(type: .modeIsInclude, address: N.groupA, sources: [N.sources[0]],
                                                                             numberOfSourcesOverride: 500)]), from: N.hostA),
             N.frame(report, from: N.hostA), "record claims 500 sources, one present"),
            (.mldRecordAuxDataOverflow, N.frame(.reportV2([MLDRecordRepr(type: .modeIsInclude, address: N.groupA, sources: [N.sources[0]],
                                                                         auxDataLengthOverride: 200)]), from: N.hostA),
             N.frame(report, from: N.hostA), "Aux Data Len 200 words, none present"),
            (.mldChecksumInvalid, N.frame(report, from: N.hostA) { f in f.checksumOverride = 0xbeef },
             N.frame(report, from: N.hostA), "ICMPv6 checksum 0xbeef"),
            (.mldQueryLengthInvalid, N.frame(.other(type: MLDKind.queryType, body: [0x27, 0x10, 0, 0] + N.groupA.bytes + [2, 125]), from: N.querier) { f in
                f.ip.destination = N.groupA
            }, N.frame(.queryV1(address: N.groupA), from: N.querier), "query of 26 bytes"),
            (.mldGeneralQueryWithSources, N.frame(.queryV2(sources: [N.sources[0]]), from: N.querier),
             N.frame(.queryV2(), from: N.querier), "General Query listing a source"),
            (.mldGeneralQueryDestination, N.frame(.queryV2(), from: N.querier) { f in f.ip.destination = N.groupA },
             N.frame(.queryV2(), from: N.querier), "General Query sent to ff15::1:1"),
            (.mldReportDestination, N.frame(report, from: N.hostA) { f in f.ip.destination = .allNodes },
             N.frame(report, from: N.hostA), "MLDv2 report sent to ff02::1"),
            (.mldGroupNotMulticast, N.frame(.reportV1(N.hostB), from: N.hostA) { f in f.ip.destination = N.groupA },
             N.frame(.reportV1(N.groupA), from: N.hostA), "MLDv1 report of fe80::b"),
            (.mldMaxRespCodeZero, N.frame(.queryV2(maximumResponseCode: 0), from: N.querier),
             N.frame(.queryV2(), from: N.querier), "MLDv2 query, Maximum Response Code 0"),
            (.mldUnknownRecordType, N.frame(.reportV2([MLDRecordRepr(type: GroupRecordType(rawValue: 7), address: N.groupA)]), from: N.hostA),
             N.frame(report, from: N.hostA), "record type 7"),
            (.mldSourceCountExceedsMTU, N.frame(.queryV2(address: N.ssmGroup, sources: many), from: N.querier),
             N.frame(.queryV2(address: N.ssmGroup, sources: Array(many.prefix(75))), from: N.querier), "76 sources (75 fit 1280 bytes)"),
            (.mldDuplicateSources, N.frame(.queryV2(address: N.ssmGroup, sources: [N.sources[0], N.sources[1], N.sources[0]]), from: N.querier),
             N.frame(.queryV2(address: N.ssmGroup, sources: N.sources), from: N.querier), "a source listed twice"),
            (.mldHopLimitNotOne, N.frame(report, from: N.hostA) { f in f.ip.hopLimit = 255 },
             N.frame(report, from: N.hostA), "Hop Limit 255"),
            (.mldSourceNotLinkLocal, N.frame(.queryV2(), from: N.global),
             N.frame(.queryV2(), from: N.querier), "General Query from 2001:db8::66"),
            (.mldRouterAlertMissing, N.frame(report, from: N.hostA) { f in f.ip.extensionHeaders = [] },
             N.frame(report, from: N.hostA), "MLDv2 report without a Hop-by-Hop header"),
            (.mldReservedBitsSet, N.frame(report, from: N.hostA) { f in f.code = 3 },
             N.frame(report, from: N.hostA), "ICMPv6 Code 3"),
        ]
        return cases.map { c in
            let verdict = Verdict(worst: c.rule.severity)
            return capture("\(c.rule.id.contains("mld") ? c.rule.id : "mld-" + c.rule.id).pcap",
                           "`\(c.rule.id)` (\(c.rule.severity)): \(c.note), then its conforming twin.", [
                SamplePacket(c.bytes, verdict: verdict, rules: [c.rule], isMLD: true, note: c.note),
                SamplePacket(c.twin, isMLD: true, note: "the conforming twin"),
            ])
        }
    }
}
