import IGMP
import IGMPCapture

/// What happens to a packet the judge reports, in `scan` and `live` alike: it is printed, and written to the evidence
/// file when suspicious or hostile.
package final class PacketRecorder {
    package let reporter: Reporter
    package let evidence: EvidenceWriter?
    let reportAll: Bool
    /// Whether the reporter prints the decoded message as JSON.
    let wantsJSON: Bool
    /// Push each evidence packet to disk as it is written (live capture: the file is useful before the end).
    package var flushEvidence = false
    package private(set) var sawHostile = false
    /// Where evidence packets are recorded instead of written (a file's scan among several at once: `ParallelScan`).
    var evidenceSpool: OutputSpool?
    /// The first evidence write that failed since the last `takeWriteError`; no further writes are tried until then.
    private var writeError: CaptureError? = nil

    init(reporter: Reporter, evidence: EvidenceWriter?, reportAll: Bool, wantsJSON: Bool) {
        self.reporter = reporter
        self.evidence = evidence
        self.reportAll = reportAll
        self.wantsJSON = wantsJSON
    }

    /// The recorder `scan` and `live` use: `format`'s reporter on `out`, and the evidence file at `evidence`, created
    /// now so that a bad path fails before any packet is read; no evidence file may be one of `protecting` (the
    /// captures to be read). A sibling evidence file is announced on `errors`.
    package convenience init(format: OutputFormat, reportAll: Bool, evidence: String?, protecting: [String] = [],
                             out: StandardOutput, errors: StandardOutput) throws(CaptureError) {
        var writer: EvidenceWriter? = nil
        if let evidence {
            writer = try EvidenceWriter(path: evidence, protecting: protecting)
            writer?.onNewFile = { path, linkType in
                errors.errorLine("note: \(linkType.name) packets go to \(path) (libpcap reads one link type per file)")
            }
        }
        self.init(reporter: format.reporter(out: out, all: reportAll), evidence: writer, reportAll: reportAll,
                  wantsJSON: format == .ndjson)
    }

    /// Flushes the reporter and closes the evidence files; false, after an error line, when closing failed.
    package func finish(errors: StandardOutput) -> Bool {
        reporter.finish()
        guard let evidence else { return true }
        do { try evidence.close() } catch {
            errors.errorLine(error.description)
            return false
        }
        return true
    }

    /// Prints a packet the judge reports (a flagged one, or any with `--all`) and keeps a flagged one as evidence.
    /// `limiter` (`live --alert-limit`, one per interface) may hold a flagged packet back from the output or the
    /// evidence; without one every flagged packet is printed and kept.
    func record(_ inspection: Inspection, _ verdict: Verdict, _ findings: inout FindingBuffer, frame: RawSpan, limiter: AlertLimiter? = nil,
                info: PacketInfo, source: PacketSource, linkType: LinkType) {
        if verdict == .hostile { sawHostile = true }
        var prints = verdict != .clean || reportAll, keeps = verdict != .clean
        if keeps, let limiter {
            (prints, keeps) = limiter.admit(&findings, frame: frame, linkType: linkType, time: info.timestamp)
        }
        if prints {
            reporter.report(.packet(PacketEvent(source: source, info: info, inspection: inspection, verdict: verdict,
                                                findings: findings.array,
                                                description: PacketDescription(frame: frame, linkType: linkType, json: wantsJSON))))
        }
        guard keeps else { return }
        if let evidenceSpool {
            evidenceSpool.recordEvidence(frame, linkType: linkType, info: info, comment: Self.comment(verdict, findings, info, source))
            if flushEvidence { evidenceSpool.recordEvidenceFlush() }
        } else if let evidence, writeError == nil, !evidenceDisabled {
            let comment = Self.comment(verdict, findings, info, source)
            do {
                try evidence.write(frame, linkType: linkType, info: info, comment: comment)
                if flushEvidence { evidence.flush() }
            } catch {
                writeError = error
            }
        }
    }

    /// The evidence packet's comment: verdict, rules with their offsets, where the packet came from.
    static func comment(_ verdict: Verdict, _ findings: borrowing FindingBuffer, _ info: PacketInfo, _ source: PacketSource) -> String {
        "igmpguard \(verdict): " + findings.map { "\($0.rule.id)@\($0.offset)" }.joined(separator: " ")
            + " (\(source.name) frame \(info.frameNumber))"
    }

    /// Closes the evidence files that were moved away (rotated) and makes their paths anew (`EvidenceWriter.reopen`);
    /// evidence written off after a failure is written again once this succeeds. Returns the files closed.
    func reopenEvidence() throws(CaptureError) -> [String] {
        guard let evidence else { return [] }
        let closed = try evidence.reopen()
        writeError = nil
        evidenceDisabled = false
        return closed
    }

    /// Writes no more evidence (after a failure a live capture does not retry on every packet).
    func disableEvidence() { evidenceDisabled = true }
    private var evidenceDisabled = false

    /// The evidence write error met since the last call, if any; writing resumes after it. (Spooled, the point is
    /// recorded: the replay reports its own write error there.)
    func takeWriteError() -> CaptureError? {
        evidenceSpool?.recordEvidenceCheckpoint()
        defer { writeError = nil }
        return writeError
    }
}
