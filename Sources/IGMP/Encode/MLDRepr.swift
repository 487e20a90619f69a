/// One MLDv2 Multicast Address Record (RFC 3810 5.2.4), owning its values.
public struct MLDRecordRepr: Hashable, Sendable {
    /// Record Type (the values of IGMPv3's, RFC 3810 5.2.12).
    public var type: GroupRecordType
    /// Multicast Address.
    public var address: IPv6Address
    /// Source addresses, in wire order.
    public var sources: [IPv6Address]
    /// Auxiliary data, a multiple of 4 bytes (padded with zeros on emit).
    public var auxData: [UInt8]
    /// Malformed variants: Number of Sources and Aux Data Len to write instead of the true ones.
    public var numberOfSourcesOverride: UInt16?
    /// Aux Data Len (in 32-bit words) to write instead of the true one.
    public var auxDataLengthOverride: UInt8?

    /// A record; with no sources and `changeToExclude` it is a join.
    public init(type: GroupRecordType, address: IPv6Address, sources: [IPv6Address] = [], auxData: [UInt8] = [],
                numberOfSourcesOverride: UInt16? = nil, auxDataLengthOverride: UInt8? = nil) {
        self.type = type
        self.address = address
        self.sources = sources
        self.auxData = auxData
        self.numberOfSourcesOverride = numberOfSourcesOverride
        self.auxDataLengthOverride = auxDataLengthOverride
    }

    var paddedAuxLength: Int { (auxData.count + 3) / 4 * 4 }
    var encodedLength: Int { MLDAddressRecord.headerLength + 16 * sources.count + paddedAuxLength }
}

/// A high-level MLD message (RFC 2710 3, RFC 3810 5), owning its values: the ICMPv6 message without its checksum,
/// which `MLDFrameRepr` computes over the pseudo-header.
public enum MLDRepr: Hashable, Sendable {
    /// The 24-byte MLDv1 layout: a query (130), a report (131) or a Done (132).
    case listener(type: UInt8, maximumResponseCode: UInt16, address: IPv6Address)
    /// An MLDv2 query (RFC 3810 5.1).
    case queryV2(maximumResponseCode: UInt16, address: IPv6Address, suppressRouterSideProcessing: Bool, robustness: UInt8,
                 qqic: UInt8, sources: [IPv6Address], flags: UInt8, numberOfSourcesOverride: UInt16?)
    /// An MLDv2 report (RFC 3810 5.2).
    case reportV2(records: [MLDRecordRepr], numberOfRecordsOverride: UInt16?)
    /// Message bytes written as given from byte 4 on (after Type, Code and Checksum): a query of a length no version
    /// has, a message cut short.
    case other(type: UInt8, body: [UInt8])

    /// A conforming MLDv1 query: `::` (General) unless `address` is given, 10 s.
    public static func queryV1(address: IPv6Address = .unspecified, maximumResponseDelay: UInt16 = 10_000) -> MLDRepr {
        .listener(type: MLDKind.queryType, maximumResponseCode: maximumResponseDelay, address: address)
    }
    /// A conforming MLDv2 General Query (10 s, QRV 2, QQIC 125) unless told otherwise.
    public static func queryV2(address: IPv6Address = .unspecified, maximumResponseCode: UInt16 = 10_000,
                               sources: [IPv6Address] = [], robustness: UInt8 = 2, qqic: UInt8 = 125,
                               flags: UInt8 = 0, numberOfSourcesOverride: UInt16? = nil) -> MLDRepr {
        .queryV2(maximumResponseCode: maximumResponseCode, address: address, suppressRouterSideProcessing: false,
                 robustness: robustness, qqic: qqic, sources: sources, flags: flags, numberOfSourcesOverride: numberOfSourcesOverride)
    }
    /// An MLDv1 report of `address`.
    public static func reportV1(_ address: IPv6Address) -> MLDRepr {
        .listener(type: MLDKind.reportV1Type, maximumResponseCode: 0, address: address)
    }
    /// An MLDv1 Done for `address`.
    public static func done(_ address: IPv6Address) -> MLDRepr {
        .listener(type: MLDKind.doneType, maximumResponseCode: 0, address: address)
    }
    /// An MLDv2 report.
    public static func reportV2(_ records: [MLDRecordRepr]) -> MLDRepr { .reportV2(records: records, numberOfRecordsOverride: nil) }

