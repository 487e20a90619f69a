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
