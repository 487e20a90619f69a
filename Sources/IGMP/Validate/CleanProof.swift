/// The validator's first stage: proves the common well-formed IGMP packet clean in one straight pass, without
/// building views, a result state or a finding.
///
/// Nearly every IGMP packet on a network is a conforming query or report, and the rules only speak up about the
/// others. So before the full pass, this checks a *stricter* set of conditions than "no rule fires": IPv4 with no
/// option or exactly one Router Alert, not a fragment, not cut by the capture, Total Length within the frame, both
/// checksums verifying, and then each message kind's own rules (TTL, Router Alert, TOS, destination, group, codes,
/// reserved bits, counts, record types, duplicate sources). When all hold, no rule can fire and the verdict is
/// clean; when any does not, or the packet has any other shape, the answer is nil and the full pass judges the
/// packet and names what is wrong.
///
/// The one rule of this stage: it may only say clean where the full pass says clean with no finding. The property
/// tests and every fuzz target check that against the full pass (`Validator.fullPass`) on generated and mutated
/// packets. A new rule must add its condition here, or exclude the shapes it concerns.
@usableFromInline
enum CleanProof {
    /// Proves the packet clean: its message kind when no rule can fire, nil when the full pass must judge it.
    ///
    /// - Parameters:
    ///   - frame: the frame; the IPv4 header starts at `ipOffset` (`FrameWalk.locate`'s answer), and its version
    ///     and protocol bytes were read.
    ///   - wireLength: the packet's length on the wire when the capture may have cut it.
    @usableFromInline @inline(never)
    static func proveClean(_ frame: RawSpan, ipOffset: Int, wireLength: Int?) -> MessageKind? {
        let available = frame.byteCount - ipOffset
        // Whole packets only, with room for an IPv4 header and an IGMP header.
        guard ipOffset >= 0, available >= IPv4Packet.minimumHeaderLength + IGMPMessage.minimumLength,
              (wireLength ?? 0) <= frame.byteCount else { return nil }
        let ip = frame.extracting(unchecked: ipOffset..<frame.byteCount)
        // Every read below is at an offset the guards before it proved present.
        let versionAndIHL = ip.uint8(uncheckedAt: IPv4Packet.Field.versionAndIHL)
        guard versionAndIHL == 0x45 || versionAndIHL == 0x46 else { return nil }
        let headerLength = Int(versionAndIHL & 0x0f) * 4
        let totalLength = Int(ip.uint16(uncheckedAt: IPv4Packet.Field.totalLength))
        let messageLength = totalLength - headerLength
        guard messageLength >= IGMPMessage.minimumLength, totalLength <= available,
              ip.uint16(uncheckedAt: IPv4Packet.Field.flagsAndFragmentOffset) & 0x3fff == 0,
              ip.uint8(uncheckedAt: IPv4Packet.Field.timeToLive) == 1 else { return nil }
        let routerAlert = headerLength == 24
        if routerAlert && ip.uint32(uncheckedAt: IPv4Packet.Field.options) != 0x9404_0000 { return nil }
        guard InternetChecksum.sumOfShortHeader(ip.extracting(unchecked: 0..<headerLength)) == 0xffff else { return nil }
        let message = ip.extracting(unchecked: headerLength..<totalLength)
        guard InternetChecksum.sum(message) == 0xffff else { return nil }

        let type = message.uint8(uncheckedAt: IGMPMessage.Field.type)
        let code = message.uint8(uncheckedAt: IGMPMessage.Field.maxRespCode)
        let group = IPv4Address(rawValue: message.uint32(uncheckedAt: IGMPMessage.Field.group))
        let destination = IPv4Address(rawValue: ip.uint32(uncheckedAt: IPv4Packet.Field.destination))
        let internetControl = ip.uint8(uncheckedAt: IPv4Packet.Field.typeOfService) == Validator.internetControlTOS

        switch IGMPType(rawValue: type) {
        case .membershipQuery:
            if messageLength == IGMPMessage.minimumLength {
                // v1 (code 0) needs no Router Alert; v2 does.
                guard code == 0 || routerAlert, groupFits(group, isQuery: true, destination: destination) else { return nil }
                return code == 0 ? .queryV1 : .queryV2
            }
            guard messageLength >= MembershipQueryV3.headerLength, routerAlert, internetControl, code != 0,
                  message.uint8(uncheckedAt: MembershipQueryV3.Field.flagsSQRV) >> 4 == 0,
                  groupFits(group, isQuery: true, destination: destination) else { return nil }
            let sourceCount = Int(message.uint16(uncheckedAt: MembershipQueryV3.Field.numberOfSources))
            let sourcesEnd = MembershipQueryV3.Field.sources + 4 * sourceCount
            guard sourcesEnd <= messageLength, sourceCount <= Validator.maximumQuerySourcesInMTU,
                  group != .any || sourceCount == 0 else { return nil }
            guard !DuplicateSourceScan.containsDuplicate(message, at: MembershipQueryV3.Field.sources, count: sourceCount) else {
                return nil
            }
            return .queryV3
        case .membershipReportV1:
            guard code == 0, group.isMulticast else { return nil }
            return .reportV1
        case .membershipReportV2, .leaveGroup:
            guard routerAlert, code == 0, group.isMulticast else { return nil }
            return type == IGMPType.leaveGroup.rawValue ? .leaveV2 : .reportV2
        case .membershipReportV3:
            guard routerAlert, internetControl, code == 0, destination == .igmpv3Routers,
                  message.uint16(uncheckedAt: MembershipReportV3.Field.flags) == 0 else { return nil }
            let recordCount = Int(message.uint16(uncheckedAt: MembershipReportV3.Field.numberOfGroupRecords))
            var offset = MembershipReportV3.Field.records
            for _ in 0..<recordCount {
                guard messageLength - offset >= GroupRecord.headerLength else { return nil }
                let type = message.uint8(uncheckedAt: offset + GroupRecord.Field.type)
                let sourceCount = Int(message.uint16(uncheckedAt: offset + GroupRecord.Field.numberOfSources))
                let sourcesStart = offset + GroupRecord.Field.sources
                let sourcesEnd = sourcesStart + 4 * sourceCount
                let end = sourcesEnd + 4 * Int(message.uint8(uncheckedAt: offset + GroupRecord.Field.auxDataLength))
                guard end <= messageLength, GroupRecordType(rawValue: type).isKnown,
                      IPv4Address(rawValue: message.uint32(uncheckedAt: offset + GroupRecord.Field.group)).isMulticast,
                      sourceCount <= Validator.maximumRecordSourcesInMTU else { return nil }
                guard !DuplicateSourceScan.containsDuplicate(message, at: sourcesStart, count: sourceCount) else { return nil }
                offset = end
            }
            return .reportV3
        default:
            return nil
        }
    }

    /// The group rules of queries, reports and leaves: a General Query goes to 224.0.0.1, any other group is
    /// multicast.
    @inline(__always)
    private static func groupFits(_ group: IPv4Address, isQuery: Bool, destination: IPv4Address) -> Bool {
        isQuery && group == .any ? destination == .allSystems : group.isMulticast
    }
}