    /// The ICMPv6 Type.
    public var type: UInt8 {
        switch self {
        case .listener(let type, _, _): type
        case .queryV2: MLDKind.queryType
        case .reportV2: MLDKind.reportV2Type
        case .other(let type, _): type
        }
    }

    /// Length of the emitted message in bytes.
    public var encodedLength: Int {
        switch self {
        case .listener: MLDMessage.listenerMessageLength
        case .queryV2(_, _, _, _, _, let sources, _, _): MLDv2Query.headerLength + 16 * sources.count
        case .reportV2(let records, _): MLDv2Report.headerLength + records.reduce(0) { $0 + $1.encodedLength }
        case .other(_, let body): 4 + body.count
        }
    }

    /// Where RFC 3810 / RFC 2710 send the message: General Queries to ff02::1, other queries and MLDv1 reports to
    /// their address, Done to ff02::2, MLDv2 reports to ff02::16.
    public var conventionalDestination: IPv6Address {
        switch self {
        case .listener(let type, _, let address):
            type == MLDKind.doneType ? .allRouters : (address.isUnspecified ? .allNodes : address)
        case .queryV2(_, let address, _, _, _, _, _, _): address.isUnspecified ? .allNodes : address
        case .reportV2: .allMLDv2Routers
        case .other: .allNodes
        }
    }

    /// Appends the message with `code` and `checksum` in their fields.
    public func emit(code: UInt8 = 0, checksum: UInt16 = 0, into bytes: inout [UInt8]) {
        var w = ByteWriter(reserving: encodedLength)
        w.u8(type); w.u8(code); w.u16(checksum)
        switch self {
        case .listener(_, let code, let address):
            w.u16(code); w.u16(0); w.ipv6Address(address)
        case .queryV2(let code, let address, let s, let qrv, let qqic, let sources, let flags, let countOverride):
            w.u16(code); w.u16(0); w.ipv6Address(address)
            w.u8((flags & 0x0f) << 4 | (s ? 0x08 : 0) | (qrv & 0x07)); w.u8(qqic)
            w.u16(countOverride ?? UInt16(truncatingIfNeeded: sources.count))
            for source in sources { w.ipv6Address(source) }
        case .reportV2(let records, let countOverride):
            w.u16(0); w.u16(countOverride ?? UInt16(truncatingIfNeeded: records.count))
            for record in records {
                w.u8(record.type.rawValue)
                w.u8(record.auxDataLengthOverride ?? UInt8(truncatingIfNeeded: record.paddedAuxLength / 4))
                w.u16(record.numberOfSourcesOverride ?? UInt16(truncatingIfNeeded: record.sources.count))
                w.ipv6Address(record.address)
                for source in record.sources { w.ipv6Address(source) }
                w.raw(record.auxData)
                w.padToWord()
            }
        case .other(_, let body):
            w.raw(body)
        }
        bytes.append(contentsOf: w.bytes)
    }

    /// Reads a message back into a value (counts that lie throw, as the decoder's walk does). A message the
    /// structured cases cannot say exactly (reserved bits set, bytes after its last source or record, a query of
    /// another length) comes back as `other`, so that emitting the value gives the same bytes.
    public static func parse(_ message: borrowing MLDMessage) throws(DecodeError) -> MLDRepr {
        let length = message.bytes.byteCount
        switch message.kind {
        case .queryV1?, .reportV1?, .done?:
            guard let address = message.multicastAddress, length == MLDMessage.listenerMessageLength, message.reserved == 0 else { break }
            return .listener(type: message.type, maximumResponseCode: message.maximumResponseCode, address: address)
        case .queryV2?:
            guard let q = message.queryV2 else { break }
            guard q.sourcesFit else {
                throw DecodeError(.sourceCountOverflow, at: q.frameOffset(of: MLDv2Query.Field.numberOfSources),
                                  expected: MLDv2Query.headerLength + 16 * q.numberOfSources, found: q.bytes.byteCount)
            }
            guard q.reserved == 0, q.additionalData.byteCount == 0 else { break }
            return .queryV2(maximumResponseCode: q.maximumResponseCode, address: q.multicastAddress,
                            suppressRouterSideProcessing: q.suppressRouterSideProcessing, robustness: q.robustness,
                            qqic: q.qqic, sources: q.sources.array, flags: q.flags, numberOfSourcesOverride: nil)
        case .reportV2?:
            guard let r = message.reportV2 else { break }
            var records: [MLDRecordRepr] = []
            var it = r.records
            var end = MLDv2Report.headerLength
            while let record = try it.next() {
                records.append(MLDRecordRepr(type: record.type, address: record.multicastAddress, sources: record.sources.array,
                                             auxData: record.auxData.byteArray))
                end += record.length
            }
            guard r.reserved == 0, end == length else { break }
            return .reportV2(records: records, numberOfRecordsOverride: nil)
        case .queryInvalidLength?, nil:
            break
        }
        return .other(type: message.type, body: message.bytes.extracting(4..<length).byteArray)
    }
}

