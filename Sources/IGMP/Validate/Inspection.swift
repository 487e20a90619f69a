/// What the validator concluded about one frame. A small value: it does not keep the bytes.
public struct Inspection: Hashable, Sendable {
    /// Whether the frame carries IPv4 protocol 2 (IGMP), fragments included. Non-IGMP frames get no findings.
    public var isIGMP: Bool
    /// The worst finding, as a verdict; nil when the frame is not IGMP (`isIGMP` false), so that a frame that was
    /// never judged does not read as clean.
    public var verdict: Verdict?
    /// The worst severity among all findings (nil when none fired).
    public var worstSeverity: Severity?
    /// Number of findings produced, including those a full sink dropped.
    public var findingCount: Int
    /// False when the capture cut the packet, so some checks could not be made.
    public var isFullyValidated: Bool
    /// The IGMP message kind, when the message could be read.
    public var kind: MessageKind?
    /// Why the frame is not a decodable IGMP message, when it is not.
    public var decodeError: DecodeError?

    /// The result for a frame that is not IGMP: no verdict, no finding.
    // Computed, not stored: a stored static would cost a lazy-initialisation check on every non-IGMP packet.
    @inlinable public static var notIGMP: Inspection {
        Inspection(isIGMP: false, verdict: nil, worstSeverity: nil, findingCount: 0, isFullyValidated: true,
                   kind: nil, decodeError: nil)
    }

    /// The result for an IGMP packet of `kind` on which no rule fired.
    @inlinable
    static func clean(_ kind: MessageKind) -> Inspection {
        Inspection(isIGMP: true, verdict: .clean, worstSeverity: nil, findingCount: 0, isFullyValidated: true,
                   kind: kind, decodeError: nil)
    }

    @inlinable
    init(isIGMP: Bool, verdict: Verdict?, worstSeverity: Severity?, findingCount: Int, isFullyValidated: Bool,
         kind: MessageKind?, decodeError: DecodeError?) {
        self.isIGMP = isIGMP
        self.verdict = verdict
        self.worstSeverity = worstSeverity
        self.findingCount = findingCount
        self.isFullyValidated = isFullyValidated
        self.kind = kind
        self.decodeError = decodeError
    }
}
