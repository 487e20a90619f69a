/// Which link a packet was seen on: the traffic model keeps one set of queriers, hosts and groups per segment.
///
/// A segment is a capture file or an interface (`link`, a number the caller gives it) and the VLAN tags the frame
/// carried: two VLANs on one trunk are two segments, each with its own querier election.
public struct SegmentKey: Hashable, Sendable, CustomStringConvertible {
    /// The caller's number for the capture file or interface (0 when there is one).
    public var link: UInt32
    /// The outermost VLAN id, when the frame was tagged.
    public var outerVLAN: UInt16?
    /// The innermost VLAN id, when the frame carried two tags or more.
    public var innerVLAN: UInt16?

    /// The segment of link `link` and the given VLAN tags.
    public init(link: UInt32 = 0, outerVLAN: UInt16? = nil, innerVLAN: UInt16? = nil) {
        self.link = link
        self.outerVLAN = outerVLAN
        self.innerVLAN = innerVLAN
    }

    /// The VLAN ids, outermost first (empty when untagged).
    public var vlans: [Int] {
        switch (outerVLAN, innerVLAN) {
        case (let o?, let i?): [Int(o), Int(i)]
        case (let o?, nil): [Int(o)]
        default: []
        }
    }

    /// `untagged` or `vlan 10` or `vlan 10.20`.
    public var description: String {
        let v = vlans
        return v.isEmpty ? "untagged" : "vlan " + v.map(String.init).joined(separator: ".")
    }

    /// The key packed into 64 bits: the tables' key.
    var packed: UInt64 {
        UInt64(link) << 32 | UInt64(outerVLAN.map { $0 & 0x0fff | 0x1000 } ?? 0) << 16
            | UInt64(innerVLAN.map { $0 & 0x0fff | 0x1000 } ?? 0)
    }

    init(packed: UInt64) {
        link = UInt32(truncatingIfNeeded: packed >> 32)
        let o = UInt16(truncatingIfNeeded: packed >> 16), i = UInt16(truncatingIfNeeded: packed)
        outerVLAN = o & 0x1000 != 0 ? o & 0x0fff : nil
        innerVLAN = i & 0x1000 != 0 ? i & 0x0fff : nil
    }
}
