/// One protocol family's traffic, IGMP's or MLD's: its segments' querier elections, its hosts' rates and alarms, and
/// their memberships, in tables of its own keyed on the family's addresses. `TrafficModel` holds one for each and
/// feeds it the facts of each packet (`HeardQuery`, `HeardRecord`); the rules are the same for both, and each
/// finding names the family's own rule (`Address.rules`).
struct FamilyTraffic<Address: ListenerAddress> {
    let configuration: TrafficConfiguration
    var segments: LeastRecentlySeenTable<SegmentTableKey, SegmentState<Address>>
    var hosts: LeastRecentlySeenTable<HostKey<Address>, HostState>
    var memberships: LeastRecentlySeenTable<MembershipKey<Address>, MembershipState>
    /// This protocol's clock: the latest time of a packet of it the model learnt from (`clockStarted` false before
    /// the first). Each protocol keeps its own, so that one protocol's timestamps never move the other's windows,
    /// expiry or querier presence (a merged capture need not be in order across them).
    var clock: Int64 = 0
    var clockStarted = false
    /// The routers allowed to query, sorted (nil: any).
    let allowedQueriers: [Address]?
    let window: Int64
    let membershipTimeout: Int64
    /// How long a silent host is kept: past its memberships' timeout and two flood windows.
    let hostTimeout: Int64
    /// No entry expires before this time (a lower bound, kept so that most packets skip the expiry check).
    var nextExpiry: Int64 = .min
    /// The serial the next new host entry gets: a membership names its host's entry and serial, so that one dropped
    /// and made again is told apart.
    var nextHostSerial: UInt32 = 0
    /// The segment entry found last (-1: none yet).
    var lastSegment = -1

    /// Empty tables; `configuration` is already clamped.
    init(configuration: TrafficConfiguration, allowedQueriers: [Address]?) {
        self.configuration = configuration
        segments = LeastRecentlySeenTable(capacity: configuration.maximumSegments)
        hosts = LeastRecentlySeenTable(capacity: configuration.maximumHosts)
        memberships = LeastRecentlySeenTable(capacity: configuration.maximumMemberships)
        self.allowedQueriers = allowedQueriers?.sorted()
        window = configuration.floodWindow.nanoseconds
        membershipTimeout = configuration.membershipTimeout.nanoseconds
        hostTimeout = TrafficClock.adding(2 * window, to: membershipTimeout)
    }

    /// Entries the tables dropped to make room.
    var evictions: TrafficEvictions {
        var queriers = 0
        segments.forEachOldestFirst { _, state in queriers += state.evictedQueriers }
        return TrafficEvictions(segments: segments.evictions, hosts: hosts.evictions, memberships: memberships.evictions,
                                queriers: queriers)
    }

    // MARK: - Queries

    mutating func heardQuery(_ query: HeardQuery<Address>, segment: UInt64, host: Int,
                             _ found: inout TrafficFindings, _ sink: inout some FindingSink) {
        let source = query.source
        // General Queries only: a querier answers every leave with Last Member Query Count group-specific queries, as
        // many as the hosts ask for (group-and-source-specific ones are the storm rule's).
        if query.isGeneral,
           let n = hosts[host].queries.add(1, at: clock, window: window, threshold: configuration.queriesPerWindow) {
            found.add(Finding(Address.rules.queryFlood, at: query.messageOffset, observed: n, limit: configuration.queriesPerWindow), &sink)
        }
        // Every source a query lists counts toward a storm (the MS08-001 pattern): a group-and-source-specific
        // query's, and a General Query's that wrongly carries them.
        if query.sourceCount > 0,
           let n = hosts[host].queriedSources.add(query.sourceCount, at: clock, window: window,
                                                  threshold: configuration.queriedSourcesPerWindow) {
            found.add(Finding(Address.rules.sourceListQueryStorm, at: query.sourceCountOffset, observed: n,
                              limit: configuration.queriedSourcesPerWindow), &sink)
        }
        if let allowed = allowedQueriers, !Self.contains(allowed, source), !hosts[host].notListedAlarmed {
            hosts[host].notListedAlarmed = true
            found.add(Address.notListed(at: query.sourceOffset, source: source), &sink)
        }
        let s = segmentIndex(segment)
        let heard = segments[s].heardQuery(from: source, version: query.version, at: clock,
                                           presentUntil: TrafficClock.adding(query.present, to: clock),
                                           maximumQueriers: configuration.maximumQueriersPerSegment)
        if let previous = heard.tookOverFrom, !heard.electedBefore, allowedQueriers.map({ !Self.contains($0, source) }) ?? true {
            found.add(Address.takeover(at: query.sourceOffset, source: source, previous: previous), &sink)
        }
        if query.version == Address.rules.newestVersion {
            hosts[host].downgradeAlarmed = false
        } else if heard.presentVersion == Address.rules.newestVersion, let querier = heard.presentQuerier, !hosts[host].downgradeAlarmed {
            hosts[host].downgradeAlarmed = true
            found.add(Address.downgrade(at: query.messageOffset, version: query.version, querier: querier), &sink)
        }
    }

