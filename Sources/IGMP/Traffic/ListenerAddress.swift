/// An address of one protocol family as its traffic tables hold it: IPv4 for IGMP, IPv6 for MLD. Each family keeps
/// tables of its own, keyed on its own addresses, so IGMP's entries stay as small as IPv4 addresses make them.
protocol ListenerAddress: Hashable, Comparable {
    /// The family's rules that judge traffic, and what tells its versions apart.
    static var rules: TrafficRules { get }
    /// The address folded to 64 bits for the tables' hashes.
    var folded: UInt64 { get }
    /// 0.0.0.0 or `::`: a snooping switch's IGMP queries, a report from a host that has no address yet.
    var isUnspecified: Bool { get }
    /// 224/4 or ff00::/8: only a multicast group holds state in a router.
    var isMulticast: Bool { get }
    /// The address for summaries.
    var ipAddress: IPAddress { get }
    /// The takeover of the querier role by `source` from `previous`.
    static func takeover(at offset: Int, source: Self, previous: Self) -> Finding
    /// A query from `source`, which is not on the querier list.
    static func notListed(at offset: Int, source: Self) -> Finding
    /// A query of an older `version` while `querier`, which speaks the newest, is present.
    static func downgrade(at offset: Int, version: UInt8, querier: Self) -> Finding
}

/// The rules that judge traffic, for one protocol family: IGMP's, or their MLD twins (querier election RFC 3810
/// 7.6.2, version compatibility RFC 3810 8, floods and caps).
struct TrafficRules {
    /// The version whose querier an older-version query downgrades (IGMPv3, MLDv2).
    let newestVersion: UInt8
    let sourceListQueryStorm: Rule
    let queryFlood: Rule
    let reportFlood: Rule
    let leaveFlood: Rule
    let hostGroupCap: Rule
    let hostSourceCap: Rule
}

extension IPv4Address: ListenerAddress {
    static let rules = TrafficRules(newestVersion: 3, sourceListQueryStorm: .sourceListQueryStorm, queryFlood: .queryFlood,
                                    reportFlood: .reportFlood, leaveFlood: .leaveFlood, hostGroupCap: .hostGroupCap,
                                    hostSourceCap: .hostSourceCap)
    var folded: UInt64 { UInt64(rawValue) }
    var isUnspecified: Bool { rawValue == 0 }
    var ipAddress: IPAddress { .v4(self) }
    // An IPv4 address fits a finding's value.
    static func takeover(at offset: Int, source: Self, previous: Self) -> Finding {
        Finding(.querierTakeover, at: offset, observed: Int(source.rawValue), limit: Int(previous.rawValue))
    }
    static func notListed(at offset: Int, source: Self) -> Finding {
        Finding(.querierNotListed, at: offset, observed: Int(source.rawValue))
    }
    static func downgrade(at offset: Int, version: UInt8, querier: Self) -> Finding {
        Finding(.versionDowngrade, at: offset, observed: Int(version), limit: Int(querier.rawValue))
    }
}

extension IPv6Address: ListenerAddress {
    static let rules = TrafficRules(newestVersion: 2, sourceListQueryStorm: .mldSourceListQueryStorm, queryFlood: .mldQueryFlood,
                                    reportFlood: .mldReportFlood, leaveFlood: .mldDoneFlood, hostGroupCap: .mldHostGroupCap,
                                    hostSourceCap: .mldHostSourceCap)
    /// Keyed per process (`IPv6AddressHash`): with 128 bits to choose from, a sender could otherwise choose
    /// thousands of addresses that fold alike.
    var folded: UInt64 { IPv6AddressHash.mixed(high: high, low: low) }
    var ipAddress: IPAddress { .v6(self) }
    // An IPv6 address takes both of a finding's values (`Finding.ipv6Address`); MLD has one older version.
    static func takeover(at offset: Int, source: Self, previous: Self) -> Finding {
        Finding(.mldQuerierTakeover, at: offset, ipv6Address: previous)
    }
    static func notListed(at offset: Int, source: Self) -> Finding {
        Finding(.mldQuerierNotListed, at: offset, ipv6Address: source)
    }
    static func downgrade(at offset: Int, version: UInt8, querier: Self) -> Finding {
        Finding(.mldVersionDowngrade, at: offset, ipv6Address: querier)
    }
}

extension Finding {
    /// A finding whose value is an IPv6 address: its high 64 bits in `observed`, its low 64 in `limit`.
    init(_ rule: Rule, at offset: Int, ipv6Address address: IPv6Address) {
        self.init(rule, at: offset, observed: Int(truncatingIfNeeded: address.high), limit: Int(truncatingIfNeeded: address.low))
    }

    /// The IPv6 address an MLD querier finding carries (`mld-querier-takeover`: the querier displaced, not the
    /// query's source, which is at the finding's offset; `mld-querier-not-listed`: the query's source;
    /// `mld-version-downgrade`: the MLDv2 querier): `observed` holds its high 64 bits, `limit` its low 64. For any
    /// other rule the two values are counts or lengths, and this is no address.
    public var ipv6Address: IPv6Address {
        IPv6Address(high: UInt64(truncatingIfNeeded: observed), low: UInt64(truncatingIfNeeded: limit))
    }
}
