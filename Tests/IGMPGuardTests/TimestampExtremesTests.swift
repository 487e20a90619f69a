import Foundation
import IGMP
import IGMPCapture
import IGMPTestSupport
import Testing

/// Capture times at the extremes of what libpcap hands over: the scan never traps on them, prints each format's
/// documented form for a time it cannot show, and writes evidence libpcap reads back with the same times.
@Suite struct TimestampExtremesTests {
    let dir: URL
    init() throws { dir = try Tool.temporaryDirectory() }

    /// Crafted captures of the demo's frames, each with a time libpcap hands over as it is.
    var captures: [(name: String, bytes: [UInt8])] {
        let frames = CraftedCapture.demoFrames
        func classic(_ bigEndian: Bool, _ precision: ClassicPcap.Precision, seconds: UInt32, fraction: UInt32) -> [UInt8] {
            ClassicPcap(bigEndian: bigEndian, precision: precision,
                        records: frames.map { .init(seconds: seconds, fraction: fraction, data: $0) }).bytes
        }
        func pcapng(_ bigEndian: Bool, resolution: UInt8?, offset: Int64?, timestamp: UInt64) -> [UInt8] {
            Pcapng(bigEndian: bigEndian, interfaces: [.init(timestampResolution: resolution, timestampOffset: offset)],
                   blocks: frames.map { .enhanced(interface: 0, timestamp: timestamp, data: $0, originalLength: nil) }).bytes
        }
        return [
            ("nanosecond-fraction-top-bit.pcap", classic(false, .nanoseconds, seconds: 1, fraction: 0x8000_0000)),
            ("nanosecond-all-ones-be.pcap", classic(true, .nanoseconds, seconds: .max, fraction: .max)),
            ("microsecond-all-ones.pcap", classic(false, .microseconds, seconds: .max, fraction: .max)),
            ("tsresol-one-second.pcapng", pcapng(false, resolution: 0, offset: nil, timestamp: .max)),
            ("tsoffset-max.pcapng", pcapng(false, resolution: 9, offset: .max, timestamp: .max)),
            ("tsoffset-min-be.pcapng", pcapng(true, resolution: 9, offset: .min, timestamp: 0)),
            ("tsresol-two-to-the-63.pcapng", pcapng(true, resolution: 128 + 63, offset: nil, timestamp: .max)),
        ]
    }

    /// A sweep of every kind of time a capture can give: classic pcap in both magics and byte orders with seconds and
    /// fractions at their edges, and pcapng in both byte orders with resolutions from 10^0 to 10^-19 and 2^0 to 2^-63
    /// (and ones libpcap refuses), offsets at ±2^63, and timestamps at 0, 2^63 and 2^64-1. One scan of all of them per
    /// format: every file is summarised or refused with one error line, nothing traps, and the evidence reads to its end.
    @Test func aSweepOfEveryKindOfTimeScansInEveryFormat() throws {
        let frames = Array(CraftedCapture.demoFrames.prefix(10))
        var files: [String] = []
        for bigEndian in [false, true] {
            for precision in [ClassicPcap.Precision.microseconds, .nanoseconds] {
                for seconds: UInt32 in [0, 0x7fff_ffff, 0x8000_0000, .max] {
                    for fraction: UInt32 in [0, 999_999, 1_000_000, 999_999_999, 1_000_000_000, 0x7fff_ffff, 0x8000_0000, .max] {
                        let bytes = ClassicPcap(bigEndian: bigEndian, precision: precision,
                                                records: frames.map { .init(seconds: seconds, fraction: fraction, data: $0) }).bytes
                        files.append(try CraftedCapture.write(bytes, "c\(files.count).pcap", in: dir))
                    }
                }
            }
            for resolution: UInt8 in [0, 1, 3, 6, 9, 12, 19, 20, 128, 129, 148, 158, 191, 192, 255] {
                for offset: Int64? in [nil, .min, .max, -1] {
                    for timestamp: UInt64 in [0, 1 << 63, .max] {
                        let bytes = Pcapng(bigEndian: bigEndian, interfaces: [.init(timestampResolution: resolution, timestampOffset: offset)],
                                           blocks: frames.map { .enhanced(interface: 0, timestamp: timestamp, data: $0, originalLength: nil) }).bytes
                        files.append(try CraftedCapture.write(bytes, "n\(files.count).pcapng", in: dir))
                    }
                }
            }
        }
        for format in ["text", "ndjson", "eve"] {
            let evidence = dir.appendingPathComponent("sweep-\(format).pcapng").path
            let scan = try CraftedCapture.scan(["--format", format, "--evidence", evidence] + files)
            #expect([1, 2].contains(scan.status), "--format \(format): status \(scan.status)")
            let errorLines = scan.result.stderr.split(separator: "\n").filter { $0.hasPrefix("igmpguard: ") }
            if format == "ndjson" {
                let summaries = scan.result.objects.filter { $0["event"] as? String == "summary" }.count
                // A file libpcap refuses to open has its error line and no summary; every other one its summary.
                #expect(summaries + errorLines.count >= files.count, "\(summaries) summaries, \(errorLines.count) errors, \(files.count) files")
                #expect(summaries > files.count / 2)
            }
            let read = CraftedCapture.readWithLibpcap(evidence)
            #expect(read.error == nil && !read.packets.isEmpty, "\(read.error ?? "no packet")")
        }
    }

