import IGMP

/// A validation result with its findings copied out, for assertions.
struct Judged {
    var inspection: Inspection
    var findings: [Finding]
    var rules: Set<Rule> { Set(findings.map(\.rule)) }
    var verdict: Verdict? { inspection.verdict }
    func fired(_ rule: Rule) -> Bool { rules.contains(rule) }
}

func judge(_ bytes: [UInt8], linkType: LinkType = .ethernet, wireLength: Int? = nil) -> Judged {
    var sink = FindingBuffer()
    let local = bytes
    let inspection = Validator.validate(frame: local.span.bytes, linkType: linkType, wireLength: wireLength, into: &sink)
    return Judged(inspection: inspection, findings: sink.array)
}

func judge(_ frame: FrameRepr) -> Judged { judge(frame.bytes, linkType: frame.linkType) }

/// The summary line of a frame's IGMP message, or the decode error.
func summary(_ bytes: [UInt8], linkType: LinkType = .ethernet, _ detail: SummaryDetail = .full) -> String {
    let local = bytes
    do {
        let decoded = try FrameDecoder.decode(local.span.bytes, linkType: linkType)
        return decoded.igmp.summary(detail)
    } catch {
        return "error: \(error)"
    }
}

let host = IPv4Address(192, 168, 1, 10)
let router = IPv4Address(192, 168, 1, 1)
let group = IPv4Address(239, 1, 2, 3)

func judge(_ frame: MLDFrameRepr) -> Judged { judge(frame.bytes, linkType: frame.linkType) }

let linkLocalHost = IPv6Address("fe80::1")!
let linkLocalRouter = IPv6Address("fe80::fe")!
let mldGroup = IPv6Address("ff15::1:2")!
