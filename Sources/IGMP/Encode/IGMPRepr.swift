/// A high-level IGMPv3 Membership Query (RFC 3376 4.1), owning its values.
public struct QueryV3Repr: Hashable, Sendable {
    /// Max Resp Code in its 8-bit exponential form (RFC 3376 4.1.1).
    public var maxRespCode: UInt8
    /// Group Address; 0.0.0.0 for a General Query.
    public var group: IPv4Address
    /// The four "Resv"/"Flags" bits (low four bits used).
    public var flags: UInt8
    /// The S flag (RFC 3376 4.1.5).
    public var suppressRouterSideProcessing: Bool
    /// QRV, 0-7.
    public var robustness: UInt8
    /// Querier's Query Interval Code (RFC 3376 4.1.7).
    public var qqic: UInt8
    /// Source addresses, in wire order.
    public var sources: [IPv4Address]
    /// Malformed variant: the Number of Sources to write instead of `sources.count`.
    public var numberOfSourcesOverride: UInt16?

    /// A query; the defaults make a conforming General Query (10 s, QRV 2, QQIC 125).
    public init(maxRespCode: UInt8 = 100, group: IPv4Address = .any, flags: UInt8 = 0,
                suppressRouterSideProcessing: Bool = false, robustness: UInt8 = 2, qqic: UInt8 = 125,
                sources: [IPv4Address] = [], numberOfSourcesOverride: UInt16? = nil) {
        self.maxRespCode = maxRespCode
        self.group = group
        self.flags = flags
        self.suppressRouterSideProcessing = suppressRouterSideProcessing
        self.robustness = robustness
        self.qqic = qqic
        self.sources = sources
        self.numberOfSourcesOverride = numberOfSourcesOverride
    }
}

/// One IGMPv3 group record (RFC 3376 4.2.4).
public struct GroupRecordRepr: Hashable, Sendable {
    /// Record Type (RFC 3376 4.2.12).
    public var type: GroupRecordType
    /// Multicast Address of the record.
    public var group: IPv4Address
    /// Source addresses, in wire order.
    public var sources: [IPv4Address]
    /// Auxiliary data; its length must be a multiple of 4 (Aux Data Len counts 32-bit words).
    public var auxData: [UInt8]
    /// Malformed variants: the counts to write instead of the true ones.
    public var numberOfSourcesOverride: UInt16?
    /// Malformed variant: the Aux Data Len (in words) to write instead of the true one.
    public var auxDataLengthOverride: UInt8?

    /// A record; `auxData` must be whole 32-bit words.
    public init(type: GroupRecordType, group: IPv4Address, sources: [IPv4Address] = [], auxData: [UInt8] = [],
                numberOfSourcesOverride: UInt16? = nil, auxDataLengthOverride: UInt8? = nil) {
        precondition(auxData.count % 4 == 0 && auxData.count <= 255 * 4, "aux data is whole 32-bit words, at most 255")
        self.type = type
        self.group = group
        self.sources = sources
        self.auxData = auxData
        self.numberOfSourcesOverride = numberOfSourcesOverride
        self.auxDataLengthOverride = auxDataLengthOverride
    }

    /// Length of the emitted record in bytes.
    public var encodedLength: Int { GroupRecord.headerLength + 4 * sources.count + auxData.count }
}

/// A high-level IGMPv3 Membership Report (RFC 3376 4.2).
public struct ReportV3Repr: Hashable, Sendable {
    /// Byte 1 ("Reserved").
    public var reserved: UInt8
    /// Bytes 4-5 ("Reserved" in RFC 3376, "Flags" in RFC 9776).
    public var flags: UInt16
    /// Group records, in wire order.
    public var records: [GroupRecordRepr]
    /// Malformed variant: the Number of Group Records to write instead of `records.count`.
    public var numberOfGroupRecordsOverride: UInt16?

    /// A report; reserved and flag fields default to zero.
    public init(reserved: UInt8 = 0, flags: UInt16 = 0, records: [GroupRecordRepr],
                numberOfGroupRecordsOverride: UInt16? = nil) {
        self.reserved = reserved
        self.flags = flags
        self.records = records
        self.numberOfGroupRecordsOverride = numberOfGroupRecordsOverride
    }
}

