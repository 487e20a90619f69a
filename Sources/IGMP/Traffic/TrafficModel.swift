/// The traffic around the packets: who queries each segment, how often each host sends what, and which groups each
/// host holds, for IGMP and for MLD apart. Fed every IGMP and MLD frame with its capture time, after `Validator` has judged it alone, it adds the
/// findings of the rules that judge traffic (`RuleScope.traffic`) to the packet that crosses a line: a querier
/// takeover, a query from a router not on the list, an older-version query on an IGMPv3 segment, a source-list query
/// storm, query, report and leave floods, a host over the group or source cap.
///
/// Memory is bounded: every table has a cap (`TrafficConfiguration`) and makes room by dropping its least recently
/// seen entry, counted in `evictions`. A table allocates only when a new segment, host or membership appears.
///
/// Time is the packets' own: the model's clock is the latest timestamp seen (a packet stamped earlier is judged at
/// that clock), so a capture and a live interface judge the same packets the same way.
public struct TrafficModel {
    /// Thresholds, timers and caps.
    public let configuration: TrafficConfiguration

    var segments: LeastRecentlySeenTable<SegmentTableKey, SegmentState>
    var hosts: LeastRecentlySeenTable<HostKey, HostState>
    var memberships: LeastRecentlySeenTable<MembershipKey, MembershipState>
    /// The latest packet time seen, in nanoseconds (`clockStarted` false before the first packet).
    var clock: Int64 = 0
    var clockStarted = false
    /// `configuration.queriers` and `configuration.mldQueriers`, sorted.
    let allowedIGMPQueriers: [TrafficAddress]?
    let allowedMLDQueriers: [TrafficAddress]?
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

    /// An empty model. Values of `configuration` out of range are clamped: timers to 1 ms ... a year, caps to
    /// 1 ... 16,777,216, thresholds to 0 or more.
    public init(configuration: TrafficConfiguration = TrafficConfiguration()) {
        let configuration = configuration.clamped
        self.configuration = configuration
        segments = LeastRecentlySeenTable(capacity: configuration.maximumSegments)
        hosts = LeastRecentlySeenTable(capacity: configuration.maximumHosts)
        memberships = LeastRecentlySeenTable(capacity: configuration.maximumMemberships)
        allowedIGMPQueriers = configuration.queriers.map { $0.map(TrafficAddress.init).sorted() }
        allowedMLDQueriers = configuration.mldQueriers.map { $0.map(TrafficAddress.init).sorted() }
        window = configuration.floodWindow.nanoseconds
        membershipTimeout = configuration.membershipTimeout.nanoseconds
        hostTimeout = TrafficClock.adding(2 * window, to: membershipTimeout)
    }

    /// The latest packet time seen (nil before the first IGMP or MLD packet).
    public var now: TrafficTime? { clockStarted ? TrafficTime(nanoseconds: clock) : nil }

    /// Entries each table dropped to make room.
    public var evictions: TrafficEvictions {
        var queriers = 0
        segments.forEachOldestFirst { _, state in queriers += state.evictedQueriers }
        return TrafficEvictions(segments: segments.evictions, hosts: hosts.evictions, memberships: memberships.evictions,
                                queriers: queriers)
    }

    /// Validates one frame alone (`Validator.validate`) and then in its traffic: the call for a sensor that judges
    /// every frame it sees.
    ///
    /// - Parameters:
    ///   - frame: the captured bytes, from the link-layer header.
    ///   - linkType: the capture's link type.
    ///   - wireLength: the packet's length on the wire when the capture may have cut it; nil for a whole packet.
    ///   - time: when the frame was captured.
    ///   - link: the caller's number for the interface or capture (a segment is a link and its VLAN tags).
    ///   - sink: receives the packet's findings, then the traffic findings; empty it first when reused.
    /// - Returns: the inspection, its verdict the worst of both kinds of finding.
    public mutating func validate(frame: RawSpan, linkType: LinkType, wireLength: Int? = nil, at time: TrafficTime,
                                  link: UInt32 = 0, into sink: inout FindingBuffer) -> Inspection {
        let alone = Validator.validate(frame: frame, linkType: linkType, wireLength: wireLength, into: &sink)
        return observe(frame: frame, linkType: linkType, at: time, link: link, judgedAlone: alone, into: &sink)
    }

