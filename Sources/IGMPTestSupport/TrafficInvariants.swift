import IGMP

/// The traffic fuzz target's input convention: byte 0 picks the link type (low bits) and small or default table caps
/// (bit 7); then records of a length byte, a time-step byte and that many frame bytes. The time step is in squared
/// tenths of a second, 255 meaning a jump back of an hour (captures are not always in order).
public func checkTrafficInput(_ input: UnsafeRawBufferPointer) throws(InvariantViolation) {
    guard input.count >= 1 else { return }
    let linkType = fuzzLinkTypes[Int(input[0] & 0x7f) % fuzzLinkTypes.count]
    var configuration = TrafficConfiguration()
    if input[0] & 0x80 != 0 {
        // Caps small enough that a fuzz input reaches every eviction path.
        configuration.maximumSegments = 2
        configuration.maximumHosts = 3
        configuration.maximumMemberships = 4
        configuration.maximumQueriersPerSegment = 2
        configuration.queriesPerWindow = 2
        configuration.reportsPerWindow = 2
        configuration.leavesPerWindow = 2
        configuration.queriedSourcesPerWindow = 4
        configuration.groupsPerHost = 2
        configuration.sourcesPerGroup = 3
        // Lists of allowed queriers, so that both protocols' not-listed paths are reached.
        configuration.queriers = [IPv4Address(192, 0, 2, 1)]
        configuration.mldQueriers = [IPv6Address(0xfe80, 0, 0, 0, 0, 0, 0, 1)]
    }
    var model = TrafficModel(configuration: configuration)
    var twin = TrafficModel(configuration: configuration)
    var time: Int64 = 1_767_225_600_000_000_000
    var offset = 1
    while offset + 2 <= input.count {
        let length = min(Int(input[offset]), input.count - offset - 2)
        let step = Int64(input[offset + 1])
        time += step == 255 ? -3_600_000_000_000 : step * step * 100_000_000
        let frame = UnsafeRawBufferPointer(rebasing: input[(offset + 2)..<(offset + 2 + length)])
        offset += 2 + length
        try checkTrafficFrame(RawSpan(_unsafeBytes: frame), linkType: linkType, at: TrafficTime(nanoseconds: time),
                              model: &model, twin: &twin)
    }
    let summary = model.summary(groups: true)
    // Each protocol has tables of its own, each with the caps; a segment's queriers and groups are of one protocol.
    for family in [ProtocolFamily.igmp, .mld] {
        let segments = summary.segments.filter { $0.family == family }
        guard segments.count <= configuration.maximumSegments + segments.filter({ $0.queriers.isEmpty }).count,
              segments.allSatisfy({ $0.queriers.count <= configuration.maximumQueriersPerSegment + 1 }),
              segments.map(\.hosts).reduce(0, +) <= configuration.maximumMemberships,
              segments.allSatisfy({ $0.groups.count == $0.groupCount && $0.groups.map(\.hosts).reduce(0, +) >= $0.hosts }),
              segments.allSatisfy({ $0.queriers.filter(\.isQuerier).count <= 1 }),
              segments.allSatisfy({ s in
                  s.queriers.allSatisfy { (family == .mld) == ($0.address.ipv6 != nil) }
                      && s.groups.allSatisfy { (family == .mld) == ($0.group.ipv6 != nil) }
              }) else {
            throw InvariantViolation("the traffic summary breaks a cap: \(summary)")
        }
    }
}

/// What must hold for one frame fed to the model: its traffic findings are traffic rules, inside the frame, counted
/// in the inspection, whose verdict is the worse of the two kinds, of the frame's own protocol; a frame that is
/// neither IGMP nor MLD leaves it untouched; and
/// a second model fed the same frames says the same.
func checkTrafficFrame(_ frame: RawSpan, linkType: LinkType, at time: TrafficTime, model: inout TrafficModel,
                       twin: inout TrafficModel) throws(InvariantViolation) {
    var alone = FindingBuffer()
    let inspection = Validator.validate(frame: frame, linkType: linkType, into: &alone)
    var traffic = FindingCollector()
    let judged = model.observe(frame: frame, linkType: linkType, at: time, judgedAlone: inspection, into: &traffic)
    var twinFindings = FindingCollector()
    _ = twin.observe(frame: frame, linkType: linkType, at: time, judgedAlone: inspection, into: &twinFindings)
    guard traffic.findings == twinFindings.findings else {
        throw InvariantViolation("two models fed the same frames disagree: \(traffic.findings) vs \(twinFindings.findings)")
    }
    guard inspection.isJudged || (judged == inspection && traffic.findings.isEmpty) else {
        throw InvariantViolation("a frame that was not judged got traffic findings: \(traffic.findings)")
    }
    for finding in traffic.findings {
        guard finding.rule.row.scope == .traffic, finding.offset >= 0, finding.offset < frame.byteCount,
              finding.rule.row.family == (inspection.isMLD ? .mld : .igmp) else {
            throw InvariantViolation("traffic finding \(finding) is not a traffic rule inside the frame of \(frame.byteCount) bytes")
        }
        _ = finding.message
    }
    let worst = traffic.findings.map(\.severity).max()
    let expected = [inspection.worstSeverity, worst].compactMap { $0 }.max()
    guard judged.findingCount == inspection.findingCount + traffic.findings.count, judged.worstSeverity == expected,
          judged.verdict == (inspection.isJudged ? Verdict(worst: expected) : nil) else {
        throw InvariantViolation("inspection \(judged) does not count the traffic findings \(traffic.findings) over \(inspection)")
    }
    guard inspection.verdict != .hostile || traffic.findings.isEmpty else {
        throw InvariantViolation("the model judged a hostile packet's traffic: \(traffic.findings)")
    }
}

/// Keeps every finding handed over (allocates: for tests and fuzzing).
struct FindingCollector: FindingSink {
    var findings: [Finding] = []
    mutating func append(_ finding: Finding) { findings.append(finding) }
}
