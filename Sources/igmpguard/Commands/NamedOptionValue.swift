import IGMPGuardKit
import ArgumentParser

/// An option's values, named by a String-backed enum (`--format text|ndjson|eve`).
///
/// It gives swift-argument-parser the value list and the (empty) descriptions that the library's generic defaults
/// for such an enum would build, without them: those are built at every start, for help and completions, a
/// measurable share of a scan's start-up (docs/benchmarks.md). The text shown is the same.
protocol NamedOptionValue: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension NamedOptionValue {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public static var allValueDescriptions: [String: String] { [:] }
}

/// `--format text|ndjson|eve` of scan, live and bench.
extension OutputFormat: NamedOptionValue {}