    /// `validate(frame:linkType:wireLength:at:link:into:)` for a frame held in an array.
    public mutating func validate(frame: [UInt8], linkType: LinkType, wireLength: Int? = nil, at time: TrafficTime,
                                  link: UInt32 = 0, into sink: inout FindingBuffer) -> Inspection {
        validate(frame: frame.span.bytes, linkType: linkType, wireLength: wireLength, at: time, link: link, into: &sink)
    }

    /// Judges the traffic around a frame `Validator` has judged alone, learning from it and adding any traffic
    /// finding to `sink`. Frames that are neither IGMP nor MLD are ignored. Hostile packets, and packets receivers
    /// discard (a checksum that does not verify; for MLD, a source that is not link-local), are not learnt from.
    ///
    /// IGMP and MLD are judged alike, each by its own rules (`querier-takeover` and `mld-querier-takeover` ...): on
    /// one segment each protocol elects its own querier and holds its own hosts and memberships.
    ///
    /// - Parameters:
    ///   - frame: the captured bytes, from the link-layer header.
    ///   - linkType: the capture's link type.
    ///   - time: when the frame was captured.
    ///   - link: the caller's number for the interface or capture.
    ///   - judgedAlone: what `Validator.validate` returned for the frame.
    ///   - sink: receives the traffic findings (after the packet's own, when it is the same sink).
    /// - Returns: `judgedAlone` with the traffic findings counted in its verdict, worst severity and finding count.
    // Specialised here for the buffer every caller in this package uses: a generic call from another module would
    // otherwise pass the sink's witness table through every step.
    @_specialize(exported: true, where Sink == FindingBuffer)
    public mutating func observe<Sink: FindingSink>(frame: RawSpan, linkType: LinkType, at time: TrafficTime, link: UInt32 = 0,
                                                    judgedAlone: Inspection, into sink: inout Sink) -> Inspection {
        guard judgedAlone.isJudged, let kind = judgedAlone.kind, judgedAlone.verdict != .hostile, kind.version != nil else {
            return judgedAlone
        }
        var found = TrafficFindings()
        switch FrameWalk.locate(frame, linkType: linkType) {
        case .igmp(let ipOffset)?:
            guard judgedAlone.isIGMP else { return judgedAlone }
            observeIGMP(frame, linkType: linkType, ipOffset: ipOffset, kind: kind, at: time, link: link,
                        hasFindings: judgedAlone.findingCount > 0, &found, &sink)
        case .mld?:
            guard case .mld(let kind) = kind else { return judgedAlone }
            observeMLD(frame, linkType: linkType, kind: kind, at: time, link: link,
                       hasFindings: judgedAlone.findingCount > 0, &found, &sink)
        case nil:
            return judgedAlone
        }
        guard found.count > 0 else { return judgedAlone }
        var judged = judgedAlone
        judged.findingCount += found.count
        if let worst = found.worst { judged.worstSeverity = max(worst, judged.worstSeverity ?? worst) }
        judged.verdict = Verdict(worst: judged.worstSeverity)
        return judged
    }

    // MARK: - IGMP

