import IGMP
import IGMPTestSupport
import Testing

@Suite struct FindingSinkTests {
    func both(_ frame: FrameRepr) -> (buffer: [Finding], custom: [Finding], a: Inspection, b: Inspection) {
        let bytes = frame.bytes
        var buffer = FindingBuffer()
        var custom = CollectingSink()
        let a = Validator.validate(frame: bytes.span.bytes, linkType: frame.linkType, into: &buffer)
        let b = Validator.validate(frame: bytes.span.bytes, linkType: frame.linkType, into: &custom)
        return (buffer.array, custom.findings, a, b)
    }

    /// A custom sink sees exactly what the built-in buffer keeps, on conforming and on every malformed variant: the
    /// sink in the order the rules were checked, the buffer in frame-offset order.
    @Test func customSinkGetsTheSameFindings() {
        for seed in 0..<200 {
            var recipe = FrameRecipe((0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ seed &* 101) })
            let frame = recipe.conformingFrame()
            var frames = [frame]
            for m in FrameRecipe.Malformation.allCases { if let bad = recipe.malformed(frame, m) { frames.append(bad) } }
            for f in frames {
                let r = both(f)
                let inOffsetOrder = r.custom.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
                #expect(r.buffer == inOffsetOrder.map(\.element), "\(f)")
                #expect(r.a == r.b)
            }
        }
    }

    /// Where the fixed-capacity buffer stops at 32, a custom sink receives every finding.
    @Test func customSinkIsNotCapped() {
        let records = (0..<60).map { _ in GroupRecordRepr(type: GroupRecordType(rawValue: 99), group: IPv4Address(1, 2, 3, 4)) }
        let frame = FrameRepr(link: .raw, ip: IPv4Repr(source: IPv4Address(192, 0, 2, 1), destination: .igmpv3Routers),
                              igmp: .reportV3(records))
        let r = both(frame)
        #expect(r.buffer.count == FindingBuffer.capacity)
        #expect(r.custom.count == 120)
        #expect(r.b.findingCount == 120 && r.b.verdict == .suspicious)
    }
}
