import IGMP

/// Turns arbitrary bytes into a well-formed frame, deterministically: structure-aware generation for the property
/// tests and the round-trip fuzz target. Running out of bytes reads zeros, so every input is a recipe.
public struct FrameRecipe {
    let bytes: [UInt8]
    var index = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// How many input bytes the recipe has read so far.
    public var consumed: Int { index }

    public mutating func u8() -> UInt8 {
        defer { index += 1 }
        return index < bytes.count ? bytes[index] : 0
    }
    public mutating func u16() -> UInt16 { UInt16(u8()) << 8 | UInt16(u8()) }
    public mutating func u32() -> UInt32 { UInt32(u16()) << 16 | UInt32(u16()) }
    public mutating func bool() -> Bool { u8() & 1 == 1 }
    public mutating func below(_ n: Int) -> Int { Int(u8()) % n }

    public mutating func multicastGroup() -> IPv4Address { IPv4Address(rawValue: 0xe000_0000 | (u32() & 0x0fff_ffff)) }
    public mutating func mac() -> MACAddress { MACAddress(rawValue: UInt64(u32()) << 16 | UInt64(u16()) & ~0x0100_0000_0000) }

    /// `count` distinct addresses.
    public mutating func sources(_ count: Int) -> [IPv4Address] {
        let base = u32()
        let step = UInt32(u8()) | 1
        return (0..<count).map { IPv4Address(rawValue: base &+ UInt32($0) &* step) }
    }

    public mutating func link(to destination: IPv4Address) -> LinkRepr {
        switch below(6) {
        case 0: .linuxSLL(packetType: u16() & 0x7, source: mac())
        case 1: .linuxSLL2(interfaceIndex: u32(), packetType: u8() & 0x7, source: mac())
        case 2: .raw
        case 3: .null(bigEndian: bool())
        default:
            .ethernet(to: destination, from: mac(), vlanTags: (0..<below(4)).map { _ in
                VLANTag(tpid: [EtherType.vlan, EtherType.qinq, EtherType.qinqLegacy][below(3)], tci: u16())
            })
        }
    }

    public mutating func igmp() -> IGMPRepr {
        switch below(8) {
        case 0: return .queryV1()
        case 1: return .queryV2(maxRespCode: max(1, u8()), group: bool() ? .any : multicastGroup())
        case 2: return .reportV1(multicastGroup())
        case 3: return .reportV2(multicastGroup())
        case 4: return .leave(multicastGroup())
        case 5:
            let q = QueryV3Repr(maxRespCode: max(1, u8()), group: bool() ? .any : multicastGroup(), flags: 0,
                                suppressRouterSideProcessing: bool(), robustness: u8() & 7, qqic: u8(),
                                sources: [])
            var query = q
            if query.group != .any { query.sources = sources(below(24)) }
            return IGMPRepr(.queryV3(query), additionalData: (0..<below(9)).map { _ in u8() })
        case 6:
            let records = (0..<below(7)).map { _ in
                GroupRecordRepr(type: GroupRecordType(rawValue: UInt8(1 + below(6))), group: multicastGroup(),
                                sources: sources(below(12)), auxData: (0..<(4 * below(4))).map { _ in u8() })
            }
            return IGMPRepr(.reportV3(ReportV3Repr(records: records)), additionalData: (0..<below(9)).map { _ in u8() })
        default:
            let types: [IGMPType] = [.dvmrp, .pimV1, .mtraceResponse, .mtraceRequest, .mrdAdvertisement,
                                     .mrdSolicitation, .mrdTermination, .rgmpHello, .rgmpJoin]
            return IGMPRepr(.fixed(type: types[below(types.count)], maxRespCode: u8(), group: multicastGroup()),
                            additionalData: (0..<(4 * below(5))).map { _ in u8() })
        }
    }

    /// A frame a conforming sender could emit.
    public mutating func conformingFrame() -> FrameRepr {
        let message = igmp()
        let destination = message.conventionalDestination
        let ip = IPv4Repr(identification: u16(), dontFragment: bool(), source: IPv4Address(rawValue: u32()),
                          destination: destination, options: bool() ? IPv4Repr.routerAlert : [1, 0x94, 4, 0, 0, 0, 0, 0])
        var frame = FrameRepr(link: link(to: destination), ip: ip, igmp: message)
        if case .ethernet = frame.link, bool() { frame.padToEthernetMinimum() }
        return frame
    }

    /// Malformations the encoder can make, each with the rule that must fire.
    public enum Malformation: CaseIterable, Sendable {
        case doubleEOLOptions, zeroLengthOption, moreFragments, fragmentOffset, totalLengthTooLong, badChecksum
        case querySourceCount, reportRecordCount, recordSourceCount, recordAuxDataLength

        public var rule: Rule {
            switch self {
            case .doubleEOLOptions, .zeroLengthOption: .ms06007OptionsPattern
            case .moreFragments, .fragmentOffset: .fragmentedIGMP
            case .totalLengthTooLong: .ipv4LengthInconsistent
            case .badChecksum: .igmpChecksumInvalid
            case .querySourceCount: .querySourceCountOverflow
            case .reportRecordCount: .reportRecordCountOverflow
            case .recordSourceCount: .recordSourceCountOverflow
            case .recordAuxDataLength: .recordAuxDataOverflow
            }
        }
    }

    /// Applies `malformation` to a conforming frame. Returns nil when the frame has no field to break that way.
    public mutating func malformed(_ frame: FrameRepr, _ malformation: Malformation) -> FrameRepr? {
        var f = frame
        switch malformation {
        case .doubleEOLOptions: f.ip.options = [0, 0, 0, 0]
        case .zeroLengthOption: f.ip.options = [0x44, 0, 0, 0]
        case .moreFragments: f.ip.moreFragments = true
        case .fragmentOffset: f.ip.fragmentOffset = UInt16(1 + below(200))
        case .totalLengthTooLong:
            f.trailer = []
            f.ip.totalLengthOverride = UInt16(f.ip.headerLength + f.igmp.encodedLength + 1 + below(100))
        case .badChecksum:
            let correct = InternetChecksum.checksum({ var m = f.igmp; m.checksumOverride = 0; return m.bytes }())
            f.igmp.checksumOverride = correct &+ UInt16(1 + below(200))
        case .querySourceCount:
            guard case .queryV3(var q) = f.igmp.body else { return nil }
            q.numberOfSourcesOverride = UInt16(q.sources.count + 1 + below(200))
            f.igmp = IGMPRepr(.queryV3(q))
        case .reportRecordCount:
            guard case .reportV3(var r) = f.igmp.body else { return nil }
            r.numberOfGroupRecordsOverride = UInt16(r.records.count + 1 + below(50))
            f.igmp = IGMPRepr(.reportV3(r))
        case .recordSourceCount, .recordAuxDataLength:
            guard case .reportV3(var r) = f.igmp.body, !r.records.isEmpty else { return nil }
            let i = r.records.count - 1
            if malformation == .recordSourceCount {
                // Aux data after the sources would absorb a slightly larger count (and fire the aux rule instead).
                r.records[i].auxData = []
                r.records[i].numberOfSourcesOverride = UInt16(r.records[i].sources.count + 1 + below(200))
            } else {
                r.records[i].auxDataLengthOverride = UInt8(r.records[i].auxData.count / 4 + 1 + below(100))
            }
            f.igmp = IGMPRepr(.reportV3(r))
        }
        return f
    }
}
