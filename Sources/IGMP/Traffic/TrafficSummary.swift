/// What the traffic model knows at a moment: per segment and protocol, the queriers heard and the groups hosts hold;
/// like a router's `show ip igmp interface` and `show ip igmp groups` (`show ipv6 mld ...` for MLD).
public struct TrafficSummary: Sendable {
    /// Segments in order of link, then VLAN ids (untagged first), then protocol (IGMP first): a segment that carried
    /// both IGMP and MLD appears twice, once for each.
    public var segments: [SegmentSummary]
    /// Entries the tables dropped to make room.
    public var evictions: TrafficEvictions
}

/// One segment's queriers and groups, for one protocol.
public struct SegmentSummary: Sendable {
    /// The link and VLAN tags.
    public var segment: SegmentKey
    /// IGMP or MLD: each protocol elects its own querier and has its own groups.
    public var family: ProtocolFamily
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
    /// Its address (0.0.0.0 for a snooping switch's IGMP queries; link-local for MLD).
    public var address: IPAddress
    /// The versions of its queries (IGMPv1-3 or MLDv1-2, by the segment's protocol), ascending.
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
    public var group: IPAddress
    /// Hosts holding it.
    public var hosts: Int
}

extension TrafficModel {
    /// The segments as the model holds them now, per protocol. With `groups`, each segment lists its groups and
    /// their host counts. (Allocates: for summaries, not for every packet.)
    public func summary(groups: Bool = false) -> TrafficSummary {
        let parts = igmp.summary(groups: groups, family: .igmp, at: clock) + mld.summary(groups: groups, family: .mld, at: clock)
        let ordered = parts.sorted { a, b in
            if a.segment.link != b.segment.link { return a.segment.link < b.segment.link }
            if a.segment.vlans != b.segment.vlans { return a.segment.vlans.lexicographicallyPrecedes(b.segment.vlans) }
            return a.family == .igmp && b.family == .mld
        }
        return TrafficSummary(segments: ordered, evictions: evictions)
    }
}

extension FamilyTraffic {
    /// This family's segments at `now` (the model's clock, the latest of both protocols'), unordered.
    func summary(groups: Bool, family: ProtocolFamily, at now: Int64) -> [SegmentSummary] {
        func empty(_ packed: UInt64) -> SegmentSummary {
            SegmentSummary(segment: SegmentKey(packed: packed), family: family, queriers: [], hosts: 0, groups: [], groupCount: 0)
        }
        var bySegment: [UInt64: SegmentSummary] = [:]
        segments.forEachOldestFirst { key, state in
            var s = empty(key.packed)
            s.queriers = state.queriers.enumerated().map { i, q in
                QuerierSummary(address: q.address.ipAddress,
                               versions: (1...3).filter { q.versions & (1 << $0) != 0 }, queries: q.queries,
                               firstSeen: TrafficTime(nanoseconds: q.firstSeen), lastSeen: TrafficTime(nanoseconds: q.lastSeen),
                               isQuerier: state.current == i && q.presentUntil >= now)
            }
            bySegment[key.packed] = s
        }
        // The hosts holding a group are counted by sorting the live memberships' (segment, host) pairs: a set of
        // them would take several times the memory in a flood that fills the table.
        var holders: [(segment: UInt64, host: Address)] = []
        holders.reserveCapacity(memberships.count)
        var groupHosts: [UInt64: [Address: Int]] = [:]
        memberships.forEachOldestFirst { key, state in
            guard TrafficClock.elapsed(from: state.lastSeen, to: now) <= membershipTimeout else { return }
            holders.append((key.segment, key.host))
            groupHosts[key.segment, default: [:]][key.group, default: 0] += 1
        }
        holders.sort { $0.segment != $1.segment ? $0.segment < $1.segment : $0.host < $1.host }
        var previous: (segment: UInt64, host: Address)?
        for holder in holders {
            defer { previous = holder }
            if let p = previous, p.segment == holder.segment, p.host == holder.host { continue }
            bySegment[holder.segment, default: empty(holder.segment)].hosts += 1
        }
        for (segment, held) in groupHosts {
            var s = bySegment[segment] ?? empty(segment)
            s.groupCount = held.count
            if groups {
                s.groups = held.sorted { $0.key < $1.key }.map { GroupSummary(group: $0.key.ipAddress, hosts: $0.value) }
            }
            bySegment[segment] = s
        }
        return Array(bySegment.values)
    }
}
