import IGMPGuardKit
import ArgumentParser
import IGMP
import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct LiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Capture on a network interface and report suspicious and hostile IGMP and MLD as it arrives.",
        discussion: """
        The interface is opened with libpcap in immediate mode, and a kernel
        filter keeps only IPv4 protocol 2 (IGMP, fragments included) and IPv6
        whose first header is an extension header or ICMPv6 of an MLD type
        (also behind one or two VLAN tags on Ethernet), so all other traffic
        is dropped before it reaches igmpguard. --filter narrows that further.
        Packets are judged against the same rules as `igmpguard scan` and
        printed in the same formats, a line flushed per packet.

        Capturing needs root, or CAP_NET_RAW and CAP_NET_ADMIN on the binary:
          sudo setcap cap_net_raw,cap_net_admin=eip "$(command -v igmpguard)"
        With --user, root is given up right after the interface is opened
        (the evidence file is then created as that user), as tcpdump -Z does.

        STOPPING
          --count, --duration, SIGINT (Ctrl-C) or SIGTERM end the capture
          cleanly: the summary is printed and the evidence file closed. A
          second SIGINT or SIGTERM exits at once (status 130 or 143).

        LOG ROTATION
          The --output and --evidence files are capped in size, as tcpdump
          -C/-W caps its files: a full file becomes FILE.1 (older ones
          FILE.2 ... FILE.N, the oldest removed) and a new one is started.
          By default 256 MiB and 8 kept, so each file takes at most 9 x 256
          MiB (2.25 GiB) of disk. SIGHUP reopens the --output file and the --evidence files that
          were moved away (renamed or removed) since they were opened, as
          Suricata does with eve.json: logrotate's postrotate sends it. A
          file still at its path is written on; evidence files are closed
          whole before new ones are made. One line on stderr says what was
          reopened.

        ALERT FLOODS
          A flood of one hostile kind would print an alert a packet. With
          --alert-limit N/SECONDS (default 10/60), each rule prints at most
          N alerts per source address in SECONDS, and 10 N over all
          sources; a packet is printed while any of its rules is under its
          limits, so a flood never hides another rule's first alerts. Of
          each burst the first --evidence-limit packets (default 100) are
          kept as evidence. What is held back is counted in the statistics
          and the summary (suppressed, per rule); the verdict counts and
          the exit status count every packet.

        STATISTICS
          Every --stats-interval seconds and at the end: packets seen (after
          the kernel filter), IGMP packets, clean/suspicious/hostile, and
          libpcap's counters: received (passed the kernel filter), dropped
          (the kernel buffer was full: igmpguard fell behind) and dropped by
          the interface. Text output prints periodic counts on stderr and the
          final ones after the summary table; ndjson prints "event":"stats"
          objects and an "event":"summary" at the end; eve prints Suricata
          "stats" events.

        EXIT STATUS
          0  no hostile packet
          1  at least one hostile packet
          2  an error: bad usage, no such interface, interface down, no
             permission, bad filter, or the capture broke off (what was found
             before is still printed and written)
        """
    )

    @Option(name: [.short, .customLong("interface")], help: ArgumentHelp("An interface to capture on (see: igmpguard interfaces); repeat it for several, each counted and judged as its own segment.", valueName: "IFACE"),
            completion: .custom { _, _, _ in (try? CaptureInterface.all().map(\.name)) ?? [] })
    var interfaces: [String]

    @Option(name: .long, help: "Stop after this many packets (counted after the kernel filter).")
    var count: Int?

    @Option(name: .long, help: ArgumentHelp("Stop after this many seconds.", valueName: "SECONDS"))
    var duration: Double?

    @OptionGroup var output: OutputOptions

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Append the events (in --format) to this file instead of standard output; a SIGHUP reopens it once it has been moved away (logrotate). Created with mode 0600; a symbolic link, a FIFO or device, a file with other hard links and another user's file are refused.", valueName: "FILE"),
            completion: .file())
    var outputFile: String?

    @Option(name: .customLong("output-max-size"), help: ArgumentHelp("Start a new --output file once it holds this much (bytes, or with k, M, G): the full one becomes FILE.1, older ones FILE.2 and up. 0: no limit.", valueName: "SIZE"))
    var outputMaximumSize = ByteCount(bytes: 256 << 20)

    @Option(name: .customLong("output-files"), help: ArgumentHelp("Full --output files kept (FILE.1 ... FILE.N); the oldest is removed.", valueName: "N"))
    var outputFiles = 8

    @Option(name: .customLong("evidence-max-size"), help: ArgumentHelp("Start a new evidence file once it holds this much (bytes, or with k, M, G): the full one becomes OUT.pcapng.1, older ones .2 and up. 0: no limit.", valueName: "SIZE"))
    var evidenceMaximumSize = ByteCount(bytes: 256 << 20)

    @Option(name: .customLong("alert-limit"), help: ArgumentHelp("At most N alerts per rule per source address in each SECONDS (and 10 N per rule over all sources); the rest are counted as suppressed in the statistics. off: every alert.", valueName: "N/SECONDS|off"))
    var alertLimit = AlertLimitArgument(limit: AlertLimit.live)

    @Option(name: .customLong("evidence-limit"), help: ArgumentHelp("Of each rule's and source's burst, the first M packets are kept as evidence (10 M per rule); with --alert-limit off, all.", valueName: "M"))
    var evidenceLimit = AlertLimit.live.evidence

    @Option(name: .customLong("evidence-files"), help: ArgumentHelp("Full evidence files kept (OUT.pcapng.1 ... .N); the oldest is removed.", valueName: "N"))
    var evidenceFiles = 8

    @OptionGroup(title: "Traffic across packets") var context: ContextOptionGroup

    @Flag(name: .long, help: "Put the interface in promiscuous mode (see traffic addressed to other hosts on a hub or mirror port).")
    var promiscuous = false

    @Option(name: .long, help: ArgumentHelp("Only look at packets that also match this BPF expression (tcpdump syntax).", valueName: "BPF"))
    var filter: String?

    @Option(name: .customLong("stats-interval"), help: ArgumentHelp("Report counts every this many seconds (at least 0.1).", valueName: "SECONDS"))
    var statsInterval: Double?

    @Option(name: .long, help: ArgumentHelp("After opening the interface, give up root and run as this user.", valueName: "NAME"),
            completion: .shellCommand("cut -d: -f1 /etc/passwd"))
    var user: String?

    @Option(name: [.short, .customLong("snapshot-length")], help: ArgumentHelp("Bytes kept per packet (default: the interface's MTU plus link and VLAN headers, which holds any frame it can receive).", valueName: "BYTES"))
    var snapshotLength: Int?

    @Option(name: .customLong("buffer-size"), help: ArgumentHelp("Kernel capture buffer, in MiB: bursts that outrun igmpguard queue here.", valueName: "MIB"))
    var bufferSize = 32

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1.") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be more than 0 seconds.") }
        if let statsInterval, !(statsInterval >= 0.1 && statsInterval.isFinite) {
            throw ValidationError("--stats-interval must be at least 0.1 seconds.")
        }
        if !(1...2048).contains(bufferSize) { throw ValidationError("--buffer-size must be 1 to 2048 MiB.") }
        if let snapshotLength, !(128...262_144).contains(snapshotLength) { throw ValidationError("--snapshot-length must be 128 to 262144 bytes.") }
        if interfaces.isEmpty || interfaces.contains(where: \.isEmpty) { throw ValidationError("Name an interface with -i.") }
        if Set(interfaces).count != interfaces.count { throw ValidationError("An interface is named twice with -i.") }
        if interfaces.count > 64 { throw ValidationError("At most 64 interfaces (-i) in one process.") }
        if !(1...1_000_000).contains(evidenceLimit) { throw ValidationError("--evidence-limit must be 1 to 1000000.") }
        for (name, files) in [("--output-files", outputFiles), ("--evidence-files", evidenceFiles)] where !(0...10_000).contains(files) {
            throw ValidationError("\(name) must be 0 to 10000.")
        }
        for (name, size) in [("--output-max-size", outputMaximumSize), ("--evidence-max-size", evidenceMaximumSize)]
            where size.bytes != 0 && size.bytes < 4096 {
            throw ValidationError("\(name) must be 0 (no limit) or at least 4k.")
        }
    }

    func run() throws {
        // A SIGHUP (logrotate's reload) while the interfaces open must not end the process: ignored until the
        // handler that reopens the files is installed.
        signal(SIGHUP, SIG_IGN)
        let out = StandardOutput()
        out.lineFlush = true

        var options = LiveCapture.Options()
        options.promiscuous = promiscuous
        options.bufferSize = bufferSize << 20
        options.snapshotLength = snapshotLength
        // Every interface is opened, and its filter installed, before any packet is read: one that cannot be is an
        // error at the start, not a sensor half listening.
        var captures: [(capture: LiveCapture, filter: String)] = []
        do {
            for interface in interfaces {
                let capture = try LiveCapture(interface: interface, options: options)
                let igmp = LiveCapture.defaultFilter(for: capture.linkType)
                let kernelFilter = filter.map { "(\(igmp)) and (\($0))" } ?? igmp
                try capture.setFilter(kernelFilter)
                captures.append((capture, kernelFilter))
            }
        } catch {
            printError(error.description)
            throw ExitCode(ExitStatus.error)
        }
        if let user {
            do { try Privileges.drop(to: user) } catch {
                printError(error.description)
                throw ExitCode(ExitStatus.error)
            }
        }
        // The events and evidence files are created after giving up root, as tcpdump does, so they belong to --user.
        var eventFile: AppendedFile? = nil
        if let outputFile {
            do { eventFile = try AppendedFile(path: outputFile, what: "output") } catch {
                printError(error.description)
                throw ExitCode(ExitStatus.error)
            }
            out.redirect(to: eventFile!.descriptor)
        }
        // A live capture never empties evidence: a file an earlier run left (a restarted sensor) is moved aside first.
        if let evidence = output.evidence {
            do { try EvidenceWriter.setAside(evidence, keep: evidenceFiles) } catch {
                printError(error.description)
                throw ExitCode(ExitStatus.error)
            }
        }
        let recorder = try output.makeRecorder(out: out, errors: StandardOutput(fileDescriptor: STDERR_FILENO, lineFlush: true))
        recorder.flushEvidence = true
        var limit = alertLimit.limit
        limit?.evidence = evidenceLimit
        if evidenceMaximumSize.bytes > 0 {
            recorder.evidence?.maximumFileSize = evidenceMaximumSize.bytes
            recorder.evidence?.keptFiles = evidenceFiles
        }
        // Nothing from here on needs a capability: packets are parsed without any.
        do { try Privileges.dropCapabilities() } catch {
            printError(error.description)
            throw ExitCode(ExitStatus.error)
        }
        Interrupts.install(breaking: captures.map(\.capture.loopBreaker))
        for (capture, kernelFilter) in captures {
            printError("listening on \(capture.interface), link-type \(capture.linkType.name), "
                + "snapshot length \(capture.snapshotLength) bytes, kernel filter: \(kernelFilter)")
            if let warning = capture.warning { printError("\(capture.interface): warning: \(warning)") }
        }

        let monitor = LiveMonitor(captures: captures.map(\.capture), recorder: recorder, context: try context.options(), limit: limit)
        monitor.eventFile = eventFile.map { ($0, out) }
        if outputMaximumSize.bytes > 0 { monitor.eventRotation = (outputMaximumSize.bytes, outputFiles) }
        _ = monitor.run(count: count, duration: duration, statsInterval: statsInterval)
        for statistics in monitor.statistics(traffic: true) { recorder.reporter.report(.statistics(statistics, final: true)) }
        // A signal from here on must not reach the handle being closed: the handler only counts it (a second still
        // exits at once).
        Interrupts.detach()
        for (capture, _) in captures { capture.close() }
        Self.pauseForShutdownTest()
        var failed = !recorder.finish(errors: StandardOutput(fileDescriptor: STDERR_FILENO, lineFlush: true)) || monitor.evidenceFailed
            || monitor.outputFailed || out.writeErrors > 0
        if !monitor.failures.isEmpty {
            // One interface: its failure is said after its summary (several: each was said as it broke).
            if captures.count == 1 { monitor.failures.forEach { printError($0) } }
            failed = true
        }
        if failed { throw ExitCode(ExitStatus.error) }
        if recorder.sawHostile { throw ExitCode(ExitStatus.hostileFound) }
    }

    /// For the tests only: with `IGMPGUARD_TEST_PAUSE_AFTER_CLOSE_MS` set, says on stderr that the capture is closed
    /// and waits that long, so that a test can send a signal after the handle is gone (it must not touch it).
    static func pauseForShutdownTest() {
        guard let value = getenv("IGMPGUARD_TEST_PAUSE_AFTER_CLOSE_MS"), let milliseconds = Int(String(cString: value)),
              (1...10_000).contains(milliseconds) else { return }
        printError("test: the capture is closed")
        usleep(UInt32(milliseconds) * 1000)
    }
}
