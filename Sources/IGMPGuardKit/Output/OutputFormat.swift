/// An output format of `scan` and `live` (`--format`).
public enum OutputFormat: String, CaseIterable, Sendable {
    /// A line per reported packet and a summary table per file or interface.
    case text
    /// One JSON object per line: packets, summaries, errors, statistics.
    case ndjson
    /// Suricata EVE JSON alerts and statistics.
    case eve

    /// The reporter that writes this format to `out`; `all` also asks EVE for info findings.
    func reporter(out: StandardOutput, all: Bool) -> Reporter {
        switch self {
        case .text: TextReporter(out: out, colour: Terminal.colourAllowed(on: out))
        case .ndjson: NDJSONReporter(out: out)
        case .eve: EVEReporter(out: out, includeInfo: all)
        }
    }
}
