/// The rules that judge traffic, for one protocol family: IGMP's, or their MLD twins (querier election RFC 3810
/// 7.6.2, version compatibility RFC 3810 8, floods and caps). The traffic model runs one logic for both and names its
/// findings from here.
struct TrafficRules {
    let family: ProtocolFamily
    /// Or-ed into the segment key of this family's table entries: IGMP and MLD keep apart their queriers (each
    /// protocol elects its own), hosts and memberships on one segment. A bit `SegmentKey.packed` leaves 0.
    let segmentBit: UInt64
    /// The version whose querier an older-version query downgrades (IGMPv3, MLDv2).
    let newestVersion: UInt8
    let querierTakeover: Rule
    let querierNotListed: Rule
    let versionDowngrade: Rule
    let sourceListQueryStorm: Rule
    let queryFlood: Rule
    let reportFlood: Rule
    let leaveFlood: Rule
    let hostGroupCap: Rule
    let hostSourceCap: Rule

    static let igmp = TrafficRules(
        family: .igmp, segmentBit: 0, newestVersion: 3, querierTakeover: .querierTakeover,
        querierNotListed: .querierNotListed, versionDowngrade: .versionDowngrade,
        sourceListQueryStorm: .sourceListQueryStorm, queryFlood: .queryFlood, reportFlood: .reportFlood,
        leaveFlood: .leaveFlood, hostGroupCap: .hostGroupCap, hostSourceCap: .hostSourceCap)

    static let mld = TrafficRules(
        family: .mld, segmentBit: SegmentKey.familyBit, newestVersion: 2, querierTakeover: .mldQuerierTakeover,
        querierNotListed: .mldQuerierNotListed, versionDowngrade: .mldVersionDowngrade,
        sourceListQueryStorm: .mldSourceListQueryStorm, queryFlood: .mldQueryFlood, reportFlood: .mldReportFlood,
        leaveFlood: .mldDoneFlood, hostGroupCap: .mldHostGroupCap, hostSourceCap: .mldHostSourceCap)

    /// Whether a group holds state in a router: multicast (224/4, ff00::/8). Others were flagged alone.
    func isMulticast(_ group: TrafficAddress) -> Bool {
        switch family {
        case .igmp: group.high == 0 && group.low >> 28 == 0xe
        case .mld: group.high >> 56 == 0xff
        }
    }

    // An IPv4 address fits a finding's value; an IPv6 one takes both of its values, high and low 64 bits
    // (`Finding.ipv6Address`).

    /// The takeover by the query's `source` from `previous`.
    func takeover(at offset: Int, source: TrafficAddress, previous: TrafficAddress) -> Finding {
        switch family {
        case .igmp: Finding(querierTakeover, at: offset, observed: Int(source.low), limit: Int(previous.low))
        case .mld: Finding(querierTakeover, at: offset, ipv6Address: previous)
        }
    }

    /// A query from `source`, not on the list.
    func notListed(at offset: Int, source: TrafficAddress) -> Finding {
        switch family {
        case .igmp: Finding(querierNotListed, at: offset, observed: Int(source.low))
        case .mld: Finding(querierNotListed, at: offset, ipv6Address: source)
        }
    }

    /// A `version` query while `querier`, which speaks the newest version, is present.
    func downgrade(at offset: Int, version: UInt8, querier: TrafficAddress) -> Finding {
        switch family {
        case .igmp: Finding(versionDowngrade, at: offset, observed: Int(version), limit: Int(querier.low))
        // MLD has one older version.
        case .mld: Finding(versionDowngrade, at: offset, ipv6Address: querier)
        }
    }
}

extension Finding {
    /// A finding whose value is an IPv6 address: its high 64 bits in `observed`, its low 64 in `limit`.
    init(_ rule: Rule, at offset: Int, ipv6Address address: TrafficAddress) {
        self.init(rule, at: offset, observed: Int(bitPattern: UInt(address.high)), limit: Int(bitPattern: UInt(address.low)))
    }

    /// The IPv6 address an MLD querier finding carries (`mld-querier-takeover`: the querier displaced;
    /// `mld-querier-not-listed`: the query's source; `mld-version-downgrade`: the MLDv2 querier): `observed` holds
    /// its high 64 bits, `limit` its low 64.
    public var ipv6Address: IPv6Address {
        IPv6Address(high: UInt64(UInt(bitPattern: observed)), low: UInt64(UInt(bitPattern: limit)))
    }
}
