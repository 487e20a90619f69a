import Foundation
import Testing

/// A parser of hostile input holds no privilege once the capture is open: every capability is dropped (run as
/// root, or with file capabilities as the README's setcap line gives them), and no exec can regain one.
extension LiveCaptureTests {
    /// The `Cap...`/`NoNewPrivs` lines of `/proc/PID/status`.
    static func privileges(of pid: Int32) throws -> [String: String] {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        var fields: [String: String] = [:]
        for line in status.split(separator: "\n") where line.hasPrefix("Cap") || line.hasPrefix("NoNewPrivs") {
            let parts = line.split(separator: ":", maxSplits: 1)
            fields[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    func expectNoPrivilegeLeft(_ live: LiveRun, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fields = try Self.privileges(of: live.process.processIdentifier)
        #expect(fields["CapEff"] == "0000000000000000", "\(fields)", sourceLocation: sourceLocation)
        #expect(fields["CapPrm"] == "0000000000000000", "\(fields)", sourceLocation: sourceLocation)
        #expect(fields["CapAmb"] == "0000000000000000", "\(fields)", sourceLocation: sourceLocation)
        #expect(fields["NoNewPrivs"] == "1", "\(fields)", sourceLocation: sourceLocation)
    }

    @Test func rootKeepsNoCapabilityOnceTheCaptureIsOpen() throws {
        let lab = try NetworkLab()
        defer { lab.removeAll() }
        let count = try Self.expectedPackets(["hostile-ms06-007.pcap"]).count
        let live = try LiveRun(lab: lab, ["--count", String(count), "--duration", "15"])
        try expectNoPrivilegeLeft(live)
        #expect(try Self.privileges(of: live.process.processIdentifier)["CapBnd"] == "0000000000000000")
        try lab.replay(["hostile-ms06-007.pcap"])
        #expect(live.finish() == 1, "\(live.stderr)")
        #expect(live.stdout.contains("HOSTILE router-alert-missing@14,ms06-007-options@34"), "the capture still works without them")
    }

    @Test func fileCapabilitiesAreDroppedOnceTheCaptureIsOpen() throws {
        guard let setcap = ["/usr/sbin/setcap", "/sbin/setcap"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), let nobody = getpwnam("nobody") else {
            print("skipped: setcap (libcap2-bin), setpriv (util-linux) or the user nobody is missing")
            return
        }
        let lab = try NetworkLab()
        defer { lab.removeAll() }
        // A copy the user nobody may run, with the capabilities the README tells users to grant.
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        chmod(dir.path, 0o755)
        let binary = dir.appendingPathComponent("igmpguard").path
        try FileManager.default.copyItem(atPath: Tool.buildDirectory.appendingPathComponent("igmpguard").path, toPath: binary)
        chmod(binary, 0o755)
        let granted = try Tool.execute([setcap, "cap_net_raw,cap_net_admin=eip", binary])
        guard granted.status == 0 else {
            print("skipped: this file system keeps no file capabilities (setcap: \(granted.stderr))")
            return
        }
        let count = try Self.expectedPackets(["hostile-ms06-007.pcap"]).count
        let asNobody = ["/usr/bin/setpriv", "--reuid", String(nobody.pointee.pw_uid), "--regid", String(nobody.pointee.pw_gid), "--clear-groups"]
        let live = try LiveRun(lab: lab, ["--count", String(count), "--duration", "15"], binary: binary, prefix: asNobody)
        try expectNoPrivilegeLeft(live)
        try lab.replay(["hostile-ms06-007.pcap"])
        #expect(live.finish() == 1, "\(live.stderr)")
        #expect(live.stdout.contains("HOSTILE router-alert-missing@14,ms06-007-options@34"))
    }

    @Test func aSignalAfterTheCaptureClosedIsOnlyCounted() throws {
        // The capture ends by --duration; a SIGTERM arrives once its handle is closed (the test hook holds that
        // window open): the handler must not reach for the handle, and as the first signal it only counts, so the
        // run ends as it would have, with its status and its whole summary.
        let lab = try NetworkLab()
        defer { lab.removeAll() }
        let live = try LiveRun(lab: lab, ["--duration", "0.5"], environment: ["IGMPGUARD_TEST_PAUSE_AFTER_CLOSE_MS": "1500"])
        #expect(live.waitFor({ $0.stderr.contains("test: the capture is closed") }, seconds: 10), "\(live.stderr)")
        kill(live.process.processIdentifier, SIGTERM)
        #expect(live.finish() == 0, "\(live.stderr)")
        #expect(live.process.terminationReason == .exit)
        #expect(live.stdout.contains("libpcap received"), "the summary is whole: \(live.stdout)")
    }

    @Test func aSecondSignalDuringShutdownExitsAtOnce() throws {
        // Two signals: the first stops the capture, the second, whenever it comes, exits at once with 128 + 15.
        let lab = try NetworkLab()
        defer { lab.removeAll() }
        let live = try LiveRun(lab: lab, ["--duration", "15"], environment: ["IGMPGUARD_TEST_PAUSE_AFTER_CLOSE_MS": "3000"])
        kill(live.process.processIdentifier, SIGTERM)
        #expect(live.waitFor({ $0.stderr.contains("test: the capture is closed") }, seconds: 10), "\(live.stderr)")
        kill(live.process.processIdentifier, SIGTERM)
        #expect(live.finish(within: 2) == 143, "\(live.stderr)")
        #expect(live.process.terminationReason == .exit, "ended by the handler's _exit, not by the signal")
    }
}
