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
        interleaved: a bare libpcap loop (pcap_next_ex, nothing else) and
        the same loop with every packet decoded and validated and the
        per-file counts kept, as igmpguard scan does before printing. Prints
        the median of each: seconds, packets/s, MB/s, the ratio of the two,
        and the peak resident memory of the whole run.
        """
    )

    @Option(name: .long, help: "Timed runs of each loop (the median is reported).")
    var runs = 5

    @Option(name: .long, help: "Output format: text or ndjson.")
    var format: OutputFormat = .text

    @Argument(help: ArgumentHelp("The capture file (.pcap or .pcapng).", valueName: "CAPTURE"))
    var capture: String

    func validate() throws {
        if !(1...100).contains(runs) { throw ValidationError("--runs must be 1 to 100.") }
        if format == .eve { throw ValidationError("bench prints text or ndjson.") }
    }

    struct Pass {
        var seconds: Double
        var packets: Int
        var bytes: Int
        var igmp: Int
    }

    func run() throws {
        do {
            _ = try Self.bare(capture) // warm the page cache
            var bare: [Pass] = []
            var full: [Pass] = []
            for _ in 0..<runs {
                bare.append(try Self.bare(capture))
                full.append(try Self.validated(capture))
            }
            report(bare: Self.median(bare), full: Self.median(full))
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

    static func validated(_ path: String) throws -> Pass {
        let reader = try CaptureReader(path: path)
        let linkType = reader.linkType
        var bytes = 0
        var stats = FileStatistics()
        var findings = FindingBuffer()
        let start = seconds()
        try reader.forEachPacket { frame, info in
            bytes &+= frame.byteCount
            guard Validator.mayCarryIGMP(frame, linkType: linkType) else { return true }
            findings.removeAll()
            let inspection = Validator.validate(frame: frame, linkType: linkType, wireLength: info.wireLength, into: &findings)
            if inspection.isIGMP { stats.record(inspection, &findings) }
            return true
        }
        return Pass(seconds: seconds() - start, packets: reader.packetsRead, bytes: bytes, igmp: stats.igmp)
    }

    func report(bare: Pass, full: Pass) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peakMB = Double(usage.ru_maxrss) / 1024 // Linux reports KiB
        let ratio = full.seconds / max(bare.seconds, 1e-9)
        func rate(_ p: Pass) -> (pps: Double, mbps: Double) {
            let s = max(p.seconds, 1e-9)
            return (Double(p.packets) / s, Double(p.bytes) / s / 1e6)
        }
        let b = rate(bare), f = rate(full)
        let out = StandardOutput()
        switch format {
        case .ndjson, .eve:
            var o = JSONObject()
            o.string("file", capture)
            o.int("packets", full.packets)
            o.int("igmp", full.igmp)
            o.int("bytes", full.bytes)
            o.int("runs", runs)
            o.milliseconds("bare_s", bare.seconds)
            o.milliseconds("validate_s", full.seconds)
            o.int("bare_packets_per_s", Int(b.pps))
            o.int("validate_packets_per_s", Int(f.pps))
            o.int("bare_mb_per_s", Int(b.mbps))
            o.int("validate_mb_per_s", Int(f.mbps))
            o.milliseconds("ratio", ratio)
            o.int("peak_rss_kb", Int(usage.ru_maxrss))
            out.line(bytes: o.finish())
        case .text:
            out.line("\(capture): \(full.packets) packets (\(full.igmp) IGMP), \(full.bytes / 1_000_000) MB captured; median of \(runs) runs each")
            out.line("  bare libpcap loop     \(Self.fixed(bare.seconds, 3)) s  \(Self.fixed(b.pps / 1e6, 2)) M packets/s  \(Self.fixed(b.mbps, 0)) MB/s")
            out.line("  decode + validate     \(Self.fixed(full.seconds, 3)) s  \(Self.fixed(f.pps / 1e6, 2)) M packets/s  \(Self.fixed(f.mbps, 0)) MB/s")
            out.line("  ratio \(Self.fixed(ratio, 2))x the bare loop; peak memory \(Self.fixed(peakMB, 1)) MB")
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
