import IGMPGuardKit
import ArgumentParser
import IGMPCapture

/// Output format, --all and --evidence: the same for `scan` and `live`, and so is what they build.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: text, ndjson or eve.")
    var format: OutputFormat = .text

    @Flag(name: .long, help: "Print every IGMP and MLD packet, clean ones included (eve: info findings too).")
    var all = false

    @Option(name: .long, help: ArgumentHelp("Write every suspicious or hostile packet to this pcapng file, each with a comment naming its rules (live: flushed per packet). Packets of a second link type go to OUT-LINKTYPE.pcapng. A new file is created with mode 0600 (it holds captured traffic); a symbolic link, a FIFO or device, a file with other hard links and another user's file are refused, never written through.", valueName: "OUT.pcapng"),
            completion: .file(extensions: ["pcapng"]))
    var evidence: String?

    /// The reporter and the packet recorder (with its evidence file, created now) for these options. A file that
    /// cannot be created is one error line on stderr and exit status 2.
    func makeRecorder(out: StandardOutput, errors: StandardOutput) throws -> PacketRecorder {
        do {
            return try PacketRecorder(format: format, reportAll: all, evidence: evidence, out: out, errors: errors)
        } catch {
            errors.errorLine(error.description)
            throw ExitCode(ExitStatus.error)
        }
    }
}
