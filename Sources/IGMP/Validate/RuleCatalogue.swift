/// The rule catalogue rendered for people: `docs/rules.md` is exactly `RuleCatalogue.markdown` (a test checks),
/// and the CLI prints the same data.
public enum RuleCatalogue {
    /// Rules from most to least severe, in catalogue order within a severity.
    public static var rules: [Rule] { Rule.allCases.sorted { ($0.severity, $1.rawValue) > ($1.severity, $0.rawValue) } }

    /// The catalogue as Markdown (the content of docs/rules.md).
    public static var markdown: String {
        var s = """
        # Rule catalogue

        <!-- Generated from Sources/IGMP/Validate/Rule.swift by RuleCatalogue.markdown; a test keeps it in sync.
             Regenerate with: IGMPGUARD_WRITE_DOCS=1 swift test --filter RulesDocumentationTests -->

        Every finding names one of these rules, with a severity, the byte offset in the frame of the field that fired
        it, and a short message with the values involved. A packet's verdict is the worst of its findings:
        `hostile` if any finding is hostile, `suspicious` if the worst is a warning, otherwise `clean`
        (info findings never change a verdict).

        | id | severity | title | references |
        |---|---|---|---|

        """
        for rule in rules {
            s += "| [`\(rule.id)`](#\(rule.id)) | \(rule.severity) | \(rule.title) | \(rule.references.map(\.description).joined(separator: ", ")) |\n"
        }
        for rule in rules {
            s += """

            ## \(rule.id)

            - Severity: **\(rule.severity)**
            - Title: \(rule.title)
            - References: \(rule.references.isEmpty ? "none (a property of the capture, not the packet)" : rule.references.map(\.description).joined(separator: ", "))
            - Signature id (EVE output): \(rule.signatureID)

            \(rule.rationale)

            """
        }
        return s
    }
}
