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

    /// Where the reference can be read: the RFC section at the RFC Editor, the CVE record, the Microsoft bulletin,
    /// the Snort rule's documentation. EVE alerts carry these in `alert.references`, as Suricata writes its rules'
    /// references.
    public var url: String {
        switch self {
        case .rfc(let n, let section):
            section.isEmpty ? "https://www.rfc-editor.org/rfc/rfc\(n)" : "https://www.rfc-editor.org/rfc/rfc\(n)#section-\(section)"
        case .cve(let id):
            "https://www.cve.org/CVERecord?id=\(id)"
        case .bulletin(let id):
            // MS06-007 is kept under .../securitybulletins/2006/ms06-007.
            "https://learn.microsoft.com/en-us/security-updates/securitybulletins/\(Self.bulletinYear(id))/\(id.lowercased())"
        case .snort(let gid, let sid):
            "https://www.snort.org/rule_docs/\(gid)-\(sid)"
        }
    }

    /// The four-digit year of a bulletin id "MSyy-nnn" (MS99 is 1999, MS08 is 2008).
    static func bulletinYear(_ id: String) -> String {
        let digits = id.dropFirst(2).prefix(2)
        guard digits.count == 2, let yy = Int(digits) else { return "" }
        return String(yy >= 90 ? 1900 + yy : 2000 + yy)
    }
}
