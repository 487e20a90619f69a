/// A zero-copy view of one MLD message: the ICMPv6 message after the IPv6 header chain (RFC 2710 3, RFC 3810 5).
///
/// Construction checks that 8 bytes are present (the shortest MLD message, an MLDv2 report without records), so
/// `type`, `code`, `checksum` and `maximumResponseCode` cannot fail. The 24-byte listener layout (`multicastAddress`)
/// and the MLDv2 layouts (`queryV2`, `reportV2`) check their own lengths.
public struct MLDMessage: ~Escapable {
    /// Field offsets of the ICMPv6 header and the MLDv1 layout, shared by MLDv2 queries.
    public enum Field {
        /// Type (130, 131, 132, 143).
        public static let type = 0
        /// Code: 0, ignored by receivers.
        public static let code = 1
        /// Checksum: over the IPv6 pseudo-header and the whole message (RFC 4443 2.3).
        public static let checksum = 2
        /// Maximum Response Code (queries; Maximum Response Delay in MLDv1), reserved elsewhere.
        public static let maximumResponseCode = 4
        /// Reserved.
        public static let reserved = 6
        /// Multicast Address (queries, MLDv1 reports and Done).
        public static let multicastAddress = 8
    }

    /// The shortest MLD message: an MLDv2 report's fixed header.
    public static let minimumLength = 8
    /// An MLDv1 message, and an MLDv2 query without its MLDv2 fields.
    public static let listenerMessageLength = 24

    /// The message bytes that were captured.
    public let bytes: RawSpan
    /// Byte offset of the message in the frame.
    public let frameOffset: Int
    /// The message length the IPv6 header declares (Payload Length minus the extension headers); larger than
    /// `bytes.byteCount` when the frame was cut short.
    public let declaredLength: Int

    /// The frame offset of the field at `field` in this view.
    @inlinable public func frameOffset(of field: Int) -> Int { frameOffset + field }

    /// Views `bytes` as an MLD message, checking 8 bytes are present.
    ///
    /// - Parameters:
    ///   - bytes: the message, from its Type byte.
    ///   - frameOffset: where the message starts in the frame.
    ///   - declaredLength: the length the IPv6 header promised, when the bytes may have been cut short.
    @_lifetime(copy bytes)
    public init(checking bytes: RawSpan, frameOffset: Int = 0, declaredLength: Int? = nil) throws(DecodeError) {
        guard bytes.byteCount >= Self.minimumLength else {
            throw DecodeError(.mldTooShort, at: frameOffset, expected: Self.minimumLength, found: bytes.byteCount)
        }
        self.bytes = bytes
        self.frameOffset = frameOffset
        self.declaredLength = declaredLength ?? bytes.byteCount
    }

    /// Length of the captured message in bytes.
    @inlinable public var length: Int { bytes.byteCount }
    /// Whether the whole message (as the IPv6 header declares it) was captured.
    @inlinable public var isComplete: Bool { declaredLength <= bytes.byteCount }

    /// The ICMPv6 Type byte.
    @inlinable public var type: UInt8 { bytes.uint8(uncheckedAt: Field.type) }
    /// The ICMPv6 Code byte.
    @inlinable public var code: UInt8 { bytes.uint8(uncheckedAt: Field.code) }
    /// The Checksum field as sent.
    @inlinable public var checksum: UInt16 { bytes.uint16(uncheckedAt: Field.checksum) }
    /// Bytes 4-5: Maximum Response Code of a query (Maximum Response Delay in MLDv1), reserved in reports and Done.
    @inlinable public var maximumResponseCode: UInt16 { bytes.uint16(uncheckedAt: Field.maximumResponseCode) }
    /// Bytes 6-7: reserved in every MLDv1 message and MLDv2 query; Number of Multicast Address Records in an MLDv2
    /// report (use `reportV2` there).
    @inlinable public var reserved: UInt16 { bytes.uint16(uncheckedAt: Field.reserved) }
    /// The Multicast Address of a query, an MLDv1 report or a Done; nil when fewer than 24 bytes were captured.
    @inlinable public var multicastAddress: IPv6Address? {
        bytes.byteCount >= Self.listenerMessageLength ? bytes.ipv6Address(at: Field.multicastAddress) : nil
    }

    /// The message kind (nil when the type is not MLD's), versions told apart by RFC 3810 8.1.
    @inlinable public var kind: MLDKind? { MLDKind(type: type, length: declaredLength) }

    /// Maximum Response Delay in milliseconds: linear in MLDv1 (RFC 2710 3.4), the exponential code of RFC 3810
    /// 5.1.3 in MLDv2; nil where the field is not a timer.
    public var maximumResponseDelay: Int? {
        switch kind {
        case .queryV1: Int(maximumResponseCode)
        case .queryV2: MLDv2Query.decodeMaximumResponseCode(maximumResponseCode)
        default: nil
        }
    }

    /// Whether the checksum verifies over the IPv6 pseudo-header (`source`, the final `destination`, the declared
    /// length, Next Header 58) and the whole message (RFC 4443 2.3, RFC 8200 8.1). Only meaningful when `isComplete`.
    public func isChecksumValid(source: IPv6Address, destination: IPv6Address) -> Bool {
        let pseudo = InternetChecksum.pseudoHeaderSum(source: source, destination: destination,
                                                      length: UInt32(truncatingIfNeeded: bytes.byteCount),
                                                      nextHeader: IPv6NextHeader.icmpv6)
        return InternetChecksum.add(pseudo, InternetChecksum.sum(bytes)) == 0xffff
    }

    /// The MLDv2 Query layout, when this is a query of 28 bytes or more.
    public var queryV2: MLDv2Query? {
        @_lifetime(copy self) get {
            guard type == MLDKind.queryType, bytes.byteCount >= MLDv2Query.headerLength,
                  declaredLength >= MLDv2Query.headerLength else { return nil }
            return MLDv2Query(uncheckedBytes: bytes, frameOffset: frameOffset)
        }
    }

    /// The MLDv2 Report layout, when this is a type 143 message.
    public var reportV2: MLDv2Report? {
        @_lifetime(copy self) get {
            guard type == MLDKind.reportV2Type else { return nil }
            return MLDv2Report(uncheckedBytes: bytes, frameOffset: frameOffset)
        }
    }
}