/// A high-level IGMP message, owning its values: what `IGMPMessage` views, in a form that can be built, compared
/// and emitted. `IGMPRepr.parse(emit(x)) == x` for every value the encoder accepts.
public struct IGMPRepr: Hashable, Sendable {
    /// The message proper, by layout.
    public enum Body: Hashable, Sendable {
        /// Any 8-byte message: v1 and v2 queries (Max Resp Code 0 makes it v1), v1/v2 reports, leaves, and the
        /// other types (DVMRP, mtrace ... whose further bytes go in `additionalData`).
        case fixed(type: IGMPType, maxRespCode: UInt8, group: IPv4Address)
        /// An IGMPv3 Membership Query (RFC 3376 4.1): 12 bytes and its sources.
        case queryV3(QueryV3Repr)
        /// An IGMPv3 Membership Report (RFC 3376 4.2): 8 bytes and its group records.
        case reportV3(ReportV3Repr)
    }

    /// The message proper.
    public var body: Body
    /// Bytes after the message proper (RFC 3376 4.1.10, 4.2.11). On a `.fixed` query, 1-3 bytes make the invalid
    /// 9-11 byte query of RFC 3376 7.1 and 4 or more make it parse as IGMPv3.
    public var additionalData: [UInt8]
    /// Malformed variant: the checksum to write instead of the correct one.
    public var checksumOverride: UInt16?

    /// A message from its body, with optional trailing data and checksum override.
    public init(_ body: Body, additionalData: [UInt8] = [], checksumOverride: UInt16? = nil) {
        self.body = body
        self.additionalData = additionalData
        self.checksumOverride = checksumOverride
    }

    // Convenience builders.
    /// An IGMPv1 General Query: type 0x11 with Max Resp Code 0 (RFC 3376 7.1).
    public static func queryV1() -> IGMPRepr { IGMPRepr(.fixed(type: .membershipQuery, maxRespCode: 0, group: .any)) }
    /// An 8-byte IGMPv2 query: General when `group` is 0.0.0.0, group-specific otherwise. `maxRespCode` is the Max
    /// Response Time in tenths of a second (RFC 2236 2.2); 0 would make it an IGMPv1 query.
    public static func queryV2(maxRespCode: UInt8 = 100, group: IPv4Address = .any) -> IGMPRepr {
        IGMPRepr(.fixed(type: .membershipQuery, maxRespCode: maxRespCode, group: group))
    }
    /// An IGMPv3 query.
    public static func queryV3(_ q: QueryV3Repr) -> IGMPRepr { IGMPRepr(.queryV3(q)) }
    /// An IGMPv1 Membership Report.
    public static func reportV1(_ group: IPv4Address) -> IGMPRepr { IGMPRepr(.fixed(type: .membershipReportV1, maxRespCode: 0, group: group)) }
    /// An IGMPv2 Membership Report.
    public static func reportV2(_ group: IPv4Address) -> IGMPRepr { IGMPRepr(.fixed(type: .membershipReportV2, maxRespCode: 0, group: group)) }
    /// An IGMPv2 Leave Group.
    public static func leave(_ group: IPv4Address) -> IGMPRepr { IGMPRepr(.fixed(type: .leaveGroup, maxRespCode: 0, group: group)) }
    /// An IGMPv3 report of `records`.
    public static func reportV3(_ records: [GroupRecordRepr]) -> IGMPRepr { IGMPRepr(.reportV3(ReportV3Repr(records: records))) }

    /// Length of the emitted message in bytes.
    public var encodedLength: Int {
        switch body {
        case .fixed: IGMPMessage.minimumLength + additionalData.count
        case .queryV3(let q): MembershipQueryV3.headerLength + 4 * q.sources.count + additionalData.count
        case .reportV3(let r):
            MembershipReportV3.headerLength + r.records.reduce(0) { $0 + $1.encodedLength } + additionalData.count
        }
    }

    /// The message kind this value emits as.
    public var kind: MessageKind {
        switch body {
        case .fixed(let type, let code, _): MessageKind(type: type, length: encodedLength, maxRespCode: code)
        case .queryV3: .queryV3
        case .reportV3: .reportV3
        }
    }

    /// The IP destination a conforming sender uses (RFC 3376 4.1.12, 4.2.14; RFC 2236 3).
    public var conventionalDestination: IPv4Address {
        switch body {
        case .fixed(let type, _, let group):
            switch type {
            case .membershipQuery: group == .any ? .allSystems : group
            case .leaveGroup: .allRouters
            default: group
            }
        case .queryV3(let q): q.group == .any ? .allSystems : q.group
        case .reportV3: .igmpv3Routers
        }
    }

