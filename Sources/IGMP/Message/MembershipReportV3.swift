/// The IGMPv3 Membership Report (RFC 3376 4.2; RFC 9776 4.2).
///
/// ```
/// |  Type = 0x22  |    Reserved   |           Checksum            |
/// |         Flags/Reserved        |  Number of Group Records (M)  |
/// |                        Group Record [1..M]                    |
/// ```
public struct MembershipReportV3: ~Escapable {
    /// Field offsets of the report header.
    public enum Field {
        /// The reserved byte after Type.
        public static let reserved1 = 1
        /// Reserved in RFC 3376, Flags in RFC 9776 (16 bits).
        public static let flags = 4
        /// Number of Group Records (16 bits).
        public static let numberOfGroupRecords = 6
        /// The first group record.
        public static let records = 8
    }

    /// The fixed report header.
    public static let headerLength = 8

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

    /// Byte 1, reserved (RFC 3376 4.2.1).
    @inlinable public var reserved: UInt8 { bytes.uint8(uncheckedAt: Field.reserved1) }
    /// Bytes 4-5: "Reserved" in RFC 3376 4.2.1, the "Flags" field of RFC 9776.
    @inlinable public var flags: UInt16 { bytes.uint16(uncheckedAt: Field.flags) }
    /// Number of Group Records as sent.
    @inlinable public var numberOfGroupRecords: Int { Int(bytes.uint16(uncheckedAt: Field.numberOfGroupRecords)) }

    /// Walks the group records, checking each one's header, sources and aux data against the bytes.
    public var records: GroupRecordIterator {
        @_lifetime(copy self) get {
            GroupRecordIterator(bytes.extracting(Field.records..<bytes.byteCount),
                                frameOffset: frameOffset + Field.records, declaredCount: numberOfGroupRecords)
        }
    }

    /// Calls `body` with each whole group record, in wire order, then throws the error that names the first count
    /// that lied, if one did (the records before it have all been handed out). `records` is the same walk, one
    /// `next()` at a time, which can also stop early; a view cannot be a `Sequence`, so `for in` cannot walk it
    /// (<doc:ReadingMessages>).
    public func forEachRecord(_ body: (borrowing GroupRecord) -> Void) throws(DecodeError) {
        var records = self.records
        while let record = try records.next() { body(record) }
    }
}
