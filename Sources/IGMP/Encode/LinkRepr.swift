/// One 802.1Q/802.1ad tag: its TPID and the Tag Control Information (PCP, DEI, VLAN id).
public struct VLANTag: Hashable, Sendable {
    /// Tag Protocol Identifier: 0x8100 (802.1Q), 0x88a8 (802.1ad) or 0x9100.
    public var tpid: UInt16
    /// Tag Control Information: priority (3 bits), DEI (1), VLAN id (12).
    public var tci: UInt16

    /// A tag from its VLAN id and priority.
    public init(tpid: UInt16 = EtherType.vlan, vlanID: UInt16, priority: UInt8 = 0) {
        self.tpid = tpid
        self.tci = UInt16(priority & 0x7) << 13 | (vlanID & 0x0fff)
    }
    /// A tag from its raw fields.
    public init(tpid: UInt16, tci: UInt16) {
        self.tpid = tpid
        self.tci = tci
    }
}

/// A high-level link-layer header for the link types the decoder reads.
public enum LinkRepr: Hashable, Sendable {
    /// Ethernet II with any stack of VLAN tags, outermost first.
    case ethernet(destination: MACAddress, source: MACAddress, vlanTags: [VLANTag])
    /// Linux cooked v1: packet type (0 to us, 2 multicast, 4 outgoing ...) and the sender's MAC.
    case linuxSLL(packetType: UInt16, source: MACAddress)
    /// Linux cooked v2: interface index, packet type and the sender's MAC.
    case linuxSLL2(interfaceIndex: UInt32, packetType: UInt8, source: MACAddress)
    /// Raw IPv4, no link header.
    case raw
    /// BSD loopback: AF_INET in little-endian (DLT_NULL as written on x86) or network order (DLT_LOOP).
    case null(bigEndian: Bool)

    /// The link type a capture of these frames has.
    public var linkType: LinkType {
        switch self {
        case .ethernet: .ethernet
        case .linuxSLL: .linuxSLL
        case .linuxSLL2: .linuxSLL2
        case .raw: .raw
        case .null(let bigEndian): bigEndian ? .loop : .null
        }
    }

    /// An Ethernet header for an IGMP message to `destination` (its multicast MAC).
    public static func ethernet(to destination: IPv4Address, from source: MACAddress, vlanTags: [VLANTag] = []) -> LinkRepr {
        .ethernet(destination: MACAddress(multicast: destination), source: source, vlanTags: vlanTags)
    }

    /// Appends the link-layer header to `bytes`, naming `network` (an EtherType: IPv4 or IPv6) as what follows.
    public func emit(into bytes: inout [UInt8], network: UInt16 = EtherType.ipv4) {
        let v6 = network == EtherType.ipv6
        var w = ByteWriter(reserving: 24)
        switch self {
        case .ethernet(let destination, let source, let tags):
            w.mac(destination); w.mac(source)
            for tag in tags { w.u16(tag.tpid); w.u16(tag.tci) }
            w.u16(network)
        case .linuxSLL(let packetType, let source):
            w.u16(packetType); w.u16(1); w.u16(6); w.mac(source); w.u16(0); w.u16(network)
        case .linuxSLL2(let index, let packetType, let source):
            w.u16(network); w.u16(0); w.u32(index); w.u16(1); w.u8(packetType); w.u8(6); w.mac(source); w.u16(0)
        case .raw:
            break
        case .null(let bigEndian):
            // AF_INET 2; AF_INET6 24 as OpenBSD writes DLT_LOOP, 30 as macOS writes DLT_NULL.
            if bigEndian { w.u32(v6 ? 24 : 2) } else { w.raw([v6 ? 30 : 2, 0, 0, 0]) }
        }
        bytes.append(contentsOf: w.bytes)
    }

    /// Reads the link header of `frame` back into a value.
    public static func parse(_ frame: RawSpan, linkType: LinkType) throws(DecodeError) -> LinkRepr {
        parse(frame, header: try LinkHeader.parse(frame, linkType: linkType))
    }

    /// The link header `header` (what `LinkHeader.parse` read of `frame`) as a value.
    public static func parse(_ frame: RawSpan, header: LinkHeader) -> LinkRepr {
        switch header.linkType {
        case .ethernet:
            var tags: [VLANTag] = []
            var offset = LinkHeader.Ethernet.etherType
            for _ in 0..<header.vlanDepth {
                tags.append(VLANTag(tpid: frame.uint16(at: offset), tci: frame.uint16(at: offset + 2)))
                offset += LinkHeader.Ethernet.tagLength
            }
            return .ethernet(destination: header.destination!, source: header.source!, vlanTags: tags)
        case .linuxSLL:
            return .linuxSLL(packetType: frame.uint16(at: 0), source: header.source ?? MACAddress(rawValue: 0))
        case .linuxSLL2:
            return .linuxSLL2(interfaceIndex: frame.uint32(at: 4), packetType: frame.uint8(at: 10),
                              source: header.source ?? MACAddress(rawValue: 0))
        case .null, .loop:
            return .null(bigEndian: frame.uint32(at: 0) == 2 || frame.uint32(at: 0) == 24)
        default:
            return .raw
        }
    }
}
