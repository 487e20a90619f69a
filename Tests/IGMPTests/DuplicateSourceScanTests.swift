@testable import IGMP
import PropertyBased
import Testing

/// RFC 3376 4.2.12 / 4.1.8 say nothing of repeats, so `duplicate-sources` is ours; the scan behind it must be exact
/// on both paths: the clean proof's all-pairs vector comparison (`containsDuplicate`) and the full pass's first
/// repeat (`firstDuplicate`), against a plain pairwise comparison.
@Suite struct DuplicateSourceScanTests {
    /// The first index whose address repeats an earlier one, compared pairwise.
    func firstRepeat(_ addresses: [UInt32]) -> Int? {
        addresses.indices.first { i in addresses[..<i].contains(addresses[i]) }
    }

    /// `addresses` in network order after `prefix` filler bytes and before `suffix` ones: the vector path may only
    /// read inside the list whatever lies around it, and a list at the very end of the bytes has nothing after it.
    func layout(_ addresses: [UInt32], prefix: Int, suffix: Int, filler: UInt8) -> [UInt8] {
        var bytes = [UInt8](repeating: filler, count: prefix)
        for address in addresses { bytes += [UInt8(address >> 24), UInt8(address >> 16 & 0xff), UInt8(address >> 8 & 0xff), UInt8(address & 0xff)] }
        return bytes + [UInt8](repeating: filler, count: suffix)
    }

    /// Lists of 0 to 40 addresses from a small pool (repeats common, including zero and the filler's own value),
    /// anywhere in the bytes: both scans agree with the pairwise comparison.
    @Test func bothScansAgreeWithPairwiseComparison() async {
        let gen = zip(Gen<UInt8>.value(in: 0...24).array(of: 0...40), Gen<UInt8>.value(in: 0...255).array(of: 3...3))
        await propertyCheck(count: 4000, input: gen) { picks, shape in
            // A pool of 25 addresses; pick 0 is 0.0.0.0, pick 1 equals four filler bytes of 0x01.
            let addresses = picks.map { $0 == 0 ? 0 : $0 == 1 ? 0x0101_0101 : 0x0a00_0000 &+ UInt32($0) &* 0x0001_0103 }
            let prefix = Int(shape[0] % 24), suffix = Int(shape[1] % 24)
            let bytes = layout(addresses, prefix: prefix, suffix: suffix, filler: shape[2] & 1)
            let expected = firstRepeat(addresses)
            let span = bytes.span.bytes
            let contains = DuplicateSourceScan.containsDuplicate(span, at: prefix, count: addresses.count)
            #expect(contains == (expected != nil), "\(addresses) at \(prefix), \(suffix) after")
            let list = SourceList(bytes: span.extracting(prefix..<(prefix + 4 * addresses.count)), frameOffset: 0,
                                  declaredCount: addresses.count)
            let first = DuplicateSourceScan.firstDuplicate(in: list)
            #expect(first == expected, "\(addresses)")
        }
    }

    /// Every list length the vector path takes (2 to 16), with the one repeat placed at every pair of positions,
    /// and with none: each pair of lanes and each pair of vectors is compared.
    @Test func everyPairOfPositionsIsCompared() {
        for count in 2...17 {
            let distinct = (0..<count).map { 0xc0a8_0000 &+ UInt32($0) &* 0x0101 }
            for suffix in [0, 16] {
                let clean = layout(distinct, prefix: 2, suffix: suffix, filler: 0)
                let found = DuplicateSourceScan.containsDuplicate(clean.span.bytes, at: 2, count: count)
                #expect(!found, "\(count) distinct")
                for i in 0..<count {
                    for j in (i + 1)..<count {
                        var addresses = distinct
                        addresses[j] = addresses[i]
                        let bytes = layout(addresses, prefix: 2, suffix: suffix, filler: 0)
                        let found = DuplicateSourceScan.containsDuplicate(bytes.span.bytes, at: 2, count: count)
                        #expect(found, "\(count) addresses, \(j) repeats \(i)")
                    }
                }
            }
        }
    }
}
