@_spi(Testing) import IGMP

/// An invariant that failed for some input. The fuzz targets turn it into a crash libFuzzer records; the unit tests
/// replay every recorded input and expect none.
public struct InvariantViolation: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// What must hold for any frame:
/// every finding's offset lies inside the frame, the verdict is the worst finding, a non-IGMP frame gets no finding,
/// the `mayCarryIGMP` prefilter never rules out an IGMP frame, the result is the full pass's (so the clean proof
/// before it never calls clean what a rule flags),
/// both `validate` overloads agree, the decoder and the walk find the same IPv4 header, the message alone fires the
/// frame's message rules,
/// only a capture cut makes a packet "not fully validated", and decoding walks within the message (`checkMessage`).
@discardableResult
public func checkFrame(_ frame: RawSpan, linkType: LinkType, wireLength: Int?) throws(InvariantViolation) -> Inspection {
    var findings = FindingBuffer()
    let result = Validator.validate(frame: frame, linkType: linkType, wireLength: wireLength, into: &findings)
    var worst: Severity? = nil
    for i in 0..<findings.count {
        let f = findings[i]
        guard f.offset >= 0 && (f.offset < frame.byteCount || (frame.byteCount == 0 && f.offset == 0)) else {
            throw InvariantViolation("finding \(f) outside a \(frame.byteCount)-byte frame")
        }
        if worst == nil || f.severity > worst! { worst = f.severity }
    }
    if findings.droppedCount == 0 {
        guard result.verdict == (result.isJudged ? Verdict(worst: worst) : nil) else {
            throw InvariantViolation("verdict \(String(describing: result.verdict)) but worst finding \(String(describing: worst))")
        }
        guard result.findingCount == findings.count else {
            throw InvariantViolation("finding count \(result.findingCount) != \(findings.count)")
        }
    }
    guard result.isJudged || findings.count == 0 else { throw InvariantViolation("findings on a frame that was not judged") }
    guard FrameWalk.mayCarryIGMP(frame, linkType: linkType) || !result.isJudged else {
        throw InvariantViolation("the prefilter ruled out a frame the validator judged")
    }
    // The clean proof (the validator's first stage) may only say clean where the full pass finds nothing. Only a
    // result without findings can have come from it (otherwise `validate` was the full pass), so only those are
    // judged again.
    if result.isJudged && result.findingCount == 0 {
        var fullFindings = FindingBuffer()
        let full = Validator.fullPass(frame: frame, linkType: linkType, wireLength: wireLength, into: &fullFindings)
        guard full == result, fullFindings.isEmpty else {
            throw InvariantViolation("validate gave \(result), the full pass \(full) \(fullFindings.array)")
        }
    }
    // The two `validate` overloads take the walk's steps in two shapes (the inlined one keeps the untagged-Ethernet
    // step and walks every other link header out of line): they must agree, finding for finding. A sink gets the
    // findings in the order checked; the buffer keeps the first it can hold, in offset order (ties as checked).
    var everyFinding = CollectingSink()
    let generic = Validator.validate(frame: frame, linkType: linkType, wireLength: wireLength, into: &everyFinding)
    let keptInOffsetOrder = everyFinding.findings.prefix(FindingBuffer.capacity).enumerated()
        .sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }.map(\.element)
    guard generic == result, keptInOffsetOrder == findings.array,
          everyFinding.findings.count == findings.count + findings.droppedCount else {
        throw InvariantViolation("validate into a FindingBuffer gave \(result) \(findings.array), into any sink \(generic) \(everyFinding.findings)")
    }
    let cut = (wireLength ?? frame.byteCount) > frame.byteCount
    guard result.isFullyValidated || cut else { throw InvariantViolation("a whole frame was judged not fully validated") }
    if let decoded = try? FrameDecoder.decode(frame, linkType: linkType) {
        // The decoder's steps and the walk's find the same IPv4 header.
        guard FrameWalk.locate(frame, linkType: linkType) == .igmp(ipOffset: decoded.ip.frameOffset) else {
            throw InvariantViolation("FrameDecoder found IGMP at \(decoded.ip.frameOffset), FrameWalk.locate \(String(describing: FrameWalk.locate(frame, linkType: linkType)))")
        }
        try checkMessage(decoded.igmp)
        // The message alone (as a socket hands it over) fires exactly the frame's message rules, at the same bytes
        // counted from its Type byte, wherever the frame holds all of it.
        if decoded.igmp.isComplete, !everyFinding.findings.contains(where: { $0.rule == .ipv4LengthInconsistent }) {
            let start = decoded.igmp.frameOffset
            var bare = CollectingSink()
            _ = Validator.validate(message: decoded.igmp.bytes, into: &bare)
            let expected = everyFinding.findings.filter { !rulesNeedingTheIPv4Header.contains($0.rule) }
                .map { Finding($0.rule, at: $0.offset - start, observed: $0.observed, limit: $0.limit) }
            guard bare.findings == expected else {
                throw InvariantViolation("the bare message gave \(bare.findings), the frame's message rules \(expected)")
            }
        }
    }
    // Located as MLD behind a whole chain (no flaw, not a fragment) with a message of 8 bytes or more: the decoder
    // finds it too, at the same IPv6 header.
    if case .mld(let ipOffset)? = FrameWalk.locate(frame, linkType: linkType), let ip = try? IPv6Packet(checking: frame, at: ipOffset) {
        let chain = ip.headerChain
        let start = chain.upperLayerFrameOffset - ipOffset - IPv6Packet.headerLength
        if chain.flaw == nil, chain.fragment.map({ $0.offset == 0 && !$0.moreFragments }) ?? true,
           ip.payload.byteCount - start >= MLDMessage.minimumLength {
            guard let decoded = try? FrameDecoder.decodeMLD(frame, linkType: linkType), decoded.ip.frameOffset == ipOffset else {
                throw InvariantViolation("FrameWalk located MLD at \(ipOffset) that FrameDecoder.decodeMLD does not decode")
            }
        }
    }
    if let decoded = try? FrameDecoder.decodeMLD(frame, linkType: linkType) {
        // The decoder's steps and the walk's find the same IPv6 header.
        guard FrameWalk.locate(frame, linkType: linkType) == .mld(ipOffset: decoded.ip.frameOffset), result.isMLD else {
            throw InvariantViolation("FrameDecoder found MLD at \(decoded.ip.frameOffset), FrameWalk.locate \(String(describing: FrameWalk.locate(frame, linkType: linkType)))")
        }
        try checkMessage(decoded.mld)
    }
    // MLD's rules fire only on MLD, IGMP's only on IGMP; `capture-truncated` is both's.
    for finding in everyFinding.findings where finding.rule != .captureTruncated {
        guard finding.rule.row.family == (result.isMLD ? .mld : .igmp) else {
            throw InvariantViolation("\(finding) fired on a frame judged as \(String(describing: result.family))")
        }
    }
    return result
}

