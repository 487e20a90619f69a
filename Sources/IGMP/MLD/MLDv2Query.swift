/// The MLDv2 Multicast Listener Query (RFC 3810 5.1, RFC 9777 5.1):
///
/// ```
/// |  Type = 130   |      Code     |           Checksum            |
/// |    Maximum Response Code      |           Reserved            |
/// |                  Multicast Address (16 bytes)                 |
/// | Resv  |S| QRV |     QQIC      |     Number of Sources (N)     |
/// |                  Source Address [1..N] (16 bytes each)        |
/// ```
public struct MLDv2Query: ~Escapable {
    /// Field offsets past the listener layout (`MLDMessage.Field` has the first 24 bytes).
    public enum Field {
        /// Resv (4 bits, flags in RFC 9777), S (1 bit), QRV (3 bits).
        public static let flagsSQRV = 24
        /// Querier's Query Interval Code.
        public static let qqic = 25
        /// Number of Sources.
        public static let numberOfSources = 26
        /// The first source address.
        public static let sources = 28
    }

    /// The fixed header (RFC 3810 8.1: an MLDv2 query is 28 bytes or more).
    public static let headerLength = 28

    /// The message bytes that were captured (at least 28).
    public let bytes: RawSpan
    /// Byte offset of the message in the frame.
    public let frameOffset: Int

    /// The frame offset of the field at `field` in this view.
    @inlinable public func frameOffset(of field: Int) -> Int { frameOffset + field }

    @_lifetime(copy bytes)
    init(uncheckedBytes bytes: RawSpan, frameOffset: Int) {
        assert(bytes.byteCount >= Self.headerLength)
        self.bytes = bytes
        self.frameOffset = frameOffset
    }

    /// Maximum Response Code as sent.
    @inlinable public var maximumResponseCode: UInt16 { bytes.uint16(uncheckedAt: MLDMessage.Field.maximumResponseCode) }
    /// Maximum Response Delay in milliseconds (RFC 3810 5.1.3).
    @inlinable public var maximumResponseDelay: Int { Self.decodeMaximumResponseCode(maximumResponseCode) }
    /// The 16 reserved bits after Maximum Response Code.
    @inlinable public var reserved: UInt16 { bytes.uint16(uncheckedAt: MLDMessage.Field.reserved) }
    /// Multicast Address: `::` in a General Query.
    @inlinable public var multicastAddress: IPv6Address { bytes.ipv6Address(at: MLDMessage.Field.multicastAddress) }
    /// The four Resv bits (flags in RFC 9777), as a number 0-15.
    @inlinable public var flags: UInt8 { bytes.uint8(uncheckedAt: Field.flagsSQRV) >> 4 }
    /// S: Suppress Router-Side Processing.
    @inlinable public var suppressRouterSideProcessing: Bool { bytes.uint8(uncheckedAt: Field.flagsSQRV) & 0x08 != 0 }
    /// QRV: Querier's Robustness Variable.
    @inlinable public var robustness: UInt8 { bytes.uint8(uncheckedAt: Field.flagsSQRV) & 0x07 }
    /// QQIC as sent.
    @inlinable public var qqic: UInt8 { bytes.uint8(uncheckedAt: Field.qqic) }
    /// Querier's Query Interval in seconds (RFC 3810 5.1.9: the same 8-bit code as IGMPv3's QQIC).
    @inlinable public var querierQueryInterval: Int { TimeCode.decode(qqic) }
    /// Number of Sources as sent.
    @inlinable public var numberOfSources: Int { Int(bytes.uint16(uncheckedAt: Field.numberOfSources)) }
    /// Whether every declared source is present.
    @inlinable public var sourcesFit: Bool { Field.sources + 16 * numberOfSources <= bytes.byteCount }

    /// The source addresses present (at most `numberOfSources`).
    public var sources: IPv6SourceList {
        @_lifetime(copy self) get {
            IPv6SourceList(bytes: bytes.extracting(unchecked: Field.sources..<bytes.byteCount),
                           frameOffset: frameOffset + Field.sources, declaredCount: numberOfSources)
        }
    }

    /// Bytes after the declared sources, which receivers ignore (RFC 3810 5.1.12).
    public var additionalData: RawSpan {
        @_lifetime(copy self) get {
            let end = min(Field.sources + 16 * numberOfSources, bytes.byteCount)
            return bytes.extracting(unchecked: end..<bytes.byteCount)
        }
    }

    /// The milliseconds a Maximum Response Code stands for (RFC 3810 5.1.3): below 32768 the code itself, from
    /// 32768 on `1 | exp(3) | mant(12)` meaning `(mant | 0x1000) << (exp + 3)`.
    @inlinable
    public static func decodeMaximumResponseCode(_ code: UInt16) -> Int {
        guard code >= 0x8000 else { return Int(code) }
        let exponent = Int((code >> 12) & 0x7)
        let mantissa = Int(code & 0x0fff)
        return (mantissa | 0x1000) << (exponent + 3)
    }

    /// The code for `milliseconds`: exact below 32768, otherwise the largest code not above it; saturates at 0xffff.
    public static func encodeMaximumResponseCode(_ milliseconds: Int) -> UInt16 {
        if milliseconds < 0x8000 { return UInt16(max(0, milliseconds)) }
        for exponent in stride(from: 7, through: 0, by: -1) where milliseconds >= 0x1000 << (exponent + 3) {
            let mantissa = min(0x0fff, (milliseconds >> (exponent + 3)) - 0x1000)
            return 0x8000 | UInt16(exponent) << 12 | UInt16(mantissa)
        }
        return 0x7fff
    }
}
