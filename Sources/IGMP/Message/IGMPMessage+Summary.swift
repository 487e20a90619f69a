/// How much a one-line summary says.
public enum SummaryDetail: Sendable {
    /// Like `tcpdump` without `-v`: v3 reports give only their record count, query sources only their count.
    case brief
    /// Like `tcpdump -vv`: every record and source listed.
    case full
}

extension IGMPMessage {
    /// A one-line description in the words tcpdump uses (`igmp query v3 [max resp time 1.0s] [gaddr ...]`), so
    /// analysts can line our output up with theirs. Unlike tcpdump, group records are walked with their aux data
    /// skipped as Aux Data Len x 4 bytes (RFC 3376 4.2.6), and lying counts are named instead of followed.
    public func summary(_ detail: SummaryDetail = .full) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        appendSummary(detail, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same line appended to `out` as ASCII bytes: output formats write it straight into the line they are
    /// building, with no `String` in between.
    public func appendSummary(_ detail: SummaryDetail = .full, to out: inout [UInt8]) {
        var s = ByteWriter(appendingTo: out)
        out = []
        defer { out = s.bytes }
        let length = bytes.byteCount
        switch type {
        case .membershipQuery:
            s += "igmp query"
            if let query = queryV3 {
                s += " v3"
                if query.maxRespCode != 100 {
                    s += " [max resp time "
                    s.deciseconds(TimeCode.decode(query.maxRespCode))
                    s += "]"
                }
                if query.group != .any {
                    s += " [gaddr "
                    s.dottedQuad(query.group)
                    let n = query.numberOfSources
                    if n > 0 {
                        if !query.sourcesFit {
                            s += " [invalid number of sources]"
                        } else if detail == .full {
                            let sources = query.sources
                            s += " {"
                            for i in 0..<sources.count { s += " "; s.dottedQuad(sources[i]) }
                            s += " }"
                        } else {
                            s += ", "
                            s.decimal(n)
                            s += " source(s)"
                        }
                    }
                    s += "]"
                }
            } else {
                if maxRespCode != 0 {
                    s += " v2"
                    if maxRespCode != 100 { s += " [max resp time "; s.decimal(Int(maxRespCode)); s += "]" }
                } else {
                    s += " v1"
                }
                if group != .any { s += " [gaddr "; s.dottedQuad(group); s += "]" }
                if length != 8 { s += " [len "; s.decimal(length); s += "]" }
            }
        case .membershipReportV1:
            s += "igmp v1 report "
            s.dottedQuad(group)
            if length != 8 { s += " [len "; s.decimal(length); s += "]" }
        case .membershipReportV2:
            s += "igmp v2 report "
            s.dottedQuad(group)
        case .leaveGroup:
            s += "igmp leave "
            s.dottedQuad(group)
        case .membershipReportV3:
            s += "igmp v3 report"
            if let report = reportV3 {
                s += ", "
                s.decimal(report.numberOfGroupRecords)
                s += " group record(s)"
                if detail == .full {
                    var records = report.records
                    while true {
                        do {
                            guard let record = try records.next() else { break }
                            s += " [gaddr "
                            s.dottedQuad(record.group)
                            s += " "
                            s.text(record.type.name)
                            s += " {"
                            let sources = record.sources
                            for i in 0..<sources.count { s += " "; s.dottedQuad(sources[i]) }
                            s += " }"
                            if record.auxDataLength > 0 { s += " aux "; s.decimal(record.auxDataLength * 4) }
                            s += "]"
                        } catch {
                            switch error.reason {
                            case .sourceCountOverflow: s += " [invalid number of sources]"
                            case .auxDataOverflow: s += " [invalid aux data length]"
                            default: s += " [invalid number of groups]"
                            }
                            break
                        }
                    }
                }
            }
        case .dvmrp: s += "igmp dvmrp"
        case .pimV1: s += "igmp pimv1"
        case .mtraceResponse: s += "mresp"
        case .mtraceRequest: s += "mtrace"
        default:
            if type.isKnown {
                s += "igmp "
                s.text(type.description)
            } else {
                s += "igmp-"
                s.decimal(Int(type.rawValue))
            }
        }
    }
}

extension ByteWriter {
    /// tcpdump's timer format: tenths of a second below a minute (`12.5s`), else `1h2m3s`.
    mutating func deciseconds(_ d: Int) {
        guard d >= 600 else {
            decimal(d / 10)
            bytes.append(UInt8(ascii: "."))
            decimal(d % 10)
            bytes.append(UInt8(ascii: "s"))
            return
        }
        seconds(d / 10)
    }

    /// Units of `seconds`, largest first.
    private static let units: [(letter: UInt8, seconds: Int)] = [
        (UInt8(ascii: "y"), 31_536_000), (UInt8(ascii: "w"), 604_800), (UInt8(ascii: "d"), 86_400),
        (UInt8(ascii: "h"), 3_600), (UInt8(ascii: "m"), 60), (UInt8(ascii: "s"), 1),
    ]

    mutating func seconds(_ seconds: Int) {
        guard seconds != 0 else { self += "0s"; return }
        var rest = seconds
        for unit in Self.units where rest >= unit.seconds {
            decimal(rest / unit.seconds)
            bytes.append(unit.letter)
            rest %= unit.seconds
        }
    }
}
