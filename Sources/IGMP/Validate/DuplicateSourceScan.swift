/// Finds a repeated address in a source list without allocating.
///
/// Short lists are compared pairwise; longer ones go through an open-addressing table on the stack, so a hostile
/// list of thousands of sources costs linear time, not quadratic. Lists longer than `maximumScanned` (more than a
/// 9000-byte jumbo frame can carry) are checked only over their first `maximumScanned` entries; they already
/// fire `sourceCountExceedsMTU`.
enum DuplicateSourceScan {
    static let maximumScanned = 2048
    static let pairwiseLimit = 16

    /// The index of the first address that repeats an earlier one.
    static func firstDuplicate(in sources: borrowing SourceList) -> Int? {
        let n = min(sources.count, maximumScanned)
        if n < 2 { return nil }
        if n <= pairwiseLimit { return short(sources, count: n) }
        return hashed(sources, count: n)
    }

    /// A short list: each address sets one bit of a 64-bit mask chosen by a multiplicative hash. Only an address
    /// whose bit is already set (a repeat, or a 1-in-64-ish collision) is compared with the earlier ones, so a
    /// clean list costs one pass instead of n²/2 comparisons.
    @inline(__always)
    static func short(_ sources: borrowing SourceList, count n: Int) -> Int? {
        let bytes = sources.bytes
        var seen: UInt64 = 0
        for i in 0..<n {
            // `n` is at most `sources.count`, so every address lies inside `bytes`.
            let value = bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: 4 * i, as: UInt32.self)
            let bit = UInt64(1) << ((value &* 0x9e37_79b1) >> 26)
            if seen & bit != 0 {
                for j in 0..<i where bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: 4 * j, as: UInt32.self) == value {
                    return i
                }
            }
            seen |= bit
        }
        return nil
    }

    /// Out of line on purpose: the tables would otherwise enlarge (and stack-probe) every caller's frame. The
    /// table is sized to the list (load factor at most 1/2), so a 20-source record does not clear 16 KiB.
    @inline(never)
    static func hashed(_ sources: borrowing SourceList, count n: Int) -> Int? {
        if n <= 128 {
            var table = InlineArray<256, UInt32>(repeating: 0)
            return scan(sources, count: n, table: &table)
        }
        var table = InlineArray<4096, UInt32>(repeating: 0)
        return scan(sources, count: n, table: &table)
    }

    static func scan<let size: Int>(_ sources: borrowing SourceList, count n: Int, table: inout InlineArray<size, UInt32>) -> Int? {
        let bits = UInt32(size.trailingZeroBitCount)
        let mask = size - 1
        var sawZero = false
        for i in 0..<n {
            let value = sources[i].rawValue
            if value == 0 {
                if sawZero { return i }
                sawZero = true
                continue
            }
            var slot = Int(truncatingIfNeeded: (value &* 0x9e37_79b1) >> (32 - bits))
            while true {
                let held = table[slot]
                if held == 0 { table[slot] = value; break }
                if held == value { return i }
                slot = (slot + 1) & mask
            }
        }
        return nil
    }
}
