import Foundation
import IGMPCapture
import IGMPSamples
import Testing

/// `live` as a sensor: `--output` and `--evidence` across log rotation (SIGHUP reopens the files moved away, no line
/// or packet lost or torn; the logrotate file shipped in docs/systemd/ rotates a running capture), size caps, the
/// shipped service unit, and alert floods held to `--alert-limit` without hiding another rule's alerts.
@Suite(.serialized, .enabled(if: NetworkLab.unavailableReason == nil, "\(NetworkLab.unavailableReason ?? "")"))
struct LiveSensorTests {
    /// Runs `body` with a fresh lab and a folder for the test's files, both removed whatever happens.
    static func inLab(_ body: (NetworkLab, URL) throws -> Void) throws {
        let lab = try NetworkLab()
        defer { lab.removeAll() }
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(lab, dir)
    }

    /// The lines of a file (none when it is missing).
    static func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
    }

    static func objects(_ path: String) -> [[String: Any]] {
        lines(path).compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Packets libpcap reads from an evidence file.
    static func evidencePackets(_ path: String) throws -> Int {
        let reader = try CaptureReader(path: path)
        var frames = 0
        try reader.forEachPacket { _, _ in frames += 1; return true }
        return frames
    }

    static func packetEvents(_ path: String) -> Int { objects(path).filter { $0["event"] as? String == "packet" }.count }

    /// Hostile frames sent before and after the rotation: ms06-007's 5, then the fragmented pair and ms06-007 again.
    static let before = ["hostile-ms06-007.pcap"], beforeCount = 5
    static let after = ["hostile-fragmented-igmp.pcap", "hostile-ms06-007.pcap"], afterCount = 7

    @Test func sighupReopensTheFilesMovedAwayAndLosesNothing() throws {
        try Self.inLab { lab, dir in
            let events = dir.appendingPathComponent("events.ndjson").path
            let evidence = dir.appendingPathComponent("live.pcapng").path
            let live = try LiveRun(lab: lab, ["--format", "ndjson", "--output", events, "--evidence", evidence, "--alert-limit", "off",
                                              "--duration", "30"])
            let pid = live.process.processIdentifier

            try lab.replay(Self.before)
            #expect(live.waitFor({ _ in Self.packetEvents(events) == Self.beforeCount }, seconds: 10), "\(Self.lines(events))")
            // A SIGHUP with nothing moved keeps writing the same files: nothing emptied, nothing lost.
            kill(pid, SIGHUP)
            #expect(live.waitFor({ $0.stderr.contains("SIGHUP: no file was moved away") }, seconds: 5), "\(live.stderr)")
            #expect(Self.packetEvents(events) == Self.beforeCount)

            // Rotated: moved away, then SIGHUP. The old files are complete; new ones are made at the paths.
            try FileManager.default.moveItem(atPath: events, toPath: events + ".1")
            try FileManager.default.moveItem(atPath: evidence, toPath: evidence + ".1")
            kill(pid, SIGHUP)
            #expect(live.waitFor({ $0.stderr.contains("SIGHUP: reopened \(events), \(evidence)") }, seconds: 5), "\(live.stderr)")
            #expect(FileManager.default.fileExists(atPath: evidence), "the evidence file is made anew at once")
            try lab.replay(Self.after)
            #expect(live.waitFor({ _ in Self.packetEvents(events) == Self.afterCount }, seconds: 10), "\(Self.lines(events))")
            kill(pid, SIGINT)
            #expect(live.finish() == 1, "\(live.stderr)")
            #expect(live.stdout.isEmpty, "events go to the file only: \(live.stdout)")

            // Every line whole and in one file or the other; the summary in the file open at the end.
            let old = Self.objects(events + ".1"), new = Self.objects(events)
            #expect(old.count == Self.lines(events + ".1").count && new.count == Self.lines(events).count, "a torn line")
            #expect(old.count == Self.beforeCount && old.allSatisfy { $0["event"] as? String == "packet" })
            #expect(new.filter { $0["event"] as? String == "packet" }.count == Self.afterCount)
            let summary = try #require(new.last)
            #expect(summary["event"] as? String == "summary")
            #expect(summary["hostile"] as? Int == Self.beforeCount + Self.afterCount)
            #expect(try Self.evidencePackets(evidence + ".1") == Self.beforeCount)
            #expect(try Self.evidencePackets(evidence) == Self.afterCount)
            for path in [events, evidence] {
                let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
                #expect(mode == 0o600, "\(path): \(String(mode, radix: 8))")
            }
        }
    }

    /// --output-max-size/--output-files and --evidence-max-size/--evidence-files: full files move to .1, .2 ..., the
    /// oldest beyond the count removed; each file ends on a whole line or packet, and what is kept is the newest.
    @Test func sizeCapsRotateTheFilesAndKeepTheNewest() throws {
        try Self.inLab { lab, dir in
            let events = dir.appendingPathComponent("events.ndjson").path
            let evidence = dir.appendingPathComponent("live.pcapng").path
            let rounds = 20, sent = rounds * Self.beforeCount
            let live = try LiveRun(lab: lab, ["--format", "ndjson", "--alert-limit", "off", "--output", events, "--output-max-size", "4k", "--output-files", "2",
                                              "--evidence", evidence, "--evidence-max-size", "4k", "--evidence-files", "2",
                                              "--count", String(sent), "--duration", "30"])
            try lab.replay(Array(repeating: Self.before[0], count: rounds))
            #expect(live.finish() == 1, "\(live.stderr)")
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            #expect(names == ["events.ndjson", "events.ndjson.1", "events.ndjson.2", "live.pcapng", "live.pcapng.1", "live.pcapng.2"], "\(names)")
            // Oldest first: .2, .1, the current file. The packet lines kept are the newest, numbered on to the last.
            var frames: [Int] = []
            for path in [events + ".2", events + ".1", events] {
                let lines = Self.lines(path), objects = Self.objects(path)
                #expect(lines.count == objects.count, "\(path): a torn line")
                if path != events {
                    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                    #expect(size >= 4096 && size - (lines.last?.utf8.count ?? 0) - 1 < 4096, "\(path): \(size) bytes")
                }
                frames += objects.filter { $0["event"] as? String == "packet" }.compactMap { $0["frame"] as? Int }
            }
            #expect(!frames.isEmpty && frames == Array((sent - frames.count + 1)...sent), "\(frames)")
            #expect(Self.objects(events).last?["hostile"] as? Int == sent, "the summary counts every packet")
            // Evidence: every file read whole by libpcap, each full one closed with the packet that passed the cap; the
            // packets kept are the newest, numbered on to the last (the frame numbers in their comments).
            let kept = try [evidence + ".2", evidence + ".1", evidence].map { try Self.evidencePackets($0) }
            #expect(kept.allSatisfy { $0 > 0 } && kept.reduce(0, +) < sent, "\(kept)")
            for path in [evidence + ".2", evidence + ".1"] {
                let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                #expect(size >= 4096 && size < 4096 + 512, "\(path): \(size) bytes")
            }
            if let tshark = Tool.tsharkPath {
                var numbers: [Int] = []
                for path in [evidence + ".2", evidence + ".1", evidence] {
                    let comments = try NetworkLab.run([tshark, "-r", path, "-T", "fields", "-e", "frame.comment"]).stdout
                    numbers += comments.split(separator: "\n").compactMap { line in
                        line.range(of: " frame ").flatMap { Int(line[$0.upperBound...].prefix { $0.isNumber }) }
                    }
                }
                #expect(numbers == Array((sent - numbers.count + 1)...sent), "\(numbers)")
            }
        }
    }

    @Test func badRotationAndAlertLimitsAreUsageErrors() throws {
        let binary = Tool.buildDirectory.appendingPathComponent("igmpguard").path
        for (arguments, message) in [(["--output-max-size", "12x"], "--output-max-size"), (["--evidence-max-size", "100"], "at least 4k"),
                                     (["--output-files", "-1"], "--output-files"), (["--alert-limit", "10"], "--alert-limit"),
                                     (["--alert-limit", "0/60"], "--alert-limit"), (["--alert-limit", "5/0.5"], "--alert-limit"),
                                     (["--evidence-limit", "0"], "--evidence-limit"), (["-i", "lo"], "named twice")] {
            let result = try Tool.execute([binary, "live", "-i", "lo"] + arguments)
            #expect(result.status == 2 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    /// A flood of one hostile kind from one source: its alerts stop at the limit, the next kind's are all printed,
    /// the evidence keeps the first of the burst, and the statistics count what was held back (EVE: Suricata's
    /// `detect.alerts_suppressed`, valid against its schema).
    @Test func aFloodIsHeldToTheAlertLimitWithoutHidingAnotherRule() throws {
        try Self.inLab { lab, dir in
            let evidence = dir.appendingPathComponent("live.pcapng").path
            let flood = 40 * Self.beforeCount, fragments = 2
            let live = try LiveRun(lab: lab, ["--format", "eve", "--alert-limit", "5/60", "--evidence-limit", "8", "--evidence", evidence,
                                              "--count", String(flood + fragments), "--duration", "30"])
            try lab.replay(Array(repeating: Self.before[0], count: 40) + ["hostile-fragmented-igmp.pcap"])
            #expect(live.finish() == 1, "\(live.stderr)")
            let alerts = live.objects.filter { $0["event_type"] as? String == "alert" }
            let signatures = alerts.compactMap { ($0["alert"] as? [String: Any])?["signature"] as? String }
            #expect(signatures.filter { $0.contains("ms06-007") }.count == 5, "\(signatures)")
            #expect(signatures.filter { $0.contains("fragmented") }.count == fragments, "the other rule's alerts all printed: \(signatures)")
            #expect(try Self.evidencePackets(evidence) == 8 + fragments)
            let stats = try #require(live.objects.last { $0["event_type"] as? String == "stats" }?["stats"] as? [String: Any])
            let detect = try #require(stats["detect"] as? [String: Any])
            #expect(detect["alert"] as? Int == 5 + fragments)
            #expect(detect["alerts_suppressed"] as? Int == flood - 5)
            if SuricataSchema.unavailableReason == nil {
                #expect(try SuricataSchema.errors(in: live.stdout).isEmpty)
            }
        }
    }

    /// `-i A -i B`: each interface's packets carry its name, each has its own summary (and its own traffic model), and
    /// when one goes away mid-capture it is said at once and the other goes on; the run then ends with status 2.
    @Test func severalInterfacesAreJudgedApartAndOneFailingLeavesTheOthers() throws {
        let lab = try NetworkLab()
        defer { lab.removeAll() }
        let second = try lab.addPair("b")
        let live = try LiveRun(lab: lab, ["-i", second.listening, "--format", "ndjson", "--alert-limit", "off", "--duration", "30"])
        // The first interface's line is the one the start waited for; the second's may follow it.
        #expect(live.waitFor({ $0.stderr.contains("listening on \(second.listening),") }, seconds: 10), "\(live.stderr)")
        try lab.replay(Self.before)
        try lab.replay(["hostile-fragmented-igmp.pcap", "benign-mix.pcap"], interface: second.sending)
        let packets = { (run: LiveRun, interface: String) in
            run.objects.filter { $0["event"] as? String == "packet" && $0["interface"] as? String == interface }.count
        }
        let benign = try #require(SampleCatalog.all.first { $0.fileName == "benign-mix.pcap" }).packets.filter { $0.isJudged && $0.verdict != .clean }.count
        #expect(live.waitFor({ packets($0, lab.listenerInterface) == Self.beforeCount && packets($0, second.listening) == 2 + benign }, seconds: 10),
                "\(live.stdout)")
        try lab.ip(["-n", lab.sender, "link", "del", second.sending]) // takes its peer with it
        #expect(live.waitFor({ $0.stderr.contains("igmpguard: \(second.listening): capture failed: ") }, seconds: 10), "\(live.stderr)")
        #expect(live.stderr.contains("(the other interfaces go on)"))
        try lab.replay(Self.before)
        #expect(live.waitFor({ packets($0, lab.listenerInterface) == 2 * Self.beforeCount }, seconds: 10), "the first interface goes on: \(live.stdout)")
        kill(live.process.processIdentifier, SIGINT)
        #expect(live.finish() == 2, "an interface failed: \(live.stderr)")
        let summaries = live.objects.filter { $0["event"] as? String == "summary" }
        #expect(summaries.compactMap { $0["interface"] as? String } == [lab.listenerInterface, second.listening])
        #expect(summaries.first?["hostile"] as? Int == 2 * Self.beforeCount)
        #expect(summaries.last?["hostile"] as? Int == 2)
        // Each interface has its own traffic model: the querier of benign-mix, sent only on the second, is in the
        // second's segments and not in the first's.
        let queriers = summaries.map { (($0["segments"] as? [[String: Any]]) ?? []).flatMap { ($0["queriers"] as? [[String: Any]]) ?? [] } }
        #expect(queriers.count == 2 && queriers[0].isEmpty && !queriers[1].isEmpty, "\(queriers)")

        // --count counts over every interface, exactly.
        let third = try lab.addPair("c")
        let counted = try LiveRun(lab: lab, ["-i", third.listening, "--format", "ndjson", "--alert-limit", "off", "--count", "7", "--duration", "30"])
        try lab.replay(Self.before)
        try lab.replay(Self.before, interface: third.sending)
        #expect(counted.finish() == 1, "\(counted.stderr)")
        let total = counted.objects.filter { $0["event"] as? String == "summary" }.compactMap { $0["packets"] as? Int }.reduce(0, +)
        #expect(total == 7, "\(counted.stdout)")
    }

    /// The file named by --output is refused as evidence is: never written through a symbolic link.
    @Test func anOutputFileThatIsASymbolicLinkIsRefused() throws {
        try Self.inLab { lab, dir in
            let target = dir.appendingPathComponent("target").path
            let link = dir.appendingPathComponent("events.json").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            let result = try NetworkLab.run(lab.inNamespace(lab.listener, [Tool.buildDirectory.appendingPathComponent("igmpguard").path,
                                                                           "live", "-i", lab.listenerInterface, "--output", link,
                                                                           "--duration", "1"]))
            #expect(result.status == 2)
            #expect(result.stderr.contains("igmpguard: \(link): cannot open: is a symbolic link"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: target))
        }
    }

    /// docs/systemd/igmpguard.logrotate, as shipped (its paths pointed at a test folder, its postrotate at this
    /// capture's process), run by the real logrotate against a running capture.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/logrotate"), "logrotate is not installed"))
    func theShippedLogrotateConfigurationRotatesARunningCapture() throws {
        let shipped = try String(contentsOf: Tool.repositoryRoot.appendingPathComponent("docs/systemd/igmpguard.logrotate"), encoding: .utf8)
        let manual = try String(contentsOf: Tool.repositoryRoot.appendingPathComponent("docs/live.md"), encoding: .utf8)
        #expect(manual.contains(shipped.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")),
                "docs/live.md shows the shipped configuration")
        try Self.inLab { lab, dir in
            let events = dir.appendingPathComponent("\(lab.listenerInterface).eve.json").path
            let evidence = dir.appendingPathComponent("\(lab.listenerInterface).pcapng").path
            // As docs/live.md says to run it with logrotate: the size caps off.
            let live = try LiveRun(lab: lab, ["--format", "eve", "--output", events, "--evidence", evidence, "--alert-limit", "off",
                                              "--output-max-size", "0", "--evidence-max-size", "0", "--duration", "30"])
            let pid = live.process.processIdentifier
            let postrotate = "systemctl reload 'igmpguard@*.service' > /dev/null 2>&1 || true"
            #expect(shipped.contains(postrotate))
            let configuration = shipped.replacingOccurrences(of: "/var/log/igmpguard", with: dir.path)
                .replacingOccurrences(of: postrotate, with: "kill -HUP \(pid)")
            let conf = dir.appendingPathComponent("igmpguard.logrotate").path
            try configuration.write(toFile: conf, atomically: true, encoding: .utf8)

            try lab.replay(Self.before)
            let alerts = { (path: String) in Self.objects(path).filter { $0["event_type"] as? String == "alert" }.count }
            #expect(live.waitFor({ _ in alerts(events) == Self.beforeCount }, seconds: 10), "\(Self.lines(events))")
            let rotate = try NetworkLab.run(["/usr/sbin/logrotate", "-f", "-s", dir.appendingPathComponent("state").path, conf])
            #expect(rotate.status == 0, "\(rotate.stderr)")
            #expect(live.waitFor({ $0.stderr.contains("SIGHUP: reopened") }, seconds: 5), "\(live.stderr)")
            try lab.replay(Self.after)
            #expect(live.waitFor({ _ in alerts(events) == Self.afterCount }, seconds: 10), "\(Self.lines(events))")
            kill(pid, SIGINT)
            #expect(live.finish() == 1, "\(live.stderr)")

            // delaycompress: the first rotation leaves .1 uncompressed. Each alert is in exactly one file.
            #expect(Self.lines(events + ".1").count == Self.objects(events + ".1").count, "a torn line")
            #expect(alerts(events + ".1") == Self.beforeCount, "one alert a packet")
            #expect(try Self.evidencePackets(evidence + ".1") == Self.beforeCount)
            #expect(try Self.evidencePackets(evidence) == Self.afterCount)
            #expect(Self.objects(events).contains { $0["event_type"] as? String == "stats" })
        }
    }

    /// docs/systemd/igmpguard@.service passes `systemd-analyze verify`, and its command line is one `live` accepts.
    @Test func theShippedServiceUnitVerifiesAndItsCommandLineParses() throws {
        let unit = try String(contentsOf: Tool.repositoryRoot.appendingPathComponent("docs/systemd/igmpguard@.service"), encoding: .utf8)
        let binary = Tool.buildDirectory.appendingPathComponent("igmpguard").path
        let execStart = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        let arguments = execStart.dropFirst("ExecStart=".count).split(separator: " ").dropFirst().map {
            $0.replacingOccurrences(of: "%I", with: "igg-no-such0").replacingOccurrences(of: "/var/log/igmpguard", with: "/nonexistent")
        }
        // The parser takes every option; what fails is opening the interface, which exists only on a sensor.
        let parsed = try Tool.execute([binary] + arguments)
        #expect(parsed.status == 2 && parsed.stderr.contains("igg-no-such0"), "\(parsed.stderr)")
        #expect(!parsed.stderr.contains("Error:") && !parsed.stderr.contains("Usage:"), "\(parsed.stderr)")
        guard let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("skipped: systemd-analyze is not installed, the unit is not verified")
            return
        }
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let instance = dir.appendingPathComponent("igmpguard@eth0.service").path
        // verify checks that the command exists: the built binary stands for the installed one. The man page is
        // checked apart (scripts/generate-manual.sh --check), not installed here.
        try unit.replacingOccurrences(of: "/usr/local/bin/igmpguard", with: binary).write(toFile: instance, atomically: true, encoding: .utf8)
        let verify = try NetworkLab.run([analyze, "verify", "--man=no", instance])
        #expect(verify.status == 0 && verify.stderr.isEmpty, "\(verify.stdout)\(verify.stderr)")
        let security = try NetworkLab.run([analyze, "security", "--offline=yes", instance])
        let exposure = security.stdout.split(separator: "\n").last { $0.contains("Overall exposure level") }
        let level = exposure.flatMap { line in line.split(separator: " ").compactMap { Double($0) }.first }
        #expect(level.map { $0 <= 2.5 } == true, "\(security.stdout.suffix(400))")
    }
}
