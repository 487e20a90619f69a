/// EtherType values the link layer walks through.
public enum EtherType {
    /// IPv4.
    public static let ipv4: UInt16 = 0x0800
    /// IPv6 (MLD).
    public static let ipv6: UInt16 = 0x86dd
    /// IEEE 802.1Q customer tag.
    public static let vlan: UInt16 = 0x8100
    /// IEEE 802.1ad service tag (QinQ outer tag).
    public static let qinq: UInt16 = 0x88a8
    /// Pre-standard QinQ tag still seen on older switches.
    public static let qinqLegacy: UInt16 = 0x9100

    @inlinable static func isVLANTag(_ type: UInt16) -> Bool {
        type == vlan || type == qinq || type == qinqLegacy
    }
}
