import Foundation
import IGMPCapture

/// Two network namespaces joined by a veth pair: `igmpguard live` listens on one end, traffic is sent from the other.
/// Needs root (or CAP_SYS_ADMIN) and iproute2; `removeAll` runs on every path out of a test, failures included.
final class NetworkLab {
    /// Namespaces and interfaces are named after this process so parallel runs and leftovers never collide.
    let listener: String
    let sender: String
    let listenerInterface: String
    let senderInterface: String
    static let listenerAddress = "10.77.0.1"
    static let senderAddress = "10.77.0.2"

    private static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }
    nonisolated(unsafe) private static var counter = 0
    private static let lock = NSLock()

    /// Why the lab cannot run here, or nil when it can (root, iproute2, and a namespace could be made).
    static let unavailableReason: String? = {
        guard geteuid() == 0 else { return "not root: live capture tests need root to create network namespaces" }
        guard ip != nil else { return "iproute2 (ip) is not installed: live capture tests skipped" }
        let probe = "igg-probe-\(getpid())"
        guard (try? run([ip!, "netns", "add", probe]))?.status == 0 else {
            return "network namespaces are not supported here (ip netns add failed): live capture tests skipped"
        }
        _ = try? run([ip!, "netns", "delete", probe])
        return nil
    }()

    /// A lab whose interfaces speak IPv4 only (`ipv6` false: the kernels then send no MLD of their own, so a test
    /// can count IGMP exactly), or IPv6 too, with link-local addresses and the kernels' MLD.
    init(ipv6: Bool = false) throws {
        let n = Self.lock.withLock { Self.counter += 1; return Self.counter }
        let tag = "\(getpid() % 100_000)x\(n)"
        listener = "igg-\(tag)-l"
        sender = "igg-\(tag)-s"
        listenerInterface = "igl\(tag)"
        senderInterface = "igs\(tag)"
        do {
            try ip(["netns", "add", listener])
            try ip(["netns", "add", sender])
            if !ipv6 {
                for ns in [listener, sender] {
                    // /proc/sys/net is the namespace's own; "default" covers the interfaces made next.
                    let off = "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6"
                    let result = try Self.run(inNamespace(ns, ["/bin/sh", "-c", off]))
                    guard result.status == 0 else { throw CommandFailed(description: "disabling IPv6 in \(ns): \(result.stderr)") }
                }
            }
            try ip(["link", "add", listenerInterface, "netns", listener, "type", "veth", "peer", "name", senderInterface, "netns", sender])
            try ip(["-n", listener, "addr", "add", "\(Self.listenerAddress)/24", "dev", listenerInterface])
            try ip(["-n", sender, "addr", "add", "\(Self.senderAddress)/24", "dev", senderInterface])
            for (ns, interface) in [(listener, listenerInterface), (sender, senderInterface)] {
                try ip(["-n", ns, "link", "set", "lo", "up"])
                try ip(["-n", ns, "link", "set", interface, "up"])
            }
        } catch {
            removeAll()
            throw error
        }
    }

    deinit { removeAll() }

    /// Deletes both namespaces (the veth pair goes with them). Safe to call twice.
    func removeAll() {
        _ = try? Self.run([Self.ip!, "netns", "delete", listener])
        _ = try? Self.run([Self.ip!, "netns", "delete", sender])
    }

    struct CommandFailed: Error, CustomStringConvertible {
        var description: String
    }

    func ip(_ arguments: [String]) throws {
        let result = try Self.run([Self.ip!] + arguments)
        guard result.status == 0 else { throw CommandFailed(description: "ip \(arguments.joined(separator: " ")): \(result.stderr)") }
    }

    /// The command line that runs `arguments` inside namespace `ns`.
    func inNamespace(_ ns: String, _ arguments: [String]) -> [String] {
        [Self.ip!, "netns", "exec", ns] + arguments
    }

    /// Runs a command to completion and returns its status and output.
    @discardableResult
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try Tool.execute(arguments)
        return (result.status, result.stdout, result.stderr)
    }

    /// A second veth pair between the two namespaces, up, for captures on several interfaces: its listening and
    /// sending ends (named after the first pair's, with `suffix`).
    func addPair(_ suffix: String) throws -> (listening: String, sending: String) {
        let pair = (listening: listenerInterface + suffix, sending: senderInterface + suffix)
        try ip(["link", "add", pair.listening, "netns", listener, "type", "veth", "peer", "name", pair.sending, "netns", sender])
        try ip(["-n", listener, "link", "set", pair.listening, "up"])
        try ip(["-n", sender, "link", "set", pair.sending, "up"])
        return pair
    }

    /// A Linux bridge in the sender's namespace, left down, with the sender's interface as its port: a real querier
    /// (`mcast_querier 1`, its startup queries 50 s and its queries 100 s apart, and `options`: the version, where it
    /// queries from). `address` (`ip addr add`'s words) goes on the bridge; `movingSenderAddress` takes the sender's
    /// IPv4 address off its interface first. Returns the bridge's name.
    func addBridgeQuerier(_ options: [String], address: [String], movingSenderAddress: Bool = false) throws -> String {
        let bridge = "igb\(getpid() % 100_000)"
        try ip(["-n", sender, "link", "add", bridge, "type", "bridge", "mcast_snooping", "1", "mcast_querier", "1"]
               + options + ["mcast_query_interval", "100", "mcast_startup_query_interval", "50"])
        if movingSenderAddress { try ip(["-n", sender, "addr", "del", "\(Self.senderAddress)/24", "dev", senderInterface]) }
        try ip(["-n", sender, "link", "set", senderInterface, "master", bridge])
        try ip(["-n", sender, "addr", "add"] + address + ["dev", bridge])
        return bridge
    }

    /// Sends `frames` (Ethernet) from the sender end, through a capture file of them.
    func replay(frames: [[UInt8]]) throws {
        let path = try Tool.temporaryDirectory().appendingPathComponent("frames.pcap").path
        let writer = try PcapWriter(path: path, linkType: .ethernet)
        for frame in frames { writer.write(frame, timestamp: Timestamp(seconds: 0, nanoseconds: 0)) }
        writer.close()
        try replay([path])
    }

    /// Sends capture files' frames from the sender end (igmpguard-replay): names in Captures/, or absolute paths;
    /// out of `interface` when given (a pair made with `addPair`).
    func replay(_ captures: [String], rate: Double = 0, interface: String? = nil) throws {
        let replay = Tool.buildDirectory.appendingPathComponent("igmpguard-replay").path
        var arguments = [replay, "-i", interface ?? senderInterface]
        if rate > 0 { arguments += ["--rate", String(rate)] }
        let result = try Self.run(inNamespace(sender, arguments + captures.map { $0.hasPrefix("/") ? $0 : Tool.captures.appendingPathComponent($0).path }))
        guard result.status == 0 else { throw CommandFailed(description: "igmpguard-replay: \(result.stderr)") }
    }

    /// Joins IPv6 `group` on the sender's interface with IPV6_JOIN_GROUP, holds it, then leaves: the sender's kernel
    /// sends its own MLDv2 reports (the lab must have been made with `ipv6`).
    func joinAndLeaveIPv6(_ group: String, holdSeconds: Double) throws {
        let script = """
        import socket, struct, time
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        mreq = socket.inet_pton(socket.AF_INET6, "\(group)") + struct.pack("@I", socket.if_nametoindex("\(senderInterface)"))
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
        time.sleep(\(holdSeconds))
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_LEAVE_GROUP, mreq)
        time.sleep(0.3)
        """
        let result = try Self.run(inNamespace(sender, ["/usr/bin/env", "python3", "-c", script]))
        guard result.status == 0 else { throw CommandFailed(description: "python3 IPv6 join/leave: \(result.stderr)") }
    }

    /// Joins `group` on the sender's interface with IP_ADD_MEMBERSHIP, holds it, then leaves with IP_DROP_MEMBERSHIP:
    /// the sender's kernel sends its own IGMPv3 reports.
    func joinAndLeave(_ group: String, holdSeconds: Double) throws {
        let script = """
        import socket, struct, time
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        mreq = struct.pack("4s4s", socket.inet_aton("\(group)"), socket.inet_aton("\(Self.senderAddress)"))
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
        time.sleep(\(holdSeconds))
        s.setsockopt(socket.IPPROTO_IP, socket.IP_DROP_MEMBERSHIP, mreq)
        time.sleep(0.3)
        """
        let result = try Self.run(inNamespace(sender, ["/usr/bin/env", "python3", "-c", script]))
        guard result.status == 0 else { throw CommandFailed(description: "python3 join/leave: \(result.stderr)") }
    }
}

