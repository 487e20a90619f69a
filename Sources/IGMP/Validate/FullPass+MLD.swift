/// The full pass for MLD: the IPv6 header, its header chain, then the MLD message, every rule reported at the frame
/// offset its view gives. The twin of the IGMP pass in `FullPass.swift`, sharing its reporting and verdict.
extension FullPass {
    /// Sources that fit a 1280-byte packet, the IPv6 minimum MTU (RFC 8200 5): (1280 - 40 IPv6 - 8 Hop-by-Hop - 28)
    /// / 16 in a query, (1280 - 40 - 8 - 8 report header - 20 record header) / 16 in a one-record report.
    static var maximumMLDQuerySources: Int { 75 }
    static var maximumMLDRecordSources: Int { 75 }

    /// Judges a frame whose IPv6 header starts at `ipOffset` and whose chain leads to MLD (`FrameWalk.locateMLD`).
    static func judgeMLD(_ frame: RawSpan, ipOffset: Int, wireLength: Int?, sink: inout Sink) -> Inspection {
        var pass = FullPass(captureCut: (wireLength ?? 0) > frame.byteCount, frameLength: frame.byteCount,
                            wireLength: wireLength ?? frame.byteCount)
        pass.family = .mld
        return pass.validateMLD(frame, ipOffset: ipOffset, &sink)
    }

    mutating func validateMLD(_ frame: RawSpan, ipOffset: Int, _ sink: inout Sink) -> Inspection {
        let ip: IPv6Packet
        do {
            ip = try IPv6Packet(checking: frame, at: ipOffset)
        } catch {
            decodeError = error
            if captureCut {
                reportCaptureCut(&sink, at: ipOffset)
            } else {
                report(&sink, .ipv6LengthInconsistent, at: error.offset, observed: error.expected, limit: error.found)
            }
            return result()
        }
        if ip.isPayloadCut {
            if captureCut {
                reportCaptureCut(&sink, at: ipOffset)
            } else {
                report(&sink, .ipv6LengthInconsistent, at: ip.frameOffset(of: IPv6Packet.Field.payloadLength),
                       observed: ip.payloadLength, limit: ip.payload.byteCount)
            }
        }

        let chain = ip.headerChain
        if let flaw = chain.flaw {
            decodeError = DecodeError(.extensionHeaderMalformed, at: flaw.frameOffset, expected: flaw.declaredLength)
            // A header that runs past bytes the capture cut, but not past the Payload Length, is not a lie; one that
            // runs past the Payload Length is, cut or not.
            let payloadEnd = ip.frameOffset + IPv6Packet.headerLength + ip.payloadLength
            if !(flaw.reason == .headerRunsPast && captureCut && ip.isPayloadCut && flaw.claimedEnd <= payloadEnd) {
                // The reason's number and the header's (or option's) type, for the finding's message.
                let reason = FlawReasonCode.of(flaw.reason)
                report(&sink, .mldExtensionHeaderMalformed, at: flaw.frameOffset, observed: reason << 8 | Int(flaw.type),
                       limit: flaw.declaredLength)
            }
            // A flaw inside the bounds leaves the message to judge; one that broke the walk does not.
            guard chain.upperLayerProtocol != nil else { return result() }
        }
        if let fragment = chain.fragment, fragment.offset != 0 || fragment.moreFragments {
            let fieldOffset = fragment.frameOffset + 2
            report(&sink, .fragmentedMLD, at: fieldOffset, observed: Int(frame.uint16(at: fieldOffset)))
            decodeError = DecodeError(.fragment, at: fieldOffset)
            // Only the first fragment starts with the MLD header; name its type, judge nothing more.
            if fragment.offset == 0, chain.upperLayerProtocol == IPv6NextHeader.icmpv6,
               chain.upperLayerFrameOffset < ip.frameOffset + IPv6Packet.headerLength + ip.payload.byteCount,
               let kind = MLDKind(type: frame.uint8(at: chain.upperLayerFrameOffset),
                                  length: declaredMessageLength(ip, from: chain.upperLayerFrameOffset)) {
                self.kind = .mld(kind)
            }
            return result()
        }
        guard chain.upperLayerProtocol == IPv6NextHeader.icmpv6 else { return result() }

        let messageOffset = chain.upperLayerFrameOffset
        let declaredLength = declaredMessageLength(ip, from: messageOffset)
        let payloadEnd = ip.frameOffset + IPv6Packet.headerLength + ip.payload.byteCount
        let messageBytes = ip.payload.extracting((messageOffset - ip.frameOffset - IPv6Packet.headerLength)..<ip.payload.byteCount)
        let message: MLDMessage
        do {
            message = try MLDMessage(checking: messageBytes, frameOffset: messageOffset, declaredLength: declaredLength)
        } catch {
            decodeError = error
            if declaredLength < MLDMessage.minimumLength {
                let offset = messageOffset < payloadEnd ? messageOffset : ip.frameOffset(of: IPv6Packet.Field.payloadLength)
                report(&sink, .mldTooShort, at: offset, observed: declaredLength, limit: MLDMessage.minimumLength)
            } else if captureCut {
                reportCaptureCut(&sink, at: messageOffset)
            }
            return result()
        }
        guard let kind = message.kind else { return result() }
        self.kind = .mld(kind)
        if kind != .reportV2 && declaredLength < MLDMessage.listenerMessageLength {
            decodeError = DecodeError(.mldTooShort, at: messageOffset, expected: MLDMessage.listenerMessageLength, found: declaredLength)
            report(&sink, .mldTooShort, at: messageOffset, observed: declaredLength, limit: MLDMessage.listenerMessageLength)
            return result()
        }
        let whole = message.isComplete
        let finalDestination = chain.routingFinalDestination ?? ip.destination
        if whole && !message.isChecksumValid(source: ip.source, destination: finalDestination) {
            report(&sink, .mldChecksumInvalid, at: message.frameOffset(of: MLDMessage.Field.checksum), observed: Int(message.checksum))
        }
        validateMLDEnvelope(ip, chain: chain, kind: kind, &sink)
        if message.code != 0 {
            report(&sink, .mldReservedBitsSet, at: message.frameOffset(of: MLDMessage.Field.code), observed: Int(message.code))
        }
        let destination = MLDDestination(address: finalDestination, frameOffset: ip.frameOffset(of: IPv6Packet.Field.destination))
        switch kind {
        case .queryInvalidLength:
            report(&sink, .mldQueryLengthInvalid, at: message.frameOffset, observed: declaredLength)
        case .queryV1:
            if message.reserved != 0 {
                report(&sink, .mldReservedBitsSet, at: message.frameOffset(of: MLDMessage.Field.reserved), observed: Int(message.reserved))
            }
            if let address = message.multicastAddress {
                validateMLDAddress(address, isQuery: true, sentTo: destination,
                                   at: message.frameOffset(of: MLDMessage.Field.multicastAddress), &sink)
            }
        case .reportV1, .done:
            if message.maximumResponseCode != 0 {
                report(&sink, .mldReservedBitsSet, at: message.frameOffset(of: MLDMessage.Field.maximumResponseCode),
                       observed: Int(message.maximumResponseCode))
            }
            if message.reserved != 0 {
                report(&sink, .mldReservedBitsSet, at: message.frameOffset(of: MLDMessage.Field.reserved), observed: Int(message.reserved))
            }
            if let address = message.multicastAddress {
                validateMLDAddress(address, isQuery: false, sentTo: destination,
                                   at: message.frameOffset(of: MLDMessage.Field.multicastAddress), &sink)
            }
        case .queryV2:
            if let query = message.queryV2 { validateMLDQueryV2(query, sentTo: destination, whole: whole, &sink) }
        case .reportV2:
            if let report = message.reportV2 { validateMLDReportV2(report, sentTo: destination, whole: whole, &sink) }
        }
        return result()
    }

