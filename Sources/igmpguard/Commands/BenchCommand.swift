import IGMPGuardKit
import ArgumentParser
import IGMP
import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure igmpguard on your own capture: a bare libpcap read against full decode + validate.",
        discussion: """
        Reads CAPTURE once to warm the page cache, then --runs times each,
        interleaved: a bare libpcap loop (pcap_next_ex, nothing else); the
        same loop with every packet decoded and validated and the per-file
        counts kept, as igmpguard scan --threads 1 does before printing; and
        the same on two threads, as scan --threads 2 does (one reads, one
        judges). Prints the median of each: seconds, packets/s, MB/s, the
        ratios to the bare loop, and the peak resident memory of the whole
        run. When no second thread can be started, bench says so on stderr
        and leaves the two-thread pass out (null in ndjson).
        """
    )

    @Option(name: .long, help: "Timed runs of each loop (the median is reported).")
    var runs = 5

    @Option(name: .long, help: "Output format: text or ndjson.")
    var format: OutputFormat = .text

    @Argument(help: ArgumentHelp("The capture file (.pcap or .pcapng).", valueName: "CAPTURE"), completion: .file())
    var capture: String

    func validate() throws {
        if !(1...100).contains(runs) { throw ValidationError("--runs must be 1 to 100.") }
        if format == .eve { throw ValidationError("bench prints text or ndjson.") }
    }

    struct Pass {
        var seconds: Double
        var packets: Int
        /// Captured bytes read: counted by the bare loop only (the judging passes see just the candidates, of the
        /// same file, so MB/s is the file's bytes over each pass's time).
        var bytes: Int
        var igmp: Int
        /// MLD packets judged (0 when none).
        var mld = 0
    }

    func run() throws {
        do {
            _ = try Self.bare(capture) // warm the page cache
            var bare: [Pass] = []
            var full: [Pass] = []
            var twoThreads: [Pass] = []
            var secondThread = true
            for _ in 0..<runs {
                bare.append(try Self.bare(capture))
                full.append(try Self.validated(capture))
                guard secondThread else { continue }
                switch try Self.validatedOnTwoThreads(capture) {
                case .ran(let pass):
                    twoThreads.append(pass)
                case .noSecondThread(let errorNumber):
                    // Said once; the other two passes still measure what they measure.
                    printError("warning: no second thread could be started (\(String(cString: strerror(errorNumber)))); the two-thread pass is left out")
                    secondThread = false
                }
            }
            report(bare: Self.median(bare), full: Self.median(full), twoThreads: secondThread ? Self.median(twoThreads) : nil)
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.error)
        }
    }

    static func median(_ passes: [Pass]) -> Pass {
        passes.sorted { $0.seconds < $1.seconds }[passes.count / 2]
    }

    static func bare(_ path: String) throws -> Pass {
        let reader = try CaptureReader(path: path)
        var bytes = 0
        let start = seconds()
        try reader.forEachPacket { frame, _ in
            bytes &+= frame.byteCount
            return true
        }
        return Pass(seconds: seconds() - start, packets: reader.packetsRead, bytes: bytes, igmp: 0)
    }

    /// Reads and judges as `scan --threads 1` does: a batch of the packets that may carry IGMP, copied out by the C
    /// reading loop, judged, then the next. Its bytes are the file's captured bytes, as the bare loop counts them.
    static func validated(_ path: String) throws -> Pass {
        let reader = try CaptureReader(path: path)
        var judge = PacketJudge(linkType: reader.linkType, source: .file(path), recorder: nil)
        var stats = FileStatistics()
        let batch = FrameBatch()
        let start = seconds()
        while true {
            let read = try reader.readCandidates(into: batch)
            batch.forEach { frame, info in judge.judge(frame, info, stats: &stats) }
            batch.removeAll()
            if read == .endOfFile { break }
        }
        return Pass(seconds: seconds() - start, packets: reader.packetsRead, bytes: 0, igmp: stats.igmp, mld: stats.mld)
    }

    enum TwoThreadPass {
        case ran(Pass)
        /// `pthread_create` failed with this error number.
        case noSecondThread(Int32)
    }

    /// The same judging, with the file read on a second thread (`ScanPipeline`), as `scan --threads 2` does.
    static func validatedOnTwoThreads(_ path: String) throws -> TwoThreadPass {
        let reader = try CaptureReader(path: path)
        var judge = PacketJudge(linkType: reader.linkType, source: .file(path), recorder: nil)
        var stats = FileStatistics()
        let start = seconds()
        let pipeline = ScanPipeline(reader: reader, progress: Progress(fileSize: nil))
        let ran = pipeline.run { frame, info in judge.judge(frame, info, stats: &stats) }
        let elapsed = seconds() - start
        guard ran else { return .noSecondThread(pipeline.threadStartError) }
        if let error = pipeline.error { throw error }
        return .ran(Pass(seconds: elapsed, packets: reader.packetsRead, bytes: 0, igmp: stats.igmp, mld: stats.mld))
    }

    func report(bare: Pass, full: Pass, twoThreads: Pass?) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peakMB = Double(usage.ru_maxrss) / 1024 // Linux reports KiB
        let ratio = full.seconds / max(bare.seconds, 1e-9)
        func rate(_ p: Pass) -> (pps: Double, mbps: Double) {
            let s = max(p.seconds, 1e-9)
            return (Double(p.packets) / s, Double(bare.bytes) / s / 1e6) // every pass reads the file's bytes
        }
        let b = rate(bare), f = rate(full)
        let out = StandardOutput()
        switch format {
        case .ndjson, .eve:
            var o = JSONObject()
            o.string("file", capture)
            o.int("packets", full.packets)
            o.int("igmp", full.igmp)
            if full.mld > 0 { o.int("mld", full.mld) }
            o.int("bytes", bare.bytes)
            o.int("runs", runs)
            o.milliseconds("bare_s", bare.seconds)
            o.milliseconds("validate_s", full.seconds)
            o.int("bare_packets_per_s", Int(b.pps))
            o.int("validate_packets_per_s", Int(f.pps))
            o.int("bare_mb_per_s", Int(b.mbps))
            o.int("validate_mb_per_s", Int(f.mbps))
            o.milliseconds("ratio", ratio)
            if let twoThreads {
                let t = rate(twoThreads)
                o.milliseconds("two_threads_s", twoThreads.seconds)
                o.int("two_threads_packets_per_s", Int(t.pps))
                o.int("two_threads_mb_per_s", Int(t.mbps))
                o.milliseconds("two_threads_ratio", twoThreads.seconds / max(bare.seconds, 1e-9))
                o.int("two_threads_igmp", twoThreads.igmp) // the same packets judged: equal to "igmp"
            } else {
                for key: StaticString in ["two_threads_s", "two_threads_packets_per_s", "two_threads_mb_per_s",
                                          "two_threads_ratio", "two_threads_igmp"] { o.null(key) }
            }
            o.int("peak_rss_kb", Int(usage.ru_maxrss))
            o.write(to: out)
        case .text:
            out.line("\(capture.escapingControlCharacters): \(full.packets) packets (\(full.igmp) IGMP\(full.mld > 0 ? ", \(full.mld) MLD" : "")), \(bare.bytes / 1_000_000) MB captured; median of \(runs) runs each")
            out.line("  bare libpcap loop     \(Self.fixed(bare.seconds, 3)) s  \(Self.fixed(b.pps / 1e6, 2)) M packets/s  \(Self.fixed(b.mbps, 0)) MB/s")
            out.line("  decode + validate     \(Self.fixed(full.seconds, 3)) s  \(Self.fixed(f.pps / 1e6, 2)) M packets/s  \(Self.fixed(f.mbps, 0)) MB/s")
            if let twoThreads {
                let t = rate(twoThreads)
                out.line("  same, two threads     \(Self.fixed(twoThreads.seconds, 3)) s  \(Self.fixed(t.pps / 1e6, 2)) M packets/s  \(Self.fixed(t.mbps, 0)) MB/s")
                out.line("  ratio \(Self.fixed(ratio, 2))x the bare loop (two threads \(Self.fixed(twoThreads.seconds / max(bare.seconds, 1e-9), 2))x); peak memory \(Self.fixed(peakMB, 1)) MB")
            } else {
                out.line("  same, two threads     not run: no second thread could be started")
                out.line("  ratio \(Self.fixed(ratio, 2))x the bare loop; peak memory \(Self.fixed(peakMB, 1)) MB")
            }
        }
        out.flush()
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let n = Int((value * scale).rounded())
        if decimals == 0 { return String(n) }
        let whole = n / Int(scale), fraction = String(n % Int(scale))
        return "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
