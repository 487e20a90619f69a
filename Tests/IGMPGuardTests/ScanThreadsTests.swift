import Foundation
import IGMP
import IGMPCapture
import IGMPSamples
import Testing
@testable import IGMPGuardKit

/// `scan --threads 2`: one thread reads the capture and copies out the packets that may carry IGMP, another judges
/// and prints them (`ScanPipeline`). It must print, write and exit exactly as `--threads 1`.
@Suite struct ScanThreadsTests {
    let dir: URL
    init() throws { dir = try Tool.temporaryDirectory() }

    /// A capture of `count` frames of the benchmarks' synthetic mix (~30% IGMP, 1% hostile, ~80 bytes an IGMP
    /// frame): 40,000 frames hold ~1 MB of frames that may carry IGMP, four of the pipeline's 256 KiB batches.
    func syntheticCapture(_ name: String, frames count: Int) throws -> String {
        let path = dir.appendingPathComponent(name).path
        let writer = try PcapWriter(path: path, linkType: .ethernet)
        var traffic = SyntheticTraffic()
        for i in 0..<count {
            writer.write(traffic.next().bytes, timestamp: Timestamp(seconds: 1_700_000_000 + Int64(i / 100), nanoseconds: Int32(i % 100) * 10_000))
        }
        writer.close()
        return path
    }

    func expectSame(_ arguments: [String], _ label: String) throws {
        let one = try Tool.run(["scan", "--threads", "1"] + arguments)
        let two = try Tool.run(["scan", "--threads", "2"] + arguments)
        #expect(one.status == two.status, "\(label): exit status")
        #expect(one.stdout == two.stdout, "\(label): stdout differs")
        #expect(one.stderr == two.stderr, "\(label): stderr differs")
    }

    @Test func everySampleCaptureScansTheSameOnOneAndTwoThreads() throws {
        let captures = try Tool.packetSampleCaptures()
        #expect(captures.count >= 15)
        for name in captures {
            let path = Tool.captures.appendingPathComponent(name).path
            try expectSame(["--all", path], name)
            try expectSame(["--all", "--format", "ndjson", path], name)
            try expectSame(["--format", "eve", path], name)
        }
    }

    /// Many batches, every packet printed, and the evidence file: the same bytes, in the same order.
    @Test func aCaptureOfManyBatchesScansTheSame() throws {
        let capture = try syntheticCapture("mix.pcap", frames: 40_000)
        let evidenceOne = dir.appendingPathComponent("one.pcapng").path
        let evidenceTwo = dir.appendingPathComponent("two.pcapng").path
        let one = try Tool.run(["scan", "--threads", "1", "--all", "--format", "ndjson", "--evidence", evidenceOne, capture])
        let two = try Tool.run(["scan", "--threads", "2", "--all", "--format", "ndjson", "--evidence", evidenceTwo, capture])
        #expect(one.status == 1, "the mix holds hostile packets")
        #expect(two.status == one.status)
        #expect(one.objects.filter { $0["event"] as? String == "packet" }.count > 10_000)
        #expect(two.stdout == one.stdout)
        let bytesOne = try Data(contentsOf: URL(fileURLWithPath: evidenceOne))
        let bytesTwo = try Data(contentsOf: URL(fileURLWithPath: evidenceTwo))
        #expect(bytesOne.count > 10_000)
        #expect(bytesTwo == bytesOne, "evidence files differ")
        try expectSame([capture], "mix.pcap, text")
        try expectSame(["--filter", "ip[16] == 239 or ip[9] != 2", "--format", "ndjson", capture], "mix.pcap, filtered")
    }

    /// A record cut off far into the file: every packet before it is judged and printed before the error, on two
    /// threads as on one.
    @Test func aCaptureCutMidRecordReportsTheSamePacketsThenTheError() throws {
        let capture = try syntheticCapture("cut.pcap", frames: 40_000)
        let whole = try Data(contentsOf: URL(fileURLWithPath: capture))
        try whole.prefix(whole.count * 3 / 4).write(to: URL(fileURLWithPath: capture))
        let two = try Tool.run(["scan", "--threads", "2", "--format", "ndjson", capture])
        #expect(two.status == 2)
        #expect(two.stderr.contains("truncated"), "\(two.stderr)")
        let summary = try #require(two.objects.last { $0["event"] as? String == "summary" })
        #expect((summary["packets"] as? Int ?? 0) > 25_000)
        try expectSame(["--format", "ndjson", capture], "cut.pcap")
        try expectSame([capture], "cut.pcap, text")
    }