    /// The message length Payload Length leaves after the extension headers.
    func declaredMessageLength(_ ip: borrowing IPv6Packet, from messageOffset: Int) -> Int {
        max(0, ip.payloadLength - (messageOffset - ip.frameOffset - IPv6Packet.headerLength))
    }

    /// IPv6-level expectations of every MLD message (RFC 3810 5, RFC 2710 3): Hop Limit 1, a link-local source (or
    /// `::` for a report), a Hop-by-Hop Router Alert of value 0.
    mutating func validateMLDEnvelope(_ ip: borrowing IPv6Packet, chain: IPv6HeaderChain, kind: MLDKind, _ sink: inout Sink) {
        if ip.hopLimit != 1 {
            report(&sink, .mldHopLimitNotOne, at: ip.frameOffset(of: IPv6Packet.Field.hopLimit), observed: Int(ip.hopLimit))
        }
        if !MLDKind.maySend(type: kind.type, from: ip.source) {
            report(&sink, .mldSourceNotLinkLocal, at: ip.frameOffset(of: IPv6Packet.Field.source))
        }
        // A Router Alert counts only in a Hop-by-Hop header that comes first (RFC 8200 4.1): nobody acts on another.
        if chain.hasHopByHop, let value = chain.routerAlert {
            if value != IPv6HeaderChain.routerAlertMLD {
                report(&sink, .mldRouterAlertMissing, at: ip.frameOffset + IPv6Packet.headerLength, observed: Int(value), limit: 1)
            }
        } else {
            report(&sink, .mldRouterAlertMissing, at: ip.frameOffset(of: IPv6Packet.Field.nextHeader))
        }
    }

    /// The address rules of queries, MLDv1 reports and Done: a General Query goes to ff02::1, any other address is
    /// multicast.
    mutating func validateMLDAddress(_ address: IPv6Address, isQuery: Bool, sentTo destination: MLDDestination, at offset: Int,
                                     _ sink: inout Sink) {
        if isQuery && address.isUnspecified {
            if destination.address != .allNodes {
                report(&sink, .mldGeneralQueryDestination, at: destination.frameOffset)
            }
        } else if !address.isMulticast {
            report(&sink, .mldGroupNotMulticast, at: offset)
        }
    }

