/// A zero-copy view of an IPv6 packet inside a frame (RFC 8200 3): the fixed 40-byte header and what follows it.
///
/// Construction checks once that the fixed header is whole and says version 6, so every accessor below reads bytes
/// that are known to be present. The payload is clamped to the bytes actually captured: `isPayloadCut` tells when
/// Payload Length promised more than the frame holds. The extension headers are walked by `headerChain`.
public struct IPv6Packet: ~Escapable {
    /// Field offsets within the fixed header.
    public enum Field {
        /// Version (4 bits), Traffic Class (8 bits), Flow Label (20 bits).
        public static let versionClassAndFlowLabel = 0
        /// Payload Length: the bytes after the fixed header, extension headers included.
        public static let payloadLength = 4
        /// Next Header: the first extension header, or the upper-layer protocol.
        public static let nextHeader = 6
        /// Hop Limit; 1 for MLD, which never leaves its link (RFC 3810 5, RFC 2710 3).
        public static let hopLimit = 7
        /// Source Address.
        public static let source = 8
        /// Destination Address.
        public static let destination = 24
    }

    /// The fixed header.
    public static let headerLength = 40

    /// The fixed header (40 bytes).
    public let header: RawSpan
    /// The payload as far as it was captured: Payload Length bytes, or fewer when the frame is short.
    public let payload: RawSpan
    /// Byte offset of the header in the frame.
    public let frameOffset: Int
    /// Bytes after the packet in the frame (Ethernet padding), which are ignored.
    public let trailingByteCount: Int

    /// The frame offset of the field at `field` (one of `Field`'s offsets) in this view.
    @inlinable public func frameOffset(of field: Int) -> Int { frameOffset + field }

    /// Checks and views the IPv6 header that starts at `offset` in `frame`.
    @_lifetime(copy frame)
    public init(checking frame: RawSpan, at offset: Int) throws(DecodeError) {
        let available = frame.byteCount - offset
        guard offset >= 0, available >= Self.headerLength else {
            throw DecodeError(.truncatedIPv6Header, at: max(0, offset), expected: Self.headerLength, found: max(0, available))
        }
        let version = frame.uint8(at: offset) >> 4
        guard version == 6 else { throw DecodeError(.badIPv6Version, at: offset, expected: 6, found: Int(version)) }
        let payloadLength = Int(frame.uint16(at: offset + Field.payloadLength))
        let end = offset + Self.headerLength + min(payloadLength, available - Self.headerLength)
        header = frame.extracting(offset..<(offset + Self.headerLength))
        payload = frame.extracting((offset + Self.headerLength)..<end)
        frameOffset = offset
        trailingByteCount = frame.byteCount - end
    }

    // The fields below all lie in the 40 bytes `init(checking:at:)` proved present.

    /// Traffic Class.
    @inlinable public var trafficClass: UInt8 { UInt8(truncatingIfNeeded: header.uint32(uncheckedAt: 0) >> 20) }
    /// Flow Label.
    @inlinable public var flowLabel: UInt32 { header.uint32(uncheckedAt: 0) & 0x000f_ffff }
    /// Payload Length as the header declares it.
    @inlinable public var payloadLength: Int { Int(header.uint16(uncheckedAt: Field.payloadLength)) }
    /// Next Header.
    @inlinable public var nextHeader: UInt8 { header.uint8(uncheckedAt: Field.nextHeader) }
    /// Hop Limit.
    @inlinable public var hopLimit: UInt8 { header.uint8(uncheckedAt: Field.hopLimit) }
    /// Source Address.
    @inlinable public var source: IPv6Address { header.ipv6Address(at: Field.source) }
    /// Destination Address (the next hop's when a Routing header has segments left; `headerChain` has the final one).
    @inlinable public var destination: IPv6Address { header.ipv6Address(at: Field.destination) }
    /// Whether Payload Length promised more bytes than the frame holds.
    @inlinable public var isPayloadCut: Bool { payloadLength > payload.byteCount }

    /// The extension headers walked, up to the upper-layer header (RFC 8200 4), bounded and checked.
    public var headerChain: IPv6HeaderChain {
        IPv6HeaderChain(walking: payload, firstHeader: nextHeader, frameOffset: frameOffset + Self.headerLength)
    }
}
