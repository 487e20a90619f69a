import IGMP
import IGMPCapture

/// Scans capture files: validates every packet, reports the flagged ones (or all IGMP with `--all`), writes evidence,
/// and keeps per-file statistics. A read error ends that file only, after everything before it was reported.
final class Scanner {
    let reporter: Reporter
    let evidence: EvidenceWriter?
    let reportAll: Bool
    let filter: String?
    /// Whether the reporter prints the decoded message as JSON.
    let wantsJSON: Bool
    private(set) var sawHostile = false
    private(set) var sawError = false

    init(reporter: Reporter, evidence: EvidenceWriter?, reportAll: Bool, filter: String?, wantsJSON: Bool) {
        self.wantsJSON = wantsJSON
        self.reporter = reporter
        self.evidence = evidence
        self.reportAll = reportAll
        self.filter = filter
    }

    /// Scans one file. Errors are reported (stderr and the reporter) and remembered for the exit status.
    func scan(path: String, out: StandardOutput) {
        let reader: CaptureReader
        do {
            reader = try CaptureReader(path: path)
            if let filter { try reader.setFilter(filter) }
        } catch {
            fail(path: path, error, out: out)
            return
        }
        var stats = FileStatistics()
        var progress = Progress(fileSize: reader.fileSize)
        let linkType = reader.linkType
        let snapshotLength = reader.snapshotLength
        var writeError: CaptureError? = nil
        var findings = FindingBuffer() // reused: emptying it is O(1)
        do {
            try reader.forEachPacket { frame, info in
                if info.isTruncated { stats.truncated += 1 }
                if progress.enabled && info.frameNumber % 4096 == 0 { progress.update(reader.fileOffset) }
                guard Validator.mayCarryIGMP(frame, linkType: linkType) else { return true }
                findings.removeAll()
                let inspection = Validator.validate(frame: frame, linkType: linkType, wireLength: info.wireLength, into: &findings)
                guard inspection.isIGMP else { return true }
                record(inspection, &findings, frame: frame, info: info, file: path, linkType: linkType,
                       snapshotLength: snapshotLength, stats: &stats, writeError: &writeError)
                return true
            }
        } catch let error as CaptureError {
            progress.finish()
            fail(path: path, error, out: out)
        } catch {
            progress.finish()
            fail(path: path, CaptureError(.corrupt, path: path, detail: "\(error)"), out: out)
        }
        progress.finish()
        if let writeError { fail(path: writeError.path, writeError, out: out) }
        // Statistics for whatever was read, even when the file ended in an error. Packets counts every packet of the
        // file, filtered out or not, like the frame numbers.
        stats.packets = reader.packetsRead
        reporter.summary(file: path, stats)
        reader.close()
    }

    /// Counts, reports and keeps the evidence of one IGMP packet. Out of line: most packets are not IGMP, and the
    /// per-packet loop stays small without this.
    @inline(never)
    func record(_ inspection: Inspection, _ findings: inout FindingBuffer, frame: RawSpan, info: PacketInfo, file path: String,
                linkType: LinkType, snapshotLength: Int, stats: inout FileStatistics, writeError: inout CaptureError?) {
        stats.record(inspection, &findings)
        if inspection.verdict == .hostile { sawHostile = true }
        if inspection.verdict != .clean || reportAll {
            reporter.packet(PacketEvent(file: path, info: info, inspection: inspection, findings: findings,
                                        description: PacketDescription(frame: frame, linkType: linkType, json: wantsJSON)))
        }
        if inspection.verdict != .clean, let evidence, writeError == nil {
            let comment = "igmpguard \(inspection.verdict): " + findings.array.map { "\($0.rule.id)@\($0.offset)" }.joined(separator: " ")
                + " (\(path) frame \(info.frameNumber))"
            do { try evidence.write(frame, linkType: linkType, snapshotLength: snapshotLength, info: info, comment: comment) }
            catch { writeError = error }
        }
    }

    func fail(path: String, _ error: CaptureError, out: StandardOutput) {
        sawError = true
        reporter.error(file: path, error)
        out.flush() // keep stdout and stderr in order for a reader of both
        printError(error.description)
    }
}
