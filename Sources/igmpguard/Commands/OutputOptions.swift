import ArgumentParser
import IGMPCapture

/// Output format, --all and --evidence: the same for `scan` and `live`, and so is what they build.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: text, ndjson or eve.")
    var format: OutputFormat = .text

    @Flag(name: .long, help: "Print every IGMP packet, clean ones included (eve: info findings too).")
    var all = false

    @Option(name: .long, help: ArgumentHelp("Write every suspicious or hostile packet to this pcapng file, each with a comment naming its rules (live: flushed per packet). Packets of a second link type go to OUT-LINKTYPE.pcapng.", valueName: "OUT.pcapng"))
    var evidence: String?

    /// The reporter and the packet recorder (with its evidence file, created now) for these options. A file that
    /// cannot be created is one error line on stderr and exit status 2.
    func makeRecorder(out: StandardOutput) throws -> PacketRecorder {
        let reporter = format.reporter(out: out, all: all)
        var writer: EvidenceWriter? = nil
        if let evidence {
            do {
                writer = try EvidenceWriter(path: evidence)
                writer?.onNewFile = { path, linkType in
                    printError("note: \(linkType.name) packets go to \(path) (libpcap reads one link type per file)")
                }
            } catch {
                printError(error.description)
                throw ExitCode(ExitStatus.error)
            }
        }
        return PacketRecorder(reporter: reporter, evidence: writer, reportAll: all, wantsJSON: format == .ndjson)
    }

    /// Flushes the reporter and closes the evidence file; false (after an error line) when closing failed.
    func finish(_ recorder: PacketRecorder) -> Bool {
        recorder.reporter.finish()
        guard let writer = recorder.evidence else { return true }
        do { try writer.close() } catch {
            printError(error.description)
            return false
        }
        return true
    }
}
