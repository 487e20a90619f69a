import IGMP
import IGMPCapture

/// One JSON object per line: `packet` events, a `summary` per file, `error` for unreadable captures.
package final class NDJSONReporter: Reporter {
    let out: StandardOutput

    init(out: StandardOutput) { self.out = out }

    package func packet(_ e: PacketEvent) {
        var o = JSONObject()
        o.string("event", "packet")
        switch e.source {
        case .file(let path): o.string("file", path)
        case .interface(let name): o.string("interface", name)
        }
        o.int("frame", e.info.frameNumber)
        o.timestamp("ts", e.info.timestamp)
        if let s = e.description.source { o.address("src", s) } else { o.null("src") }
        if let d = e.description.destination { o.address("dst", d) } else { o.null("dst") }
        o.int("len", e.info.wireLength)
        o.int("caplen", e.info.capturedLength)
        if let igmp = e.description.igmpJSON { o.raw("igmp", bytes: igmp) }
        if let mld = e.description.mldJSON { o.raw("mld", bytes: mld) }
        o.string("verdict", e.verdict.description)
        o.bool("fully_validated", e.inspection.isFullyValidated)
        o.beginArray("findings")
        for f in e.findings {
            o.beginObjectElement()
            o.string("rule", f.rule.id)
            o.string("severity", f.severity.description)
            o.int("offset", f.offset)
            o.string("message", f.message)
            o.references("refs", f.rule)
            o.endObject()
        }
        o.endArray()
        o.write(to: out)
    }

    package func summary(file: String, _ s: FileStatistics) {
        var o = JSONObject()
        o.string("event", "summary")
        o.string("file", file)
        o.counts(s, rules: true)
        o.write(to: out)
    }

    /// `"event":"stats"` objects while a live capture runs, and its `"event":"summary"` at the end: the scan summary's
    /// counts with the interface instead of a file, plus libpcap's counters.
    package func statistics(_ s: LiveStatistics, final: Bool) {
        var o = JSONObject()
        o.string("event", final ? "summary" : "stats")
        o.string("interface", s.interface)
        o.timestamp("ts", s.timestamp)
        o.milliseconds("elapsed_s", s.elapsedSeconds)
        o.counts(s.counts, rules: final)
        if let suppression = s.suppression {
            o.int("suppressed", suppression.packets)
            var perRule = JSONObject()
            for (rule, n) in suppression.perRule { perRule.int(dynamic: rule.id, n) }
            o.object("suppressed_rules", perRule)
            o.int("evidence_suppressed", suppression.evidenceSkipped)
        }
        if let c = s.capture {
            o.int("received", c.received)
            o.int("dropped", c.dropped)
            o.int("interface_dropped", c.interfaceDropped)
        } else {
            o.null("received")
            o.null("dropped")
            o.null("interface_dropped")
        }
        o.write(to: out)
    }

    package func error(file: String, _ error: CaptureError) {
        var o = JSONObject()
        o.string("event", "error")
        o.string("file", file)
        o.string("kind", error.kind.rawValue)
        o.string("message", error.description)
        if let offset = error.offset { o.int("offset", Int(offset)) }
        o.write(to: out)
    }

    package func finish() { out.flush() }
}
