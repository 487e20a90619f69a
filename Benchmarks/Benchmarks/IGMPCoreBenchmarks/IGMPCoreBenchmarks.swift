import Benchmark
import IGMP

/// Frames built once by our encoder; each benchmark decodes and validates one of them per iteration.
enum Frames {
    static let host = IPv4Address(192, 168, 1, 10)
    static let router = IPv4Address(192, 168, 1, 1)

    static let reportV3 = FrameRepr.conforming(.reportV3([
        GroupRecordRepr(type: .modeIsExclude, group: IPv4Address(239, 255, 255, 250)),
        GroupRecordRepr(type: .changeToInclude, group: IPv4Address(232, 2, 3, 2), sources: [IPv4Address(10, 0, 0, 1), IPv4Address(10, 0, 0, 2)]),
        GroupRecordRepr(type: .allowNewSources, group: IPv4Address(232, 2, 3, 3), sources: [IPv4Address(10, 0, 0, 3)], auxData: [1, 2, 3, 4]),
    ]), from: host).bytes

    static let queryV3 = FrameRepr.conforming(.queryV3(QueryV3Repr(group: IPv4Address(232, 2, 3, 2),
        sources: (1...8).map { IPv4Address(10, 0, 0, UInt8($0)) })), from: router).bytes

    static let reportV2 = FrameRepr.conforming(.reportV2(IPv4Address(239, 1, 2, 3)), from: host).bytes

    static let ms06007: [UInt8] = {
        var frame = FrameRepr.conforming(.queryV3(QueryV3Repr()), from: router)
        frame.ip.options = [0, 0, 0, 0]
        return frame.bytes
    }()
}

/// Decode + validate one frame; returns the verdict so the work cannot be optimised away.
@inline(never)
func inspect(_ frame: RawSpan) -> Verdict {
    var findings = FindingBuffer()
    return Validator.validate(frame: frame, linkType: .ethernet, into: &findings).verdict
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .memoryLeaked],
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )

    for (name, bytes) in [("v3 report, 3 records", Frames.reportV3), ("v3 group-and-source query, 8 sources", Frames.queryV3),
                          ("v2 report", Frames.reportV2), ("MS06-007 options (hostile)", Frames.ms06007)] {
        Benchmark("decode+validate \(name)") { benchmark in
            let frame = bytes
            frame.withUnsafeBytes { raw in
                let span = RawSpan(_unsafeBytes: raw)
                for _ in benchmark.scaledIterations {
                    blackHole(inspect(span))
                }
            }
        }
    }

    // Walking every record and source through the views, as a consumer would.
    Benchmark("decode + walk v3 report records and sources") { benchmark in
        let frame = Frames.reportV3
        frame.withUnsafeBytes { raw in
            let span = RawSpan(_unsafeBytes: raw)
            for _ in benchmark.scaledIterations {
                var total: UInt32 = 0
                if let decoded = try? FrameDecoder.decode(span, linkType: .ethernet), let report = decoded.igmp.reportV3 {
                    var records = report.records
                    while let record = try? records.next() {
                        total &+= record.multicastAddress.rawValue
                        let sources = record.sources
                        for i in 0..<sources.count { total &+= sources[i].rawValue }
                    }
                }
                blackHole(total)
            }
        }
    }
}
