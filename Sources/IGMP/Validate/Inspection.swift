/// What the validator concluded about one frame. A small value: it does not keep the bytes.
public struct Inspection: Hashable, Sendable {
    /// Whether the frame carries IPv4 protocol 2 (IGMP), fragments included. Non-IGMP frames get no findings.
    public var isIGMP: Bool
    /// The worst finding, as a verdict.
    public var verdict: Verdict
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

    /// The result for a frame that is not IGMP.
    public static let notIGMP = Inspection(isIGMP: false, verdict: .clean, worstSeverity: nil, findingCount: 0,
                                           isFullyValidated: true, kind: nil, decodeError: nil)
}
