/// How bad a finding is.
public enum Severity: UInt8, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    /// Worth knowing, harmless: real equipment does it (offload checksums, missing Router Alert).
    case info = 1
    /// Breaks an RFC rule a receiver must cope with; not known to hurt a stack.
    case warning = 2
    /// The shape of a known attack or of a lie about lengths that has crashed or hung real stacks.
    case hostile = 3

    /// Orders severities from `info` to `hostile`.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `info`, `warning` or `hostile`, as every output writes it.
    public var description: String {
        switch self {
        case .info: "info"
        case .warning: "warning"
        case .hostile: "hostile"
        }
    }
}

/// A packet's overall judgement: the worst of its findings.
public enum Verdict: UInt8, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    /// No finding, or only `info` ones.
    case clean = 0
    /// The worst finding is a `warning`.
    case suspicious = 1
    /// At least one `hostile` finding.
    case hostile = 2

    /// The verdict for a packet whose worst finding has severity `worst`.
    @inlinable
    public init(worst: Severity?) {
        switch worst {
        case .hostile: self = .hostile
        case .warning: self = .suspicious
        case .info, nil: self = .clean
        }
    }

    /// Orders verdicts from `clean` to `hostile`.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `clean`, `suspicious` or `hostile`, as every output writes it.
    public var description: String {
        switch self {
        case .clean: "clean"
        case .suspicious: "suspicious"
        case .hostile: "hostile"
        }
    }
}
