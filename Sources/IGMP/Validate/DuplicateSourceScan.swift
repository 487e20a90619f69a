/// Finds a repeated address in a source list without allocating.
///
/// Short lists are compared pairwise; longer ones go through an open-addressing table on the stack, so a hostile
/// list of thousands of sources costs linear time, not quadratic. Lists longer than `maximumScanned` (more than a
/// 9000-byte jumbo frame can carry) are checked only over their first `maximumScanned` entries; they already
/// fire `sourceCountExceedsMTU`.
///
/// Up to 16 addresses, every pair is compared at once, four lanes at a time, with no data-dependent branch beyond
/// one jump on the count (`vectorContainsDuplicate`). That answers the clean proof's question, whether any address
/// repeats (`containsDuplicate`); the full pass, which names the first repeat (`firstDuplicate`), asks it too and
/// searches pairwise only a list that has one.
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

    /// 2...16 addresses, every pair compared with no data-dependent branch. One jump on the count picks code made
    /// for that count, so every loop below is unrolled and every mask a constant.
    static func vectorContainsDuplicate(_ bytes: RawSpan, at start: Int, count n: Int) -> Bool {
        assert(n >= 2 && n <= pairwiseLimit && start >= 0 && start + 4 * n <= bytes.byteCount)
        switch n {
        case 2: return address(bytes, start, 0) == address(bytes, start, 1)
        case 3:
            let a = address(bytes, start, 0), b = address(bytes, start, 1), c = address(bytes, start, 2)
            return (a == b) || (a == c) || (b == c)
        case 4: return vectors(bytes, at: start, count: 4)
        case 5: return vectors(bytes, at: start, count: 5)
        case 6: return vectors(bytes, at: start, count: 6)
        case 7: return vectors(bytes, at: start, count: 7)
        case 8: return vectors(bytes, at: start, count: 8)
        case 9: return vectors(bytes, at: start, count: 9)
        case 10: return vectors(bytes, at: start, count: 10)
        case 11: return vectors(bytes, at: start, count: 11)
        case 12: return vectors(bytes, at: start, count: 12)
        case 13: return vectors(bytes, at: start, count: 13)
        case 14: return vectors(bytes, at: start, count: 14)
        case 15: return vectors(bytes, at: start, count: 15)
        default: return vectors(bytes, at: start, count: 16)
        }
    }

    @inline(__always)
    static func address(_ bytes: RawSpan, _ start: Int, _ i: Int) -> UInt32 {
        bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: start &+ 4 &* i, as: UInt32.self)
    }

    /// 4...16 addresses (`n` a constant once inlined) as `n / 4` whole vectors and a rest of `n % 4`. Pairs inside a
    /// whole vector: lane i against lanes i+1 and i+2 (mod 4), its six pairs. Between two vectors: the four
    /// rotations of one against the other, all sixteen. The rest, against every whole vector and itself:
    /// - one address: broadcast to four lanes, one comparison per vector;
    /// - two, a and b: loaded as (a, b, a, b), which against a vector and its rotation by one meets all eight
    ///   pairs, and against its own rotation a against b;
    /// - three: the last four addresses are loaded, which repeats the last whole vector's lane 3 in lane 0. That
    ///   one self-pair (lane 3 against the rotation by one) is masked out.
    @inline(__always)
    static func vectors(_ bytes: RawSpan, at start: Int, count n: Int) -> Bool {
        let whole = n &>> 2
        @inline(__always) func vector(_ k: Int) -> Lanes {
            bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: start &+ 16 &* k, as: Lanes.self)
        }
        @inline(__always) func rotated(_ v: Lanes, by r: Int) -> Lanes {
            Lanes(v[r & 3], v[(r &+ 1) & 3], v[(r &+ 2) & 3], v[(r &+ 3) & 3])
        }
        @inline(__always) func inside(_ v: Lanes) -> LaneMask {
            (v .== rotated(v, by: 1)) .| (v .== rotated(v, by: 2))
        }
        @inline(__always) func across(_ a: Lanes, _ b: Lanes) -> LaneMask {
            (a .== b) .| (a .== rotated(b, by: 1)) .| (a .== rotated(b, by: 2)) .| (a .== rotated(b, by: 3))
        }
        var hits = inside(vector(0))
        for k in 1..<whole {
            let v = vector(k)
            hits .|= inside(v)
            for j in 0..<k { hits .|= across(vector(j), v) }
        }
        switch n & 3 {
        case 1:
            let rest = Lanes(repeating: address(bytes, start, n &- 1))
            for k in 0..<whole { hits .|= vector(k) .== rest }
        case 2:
            let pair = bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: start &+ 4 &* (n &- 2), as: SIMD2<UInt32>.self)
            let rest = Lanes(lowHalf: pair, highHalf: pair)
            let restRotated = rotated(rest, by: 1)
            hits .|= rest .== restRotated
            for k in 0..<whole {
                let v = vector(k)
                hits .|= (v .== rest) .| (v .== restRotated)
            }
        case 3:
            let rest = bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: start &+ 4 &* (n &- 4), as: Lanes.self)
            hits .|= inside(rest)
            for k in 0..<(whole &- 1) { hits .|= across(vector(k), rest) }
            let last = vector(whole &- 1)
            let lanesBelowThree = Lanes(0, 1, 2, 3) .< Lanes(repeating: 3)
            hits .|= (last .== rest) .| ((last .== rotated(rest, by: 1)) .& lanesBelowThree)
                .| (last .== rotated(rest, by: 2)) .| (last .== rotated(rest, by: 3))
        default:
            break
        }
        return any(hits)
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
