/// What the validator concluded about one frame. A small value: it does not keep the bytes.
public struct Inspection: Hashable, Sendable {
    /// The protocol the frame was judged as: IGMP (IPv4 protocol 2, fragments included) or MLD (ICMPv6 types 130,
    /// 131, 132 and 143, and IPv6 packets whose chain of headers promises MLD); nil for a frame that carries neither,
    /// which gets no finding.
    public var family: ProtocolFamily?
    /// Whether the frame carries IGMP.
    @inlinable public var isIGMP: Bool { family == .igmp }
    /// Whether the frame carries MLD.
    @inlinable public var isMLD: Bool { family == .mld }
    /// Whether the frame was judged (it carries IGMP or MLD).
    @inlinable public var isJudged: Bool { family != nil }
    /// The worst finding, as a verdict; nil when the frame was not judged (`isJudged` false), so that a frame that
    /// was never judged does not read as clean.
    public var verdict: Verdict?
    /// The worst severity among all findings (nil when none fired).
    public var worstSeverity: Severity?
    /// Number of findings produced, including those a full sink dropped.
    public var findingCount: Int
    /// False when the capture cut the packet, so some checks could not be made.
    public var isFullyValidated: Bool
    /// The message kind, IGMP's or MLD's (`MessageKind.mld`), when the message could be read.
    public var kind: MessageKind?
    /// Why the frame is not a decodable IGMP or MLD message, when it is not.
    public var decodeError: DecodeError?

    /// The result for a frame that carries neither IGMP nor MLD: no verdict, no finding.
    // Computed, not stored: a stored static would cost a lazy-initialisation check on every non-IGMP packet.
    @inlinable public static var notIGMP: Inspection {
        Inspection(family: nil, verdict: nil, worstSeverity: nil, findingCount: 0, isFullyValidated: true,
                   kind: nil, decodeError: nil)
    }

    /// The result for a packet of `kind` on which no rule fired.
    @inlinable
    static func clean(_ kind: MessageKind) -> Inspection {
        Inspection(family: kind.isMLD ? .mld : .igmp, verdict: .clean, worstSeverity: nil, findingCount: 0, isFullyValidated: true,
                   kind: kind, decodeError: nil)
    }

    @inlinable
    init(family: ProtocolFamily?, verdict: Verdict?, worstSeverity: Severity?, findingCount: Int, isFullyValidated: Bool,
         kind: MessageKind?, decodeError: DecodeError?) {
        self.family = family
        self.verdict = verdict
        self.worstSeverity = worstSeverity
        self.findingCount = findingCount
        self.isFullyValidated = isFullyValidated
        self.kind = kind
        self.decodeError = decodeError
    }
}
