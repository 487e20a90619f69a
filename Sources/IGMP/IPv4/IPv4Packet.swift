/// A zero-copy view of an IPv4 datagram inside a frame (RFC 791 3.1).
///
/// Construction checks once that the header is whole and self-consistent, so every accessor below reads bytes
/// that are known to be present. The payload is clamped to the bytes actually captured: `isPayloadCut` tells when
/// Total Length promised more than the frame holds.
public struct IPv4Packet: ~Escapable {
    /// Field offsets within the header.
    public enum Field {
        /// Version (high 4 bits) and Internet Header Length in 32-bit words (low 4 bits).
        public static let versionAndIHL = 0
        /// Type of Service (DSCP and ECN).
        public static let typeOfService = 1
        /// Total Length: header and payload, in bytes.
        public static let totalLength = 2
        /// Identification, shared by the fragments of one datagram.
        public static let identification = 4
        /// Flags (reserved, DF, MF) and Fragment Offset in 8-byte units.
        public static let flagsAndFragmentOffset = 6
        /// Time to Live.
        public static let timeToLive = 8
        /// Protocol (2 for IGMP).
        public static let `protocol` = 9
        /// Header Checksum.
        public static let headerChecksum = 10
        /// Source Address.
        public static let source = 12
        /// Destination Address.
        public static let destination = 16
        /// The first option byte, when the header is longer than 20 bytes.
        public static let options = 20
    }

    /// The fixed header, without options.
    public static let minimumHeaderLength = 20
    /// IP protocol number of IGMP.
    public static let protocolIGMP: UInt8 = 2

    /// The header, options included (`headerLength` bytes).
    public let header: RawSpan
    /// The payload as far as it was captured: Total Length minus the header, or less when the frame is short.
    public let payload: RawSpan
    /// Byte offset of the header in the frame.
    public let frameOffset: Int

    /// The frame offset of the field at `field` (one of `Field`'s offsets) in this view.
    @inlinable public func frameOffset(of field: Int) -> Int { frameOffset + field }
    /// Bytes after the datagram in the frame (Ethernet padding), which are ignored.
    public let trailingByteCount: Int

    /// Checks and views the IPv4 header that starts at `offset` in `frame`.
    @_lifetime(copy frame)
    @inline(__always)
    public init(checking frame: RawSpan, at offset: Int) throws(DecodeError) {
        let available = frame.byteCount - offset
        guard offset >= 0, available >= Self.minimumHeaderLength else {
            throw DecodeError(.truncatedIPv4Header, at: offset, expected: Self.minimumHeaderLength, found: max(0, available))
        }
        let first = frame.uint8(at: offset)
        guard first >> 4 == 4 else { throw DecodeError(.badIPVersion, at: offset, expected: 4, found: Int(first >> 4)) }
        let headerLength = Int(first & 0x0f) * 4
        guard headerLength >= Self.minimumHeaderLength else {
            throw DecodeError(.badIPv4HeaderLength, at: offset, expected: Self.minimumHeaderLength, found: headerLength)
        }
        guard headerLength <= available else {
            throw DecodeError(.truncatedIPv4Header, at: offset, expected: headerLength, found: available)
        }
        let totalLength = Int(frame.uint16(at: offset + Field.totalLength))
        guard totalLength >= headerLength else {
            throw DecodeError(.ipv4HeaderBeyondTotalLength, at: offset + Field.totalLength, expected: headerLength, found: totalLength)
        }
        let end = offset + min(totalLength, available)
        header = frame.extracting(offset..<(offset + headerLength))
        payload = frame.extracting((offset + headerLength)..<end)
        frameOffset = offset
        trailingByteCount = frame.byteCount - end
    }

    // The fixed fields below all lie in the first 20 bytes, which `init(checking:at:)` proved present.

    /// IP version (4, checked at construction).
    @inlinable public var version: UInt8 { header.uint8(uncheckedAt: Field.versionAndIHL) >> 4 }
    /// Header length in bytes (IHL x 4).
    @inlinable public var headerLength: Int { header.byteCount }
    /// Type of Service; IGMPv3 messages use 0xc0, Internetwork Control (RFC 3376 4).
    @inlinable public var typeOfService: UInt8 { header.uint8(uncheckedAt: Field.typeOfService) }
    /// Total Length as the header declares it, in bytes.
    @inlinable public var totalLength: Int { Int(header.uint16(uncheckedAt: Field.totalLength)) }
    /// Identification.
    @inlinable public var identification: UInt16 { header.uint16(uncheckedAt: Field.identification) }
    /// The reserved flag bit (RFC 791; "evil bit" in RFC 3514).
    @inlinable public var reservedFlag: Bool { header.uint16(uncheckedAt: Field.flagsAndFragmentOffset) & 0x8000 != 0 }
    /// The Don't Fragment flag.
    @inlinable public var dontFragment: Bool { header.uint16(uncheckedAt: Field.flagsAndFragmentOffset) & 0x4000 != 0 }
    /// The More Fragments flag.
    @inlinable public var moreFragments: Bool { header.uint16(uncheckedAt: Field.flagsAndFragmentOffset) & 0x2000 != 0 }
    /// Fragment offset in 8-byte units.
    @inlinable public var fragmentOffset: UInt16 { header.uint16(uncheckedAt: Field.flagsAndFragmentOffset) & 0x1fff }
    /// Whether this datagram is a fragment (MF set or a non-zero offset).
    @inlinable public var isFragment: Bool { header.uint16(uncheckedAt: Field.flagsAndFragmentOffset) & 0x3fff != 0 }
    /// Time to Live; 1 for IGMP, which never leaves its link (RFC 3376 4, RFC 2236 2).
    @inlinable public var timeToLive: UInt8 { header.uint8(uncheckedAt: Field.timeToLive) }
    /// Protocol (2 for IGMP).
    @inlinable public var `protocol`: UInt8 { header.uint8(uncheckedAt: Field.protocol) }
    /// Header Checksum as sent.
    @inlinable public var headerChecksum: UInt16 { header.uint16(uncheckedAt: Field.headerChecksum) }
    /// Source Address.
    @inlinable public var source: IPv4Address { IPv4Address(rawValue: header.uint32(uncheckedAt: Field.source)) }
    /// Destination Address.
    @inlinable public var destination: IPv4Address { IPv4Address(rawValue: header.uint32(uncheckedAt: Field.destination)) }

    /// Whether the header checksum verifies (RFC 791). A zero checksum usually means transmit offload on the
    /// capturing host, so callers should tell that case apart.
    @inlinable public var isHeaderChecksumValid: Bool { InternetChecksum.isValid(header) }

    /// Whether Total Length promised more bytes than the frame holds.
    @inlinable public var isPayloadCut: Bool { totalLength > headerLength + payload.byteCount }

    /// The raw option bytes (empty when IHL is 5).
    public var optionBytes: RawSpan {
        @_lifetime(copy self) get { header.extracting(Field.options..<header.byteCount) }
    }

    /// Walks the options.
    public var options: IPv4OptionIterator {
        @_lifetime(copy self) get { IPv4OptionIterator(optionBytes, frameOffset: frameOffset + Field.options) }
    }
}