/// An IPv6 extension header as a value (RFC 8200 4).
public enum IPv6ExtensionRepr: Hashable, Sendable {
    /// Hop-by-Hop Options with these option bytes (padded with PadN to a multiple of 8 with the 2-byte head).
    case hopByHop(options: [UInt8])
    /// Destination Options, the same layout.
    case destinationOptions(options: [UInt8])
    /// A Routing header of `type` listing `addresses` (type 0 and 2: the final destination last).
    case routing(type: UInt8, segmentsLeft: UInt8, addresses: [IPv6Address])
    /// A Fragment header.
    case fragment(offset: UInt16, moreFragments: Bool, identification: UInt32)
    /// A header written as given after its Next Header byte (`value` names it in the header before): for chains that
    /// lie about their lengths.
    case raw(value: UInt8, bytes: [UInt8])

    /// The Router Alert option of MLD (RFC 2711: type 5, length 2, value 0).
    public static let routerAlertMLD: [UInt8] = [IPv6HeaderChain.routerAlertOption, 2, 0, 0]
    /// The Hop-by-Hop header every conforming MLD message carries: Router Alert 0, then PadN.
    public static let mldHopByHop = IPv6ExtensionRepr.hopByHop(options: routerAlertMLD)

    /// The Next Header value that names this header.
    public var value: UInt8 {
        switch self {
        case .hopByHop: IPv6NextHeader.hopByHop
        case .destinationOptions: IPv6NextHeader.destinationOptions
        case .routing: IPv6NextHeader.routing
        case .fragment: IPv6NextHeader.fragment
        case .raw(let value, _): value
        }
    }

    /// The header's bytes after its Next Header byte.
    var body: [UInt8] {
        var w = ByteWriter(reserving: 24)
        switch self {
        case .hopByHop(let options), .destinationOptions(let options):
            let length = (2 + options.count + 7) / 8 * 8
            w.u8(UInt8(length / 8 - 1))
            w.raw(options)
            let pad = length - 2 - options.count
            if pad == 1 { w.u8(0) } else if pad > 1 { w.u8(1); w.u8(UInt8(pad - 2)); w.raw([UInt8](repeating: 0, count: pad - 2)) }
        case .routing(let type, let segmentsLeft, let addresses):
            w.u8(UInt8(truncatingIfNeeded: 2 * addresses.count)); w.u8(type); w.u8(segmentsLeft); w.u32(0)
            for address in addresses { w.ipv6Address(address) }
        case .fragment(let offset, let more, let identification):
            w.u8(0); w.u16(offset << 3 | (more ? 1 : 0)); w.u32(identification)
        case .raw(_, let bytes):
            w.raw(bytes)
        }
        return w.bytes
    }
}

/// A high-level IPv6 header with its extension headers (RFC 8200 3, 4).
public struct IPv6Repr: Hashable, Sendable {
    /// Traffic Class.
    public var trafficClass: UInt8
    /// Hop Limit (1 for MLD).
    public var hopLimit: UInt8
    /// Source Address (link-local for MLD).
    public var source: IPv6Address
    /// Destination Address.
    public var destination: IPv6Address
    /// Extension headers in order; MLD's Hop-by-Hop Router Alert by default.
    public var extensionHeaders: [IPv6ExtensionRepr]
    /// Malformed variant: the Payload Length to write instead of the true one.
    public var payloadLengthOverride: UInt16?

    /// A header; the defaults are what a conforming MLD sender uses (Hop Limit 1, Hop-by-Hop Router Alert).
    public init(trafficClass: UInt8 = 0, hopLimit: UInt8 = 1, source: IPv6Address, destination: IPv6Address,
                extensionHeaders: [IPv6ExtensionRepr] = [.mldHopByHop], payloadLengthOverride: UInt16? = nil) {
        self.trafficClass = trafficClass
        self.hopLimit = hopLimit
        self.source = source
        self.destination = destination
        self.extensionHeaders = extensionHeaders
        self.payloadLengthOverride = payloadLengthOverride
    }

