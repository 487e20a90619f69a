/// A frame decoded down to its IGMP message: three views over the caller's bytes, nothing copied.
public struct DecodedFrame: ~Escapable {
    /// The link-layer summary: link type, VLAN tags, where IPv4 starts.
    public let link: LinkHeader
    /// The IPv4 header and payload view.
    public let ip: IPv4Packet
    /// The IGMP message view (the IPv4 payload as far as it was captured).
    public let igmp: IGMPMessage

    @_lifetime(copy ip, copy igmp)
    init(link: LinkHeader, ip: consuming IPv4Packet, igmp: consuming IGMPMessage) {
        self.link = link
        self.ip = ip
        self.igmp = igmp
    }
}

/// From bytes to the IGMP message views, for a reader of the packet: the steps of `FrameWalk` (the link header, then
/// the network header, then the message) taken one by one, with every MAC address and VLAN id read and every
/// refusal explained where `FrameWalk.locate` only says nil.
public enum FrameDecoder {
    /// Decodes `frame` (link-layer header first) down to its IGMP message, or says precisely why it cannot.
    ///
    /// Decoding is lenient where a receiver would be: a datagram longer than the frame is viewed as far as it was
    /// captured (`igmp.isComplete` is then false), and counts inside v3 messages are checked as they are walked.
    /// Use `Validator` to judge the packet.
    @_lifetime(copy frame)
    public static func decode(_ frame: RawSpan, linkType: LinkType) throws(DecodeError) -> DecodedFrame {
        let link = try LinkHeader.parse(frame, linkType: linkType)
        guard link.etherType == EtherType.ipv4 else {
            throw DecodeError(.notIPv4, at: max(0, link.networkOffset - 2), expected: Int(EtherType.ipv4), found: Int(link.etherType))
        }
        let ip = try IPv4Packet(checking: frame, at: link.networkOffset)
        guard ip.protocol == IPv4Packet.protocolIGMP else {
            throw DecodeError(.notIGMP, at: ip.frameOffset(of: IPv4Packet.Field.protocol), expected: 2, found: Int(ip.protocol))
        }
        guard !ip.isFragment else {
            throw DecodeError(.fragment, at: ip.frameOffset(of: IPv4Packet.Field.flagsAndFragmentOffset))
        }
        let igmp = try IGMPMessage(payloadOf: ip)
        return DecodedFrame(link: link, ip: ip, igmp: igmp)
    }

    /// `decode(_:linkType:)` for a frame held in an array: the views borrow the array, which must outlive them.
    @_lifetime(borrow frame)
    public static func decode(_ frame: borrowing [UInt8], linkType: LinkType) throws(DecodeError) -> DecodedFrame {
        try decode(frame.span.bytes, linkType: linkType)
    }
}

/// A frame decoded down to its MLD message: views over the caller's bytes, nothing copied.
public struct DecodedMLDFrame: ~Escapable {
    /// The link-layer summary.
    public let link: LinkHeader
    /// The IPv6 header and payload view.
    public let ip: IPv6Packet
    /// The extension headers walked.
    public let chain: IPv6HeaderChain
    /// The MLD message view.
    public let mld: MLDMessage

    @_lifetime(copy ip, copy mld)
    init(link: LinkHeader, ip: consuming IPv6Packet, chain: IPv6HeaderChain, mld: consuming MLDMessage) {
        self.link = link
        self.ip = ip
        self.chain = chain
        self.mld = mld
    }
}

extension FrameDecoder {
    /// Decodes `frame` (link-layer header first) down to its MLD message, or says precisely why it cannot: the link
    /// header, the IPv6 header, the extension headers walked (bounded), the ICMPv6 message of an MLD type.
    ///
    /// As lenient as `decode`: a packet longer than the frame is viewed as far as it was captured. Use `Validator`
    /// to judge it.
    @_lifetime(copy frame)
    public static func decodeMLD(_ frame: RawSpan, linkType: LinkType) throws(DecodeError) -> DecodedMLDFrame {
        let link = try LinkHeader.parse(frame, linkType: linkType)
        guard link.etherType == EtherType.ipv6 else {
            throw DecodeError(.notIPv6, at: max(0, link.networkOffset - 2), expected: Int(EtherType.ipv6), found: Int(link.etherType))
        }
        let ip = try IPv6Packet(checking: frame, at: link.networkOffset)
        // Where `FrameWalk` looks for MLD.
        let first = ip.nextHeader
        guard IPv6NextHeader.mayLeadToMLD(first) else {
            throw DecodeError(.notMLD, at: ip.frameOffset(of: IPv6Packet.Field.nextHeader), found: Int(first))
        }
        let chain = ip.headerChain
        if let flaw = chain.flaw {
            throw DecodeError(.extensionHeaderMalformed, at: flaw.frameOffset, expected: flaw.declaredLength)
        }
        if let fragment = chain.fragment, fragment.offset != 0 || fragment.moreFragments {
            throw DecodeError(.fragment, at: fragment.frameOffset + 2)
        }
        let start = chain.upperLayerFrameOffset - ip.frameOffset - IPv6Packet.headerLength
        guard chain.upperLayerProtocol == IPv6NextHeader.icmpv6, start < ip.payload.byteCount,
              MLDKind.isMLD(type: ip.payload.uint8(at: start)) else {
            throw DecodeError(.notMLD, at: chain.upperLayerFrameOffset, found: Int(chain.upperLayerProtocol ?? 0))
        }
        let mld = try MLDMessage(checking: ip.payload.extracting(start..<ip.payload.byteCount),
                                 frameOffset: chain.upperLayerFrameOffset, declaredLength: max(0, ip.payloadLength - start))
        return DecodedMLDFrame(link: link, ip: ip, chain: chain, mld: mld)
    }

    /// `decodeMLD(_:linkType:)` for a frame held in an array: the views borrow the array, which must outlive them.
    @_lifetime(borrow frame)
    public static func decodeMLD(_ frame: borrowing [UInt8], linkType: LinkType) throws(DecodeError) -> DecodedMLDFrame {
        try decodeMLD(frame.span.bytes, linkType: linkType)
    }
}
