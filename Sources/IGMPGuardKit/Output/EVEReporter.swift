import IGMP
import IGMPCapture

/// Alerts shaped like Suricata's EVE JSON, one per finding of warning or hostile severity (info too with `--all`),
/// so existing SIEM pipelines ingest them.
package final class EVEReporter: Reporter {
    let out: StandardOutput
    let includeInfo: Bool

    init(out: StandardOutput, includeInfo: Bool) {
        self.out = out
        self.includeInfo = includeInfo
    }

    package func packet(_ e: PacketEvent) {
        for f in e.findings where includeInfo || f.severity >= .warning {
            var alert = JSONObject()
            alert.string("action", "allowed")
            alert.int("gid", 1)
            alert.int("signature_id", f.rule.signatureID)
            alert.int("rev", 1)
            alert.string("signature", "IGMPGUARD \(f.rule.id): \(f.rule.title)")
            alert.string("category", category(f.severity))
            alert.int("severity", suricataSeverity(f.severity))
            var extra = JSONObject()
            extra.string("rule", f.rule.id)
            extra.string("severity", f.severity.description)
            extra.int("offset", f.offset)
            extra.string("message", f.message)
            extra.references("refs", f.rule)
            extra.string("verdict", e.verdict.description)
            extra.string("summary", utf8: e.description.summary)
            var o = JSONObject()
            o.string("timestamp", e.info.timestamp.eve)
            o.string("event_type", "alert")
            o.address("src_ip", e.description.source ?? .any)
            o.address("dest_ip", e.description.destination ?? .any)
            o.string("proto", "IGMP")
            o.int("pcap_cnt", e.info.frameNumber)
            switch e.source {
            case .file(let path): o.string("pcap_filename", path)
            case .interface(let name): o.string("in_iface", name)
            }
            o.object("alert", alert)
            o.object("igmpguard", extra)
            o.write(to: out)
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



    /// Suricata's `stats` event: uptime and the capture's kernel counters, with IGMPGuard's own counts beside them.
    package func statistics(_ s: LiveStatistics, final: Bool) {
        var capture = JSONObject()
        if let c = s.capture {
            capture.int("kernel_packets", c.received)
            capture.int("kernel_drops", c.dropped)
            capture.int("kernel_ifdrops", c.interfaceDropped)
        }
        var own = JSONObject()
        own.string("interface", s.interface)
        own.counts(s.counts, rules: false)
        own.bool("final", final)
        var stats = JSONObject()
        stats.int("uptime", Int(s.elapsedSeconds))
        stats.object("capture", capture)
        stats.object("igmpguard", own)
        var o = JSONObject()
        o.string("timestamp", s.timestamp.eve)
        o.string("event_type", "stats")
        o.object("stats", stats)
        o.write(to: out)
    }
    package func finish() { out.flush() }
}