    mutating func validateMLDQueryV2(_ query: borrowing MLDv2Query, sentTo destination: MLDDestination, whole: Bool,
                                     _ sink: inout Sink) {
        if query.maximumResponseCode == 0 {
            report(&sink, .mldMaxRespCodeZero, at: query.frameOffset(of: MLDMessage.Field.maximumResponseCode))
        }
        if query.reserved != 0 {
            report(&sink, .mldReservedBitsSet, at: query.frameOffset(of: MLDMessage.Field.reserved), observed: Int(query.reserved))
        }
        if query.flags != 0 {
            report(&sink, .mldReservedBitsSet, at: query.frameOffset(of: MLDv2Query.Field.flagsSQRV), observed: Int(query.flags) << 4)
        }
        let address = query.multicastAddress
        validateMLDAddress(address, isQuery: true, sentTo: destination,
                           at: query.frameOffset(of: MLDMessage.Field.multicastAddress), &sink)
        let sourceCount = query.numberOfSources
        let countOffset = query.frameOffset(of: MLDv2Query.Field.numberOfSources)
        if address.isUnspecified && sourceCount > 0 {
            report(&sink, .mldGeneralQueryWithSources, at: countOffset, observed: sourceCount)
        }
        if !query.sourcesFit {
            if whole {
                report(&sink, .mldQuerySourceCountOverflow, at: countOffset, observed: sourceCount, limit: query.bytes.byteCount)
            } else if captureCut {
                reportCaptureCut(&sink, at: query.frameOffset)
            }
        }
        if sourceCount > Self.maximumMLDQuerySources {
            report(&sink, .mldSourceCountExceedsMTU, at: countOffset, observed: sourceCount, limit: Self.maximumMLDQuerySources)
        }
        let sources = query.sources
        if let duplicate = IPv6DuplicateSourceScan.firstDuplicate(in: sources) {
            report(&sink, .mldDuplicateSources, at: sources.frameOffset(of: duplicate))
        }
    }

    mutating func validateMLDReportV2(_ report: borrowing MLDv2Report, sentTo destination: MLDDestination, whole: Bool,
                                      _ sink: inout Sink) {
        if report.reserved != 0 {
            self.report(&sink, .mldReservedBitsSet, at: report.frameOffset(of: MLDv2Report.Field.reserved), observed: Int(report.reserved))
        }
        if destination.address != .allMLDv2Routers {
            self.report(&sink, .mldReportDestination, at: destination.frameOffset)
        }
        var records = report.records
        while true {
            do {
                guard let record = try records.next() else { break }
                validateMLDRecord(record, &sink)
            } catch {
                guard whole else {
                    if captureCut { reportCaptureCut(&sink, at: report.frameOffset) }
                    break
                }
                switch error.reason {
                case .sourceCountOverflow:
                    self.report(&sink, .mldRecordSourceCountOverflow, at: error.offset, observed: error.expected, limit: error.found)
                case .auxDataOverflow:
                    self.report(&sink, .mldRecordAuxDataOverflow, at: error.offset, observed: error.expected, limit: error.found)
                default:
                    self.report(&sink, .mldReportRecordCountOverflow, at: report.frameOffset(of: MLDv2Report.Field.numberOfRecords),
                                observed: report.numberOfRecords, limit: records.index)
                }
                break
            }
        }
    }

    mutating func validateMLDRecord(_ record: borrowing MLDAddressRecord, _ sink: inout Sink) {
        if !record.type.isKnown {
            report(&sink, .mldUnknownRecordType, at: record.frameOffset(of: MLDAddressRecord.Field.type), observed: Int(record.type.rawValue))
        }
        if !record.multicastAddress.isMulticast {
            report(&sink, .mldGroupNotMulticast, at: record.frameOffset(of: MLDAddressRecord.Field.multicastAddress))
        }
        if record.numberOfSources > Self.maximumMLDRecordSources {
            report(&sink, .mldSourceCountExceedsMTU, at: record.frameOffset(of: MLDAddressRecord.Field.numberOfSources),
                   observed: record.numberOfSources, limit: Self.maximumMLDRecordSources)
        }
        let sources = record.sources
        if let duplicate = IPv6DuplicateSourceScan.firstDuplicate(in: sources) {
            report(&sink, .mldDuplicateSources, at: sources.frameOffset(of: duplicate))
        }
    }
}

/// Where the IPv6 header sent an MLD message (its final destination), and the Destination field's frame offset.
struct MLDDestination {
    let address: IPv6Address
    let frameOffset: Int
}

/// A chain flaw's reason as a small number, carried in a finding's `observed` beside the header type (findings hold
/// integers only); `RuleCatalogue`'s message reads it back.
enum FlawReasonCode {
    static func of(_ reason: IPv6HeaderChain.FlawReason) -> Int {
        switch reason {
        case .headerRunsPast: 0
        case .hopByHopNotFirst: 1
        case .repeatedHeader: 2
        case .tooManyHeaders: 3
        case .optionRunsPast: 4
        case .routerAlertBadLength: 5
        }
    }

    static func reason(_ code: Int) -> IPv6HeaderChain.FlawReason? {
        IPv6HeaderChain.FlawReason.allCases.first { of($0) == code }
    }
}
