import IGMP
import IGMPCapture

/// Scans capture files: validates every packet, hands IGMP ones to the recorder (reports, evidence), and keeps
/// per-file statistics. A read error ends that file only, after everything before it was reported.
final class Scanner {
    let recorder: PacketRecorder
    let filter: String?
    private(set) var sawError = false
    var sawHostile: Bool { recorder.sawHostile }
    var reporter: Reporter { recorder.reporter }

    init(recorder: PacketRecorder, filter: String?) {
        self.recorder = recorder
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
        let source = PacketSource.file(path)
        var findings = FindingBuffer() // reused: emptying it is O(1)
        do {
            try reader.forEachPacket { frame, info in
                if info.isTruncated { stats.truncated += 1 }
                if progress.enabled && info.frameNumber % 4096 == 0 { progress.update(reader.fileOffset) }
                // `validate` repeats these three loads, but ruling out the ~70% of frames that are not IGMP here,
                // before the buffer is emptied and a result made, measured 7 instructions a packet cheaper.
                guard Validator.mayCarryIGMP(frame, linkType: linkType) else { return true }
                findings.removeAll()
                let inspection = Validator.validate(frame: frame, linkType: linkType, wireLength: info.wireLength, into: &findings)
                guard inspection.isIGMP else { return true }
                recorder.record(inspection, &findings, frame: frame, info: info, source: source, linkType: linkType,
                                snapshotLength: snapshotLength, stats: &stats)
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
        if let writeError = recorder.takeWriteError() { fail(path: writeError.path, writeError, out: out) }
        // Statistics for whatever was read, even when the file ended in an error. Packets counts every packet of the
        // file, filtered out or not, like the frame numbers.
        stats.packets = reader.packetsRead
        reporter.summary(file: path, stats)
        reader.close()
    }

    func fail(path: String, _ error: CaptureError, out: StandardOutput) {
        sawError = true
        reporter.error(file: path, error)
        out.flush() // keep stdout and stderr in order for a reader of both
        printError(error.description)
    }
}
