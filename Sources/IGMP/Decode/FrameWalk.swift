/// The walk from a frame's first byte to the message the validator judges: the link header, then the network
/// header, then the message. The validator and the CLI's packet description locate the message here;
/// `FrameDecoder.decode` takes the same steps one by one, explaining every refusal.
///
/// The walk dispatches on the network protocol the link header names: IPv4 leads to IGMP, IPv6 to MLD.
public enum FrameWalk {
    /// What a frame carries that the validator judges, and where its network header starts.
    public enum Carried: Hashable, Sendable {
        /// IPv4 protocol 2 (IGMP, fragments included), its IPv4 header at `ipOffset`.
        case igmp(ipOffset: Int)
        /// IPv6 carrying MLD, its IPv6 header at `ipOffset`: a header chain that leads to ICMPv6 type 130, 131, 132
        /// or 143, or one that breaks off (a flaw, a later fragment) after a Hop-by-Hop Router Alert of MLD's.
        case mld(ipOffset: Int)
    }

    /// What `frame` carries, told from the link header and the network header's version and protocol bytes alone
    /// (so that a broken IPv4 header on an IGMP packet is still judged as IGMP), or for IPv6 from the walked header
    /// chain; nil for anything else.
    ///
    /// Untagged Ethernet, nearly all traffic, is answered here by the prefilter without parsing a header; the
    /// rest walks the link header out of line.
    @inlinable @inline(__always)
    public static func locate(_ frame: RawSpan, linkType: LinkType) -> Carried? {
        switch prefilter(frame, linkType: linkType) {
        case .notIGMP: nil
        case .igmpBehindUntaggedEthernet: .igmp(ipOffset: 14)
        case .walkTheLinkHeader: locateBehindLinkHeader(frame, linkType: linkType)
        }
    }

    /// Whether `frame` may carry IGMP or MLD: false only for what a few loads show to be an untagged Ethernet frame
    /// that is neither IPv4 protocol 2 nor IPv6 whose first header is an extension header (Hop-by-Hop, Routing,
    /// Fragment, Authentication, Destination Options) or ICMPv6 of an MLD type (most traffic). A capture loop can skip such a frame without setting anything up. The C
    /// reading loop (`CandidateReader.c`) states the same test, and a test holds the two equal on every EtherType,
    /// version and protocol.
    @inlinable
    public static func mayCarryIGMP(_ frame: RawSpan, linkType: LinkType) -> Bool {
        prefilter(frame, linkType: linkType) != .notIGMP
    }

    /// What the prefilter can say from the link type and three loads.
    @usableFromInline
    enum PrefilterAnswer {
        /// Untagged Ethernet that carries neither IGMP nor MLD.
        case notIGMP
        /// Untagged Ethernet carrying IPv4 protocol 2, its header at 14.
        case igmpBehindUntaggedEthernet
        /// Any other link type, a VLAN tag, IPv6 that may carry MLD, or a frame too short to say: the link header must
        /// be walked.
        case walkTheLinkHeader
    }

    /// The prefilter, stated once in Swift.
    @inlinable @inline(__always)
    static func prefilter(_ frame: RawSpan, linkType: LinkType) -> PrefilterAnswer {
        // Literal offsets and values (EtherType at 12, IPv4 version at 14, protocol at 14 + 9; IPv4 0x0800, tags
        // 0x8100, 0x88a8, 0x9100; IPv6 0x86dd, its Next Header at 14 + 6 and an ICMPv6 type at 14 + 40): this is
        // inlined into other modules, where named constants would be calls.
        guard linkType.rawValue == LinkType.ethernetRawValue, frame.byteCount > 23 else { return .walkTheLinkHeader }
        let etherType = frame.uint16(at: 12)
        if etherType == 0x0800 {
            return frame.uint8(at: 14) >> 4 == 4 && frame.uint8(at: 23) == 2 ? .igmpBehindUntaggedEthernet : .notIGMP
        }
        if etherType == 0x86dd {
            // An extension header first (Hop-by-Hop 0, Routing 43, Fragment 44, Authentication 51, Destination
            // Options 60), or ICMPv6 (58) of an MLD type (or too short to tell).
            let nextHeader = frame.uint8(at: 20)
            if nextHeader == 0 || nextHeader == 43 || nextHeader == 44 || nextHeader == 51 || nextHeader == 60 { return .walkTheLinkHeader }
            guard nextHeader == 58 else { return .notIGMP }
            return frame.byteCount <= 54 || MLDKind.isMLD(type: frame.uint8(at: 54)) ? .walkTheLinkHeader : .notIGMP
        }
        return etherType == 0x8100 || etherType == 0x88a8 || etherType == 0x9100 ? .walkTheLinkHeader : .notIGMP
    }

