import IGMP
import IGMPTestSupport

/// Structure-aware: the bytes drive the encoder. What the encoder builds conformingly must decode back to the same
/// value and be clean with no finding; with a malformation requested (last byte), its rule must fire. The bytes the
/// recipe did not read then change the IPv4 header and message, checksums set right again (or not, by the first of
/// them), and every invariant must still hold: the clean proof against the full pass above all.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = Array(UnsafeRawBufferPointer(start: start, count: count))
    var recipe = FrameRecipe(input)
    let frame = recipe.conformingFrame()
    let bytes = frame.bytes
    if bytes.count != frame.encodedLength { fail("encodedLength \(frame.encodedLength) != \(bytes.count)") }
    bytes.withUnsafeBytes { raw in
        let span = RawSpan(_unsafeBytes: raw)
        guard let parsed = try? FrameRepr.parse(span, linkType: frame.linkType) else { fail("conforming frame did not parse: \(frame)") }
        if parsed != frame { fail("decode(encode(x)) != x for \(frame)") }
        guard let result = try? checkFrame(span, linkType: frame.linkType, wireLength: nil) else { fail("invariant broken by a conforming frame: \(frame)") }
        if result.verdict != .clean || result.findingCount != 0 { fail("conforming frame judged \(String(describing: result.verdict)): \(frame)") }
    }
    let rest = input.dropFirst(recipe.consumed)
    if rest.count >= 2, case .igmp(let ipOffset)? = bytes.withUnsafeBytes({ FrameWalk.locate(RawSpan(_unsafeBytes: $0), linkType: frame.linkType) }) {
        var mutated = bytes
        mutateIPv4Packet(&mutated, ipOffset: ipOffset, mutations: rest.dropFirst(), repairChecksums: rest.first! & 1 == 0)
        mutated.withUnsafeBytes { raw in
            do { try checkFrame(RawSpan(_unsafeBytes: raw), linkType: frame.linkType, wireLength: nil) } catch { fail("\(error)") }
        }
    }
    if let selector = input.last, selector & 0x80 != 0 {
        let malformations = FrameRecipe.Malformation.allCases
        let malformation = malformations[Int(selector & 0x7f) % malformations.count]
        if let bad = recipe.malformed(frame, malformation) {
            let badBytes = bad.bytes
            badBytes.withUnsafeBytes { raw in
                var findings = FindingBuffer()
                _ = Validator.validate(frame: RawSpan(_unsafeBytes: raw), linkType: bad.linkType, into: &findings)
                if !findings.contains(malformation.rule) { fail("\(malformation) did not fire \(malformation.rule.id)") }
                do { try checkFrame(RawSpan(_unsafeBytes: raw), linkType: bad.linkType, wireLength: nil) } catch { fail("\(error)") }
            }
        }
    }
    return 0
}

func fail(_ message: String) -> Never { fatalError("invariant violated: \(message)") }
