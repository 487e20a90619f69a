import Foundation
import Testing

/// `igmpguard bench` on the bundled demo capture: it reads the whole file each way (bare, one thread, two threads)
/// and reports what it measured.
@Suite struct BenchCommandTests {
    @Test func reportsEveryLoopOnTheWholeCapture() throws {
        let result = try Tool.run(["bench", "--runs", "2", "--format", "ndjson", "Captures/demo.pcap"])
        #expect(result.status == 0, "\(result.stderr)")
        let o = try #require(result.objects.first)
        #expect(o["packets"] as? Int == 26)
        #expect(o["igmp"] as? Int == 24)
        #expect(o["runs"] as? Int == 2)
        #expect((o["bare_packets_per_s"] as? Int ?? 0) > 0)
        #expect((o["validate_packets_per_s"] as? Int ?? 0) > 0)
        #expect((o["ratio"] as? Double ?? 0) > 0)
        #expect((o["two_threads_packets_per_s"] as? Int ?? 0) > 0)
        #expect((o["two_threads_ratio"] as? Double ?? 0) > 0)
        #expect(o["two_threads_igmp"] as? Int == 24, "the two-thread pass judges the same packets")
        #expect((o["peak_rss_kb"] as? Int ?? 0) > 0)
        let text = try Tool.run(["bench", "--runs", "1", "Captures/demo.pcap"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("bare libpcap loop") && text.stdout.contains("decode + validate") && text.stdout.contains("x the bare loop"))
        #expect(text.stdout.contains("same, two threads"))
    }

    /// Without a second thread, bench says so once on stderr and still reports the bare and one-thread passes; the
    /// two-thread pass is left out (null in NDJSON), not blamed on the capture.
    @Test func withoutASecondThreadTheTwoThreadPassIsLeftOut() throws {
        guard let json = try Tool.runWithoutASecondThread(["bench", "--runs", "3", "--format", "ndjson", "Captures/demo.pcap"]) else { return }
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stderr.components(separatedBy: Tool.noSecondThreadWarning).count == 2, "said once for three runs: \(json.stderr)")
        #expect(json.stderr.contains("the two-thread pass is left out"))
        #expect(json.stderr.split(separator: "\n").count == 1, "\(json.stderr)")
        let o = try #require(json.objects.first)
        #expect(o["igmp"] as? Int == 24)
        #expect(o["bytes"] as? Int ?? 0 > 0)
        #expect((o["validate_packets_per_s"] as? Int ?? 0) > 0)
        #expect((o["ratio"] as? Double ?? 0) > 0)
        for key in ["two_threads_s", "two_threads_packets_per_s", "two_threads_mb_per_s", "two_threads_ratio", "two_threads_igmp"] {
            #expect(o[key] is NSNull, "\(key): \(o[key] ?? "absent")")
        }
        let text = try #require(try Tool.runWithoutASecondThread(["bench", "--runs", "1", "Captures/demo.pcap"]))
        #expect(text.status == 0)
        #expect(text.stdout.contains("decode + validate"))
        #expect(text.stdout.contains("same, two threads     not run: no second thread could be started"))
        #expect(text.stdout.contains("x the bare loop; peak memory"))
    }

    @Test func aMissingCaptureIsOneLineAndStatusTwo() throws {
        let result = try Tool.run(["bench", "Captures/no-such.pcap"])
        #expect(result.status == 2)
        #expect(result.stderr == "igmpguard: Captures/no-such.pcap: cannot open: No such file or directory\n")
    }
}