    /// The destination the ICMPv6 checksum covers: with segments left in a Routing header, the last address of type
    /// 0 or 2 and the first segment of type 4 (Segment Routing), as `IPv6HeaderChain` reads them; else `destination`.
    public var finalDestination: IPv6Address {
        for header in extensionHeaders {
            guard case .routing(let type, let left, let addresses) = header, left > 0, !addresses.isEmpty else { continue }
            if type == 0 || type == 2 { return addresses.last! }
            if type == 4 { return addresses[0] }
        }
        return destination
    }

    /// Appends the fixed header and the extension headers, the last naming `upperLayer`.
    public func emit(upperLayerLength: Int, upperLayer: UInt8 = IPv6NextHeader.icmpv6, into bytes: inout [UInt8]) {
        var chain: [UInt8] = []
        for (i, header) in extensionHeaders.enumerated() {
            chain.append(i + 1 < extensionHeaders.count ? extensionHeaders[i + 1].value : upperLayer)
            chain.append(contentsOf: header.body)
        }
        var w = ByteWriter(reserving: 40 + chain.count)
        w.u32(6 << 28 | UInt32(trafficClass) << 20)
        w.u16(payloadLengthOverride ?? UInt16(truncatingIfNeeded: chain.count + upperLayerLength))
        w.u8(extensionHeaders.first?.value ?? upperLayer)
        w.u8(hopLimit)
        w.ipv6Address(source)
        w.ipv6Address(destination)
        w.raw(chain)
        bytes.append(contentsOf: w.bytes)
    }
}

/// A whole MLD frame as values: link header, IPv6 header and extension headers, MLD message and trailing bytes.
/// `emit` computes lengths and the ICMPv6 checksum over the pseudo-header unless a malformed variant overrides them.
public struct MLDFrameRepr: Hashable, Sendable {
    /// The link-layer header (its network protocol is written as IPv6).
    public var link: LinkRepr
    /// The IPv6 header and its extension headers.
    public var ip: IPv6Repr
    /// The MLD message.
    public var mld: MLDRepr
    /// ICMPv6 Code (0).
    public var code: UInt8
    /// Malformed variant: the checksum to write instead of the true one.
    public var checksumOverride: UInt16?
    /// Bytes after the packet.
    public var trailer: [UInt8]

    /// A frame from its parts.
    public init(link: LinkRepr, ip: IPv6Repr, mld: MLDRepr, code: UInt8 = 0, checksumOverride: UInt16? = nil, trailer: [UInt8] = []) {
        self.link = link
        self.ip = ip
        self.mld = mld
        self.code = code
        self.checksumOverride = checksumOverride
        self.trailer = trailer
    }

    /// A conforming frame for `mld` from the link-local `source`: Ethernet to the destination's MAC (33:33 and its
    /// last 32 bits), Hop Limit 1, Hop-by-Hop Router Alert, sent where RFC 3810 / RFC 2710 send it.
    public static func conforming(_ mld: MLDRepr, from source: IPv6Address,
                                  mac: MACAddress = MACAddress(rawValue: 0x02_00_00_00_00_01)) -> MLDFrameRepr {
        let destination = mld.conventionalDestination
        return MLDFrameRepr(link: .ethernet(destination: MACAddress(multicast: destination), source: mac, vlanTags: []),
                            ip: IPv6Repr(source: source, destination: destination), mld: mld)
    }

    /// The link type a capture of this frame has.
    public var linkType: LinkType { link.linkType == .raw ? .ipv6 : link.linkType }

    /// Appends the frame to `bytes`.
    public func emit(into bytes: inout [UInt8]) {
        link.emit(into: &bytes, network: EtherType.ipv6)
        ip.emit(upperLayerLength: mld.encodedLength, into: &bytes)
        var message: [UInt8] = []
        mld.emit(code: code, into: &message)
        let checksum = checksumOverride ?? ~InternetChecksum.add(
            InternetChecksum.pseudoHeaderSum(source: ip.source, destination: ip.finalDestination,
                                             length: UInt32(message.count), nextHeader: IPv6NextHeader.icmpv6),
            InternetChecksum.sum(message.span.bytes))
        message[2] = UInt8(checksum >> 8)
        message[3] = UInt8(truncatingIfNeeded: checksum)
        bytes.append(contentsOf: message)
        bytes.append(contentsOf: trailer)
    }

