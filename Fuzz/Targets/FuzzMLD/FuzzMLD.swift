import IGMP
import IGMPTestSupport

/// Structure-aware, for MLD: the bytes drive the MLD encoder. A conforming MLD frame (any message, any link type,
/// a padded Hop-by-Hop Router Alert and sometimes Destination Options, a Routing header or an atomic fragment)
/// must decode back to the same value and be clean with no finding. The bytes the recipe did not read then change
/// the IPv6 header, its extension headers and the message (mostly the first 64 bytes, where the chain's lengths
/// are), and every invariant must still hold.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = Array(UnsafeRawBufferPointer(start: start, count: count))
    var recipe = FrameRecipe(input)
    let frame = recipe.conformingMLDFrame()
    let bytes = frame.bytes
    bytes.withUnsafeBytes { raw in
        let span = RawSpan(_unsafeBytes: raw)
        guard let parsed = try? MLDFrameRepr.parse(span, linkType: frame.linkType) else { fail("conforming MLD frame did not parse: \(frame)") }
        if parsed.bytes != bytes { fail("encode(decode(encode(x))) != encode(x) for \(frame)") }
        guard let result = try? checkFrame(span, linkType: frame.linkType, wireLength: nil) else { fail("invariant broken by a conforming frame: \(frame)") }
        if result.verdict != .clean || result.findingCount != 0 || !result.isMLD {
            fail("conforming MLD frame judged \(String(describing: result.verdict)) \(result.findingCount): \(frame)")
        }
    }
    let rest = Array(input.dropFirst(recipe.consumed))
    guard rest.count >= 2, case .mld(let ipOffset)? = bytes.withUnsafeBytes({ FrameWalk.locate(RawSpan(_unsafeBytes: $0), linkType: frame.linkType) })
    else { return 0 }
    var mutated = bytes
    let span = mutated.count - ipOffset
    var i = 0
    while i + 1 < rest.count {
        let reach = rest[i] & 1 == 0 ? min(span, 64) : span
        mutated[ipOffset + Int(rest[i] >> 1) % reach] = rest[i + 1]
        i += 2
    }
    mutated.withUnsafeBytes { raw in
        let span = RawSpan(_unsafeBytes: raw)
        do {
            try checkFrame(span, linkType: frame.linkType, wireLength: nil)
            // Cut short as a snapshot length would: never a crash, never hostile for what is missing.
            let cut = RawSpan(_unsafeBytes: UnsafeRawBufferPointer(rebasing: raw.prefix(ipOffset + Int(rest[0]) % (raw.count - ipOffset + 1))))
            try checkFrame(cut, linkType: frame.linkType, wireLength: raw.count)
        } catch { fail("\(error)") }
    }
    return 0
}

func fail(_ message: String) -> Never { fatalError("invariant violated: \(message)") }
