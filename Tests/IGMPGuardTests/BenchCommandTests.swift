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

    @Test func aMissingCaptureIsOneLineAndStatusTwo() throws {
        let result = try Tool.run(["bench", "Captures/no-such.pcap"])
        #expect(result.status == 2)
        #expect(result.stderr == "igmpguard: Captures/no-such.pcap: cannot open: No such file or directory\n")
    }
}