    private mutating func observeIGMP(_ frame: RawSpan, linkType: LinkType, ipOffset: Int, kind: MessageKind,
                                      at time: TrafficTime, link: UInt32, hasFindings: Bool,
                                      _ found: inout TrafficFindings, _ sink: inout some FindingSink) {
        let ip: IPv4Packet
        let message: IGMPMessage
        do {
            ip = try IPv4Packet(checking: frame, at: ipOffset)
            guard !ip.isFragment else { return }
            message = try IGMPMessage(payloadOf: ip)
        } catch {
            return
        }
        // A packet with findings may carry a checksum receivers refuse (one without any was proved to verify). A zero
        // IPv4 header checksum is transmit offload on the capturing host, not a packet a receiver drops.
        if hasFindings {
            if message.isComplete && !message.isChecksumValid { return }
            if ip.headerChecksum != 0 && !ip.isHeaderChecksumValid { return }
        }
        let rules = TrafficRules.igmp
        let segment = Self.segment(of: frame, linkType: linkType, ipOffset: ipOffset, link: link).packed | rules.segmentBit
        let host = learn(at: time, segment: segment, source: TrafficAddress(ip.source))
        switch kind {
        case .queryV1, .queryV2, .queryV3:
            var query = HeardQuery(version: UInt8(kind.version ?? 0), source: TrafficAddress(ip.source),
                                   sourceOffset: ip.frameOffset(of: IPv4Packet.Field.source), messageOffset: message.frameOffset,
                                   isGeneral: message.group.rawValue == 0,
                                   present: configuration.defaultOtherQuerierPresent.nanoseconds)
            if let v3 = message.queryV3 {
                // The Other Querier Present Interval from the query's own Robustness, Query Interval and Max Resp
                // Code (RFC 3376 8.5): Max Resp Code counts tenths of a second, and half of it is added.
                query.present = Self.otherQuerierPresent(robustness: v3.robustness, queryInterval: v3.querierQueryInterval,
                                                         halfResponseNanoseconds: Int64(TimeCode.decode(v3.maxRespCode)) * 50_000_000)
                query.sourceCount = v3.sources.count
                query.sourceCountOffset = v3.frameOffset(of: MembershipQueryV3.Field.numberOfSources)
            }
            heardQuery(query, rules: rules, segment: segment, host: host, &found, &sink)
        case .reportV1, .reportV2:
            heardReport(rules: rules, host: host, at: message.frameOffset, &found, &sink)
            // An IGMPv1/v2 report joins in EXCLUDE mode with no source (RFC 3376 7.3.2).
            join(TrafficAddress(message.group), rules: rules, segment: segment, host: host, exclude: true, sources: 0,
                 groupOffset: message.frameOffset(of: IGMPMessage.Field.group), sourcesOffset: nil, &found, &sink)
        case .leaveV2:
            heardLeave(TrafficAddress(message.group), rules: rules, segment: segment, host: host, at: message.frameOffset, &found, &sink)
        case .reportV3:
            heardReport(rules: rules, host: host, at: message.frameOffset, &found, &sink)
            if let report = message.reportV3 {
                var records = report.records
                do {
                    while let record = try records.next() {
                        let sources = record.sources
                        let n = sources.count
                        heardRecord(HeardRecord(type: record.type, group: TrafficAddress(record.group), sourceCount: n,
                                                firstSource: n > 0 ? TrafficAddress(sources[0]) : TrafficAddress(.any),
                                                lastSource: n > 0 ? TrafficAddress(sources[n - 1]) : TrafficAddress(.any),
                                                groupOffset: record.frameOffset(of: GroupRecord.Field.group),
                                                sourcesOffset: record.frameOffset(of: GroupRecord.Field.numberOfSources)),
                                    rules: rules, segment: segment, host: host, messageOffset: message.frameOffset, &found, &sink)
                    }
                } catch {
                    // A record cut by the snapshot length: the records before it were taken.
                }
            }
        default:
            break
        }
    }

    // MARK: - MLD

