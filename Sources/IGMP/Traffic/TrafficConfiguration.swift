/// The traffic model's thresholds, timers and table caps. The defaults come from the RFC 3376 timers (RFC 3810's for
/// MLD are the same) and from what real segments do (docs/rules.md gives each one's reason); `igmpguard` overrides
/// each with `--context-limit`. Every limit applies to IGMP and MLD alike, each protocol counted on its own (an
/// IGMP report and an MLD report from one machine are two hosts' reports), and each protocol has tables of its own
/// with these caps.
public struct TrafficConfiguration: Sendable, Equatable {
    /// Routers allowed to send IGMP queries (`--querier` with IPv4 addresses); nil trusts any address, and only a
    /// takeover is flagged.
    public var queriers: [IPv4Address]? = nil
    /// Routers allowed to send MLD queries (`--querier` with IPv6 addresses, link-local as MLD queriers send from);
    /// nil trusts any address, and only a takeover is flagged. Each protocol's list is its own: IPv4 addresses alone
    /// leave MLD's queriers unchecked.
    public var mldQueriers: [IPv6Address]? = nil

    /// Flood counts are kept per source in fixed windows of this length, starting at the source's first packet.
    public var floodWindow: TrafficDuration = .seconds(10)
    /// General Queries one source may send in a window. A router sends one every Query Interval (125 s), and its
    /// startup queries a quarter of that apart.
    public var queriesPerWindow = 100
    /// Membership reports (any version) one source may send in a window: twice the group cap, so a host answering a
    /// General Query with every group it may hold stays under it.
    public var reportsPerWindow = 1000
    /// Leaves one source may send in a window: a host leaving every group it may hold stays under it.
    public var leavesPerWindow = 1000
    /// Sources one source may list in its queries in a window (the MS08-001 pattern). A router
    /// sends one such query per Last Member Query Count for each block of sources a host gives up.
    public var queriedSourcesPerWindow = 1000

    /// Groups one host may hold at once (Zeek caps its own tables at 500 and raises igmp_max_groups_exceeded).
    public var groupsPerHost = 500
    /// Sources one host may hold in its filter for one group (Linux lets a socket filter 10, `igmp_max_msf`; this
    /// allows ten sockets' worth).
    public var sourcesPerGroup = 100

    /// How long a host's membership lasts without a report: the Group Membership Interval, Robustness Variable (2)
    /// times Query Interval (125 s) plus Query Response Interval (10 s) (RFC 3376 8.4).
    public var membershipTimeout: TrafficDuration = .seconds(260)
    /// How long a querier is present after its last query when the query does not say (IGMPv1 and v2, MLDv1): the
    /// Other Querier Present Interval from RFC 2236's (and RFC 2710's) defaults, 2 x 125 s + 10 s / 2.
    public var defaultOtherQuerierPresent: TrafficDuration = .seconds(255)

    /// Segments (links times VLAN tags) kept at once, for each protocol.
    public var maximumSegments = 4096
    /// Hosts (any address that sent IGMP, or MLD) kept at once, across segments, for each protocol.
    public var maximumHosts = 65_536
    /// Host-group memberships kept at once, across segments, for each protocol.
    public var maximumMemberships = 262_144
    /// Queriers remembered per segment, for each protocol.
    public var maximumQueriersPerSegment = 16

    /// The defaults.
    public init() {}

    /// The limits `--context-limit NAME=VALUE` can set, with what each one bounds: one row per limit, which the
    /// command line, `limit(_:)`, `setLimit(_:to:)` and docs/rules.md all read.
    public static let limits: [TrafficLimit] = [
        TrafficLimit("flood-window", seconds: \.floodWindow, "length of the windows the flood counts are kept in, per source"),
        TrafficLimit("queries", unit: "queries", \.queriesPerWindow, "General Queries one source may send in a window (query-flood)"),
        TrafficLimit("reports", unit: "reports", \.reportsPerWindow, "membership reports one source may send in a window (report-flood)"),
        TrafficLimit("leaves", unit: "leaves", \.leavesPerWindow, "leaves one source may send in a window (leave-flood)"),
        TrafficLimit("queried-sources", unit: "sources", \.queriedSourcesPerWindow, "sources one source may list in its queries in a window (source-list-query-storm)"),
        TrafficLimit("groups-per-host", unit: "groups", \.groupsPerHost, "groups one host may hold at once (host-group-cap)"),
        TrafficLimit("sources-per-group", unit: "sources", \.sourcesPerGroup, "sources one host's filter for a group may hold (host-source-cap)"),
        TrafficLimit("membership-timeout", seconds: \.membershipTimeout, "how long a membership lasts without a report (Group Membership Interval)"),
        TrafficLimit("querier-timeout", seconds: \.defaultOtherQuerierPresent, "how long an IGMPv1/v2 or MLDv1 querier is present after its last query (Other Querier Present Interval)"),
        TrafficLimit("segments", unit: "entries", \.maximumSegments, "segments (link and VLAN tags) kept at once, for each protocol"),
        TrafficLimit("hosts", unit: "entries", \.maximumHosts, "hosts kept at once, across segments, for each protocol"),
        TrafficLimit("memberships", unit: "entries", \.maximumMemberships, "host-group memberships kept at once, across segments, for each protocol"),
        TrafficLimit("queriers-per-segment", unit: "entries", \.maximumQueriersPerSegment, "queriers remembered per segment, for each protocol"),
    ]

