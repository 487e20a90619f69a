import IGMP

/// The human- and machine-readable facts of one packet, read back from the views (only for packets that are printed).
struct PacketDescription {
    var source: String?
    var destination: String?
    /// tcpdump-style one-liner.
    var summary: String
    /// The decoded message as a JSON object, nil when the message could not be decoded (fragment, too short).
    var igmpJSON: String?

    init(frame: RawSpan, linkType: LinkType) {
        guard let link = try? LinkHeader.parse(frame, linkType: linkType), let ip = try? IPv4Packet(checking: frame, at: link.networkOffset) else {
            source = nil
            destination = nil
            summary = "undecodable IPv4 header"
            igmpJSON = nil
            return
        }
        source = ip.source.description
        destination = ip.destination.description
        if ip.isFragment {
            summary = "IPv4 fragment of IGMP (id \(ip.identification), offset \(Int(ip.fragmentOffset) * 8)\(ip.moreFragments ? ", more fragments" : ""))"
            igmpJSON = nil
            return
        }
        guard let message = try? IGMPMessage(checking: ip.payload, frameOffset: ip.frameOffset + ip.headerLength,
                                             declaredLength: ip.totalLength - ip.headerLength) else {
            summary = "igmp [\(ip.payload.byteCount) bytes, too short]"
            igmpJSON = nil
            return
        }
        summary = message.summary(.brief)
        igmpJSON = PacketDescription.json(message)
    }

    static func json(_ m: borrowing IGMPMessage) -> String {
        var o = JSONObject()
        let kind = m.kind
        o.int("type", Int(m.type.rawValue))
        o.string("kind", kind.name)
        if let version = kind.version { o.int("version", version) } else { o.null("version") }
        o.int("length", m.declaredLength)
        o.string("checksum", "0x" + hex4(m.checksum))
        if m.isComplete { o.bool("checksum_valid", m.isChecksumValid) }
        o.string("summary", m.summary(.full))
        switch kind {
        case .queryV3:
            guard let q = m.queryV3 else { break }
            o.string("group", q.groupAddress.description)
            o.int("max_resp_code", Int(q.maxRespCode))
            o.int("max_resp_time_ms", q.maxResponseTime.deciseconds * 100)
            o.bool("s", q.suppressRouterSideProcessing)
            o.int("qrv", Int(q.querierRobustnessVariable))
            o.int("qqic", Int(q.qqic))
            o.int("qqi_s", q.querierQueryInterval)
            o.int("flags", Int(q.flags))
            o.int("number_of_sources", q.numberOfSources)
            o.strings("sources", q.sources.array.map(\.description))
            o.int("additional_data_length", q.additionalData.byteCount)
        case .reportV3:
            guard let r = m.reportV3 else { break }
            o.int("flags", Int(r.flags))
            o.int("number_of_group_records", r.numberOfGroupRecords)
            var records: [String] = []
            var it = r.records
            while let record = try? it.next() {
                var ro = JSONObject()
                ro.string("type", record.recordType.name)
                ro.int("type_code", Int(record.recordType.rawValue))
                ro.string("group", record.multicastAddress.description)
                ro.int("aux_data_len", record.auxDataLength)
                ro.int("number_of_sources", record.numberOfSources)
                ro.strings("sources", record.sources.array.map(\.description))
                records.append(ro.json)
            }
            o.raw("records", JSONObject.array(records))
        case .queryV1, .queryV2:
            o.string("group", m.groupAddress.description)
            o.int("max_resp_code", Int(m.maxRespCode))
            o.int("max_resp_time_ms", (m.maxResponseTime?.deciseconds ?? 0) * 100)
        case .reportV1, .reportV2, .leaveV2:
            o.string("group", m.groupAddress.description)
        case .queryInvalidLength, .other:
            o.int("code", Int(m.maxRespCode))
            if let name = m.type.name { o.string("name", name) }
        }
        return o.json
    }
}

func hex4(_ v: UInt16) -> String {
    let h = String(v, radix: 16)
    return String(repeating: "0", count: 4 - h.count) + h
}
