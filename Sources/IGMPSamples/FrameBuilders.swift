import IGMP

/// Addresses and small builders shared by the samples.
enum Net {
    static let querier = IPv4Address(192, 0, 2, 1)       // RFC 5737 documentation range
    static let hostA = IPv4Address(192, 0, 2, 10)
    static let hostB = IPv4Address(192, 0, 2, 11)
    static let attacker = IPv4Address(198, 51, 100, 66)
    static let ssmGroup = IPv4Address(232, 1, 2, 3)
    static let groupA = IPv4Address(239, 1, 1, 1)
    static let groupB = IPv4Address(239, 255, 255, 250)
    static let sources = [IPv4Address(203, 0, 113, 1), IPv4Address(203, 0, 113, 2), IPv4Address(203, 0, 113, 3)]
    static let querierMAC = MACAddress(rawValue: 0x02_00_5e_10_00_01)
    static let hostMAC = MACAddress(rawValue: 0x02_00_5e_10_00_0a)

    /// A conforming Ethernet frame for `igmp`, padded to 60 bytes.
    static func frame(_ igmp: IGMPRepr, from source: IPv4Address, vlanTags: [VLANTag] = [],
                      edit: (inout FrameRepr) -> Void = { _ in }) -> [UInt8] {
        var f = FrameRepr.conforming(igmp, from: source, mac: source == querier ? querierMAC : hostMAC, vlanTags: vlanTags)
        edit(&f)
        return f.bytes
    }

    /// A UDP datagram in Ethernet: background traffic that is not IGMP.
    static func udp(from source: IPv4Address, to destination: IPv4Address, port: UInt16, payload: Int, ttl: UInt8 = 64) -> [UInt8] {
        var bytes: [UInt8] = []
        let dstMAC = destination.isMulticast ? MACAddress(multicast: destination) : MACAddress(rawValue: 0x02_00_5e_10_00_fe)
        LinkRepr.ethernet(destination: dstMAC, source: hostMAC, vlanTags: []).emit(into: &bytes)
        let ip = IPv4Repr(typeOfService: 0, identification: UInt16(truncatingIfNeeded: payload), timeToLive: ttl, protocol: 17,
                          source: source, destination: destination, options: [])
        let udpLength = 8 + payload
        ip.emit(payloadLength: udpLength, into: &bytes)
        bytes += [UInt8(port >> 8), UInt8(truncatingIfNeeded: port), UInt8(port >> 8), UInt8(truncatingIfNeeded: port),
                  UInt8(udpLength >> 8), UInt8(truncatingIfNeeded: udpLength), 0, 0]
        bytes += (0..<payload).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        if bytes.count < 60 { bytes += [UInt8](repeating: 0, count: 60 - bytes.count) }
        return bytes
    }

    /// An ARP request: a frame that is not even IPv4.
    static func arp() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes += MACAddress(rawValue: 0xffff_ffff_ffff).bytes + hostMAC.bytes + [0x08, 0x06]
        bytes += [0, 1, 8, 0, 6, 4, 0, 1] + hostMAC.bytes + [192, 0, 2, 10] + [0, 0, 0, 0, 0, 0] + [192, 0, 2, 1]
        bytes += [UInt8](repeating: 0, count: 18)
        return bytes
    }
}
