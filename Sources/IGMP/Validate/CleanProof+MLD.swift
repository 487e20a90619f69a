/// The clean proof for MLD: the common conforming MLD packet (IPv6, Hop Limit 1, a link-local source, the one
/// Hop-by-Hop header every stack sends: Router Alert 0 and PadN, `3a 00 05 02 00 00 01 00`) proved clean in one
/// straight pass, without building views or walking a chain. Any other shape (another chain, a fragment, a capture
/// cut, a long source list) goes to `FullPass`'s MLD pass. Like IGMP's, it may only say clean where that pass says
/// clean with no finding; the same tests and fuzz invariants hold it to it.
extension CleanProof {
    /// The Hop-by-Hop header of a conforming MLD packet, as one big-endian word: Next Header 58, length 0, Router
    /// Alert (type 5, length 2, value 0), PadN of no data.
    static var mldHopByHop: UInt64 { 0x3a00_0502_0000_0100 }

    /// Proves an MLD packet clean: its message kind when no rule can fire, nil when the full pass must judge it.
    ///
    /// - Parameters:
    ///   - frame: the frame; the IPv6 header starts at `ipOffset` (`FrameWalk.locate`'s `.mld` answer).
    ///   - wireLength: the packet's length on the wire when the capture may have cut it.
    @usableFromInline @inline(never)
    static func proveCleanMLD(_ frame: RawSpan, ipOffset: Int, wireLength: Int?) -> MessageKind? {
        let fixed = IPv6Packet.headerLength + 8  // the header and the one Hop-by-Hop header
        let available = frame.byteCount - ipOffset
        guard ipOffset >= 0, available >= fixed + MLDMessage.minimumLength, (wireLength ?? 0) <= frame.byteCount else { return nil }
        let ip = frame.extracting(unchecked: ipOffset..<frame.byteCount)
        // Every read below is at an offset the guards before it proved present.
        let payloadLength = Int(ip.uint16(uncheckedAt: IPv6Packet.Field.payloadLength))
        let messageLength = payloadLength - 8
        guard ip.uint8(uncheckedAt: 0) >> 4 == 6, ip.uint8(uncheckedAt: IPv6Packet.Field.nextHeader) == IPv6NextHeader.hopByHop,
              ip.uint8(uncheckedAt: IPv6Packet.Field.hopLimit) == 1, messageLength >= MLDMessage.minimumLength,
              IPv6Packet.headerLength + payloadLength <= available,
              UInt64(ip.uint32(uncheckedAt: 40)) << 32 | UInt64(ip.uint32(uncheckedAt: 44)) == mldHopByHop else { return nil }
        let source = ip.ipv6Address(at: IPv6Packet.Field.source)
        let destination = ip.ipv6Address(at: IPv6Packet.Field.destination)
        let message = ip.extracting(unchecked: fixed..<(IPv6Packet.headerLength + payloadLength))
        let type = message.uint8(uncheckedAt: MLDMessage.Field.type)
        guard message.uint8(uncheckedAt: MLDMessage.Field.code) == 0,
              MLDKind.maySend(type: type, from: source),
              InternetChecksum.add(InternetChecksum.pseudoHeaderSum(source: source, destination: destination,
                                                                    length: UInt32(messageLength), nextHeader: IPv6NextHeader.icmpv6),
                                   InternetChecksum.sum(message)) == 0xffff else { return nil }

        switch type {
        case MLDKind.queryType:
            guard messageLength == MLDMessage.listenerMessageLength || messageLength >= MLDv2Query.headerLength,
                  message.uint16(uncheckedAt: MLDMessage.Field.reserved) == 0 else { return nil }
            let address = message.ipv6Address(at: MLDMessage.Field.multicastAddress)
            guard address.isUnspecified ? destination == .allNodes : address.isMulticast else { return nil }
            if messageLength == MLDMessage.listenerMessageLength { return .mld(.queryV1) }
            let sourceCount = Int(message.uint16(uncheckedAt: MLDv2Query.Field.numberOfSources))
            guard message.uint16(uncheckedAt: MLDMessage.Field.maximumResponseCode) != 0,
                  message.uint8(uncheckedAt: MLDv2Query.Field.flagsSQRV) >> 4 == 0,
                  MLDv2Query.Field.sources + 16 * sourceCount <= messageLength,
                  !address.isUnspecified || sourceCount == 0,
                  sourceCount <= DuplicateSourceScan.pairwiseLimit,
                  !containsDuplicate(message, at: MLDv2Query.Field.sources, count: sourceCount) else { return nil }
            return .mld(.queryV2)
        case MLDKind.reportV1Type, MLDKind.doneType:
            guard messageLength >= MLDMessage.listenerMessageLength,
                  message.uint32(uncheckedAt: MLDMessage.Field.maximumResponseCode) == 0,
                  message.ipv6Address(at: MLDMessage.Field.multicastAddress).isMulticast else { return nil }
            return .mld(type == MLDKind.doneType ? .done : .reportV1)
        case MLDKind.reportV2Type:
            guard destination == .allMLDv2Routers, message.uint16(uncheckedAt: MLDv2Report.Field.reserved) == 0 else { return nil }
            let recordCount = Int(message.uint16(uncheckedAt: MLDv2Report.Field.numberOfRecords))
            var offset = MLDv2Report.Field.records
            for _ in 0..<recordCount {
                guard messageLength - offset >= MLDAddressRecord.headerLength else { return nil }
                let sourceCount = Int(message.uint16(uncheckedAt: offset + MLDAddressRecord.Field.numberOfSources))
                let sourcesStart = offset + MLDAddressRecord.Field.sources
                let end = sourcesStart + 16 * sourceCount + 4 * Int(message.uint8(uncheckedAt: offset + MLDAddressRecord.Field.auxDataLength))
                guard end <= messageLength, sourceCount <= DuplicateSourceScan.pairwiseLimit,
                      GroupRecordType(rawValue: message.uint8(uncheckedAt: offset + MLDAddressRecord.Field.type)).isKnown,
                      message.uint8(uncheckedAt: offset + MLDAddressRecord.Field.multicastAddress) == 0xff,
                      !containsDuplicate(message, at: sourcesStart, count: sourceCount) else { return nil }
                offset = end
            }
            return .mld(.reportV2)
        default:
            return nil
        }
    }

    /// Whether any of the `count` (at most 16) 16-byte addresses at `start` repeats an earlier one, compared pairwise.
    @inline(__always)
    static func containsDuplicate(_ bytes: RawSpan, at start: Int, count: Int) -> Bool {
        guard count > 1 else { return false }
        for i in 1..<count {
            let a = bytes.ipv6Address(at: start + 16 * i)
            for j in 0..<i where bytes.ipv6Address(at: start + 16 * j) == a { return true }
        }
        return false
    }
}
