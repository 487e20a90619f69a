/// A high-level IPv4 header (RFC 791 3.1).
public struct IPv4Repr: Hashable, Sendable {
    /// TOS byte (0xc0, Internetwork Control, for IGMP).
    public var typeOfService: UInt8
    /// Identification.
    public var identification: UInt16
    /// Flags: reserved bit, Don't Fragment, More Fragments.
    public var reservedFlag: Bool
    /// The Don't Fragment flag.
    public var dontFragment: Bool
    /// The More Fragments flag: set, it makes the packet a fragment (`fragmented-igmp`).
    public var moreFragments: Bool
    /// In 8-byte units (13 bits).
    public var fragmentOffset: UInt16
    /// TTL (1 for membership messages).
    public var timeToLive: UInt8
    /// IP protocol (2, IGMP).
    public var `protocol`: UInt8
    /// Source and destination addresses.
    public var source: IPv4Address
    /// Destination Address.
    public var destination: IPv4Address
    /// Raw option bytes, written as given; a length that is not a multiple of 4 is padded with zero (EOL) bytes.
    public var options: [UInt8]
    /// Malformed variants: fields to write instead of the computed ones.
    public var headerChecksumOverride: UInt16?
    /// Total Length to write instead of the true one.
    public var totalLengthOverride: UInt16?
    /// IHL in 32-bit words.
    public var headerLengthWordsOverride: UInt8?

    /// Router Alert with value 0 (RFC 2113): what IGMPv2/v3 messages carry.
    public static let routerAlert: [UInt8] = [IPv4Option.Kind.routerAlert, 4, 0, 0]

    /// A header; the defaults are what a conforming IGMP sender uses (TOS 0xc0, TTL 1, Router Alert).
    public init(typeOfService: UInt8 = 0xc0, identification: UInt16 = 0, reservedFlag: Bool = false,
                dontFragment: Bool = false, moreFragments: Bool = false, fragmentOffset: UInt16 = 0,
                timeToLive: UInt8 = 1, protocol: UInt8 = IPv4Packet.protocolIGMP,
                source: IPv4Address, destination: IPv4Address, options: [UInt8] = IPv4Repr.routerAlert,
                headerChecksumOverride: UInt16? = nil, totalLengthOverride: UInt16? = nil,
                headerLengthWordsOverride: UInt8? = nil) {
        precondition(options.count <= 40, "IPv4 options are at most 40 bytes")
        self.typeOfService = typeOfService
        self.identification = identification
        self.reservedFlag = reservedFlag
        self.dontFragment = dontFragment
        self.moreFragments = moreFragments
        self.fragmentOffset = fragmentOffset & 0x1fff
        self.timeToLive = timeToLive
        self.protocol = `protocol`
        self.source = source
        self.destination = destination
        self.options = options
        self.headerChecksumOverride = headerChecksumOverride
        self.totalLengthOverride = totalLengthOverride
        self.headerLengthWordsOverride = headerLengthWordsOverride
    }

    var paddedOptionsLength: Int { (options.count + 3) / 4 * 4 }
    /// Header length in bytes, options padded to a multiple of 4.
    public var headerLength: Int { IPv4Packet.minimumHeaderLength + paddedOptionsLength }

    /// Appends the header for a payload of `payloadLength` bytes.
    public func emit(payloadLength: Int, into bytes: inout [UInt8]) {
        var w = ByteWriter(reserving: headerLength)
        let ihl = headerLengthWordsOverride ?? UInt8(headerLength / 4)
        w.u8(0x40 | (ihl & 0x0f))
        w.u8(typeOfService)
        w.u16(totalLengthOverride ?? UInt16(truncatingIfNeeded: headerLength + payloadLength))
        w.u16(identification)
        var flags: UInt16 = fragmentOffset & 0x1fff
        if reservedFlag { flags |= 0x8000 }
        if dontFragment { flags |= 0x4000 }
        if moreFragments { flags |= 0x2000 }
        w.u16(flags)
        w.u8(timeToLive)
        w.u8(`protocol`)
        w.u16(0)
        w.address(source)
        w.address(destination)
        w.raw(options)
        w.raw([UInt8](repeating: 0, count: paddedOptionsLength - options.count))
        w.patch16(headerChecksumOverride ?? InternetChecksum.checksum(w.bytes), at: IPv4Packet.Field.headerChecksum)
        bytes.append(contentsOf: w.bytes)
    }

    /// Reads a header view back. Checksum, total length and IHL are kept as overrides only when they differ from
    /// what `emit` would compute, so a well-formed header parses to a value with no overrides.
    public static func parse(_ ip: borrowing IPv4Packet) -> IPv4Repr {
        var repr = IPv4Repr(typeOfService: ip.typeOfService, identification: ip.identification,
                            reservedFlag: ip.reservedFlag, dontFragment: ip.dontFragment,
                            moreFragments: ip.moreFragments, fragmentOffset: ip.fragmentOffset,
                            timeToLive: ip.timeToLive, protocol: ip.protocol, source: ip.source,
                            destination: ip.destination, options: ip.optionBytes.byteArray)
        repr.headerChecksumOverride = storedChecksumOverride(ip.header, at: IPv4Packet.Field.headerChecksum)
        if ip.totalLength != ip.headerLength + ip.payload.byteCount { repr.totalLengthOverride = UInt16(ip.totalLength) }
        return repr
    }
}