    // MARK: - Reports

    /// A report (any version, one per message) counted toward the sender's flood.
    mutating func heardReport(host: Int, at offset: Int, _ found: inout TrafficFindings,
                              _ sink: inout some FindingSink) {
        if let n = hosts[host].reports.add(1, at: clock, window: window, threshold: configuration.reportsPerWindow) {
            found.add(Finding(Address.rules.reportFlood, at: offset, observed: n, limit: configuration.reportsPerWindow), &sink)
        }
    }

    /// A leave (IGMPv2 Leave Group, MLDv1 Done, a TO_IN({}) record): counted toward the sender's flood, and the
    /// membership ends.
    mutating func heardLeave(_ group: Address, segment: UInt64, host: Int, at offset: Int,
                             _ found: inout TrafficFindings, _ sink: inout some FindingSink) {
        if let n = hosts[host].leaves.add(1, at: clock, window: window, threshold: configuration.leavesPerWindow) {
            found.add(Finding(Address.rules.leaveFlood, at: offset, observed: n, limit: configuration.leavesPerWindow), &sink)
        }
        leave(group, segment: segment, host: host)
    }

    mutating func heardRecord(_ record: HeardRecord<Address>, segment: UInt64, host: Int, messageOffset: Int,
                              _ found: inout TrafficFindings, _ sink: inout some FindingSink) {
        let group = record.group
        let n = record.sourceCount
        let groupOffset = record.groupOffset
        let sourcesOffset = record.sourcesOffset
        switch record.type {
        case .modeIsInclude, .changeToInclude:
            if n == 0 {
                // TO_IN({}) is the leave of IGMPv3 (RFC 3376 6.4.2) and MLDv2 (RFC 3810 7.4.2); IS_IN({}) says the
                // host holds nothing.
                if record.type == .changeToInclude {
                    heardLeave(group, segment: segment, host: host, at: messageOffset, &found, &sink)
                } else {
                    leave(group, segment: segment, host: host)
                }
            } else {
                join(group, segment: segment, host: host, exclude: false, sources: n, groupOffset: groupOffset,
                     sourcesOffset: sourcesOffset, &found, &sink)
            }
        case .modeIsExclude, .changeToExclude:
            join(group, segment: segment, host: host, exclude: true, sources: n, groupOffset: groupOffset,
                 sourcesOffset: sourcesOffset, &found, &sink)
        case .allowNewSources, .blockOldSources:
            guard n > 0 else { return }
            let digest = record.changeDigest
            let key = MembershipKey(segment: segment, host: address(ofHost: host), group: group)
            let adds = record.type == .allowNewSources
            if let m = memberships.touch(key) {
                let now = clock, cap = configuration.sourcesPerGroup
                // nil: the host has left (its INCLUDE filter is empty); otherwise whether the filter just passed the
                // cap (false for a retransmission).
                let outcome: Bool? = memberships.update(m) { state in
                    state.lastSeen = now
                    guard state.lastChange != digest else { return false } // a retransmission
                    state.lastChange = digest
                    // ALLOW grows an include list and shrinks an exclude list; BLOCK the other way round.
                    let grows = adds != state.exclude
                    let count = Int(state.sources)
                    state.sources = Int32(clamping: grows ? count + n : max(0, count - n))
                    // INCLUDE with no source left: the host has left the group (RFC 3376 5.1, 6.4.2).
                    if !state.exclude && state.sources == 0 { return nil }
                    return state.passesSourceCap(cap)
                }
                switch outcome {
                case nil: leave(group, segment: segment, host: host)
                case true?: found.add(Finding(Address.rules.hostSourceCap, at: sourcesOffset, observed: Int(memberships[m].sources), limit: cap), &sink)
                case false?: break
                }
            } else if adds {
                join(group, segment: segment, host: host, exclude: false, sources: n, groupOffset: groupOffset,
                     sourcesOffset: sourcesOffset, change: digest, &found, &sink)
            }
        default:
            break
        }
    }

