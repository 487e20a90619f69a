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
        var s = ""
        let length = bytes.byteCount
        switch type {
        case .membershipQuery:
            s = "igmp query"
            if let query = queryV3 {
                s += " v3"
                if query.maxRespCode != 100 { s += " [max resp time \(Self.formatDeciseconds(TimeCode.decode(query.maxRespCode)))]" }
                if query.groupAddress != .any {
                    s += " [gaddr " + query.groupAddress.description
                    let n = query.numberOfSources
                    if n > 0 {
                        if !query.sourcesFit {
                            s += " [invalid number of sources]"
                        } else if detail == .full {
                            let sources = query.sources
                            s += " {"
                            for i in 0..<sources.count { s += " "; s += sources[i].description }
                            s += " }"
                        } else {
                            s += ", " + String(n) + " source(s)"
                        }
                    }
                    s += "]"
                }
            } else {
                if maxRespCode != 0 {
                    s += " v2"
                    if maxRespCode != 100 { s += " [max resp time " + String(maxRespCode) + "]" }
                } else {
                    s += " v1"
                }
                if groupAddress != .any { s += " [gaddr " + groupAddress.description + "]" }
                if length != 8 { s += " [len " + String(length) + "]" }
            }
        case .membershipReportV1:
            s = "igmp v1 report " + groupAddress.description
            if length != 8 { s += " [len " + String(length) + "]" }
        case .membershipReportV2:
            s = "igmp v2 report " + groupAddress.description
        case .leaveGroup:
            s = "igmp leave " + groupAddress.description
        case .membershipReportV3:
            s = "igmp v3 report"
            if let report = reportV3 {
                s += ", " + String(report.numberOfGroupRecords) + " group record(s)"
                if detail == .full {
                    var records = report.records
                    while true {
                        do {
                            guard let record = try records.next() else { break }
                            s += " [gaddr " + record.multicastAddress.description + " " + record.recordType.name + " {"
                            let sources = record.sources
                            for i in 0..<sources.count { s += " "; s += sources[i].description }
                            s += " }"
                            if record.auxDataLength > 0 { s += " aux " + String(record.auxDataLength * 4) }
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
        case .dvmrp: s = "igmp dvmrp"
        case .pimV1: s = "igmp pimv1"
        case .mtraceResponse: s = "mresp"
        case .mtraceRequest: s = "mtrace"
        default:
            s = type.isKnown ? "igmp \(type)" : "igmp-\(type.rawValue)"
        }
        return s
    }

    /// tcpdump's timer format: tenths of a second below a minute, else `1h2m3s`.
    static func formatDeciseconds(_ d: Int) -> String {
        if d < 600 { return "\(d / 10).\(d % 10)s" }
        return formatSeconds(d / 10)
    }

    static func formatSeconds(_ seconds: Int) -> String {
        if seconds == 0 { return "0s" }
        var rest = seconds
        var out = ""
        for (unit, size) in [("y", 31_536_000), ("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }
}
