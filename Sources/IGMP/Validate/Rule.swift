/// The key of a rule in the catalogue: a stable number, never reused. Everything else about the rule (its id,
/// severity, title, references, rationale and message) is its row in `RuleCatalogue.rows`.
///
/// Adding a rule: a case here, its row in `RuleCatalogue.rows`, its check in the validator (and, if it can fire on
/// a packet `CleanProof` accepts, its condition there), and its test.
public enum Rule: UInt16, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case ms06007OptionsPattern = 1
    case ipv4OptionMalformed = 2
    case fragmentedIGMP = 3
    case ipv4LengthInconsistent = 4
    case igmpTooShort = 5
    case querySourceCountOverflow = 6
    case reportRecordCountOverflow = 7
    case recordSourceCountOverflow = 8
    case recordAuxDataOverflow = 9
    case igmpChecksumInvalid = 20
    case queryLengthInvalid = 21
    case generalQueryWithSources = 22
    case generalQueryDestination = 23
    case reportDestination = 24
    case groupNotMulticast = 25
    case maxRespCodeZero = 26
    case unknownRecordType = 27
    case sourceCountExceedsMTU = 28
    case duplicateSources = 29
    case ttlNotOne = 30
    case unknownType = 31
    case ipv4ChecksumInvalid = 32
    case routerAlertMissing = 40
    case ipv4ChecksumZero = 41
    case tosNotInternetControl = 42
    case reservedBitsSet = 43
    case captureTruncated = 44

    /// The rule's row in the catalogue.
    public var row: RuleDescription { RuleCatalogue.rows[index] }

    /// The rule's position in `RuleCatalogue.rows` (0 ..< `Rule.allCases.count`): tables of per-rule counts are
    /// indexed by it.
    @inlinable public var index: Int { Int(RuleCatalogue.rowIndexByNumber[Int(rawValue)]) }

    /// The stable rule id printed in outputs (kebab case).
    public var id: String { RuleCatalogue.rows[index].id }

    /// Looks a rule up by its `id`.
    public init?(id: String) {
        guard let row = RuleCatalogue.rows.first(where: { $0.id == id }) else { return nil }
        self = row.rule
    }

    /// A number for IDS-style outputs (Suricata EVE `signature_id`), in the range Suricata keeps for local rules.
    public var signatureID: Int { 1_376_000 + Int(rawValue) }

    /// How bad a finding of this rule is.
    public var severity: Severity { RuleCatalogue.rows[index].severity }

    /// A one-line description.
    public var title: String { RuleCatalogue.rows[index].title }
    /// RFC sections, CVEs, bulletins and Snort SIDs behind the rule.
    public var references: [Reference] { RuleCatalogue.rows[index].references }
    /// Why the rule exists and what fires it.
    public var rationale: String { RuleCatalogue.rows[index].rationale }

    public var description: String { id }
}
