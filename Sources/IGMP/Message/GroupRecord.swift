/// The Record Type of an IGMPv3 group record (RFC 3376 4.2.12).
public struct GroupRecordType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The Record Type byte.
    public var rawValue: UInt8
    /// The record type of byte `rawValue`, known or not (`isKnown`).
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// MODE_IS_INCLUDE (1): a current-state record, include mode (RFC 3376 4.2.12).
    public static let modeIsInclude = GroupRecordType(rawValue: 1)
    /// MODE_IS_EXCLUDE (2): a current-state record, exclude mode.
    public static let modeIsExclude = GroupRecordType(rawValue: 2)
    /// CHANGE_TO_INCLUDE_MODE (3): a filter-mode change to include; with no source, a leave.
    public static let changeToInclude = GroupRecordType(rawValue: 3)
    /// CHANGE_TO_EXCLUDE_MODE (4): a filter-mode change to exclude; with no source, a join.
    public static let changeToExclude = GroupRecordType(rawValue: 4)
    /// ALLOW_NEW_SOURCES (5): sources to receive from, added.
    public static let allowNewSources = GroupRecordType(rawValue: 5)
    /// BLOCK_OLD_SOURCES (6): sources no longer to receive from.
    public static let blockOldSources = GroupRecordType(rawValue: 6)

    /// Types 1-6; others "MUST be silently ignored" by routers (RFC 3376 4.2.12).
    @inlinable public var isKnown: Bool { rawValue >= 1 && rawValue <= 6 }

    /// tcpdump's short names.
    public var name: String {
        switch rawValue {
        case 1: "is_in"
        case 2: "is_ex"
        case 3: "to_in"
        case 4: "to_ex"
        case 5: "allow"
        case 6: "block"
        default: "type_\(rawValue)"
        }
    }

    /// The record type as tcpdump names it (`is_in`, `to_ex`, `allow`), or `type_n` when unknown.
    public var description: String { name }
}

/// One IGMPv3 group record (RFC 3376 4.2.4):
///
/// ```
/// |  Record Type  |  Aux Data Len |     Number of Sources (N)     |
/// |                       Multicast Address                       |
/// |                       Source Address [1..N]                   |
/// |                         Auxiliary Data  (Aux Data Len x 4)    |
/// ```
///
/// A record handed out by `GroupRecordIterator` is whole: its sources and aux data are all present.
public struct GroupRecord: ~Escapable {
    /// Field offsets within a record.
    public enum Field {
        /// Record Type.
        public static let type = 0
        /// Aux Data Len, in 32-bit words.
        public static let auxDataLength = 1
        /// Number of Sources (16 bits).
        public static let numberOfSources = 2
        /// Multicast Address.
        public static let group = 4
        /// The first source address.
        public static let sources = 8
    }

    /// The fixed record header.
    public static let headerLength = 8

    /// The whole record: header, sources and aux data.
    public let bytes: RawSpan
    /// Byte offset of the record in the frame.
    public let frameOffset: Int

    /// The frame offset of the field at `field` (one of `Field`'s offsets) in this view.
    @inlinable public func frameOffset(of field: Int) -> Int { frameOffset + field }

    /// `bytes` must be the whole record: its header, `numberOfSources` sources and its aux data (the iterator
    /// checks all three before it hands a record out).
    @_lifetime(copy bytes)
    init(uncheckedBytes bytes: RawSpan, frameOffset: Int) {
        assert(bytes.byteCount >= Self.headerLength
               && bytes.byteCount >= Self.headerLength + 4 * Int(bytes.uint16(at: Field.numberOfSources)))
        self.bytes = bytes
        self.frameOffset = frameOffset
    }

    /// Record Type (RFC 3376 4.2.5).
    @inlinable public var type: GroupRecordType { GroupRecordType(rawValue: bytes.uint8(uncheckedAt: Field.type)) }
    /// Aux Data Len in 32-bit words (RFC 3376 4.2.6), not bytes.
    @inlinable public var auxDataLength: Int { Int(bytes.uint8(uncheckedAt: Field.auxDataLength)) }
    /// Number of Sources as sent (the iterator checked they are all present).
    @inlinable public var numberOfSources: Int { Int(bytes.uint16(uncheckedAt: Field.numberOfSources)) }
    /// Multicast Address of the record (RFC 3376 4.2.8).
    @inlinable public var group: IPv4Address { IPv4Address(rawValue: bytes.uint32(uncheckedAt: Field.group)) }
    /// Total length in bytes.
    @inlinable public var length: Int { bytes.byteCount }

    /// The record's source addresses (all present: the iterator checked them).
    public var sources: SourceList {
        @_lifetime(copy self) get {
            SourceList(bytes: bytes.extracting(unchecked: Field.sources..<(Field.sources + 4 * numberOfSources)),
                       frameOffset: frameOffset + Field.sources, declaredCount: numberOfSources)
        }
    }

    /// The auxiliary data (Aux Data Len x 4 bytes), skipped by receivers (RFC 3376 4.2.10).
    public var auxData: RawSpan {
        @_lifetime(copy self) get { bytes.extracting(unchecked: (Field.sources + 4 * numberOfSources)..<bytes.byteCount) }
    }
}

/// Walks the group records of a v3 report. Each step checks the record header, Number of Sources and Aux Data Len
/// against the bytes left, so a lying count ends the walk with an error that says where, never an over-read.
public struct GroupRecordIterator: ~Escapable {
    var rest: RawSpan
    var offset: Int
    /// Number of Group Records as sent.
    public let declaredCount: Int
    /// Records handed out so far.
    public private(set) var index = 0
    var failed = false

    @_lifetime(copy bytes)
    init(_ bytes: RawSpan, frameOffset: Int, declaredCount: Int) {
        rest = bytes
        offset = frameOffset
        self.declaredCount = declaredCount
    }

    /// Bytes after the last declared record (ignored, like a query's additional data). Only meaningful once
    /// iteration has ended without error.
    public var remaining: RawSpan {
        @_lifetime(copy self) get { rest }
    }

    /// The next whole record, nil after the last declared one, or an error naming the count that lied.
    @_lifetime(copy self)
    @inline(__always)
    public mutating func next() throws(DecodeError) -> GroupRecord? {
        guard !failed, index < declaredCount else { return nil }
        let available = rest.byteCount
        if available == 0 {
            failed = true
            throw DecodeError(.recordCountOverflow, at: offset, expected: declaredCount, found: index)
        }
        guard available >= GroupRecord.headerLength else {
            failed = true
            throw DecodeError(.recordHeaderCut, at: offset, expected: GroupRecord.headerLength, found: available)
        }
        let sourceBytes = 4 * Int(rest.uint16(uncheckedAt: GroupRecord.Field.numberOfSources))
        guard GroupRecord.headerLength + sourceBytes <= available else {
            failed = true
            throw DecodeError(.sourceCountOverflow, at: offset + GroupRecord.Field.numberOfSources,
                              expected: GroupRecord.headerLength + sourceBytes, found: available)
        }
        let auxBytes = 4 * Int(rest.uint8(uncheckedAt: GroupRecord.Field.auxDataLength))
        let length = GroupRecord.headerLength + sourceBytes + auxBytes
        guard length <= available else {
            failed = true
            throw DecodeError(.auxDataOverflow, at: offset + GroupRecord.Field.auxDataLength, expected: length, found: available)
        }
        // `length <= available` was just checked.
        let record = GroupRecord(uncheckedBytes: rest.extracting(unchecked: 0..<length), frameOffset: offset)
        rest = rest.extracting(unchecked: length..<available)
        offset += length
        index += 1
        return record
    }
}
