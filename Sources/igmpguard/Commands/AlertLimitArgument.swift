import ArgumentParser
import IGMPGuardKit

/// `--alert-limit N/SECONDS` or `off`.
struct AlertLimitArgument: ExpressibleByArgument {
    /// nil: no limit.
    var limit: AlertLimit?

    init(limit: AlertLimit?) { self.limit = limit }

    init?(argument: String) {
        if argument == "off" {
            limit = nil
            return
        }
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let alerts = Int(parts[0]), (1...1_000_000).contains(alerts),
              let seconds = Double(parts[1]), seconds >= 1, seconds <= 86_400 else { return nil }
        limit = AlertLimit(alerts: alerts, seconds: seconds, evidence: AlertLimit.live.evidence)
    }

    var defaultValueDescription: String {
        guard let limit else { return "off" }
        let seconds = limit.seconds == limit.seconds.rounded() ? String(Int(limit.seconds)) : String(limit.seconds)
        return "\(limit.alerts)/\(seconds)"
    }
}
