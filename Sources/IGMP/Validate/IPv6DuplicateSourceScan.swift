/// Finds a repeated address in an IPv6 source list without allocating: `DuplicateSourceScan`'s twin for 16-byte
/// addresses. Short lists are compared pairwise; longer ones go through an open-addressing table of indices on the
/// stack, so a hostile list costs linear time. Only the first `DuplicateSourceScan.maximumScanned` are looked at.
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

    /// Out of line: the table would otherwise enlarge every caller's frame.
    @inline(never)
    static func hashed(_ sources: borrowing IPv6SourceList, count n: Int) -> Int? {
        var table = InlineArray<4096, UInt16>(repeating: 0)  // index + 1; 0 is empty
        let mask = 4096 - 1
        for i in 0..<n {
            let address = sources[i]
            let mixed = (address.high ^ address.low.rotated(by: 29)) &* 0x9e37_79b9_7f4a_7c15
            var slot = Int(truncatingIfNeeded: mixed >> 52)
            while true {
                let held = table[slot]
                if held == 0 {
                    table[slot] = UInt16(i + 1)
                    break
                }
                if sources[Int(held) - 1] == address { return i }
                slot = (slot + 1) & mask
            }
        }
        return nil
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotated(by n: UInt64) -> UInt64 { self << n | self >> (64 - n) }
}