    /// The host's membership of `group`, made or refreshed with the filter a full-state record (or an IGMPv1/v2
    /// report) gives; `change` is the digest of the ALLOW record that made it, if one did.
    mutating func join(_ group: Address, segment: UInt64, host: Int, exclude: Bool,
                       sources: Int, groupOffset: Int, sourcesOffset: Int?, change: UInt64 = 0,
                       _ found: inout TrafficFindings, _ sink: inout some FindingSink) {
        // Reports from 0.0.0.0 (RFC 3376 4.2.13) or :: (RFC 3810 5.2.13) cannot be told apart by host; non-multicast
        // groups were flagged alone and hold no state in a router.
        let address = address(ofHost: host)
        guard !address.isUnspecified, group.isMulticast else { return }
        let key = MembershipKey(segment: segment, host: address, group: group)
        let now = clock, serial = hosts[host].serial, filter = Int32(clamping: sources)
        let cap = configuration.sourcesPerGroup, checksSources = sourcesOffset != nil
        // A membership made now is counted in its host; one found is counted again only when its host entry was
        // dropped and made anew since (the new entry counts it from now on).
        var counted = true, overCap = false
        let entry = memberships.findOrInsert(key, {
            var state = MembershipState(lastSeen: now, hostEntry: Int32(host), hostSerial: serial)
            state.exclude = exclude
            state.sources = filter
            state.lastChange = change
            overCap = checksSources && state.passesSourceCap(cap)
            return state
        }, refresh: { state in
            if state.hostSerial != serial {
                state.hostEntry = Int32(host)
                state.hostSerial = serial
            } else {
                counted = false
            }
            state.lastSeen = now
            state.exclude = exclude
            state.sources = filter
            overCap = checksSources && state.passesSourceCap(cap)
        })
        if let evicted = entry.evicted { lostMembership(evicted.value) }
        if counted {
            let cap = configuration.groupsPerHost
            let over: Int? = hosts.update(host) { h in
                h.groups += 1
                guard Int(h.groups) > cap, !h.groupCapAlarmed else { return nil }
                h.groupCapAlarmed = true
                return Int(h.groups)
            }
            if let over { found.add(Finding(Address.rules.hostGroupCap, at: groupOffset, observed: over, limit: cap), &sink) }
        }
        if overCap, let sourcesOffset {
            found.add(Finding(Address.rules.hostSourceCap, at: sourcesOffset, observed: sources, limit: cap), &sink)
        }
    }

    private mutating func leave(_ group: Address, segment: UInt64, host: Int) {
        let key = MembershipKey(segment: segment, host: address(ofHost: host), group: group)
        guard let m = memberships.index(of: key) else { return }
        let state = memberships[m]
        memberships.remove(at: m)
        lostMembership(state)
    }

    /// Counts a membership gone (left, expired or evicted) off its host's groups: the host entry it was counted in,
    /// unless that host was dropped meanwhile (its serial is gone with it).
    private mutating func lostMembership(_ state: MembershipState) {
        let h = Int(state.hostEntry)
        guard hosts.isLive(h), hosts[h].serial == state.hostSerial else { return }
        let cap = configuration.groupsPerHost
        hosts.update(h) { host in
            host.groups = max(0, host.groups - 1)
            if Int(host.groups) <= cap { host.groupCapAlarmed = false }
        }
    }

    // MARK: - Tables and time

    private func address(ofHost host: Int) -> Address { hosts.key(at: host).address }

