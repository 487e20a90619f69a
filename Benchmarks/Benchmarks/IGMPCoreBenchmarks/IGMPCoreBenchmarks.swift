import Benchmark
import BenchmarkFrames
import IGMP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long each benchmark runs: 700 ms, or IGMPGUARD_BENCH_MILLISECONDS (CI's malloc gate needs the counts, not
/// the times, and runs them shorter).
let benchmarkMilliseconds: Int = getenv("IGMPGUARD_BENCH_MILLISECONDS").flatMap { Int(String(cString: $0)) } ?? 700

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .memoryLeaked],
        scalingFactor: .kilo,
        maxDuration: .milliseconds(benchmarkMilliseconds),
        maxIterations: 1_000_000
    )

    for frame in Frames.all {
        Benchmark("decode+validate \(frame.name)") { benchmark in
            let linkType = frame.linkType
            frame.bytes.withUnsafeBytes { raw in
                let span = RawSpan(_unsafeBytes: raw)
                var findings = FindingBuffer()
                for _ in benchmark.scaledIterations { blackHole(inspect(span, linkType: linkType, into: &findings)) }
            }
        }
        Benchmark("baseline touch-every-byte \(frame.name)") { benchmark in
            frame.bytes.withUnsafeBytes { raw in
                let span = RawSpan(_unsafeBytes: raw)
                for _ in benchmark.scaledIterations { blackHole(touchEveryByte(span)) }
            }
        }
    }

    // What a new buffer per frame adds, on the frame of the link-type rows.
    Benchmark("decode+validate with a new FindingBuffer per frame, v3 report 3 records") { benchmark in
        let frame = Frames.linkTypes[0].bytes
        frame.withUnsafeBytes { raw in
            let span = RawSpan(_unsafeBytes: raw)
            for _ in benchmark.scaledIterations { blackHole(inspectWithNewBuffer(span, linkType: .ethernet)) }
        }
    }

    // Walking every record and source through the views, as a consumer would.
    Benchmark("decode + walk v3 report records and sources") { benchmark in
        let frame = Frames.reportV3(records: 3, sourcesPerRecord: 2)
        frame.withUnsafeBytes { raw in
            let span = RawSpan(_unsafeBytes: raw)
            for _ in benchmark.scaledIterations {
                var total: UInt32 = 0
                if let decoded = try? FrameDecoder.decode(span, linkType: .ethernet), let report = decoded.igmp.reportV3 {
                    var records = report.records
                    while let record = try? records.next() {
                        total &+= record.group.rawValue
                        let sources = record.sources
                        for i in 0..<sources.count { total &+= sources[i].rawValue }
                    }
                }
                blackHole(total)
            }
        }
    }

    // The traffic model in steady state: known hosts and groups, one frame every 100 ms. It allocates only when a
    // new segment, host or membership appears, so after the first round it must not allocate at all.
    Benchmark("traffic model steady state, a round of 7 frames") { benchmark in
        trafficRounds(Frames.trafficRound, benchmark)
    }
    Benchmark("traffic model steady state, MLD, a round of 7 frames") { benchmark in
        trafficRounds(Frames.mldTrafficRound, benchmark)
    }
}

/// Rounds of `frames` through one traffic model, every 100 ms, the first round unmeasured.
func trafficRounds(_ frames: [[UInt8]], _ benchmark: Benchmark) {
    var model = TrafficModel()
    var findings = FindingBuffer()
    var time: Int64 = 1_767_225_600_000_000_000
    func round() {
        for frame in frames {
            time += 100_000_000
            findings.removeAll()
            blackHole(model.validate(frame: frame, linkType: .ethernet, at: TrafficTime(nanoseconds: time), into: &findings))
        }
    }
    round()
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations { round() }
}
