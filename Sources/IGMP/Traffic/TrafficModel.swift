/// The traffic around the packets: who queries each segment, how often each host sends what, and which groups each
/// host holds, for IGMP and for MLD apart. Fed every IGMP and MLD frame with its capture time, after `Validator` has judged it alone, it adds the
/// findings of the rules that judge traffic (`RuleScope.traffic`) to the packet that crosses a line: a querier
/// takeover, a query from a router not on the list, an older-version query on an IGMPv3 (MLDv2) segment, a
/// source-list query storm, query, report and leave (Done) floods, a host over the group or source cap.
///
/// Memory is bounded: every table has a cap (`TrafficConfiguration`) and makes room by dropping its least recently
/// seen entry, counted in `evictions`. A table allocates only when a new segment, host or membership appears. IGMP
/// and MLD have tables of their own (`FamilyTraffic`), each with the caps, keyed on their own addresses.
///
/// Time is the packets' own: each protocol's clock is the latest timestamp of its packets seen (a packet stamped
/// earlier is judged at that clock), so a capture and a live interface judge the same packets the same way.
public struct TrafficModel {
    /// Thresholds, timers and caps.
    public let configuration: TrafficConfiguration

    /// IGMP's segments, hosts and memberships, and MLD's.
    var igmp: FamilyTraffic<IPv4Address>
    var mld: FamilyTraffic<IPv6Address>
    /// The latest time of a packet the model learnt from, either protocol's, in nanoseconds (`clockStarted` false
    /// before the first): the summaries' time.
    var clock: Int64 = 0
    var clockStarted = false

    /// An empty model. Values of `configuration` out of range are clamped: timers to 1 ms ... a year, caps to
    /// 1 ... 16,777,216, thresholds to 0 or more.
    public init(configuration: TrafficConfiguration = TrafficConfiguration()) {
        let configuration = configuration.clamped
        self.configuration = configuration
        igmp = FamilyTraffic(configuration: configuration, allowedQueriers: configuration.queriers)
        mld = FamilyTraffic(configuration: configuration, allowedQueriers: configuration.mldQueriers)
    }

    /// The latest packet time seen (nil before the first IGMP or MLD packet).
    public var now: TrafficTime? { clockStarted ? TrafficTime(nanoseconds: clock) : nil }

