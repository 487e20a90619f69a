import IGMPGuardKit
import ArgumentParser
import IGMP

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Print the rule catalogue: id, severity, references and a one-line description."
    )

    enum Format: String, NamedOptionValue { case text, markdown, json }

    @Option(name: .long, help: "text, markdown (the content of docs/rules.md) or json.")
    var format: Format = .text

    @Flag(name: .long, help: "Print the thresholds, timers and caps of the traffic rules (--context-limit NAME=VALUE) with their defaults instead.")
    var limits = false

    func run() throws {
        let out = StandardOutput()
        if limits {
            printLimits(out)
            out.flush()
            return
        }
        switch format {
        case .markdown:
            out.line(RuleCatalogue.markdown)
        case .json:
            for rule in RuleCatalogue.rules {
                var o = JSONObject()
                o.string("id", rule.id)
                o.string("severity", rule.severity.description)
                o.int("signature_id", rule.signatureID)
                o.string("family", rule.row.family.description)
                o.string("scope", rule.row.scope.description)
                o.string("title", rule.title)
                o.strings("refs", rule.references.map(\.description))
                o.string("rationale", rule.rationale)
                o.write(to: out)
            }
        case .text:
            let width = RuleCatalogue.rules.map(\.id.count).max()!
            out.line("\(pad("ID", width, left: true))  SEVERITY  DESCRIPTION / REFERENCES")
            for rule in RuleCatalogue.rules {
                let traffic = rule.row.scope == .traffic ? " (judges traffic: igmpguard rules --limits)" : ""
                out.line("\(pad(rule.id, width, left: true))  \(pad(rule.severity.description, 8, left: true))  \(rule.title)\(traffic)")
                let refs = rule.references.map(\.description).joined(separator: ", ")
                if !refs.isEmpty { out.line("\(String(repeating: " ", count: width + 12))\(refs)") }
            }
        }
        out.flush()
    }

    func printLimits(_ out: StandardOutput) {
        let defaults = TrafficConfiguration()
        switch format {
        case .markdown:
            out.line(TrafficConfiguration.limitsMarkdown)
        case .json:
            for limit in TrafficConfiguration.limits {
                var o = JSONObject()
                o.string("name", limit.name)
                o.int("default", defaults.limit(limit.name)!)
                o.string("unit", limit.unit)
                o.string("summary", limit.summary)
                o.write(to: out)
            }
        case .text:
            let width = TrafficConfiguration.limits.map(\.name.count).max()!
            out.line("\(pad("LIMIT", width, left: true))  DEFAULT  WHAT IT BOUNDS")
            for limit in TrafficConfiguration.limits {
                out.line("\(pad(limit.name, width, left: true))  \(pad(String(defaults.limit(limit.name)!), 7))  \(limit.summary) (\(limit.unit))")
            }
        }
    }
}
