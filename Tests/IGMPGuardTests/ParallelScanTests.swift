import Foundation
import IGMP
import IGMPCapture
import IGMPSamples
import Testing
@testable import IGMPGuardKit

/// `scan --jobs N`: several files at once, the output exactly what a one-at-a-time scan writes (stdout, stderr and
/// their interleaving, evidence, exit status), and memory bounded whatever the number of files.
@Suite struct ParallelScanTests {
    let dir: URL
    init() throws { dir = try Tool.temporaryDirectory() }

    /// Every sample capture, a compressed one, a directory, a missing file, a file that is not a capture.
    func mixedInputs() throws -> [String] {
        let names = try Tool.packetSampleCaptures()
        let samples = names.map { Tool.captures.appendingPathComponent($0).path }
        let notes = dir.appendingPathComponent("notes.txt").path
        try "not a capture\n".write(toFile: notes, atomically: true, encoding: .utf8)
        // A directory of captures and a file that is not one, as an analyst's folder holds them.
        let folder = dir.appendingPathComponent("folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in names.prefix(6) {
            try FileManager.default.copyItem(atPath: Tool.captures.appendingPathComponent(name).path,
                                             toPath: folder.appendingPathComponent(name).path)
        }
        try "notes\n".write(to: folder.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
        return samples + [dir.appendingPathComponent("missing.pcap").path, notes, folder.path]
    }

    /// Runs `scan` with `arguments` in its own folder (evidence files are named alike), stdout and stderr apart and
    /// together; returns every byte of it.
    func outcome(_ arguments: [String], jobs: Int, evidence: Bool) throws -> [String] {
        let work = dir.appendingPathComponent("jobs-\(jobs)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let binary = Tool.buildDirectory.appendingPathComponent("igmpguard").path
        let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
        let evidenceArgument = evidence ? "--evidence ev.pcapng" : ""
        let apart = try Tool.execute(["/bin/sh", "-c", "cd '\(work.path)' && '\(binary)' scan --jobs \(jobs) \(evidenceArgument) \(quoted); echo \"exit $?\" >&2"])
        var files: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() {
            let data = try Data(contentsOf: work.appendingPathComponent(name))
            files.append("\(name): \(data.base64EncodedString())")
            try FileManager.default.removeItem(at: work.appendingPathComponent(name))
        }
        let together = try Tool.execute(["/bin/sh", "-c", "cd '\(work.path)' && '\(binary)' scan --jobs \(jobs) \(quoted) 2>&1"])
        return [apart.stdout, apart.stderr, together.stdout] + files
    }

    @Test(arguments: [["--format", "text"], ["--format", "ndjson", "--all"], ["--format", "eve", "--all"]])
    func severalFilesAtOnceWriteExactlyWhatOneAtATimeWrites(format: [String]) throws {
        let inputs = try mixedInputs()
        let one = try outcome(format + inputs, jobs: 1, evidence: true)
        for jobs in [2, 5] {
            let many = try outcome(format + inputs, jobs: jobs, evidence: true)
            #expect(many.count == one.count, "evidence files: \(many.dropFirst(3)) vs \(one.dropFirst(3))")
            for (a, b) in zip(one, many) { #expect(a == b, "--jobs \(jobs) \(format)") }
        }
        #expect(one[1].contains("exit 2") && one[1].contains("missing.pcap: cannot open"))
    }

    /// The spool's bound: a file whose output outgrows it waits for the files before it and then goes on. With a
    /// spool of a few hundred bytes nearly every line takes that path, and the output is still the same.
    @Test func aFileWhoseOutputOutgrowsItsSpoolWaitsForItsTurn() throws {
        let captures = try Tool.packetSampleCaptures().map { ScanInput.file(Tool.captures.appendingPathComponent($0).path) }
        func run(jobs: Int, spool: Int) throws -> (String, String, Int32) {
            let outPath = dir.appendingPathComponent("out-\(jobs)-\(spool)").path
            let errPath = dir.appendingPathComponent("err-\(jobs)-\(spool)").path
            let outFD = open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            let errFD = open(errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            defer { close(outFD); close(errFD) }
            let evidence = dir.appendingPathComponent("ev-\(jobs)-\(spool).pcapng").path
            let session = try ScanSession(format: .ndjson, reportAll: true, evidence: evidence, filter: nil, threads: 1,
                                          out: StandardOutput(fileDescriptor: outFD),
                                          errors: StandardOutput(fileDescriptor: errFD, lineFlush: true),
                                          batchCapacity: .init(bytes: 1024, frames: 4))
            session.scan(captures, jobs: jobs, spoolCapacity: spool)
            let status = session.finish()
            let evidenceBytes = try Data(contentsOf: URL(fileURLWithPath: evidence))
            // The notes name the evidence files, which differ from run to run.
            let stem = String(evidence.dropLast(".pcapng".count))
            return (try String(contentsOfFile: outPath, encoding: .utf8) + evidenceBytes.base64EncodedString(),
                    try String(contentsOfFile: errPath, encoding: .utf8).replacingOccurrences(of: stem, with: "EVIDENCE"), status)
        }
        let one = try run(jobs: 1, spool: ParallelScan.defaultSpoolCapacity)
        for (jobs, spool) in [(2, 300), (4, 300), (3, 1)] {
            let many = try run(jobs: jobs, spool: spool)
            #expect(many.0 == one.0, "--jobs \(jobs), spool \(spool): stdout and evidence")
            #expect(many.1 == one.1, "--jobs \(jobs), spool \(spool): stderr")
            #expect(many.2 == one.2)
        }
    }

    /// Peak memory does not grow with the number of files: each waiting file holds at most its spool.
    @Test func memoryStaysBoundedWhateverTheNumberOfFiles() throws {
        // Under AddressSanitizer freed memory waits in a quarantine of up to 256 MB, and ThreadSanitizer keeps shadow
        // memory per address used: peak RSS then grows with everything ever allocated. (The binary is built as this
        // test is: with the same sanitizer.)
        let sanitizers: [String] = ["__asan_init", "__tsan_init"]
        if let sanitizer = sanitizers.first(where: { name in dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) != nil }) {
            print("skipped: built with a sanitizer (\(sanitizer)), whose own memory makes peak RSS meaningless here")
            return
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else {
            print("skipped: /usr/bin/time is not installed (scripts/setup.sh --test installs it)")
            return
        }
        // ~1.4 MB of NDJSON per file with --all: eight files' output would be ~11 MB, forty-eight ~67 MB.
        let source = Tool.captures.appendingPathComponent("benign-mix.pcap").path
        var copies: [String] = []
        let writer = try PcapWriter(path: dir.appendingPathComponent("big.pcap").path, linkType: .ethernet)
        var traffic = SyntheticTraffic()
        for i in 0..<6_000 { writer.write(traffic.next().bytes, timestamp: Timestamp(seconds: 1_700_000_000 + Int64(i), nanoseconds: 0)) }
        writer.close()
        for i in 0..<48 {
            let copy = dir.appendingPathComponent("copy\(i).pcap").path
            try FileManager.default.copyItem(atPath: i % 2 == 0 ? dir.appendingPathComponent("big.pcap").path : source, toPath: copy)
            copies.append(copy)
        }
        let binary = Tool.buildDirectory.appendingPathComponent("igmpguard").path
        func peakKB(_ files: [String]) throws -> Int {
            let result = try Tool.execute(["/usr/bin/time", "-f", "PEAK %M", binary, "scan", "--jobs", "2", "--format", "ndjson", "--all"] + files)
            #expect(result.status != 2, "\(result.stderr)")
            let line = try #require(result.stderr.split(separator: "\n").last { $0.hasPrefix("PEAK ") })
            return Int(line.dropFirst(5)) ?? 0
        }
        let few = try peakKB(Array(copies.prefix(8)))
        let many = try peakKB(copies)
        // Two spools of 4 MiB at most, whatever the count; the slack covers allocator noise.
        #expect(many < few + 6_000, "peak \(many) KB for 48 files vs \(few) KB for 8")
    }

    /// When no further thread can be started, the scan says so once and scans the files on one, with the same output.
    @Test func withoutFurtherThreadsTheJobsRunOnOne() throws {
        let demo = Tool.captures.appendingPathComponent("demo.pcap").path
        let mix = Tool.captures.appendingPathComponent("benign-mix.pcap").path
        let arguments = ["scan", "--threads", "1", "--format", "ndjson", "--all", demo, mix, demo]
        guard let limited = try Tool.runWithoutASecondThread(arguments + ["--jobs", "3"]) else { return }
        let one = try Tool.run(arguments + ["--jobs", "1"])
        #expect(limited.stdout == one.stdout)
        #expect(limited.status == one.status)
        #expect(limited.stderr.hasPrefix("igmpguard: warning: 1 of 3 jobs could be started ("), "\(limited.stderr)")
    }

    @Test func jobsMustBeAtLeastOne() throws {
        let result = try Tool.run(["scan", "--jobs", "0", Tool.captures.appendingPathComponent("demo.pcap").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--jobs must be between 1 and"))
    }
}
