/// The full pass: walks an IPv4 IGMP frame the clean proof did not settle and reports every rule that fires, each
/// at the frame offset its view gives. The sink is threaded through as `inout` rather than stored, so a large sink
/// is never copied.
struct FullPass<Sink: FindingSink> {
    let captureCut: Bool
    let frameLength: Int
    let wireLength: Int
    /// The rules that fired, as a set of rule numbers (bit n: rule number n): the worst severity is looked up once,
    /// at the end, rather than in the catalogue for every finding.
    var firedRuleNumbers: UInt128 = 0
    var count = 0
    var kind: MessageKind? = nil
    var fullyValidated = true
    var decodeError: DecodeError? = nil
    /// Whether the options hold a well-formed Router Alert (found by the one options walk).
    var hasRouterAlert = false
    /// The protocol judged: IGMP, or MLD for the pass of `FullPass+MLD.swift`.
    var family = ProtocolFamily.igmp

    init(captureCut: Bool, frameLength: Int, wireLength: Int) {
        self.captureCut = captureCut
        self.frameLength = frameLength
        self.wireLength = wireLength
    }

    /// Judges a frame whose IPv4 header starts at `ipOffset` with version 4 and protocol 2.
    @inline(__always)
    static func judge(_ frame: RawSpan, ipOffset: Int, wireLength: Int?, sink: inout Sink) -> Inspection {
        var pass = FullPass(captureCut: (wireLength ?? 0) > frame.byteCount, frameLength: frame.byteCount,
                            wireLength: wireLength ?? frame.byteCount)
        return pass.validate(frame, ipOffset: ipOffset, &sink)
    }

    /// Judges an IGMP message given without its IPv4 header.
    static func judgeBare(_ message: RawSpan, sink: inout Sink) -> Inspection {
        var pass = FullPass(captureCut: false, frameLength: message.byteCount, wireLength: message.byteCount)
        return pass.validateBare(message, &sink)
    }

    @inline(__always)
    mutating func report(_ sink: inout Sink, _ rule: Rule, at offset: Int, observed: Int = 0, limit: Int = 0) {
        // Every offset names a byte of the frame, even when the field it means lies past a cut.
        let inside = max(0, min(offset, frameLength - 1))
        sink.append(Finding(rule, at: inside, observed: observed, limit: limit))
        count += 1
        firedRuleNumbers |= 1 << UInt128(truncatingIfNeeded: rule.rawValue)
    }

    /// The capture cut this packet: say so once, and stop trusting missing bytes.
    mutating func reportCaptureCut(_ sink: inout Sink, at offset: Int) {
        if fullyValidated {
            report(&sink, .captureTruncated, at: offset, observed: frameLength, limit: wireLength)
        }
        fullyValidated = false
    }

    @inline(__always)
    func result() -> Inspection {
        let worst = firedRuleNumbers == 0 ? nil : RuleCatalogue.worstSeverity(ofRuleNumbers: firedRuleNumbers)
        return Inspection(family: family, verdict: Verdict(worst: worst), worstSeverity: worst, findingCount: count,
                          isFullyValidated: fullyValidated, kind: kind, decodeError: decodeError)
    }