/// What must hold for any decoded MLD message: iterators terminate within its length, counts never exceed what the
/// bytes hold, and a message that parses into a value emits back to exactly its own bytes (its checksum aside,
/// which the frame's encoder computes).
public func checkMessage(_ message: borrowing MLDMessage) throws(InvariantViolation) {
    let length = message.length
    guard length >= MLDMessage.minimumLength else { throw InvariantViolation("MLD message of \(length) bytes decoded") }
    _ = message.summary(.full)
    if let query = message.queryV2 {
        let sources = query.sources
        guard sources.count <= (length - MLDv2Query.headerLength) / 16 else { throw InvariantViolation("MLD query sources past the bytes") }
        for i in sources.indices { _ = sources[i] }
    }
    if let report = message.reportV2 {
        var records = report.records
        var walked = 0
        var bytes = MLDv2Report.headerLength
        while let record = try? records.next() {
            walked += 1
            bytes += record.length
            guard record.sources.count == record.numberOfSources else { throw InvariantViolation("MLD record handed out with missing sources") }
            guard record.auxData.byteCount == 4 * record.auxDataLength else { throw InvariantViolation("MLD aux data length mismatch") }
            guard bytes <= length else { throw InvariantViolation("MLD records walked past the message") }
        }
        guard walked <= report.numberOfRecords && walked <= (length - 8) / 20 else { throw InvariantViolation("more MLD records than fit") }
    }
    if message.isComplete, let repr = try? MLDRepr.parse(message) {
        var emitted: [UInt8] = []
        repr.emit(code: message.code, checksum: message.checksum, into: &emitted)
        let original = message.bytes
        guard emitted.count == original.byteCount else {
            throw InvariantViolation("re-emitted \(emitted.count) MLD bytes for \(original.byteCount)")
        }
        for i in 0..<emitted.count where emitted[i] != original.unsafeLoad(fromByteOffset: i, as: UInt8.self) {
            throw InvariantViolation("re-emitted MLD message differs at byte \(i)")
        }
    }
}

