/// The MLDv2 Multicast Listener Report (RFC 3810 5.2, RFC 9777 5.2):
///
/// ```
/// |  Type = 143   |    Reserved   |           Checksum            |
/// |           Reserved            |Nr of Mcast Address Records (M)|
/// |                  Multicast Address Record [1..M]              |
/// ```
public struct MLDv2Report: ~Escapable {
    /// Field offsets.
    public enum Field {
        /// The reserved byte in place of Code.
        public static let code = 1
        /// The 16 reserved bits (flags in RFC 9777).
        public static let reserved = 4
        /// Nr of Mcast Address Records.
        public static let numberOfRecords = 6
        /// The first record.
        public static let records = 8
    }

    /// The fixed header.
    public static let headerLength = 8

    /// The message bytes that were captured.
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

    /// The 16 reserved bits after the checksum.
    @inlinable public var reserved: UInt16 { bytes.uint16(uncheckedAt: Field.reserved) }
    /// Nr of Mcast Address Records as sent.
    @inlinable public var numberOfRecords: Int { Int(bytes.uint16(uncheckedAt: Field.numberOfRecords)) }

    /// Walks the records, checking each against the bytes left.
    public var records: MLDRecordIterator {
        @_lifetime(copy self) get {
            MLDRecordIterator(bytes.extracting(unchecked: Field.records..<bytes.byteCount),
                              frameOffset: frameOffset + Field.records, declaredCount: numberOfRecords)
        }
    }
}

/// One Multicast Address Record of an MLDv2 report (RFC 3810 5.2.4):
///
/// ```
/// |  Record Type  |  Aux Data Len |     Number of Sources (N)     |
/// |                  Multicast Address (16 bytes)                 |
/// |                  Source Address [1..N] (16 bytes each)        |
/// |                  Auxiliary Data (Aux Data Len x 4)            |
/// ```
///
/// A record handed out by `MLDRecordIterator` is whole: its sources and aux data are all present.
public struct MLDAddressRecord: ~Escapable {
    /// Field offsets within a record.
    public enum Field {
        /// Record Type (the values of IGMPv3's, RFC 3810 5.2.12).
        public static let type = 0
        /// Aux Data Len, in 32-bit words.
        public static let auxDataLength = 1
        /// Number of Sources.
        public static let numberOfSources = 2
        /// Multicast Address.
        public static let multicastAddress = 4
        /// The first source address.
        public static let sources = 20
    }

    /// The fixed record header.
    public static let headerLength = 20

    /// The whole record: header, sources and aux data.
    public let bytes: RawSpan
    /// Byte offset of the record in the frame.
    public let frameOffset: Int

    /// The frame offset of the field at `field` in this view.
    @inlinable public func frameOffset(of field: Int) -> Int { frameOffset + field }

    @_lifetime(copy bytes)
    init(uncheckedBytes bytes: RawSpan, frameOffset: Int) {
        assert(bytes.byteCount >= Self.headerLength
               && bytes.byteCount >= Self.headerLength + 16 * Int(bytes.uint16(at: Field.numberOfSources)))
        self.bytes = bytes
        self.frameOffset = frameOffset
    }

    /// Record Type.
    @inlinable public var type: GroupRecordType { GroupRecordType(rawValue: bytes.uint8(uncheckedAt: Field.type)) }
    /// Aux Data Len in 32-bit words.
    @inlinable public var auxDataLength: Int { Int(bytes.uint8(uncheckedAt: Field.auxDataLength)) }
    /// Number of Sources as sent (all present).
    @inlinable public var numberOfSources: Int { Int(bytes.uint16(uncheckedAt: Field.numberOfSources)) }
    /// Multicast Address.
    @inlinable public var multicastAddress: IPv6Address { bytes.ipv6Address(at: Field.multicastAddress) }
    /// Total length in bytes.
    @inlinable public var length: Int { bytes.byteCount }

    /// The record's sources (all present).
    public var sources: IPv6SourceList {
        @_lifetime(copy self) get {
            IPv6SourceList(bytes: bytes.extracting(unchecked: Field.sources..<(Field.sources + 16 * numberOfSources)),
                           frameOffset: frameOffset + Field.sources, declaredCount: numberOfSources)
        }
    }

    /// The auxiliary data, which receivers skip (RFC 3810 5.2.10).
    public var auxData: RawSpan {
        @_lifetime(copy self) get { bytes.extracting(unchecked: (Field.sources + 16 * numberOfSources)..<bytes.byteCount) }
    }
}

/// Walks the records of an MLDv2 report. Each step checks the record header, Number of Sources and Aux Data Len
/// against the bytes left, so a lying count ends the walk with an error that says where, never an over-read.
public struct MLDRecordIterator: ~Escapable {
    var rest: RawSpan
    var offset: Int
    /// Nr of Mcast Address Records as sent.
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

    /// The next whole record, nil after the last declared one, or an error naming the count that lied.
    @_lifetime(copy self)
    public mutating func next() throws(DecodeError) -> MLDAddressRecord? {
        guard !failed, index < declaredCount else { return nil }
        let available = rest.byteCount
        if available == 0 {
            failed = true
            throw DecodeError(.recordCountOverflow, at: offset, expected: declaredCount, found: index)
        }
        guard available >= MLDAddressRecord.headerLength else {
            failed = true
            throw DecodeError(.recordHeaderCut, at: offset, expected: MLDAddressRecord.headerLength, found: available)
        }
        let sourceBytes = 16 * Int(rest.uint16(uncheckedAt: MLDAddressRecord.Field.numberOfSources))
        guard MLDAddressRecord.headerLength + sourceBytes <= available else {
            failed = true
            throw DecodeError(.sourceCountOverflow, at: offset + MLDAddressRecord.Field.numberOfSources,
                              expected: MLDAddressRecord.headerLength + sourceBytes, found: available)
        }
        let auxBytes = 4 * Int(rest.uint8(uncheckedAt: MLDAddressRecord.Field.auxDataLength))
        let length = MLDAddressRecord.headerLength + sourceBytes + auxBytes
        guard length <= available else {
            failed = true
            throw DecodeError(.auxDataOverflow, at: offset + MLDAddressRecord.Field.auxDataLength, expected: length, found: available)
        }
        let record = MLDAddressRecord(uncheckedBytes: rest.extracting(unchecked: 0..<length), frameOffset: offset)
        rest = rest.extracting(unchecked: length..<available)
        offset += length
        index += 1
        return record
    }
}