    /// Validates a frame already known to carry IPv4 protocol 2 at `ipOffset`: the IPv4 header, then the message.
    /// Inlined so that the result is built in the caller's return slot, not copied out.
    @inline(__always)
    mutating func validate(_ frame: RawSpan, ipOffset: Int, _ sink: inout Sink) -> Inspection {
        let ip: IPv4Packet
        do {
            ip = try IPv4Packet(checking: frame, at: ipOffset)
        } catch {
            decodeError = error
            if error.reason == .truncatedIPv4Header && captureCut {
                reportCaptureCut(&sink, at: ipOffset)
            } else {
                report(&sink, .ipv4LengthInconsistent, at: error.offset, observed: error.expected, limit: error.found)
            }
            return result()
        }

        validateIPv4Header(ip, &sink)

        if ip.isPayloadCut {
            if captureCut {
                reportCaptureCut(&sink, at: ipOffset)
            } else {
                report(&sink, .ipv4LengthInconsistent, at: ip.frameOffset(of: IPv4Packet.Field.totalLength),
                       observed: ip.totalLength, limit: ip.headerLength + ip.payload.byteCount)
            }
        }

        if ip.isFragment {
            report(&sink, .fragmentedIGMP, at: ip.frameOffset(of: IPv4Packet.Field.flagsAndFragmentOffset),
                   observed: Int(ip.header.uint16(at: IPv4Packet.Field.flagsAndFragmentOffset)))
            decodeError = DecodeError(.fragment, at: ip.frameOffset(of: IPv4Packet.Field.flagsAndFragmentOffset))
            // Only the first fragment starts with the IGMP header; name its type, judge nothing more.
            if ip.fragmentOffset == 0, ip.payload.byteCount >= IGMPMessage.minimumLength {
                let type = IGMPType(rawValue: ip.payload.uint8(at: 0))
                kind = MessageKind(type: type, length: ip.totalLength - ip.headerLength,
                                   maxRespCode: ip.payload.uint8(at: 1))
            }
            return result()
        }

        let messageOffset = ip.frameOffset(of: ip.headerLength)
        let declaredLength = ip.totalLength - ip.headerLength
        let message: IGMPMessage
        do {
            message = try IGMPMessage(payloadOf: ip)
        } catch {
            decodeError = error
            if declaredLength < IGMPMessage.minimumLength {
                // With no byte of the message present, point at the length field that made it short.
                let offset = ip.payload.byteCount > 0 ? messageOffset : ip.frameOffset(of: IPv4Packet.Field.totalLength)
                report(&sink, .igmpTooShort, at: offset, observed: declaredLength)
            } else if captureCut {
                reportCaptureCut(&sink, at: messageOffset)
            }
            // Otherwise the datagram itself is short, which `ipv4LengthInconsistent` has already said.
            return result()
        }
        let kind = message.kind
        if let version = kind.version {
            validateMembershipEnvelope(ip, version: version, &sink)
        }
        validateMessage(message, kind, sentTo: Destination(address: ip.destination,
                                                           frameOffset: ip.frameOffset(of: IPv4Packet.Field.destination)), &sink)
        return result()
    }

    /// Validates a message given without its IPv4 header (from a socket that strips it): the message's own rules,
    /// each at its offset in `bytes`. The rules on the IPv4 header and on where the message was sent cannot be
    /// judged without it.
    mutating func validateBare(_ bytes: RawSpan, _ sink: inout Sink) -> Inspection {
        do {
            let message = try IGMPMessage(checking: bytes, frameOffset: 0)
            validateMessage(message, message.kind, sentTo: nil, &sink)
        } catch {
            decodeError = error
            report(&sink, .igmpTooShort, at: 0, observed: bytes.byteCount)
        }
        return result()
    }

    /// The message's own rules. `kind` is the message's, `destination` is where the IPv4 header sent it (nil for a bare
    /// message). Inlined into both callers: as a call, with the views passed by address, it slowed the frame's pass.
    @inline(__always)
    mutating func validateMessage(_ message: borrowing IGMPMessage, _ kind: MessageKind, sentTo destination: Destination?,
                                  _ sink: inout Sink) {
        self.kind = kind
        // Whole: every byte the IPv4 header promised is here, so counts and checksums can be judged.
        let whole = message.isComplete

        if whole && !message.isChecksumValid {
            report(&sink, .igmpChecksumInvalid, at: message.frameOffset(of: IGMPMessage.Field.checksum), observed: Int(message.checksum))
        }

        switch kind {
        case .queryInvalidLength:
            report(&sink, .queryLengthInvalid, at: message.frameOffset, observed: message.declaredLength)
        case .queryV1, .queryV2:
            validateGroup(message.group, isQuery: true, sentTo: destination, at: message.frameOffset(of: IGMPMessage.Field.group), &sink)
        case .queryV3:
            if let query = message.queryV3 { validateQueryV3(query, sentTo: destination, whole: whole, &sink) }
        case .reportV1, .reportV2, .leaveV2:
            validateGroup(message.group, isQuery: false, sentTo: destination, at: message.frameOffset(of: IGMPMessage.Field.group), &sink)
            if message.maxRespCode != 0 {
                report(&sink, .reservedBitsSet, at: message.frameOffset(of: IGMPMessage.Field.maxRespCode), observed: Int(message.maxRespCode))
            }
        case .reportV3:
            if let report = message.reportV3 { validateReportV3(report, sentTo: destination, whole: whole, &sink) }
        case .mld:
            break  // MLD is judged by `validateMLD`, never here.
        case .other(let type):
            if !type.isKnown {
                report(&sink, .unknownType, at: message.frameOffset(of: IGMPMessage.Field.type), observed: Int(type.rawValue))
            }
        }
    }