    /// Entries each table dropped to make room (IGMP's and MLD's together).
    public var evictions: TrafficEvictions {
        let a = igmp.evictions, b = mld.evictions
        return TrafficEvictions(segments: a.segments + b.segments, hosts: a.hosts + b.hosts,
                                memberships: a.memberships + b.memberships, queriers: a.queriers + b.queriers)
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
        let segment = Self.segment(of: frame, linkType: linkType, ipOffset: ipOffset, link: link).packed
        advanceClock(to: time)
        let host = igmp.learn(at: time.nanoseconds, segment: segment, source: ip.source)
        switch kind {
        case .queryV1, .queryV2, .queryV3:
            var query = HeardQuery(version: UInt8(kind.version ?? 0), source: ip.source,
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
            igmp.heardQuery(query, segment: segment, host: host, &found, &sink)
        case .reportV1, .reportV2:
            igmp.heardReport(host: host, at: message.frameOffset, &found, &sink)
            // An IGMPv1/v2 report joins in EXCLUDE mode with no source (RFC 3376 7.3.2).
            igmp.join(message.group, segment: segment, host: host, exclude: true, sources: 0,
                      groupOffset: message.frameOffset(of: IGMPMessage.Field.group), sourcesOffset: nil, &found, &sink)
        case .leaveV2:
            igmp.heardLeave(message.group, segment: segment, host: host, at: message.frameOffset, &found, &sink)
        case .reportV3:
            igmp.heardReport(host: host, at: message.frameOffset, &found, &sink)
            if let report = message.reportV3 {
                var records = report.records
                do {
                    while let record = try records.next() {
                        let sources = record.sources
                        var heard = HeardRecord(type: record.type, group: record.group, sourceCount: sources.count,
                                                groupOffset: record.frameOffset(of: GroupRecord.Field.group),
                                                sourcesOffset: record.frameOffset(of: GroupRecord.Field.numberOfSources))
                        if HeardRecord<IPv4Address>.isChange(record.type) {
                            var digest = HeardRecord<IPv4Address>.changeDigest(type: record.type, count: sources.count)
                            for i in sources.indices { digest = HeardRecord.changeDigest(digest, adding: sources[i]) }
                            heard.changeDigest = digest
                        }
                        igmp.heardRecord(heard, segment: segment, host: host, messageOffset: message.frameOffset, &found, &sink)
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
        let message = decoded.mld
        let source = ip.source
        // Receivers discard a message whose checksum does not verify and one not sent from a link-local address
        // (RFC 3810 5.1.14, 5.2.13; a report may come from ::). A packet without findings was proved to pass both.
        if hasFindings {
            let destination = decoded.chain.routingFinalDestination ?? ip.destination
            if message.isComplete && !message.isChecksumValid(source: source, destination: destination) { return }
            if !MLDKind.maySend(type: message.type, from: source) { return }
        }
        let segment = Self.segment(of: decoded.link, link: link).packed
        advanceClock(to: time)
        let host = mld.learn(at: time.nanoseconds, segment: segment, source: source)
        switch kind {
        case .queryV1, .queryV2:
            var query = HeardQuery(version: UInt8(kind.version ?? 0), source: source,
                                   sourceOffset: ip.frameOffset(of: IPv6Packet.Field.source), messageOffset: message.frameOffset,
                                   isGeneral: message.multicastAddress?.isUnspecified ?? false,
                                   present: configuration.defaultOtherQuerierPresent.nanoseconds)
            if let v2 = message.queryV2 {
                // RFC 3810 9.5, from the query's own QRV, QQIC and Maximum Response Code (milliseconds).
                query.present = Self.otherQuerierPresent(robustness: v2.robustness, queryInterval: v2.querierQueryInterval,
                                                         halfResponseNanoseconds: Int64(v2.maximumResponseDelay) * 500_000)
                query.sourceCount = v2.sources.count
                query.sourceCountOffset = v2.frameOffset(of: MLDv2Query.Field.numberOfSources)
            }
            mld.heardQuery(query, segment: segment, host: host, &found, &sink)
        case .reportV1:
            mld.heardReport(host: host, at: message.frameOffset, &found, &sink)
            // An MLDv1 report joins in EXCLUDE mode with no source (RFC 3810 8.3.2).
            if let group = message.multicastAddress {
                mld.join(group, segment: segment, host: host, exclude: true, sources: 0,
                         groupOffset: message.frameOffset(of: MLDMessage.Field.multicastAddress), sourcesOffset: nil, &found, &sink)
            }
        case .done:
            if let group = message.multicastAddress {
                mld.heardLeave(group, segment: segment, host: host, at: message.frameOffset, &found, &sink)
            }
        case .reportV2:
            mld.heardReport(host: host, at: message.frameOffset, &found, &sink)
            if let report = message.reportV2 {
                var records = report.records
                do {
                    while let record = try records.next() {
                        let sources = record.sources
                        var heard = HeardRecord(type: record.type, group: record.multicastAddress, sourceCount: sources.count,
                                                groupOffset: record.frameOffset(of: MLDAddressRecord.Field.multicastAddress),
                                                sourcesOffset: record.frameOffset(of: MLDAddressRecord.Field.numberOfSources))
                        if HeardRecord<IPv6Address>.isChange(record.type) {
                            var digest = HeardRecord<IPv6Address>.changeDigest(type: record.type, count: sources.count)
                            for i in sources.indices { digest = HeardRecord.changeDigest(digest, adding: sources[i]) }
                            heard.changeDigest = digest
                        }
                        mld.heardRecord(heard, segment: segment, host: host, messageOffset: message.frameOffset, &found, &sink)
                    }
                } catch {
                    // A record cut by the snapshot length: the records before it were taken.
                }
            }
        case .queryInvalidLength:
            break
        }
    }

    // MARK: - Time

    /// The Other Querier Present Interval (RFC 3376 8.5, RFC 3810 9.5): Robustness x Query Interval + half the
    /// Query Response Interval, the query's 0 for either of the first two meaning the default (2, 125 s).
    static func otherQuerierPresent(robustness: UInt8, queryInterval: Int, halfResponseNanoseconds: Int64) -> Int64 {
        let robustness = Int64(robustness == 0 ? 2 : robustness)
        let interval = Int64(queryInterval == 0 ? 125 : queryInterval)
        return robustness * interval * 1_000_000_000 + halfResponseNanoseconds
    }

    /// Moves the model's clock (`now`, the summaries' time) to `time` if it is later; each protocol judges at its
    /// own clock.
    private mutating func advanceClock(to time: TrafficTime) {
        if !clockStarted || time.nanoseconds > clock {
            clock = time.nanoseconds
            clockStarted = true
        }
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
