import Foundation

/// Runs the real built binaries (`igmpguard`, `igmpguard-samples`) next to the test bundle.
enum Tool {
    static let buildDirectory: URL = {
        if let override = ProcessInfo.processInfo.environment["IGMPGUARD_BUILD_DIR"] { return URL(fileURLWithPath: override) }
        var url = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        // .build/<triple>/debug/IGMPGuardPackageTests.xctest[/...]: walk up to the folder that holds the binaries.
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("igmpguard").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let captures = repositoryRoot.appendingPathComponent("Captures")

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
        /// stdout parsed as NDJSON.
        var objects: [[String: Any]] {
            lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
    }

    /// Runs `binary` with `arguments`; `prefix` (e.g. setpriv ...) runs it as another user.
    @discardableResult
    static func run(_ arguments: [String], binary: String = "igmpguard", prefix: [String] = [],
                    environment: [String: String] = [:]) throws -> Result {
        let path = buildDirectory.appendingPathComponent(binary).path
        let command = prefix.isEmpty ? [path] + arguments : prefix + (binary.isEmpty ? [] : [path]) + arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        return try execute(command, environment: env)
    }

    /// Runs any command to completion in the repository root, reading both pipes while it runs (so a large output
    /// cannot block it). A command still running after `timeout` seconds is killed (a hung binary fails its test with
    /// status 9 instead of holding up the suite).
    static func execute(_ command: [String], environment: [String: String]? = nil, timeout: Double = 300) throws -> Result {
        let (process, out, err) = try start(command, environment: environment)
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [process] in
            if process.isRunning { kill(pid, SIGKILL) }
        }
        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box()
        let group = DispatchGroup()
        group.enter()
        let reader = out.fileHandleForReading
        DispatchQueue.global().async { outBox.data = reader.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outBox.data, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `command` in the repository root with stdin from /dev/null and stdout and stderr on pipes.
    static func start(_ command: [String], environment: [String: String]? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        if let environment { process.environment = environment }
        process.currentDirectoryURL = repositoryRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    /// The warning `scan` and `bench` print when `pthread_create` fails.
    static let noSecondThreadWarning = "igmpguard: warning: no second thread could be started ("

    /// Runs igmpguard where no second thread can be started: under a stack limit of 1 TiB, which glibc gives a new
    /// thread's stack and the kernel then refuses to back (`pthread_create` fails with EAGAIN). Nil, having said
    /// why, where that cannot be arranged: the shell may not raise its limit, or the kernel backs any stack
    /// (vm.overcommit_memory 1, seen by the warning missing).
    static func runWithoutASecondThread(_ arguments: [String]) throws -> Result? {
        let limit = "ulimit -s 1073741824"
        guard try execute(["/bin/bash", "-c", limit]).status == 0 else {
            print("skipped: this shell may not raise its stack limit to 1 TiB (a hard limit below it)")
            return nil
        }
        let result = try run(arguments, prefix: ["/bin/bash", "-c", limit + " && exec \"$0\" \"$@\""])
        if !result.stderr.contains(noSecondThreadWarning),
           (try? String(contentsOfFile: "/proc/sys/vm/overcommit_memory", encoding: .utf8))?.hasPrefix("1") == true {
            print("skipped: with vm.overcommit_memory=1 the kernel backs a 1 TiB thread stack, so the thread starts")
            return nil
        }
        return result
    }

    /// The sanitizer the tests (and the binaries beside them) were built with, if any. Output-only checks that read
    /// many captures are left to the plain run there: they test what is printed, which the sanitizers do not change.
    static let sanitizer: String? = ["__asan_init", "__tsan_init"].first { (name: String) in
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) != nil
    }

    /// The file names of Captures/ that show packets judged alone, and one short traffic story: the other
    /// `context-*` stories (up to two hours of a segment) add only traffic verdicts, which their own tests check, to
    /// the suites that read every capture in several ways (threads, jobs, tshark).
    static func packetSampleCaptures() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: captures.path)
            .filter { $0.hasSuffix(".pcap") && (!$0.hasPrefix("context-") || $0 == "context-querier-takeover.pcap") }.sorted()
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("igmpguard-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static var tsharkPath: String? {
        ["/usr/bin/tshark", "/usr/local/bin/tshark"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var isRoot: Bool { geteuid() == 0 }

    /// The shared reference captures, when present.
    static var referenceDirectory: String? {
        let path = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/captures").path
        return FileManager.default.fileExists(atPath: path + "/MANIFEST.md") ? path : nil
    }
}