    private mutating func observeMLD(_ frame: RawSpan, linkType: LinkType, kind: MLDKind, at time: TrafficTime,
                                     link: UInt32, hasFindings: Bool, _ found: inout TrafficFindings,
                                     _ sink: inout some FindingSink) {
        // A chain that cannot be walked or a fragment was judged hostile; the decoder refuses both.
        guard let decoded = try? FrameDecoder.decodeMLD(frame, linkType: linkType) else { return }
        let ip = decoded.ip
        let mld = decoded.mld
        let source = ip.source
        // Receivers discard a message whose checksum does not verify and one not sent from a link-local address
        // (RFC 3810 5.1.14, 5.2.13; a report may come from ::). A packet without findings was proved to pass both.
        if hasFindings {
            let destination = decoded.chain.routingFinalDestination ?? ip.destination
            if mld.isComplete && !mld.isChecksumValid(source: source, destination: destination) { return }
            let reportFromUnspecified = source.isUnspecified && (kind == .reportV1 || kind == .reportV2)
            if !source.isLinkLocalUnicast && !reportFromUnspecified { return }
        }
        let rules = TrafficRules.mld
        let segment = Self.segment(of: decoded.link, link: link).packed | rules.segmentBit
        let host = learn(at: time, segment: segment, source: TrafficAddress(source))
        switch kind {
        case .queryV1, .queryV2:
            var query = HeardQuery(version: UInt8(kind.version ?? 0), source: TrafficAddress(source),
                                   sourceOffset: ip.frameOffset(of: IPv6Packet.Field.source), messageOffset: mld.frameOffset,
                                   isGeneral: mld.multicastAddress?.isUnspecified ?? false,
                                   present: configuration.defaultOtherQuerierPresent.nanoseconds)
            if let v2 = mld.queryV2 {
                // RFC 3810 9.5, from the query's own QRV, QQIC and Maximum Response Code (milliseconds).
                query.present = Self.otherQuerierPresent(robustness: v2.robustness, queryInterval: v2.querierQueryInterval,
                                                         halfResponseNanoseconds: Int64(v2.maximumResponseDelay) * 500_000)
                query.sourceCount = v2.sources.count
                query.sourceCountOffset = v2.frameOffset(of: MLDv2Query.Field.numberOfSources)
            }
            heardQuery(query, rules: rules, segment: segment, host: host, &found, &sink)
        case .reportV1:
            heardReport(rules: rules, host: host, at: mld.frameOffset, &found, &sink)
            // An MLDv1 report joins in EXCLUDE mode with no source (RFC 3810 8.3.2).
            if let group = mld.multicastAddress {
                join(TrafficAddress(group), rules: rules, segment: segment, host: host, exclude: true, sources: 0,
                     groupOffset: mld.frameOffset(of: MLDMessage.Field.multicastAddress), sourcesOffset: nil, &found, &sink)
            }
        case .done:
            if let group = mld.multicastAddress {
                heardLeave(TrafficAddress(group), rules: rules, segment: segment, host: host, at: mld.frameOffset, &found, &sink)
            }
        case .reportV2:
            heardReport(rules: rules, host: host, at: mld.frameOffset, &found, &sink)
            if let report = mld.reportV2 {
                var records = report.records
                do {
                    while let record = try records.next() {
                        let sources = record.sources
                        let n = sources.count
                        heardRecord(HeardRecord(type: record.type, group: TrafficAddress(record.multicastAddress), sourceCount: n,
                                                firstSource: n > 0 ? TrafficAddress(sources[0]) : TrafficAddress(.unspecified),
                                                lastSource: n > 0 ? TrafficAddress(sources[n - 1]) : TrafficAddress(.unspecified),
                                                groupOffset: record.frameOffset(of: MLDAddressRecord.Field.multicastAddress),
                                                sourcesOffset: record.frameOffset(of: MLDAddressRecord.Field.numberOfSources)),
                                    rules: rules, segment: segment, host: host, messageOffset: mld.frameOffset, &found, &sink)
                    }
                } catch {
                    // A record cut by the snapshot length: the records before it were taken.
                }
            }
        case .queryInvalidLength:
            break
        }
    }

    // MARK: - Queries

    /// What the rules need of one query, whichever protocol carried it.
    struct HeardQuery {
        var version: UInt8
        var source: TrafficAddress
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

    /// The Other Querier Present Interval (RFC 3376 8.5, RFC 3810 9.5): Robustness x Query Interval + half the
    /// Query Response Interval, the query's 0 for either of the first two meaning the default (2, 125 s).
    static func otherQuerierPresent(robustness: UInt8, queryInterval: Int, halfResponseNanoseconds: Int64) -> Int64 {
        let robustness = Int64(robustness == 0 ? 2 : robustness)
        let interval = Int64(queryInterval == 0 ? 125 : queryInterval)
        return robustness * interval * 1_000_000_000 + halfResponseNanoseconds
    }

