/// The walk from a frame's first byte to the message the validator judges: the link header, then the network
/// header, then the message. The validator and the CLI's packet description locate the message here;
/// `FrameDecoder.decode` takes the same steps one by one, explaining every refusal.
///
/// The walk dispatches on the network protocol the link header names: IPv4 leads to IGMP; a second family (IPv6
/// and MLD) is a second branch of `locate`, with a case of its own in `Carried`.
public enum FrameWalk {
    /// What a frame carries that the validator judges, and where its network header starts.
    public enum Carried: Hashable, Sendable {
        /// IPv4 protocol 2 (IGMP, fragments included), its IPv4 header at `ipOffset`.
        case igmp(ipOffset: Int)
    }

    /// What `frame` carries, told from the link header and the network header's version and protocol bytes alone
    /// (so that a broken IPv4 header on an IGMP packet is still judged as IGMP); nil for anything else.
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

    /// Whether `frame` may carry IGMP: false only for what three loads show to be an untagged Ethernet frame that is
    /// not IPv4 protocol 2 (most traffic). A capture loop can skip such a frame without setting anything up. The C
    /// reading loop (`CandidateReader.c`) states the same test, and a test holds the two equal on every EtherType,
    /// version and protocol.
    @inlinable
    public static func mayCarryIGMP(_ frame: RawSpan, linkType: LinkType) -> Bool {
        prefilter(frame, linkType: linkType) != .notIGMP
    }

    /// What the prefilter can say from the link type and three loads.
    @usableFromInline
    enum PrefilterAnswer {
        /// Untagged Ethernet that is not IPv4 protocol 2.
        case notIGMP
        /// Untagged Ethernet carrying IPv4 protocol 2, its header at 14.
        case igmpBehindUntaggedEthernet
        /// Any other link type, a VLAN tag, or a frame too short to say: the link header must be walked.
        case walkTheLinkHeader
    }

    /// The prefilter, stated once in Swift.
    @inlinable @inline(__always)
    static func prefilter(_ frame: RawSpan, linkType: LinkType) -> PrefilterAnswer {
        // Literal offsets and values (EtherType at 12, IPv4 version at 14, protocol at 14 + 9; IPv4 0x0800, tags
        // 0x8100, 0x88a8, 0x9100): this is inlined into other modules, where named constants would be calls.
        guard linkType.rawValue == LinkType.ethernetRawValue, frame.byteCount > 23 else { return .walkTheLinkHeader }
        let etherType = frame.uint16(at: 12)
        if etherType == 0x0800 {
            return frame.uint8(at: 14) >> 4 == 4 && frame.uint8(at: 23) == 2 ? .igmpBehindUntaggedEthernet : .notIGMP
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
        default:
            return nil
        }
    }
}