/// A running `igmpguard live`, its output collected as it comes.
final class LiveRun: @unchecked Sendable {
    let process: Process
    private let lock = NSLock()
    private var stdoutData = Data()
    private var stderrData = Data()
    private let done = DispatchGroup()
    /// Keeps the unread standard output pipe alive (see `readsStandardOutput`).
    private var unreadOutput: Pipe?

    /// Starts `igmpguard live ARGUMENTS` inside the lab's listening namespace and waits until it says it listens.
    /// With `readsStandardOutput` false nobody reads its stdout, so once the pipe fills the process blocks writing.
    /// `binary` stands for the built one (a copy with file capabilities); `prefix` runs it as another user. The
    /// process is igmpguard itself: `ip netns exec` and setpriv exec it.
    init(lab: NetworkLab, _ arguments: [String], readsStandardOutput: Bool = true, binary: String? = nil,
         prefix: [String] = [], environment extra: [String: String] = [:]) throws {
        let binary = binary ?? Tool.buildDirectory.appendingPathComponent("igmpguard").path
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (key, value) in extra { environment[key] = value }
        let (process, out, err) = try Tool.start(lab.inNamespace(lab.listener, prefix + [binary, "live", "-i", lab.listenerInterface] + arguments),
                                                 environment: environment)
        self.process = process
        var readers = [(err.fileHandleForReading, false)]
        if readsStandardOutput { readers.append((out.fileHandleForReading, true)) } else { unreadOutput = out }
        for (handle, isOut) in readers {
            done.enter()
            DispatchQueue.global().async {
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    self.lock.withLock { if isOut { self.stdoutData += chunk } else { self.stderrData += chunk } }
                }
                self.done.leave()
            }
        }
        guard waitFor({ $0.stderr.contains("listening on") }, seconds: 15) else {
            process.terminate()
            throw NetworkLab.CommandFailed(description: "igmpguard live did not start listening: \(stderr)")
        }
    }

    var stdout: String { lock.withLock { String(decoding: stdoutData, as: UTF8.self) } }
    var stderr: String { lock.withLock { String(decoding: stderrData, as: UTF8.self) } }
    var objects: [[String: Any]] {
        stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Polls until `condition` holds or `seconds` pass.
    func waitFor(_ condition: (LiveRun) -> Bool, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(self) { return true }
            if !process.isRunning { return condition(self) }
            usleep(20_000)
        }
        return condition(self)
    }

    /// Waits for the process to end (killing it after `seconds`: a test must never hang) and returns its status.
    func finish(within seconds: Double = 20) -> Int32 {
        if !waitFor({ !$0.process.isRunning }, seconds: seconds) {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        done.wait()
        return process.terminationStatus
    }
}