    private mutating func heardQuery(_ query: HeardQuery, rules: TrafficRules, segment: UInt64, host: Int,
                                     _ found: inout TrafficFindings, _ sink: inout some FindingSink) {
        let source = query.source
        // General Queries only: a querier answers every leave with Last Member Query Count group-specific queries, as
        // many as the hosts ask for (group-and-source-specific ones are the storm rule's).
        if query.isGeneral,
           let n = hosts[host].queries.add(1, at: clock, window: window, threshold: configuration.queriesPerWindow) {
            found.add(Finding(rules.queryFlood, at: query.messageOffset, observed: n, limit: configuration.queriesPerWindow), &sink)
        }
        // Every source a query lists counts toward a storm (the MS08-001 pattern): a group-and-source-specific
        // query's, and a General Query's that wrongly carries them.
        if query.sourceCount > 0,
           let n = hosts[host].queriedSources.add(query.sourceCount, at: clock, window: window,
                                                  threshold: configuration.queriedSourcesPerWindow) {
            found.add(Finding(rules.sourceListQueryStorm, at: query.sourceCountOffset, observed: n,
                              limit: configuration.queriedSourcesPerWindow), &sink)
        }
        let allowed = rules.family == .igmp ? allowedIGMPQueriers : allowedMLDQueriers
        if let allowed, !Self.contains(allowed, source), !hosts[host].notListedAlarmed {
            hosts[host].notListedAlarmed = true
            found.add(rules.notListed(at: query.sourceOffset, source: source), &sink)
        }
        let s = segmentIndex(segment)
        let heard = segments[s].heardQuery(from: source, version: query.version, at: clock,
                                           presentUntil: TrafficClock.adding(query.present, to: clock),
                                           maximumQueriers: configuration.maximumQueriersPerSegment)
        if let previous = heard.tookOverFrom, !heard.electedBefore, allowed.map({ !Self.contains($0, source) }) ?? true {
            found.add(rules.takeover(at: query.sourceOffset, source: source, previous: previous), &sink)
        }
        if query.version == rules.newestVersion {
            hosts[host].downgradeAlarmed = false
        } else if heard.presentVersion == rules.newestVersion, let querier = heard.presentQuerier, !hosts[host].downgradeAlarmed {
            hosts[host].downgradeAlarmed = true
            found.add(rules.downgrade(at: query.messageOffset, version: query.version, querier: querier), &sink)
        }
    }

    // MARK: - Reports

    /// A report (any version, one per message) counted toward the sender's flood.
    private mutating func heardReport(rules: TrafficRules, host: Int, at offset: Int, _ found: inout TrafficFindings,
                                      _ sink: inout some FindingSink) {
        if let n = hosts[host].reports.add(1, at: clock, window: window, threshold: configuration.reportsPerWindow) {
            found.add(Finding(rules.reportFlood, at: offset, observed: n, limit: configuration.reportsPerWindow), &sink)
        }
    }

    /// A leave (IGMPv2 Leave Group, MLDv1 Done, a TO_IN({}) record): counted toward the sender's flood, and the
    /// membership ends.
    private mutating func heardLeave(_ group: TrafficAddress, rules: TrafficRules, segment: UInt64, host: Int, at offset: Int,
                                     _ found: inout TrafficFindings, _ sink: inout some FindingSink) {
        if let n = hosts[host].leaves.add(1, at: clock, window: window, threshold: configuration.leavesPerWindow) {
            found.add(Finding(rules.leaveFlood, at: offset, observed: n, limit: configuration.leavesPerWindow), &sink)
        }
        leave(group, segment: segment, host: host)
    }

    /// What the rules need of one group record (IGMPv3) or multicast address record (MLDv2).
    struct HeardRecord {
        var type: GroupRecordType
        var group: TrafficAddress
        var sourceCount: Int
        /// The first and last sources listed (either when none is), for the digest of a change.
        var firstSource: TrafficAddress
        var lastSource: TrafficAddress
        var groupOffset: Int
        var sourcesOffset: Int
    }

