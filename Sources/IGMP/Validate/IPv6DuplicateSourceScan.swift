/// Finds a repeated address in an IPv6 source list without allocating: `DuplicateSourceScan`'s twin for 16-byte
/// addresses. Short lists are compared pairwise; longer ones go through an open-addressing table of indices on the
/// stack, sized to the list, so a hostile list costs linear time. The table's hash is keyed per process (`IPv6AddressHash`), so a sender
/// cannot choose addresses that all land in one slot. Only the first `DuplicateSourceScan.maximumScanned` are looked at.
enum IPv6DuplicateSourceScan {
    /// The index of the first address that repeats an earlier one.
    static func firstDuplicate(in sources: borrowing IPv6SourceList) -> Int? {
        let n = min(sources.count, DuplicateSourceScan.maximumScanned)
        if n < 2 { return nil }
        if n <= DuplicateSourceScan.pairwiseLimit {
            for i in 1..<n {
                let address = sources[i]
                for j in 0..<i where sources[j] == address { return i }
            }
            return nil
        }
        return hashed(sources, count: n)
    }

    /// Out of line: the tables would otherwise enlarge every caller's frame. At most half full.
    @inline(never)
    static func hashed(_ sources: borrowing IPv6SourceList, count n: Int) -> Int? {
        if n <= 128 {
            var table = InlineArray<256, UInt16>(repeating: 0)
            return scan(sources, count: n, table: &table)
        }
        var table = InlineArray<4096, UInt16>(repeating: 0)
        return scan(sources, count: n, table: &table)
    }

    /// The table holds each address's index + 1 (0: empty).
    static func scan<let size: Int>(_ sources: borrowing IPv6SourceList, count n: Int, table: inout InlineArray<size, UInt16>) -> Int? {
        let bits = UInt64(size.trailingZeroBitCount)
        let mask = size - 1
        for i in 0..<n {
            let address = sources[i]
            let mixed = IPv6AddressHash.mixed(high: address.high, low: address.low)
            var slot = Int(truncatingIfNeeded: (mixed &* 0x9e37_79b9_7f4a_7c15) >> (64 - bits))
            while true {
                let held = table[slot]
                if held == 0 {
                    table[slot] = UInt16(truncatingIfNeeded: i + 1)
                    break
                }
                if sources[Int(held) - 1] == address { return i }
                slot = (slot + 1) & mask
            }
        }
        return nil
    }
}
