/// What the traffic model knows at a moment: per segment, the queriers heard and the groups hosts hold; like a
/// router's `show ip igmp interface` and `show ip igmp groups`.
public struct TrafficSummary: Sendable {
    /// Segments in order of link, then VLAN ids (untagged first).
    public var segments: [SegmentSummary]
    /// Entries the tables dropped to make room.
    public var evictions: TrafficEvictions
}

/// One segment's queriers and groups.
public struct SegmentSummary: Sendable {
    /// The link and VLAN tags.
    public var segment: SegmentKey
    /// Every querier heard (up to the configured cap), in the order first heard.
    public var queriers: [QuerierSummary]
    /// Hosts holding at least one group.
    public var hosts: Int
    /// Groups held, by address, with how many hosts hold each (empty unless asked for).
    public var groups: [GroupSummary]
    /// Groups held by at least one host.
    public var groupCount: Int
}

/// One querier heard on a segment.
public struct QuerierSummary: Sendable {
    /// Its address (0.0.0.0 for a snooping switch's queries).
    public var address: IPv4Address
    /// The IGMP versions of its queries, ascending.
    public var versions: [Int]
    /// Queries heard from it.
    public var queries: Int
    /// Its first and last query.
    public var firstSeen: TrafficTime
    /// Its last query.
    public var lastSeen: TrafficTime
    /// Whether it is the elected querier and still present at the model's clock.
    public var isQuerier: Bool
}

/// A group and how many hosts on a segment hold it.
public struct GroupSummary: Sendable, Hashable {
    /// The group address.
    public var group: IPv4Address
    /// Hosts holding it.
    public var hosts: Int
}

extension TrafficModel {
    /// The segments as the model holds them now. With `groups`, each segment lists its groups and their host counts.
    /// (Allocates: for summaries, not for every packet.)
    public func summary(groups: Bool = false) -> TrafficSummary {
        var bySegment: [UInt64: SegmentSummary] = [:]
        segments.forEachOldestFirst { key, state in
            let queriers = state.queriers.enumerated().map { i, q in
                QuerierSummary(address: IPv4Address(rawValue: q.address),
                               versions: (1...3).filter { q.versions & (1 << $0) != 0 }, queries: q.queries,
                               firstSeen: TrafficTime(nanoseconds: q.firstSeen), lastSeen: TrafficTime(nanoseconds: q.lastSeen),
                               isQuerier: state.current == i && q.presentUntil >= clock)
            }
            bySegment[key.packed] = SegmentSummary(segment: SegmentKey(packed: key.packed), queriers: queriers, hosts: 0,
                                                   groups: [], groupCount: 0)
        }
        var hostsHolding: [UInt64: Set<UInt32>] = [:]
        var groupHosts: [UInt64: [UInt32: Int]] = [:]
        memberships.forEachOldestFirst { key, state in
            guard TrafficClock.elapsed(from: state.lastSeen, to: clock) <= membershipTimeout else { return }
            hostsHolding[key.segment, default: []].insert(key.host)
            groupHosts[key.segment, default: [:]][key.group, default: 0] += 1
        }
        for (segment, holders) in hostsHolding {
            var s = bySegment[segment] ?? SegmentSummary(segment: SegmentKey(packed: segment), queriers: [], hosts: 0,
                                                         groups: [], groupCount: 0)
            s.hosts = holders.count
            let held = groupHosts[segment] ?? [:]
            s.groupCount = held.count
            if groups {
                s.groups = held.map { GroupSummary(group: IPv4Address(rawValue: $0.key), hosts: $0.value) }
                    .sorted { $0.group.rawValue < $1.group.rawValue }
            }
            bySegment[segment] = s
        }
        let ordered = bySegment.values.sorted { a, b in
            a.segment.link != b.segment.link ? a.segment.link < b.segment.link
                : a.segment.vlans.lexicographicallyPrecedes(b.segment.vlans)
        }
        return TrafficSummary(segments: ordered, evictions: evictions)
    }
}
