/// Which protocol family a rule judges.
public enum ProtocolFamily: Sendable, Hashable, CustomStringConvertible {
    /// IGMP over IPv4.
    case igmp
    /// MLD over IPv6 (ICMPv6).
    case mld

    /// `igmp` or `mld`, as `igmpguard rules --format json` writes it.
    public var description: String {
        switch self {
        case .igmp: "igmp"
        case .mld: "mld"
        }
    }
}

/// What a rule looks at to fire.
public enum RuleScope: Sendable, Hashable, CustomStringConvertible {
    /// One packet, judged alone.
    case packet
    /// The traffic around a packet (who else queries, how often): needs state kept across packets.
    case traffic

    /// `packet` or `traffic`, as `igmpguard rules --format json` writes it.
    public var description: String {
        switch self {
        case .packet: "packet"
        case .traffic: "traffic"
        }
    }
}

/// One row of the rule catalogue: everything about a rule except its check.
public struct RuleDescription: Sendable {
    /// The rule this row describes.
    public let rule: Rule
    /// The stable id printed in outputs (kebab case).
    public let id: String
    /// How bad a finding of the rule is.
    public let severity: Severity
    /// The protocol family it judges.
    public let family: ProtocolFamily
    /// Whether it judges one packet or the traffic around it.
    public let scope: RuleScope
    /// A one-line description.
    public let title: String
    /// RFC sections, CVEs, bulletins and Snort SIDs behind the rule.
    public let references: [Reference]
    /// Why the rule exists and what fires it.
    public let rationale: String
    /// A finding's values as a short human message.
    let message: @Sendable (Finding) -> String

    init(_ rule: Rule, id: String, severity: Severity, family: ProtocolFamily, scope: RuleScope, title: String,
         references: [Reference], rationale: String, message: @escaping @Sendable (Finding) -> String) {
        self.rule = rule
        self.id = id
        self.severity = severity
        self.family = family
        self.scope = scope
        self.title = title
        self.references = references
        self.rationale = rationale
        self.message = message
    }
}