    /// Readies the tables for a packet the model learns from, sent by `source` at `time`: the index of its sender's
    /// host entry. Only a packet the model learns from moves the clock (one it ignores cannot stop time for the
    /// rest); a packet stamped earlier is judged at the clock.
    mutating func learn(at time: Int64, segment: UInt64, source: Address) -> Int {
        if !clockStarted || time > clock {
            clock = time
            clockStarted = true
        }
        // The tables' storage is made this model's own once per packet (a copy of the model shares it until then).
        segments.makeUnique()
        hosts.makeUnique()
        memberships.makeUnique()
        if clock > nextExpiry { expire() }
        return hostIndex(HostKey(segment: segment, address: source))
    }

    private mutating func hostIndex(_ key: HostKey<Address>) -> Int {
        let now = clock, serial = nextHostSerial
        let entry = hosts.findOrInsert(key, { HostState(lastSeen: now, serial: serial) }, refresh: { $0.lastSeen = now })
        if entry.inserted { nextHostSerial &+= 1 }
        return entry.index
    }

    private mutating func segmentIndex(_ packed: UInt64) -> Int {
        // Most captures are one segment: the last one found is tried first.
        if segments.isLive(lastSegment), segments.key(at: lastSegment).packed == packed {
            segments.markSeen(lastSegment)
            return lastSegment
        }
        lastSegment = segments.findOrInsert(SegmentTableKey(packed: packed), { SegmentState() }).index
        return lastSegment
    }

    /// Drops memberships not reported for the membership timeout, and hosts silent for longer than that and two flood
    /// windows (their memberships went first). The tables are in last-seen order, so only stale entries are visited;
    /// `nextExpiry` says when the next one can be stale.
    private mutating func expire() {
        let now = clock
        let membershipTimeout = membershipTimeout, hostTimeout = hostTimeout
        while let gone = memberships.removeOldest(if: { TrafficClock.elapsed(from: $0.lastSeen, to: now) > membershipTimeout }) {
            lostMembership(gone.value)
        }
        while hosts.removeOldest(if: { TrafficClock.elapsed(from: $0.lastSeen, to: now) > hostTimeout }) != nil {}
        // Anything added from now on is seen at `now` or later, so nothing expires before the earliest of these.
        let membershipExpiry = memberships.oldestIndex.map { memberships[$0].lastSeen } ?? now
        let hostExpiry = hosts.oldestIndex.map { hosts[$0].lastSeen } ?? now
        nextExpiry = min(TrafficClock.adding(membershipTimeout, to: membershipExpiry), TrafficClock.adding(hostTimeout, to: hostExpiry))
    }

    static func contains(_ sorted: [Address], _ address: Address) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < address { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == address
    }

}

/// What the rules need of one query, whichever protocol carried it.
struct HeardQuery<Address> {
    var version: UInt8
    var source: Address
    var sourceOffset: Int
    var messageOffset: Int
    /// A General Query (group 0.0.0.0 or `::`).
    var isGeneral: Bool
    /// How long this querier counts as present after the query, in nanoseconds.
    var present: Int64
    /// Sources the query lists, and where its Number of Sources is.
    var sourceCount = 0
    var sourceCountOffset = 0
}

/// What the rules need of one group record (IGMPv3) or multicast address record (MLDv2).
struct HeardRecord<Address> {
    var type: GroupRecordType
    var group: Address
    var sourceCount: Int
    /// For an ALLOW or BLOCK record, a digest of its type and every source (`changeDigest(type:count:)`, then
    /// `changeDigest(_:adding:)` for each), so that a retransmitted change (RFC 3376 5.1, RFC 3810 6.1) counts once
    /// and any other change counts; 0 for other records.
    var changeDigest: UInt64 = 0
    var groupOffset: Int
    var sourcesOffset: Int
}

extension HeardRecord where Address: ListenerAddress {
    /// Whether a record of `type` changes a filter by its sources (ALLOW, BLOCK) and so needs `changeDigest`.
    static func isChange(_ type: GroupRecordType) -> Bool { type == .allowNewSources || type == .blockOldSources }

    /// The start of a change's digest, keyed per process: a sender cannot make another list pass for a
    /// retransmission.
    static func changeDigest(type: GroupRecordType, count: Int) -> UInt64 {
        IPv6AddressHash.key.0 ^ UInt64(type.rawValue) << 56 ^ UInt64(count) << 32
    }

    /// `digest` with one more source.
    static func changeDigest(_ digest: UInt64, adding source: Address) -> UInt64 {
        (digest ^ source.folded) &* 0x9e37_79b9_7f4a_7c15
    }
}
