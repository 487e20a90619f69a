import IGMP

extension FrameRecipe {
    /// A multicast IPv6 address with scope and flags from the recipe.
    public mutating func multicastIPv6() -> IPv6Address {
        IPv6Address(high: 0xff00 << 48 | UInt64(u16() & 0x00ff) << 48 | UInt64(u32()), low: UInt64(u32()) << 32 | UInt64(u32()))
    }

    /// A link-local unicast address.
    public mutating func linkLocal() -> IPv6Address {
        IPv6Address(high: 0xfe80 << 48, low: UInt64(u32()) << 32 | UInt64(u32()))
    }

    /// `count` distinct IPv6 addresses.
    public mutating func ipv6Sources(_ count: Int) -> [IPv6Address] {
        let base = UInt64(u32()) << 32 | UInt64(u32())
        let step = UInt64(u8()) | 1
        return (0..<count).map { IPv6Address(high: 0x2001_0db8 << 32, low: base &+ UInt64($0) &* step) }
    }

    /// A conforming MLD message of any kind (RFC 2710, RFC 3810).
    public mutating func mld() -> MLDRepr {
        switch below(5) {
        case 0: return .queryV1(address: bool() ? .unspecified : multicastIPv6(), maximumResponseDelay: u16())
        case 1: return .reportV1(multicastIPv6())
        case 2: return .done(multicastIPv6())
        case 3:
            let address = bool() ? IPv6Address.unspecified : multicastIPv6()
            return .queryV2(maximumResponseCode: max(1, u16()), address: address, suppressRouterSideProcessing: bool(),
                            robustness: u8() & 7, qqic: u8(), sources: address.isUnspecified ? [] : ipv6Sources(below(12)),
                            flags: 0, numberOfSourcesOverride: nil)
        default:
            let records = (0..<below(5)).map { _ in
                MLDRecordRepr(type: GroupRecordType(rawValue: UInt8(1 + below(6))), address: multicastIPv6(),
                              sources: ipv6Sources(below(6)), auxData: (0..<(4 * below(3))).map { _ in u8() })
            }
            return .reportV2(records)
        }
    }

    /// A conforming MLD frame: any message behind any link type, with MLD's Hop-by-Hop Router Alert (padded
    /// variously) and, sometimes, Destination Options, a Routing header with no segment left, or an atomic fragment.
    public mutating func conformingMLDFrame() -> MLDFrameRepr {
        let message = mld()
        let source: IPv6Address = (message.type == MLDKind.reportV1Type || message.type == MLDKind.reportV2Type) && bool()
            ? .unspecified : linkLocal()
        var frame = MLDFrameRepr.conforming(message, from: source)
        let pad = below(4)
        var headers: [IPv6ExtensionRepr] = [.hopByHop(options: Array(repeating: 0, count: pad) + IPv6ExtensionRepr.routerAlertMLD)]
        switch below(6) {
        case 0: headers.append(.destinationOptions(options: []))
        case 1: headers.append(.routing(type: 2, segmentsLeft: 0, addresses: [linkLocal()]))
        case 2: headers.append(.fragment(offset: 0, moreFragments: false, identification: u32()))
        default: break
        }
        frame.ip.extensionHeaders = headers
        switch below(5) {
        case 0: frame.link = .linuxSLL(packetType: u16() & 0x7, source: mac())
        case 1: frame.link = .linuxSLL2(interfaceIndex: u32(), packetType: u8() & 0x7, source: mac())
        case 2: frame.link = .raw
        case 3: frame.link = .null(bigEndian: bool())
        default: break
        }
        return frame
    }
}

extension MLDRepr {
    /// The source count of each query or record (for tests that treat long lists apart).
    public var sourceCounts: [Int] {
        switch self {
        case .queryV2(_, _, _, _, _, let sources, _, _): [sources.count]
        case .reportV2(let records, _): records.map(\.sources.count)
        default: []
        }
    }
}