/// The rules that judge the IPv4 header, the capture or where the message was sent: a message validated without
/// its header (`Validator.validate(message:into:)`) cannot fire them.
public let rulesNeedingTheIPv4Header: Set<Rule> = [
    .ms06007OptionsPattern, .ipv4OptionMalformed, .fragmentedIGMP, .ipv4LengthInconsistent, .ttlNotOne,
    .ipv4ChecksumInvalid, .ipv4ChecksumZero, .routerAlertMissing, .tosNotInternetControl, .generalQueryDestination,
    .reportDestination, .captureTruncated,
]

/// A sink of the caller's own that keeps every finding, however many: the generic
/// `Validator.validate(into: some FindingSink)` path.
public struct CollectingSink: FindingSink {
    public var findings: [Finding] = []
    public init() {}
    public mutating func append(_ finding: Finding) { findings.append(finding) }
}

/// What must hold for any decoded message: iterators terminate within its length, counts never exceed what the
/// bytes hold, and a message that parses into a value emits back to exactly its own bytes.
public func checkMessage(_ message: borrowing IGMPMessage) throws(InvariantViolation) {
    let length = message.length
    guard length >= IGMPMessage.minimumLength else { throw InvariantViolation("message of \(length) bytes decoded") }
    _ = message.summary(.full)
    if let query = message.queryV3 {
        let sources = query.sources
        guard sources.count <= (length - MembershipQueryV3.headerLength) / 4 else {
            throw InvariantViolation("query source count past the bytes")
        }
        for i in 0..<sources.count { _ = sources[i] }
    }
    if let report = message.reportV3 {
        var records = report.records
        var walked = 0
        var bytes = MembershipReportV3.headerLength
        while let record = try? records.next() {
            walked += 1
            bytes += record.length
            guard record.length >= GroupRecord.headerLength else { throw InvariantViolation("record shorter than its header") }
            guard record.sources.count == record.numberOfSources else { throw InvariantViolation("record handed out with missing sources") }
            guard record.auxData.byteCount == 4 * record.auxDataLength else { throw InvariantViolation("aux data length mismatch") }
            guard bytes <= length else { throw InvariantViolation("records walked past the message") }
        }
        guard walked <= report.numberOfGroupRecords && walked <= (length - 8) / 8 else {
            throw InvariantViolation("more records than fit")
        }
    }
    if let repr = try? IGMPRepr.parse(message) {
        let emitted = repr.bytes
        let original = message.bytes
        guard emitted.count == original.byteCount else {
            throw InvariantViolation("re-emitted \(emitted.count) bytes for \(original.byteCount)")
        }
        for i in 0..<emitted.count where emitted[i] != original.unsafeLoad(fromByteOffset: i, as: UInt8.self) {
            throw InvariantViolation("re-emitted message differs at byte \(i)")
        }
    }
}

/// The link types a fuzz input's first byte selects.
public let fuzzLinkTypes: [LinkType] = [.ethernet, .linuxSLL, .linuxSLL2, .raw, .null, .loop, .ipv4, .rawDLT, .ipv6]

/// The frame fuzz target's input convention, shared with the regression tests: byte 0 picks the link type, bit 7 of
/// byte 1 says the capture cut the packet (wire length larger than the bytes by 1 + the low 7 bits).
public func checkFrameInput(_ input: UnsafeRawBufferPointer) throws(InvariantViolation) {
    guard input.count >= 2 else { return }
    let linkType = fuzzLinkTypes[Int(input[0]) % fuzzLinkTypes.count]
    let frame = UnsafeRawBufferPointer(rebasing: input[2...])
    let wireLength = input[1] & 0x80 != 0 ? frame.count + Int(input[1] & 0x7f) + 1 : nil
    try checkFrame(RawSpan(_unsafeBytes: frame), linkType: linkType, wireLength: wireLength)
}

/// The IGMP fuzz target's input convention: the bytes as a message, as an IPv4 packet, and behind a conforming
/// IPv4 header.
public func checkIGMPInput(_ input: UnsafeRawBufferPointer) throws(InvariantViolation) {
    let span = RawSpan(_unsafeBytes: input)
    if let message = try? IGMPMessage(checking: span, frameOffset: 0) {
        try checkMessage(message)
        _ = message.kind
        _ = message.maxResponseTime
    }
    try checkFrame(span, linkType: .raw, wireLength: nil)
    var packet: [UInt8] = []
    IPv4Repr(source: IPv4Address(192, 0, 2, 1), destination: .allSystems).emit(payloadLength: input.count, into: &packet)
    packet.append(contentsOf: input)
    let failure: InvariantViolation? = packet.withUnsafeBytes { raw in
        do throws(InvariantViolation) { try checkFrame(RawSpan(_unsafeBytes: raw), linkType: .raw, wireLength: nil) } catch { return error }
        return nil
    }
    if let failure { throw failure }
}
