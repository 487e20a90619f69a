/// One rule that fired on one packet: where, and the values that made it fire.
///
/// A plain value with no references, so recording one never allocates; `message` renders text on demand.
public struct Finding: Hashable, Sendable, CustomStringConvertible {
    /// The rule that fired.
    public var rule: Rule
    /// Byte offset in the frame of the field that fired the rule.
    public var offset: Int
    /// The offending value (a count, a length, a type byte ...), rule-specific.
    public var observed: Int
    /// What it was checked against (the bytes available, the limit, the expected value ...), rule-specific.
    public var limit: Int

    /// A finding of `rule` at frame offset `offset`.
    @inlinable
    public init(_ rule: Rule, at offset: Int, observed: Int = 0, limit: Int = 0) {
        self.rule = rule
        self.offset = offset
        self.observed = observed
        self.limit = limit
    }

    /// The rule's severity.
    @inlinable public var severity: Severity { rule.severity }

    /// A short human message with the values that fired the rule.
    public var message: String { RuleCatalogue.rows[rule.index].message(self) }

    /// The rule id, severity, offset and message: `ms06-007-options [hostile] @34: ...`.
    public var description: String { "\(rule.id) [\(severity)] @\(offset): \(message)" }
}