    /// The names of `limits`.
    public static var limitNames: [String] { limits.map(\.name) }

    /// Sets the limit named `name` (one of `limitNames`) to `value`; false for an unknown name or a value out of range
    /// (counts and seconds from 1, caps up to 16,777,216).
    public mutating func setLimit(_ name: String, to value: Int) -> Bool {
        guard value >= 1, value <= 1 << 24, let limit = Self.limits.first(where: { $0.name == name }) else { return false }
        limit.set(&self, value)
        return true
    }

    /// The value of the limit named `name` as `setLimit` takes it; nil for an unknown name.
    public func limit(_ name: String) -> Int? {
        Self.limits.first { $0.name == name }?.get(self)
    }

    /// The configuration with every value in range: timers 1 ms ... a year, caps 1 ... 16,777,216, thresholds 0 or
    /// more (the model's arithmetic cannot overflow on any of them).
    var clamped: TrafficConfiguration {
        func timer(_ d: TrafficDuration) -> TrafficDuration {
            TrafficDuration(nanoseconds: min(max(d.nanoseconds, 1_000_000), 366 * 86_400 * 1_000_000_000))
        }
        func cap(_ n: Int) -> Int { min(max(n, 1), 1 << 24) }
        var c = self
        c.floodWindow = timer(floodWindow)
        c.membershipTimeout = timer(membershipTimeout)
        c.defaultOtherQuerierPresent = timer(defaultOtherQuerierPresent)
        c.queriesPerWindow = max(0, queriesPerWindow)
        c.reportsPerWindow = max(0, reportsPerWindow)
        c.leavesPerWindow = max(0, leavesPerWindow)
        c.queriedSourcesPerWindow = max(0, queriedSourcesPerWindow)
        c.groupsPerHost = max(0, groupsPerHost)
        c.sourcesPerGroup = max(0, sourcesPerGroup)
        c.maximumSegments = cap(maximumSegments)
        c.maximumHosts = cap(maximumHosts)
        c.maximumMemberships = cap(maximumMemberships)
        c.maximumQueriersPerSegment = cap(maximumQueriersPerSegment)
        return c
    }

    /// The limits as a Markdown table with their defaults (part of docs/rules.md).
    public static var limitsMarkdown: String {
        let defaults = TrafficConfiguration()
        var s = "| limit | default | unit | what it bounds |\n|---|---|---|---|\n"
        for limit in limits { s += "| `\(limit.name)` | \(defaults.limit(limit.name)!) | \(limit.unit) | \(limit.summary) |\n" }
        return s
    }
}

/// One threshold, timer or cap of the traffic model, as `--context-limit` names it.
public struct TrafficLimit: Sendable {
    /// The name `--context-limit NAME=VALUE` takes.
    public let name: String
    /// What its value counts: `seconds`, `queries`, `entries` and so on.
    public let unit: String
    /// What it bounds.
    public let summary: String
    let get: @Sendable (TrafficConfiguration) -> Int
    let set: @Sendable (inout TrafficConfiguration, Int) -> Void

    /// A count or a cap.
    init(_ name: String, unit: String, _ field: WritableKeyPath<TrafficConfiguration, Int> & Sendable, _ summary: String) {
        self.name = name
        self.unit = unit
        self.summary = summary
        get = { $0[keyPath: field] }
        set = { $0[keyPath: field] = $1 }
    }

    /// A timer, set and read in whole seconds.
    init(_ name: String, seconds field: WritableKeyPath<TrafficConfiguration, TrafficDuration> & Sendable, _ summary: String) {
        self.name = name
        unit = "seconds"
        self.summary = summary
        get = { Int($0[keyPath: field].nanoseconds / 1_000_000_000) }
        set = { $0[keyPath: field] = .seconds($1) }
    }
}