    private mutating func heardRecord(_ record: HeardRecord, rules: TrafficRules, segment: UInt64, host: Int, messageOffset: Int,
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
                    heardLeave(group, rules: rules, segment: segment, host: host, at: messageOffset, &found, &sink)
                } else {
                    leave(group, segment: segment, host: host)
                }
            } else {
                join(group, rules: rules, segment: segment, host: host, exclude: false, sources: n, groupOffset: groupOffset,
                     sourcesOffset: sourcesOffset, &found, &sink)
            }
        case .modeIsExclude, .changeToExclude:
            join(group, rules: rules, segment: segment, host: host, exclude: true, sources: n, groupOffset: groupOffset,
                 sourcesOffset: sourcesOffset, &found, &sink)
        case .allowNewSources, .blockOldSources:
            guard n > 0 else { return }
            let digest = UInt64(record.type.rawValue) << 56 ^ UInt64(n) << 32
                ^ record.firstSource.folded &* 0x9e37_79b9 ^ record.lastSource.folded
            let key = MembershipKey(segment: segment, host: ipAddress(host), group: group)
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
                case true?: found.add(Finding(rules.hostSourceCap, at: sourcesOffset, observed: Int(memberships[m].sources), limit: cap), &sink)
                case false?: break
                }
            } else if adds {
                join(group, rules: rules, segment: segment, host: host, exclude: false, sources: n, groupOffset: groupOffset,
                     sourcesOffset: sourcesOffset, change: digest, &found, &sink)
            }
        default:
            break
        }
    }

    /// The host's membership of `group`, made or refreshed with the filter a full-state record (or an IGMPv1/v2
    /// report) gives; `change` is the digest of the ALLOW record that made it, if one did.
    private mutating func join(_ group: TrafficAddress, rules: TrafficRules, segment: UInt64, host: Int, exclude: Bool,
                               sources: Int, groupOffset: Int, sourcesOffset: Int?, change: UInt64 = 0,
                               _ found: inout TrafficFindings, _ sink: inout some FindingSink) {
        // Reports from 0.0.0.0 (RFC 3376 4.2.13) or :: (RFC 3810 5.2.13) cannot be told apart by host; non-multicast
        // groups were flagged alone and hold no state in a router.
        let address = ipAddress(host)
        guard !address.isUnspecified, rules.isMulticast(group) else { return }
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
            if let over { found.add(Finding(rules.hostGroupCap, at: groupOffset, observed: over, limit: cap), &sink) }
        }
        if overCap, let sourcesOffset {
            found.add(Finding(rules.hostSourceCap, at: sourcesOffset, observed: sources, limit: cap), &sink)
        }
    }

    private mutating func leave(_ group: TrafficAddress, segment: UInt64, host: Int) {
        let key = MembershipKey(segment: segment, host: ipAddress(host), group: group)
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

    private func ipAddress(_ host: Int) -> TrafficAddress { hosts.key(at: host).address }

    /// Readies the tables for a packet the model learns from, sent at `time` by `source`: the index of its sender's
    /// host entry.
    private mutating func learn(at time: TrafficTime, segment: UInt64, source: TrafficAddress) -> Int {
        // The tables' storage is made this model's own once per packet (a copy of the model shares it until then).
        segments.makeUnique()
        hosts.makeUnique()
        memberships.makeUnique()
        // Only a packet the model learns from moves its clock: one it ignores cannot stop time for the rest.
        advanceClock(to: time.nanoseconds)
        if clock > nextExpiry { expire() }
        return hostIndex(HostKey(segment: segment, address: source))
    }

    private mutating func hostIndex(_ key: HostKey) -> Int {
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

    private mutating func advanceClock(to time: Int64) {
        if !clockStarted || time > clock {
            clock = time
            clockStarted = true
        }
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

    static func contains(_ sorted: [TrafficAddress], _ address: TrafficAddress) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < address { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == address
    }

    /// The segment of a frame: the link and the VLAN tags its link header carries.
    static func segment(of frame: RawSpan, linkType: LinkType, ipOffset: Int, link: UInt32) -> SegmentKey {
        guard linkType == .ethernet, ipOffset > 14,
              let header = try? LinkHeader.parse(frame, linkType: linkType, addresses: false), header.vlanDepth > 0 else {
            return SegmentKey(link: link)
        }
        return segment(of: header, link: link)
    }

    /// The segment of a frame whose link header was read.
    static func segment(of header: LinkHeader, link: UInt32) -> SegmentKey {
        guard header.vlanDepth > 0 else { return SegmentKey(link: link) }
        return SegmentKey(link: link, outerVLAN: header.outerVLANID, innerVLAN: header.vlanDepth > 1 ? header.innerVLANID : nil)
    }
}

/// Entries the traffic model's tables dropped to make room (each table has a cap).
public struct TrafficEvictions: Hashable, Sendable {
    /// Segments dropped.
    public var segments: Int
    /// Hosts dropped.
    public var hosts: Int
    /// Memberships dropped.
    public var memberships: Int
    /// Queriers dropped from segments' lists.
    public var queriers: Int

    /// Whether any table dropped an entry.
    public var any: Bool { segments + hosts + memberships + queriers > 0 }
}

/// The traffic findings of one packet, as they are handed to the sink.
struct TrafficFindings {
    var count = 0
    var worst: Severity?

    mutating func add(_ finding: Finding, _ sink: inout some FindingSink) {
        sink.append(finding)
        count += 1
        if worst.map({ finding.severity > $0 }) ?? true { worst = finding.severity }
    }
}
