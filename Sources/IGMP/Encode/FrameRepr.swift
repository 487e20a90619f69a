/// A whole frame as values: link header, IPv4 header, IGMP message and trailing bytes.
///
/// `emit` builds the bytes with correct lengths and checksums (unless a malformed variant overrides them);
/// `parse` reads them back, and `FrameRepr.parse(emit(x)) == x` for every well-formed `x`.
public struct FrameRepr: Hashable, Sendable {
    /// The link-layer header.
    public var link: LinkRepr
    /// The IPv4 header (its lengths and checksum are computed on emit unless overridden).
    public var ip: IPv4Repr
    /// The IGMP message.
    public var igmp: IGMPRepr
    /// Bytes after the IPv4 datagram (Ethernet padding).
    public var trailer: [UInt8]

    /// A frame from its parts; `trailer` is appended after the datagram.
    public init(link: LinkRepr, ip: IPv4Repr, igmp: IGMPRepr, trailer: [UInt8] = []) {
        self.link = link
        self.ip = ip
        self.igmp = igmp
        self.trailer = trailer
    }

    /// A conforming frame for `igmp` from `source`: Ethernet to the group's MAC, TTL 1, TOS 0xc0, Router Alert,
    /// sent to the destination RFC 3376 / RFC 2236 name for the message, padded to Ethernet's 60-byte minimum.
    public static func conforming(_ igmp: IGMPRepr, from source: IPv4Address,
                                  mac: MACAddress = MACAddress(rawValue: 0x02_00_00_00_00_01),
                                  vlanTags: [VLANTag] = []) -> FrameRepr {
        let destination = igmp.conventionalDestination
        var frame = FrameRepr(link: .ethernet(to: destination, from: mac, vlanTags: vlanTags),
                              ip: IPv4Repr(source: source, destination: destination), igmp: igmp)
        frame.padToEthernetMinimum()
        return frame
    }

    /// Adds zero padding so an Ethernet frame is at least 60 bytes (64 with the FCS), as NICs send it.
    public mutating func padToEthernetMinimum() {
        let unpadded = encodedLength - trailer.count
        trailer = [UInt8](repeating: 0, count: max(0, 60 - unpadded))
    }

    /// The link type a capture of this frame has.
    public var linkType: LinkType { link.linkType }

    /// Length of the emitted frame in bytes.
    public var encodedLength: Int {
        var linkBytes: [UInt8] = []
        link.emit(into: &linkBytes)
        return linkBytes.count + ip.headerLength + igmp.encodedLength + trailer.count
    }

    /// Appends the frame to `bytes`.
    public func emit(into bytes: inout [UInt8]) {
        link.emit(into: &bytes)
        ip.emit(payloadLength: igmp.encodedLength, into: &bytes)
        igmp.emit(into: &bytes)
        bytes.append(contentsOf: trailer)
    }

    /// The emitted frame.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96)
        emit(into: &out)
        return out
    }

    /// Decodes `frame` into a value; throws where the decoder would.
    public static func parse(_ frame: RawSpan, linkType: LinkType) throws(DecodeError) -> FrameRepr {
        let decoded = try FrameDecoder.decode(frame, linkType: linkType)
        let link = LinkRepr.parse(frame, header: decoded.link)
        let ip = IPv4Repr.parse(decoded.ip)
        let igmp = try IGMPRepr.parse(decoded.igmp)
        let trailer = frame.extracting((frame.byteCount - decoded.ip.trailingByteCount)..<frame.byteCount).byteArray
        return FrameRepr(link: link, ip: ip, igmp: igmp, trailer: trailer)
    }

    /// `parse(_:linkType:)` for a frame held in an array.
    public static func parse(_ frame: [UInt8], linkType: LinkType) throws(DecodeError) -> FrameRepr {
        try parse(frame.span.bytes, linkType: linkType)
    }
}