    @Test func noExtremeTimeMakesTheScanTrapInAnyFormat() throws {
        for capture in captures {
            let path = try CraftedCapture.write(capture.bytes, capture.name, in: dir)
            for format in ["text", "ndjson", "eve"] {
                let evidence = dir.appendingPathComponent("\(capture.name)-\(format).pcapng").path
                let scan = try CraftedCapture.scan(["--format", format, "--evidence", evidence, path])
                // The demo's packets are hostile: 1 is the only right status.
                #expect(scan.status == 1, "\(capture.name) --format \(format): status \(scan.status), \(scan.result.stderr)")
            }
        }
    }

    @Test func aTimeTextCannotShowReadsAsTcpdumpSaysIt() throws {
        let path = try CraftedCapture.write(captures[4].bytes, captures[4].name, in: dir)
        let scan = try CraftedCapture.scan([path])
        let packetLines = scan.result.lines.filter { $0.contains("HOSTILE") || $0.contains("SUSPICIOUS") }
        #expect(!packetLines.isEmpty)
        for line in packetLines { #expect(line.contains(" [Error converting time] "), "\(line)") }
    }

    @Test func aTimeNDJSONCannotShowIsNull() throws {
        let path = try CraftedCapture.write(captures[5].bytes, captures[5].name, in: dir)
        let scan = try CraftedCapture.scan(["--format", "ndjson", path])
        #expect(!scan.packets.isEmpty)
        for packet in scan.packets { #expect(packet["ts"] is NSNull, "\(packet)") }
    }

    @Test func aTimeEVECannotShowIsTheSentinel() throws {
        let path = try CraftedCapture.write(captures[4].bytes, captures[4].name, in: dir)
        let scan = try CraftedCapture.scan(["--format", "eve", path])
        #expect(!scan.result.objects.isEmpty)
        for alert in scan.result.objects { #expect(alert["timestamp"] as? String == "0000-01-01T00:00:00.000000+0000") }
    }

    @Test func aFractionPastOneSecondCarriesIntoTheSeconds() throws {
        // libpcap hands a classic nanosecond fraction over as a signed 32-bit value: 0x80000000 is -2.147483648 s.
        let path = try CraftedCapture.write(captures[0].bytes, captures[0].name, in: dir)
        let scan = try CraftedCapture.scan(["--format", "ndjson", path])
        #expect(!scan.packets.isEmpty)
        for packet in scan.packets { #expect(packet["ts"] as? String == "1969-12-31T23:59:58.852516352Z") }
    }

    /// An evidence file stores nanoseconds since 1970 in 64 bits: earlier times as 1970, later ones as the last it can.
    func stored(_ t: Timestamp) -> Timestamp {
        if t.seconds < 0 { return Timestamp(seconds: 0, nanoseconds: 0) }
        if t.seconds >= 18_446_744_073 { return Timestamp(seconds: 18_446_744_073, nanoseconds: 709_551_615) }
        return t
    }

    @Test func evidenceKeepsEveryExtremeTimeItCanAndNamesTheOthersInTheComment() throws {
        for capture in captures {
            let path = try CraftedCapture.write(capture.bytes, capture.name, in: dir)
            let evidence = dir.appendingPathComponent("\(capture.name).pcapng").path
            let scan = try CraftedCapture.scan(["--format", "ndjson", "--evidence", evidence, path])
            let original = CraftedCapture.readWithLibpcap(path)
            let flagged = Set(scan.flagged.compactMap { $0["frame"] as? Int })
            let expected = original.packets.filter { flagged.contains($0.info.frameNumber) }
            let written = CraftedCapture.readWithLibpcap(evidence)
            #expect(written.error == nil, "\(capture.name): \(written.error ?? "")")
            #expect(written.packets.map(\.bytes) == expected.map(\.bytes), "\(capture.name)")
            #expect(written.packets.map(\.info.timestamp) == expected.map { stored($0.info.timestamp) }, "\(capture.name)")
            if let tcpdump = try CraftedCapture.readWithTcpdump(evidence) {
                #expect(tcpdump.clean && tcpdump.count == expected.count, "\(capture.name): \(tcpdump.stderr)")
            }
            let comments = try CraftedCapture.pcapngComments(evidence)
            #expect(comments.count == expected.count)
            for (comment, packet) in zip(comments, expected) {
                let t = packet.info.timestamp
                let note = "[captured at \(t.seconds) s + \(t.nanoseconds) ns since 1970, a time this file cannot store]"
                #expect(comment.contains(note) == (stored(t) != t), "\(comment)")
            }
            if let tshark = try CraftedCapture.readWithTshark(evidence) {
                #expect(tshark.clean, "\(capture.name): \(tshark.stderr)")
                #expect(tshark.comments.count == comments.count)
            }
        }
    }

    @Test func aPlantedFileHidesNothingOfTheFilesAfterIt() throws {
        let planted = try CraftedCapture.write(captures[5].bytes, captures[5].name, in: dir)
        let demo = Tool.captures.appendingPathComponent("demo.pcap").path
        let evidence = dir.appendingPathComponent("batch.pcapng").path
        let scan = try CraftedCapture.scan(["--format", "ndjson", "--evidence", evidence, planted, demo])
        #expect(scan.status == 1)
        let summaries = scan.result.objects.filter { $0["event"] as? String == "summary" }
        #expect(summaries.compactMap { $0["file"] as? String } == [planted, demo])
        #expect(summaries.last?["hostile"] as? Int ?? 0 > 0)
        #expect(CraftedCapture.readWithLibpcap(evidence).packets.count == scan.flagged.count)
    }
}
