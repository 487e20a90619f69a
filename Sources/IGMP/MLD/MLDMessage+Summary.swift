extension MLDMessage {
    /// A one-line description in tcpdump's words (`ICMP6, multicast listener query v2 [gaddr ::]`,
    /// `ICMP6, multicast listener report v2, 1 group record(s)`), so analysts can line our output up with theirs.
    /// Lying counts are named instead of followed.
    public func summary(_ detail: SummaryDetail = .full) -> String {
        var bytes: [UInt8] = []
        appendSummary(detail, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same line appended to `out` as ASCII bytes.
    public func appendSummary(_ detail: SummaryDetail = .full, to out: inout [UInt8]) {
        var s = ByteWriter(appendingTo: out)
        out = []
        defer { out = s.bytes }
        switch kind {
        case .queryV2?:
            guard let query = queryV2 else { return }
            s += "ICMP6, multicast listener query v2"
            if detail == .full {
                s += " [max resp delay="
                s.decimal(query.maximumResponseDelay)
                s += "]"
            }
            s += " [gaddr "
            s.ipv6(query.multicastAddress)
            if detail == .full {
                if query.suppressRouterSideProcessing { s += " sflag" }
                if query.robustness != 0 { s += " robustness="; s.decimal(Int(query.robustness)) }
                s += " qqi="
                s.decimal(query.querierQueryInterval)
            }
            let n = query.numberOfSources
            if n > 0 {
                if !query.sourcesFit {
                    s += " [invalid number of sources]"
                } else if detail == .full {
                    let sources = query.sources
                    s += " {"
                    for i in sources.indices { s += " "; s.ipv6(sources[i]) }
                    s += " }"
                } else {
                    s += ", "
                    s.decimal(n)
                    s += " source(s)"
                }
            }
            s += "]"
        case .reportV2?:
            guard let report = reportV2 else { return }
            s += "ICMP6, multicast listener report v2, "
            s.decimal(report.numberOfRecords)
            s += " group record(s)"
            guard detail == .full else { return }
            var records = report.records
            while true {
                do {
                    guard let record = try records.next() else { break }
                    s += " [gaddr "
                    s.ipv6(record.multicastAddress)
                    s += " "
                    s.text(record.type.name)
                    let sources = record.sources
                    s += " {"
                    for i in sources.indices { s += " "; s.ipv6(sources[i]) }
                    s += " }]"
                } catch {
                    s += " [invalid record: "
                    s.text(error.reason.rawValue)
                    s += "]"
                    break
                }
            }
        case let kind?:
            switch kind {
            case .reportV1: s += "ICMP6, multicast listener report"
            case .done: s += "ICMP6, multicast listener done"
            default: s += "ICMP6, multicast listener query"
            }
            if kind == .queryInvalidLength { s += " [invalid length "; s.decimal(declaredLength); s += "]" }
            s += " max resp delay: "
            s.decimal(Int(maximumResponseCode))
            s += " addr: "
            if let address = multicastAddress { s.ipv6(address) } else { s += "[|mld]" }
        case nil:
            s += "ICMP6, type "
            s.decimal(Int(type))
        }
    }
}

extension IPv6Packet {
    /// Appends the one-line summary of a fragment, for the packets whose message cannot be read whole:
    /// `IPv6 fragment of MLD (id N, offset N[, more fragments])`, the offset in bytes.
    public func appendFragmentSummary(_ fragment: IPv6HeaderChain.Fragment, to out: inout [UInt8]) {
        var s = ByteWriter(appendingTo: out)
        out = []
        s += "IPv6 fragment of MLD (id "
        s.decimal(Int(fragment.identification))
        s += ", offset "
        s.decimal(Int(fragment.offset) * 8)
        if fragment.moreFragments { s += ", more fragments" }
        s += ")"
        out = s.bytes
    }
}

extension ByteWriter {
    /// Appends an IPv6 address in RFC 5952 form.
    package mutating func ipv6(_ address: IPv6Address) { address.appendText(to: &bytes) }
}