    /// The emitted frame.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        emit(into: &out)
        return out
    }

    /// Decodes `frame` into a value; throws where the decoder would.
    public static func parse(_ frame: RawSpan, linkType: LinkType) throws(DecodeError) -> MLDFrameRepr {
        let decoded = try FrameDecoder.decodeMLD(frame, linkType: linkType)
        var link = LinkRepr.parse(frame, header: decoded.link)
        if linkType == .ipv6 { link = .raw }
        var headers: [IPv6ExtensionRepr] = []
        var offset = IPv6Packet.headerLength
        var next = decoded.ip.nextHeader
        let ipBytes = frame.extracting(decoded.ip.frameOffset..<frame.byteCount)
        while next != IPv6NextHeader.icmpv6 {
            let length: Int
            let header: IPv6ExtensionRepr
            switch next {
            case IPv6NextHeader.hopByHop, IPv6NextHeader.destinationOptions:
                length = (Int(ipBytes.uint8(at: offset + 1)) + 1) * 8
                let options = ipBytes.extracting((offset + 2)..<(offset + length)).byteArray
                header = next == IPv6NextHeader.hopByHop ? .hopByHop(options: Self.trimmingPadding(options))
                    : .destinationOptions(options: Self.trimmingPadding(options))
            case IPv6NextHeader.routing:
                length = (Int(ipBytes.uint8(at: offset + 1)) + 1) * 8
                let addresses = (0..<((length - 8) / 16)).map { ipBytes.ipv6Address(at: offset + 8 + 16 * $0) }
                header = .routing(type: ipBytes.uint8(at: offset + 2), segmentsLeft: ipBytes.uint8(at: offset + 3), addresses: addresses)
            case IPv6NextHeader.fragment:
                length = 8
                let field = ipBytes.uint16(at: offset + 2)
                header = .fragment(offset: field >> 3, moreFragments: field & 1 != 0, identification: ipBytes.uint32(at: offset + 4))
            default:
                // Authentication counts 32-bit words minus 2 (RFC 4302); the others 8-byte units minus 1.
                length = next == IPv6NextHeader.authentication ? (Int(ipBytes.uint8(at: offset + 1)) + 2) * 4
                    : (Int(ipBytes.uint8(at: offset + 1)) + 1) * 8
                header = .raw(value: next, bytes: ipBytes.extracting((offset + 1)..<(offset + length)).byteArray)
            }
            headers.append(header)
            next = ipBytes.uint8(at: offset)
            offset += length
        }
        let ip = IPv6Repr(trafficClass: decoded.ip.trafficClass, hopLimit: decoded.ip.hopLimit, source: decoded.ip.source,
                          destination: decoded.ip.destination, extensionHeaders: headers)
        let mld = try MLDRepr.parse(decoded.mld)
        let trailer = frame.extracting((frame.byteCount - decoded.ip.trailingByteCount)..<frame.byteCount).byteArray
        return MLDFrameRepr(link: link, ip: ip, mld: mld, code: decoded.mld.code, trailer: trailer)
    }

    /// `parse(_:linkType:)` for a frame held in an array.
    public static func parse(_ frame: [UInt8], linkType: LinkType) throws(DecodeError) -> MLDFrameRepr {
        try parse(frame.span.bytes, linkType: linkType)
    }

    /// Option bytes without the final Pad1 or PadN when `emit` adds exactly that padding back; otherwise all of them.
    static func trimmingPadding(_ options: [UInt8]) -> [UInt8] {
        var i = 0
        var lastStart = 0
        while i < options.count {
            lastStart = i
            if options[i] == 0 { i += 1; continue }
            guard i + 1 < options.count else { return options }
            i += 2 + Int(options[i + 1])
        }
        guard i == options.count, lastStart < options.count, options[lastStart] <= 1 else { return options }
        let trimmed = Array(options[..<lastStart])
        return IPv6ExtensionRepr.hopByHop(options: trimmed).body == [UInt8(truncatingIfNeeded: (options.count + 2) / 8 - 1)] + options
            ? trimmed : options
    }
}
