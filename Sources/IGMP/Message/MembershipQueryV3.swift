/// The IGMPv3 Membership Query (RFC 3376 4.1; RFC 9776 4.1).
///
/// ```
///  0                   1                   2                   3
/// |  Type = 0x11  | Max Resp Code |           Checksum            |
/// |                         Group Address                         |
/// | Flags |S| QRV |     QQIC      |     Number of Sources (N)     |
/// |                       Source Address [1..N]                   |
/// ```
public struct MembershipQueryV3: ~Escapable {
    /// Field offsets after the common header.
    public enum Field {
        /// Resv (4 bits), S (1 bit) and QRV (3 bits).
        public static let flagsSQRV = 8
        /// Querier's Query Interval Code.
        public static let qqic = 9
        /// Number of Sources (16 bits).
        public static let numberOfSources = 10
        /// The first source address.
        public static let sources = 12
    }

    /// The fixed query header.
    public static let headerLength = 12

    /// The whole message.
    public let bytes: RawSpan
    /// Byte offset of the message in the frame.
    public let frameOffset: Int

    /// The frame offset of the field at `field` (one of `Field`'s offsets) in this view.
    @inlinable public func frameOffset(of field: Int) -> Int { frameOffset + field }

    /// `bytes` must hold at least `headerLength` bytes.
    @_lifetime(copy bytes)
    init(uncheckedBytes bytes: RawSpan, frameOffset: Int) {
        assert(bytes.byteCount >= Self.headerLength)
        self.bytes = bytes
        self.frameOffset = frameOffset
    }

    /// Max Resp Code as sent.
    @inlinable public var maxRespCode: UInt8 { bytes.uint8(uncheckedAt: IGMPMessage.Field.maxRespCode) }
    /// Max Resp Code decoded (RFC 3376 4.1.1).
    @inlinable public var maxResponseTime: MaxResponseTime { MaxResponseTime(deciseconds: TimeCode.decode(maxRespCode)) }
    /// Group Address; 0.0.0.0 in a General Query.
    @inlinable public var group: IPv4Address { IPv4Address(rawValue: bytes.uint32(uncheckedAt: IGMPMessage.Field.group)) }
    /// The top four bits of byte 8: "Resv" in RFC 3376 4.1.4, the "Flags" field of RFC 9776.
    @inlinable public var flags: UInt8 { bytes.uint8(uncheckedAt: Field.flagsSQRV) >> 4 }
    /// Suppress Router-Side Processing (RFC 3376 4.1.5).
    @inlinable public var suppressRouterSideProcessing: Bool { bytes.uint8(uncheckedAt: Field.flagsSQRV) & 0x08 != 0 }
    /// Querier's Robustness Variable (RFC 3376 4.1.6); 0 means the sender's value exceeded 7.
    @inlinable public var robustness: UInt8 { bytes.uint8(uncheckedAt: Field.flagsSQRV) & 0x07 }
    /// Querier's Query Interval Code (RFC 3376 4.1.7).
    @inlinable public var qqic: UInt8 { bytes.uint8(uncheckedAt: Field.qqic) }
    /// The Querier's Query Interval in seconds, decoded from QQIC.
    @inlinable public var querierQueryInterval: Int { TimeCode.decode(qqic) }
    /// Number of Sources as sent; `sources.count` is how many are present.
    @inlinable public var numberOfSources: Int { Int(bytes.uint16(uncheckedAt: Field.numberOfSources)) }

    /// The source list, never longer than the bytes hold.
    public var sources: SourceList {
        @_lifetime(copy self) get {
            SourceList(bytes: bytes.extracting(Field.sources..<bytes.byteCount),
                       frameOffset: frameOffset + Field.sources, declaredCount: numberOfSources)
        }
    }

    /// Whether Number of Sources fits in the message (RFC 3376 4.1.8).
    @inlinable public var sourcesFit: Bool { Field.sources + 4 * numberOfSources <= bytes.byteCount }

    /// Bytes after the source list (RFC 3376 4.1.10: "Additional Data", ignored).
    public var additionalData: RawSpan {
        @_lifetime(copy self) get {
            let end = min(bytes.byteCount, Field.sources + 4 * numberOfSources)
            return bytes.extracting(end..<bytes.byteCount)
        }
    }
}
