import IGMP
import IGMPCapture

/// Alerts in Suricata's EVE JSON, one per finding of warning or hostile severity (info too with `--all`), each line
/// valid against Suricata's own schema (`etc/schema.json`), so SIEM pipelines and dashboards built for Suricata
/// ingest them unchanged. IGMPGuard's own fields sit where the schema leaves room: `alert.metadata` (arrays of
/// strings, as Suricata's rule metadata), `alert.references` (links) and `alert.context`; the top-level `igmp` object
/// is the one Suricata's IGMP decoder writes.
package final class EVEReporter: Reporter {
    let out: StandardOutput
    let includeInfo: Bool
    /// Alerts written so far (the `stats` event's `detect.alert`).
    private(set) var alertsWritten = 0

    init(out: StandardOutput, includeInfo: Bool) {
        self.out = out
        self.includeInfo = includeInfo
    }

    package func packet(_ e: PacketEvent) {
        for f in e.findings where includeInfo || f.severity >= .warning {
            var metadata = JSONObject()
            metadata.strings("igmpguard_rule", [f.rule.id])
            metadata.strings("igmpguard_severity", [f.severity.description])
            metadata.strings("signature_severity", [signatureSeverity(f.severity)])
            var own = JSONObject()
            own.string("rule", f.rule.id)
            own.string("severity", f.severity.description)
            own.int("offset", f.offset)
            own.string("message", f.message)
            own.references("refs", f.rule)
            own.string("verdict", e.verdict.description)
            own.string("summary", utf8: e.description.summary)
            var context = JSONObject()
            context.object("igmpguard", own)
            var alert = JSONObject()
            alert.string("action", "allowed")
            alert.int("gid", 1)
            alert.int("signature_id", f.rule.signatureID)
            alert.int("rev", 1)
            alert.string("signature", "IGMPGUARD \(f.rule.id): \(f.rule.title)")
            alert.string("category", category(f.severity))
            alert.int("severity", suricataSeverity(f.severity))
            alert.object("metadata", metadata)
            // The schema wants at least one reference: a rule without any has none written.
            if !f.rule.references.isEmpty { alert.referenceURLs("references", f.rule) }
            alert.object("context", context)
            var o = JSONObject()
            o.string("timestamp", e.info.timestamp.eve)
            o.string("event_type", "alert")
            o.string("src_ip", e.description.source?.eveText ?? (e.description.isMLD ? IPv6Address.unspecified.expandedDescription : "0.0.0.0"))
            o.string("dest_ip", e.description.destination?.eveText ?? (e.description.isMLD ? IPv6Address.unspecified.expandedDescription : "0.0.0.0"))
            // Suricata's names for IP protocols 2 and 58.
            o.string("proto", e.description.isMLD ? "IPv6-ICMP" : "IGMP")
            o.int("pcap_cnt", e.info.frameNumber)
            switch e.source {
            case .file(let path): o.string("pcap_filename", path)
            case .interface(let name): o.string("in_iface", name)
            }
            if let type = e.description.igmpType {
                if e.description.isMLD {
                    // As Suricata writes an ICMPv6 packet: its type and code at the top level.
                    o.int("icmp_type", Int(type))
                    o.int("icmp_code", Int(e.description.icmpCode ?? 0))
                } else {
                    var igmp = JSONObject()
                    igmp.int("type", Int(type))
                    if let version = e.description.igmpVersion { igmp.int("version", version) }
                    o.object("igmp", igmp)
                }
            }
            o.object("alert", alert)
            o.write(to: out)
            alertsWritten += 1
        }
    }

    /// The words of Suricata rules' `signature_severity` metadata (Emerging Threats' vocabulary).
    func signatureSeverity(_ s: Severity) -> String {
        switch s {
        case .hostile: "Major"
        case .warning: "Minor"
        case .info: "Informational"
        }
    }

    /// Suricata's classification names.
    func category(_ s: Severity) -> String {
        switch s {
        case .hostile: "Attempted Denial of Service"
        case .warning: "Potentially Bad Traffic"
        case .info: "Not Suspicious Traffic"
        }
    }

    /// Suricata's priority: 1 high, 2 medium, 3 low.
    func suricataSeverity(_ s: Severity) -> Int {
        switch s {
        case .hostile: 1
        case .warning: 2
        case .info: 3
        }
    }



    /// Suricata's `stats` event, with only the counters its schema has: uptime, the capture's kernel counters,
    /// the decoder's packet and IGMP counts (`decoder.event.igmp`: `malformed` counts suspicious and hostile packets,
    /// `pkt_too_small` those too short for an IGMP header, `v3_pkt_too_small` queries too long for v2 and too short
    /// for v3) and the alerts written. The counts per verdict and per rule are in NDJSON's stats and summary.
    package func statistics(_ s: LiveStatistics, final: Bool) {
        var capture = JSONObject()
        if let c = s.capture {
            capture.int("kernel_packets", c.received)
            capture.int("kernel_drops", c.dropped)
            capture.int("kernel_ifdrops", c.interfaceDropped)
        }
        var igmpEvents = JSONObject()
        igmpEvents.int("malformed", s.counts.suspicious + s.counts.hostile)
        igmpEvents.int("pkt_too_small", s.counts.packetsPerRule[Rule.igmpTooShort.index])
        igmpEvents.int("v3_pkt_too_small", s.counts.packetsPerRule[Rule.queryLengthInvalid.index])
        var events = JSONObject()
        events.object("igmp", igmpEvents)
        // MLD in Suricata's ICMPv6 counters: the MLD packets judged (the only ICMPv6 live's filter keeps), MLD with a
        // Hop Limit other than 1, and MLD too short for its header.
        if s.counts.mld > 0 {
            var icmpv6Events = JSONObject()
            icmpv6Events.int("mld_message_with_invalid_hl", s.counts.packetsPerRule[Rule.mldHopLimitNotOne.index])
            icmpv6Events.int("pkt_too_small", s.counts.packetsPerRule[Rule.mldTooShort.index])
            events.object("icmpv6", icmpv6Events)
        }
        var decoder = JSONObject()
        decoder.int("pkts", s.counts.packets)
        decoder.int("igmp", s.counts.igmp)
        if s.counts.mld > 0 { decoder.int("icmpv6", s.counts.mld) }
        decoder.object("event", events)
        var detect = JSONObject()
        detect.int("alert", alertsWritten)
        if let suppression = s.suppression { detect.int("alerts_suppressed", suppression.findings) }
        var stats = JSONObject()
        stats.int("uptime", Int(s.elapsedSeconds))
        stats.object("capture", capture)
        stats.object("decoder", decoder)
        stats.object("detect", detect)
        var o = JSONObject()
        o.string("timestamp", s.timestamp.eve)
        o.string("event_type", "stats")
        o.string("in_iface", s.interface)
        o.object("stats", stats)
        o.write(to: out)
    }
    package func finish() { out.flush() }
}
