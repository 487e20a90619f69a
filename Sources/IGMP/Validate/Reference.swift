/// Where a rule comes from: a standard, a vulnerability, or an IDS signature that detects the same thing.
public enum Reference: Hashable, Sendable, CustomStringConvertible {
    /// An RFC and section, e.g. RFC 3376 section 4.1.8.
    case rfc(Int, section: String)
    /// A CVE id such as "CVE-2006-0021".
    case cve(String)
    /// A Microsoft security bulletin such as "MS06-007".
    case bulletin(String)
    /// A Snort rule, generator:signature (e.g. 3:8092).
    case snort(gid: Int, sid: Int)

    /// The reference as docs/rules.md and the outputs show it (`RFC 3376 4.1.8`, `CVE-2006-0021`).
    public var description: String {
        switch self {
        case .rfc(let n, let section): section.isEmpty ? "RFC \(n)" : "RFC \(n) \(section)"
        case .cve(let id): id
        case .bulletin(let id): id
        case .snort(let gid, let sid): "Snort \(gid):\(sid)"
        }
    }
}
