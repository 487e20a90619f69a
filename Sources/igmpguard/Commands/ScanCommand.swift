import IGMPGuardKit
import ArgumentParser
import IGMP
import IGMPCapture

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan .pcap/.pcapng files and report suspicious and hostile IGMP and MLD packets.",
        discussion: """
        A CAPTURE is a file (pcap or pcapng, plain or compressed with gzip
        or zstd: told by its first bytes, not its name), a directory
        (every file under it, recursively, in name order; files that are
        not captures are skipped with a warning), or - for standard input
        (tcpdump -w - | igmpguard scan -).

        Every IPv4 protocol 2 packet (fragments included) is decoded and
        judged against the rule catalogue (see: igmpguard rules). Without
        --all only suspicious and hostile packets are printed; non-IGMP
        packets never are. Frame numbers count every packet of the file,
        as tcpdump -# and Wireshark do, also with --filter.

        FORMATS
          text    a line per packet, then a summary table per file
                  (colour only on a terminal, never with NO_COLOR)
          ndjson  one JSON object per line: "event":"packet" objects,
                  then "event":"summary" per file ("event":"error" for a
                  capture that could not be read)
          eve     Suricata EVE JSON alerts, one per warning or hostile
                  finding

        EXIT STATUS
          0  no hostile packet
          1  at least one hostile packet
          2  an error (usage, or a capture that could not be read: the
             other captures are still scanned, and what was found before
             the error is still printed and written)
        """
    )

    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Only look at packets matching this BPF expression (tcpdump syntax).", valueName: "BPF"))
    var filter: String?

    @Option(name: .long, help: ArgumentHelp(
        "1: read and judge packets on one thread. 2: one thread reads the file and another judges and prints the packets that may carry IGMP, in file order. Output is the same. (default: 2 when this process may run on two CPUs or more, otherwise 1; when no second thread can be started, the scan says so on stderr and uses one)",
        valueName: "N"))
    var threads: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Scan up to N files at once, each on its own thread (and each with one thread, unless --threads says otherwise). The output is exactly what scanning them one at a time prints, in command line order. (default: the CPUs this process may run on)",
        valueName: "N"))
    var jobs: Int?

    @OptionGroup(title: "Traffic across packets") var context: ContextOptionGroup

    @Flag(name: .long, help: "The captures are consecutive pieces of one capture (tcpdump -C or -G rotations): the traffic model carries from each to the next, in command-line order, and they are scanned one at a time. Otherwise each file is judged on its own.")
    var rotations = false

    @Argument(help: ArgumentHelp("Capture files (.pcap or .pcapng, plain, gzip or zstd), directories of them, or - for standard input.", valueName: "CAPTURE"),
              completion: .file())
    var captures: [String]

    /// More threads than this would be a typo, not a machine.
    static let maximumJobs = 1024

    func validate() throws {
        if captures.isEmpty { throw ValidationError("Name at least one capture file.") }
        if captures.filter({ $0 == ScanInput.standardInputName }).count > 1 {
            throw ValidationError("Standard input (-) can be read once only.")
        }
        if rotations && context.noContext { throw ValidationError("--rotations carries the traffic model, which --no-context turns off.") }
        if let threads, !(1...2).contains(threads) { throw ValidationError("--threads must be 1 or 2.") }
        if let jobs, !(1...ScanCommand.maximumJobs).contains(jobs) {
            throw ValidationError("--jobs must be between 1 and \(ScanCommand.maximumJobs).")
        }
    }

    func run() throws {
        let inputs = ScanInput.expand(captures)
        let cpus = usableCPUs()
        let jobs = jobs ?? cpus
        let contextOptions = try context.options(rotations: rotations)
        // Several files at once use the CPUs one file each; a single file keeps its two threads.
        let severalAtOnce = ScanInput.scanSeveralAtOnce(inputs, jobs: jobs, context: contextOptions)
        let session: ScanSession
        do {
            session = try ScanSession(format: output.format, reportAll: output.all, evidence: output.evidence,
                                      captures: ScanInput.paths(inputs), filter: filter,
                                      threads: threads ?? (!severalAtOnce && cpus >= 2 ? 2 : 1), context: contextOptions)
        } catch {
            printError(error.description)
            throw ExitCode(ExitStatus.error)
        }
        session.scan(inputs, jobs: jobs)
        let status = session.finish()
        if status != ExitStatus.clean { throw ExitCode(status) }
    }
}