    /// `locate` for every frame the prefilter does not settle: the link header walked, then the network dispatch.
    @usableFromInline @inline(never)
    static func locateBehindLinkHeader(_ frame: RawSpan, linkType: LinkType) -> Carried? {
        guard let link = try? LinkHeader.parse(frame, linkType: linkType, addresses: false) else { return nil }
        switch link.etherType {
        case EtherType.ipv4:
            let ipOffset = link.networkOffset
            guard frame.byteCount - ipOffset > IPv4Packet.Field.protocol,
                  frame.uint8(at: ipOffset) >> 4 == 4,
                  frame.uint8(at: ipOffset + IPv4Packet.Field.protocol) == IPv4Packet.protocolIGMP else { return nil }
            return .igmp(ipOffset: ipOffset)
        case EtherType.ipv6:
            return locateMLD(frame, ipOffset: link.networkOffset)
        default:
            return nil
        }
    }

    /// `locate` for IPv6 at `ipOffset`: the header chain walked (bounded) over the bytes Payload Length declares.
    @usableFromInline
    static func locateMLD(_ frame: RawSpan, ipOffset: Int) -> Carried? {
        guard frame.byteCount - ipOffset >= IPv6Packet.headerLength, frame.uint8(at: ipOffset) >> 4 == 6 else { return nil }
        // MLD is looked for behind ICMPv6 first or one of the extension headers a host walks to reach it, as the
        // prefilter and live's kernel filter say.
        let firstHeader = frame.uint8(at: ipOffset + IPv6Packet.Field.nextHeader)
        guard IPv6NextHeader.mayLeadToMLD(firstHeader) else { return nil }
        let payloadStart = ipOffset + IPv6Packet.headerLength
        let payloadLength = Int(frame.uint16(at: ipOffset + IPv6Packet.Field.payloadLength))
        let end = min(frame.byteCount, payloadStart + payloadLength)
        // The usual shape, answered without the walk (which would find the same): MLD's one Hop-by-Hop header
        // (Router Alert 0, PadN) before ICMPv6, or ICMPv6 first.
        if firstHeader == IPv6NextHeader.hopByHop, end - payloadStart > 8,
           UInt64(frame.uint32(at: payloadStart)) << 32 | UInt64(frame.uint32(at: payloadStart + 4)) == 0x3a00_0502_0000_0100 {
            return MLDKind.isMLD(type: frame.uint8(at: payloadStart + 8)) ? .mld(ipOffset: ipOffset) : nil
        }
        if firstHeader == IPv6NextHeader.icmpv6 {
            guard end > payloadStart else { return nil }
            return MLDKind.isMLD(type: frame.uint8(at: payloadStart)) ? .mld(ipOffset: ipOffset) : nil
        }
        let chain = IPv6HeaderChain(walking: frame.extracting(payloadStart..<end),
                                    firstHeader: firstHeader,
                                    frameOffset: payloadStart)
        if chain.upperLayerProtocol == IPv6NextHeader.icmpv6 {
            let typeOffset = chain.upperLayerFrameOffset
            if typeOffset < end { return MLDKind.isMLD(type: frame.uint8(at: typeOffset)) ? .mld(ipOffset: ipOffset) : nil }
            // An ICMPv6 header with no byte present: MLD only if its Router Alert says so.
        } else if chain.upperLayerProtocol != nil {
            return nil
        }
        return chain.routerAlert == IPv6HeaderChain.routerAlertMLD ? .mld(ipOffset: ipOffset) : nil
    }
}
