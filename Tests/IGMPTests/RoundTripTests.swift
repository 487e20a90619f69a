import IGMP
import IGMPTestSupport
import PropertyBased
import Testing

/// decode(encode(x)) == x, and what the encoder makes conforming the validator calls clean.
@Suite struct RoundTripTests {
    static let recipes = Gen<UInt8>.value(in: 0...255).array(of: 0...160)

    @Test func decodeOfEncodeIsIdentity() async {
        await propertyCheck(count: 2000, input: Self.recipes) { recipe in
            var r = FrameRecipe(recipe)
            let frame = r.conformingFrame()
            let bytes = frame.bytes
            #expect(bytes.count == frame.encodedLength)
            let parsed = try FrameRepr.parse(bytes.span.bytes, linkType: frame.linkType)
            #expect(parsed == frame)
        }
    }

    @Test func conformingFramesAreCleanWithNoFinding() async {
        await propertyCheck(count: 2000, input: Self.recipes) { recipe in
            var r = FrameRecipe(recipe)
            let frame = r.conformingFrame()
            let j = judge(frame)
            #expect(j.inspection.isIGMP)
            #expect(j.verdict == .clean)
            #expect(j.findings.isEmpty, "\(frame) -> \(j.findings)")
            #expect(j.inspection.kind == frame.igmp.kind)
        }
    }

    @Test func eachMalformationFiresItsRule() async {
        await propertyCheck(count: 2000, input: Self.recipes) { recipe in
            var r = FrameRecipe(recipe)
            let frame = r.conformingFrame()
            for malformation in FrameRecipe.Malformation.allCases {
                guard let bad = r.malformed(frame, malformation) else { continue }
                let j = judge(bad)
                #expect(j.fired(malformation.rule), "\(malformation) on \(frame.igmp) -> \(j.findings)")
                #expect(j.verdict == Verdict(worst: malformation.rule.severity) || j.verdict == .hostile)
            }
        }
    }

    @Test func igmpReprRoundTripsAlone() async {
        await propertyCheck(count: 1000, input: Self.recipes) { recipe in
            var r = FrameRecipe(recipe)
            let message = r.igmp()
            let bytes = message.bytes
            let view = try IGMPMessage(checking: bytes.span.bytes, frameOffset: 0)
            #expect(try IGMPRepr.parse(view) == message)
        }
    }
}