    /// Appends the message to `bytes`, checksum filled in (or overridden).
    public func emit(into bytes: inout [UInt8]) {
        var w = ByteWriter(reserving: encodedLength)
        switch body {
        case .fixed(let type, let code, let group):
            w.u8(type.rawValue); w.u8(code); w.u16(0); w.address(group)
        case .queryV3(let q):
            w.u8(IGMPType.membershipQuery.rawValue); w.u8(q.maxRespCode); w.u16(0); w.address(q.group)
            w.u8((q.flags & 0x0f) << 4 | (q.suppressRouterSideProcessing ? 0x08 : 0) | (q.robustness & 0x07))
            w.u8(q.qqic)
            w.u16(q.numberOfSourcesOverride ?? UInt16(truncatingIfNeeded: q.sources.count))
            for s in q.sources { w.address(s) }
        case .reportV3(let r):
            w.u8(IGMPType.membershipReportV3.rawValue); w.u8(r.reserved); w.u16(0)
            w.u16(r.flags)
            w.u16(r.numberOfGroupRecordsOverride ?? UInt16(truncatingIfNeeded: r.records.count))
            for rec in r.records {
                w.u8(rec.type.rawValue)
                w.u8(rec.auxDataLengthOverride ?? UInt8(rec.auxData.count / 4))
                w.u16(rec.numberOfSourcesOverride ?? UInt16(truncatingIfNeeded: rec.sources.count))
                w.address(rec.group)
                for s in rec.sources { w.address(s) }
                w.raw(rec.auxData)
            }
        }
        w.raw(additionalData)
        w.patch16(checksumOverride ?? InternetChecksum.checksum(w.bytes), at: IGMPMessage.Field.checksum)
        bytes.append(contentsOf: w.bytes)
    }

    /// The emitted message.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        emit(into: &out)
        return out
    }

    /// Reads a message view back into a value. Throws where a count runs past the message, since such a message
    /// has no faithful value. The checksum is not kept: `checksumOverride` is set only when it does not verify.
    public static func parse(_ message: borrowing IGMPMessage) throws(DecodeError) -> IGMPRepr {
        let bytes = message.bytes
        // Keep the stored checksum whenever `emit` would write another one: besides invalid checksums, one's
        // complement has two encodings that verify (0x0000 and 0xffff when the rest sums to 0xffff).
        let checksumOverride = storedChecksumOverride(bytes, at: IGMPMessage.Field.checksum)
        switch message.kind {
        case .queryV3:
            guard let q = message.queryV3 else { throw DecodeError(.messageTooShort, at: message.frameOffset) }
            guard q.sourcesFit else {
                throw DecodeError(.sourceCountOverflow, at: q.frameOffset(of: MembershipQueryV3.Field.numberOfSources),
                                  expected: MembershipQueryV3.headerLength + 4 * q.numberOfSources, found: bytes.byteCount)
            }
            let repr = QueryV3Repr(maxRespCode: q.maxRespCode, group: q.group, flags: q.flags,
                                   suppressRouterSideProcessing: q.suppressRouterSideProcessing,
                                   robustness: q.robustness, qqic: q.qqic, sources: q.sources.array)
            return IGMPRepr(.queryV3(repr), additionalData: q.additionalData.byteArray, checksumOverride: checksumOverride)
        case .reportV3:
            guard let r = message.reportV3 else { throw DecodeError(.messageTooShort, at: message.frameOffset) }
            var records: [GroupRecordRepr] = []
            var it = r.records
            while let rec = try it.next() {
                records.append(GroupRecordRepr(type: rec.type, group: rec.group,
                                               sources: rec.sources.array, auxData: rec.auxData.byteArray))
            }
            let repr = ReportV3Repr(reserved: r.reserved, flags: r.flags, records: records)
            return IGMPRepr(.reportV3(repr), additionalData: it.remaining.byteArray, checksumOverride: checksumOverride)
        default:
            return IGMPRepr(.fixed(type: message.type, maxRespCode: message.maxRespCode, group: message.group),
                            additionalData: bytes.extracting(IGMPMessage.minimumLength..<bytes.byteCount).byteArray,
                            checksumOverride: checksumOverride)
        }
    }
}

extension RawSpan {
    /// A copy of the bytes (for the `Repr` layer only; views never copy).
    var byteArray: [UInt8] { withUnsafeBytes { Array($0) } }
}

/// The checksum stored at `offset` when it differs from the one computed with that field zeroed; nil otherwise.
func storedChecksumOverride(_ bytes: RawSpan, at offset: Int) -> UInt16? {
    var copy = bytes.byteArray
    let stored = UInt16(copy[offset]) << 8 | UInt16(copy[offset + 1])
    copy[offset] = 0
    copy[offset + 1] = 0
    return InternetChecksum.checksum(copy) == stored ? nil : stored
}
