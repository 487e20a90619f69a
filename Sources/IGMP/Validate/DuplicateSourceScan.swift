/// Finds a repeated address in a source list without allocating.
///
/// Short lists are compared pairwise; longer ones go through an open-addressing table on the stack, so a hostile
/// list of thousands of sources costs linear time, not quadratic. Lists longer than `maximumScanned` (more than a
/// 9000-byte jumbo frame can carry) are checked only over their first `maximumScanned` entries; they already
/// fire `sourceCountExceedsMTU`.
///
/// Up to 16 addresses, every pair is compared at once, four lanes at a time, with no data-dependent branch
/// (`vectorContainsDuplicate`). That answers the clean proof's question, whether any address repeats
/// (`containsDuplicate`); the full pass, which names the first repeat (`firstDuplicate`), asks it too and searches
/// pairwise only a list that has one.
enum DuplicateSourceScan {
    static let maximumScanned = 2048
    static let pairwiseLimit = 16

    /// Whether any of the `count` addresses starting at byte `start` of `bytes` repeats an earlier one.
    ///
    /// - Precondition: `start + 4 * count <= bytes.byteCount` (checked by the caller, which proved the list present).
    @inline(__always)
    static func containsDuplicate(_ bytes: RawSpan, at start: Int, count n: Int) -> Bool {
        assert(start >= 0 && n >= 0 && start + 4 * n <= bytes.byteCount)
        if n < 2 { return false }
        if n <= pairwiseLimit { return vectorContainsDuplicate(bytes, at: start, count: n) }
        let sources = SourceList(bytes: bytes.extracting(unchecked: start..<(start + 4 * n)), frameOffset: 0, declaredCount: n)
        return hashed(sources, count: min(n, maximumScanned)) != nil
    }

    /// Four addresses, in native byte order (equality does not care).
    typealias Lanes = SIMD4<UInt32>
    typealias LaneMask = SIMDMask<SIMD4<Int32>>

    /// 2...16 addresses as up to four vectors of four. Every pair of addresses is compared once: inside a vector,
    /// lane i against lanes i+1 and i+2 (mod 4) covers its six pairs; between two vectors, the four rotations of
    /// one against the other cover all sixteen. A last, partial vector is filled up with copies of the last
    /// address; those lanes are masked out of its own comparisons and need no mask against the other vectors
    /// (a match there is a real repeat of the last address).
    static func vectorContainsDuplicate(_ bytes: RawSpan, at start: Int, count n: Int) -> Bool {
        assert(n >= 2 && n <= pairwiseLimit && start >= 0 && start + 4 * n <= bytes.byteCount)
        let fullVectors = n &>> 2
        let lastLanes = n & 3 // addresses in a partial last vector, 0 if none
        let vectors = fullVectors &+ (lastLanes == 0 ? 0 : 1)

        // Whole vectors lie inside the list; the partial one is gathered, clamped to the last address.
        @inline(__always) func vector(_ k: Int) -> Lanes {
            if k < fullVectors {
                return bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: start &+ 16 &* k, as: Lanes.self)
            }
            let last = n &- 1
            @inline(__always) func address(_ i: Int) -> UInt32 {
                bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: start &+ 4 &* min(i, last), as: UInt32.self)
            }
            return Lanes(address(4 &* k), address(4 &* k &+ 1), address(4 &* k &+ 2), address(4 &* k &+ 3))
        }
        @inline(__always) func inside(_ v: Lanes, lanes: Int) -> LaneMask {
            let nextEqual = v .== Lanes(v[1], v[2], v[3], v[0])
            let secondNextEqual = v .== Lanes(v[2], v[3], v[0], v[1])
            if lanes == 4 { return nextEqual .| secondNextEqual }
            // Lane i's pairs are (i, i+1) and (i, i+2) (mod 4): both ends must be real addresses.
            let limit = Lanes(repeating: UInt32(truncatingIfNeeded: lanes))
            return (Lanes(0, 1, 2, 3) .< limit)
                .& ((nextEqual .& (Lanes(1, 2, 3, 0) .< limit)) .| (secondNextEqual .& (Lanes(2, 3, 0, 1) .< limit)))
        }
        @inline(__always) func across(_ a: Lanes, _ b: Lanes) -> LaneMask {
            (a .== b) .| (a .== Lanes(b[1], b[2], b[3], b[0])) .| (a .== Lanes(b[2], b[3], b[0], b[1]))
                .| (a .== Lanes(b[3], b[0], b[1], b[2]))
        }
        let lastWidth = lastLanes == 0 ? 4 : lastLanes
        switch vectors {
        case 1:
            return any(inside(vector(0), lanes: lastWidth))
        case 2:
            let v0 = vector(0), v1 = vector(1)
            return any(inside(v0, lanes: 4) .| inside(v1, lanes: lastWidth) .| across(v0, v1))
        case 3:
            let v0 = vector(0), v1 = vector(1), v2 = vector(2)
            return any(inside(v0, lanes: 4) .| inside(v1, lanes: 4) .| inside(v2, lanes: lastWidth)
                       .| across(v0, v1) .| across(v0, v2) .| across(v1, v2))
        default:
            let v0 = vector(0), v1 = vector(1), v2 = vector(2), v3 = vector(3)
            return any(inside(v0, lanes: 4) .| inside(v1, lanes: 4) .| inside(v2, lanes: 4) .| inside(v3, lanes: lastWidth)
                       .| across(v0, v1) .| across(v0, v2) .| across(v0, v3) .| across(v1, v2) .| across(v1, v3)
                       .| across(v2, v3))
        }
    }

    /// The index of the first address that repeats an earlier one.
    static func firstDuplicate(in sources: borrowing SourceList) -> Int? {
        let n = min(sources.count, maximumScanned)
        if n < 2 { return nil }
        if n <= pairwiseLimit {
            // The vector check says whether; only a list with a repeat (a hostile or broken one) is searched for it.
            guard vectorContainsDuplicate(sources.bytes, at: 0, count: n) else { return nil }
            return firstRepeat(sources.bytes, count: n)
        }
        return hashed(sources, count: n)
    }

    /// The first of `n` (at most `pairwiseLimit`) addresses at the start of `bytes` that equals an earlier one,
    /// compared pairwise.
    static func firstRepeat(_ bytes: RawSpan, count n: Int) -> Int? {
        assert(n <= pairwiseLimit && 4 * n <= bytes.byteCount)
        for i in 1..<n {
            let value = bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: 4 &* i, as: UInt32.self)
            for j in 0..<i where bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: 4 &* j, as: UInt32.self) == value {
                return i
            }
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
