/// A zero-copy view of one IGMP message: the IPv4 payload (RFC 3376 4, RFC 2236 2, RFC 1112 appendix I).
///
/// Construction checks the 8-byte common header is present, so `type`, `maxRespCode`, `checksum` and
/// `group` cannot fail. The v3 layouts are reached through `queryV3` and `reportV3`, which check their own
/// fixed headers; counts inside them are checked against the bytes as they are walked.
public struct IGMPMessage: ~Escapable {
    /// Field offsets of the common 8-byte header.
    public enum Field {
        /// Type.
        public static let type = 0
        /// Max Resp Code (queries), Max Response Time (v2), reserved (reports).
        public static let maxRespCode = 1
        /// Checksum, over the whole message.
        public static let checksum = 2
        /// Group Address (v1, v2, v3 queries); reserved in v3 reports.
        public static let group = 4
    }

    /// Every IGMP message has at least the common header.
    public static let minimumLength = 8

    /// The message bytes that were captured.
    public let bytes: RawSpan
    /// Byte offset of the message in the frame.
    public let frameOffset: Int

    /// The frame offset of the field at `field` (one of `Field`'s offsets) in this view.
    @inlinable public func frameOffset(of field: Int) -> Int { frameOffset + field }
    /// The message length the IPv4 header declares (Total Length minus header length). Larger than
    /// `bytes.byteCount` when the frame was cut short.
    public let declaredLength: Int

    /// Views `bytes` as an IGMP message, checking the common header is present.
    ///
    /// - Parameters:
    ///   - bytes: the message, from its Type byte.
    ///   - frameOffset: where the message starts in the frame it came in, so that offsets name bytes of the frame;
    ///     0 for a message on its own (read from a socket).
    ///   - declaredLength: the length the IPv4 header promised, when the bytes may have been cut short; the bytes
    ///     given when nil.
    @_lifetime(copy bytes)
    @inline(__always)
    public init(checking bytes: RawSpan, frameOffset: Int = 0, declaredLength: Int? = nil) throws(DecodeError) {
        guard bytes.byteCount >= Self.minimumLength else {
            throw DecodeError(.igmpTooShort, at: frameOffset, expected: Self.minimumLength, found: bytes.byteCount)
        }
        self.bytes = bytes
        self.frameOffset = frameOffset
        self.declaredLength = declaredLength ?? bytes.byteCount
    }

    /// Views a message held in an array (read from a socket, say), checking the common header is present; the view
    /// borrows the array, which must outlive it.
    @_lifetime(borrow bytes)
    public init(checking bytes: borrowing [UInt8], frameOffset: Int = 0) throws(DecodeError) {
        try self.init(checking: bytes.span.bytes, frameOffset: frameOffset)
    }

    /// Views the payload of `ip` as an IGMP message: the walk's last step, whose length is the one the IPv4 header
    /// declares.
    @_lifetime(copy ip)
    @inlinable @inline(__always)
    public init(payloadOf ip: borrowing IPv4Packet) throws(DecodeError) {
        try self.init(checking: ip.payload, frameOffset: ip.frameOffset(of: ip.headerLength),
                      declaredLength: ip.totalLength - ip.headerLength)
    }

    /// Length of the captured message in bytes.
    @inlinable public var length: Int { bytes.byteCount }
    /// Whether the whole message (as the IPv4 header declares it) was captured.
    @inlinable public var isComplete: Bool { declaredLength <= bytes.byteCount }

    // The common header fields lie in the first 8 bytes, which `init(checking:)` proved present.

    /// The Type byte.
    @inlinable public var type: IGMPType { IGMPType(rawValue: bytes.uint8(uncheckedAt: Field.type)) }
    /// Byte 1: Max Resp Code (queries), Max Response Time (v2), reserved (reports), code (DVMRP, PIMv1).
    @inlinable public var maxRespCode: UInt8 { bytes.uint8(uncheckedAt: Field.maxRespCode) }
    /// The Checksum field as sent (`isChecksumValid` says whether it verifies).
    @inlinable public var checksum: UInt16 { bytes.uint16(uncheckedAt: Field.checksum) }
    /// Bytes 4-7: the Group Address of queries, v1/v2 reports and leaves. For v3 reports they are the reserved/flags
    /// field and Number of Group Records, so use `reportV3` there.
    @inlinable public var group: IPv4Address { IPv4Address(rawValue: bytes.uint32(uncheckedAt: Field.group)) }

    /// The message kind, versions told apart by RFC 3376 7.1.
    @inlinable public var kind: MessageKind {
        MessageKind(type: type, length: declaredLength, maxRespCode: maxRespCode)
    }

    /// The checksum verifies over the whole message, additional data included (RFC 3376 4.1.2, 4.1.10).
    /// Only meaningful when `isComplete`.
    @inlinable public var isChecksumValid: Bool { InternetChecksum.isValid(bytes) }

    /// Max Response Time: linear tenths of a second for IGMPv2 (RFC 2236 2.2), exponential code for IGMPv3
    /// queries (RFC 3376 4.1.1), nil where the field is not a timer.
    public var maxResponseTime: MaxResponseTime? {
        switch kind {
        case .queryV2: MaxResponseTime(deciseconds: Int(maxRespCode))
        case .queryV3: MaxResponseTime(deciseconds: TimeCode.decode(maxRespCode))
        case .queryV1: MaxResponseTime(deciseconds: 100) // RFC 2236 4: a v1 query means 10 seconds
        default: nil
        }
    }

    /// The IGMPv3 Query layout, when this is a query of 12 or more bytes.
    public var queryV3: MembershipQueryV3? {
        @_lifetime(copy self) get {
            guard type == .membershipQuery, bytes.byteCount >= MembershipQueryV3.headerLength,
                  declaredLength >= MembershipQueryV3.headerLength else { return nil }
            return MembershipQueryV3(uncheckedBytes: bytes, frameOffset: frameOffset)
        }
    }

    /// The IGMPv3 Report layout, when this is a type 0x22 message.
    public var reportV3: MembershipReportV3? {
        @_lifetime(copy self) get {
            guard type == .membershipReportV3 else { return nil }
            return MembershipReportV3(uncheckedBytes: bytes, frameOffset: frameOffset)
        }
    }
}
