/// What the link layer said about a frame: where the network layer starts and what it is.
///
/// A small value, not a view: the link header is read once and summarised.
public struct LinkHeader: Hashable, Sendable {
    /// At most this many stacked VLAN tags are walked; deeper stacks are refused rather than followed forever.
    public static let maximumVLANDepth = 8

    /// The capture's link type.
    public var linkType: LinkType
    /// Byte offset of the network-layer header in the frame.
    public var networkOffset: Int
    /// The network protocol as an EtherType (0x0800 for IPv4 whatever the link type said).
    public var etherType: UInt16
    /// Number of 802.1Q/802.1ad tags walked (Ethernet only).
    public var vlanDepth: Int
    /// VLAN id of the outermost and the innermost tag, when tagged.
    public var outerVLANID: UInt16?
    /// VLAN id of the innermost tag (equal to the outer one when there is a single tag).
    public var innerVLANID: UInt16?
    /// Ethernet addresses, when the link type has them.
    public var source: MACAddress?
    /// Ethernet destination, when the link type has one.
    public var destination: MACAddress?

    /// Field offsets (Ethernet II).
    enum Ethernet {
        static let destination = 0
        static let source = 6
        static let etherType = 12
        static let headerLength = 14
        static let tagLength = 4
    }

    /// Linux cooked capture v1: protocol at 14, header 16 bytes.
    enum SLL {
        static let source = 6
        static let addressLength = 4
        static let `protocol` = 14
        static let headerLength = 16
    }

    /// Linux cooked capture v2: protocol at 0, address at 12, header 20 bytes.
    enum SLL2 {
        static let `protocol` = 0
        static let addressLength = 11
        static let source = 12
        static let headerLength = 20
    }

    /// Parses the link-layer header of `frame`. With `addresses: false` the MAC addresses are not read (the
    /// validator does not need them).
    @inline(__always)
    public static func parse(_ frame: RawSpan, linkType: LinkType, addresses: Bool = true) throws(DecodeError) -> LinkHeader {
        let count = frame.byteCount
        switch linkType {
        case .ethernet:
            guard count >= Ethernet.headerLength else {
                throw DecodeError(.truncatedLinkHeader, at: 0, expected: Ethernet.headerLength, found: count)
            }
            var header = LinkHeader(linkType: linkType, networkOffset: Ethernet.headerLength, etherType: 0, vlanDepth: 0)
            if addresses {
                header.destination = frame.mac(at: Ethernet.destination)
                header.source = frame.mac(at: Ethernet.source)
            }
            var typeOffset = Ethernet.etherType
            var type = frame.uint16(at: typeOffset)
            while EtherType.isVLANTag(type) {
                guard header.vlanDepth < maximumVLANDepth else {
                    throw DecodeError(.tooManyVLANTags, at: typeOffset, expected: maximumVLANDepth, found: header.vlanDepth)
                }
                guard typeOffset + 2 + Ethernet.tagLength <= count else {
                    throw DecodeError(.truncatedLinkHeader, at: typeOffset, expected: typeOffset + 2 + Ethernet.tagLength, found: count)
                }
                let vid = frame.uint16(at: typeOffset + 2) & 0x0fff
                if header.vlanDepth == 0 { header.outerVLANID = vid }
                header.innerVLANID = vid
                header.vlanDepth += 1
                typeOffset += Ethernet.tagLength
                type = frame.uint16(at: typeOffset)
            }
            header.etherType = type
            header.networkOffset = typeOffset + 2
            return header

        case .linuxSLL:
            guard count >= SLL.headerLength else {
                throw DecodeError(.truncatedLinkHeader, at: 0, expected: SLL.headerLength, found: count)
            }
            var header = LinkHeader(linkType: linkType, networkOffset: SLL.headerLength,
                                    etherType: frame.uint16(at: SLL.protocol), vlanDepth: 0)
            if addresses && frame.uint16(at: SLL.addressLength) == 6 {
                header.source = frame.mac(at: SLL.source)
            }
            return header

        case .linuxSLL2:
            guard count >= SLL2.headerLength else {
                throw DecodeError(.truncatedLinkHeader, at: 0, expected: SLL2.headerLength, found: count)
            }
            var header = LinkHeader(linkType: linkType, networkOffset: SLL2.headerLength,
                                    etherType: frame.uint16(at: SLL2.protocol), vlanDepth: 0)
            if addresses && frame.uint8(at: SLL2.addressLength) == 6 {
                header.source = frame.mac(at: SLL2.source)
            }
            return header

        case .raw, .rawDLT, .rawDLTOpenBSD, .ipv4, .ipv6:
            guard count >= 1 else { throw DecodeError(.truncatedLinkHeader, at: 0, expected: 1, found: 0) }
            // Raw IP carries no type field: the version nibble says which IP it is.
            let version = frame.uint8(at: 0) >> 4
            return LinkHeader(linkType: linkType, networkOffset: 0,
                              etherType: version == 4 ? EtherType.ipv4 : (version == 6 ? EtherType.ipv6 : 0), vlanDepth: 0)

        case .null, .loop:
            guard count >= 4 else { throw DecodeError(.truncatedLinkHeader, at: 0, expected: 4, found: count) }
            // AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD, DragonFly), 30 (Darwin) or 10
            // (Linux). DLT_NULL stores the family in the writer's byte order, so accept both; DLT_LOOP stores it in
            // network order.
            let stored = frame.uint32(at: 0)
            let family = linkType == .loop || stored <= 0xff ? stored : stored.byteSwapped
            let etherType: UInt16 = switch family {
            case 2: EtherType.ipv4
            case 10, 24, 28, 30: EtherType.ipv6
            default: 0
            }
            return LinkHeader(linkType: linkType, networkOffset: 4, etherType: etherType, vlanDepth: 0)

        default:
            throw DecodeError(.unsupportedLinkType, at: 0, found: Int(linkType.rawValue))
        }
    }
}

extension RawSpan {
    /// The 6-byte MAC address at `offset`.
    @inlinable
    func mac(at offset: Int) -> MACAddress {
        MACAddress(rawValue: UInt64(uint32(at: offset)) << 16 | UInt64(uint16(at: offset + 4)))
    }
}