    /// When no second thread can be started, `--threads 2` says so once on stderr and scans on one thread, with the
    /// same output (`Tool.runWithoutASecondThread` makes `pthread_create` fail).
    @Test func withoutASecondThreadTheScanSaysSoOnceAndRunsOnOne() throws {
        let capture = try syntheticCapture("fallback.pcap", frames: 20_000)
        let demo = Tool.captures.appendingPathComponent("demo.pcap").path
        // One file at a time (--jobs 1): each file's own reading thread is what fails to start here.
        let arguments = ["--jobs", "1", "--all", "--format", "ndjson", capture, demo]
        guard let two = try Tool.runWithoutASecondThread(["scan", "--threads", "2"] + arguments) else { return }
        let one = try Tool.run(["scan", "--threads", "1"] + arguments)
        let warning = Tool.noSecondThreadWarning
        #expect(one.status == 1, "the captures hold hostile packets")
        #expect(two.status == one.status)
        #expect(two.stdout == one.stdout)
        #expect(two.stderr.components(separatedBy: warning).count == 2, "said once for two files: \(two.stderr)")
        #expect(two.stderr.contains("scanning on one thread"))
        let others = two.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(warning) }
        #expect(others.joined(separator: "\n") == one.stderr)
    }

    @Test func threadsMustBeOneOrTwo() throws {
        let result = try Tool.run(["scan", "--threads", "3", Tool.captures.appendingPathComponent("demo.pcap").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--threads must be 1 or 2"), "\(result.stderr)")
    }

    /// In process (so the thread sanitizer run watches both threads): the pipeline hands over exactly the frames
    /// that may carry IGMP, whole and in file order, and counts the packets cut by the snapshot length.
    @Test func thePipelineHandsOverEveryCandidateFrameInOrder() throws {
        let path = dir.appendingPathComponent("cut-by-snaplen.pcap").path
        let writer = try PcapWriter(path: path, linkType: .ethernet)
        var traffic = SyntheticTraffic(seed: 7)
        for i in 0..<30_000 {
            let bytes = traffic.next().bytes
            // Every seventh packet recorded as cut by the snapshot length.
            writer.write(bytes, timestamp: Timestamp(seconds: Int64(i), nanoseconds: 0), wireLength: i % 7 == 0 ? bytes.count + 10 : nil)
        }
        writer.close()

        var expected: [(Int, [UInt8])] = []
        var expectedTruncated = 0
        let single = try CaptureReader(path: path)
        try single.forEachPacket { frame, info in
            if info.isTruncated { expectedTruncated += 1 }
            if FrameWalk.mayCarryIGMP(frame, linkType: single.linkType) {
                expected.append((info.frameNumber, frame.withUnsafeBytes { Array($0) }))
            }
            return true
        }
        #expect(expected.reduce(0) { $0 + $1.1.count } > 2 * 256 * 1024, "spans several batches")

        let reader = try CaptureReader(path: path)
        let pipeline = ScanPipeline(reader: reader, progress: Progress(fileSize: nil))
        var handed: [(Int, [UInt8])] = []
        let ran = pipeline.run { frame, info in handed.append((info.frameNumber, frame.withUnsafeBytes { Array($0) })) }
        #expect(ran)
        #expect(pipeline.error == nil)
        #expect(pipeline.truncated == expectedTruncated)
        #expect(reader.packetsRead == 30_000)
        #expect(handed.map(\.0) == expected.map(\.0))
        #expect(handed.map(\.1) == expected.map(\.1))
    }
}

/// `scan`'s default thread count comes from the CPUs this process may run on: its affinity mask, as the kernel
/// reports it in /proc/self/status (`taskset` and cgroup cpusets narrow it).
@Suite struct UsableCPUsTests {
    @Test func theCountIsTheAffinityMasksAsTheKernelReportsIt() throws {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) else {
            print("skipped: no /proc/self/status Cpus_allowed_list on this system")
            return
        }
        // "0-1,4,6-7": ranges and single CPUs.
        var expected = 0
        for part in line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces).split(separator: ",") {
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            expected += bounds.count == 2 ? bounds[1] - bounds[0] + 1 : 1
        }
        #expect(expected >= 1)
        #expect(usableCPUs() == expected)
    }

    /// Narrowed to one CPU (as `taskset -c 0` does), the count is 1, whatever the machine has: the mask is read, not
    /// the number of CPUs online. (The calling thread's mask, restored afterwards.)
    @Test func aMaskNarrowedToOneCPUCountsOne() throws {
        typealias Affinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
        guard let get = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_getaffinity"),
              let set = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_setaffinity") else {
            print("skipped: no sched_getaffinity/sched_setaffinity on this system")
            return
        }
        let getAffinity = unsafeBitCast(get, to: Affinity.self), setAffinity = unsafeBitCast(set, to: Affinity.self)
        var saved = [UInt64](repeating: 0, count: 16)
        try #require(saved.withUnsafeMutableBytes { getAffinity(0, $0.count, $0.baseAddress!) } == 0)
        defer { _ = saved.withUnsafeMutableBytes { setAffinity(0, $0.count, $0.baseAddress!) } }
        // The lowest CPU of the current mask.
        let word = try #require(saved.firstIndex { $0 != 0 })
        var one = [UInt64](repeating: 0, count: 16)
        one[word] = 1 << UInt64(saved[word].trailingZeroBitCount)
        try #require(one.withUnsafeMutableBytes { setAffinity(0, $0.count, $0.baseAddress!) } == 0)
        #expect(usableCPUs() == 1)
    }
}