    /// Checksum and options: checks every IGMP packet needs, whatever its message.
    mutating func validateIPv4Header(_ ip: borrowing IPv4Packet, _ sink: inout Sink) {
        let checksumValid = ip.isHeaderChecksumValid
        if ip.headerChecksum == 0 && !checksumValid {
            // Transmit offload leaves zero in the field. (A zero that verifies is a correct checksum: it happens when
            // the rest of the header sums to one's-complement -0.)
            report(&sink, .ipv4ChecksumZero, at: ip.frameOffset(of: IPv4Packet.Field.headerChecksum))
        } else if !checksumValid {
            report(&sink, .ipv4ChecksumInvalid, at: ip.frameOffset(of: IPv4Packet.Field.headerChecksum), observed: Int(ip.headerChecksum))
        }
        let optionBytes = ip.optionBytes
        guard optionBytes.byteCount > 0 else { return }
        // Nearly every IGMPv2/v3 packet carries exactly one Router Alert (94 04 00 00): nothing to walk.
        if optionBytes.byteCount == 4 && optionBytes.uint32(at: 0) == 0x9404_0000 {
            hasRouterAlert = true
            return
        }
        let optionsOffset = ip.frameOffset(of: IPv4Packet.Field.options)

        // The MS06-007 trigger: options that open with two End of Option List bytes.
        if optionBytes.byteCount >= 2, optionBytes.uint8(at: 0) == IPv4Option.Kind.endOfList,
           optionBytes.uint8(at: 1) == IPv4Option.Kind.endOfList {
            report(&sink, .ms06007OptionsPattern, at: optionsOffset)
            return
        }
        var walker = ip.options
        var routerAlert = false
        var firstError: IPv4OptionError? = nil
        while true {
            do {
                guard let option = try walker.next() else { break }
                if option.isRouterAlert { routerAlert = true }
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        hasRouterAlert = routerAlert
        guard let error = firstError else { return }
        let lengthLie = error.reason != .routerAlertBadLength
        if lengthLie && !routerAlert {
            report(&sink, .ms06007OptionsPattern, at: error.offset, observed: Int(error.type), limit: error.declaredLength)
        } else {
            report(&sink, .ipv4OptionMalformed, at: error.offset, observed: Int(error.type), limit: error.declaredLength)
        }
    }

    /// IP-level expectations of membership messages (RFC 2236 2, RFC 3376 4).
    mutating func validateMembershipEnvelope(_ ip: borrowing IPv4Packet, version: Int, _ sink: inout Sink) {
        if ip.timeToLive != 1 {
            report(&sink, .ttlNotOne, at: ip.frameOffset(of: IPv4Packet.Field.timeToLive), observed: Int(ip.timeToLive))
        }
        if version >= 2 && !hasRouterAlert { report(&sink, .routerAlertMissing, at: ip.frameOffset) }
        if version == 3 && ip.typeOfService != Validator.internetControlTOS {
            report(&sink, .tosNotInternetControl, at: ip.frameOffset(of: IPv4Packet.Field.typeOfService), observed: Int(ip.typeOfService))
        }
    }

    /// Group address rules shared by v1/v2 queries, reports and leaves.
    mutating func validateGroup(_ group: IPv4Address, isQuery: Bool, sentTo destination: Destination?, at offset: Int,
                                _ sink: inout Sink) {
        if isQuery && group == .any {
            if let destination, destination.address != .allSystems {
                report(&sink, .generalQueryDestination, at: destination.frameOffset, observed: Int(destination.address.rawValue))
            }
        } else if !group.isMulticast {
            report(&sink, .groupNotMulticast, at: offset, observed: Int(group.rawValue))
        }
    }

    mutating func validateQueryV3(_ query: borrowing MembershipQueryV3, sentTo destination: Destination?, whole: Bool,
                                  _ sink: inout Sink) {
        if query.maxRespCode == 0 {
            report(&sink, .maxRespCodeZero, at: query.frameOffset(of: IGMPMessage.Field.maxRespCode))
        }
        if query.flags != 0 {
            report(&sink, .reservedBitsSet, at: query.frameOffset(of: MembershipQueryV3.Field.flagsSQRV), observed: Int(query.flags) << 4)
        }
        validateGroup(query.group, isQuery: true, sentTo: destination, at: query.frameOffset(of: IGMPMessage.Field.group), &sink)
        let sourceCount = query.numberOfSources
        let countOffset = query.frameOffset(of: MembershipQueryV3.Field.numberOfSources)
        if query.group == .any && sourceCount > 0 {
            report(&sink, .generalQueryWithSources, at: countOffset, observed: sourceCount)
        }
        if !query.sourcesFit {
            if whole {
                report(&sink, .querySourceCountOverflow, at: countOffset, observed: sourceCount, limit: query.bytes.byteCount)
            } else if captureCut {
                reportCaptureCut(&sink, at: query.frameOffset)
            }
            // Otherwise the datagram is shorter than its Total Length, already `ipv4LengthInconsistent`.
        }
        if sourceCount > Validator.maximumQuerySourcesInMTU {
            report(&sink, .sourceCountExceedsMTU, at: countOffset, observed: sourceCount, limit: Validator.maximumQuerySourcesInMTU)
        }
        let sources = query.sources
        if sources.count > 1, let duplicate = DuplicateSourceScan.firstDuplicate(in: sources) {
            report(&sink, .duplicateSources, at: sources.frameOffset(of: duplicate), observed: Int(sources[duplicate].rawValue))
        }
    }

    mutating func validateReportV3(_ report: borrowing MembershipReportV3, sentTo destination: Destination?, whole: Bool,
                                   _ sink: inout Sink) {
        if report.reserved != 0 {
            self.report(&sink, .reservedBitsSet, at: report.frameOffset(of: MembershipReportV3.Field.reserved1), observed: Int(report.reserved))
        }
        if report.flags != 0 {
            self.report(&sink, .reservedBitsSet, at: report.frameOffset(of: MembershipReportV3.Field.flags), observed: Int(report.flags))
        }
        if let destination, destination.address != .igmpv3Routers {
            self.report(&sink, .reportDestination, at: destination.frameOffset, observed: Int(destination.address.rawValue))
        }
        var records = report.records
        while true {
            do {
                guard let record = try records.next() else { break }
                validateRecord(record, &sink)
            } catch {
                guard whole else {
                    // Counts cannot be judged past the bytes: a capture cut says so; a short datagram was already
                    // reported as `ipv4LengthInconsistent`.
                    if captureCut { reportCaptureCut(&sink, at: report.frameOffset) }
                    break
                }
                switch error.reason {
                case .sourceCountOverflow:
                    self.report(&sink, .recordSourceCountOverflow, at: error.offset, observed: error.expected, limit: error.found)
                case .auxDataOverflow:
                    self.report(&sink, .recordAuxDataOverflow, at: error.offset, observed: error.expected, limit: error.found)
                default:
                    self.report(&sink, .reportRecordCountOverflow, at: report.frameOffset(of: MembershipReportV3.Field.numberOfGroupRecords),
                                observed: report.numberOfGroupRecords, limit: records.index)
                }
                break
            }
        }
    }

    mutating func validateRecord(_ record: borrowing GroupRecord, _ sink: inout Sink) {
        if !record.type.isKnown {
            report(&sink, .unknownRecordType, at: record.frameOffset(of: GroupRecord.Field.type), observed: Int(record.type.rawValue))
        }
        let group = record.group
        if !group.isMulticast {
            report(&sink, .groupNotMulticast, at: record.frameOffset(of: GroupRecord.Field.group), observed: Int(group.rawValue))
        }
        if record.numberOfSources > Validator.maximumRecordSourcesInMTU {
            report(&sink, .sourceCountExceedsMTU, at: record.frameOffset(of: GroupRecord.Field.numberOfSources),
                   observed: record.numberOfSources, limit: Validator.maximumRecordSourcesInMTU)
        }
        let sources = record.sources
        if sources.count > 1, let duplicate = DuplicateSourceScan.firstDuplicate(in: sources) {
            report(&sink, .duplicateSources, at: sources.frameOffset(of: duplicate), observed: Int(sources[duplicate].rawValue))
        }
    }
}

/// Where the IPv4 header sent a message, for the rules on destinations: the address and its field's frame offset.
struct Destination {
    let address: IPv4Address
    let frameOffset: Int
}
