import IGMP

/// The human- and machine-readable facts of one packet, read back from the views (only for packets that are printed).
package struct PacketDescription {
    var source: IPAddress?
    var destination: IPAddress?
    /// tcpdump-style one-liner (brief for text output, full for JSON), as ASCII bytes: it is written straight into
    /// the output line.
    var summary: [UInt8]
    /// The decoded message as a JSON object, nil when the message could not be decoded (fragment, too short) or
    /// not asked for.
    var igmpJSON: [UInt8]?
    /// The same for an MLD message (NDJSON's `mld` object).
    var mldJSON: [UInt8]?
    /// Whether the packet is IPv6 carrying MLD (EVE's `proto` is then Suricata's `IPv6-ICMP`).
    var isMLD = false
    /// The ICMPv6 Code of an MLD message (EVE's `icmp_code`).
    var icmpCode: UInt8?
    /// The message's Type byte and IGMP version (EVE's `igmp` object; for MLD the ICMPv6 type and the MLD version):
    /// nil when the message could not be decoded; the version is nil for a type outside the membership messages.
    var igmpType: UInt8?
    var igmpVersion: Int?

    /// Reads the packet back from its views. `json` asks for the decoded message as JSON (NDJSON); otherwise only the
    /// brief summary line is made (text, EVE).
    init(frame: RawSpan, linkType: LinkType, json: Bool) {
        switch FrameWalk.locate(frame, linkType: linkType) {
        case .mld(let ipOffset)?: self.init(mld: frame, ipOffset: ipOffset, json: json)
        case .igmp(let ipOffset)?: self.init(igmp: frame, ipOffset: ipOffset, json: json)
        case nil: self.init(igmp: frame, ipOffset: nil, json: json)
        }
    }

    /// Reads an IGMP packet back: IPv4 header, message.
    private init(igmp frame: RawSpan, ipOffset: Int?, json: Bool) {
        guard let ipOffset, let ip = try? IPv4Packet(checking: frame, at: ipOffset) else {
            source = nil
            destination = nil
            summary = Array("undecodable IPv4 header".utf8)
            igmpJSON = nil
            return
        }
        source = .v4(ip.source)
        destination = .v4(ip.destination)
        if ip.isFragment {
            // Fragmented IGMP is one of the hostile classes, printed as often as it comes: no string interpolation.
            var text: [UInt8] = []
            text.reserveCapacity(64)
            ip.appendFragmentSummary(to: &text)
            summary = text
            igmpJSON = nil
            return
        }
        guard let message = try? IGMPMessage(payloadOf: ip) else {
            summary = Array("igmp [\(ip.payload.byteCount) bytes, too short]".utf8)
            igmpJSON = nil
            return
        }
        igmpType = message.type.rawValue
        igmpVersion = message.kind.version
        summary = []
        summary.reserveCapacity(json ? 256 : 96)
        message.appendSummary(json ? .full : .brief, to: &summary)
        igmpJSON = json ? PacketDescription.json(message, summary: summary) : nil
    }

    /// Reads an MLD packet back: IPv6 header, header chain, message.
    private init(mld frame: RawSpan, ipOffset: Int, json: Bool) {
        isMLD = true
        igmpJSON = nil
        guard let ip = try? IPv6Packet(checking: frame, at: ipOffset) else {
            source = nil
            destination = nil
            summary = Array("undecodable IPv6 header".utf8)
            return
        }
        source = .v6(ip.source)
        let chain = ip.headerChain
        // The header's own destination, as tcpdump and Suricata print it (a Routing header may name another final one).
        destination = .v6(ip.destination)
        if let flaw = chain.flaw, chain.upperLayerProtocol == nil {
            summary = Array("IPv6 header chain broken: \(flaw.reason.rawValue) at offset \(flaw.frameOffset)".utf8)
            return
        }
        if let fragment = chain.fragment, fragment.offset != 0 || fragment.moreFragments {
            var text: [UInt8] = []
            ip.appendFragmentSummary(fragment, to: &text)
            summary = text
            return
        }
        let start = chain.upperLayerFrameOffset - ip.frameOffset - IPv6Packet.headerLength
        let declared = max(0, ip.payloadLength - start)
        guard chain.upperLayerProtocol == IPv6NextHeader.icmpv6,
              let message = try? MLDMessage(checking: ip.payload.extracting(start..<ip.payload.byteCount),
                                            frameOffset: chain.upperLayerFrameOffset, declaredLength: declared) else {
            summary = Array("ICMP6 [\(declared) bytes, too short]".utf8)
            return
        }
        igmpType = message.type
        icmpCode = message.code
        igmpVersion = message.kind?.version
        summary = []
        summary.reserveCapacity(json ? 256 : 96)
        message.appendSummary(json ? .full : .brief, to: &summary)
        mldJSON = json ? PacketDescription.json(message, summary: summary, chain: chain, ip: ip) : nil
    }

    static func json(_ m: borrowing MLDMessage, summary: [UInt8], chain: IPv6HeaderChain, ip: borrowing IPv6Packet) -> [UInt8] {
        var o = JSONObject()
        let kind = m.kind
        o.int("type", Int(m.type))
        o.string("kind", kind?.name ?? "unknown")
        if let version = kind?.version { o.int("version", version) } else { o.null("version") }
        o.int("code", Int(m.code))
        o.int("length", m.declaredLength)
        o.string("checksum", "0x" + hex4(m.checksum))
        if m.isComplete {
            o.bool("checksum_valid", m.isChecksumValid(source: ip.source, destination: chain.routingFinalDestination ?? ip.destination))
        }
        o.int("hop_limit", Int(ip.hopLimit))
        if let alert = chain.routerAlert { o.int("router_alert", Int(alert)) } else { o.null("router_alert") }
        o.int("extension_headers", chain.headerCount)
        o.string("summary", utf8: summary)
        switch kind {
        case .queryV2?:
            guard let q = m.queryV2 else { break }
            o.string("multicast_address", q.multicastAddress.description)
            o.int("max_resp_code", Int(q.maximumResponseCode))
            o.int("max_resp_delay_ms", q.maximumResponseDelay)
            o.bool("s", q.suppressRouterSideProcessing)
            o.int("qrv", Int(q.robustness))
            o.int("qqic", Int(q.qqic))
            o.int("qqi_s", q.querierQueryInterval)
            o.int("flags", Int(q.flags))
            o.int("number_of_sources", q.numberOfSources)
            let sources = q.sources
            o.strings("sources", sources.array.map(\.description))
            o.int("additional_data_length", q.additionalData.byteCount)
        case .reportV2?:
            guard let r = m.reportV2 else { break }
            o.int("reserved", Int(r.reserved))
            o.int("number_of_records", r.numberOfRecords)
            o.beginArray("records")
            var it = r.records
            while let record = try? it.next() {
                o.beginObjectElement()
                o.string("type", record.type.name)
                o.int("type_code", Int(record.type.rawValue))
                o.string("multicast_address", record.multicastAddress.description)
                o.int("aux_data_len", record.auxDataLength)
                o.int("number_of_sources", record.numberOfSources)
                o.strings("sources", record.sources.array.map(\.description))
                o.endObject()
            }
            o.endArray()
        case .queryV1?:
            if let address = m.multicastAddress { o.string("multicast_address", address.description) }
            o.int("max_resp_code", Int(m.maximumResponseCode))
            o.int("max_resp_delay_ms", Int(m.maximumResponseCode))
        case .reportV1?, .done?, .queryInvalidLength?, nil:
            if let address = m.multicastAddress { o.string("multicast_address", address.description) }
            o.int("max_resp_code", Int(m.maximumResponseCode))
        }
        return o.finish()
    }

    static func json(_ m: borrowing IGMPMessage, summary: [UInt8]) -> [UInt8] {
        var o = JSONObject()
        let kind = m.kind
        o.int("type", Int(m.type.rawValue))
        o.string("kind", kind.name)
        if let version = kind.version { o.int("version", version) } else { o.null("version") }
        o.int("length", m.declaredLength)
        o.string("checksum", "0x" + hex4(m.checksum))
        if m.isComplete { o.bool("checksum_valid", m.isChecksumValid) }
        o.string("summary", utf8: summary)
        switch kind {
        case .queryV3:
            guard let q = m.queryV3 else { break }
            o.address("group", q.group)
            o.int("max_resp_code", Int(q.maxRespCode))
            o.int("max_resp_time_ms", q.maxResponseTime.deciseconds * 100)
            o.bool("s", q.suppressRouterSideProcessing)
            o.int("qrv", Int(q.robustness))
            o.int("qqic", Int(q.qqic))
            o.int("qqi_s", q.querierQueryInterval)
            o.int("flags", Int(q.flags))
            o.int("number_of_sources", q.numberOfSources)
            let sources = q.sources
            o.beginArray("sources")
            for i in 0..<sources.count { o.arrayAddress(sources[i]) }
            o.endArray()
            o.int("additional_data_length", q.additionalData.byteCount)
        case .reportV3:
            guard let r = m.reportV3 else { break }
            o.int("flags", Int(r.flags))
            o.int("number_of_group_records", r.numberOfGroupRecords)
            o.beginArray("records")
            var it = r.records
            while let record = try? it.next() {
                o.beginObjectElement()
                o.string("type", record.type.name)
                o.int("type_code", Int(record.type.rawValue))
                o.address("group", record.group)
                o.int("aux_data_len", record.auxDataLength)
                o.int("number_of_sources", record.numberOfSources)
                let sources = record.sources
                o.beginArray("sources")
                for i in 0..<sources.count { o.arrayAddress(sources[i]) }
                o.endArray()
                o.endObject()
            }
            o.endArray()
        case .queryV1, .queryV2:
            o.address("group", m.group)
            o.int("max_resp_code", Int(m.maxRespCode))
            o.int("max_resp_time_ms", (m.maxResponseTime?.deciseconds ?? 0) * 100)
        case .reportV1, .reportV2, .leaveV2:
            o.address("group", m.group)
        case .queryInvalidLength, .other, .mld:
            o.int("code", Int(m.maxRespCode))
            if let name = m.type.name { o.string("name", name) }
        }
        return o.finish()
    }
}

package func hex4(_ v: UInt16) -> String {
    let h = String(v, radix: 16)
    return String(repeating: "0", count: 4 - h.count) + h
}
