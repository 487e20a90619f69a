/// A hash of IPv6 addresses keyed per process. A sender chooses the addresses a table is keyed on; with 128 bits to
/// choose from, any fixed fold to 64 bits lets it choose thousands that fold alike. Keyed, the fold cannot be aimed.
enum IPv6AddressHash {
    /// The per-process key.
    static let key: (UInt64, UInt64) = {
        var random = SystemRandomNumberGenerator()
        return (random.next() | 1, random.next() | 1)
    }()

    /// The 128 bits `high` and `low` folded to 64 under the key.
    @inline(__always)
    static func mixed(high: UInt64, low: UInt64) -> UInt64 {
        let (k0, k1) = key
        let l = low &* k1
        return (high &* k0) ^ (l >> 29 | l << 35)
    }
}
