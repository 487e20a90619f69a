import Foundation
@testable import IGMP
import Testing

@Suite struct RulesDocumentationTests {
    static let path = ReferenceCaptures.repositoryRoot.appendingPathComponent("docs/rules.md").path

    /// docs/rules.md is the catalogue, word for word.
    @Test func rulesDocumentMatchesTheCatalogue() throws {
        let expected = RuleCatalogue.markdown
        if ProcessInfo.processInfo.environment["IGMPGUARD_WRITE_DOCS"] == "1" {
            try expected.write(toFile: Self.path, atomically: true, encoding: .utf8)
        }
        let actual = try String(contentsOfFile: Self.path, encoding: .utf8)
        #expect(actual == expected, "docs/rules.md is out of date: run IGMPGUARD_WRITE_DOCS=1 swift test --filter RulesDocumentationTests")
    }

    @Test func ruleIdsAreUniqueAndStable() {
        let ids = Rule.allCases.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(Set(Rule.allCases.map(\.signatureID)).count == ids.count)
        for rule in Rule.allCases {
            #expect(Rule(id: rule.id) == rule)
            #expect(!rule.title.isEmpty && !rule.rationale.isEmpty)
            if rule != .captureTruncated { #expect(!rule.references.isEmpty, "\(rule.id) has no reference") }
        }
        #expect(Rule.ms06007OptionsPattern.id == "ms06-007-options")
        #expect(Rule.ms06007OptionsPattern.references.contains(.cve("CVE-2006-0021")))
        #expect(Rule.ms06007OptionsPattern.references.contains(.snort(gid: 3, sid: 8092)))
        #expect(Rule.fragmentedIGMP.references.contains(.cve("CVE-1999-0918")))
    }

    /// Every rule has exactly one row, the rows are in number order, and a rule's index finds its row.
    @Test func everyRuleIsOneRow() {
        #expect(RuleCatalogue.rows.map(\.rule) == Rule.allCases.sorted { $0.rawValue < $1.rawValue })
        for (index, row) in RuleCatalogue.rows.enumerated() {
            #expect(row.rule.index == index)
            #expect(row.rule.severity == row.severity)
            #expect(row.rule.row.id == row.id)
            // Rules numbered 50-59 judge IGMP traffic, 60-89 MLD packets and 90-99 MLD traffic; the rest judge IGMP
            // packets.
            let number = row.rule.rawValue
            #expect(row.family == (number >= 60 ? .mld : .igmp), "\(row.id)")
            #expect(row.scope == ((50..<60).contains(number) || (90..<100).contains(number) ? .traffic : .packet), "\(row.id)")
            // MLD's twins say so in their id.
            #expect((row.id.hasPrefix("mld-") || row.id.hasPrefix("ipv6-") || row.id.hasSuffix("-mld")) == (row.family == .mld), "\(row.id)")
        }
        #expect(Finding(.igmpTooShort, at: 14, observed: 6).message == "IGMP message is 6 bytes, the minimum is 8")
        // The full pass keeps the rules that fired as a set of rule numbers.
        #expect(Rule.allCases.allSatisfy { Int($0.rawValue) < RuleCatalogue.ruleNumberLimit })
        // The worst severity of any two rules (or one, or none) is the worse of their rows'.
        #expect(RuleCatalogue.worstSeverity(ofRuleNumbers: 0) == nil)
        for a in Rule.allCases {
            for b in Rule.allCases {
                let set = UInt128(1) << UInt128(a.rawValue) | UInt128(1) << UInt128(b.rawValue)
                #expect(RuleCatalogue.worstSeverity(ofRuleNumbers: set) == max(a.row.severity, b.row.severity))
            }
        }
    }

    /// The MS06-007 write-up names every rule it maps to.
    @Test func ms06007DocumentNamesItsRules() throws {
        let text = try String(contentsOfFile: ReferenceCaptures.repositoryRoot.appendingPathComponent("docs/ms06-007.md").path, encoding: .utf8)
        for rule in [Rule.ms06007OptionsPattern, .ipv4OptionMalformed, .fragmentedIGMP, .routerAlertMissing] {
            #expect(text.contains(rule.id))
        }
        #expect(text.contains("CVE-2006-0021"))
    }
}
