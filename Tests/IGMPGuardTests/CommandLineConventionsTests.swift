import Foundation
import IGMPCapture
import Testing

/// What users of any Unix tool expect: `--version`, shell completion that knows the subcommands, the option values,
/// files and interfaces. (The man page is checked against the parser by scripts/generate-manual.sh --check.)
@Suite struct CommandLineConventionsTests {
    @Test func versionPrintsTheReleaseAndTheLibpcapItRunsWith() throws {
        let result = try Tool.run(["--version"])
        #expect(result.status == 0)
        #expect(result.lines.count == 2, "\(result.stdout)")
        #expect(result.lines.first?.hasPrefix("igmpguard ") == true)
        #expect(result.lines.last == CaptureReader.libpcapVersion)
        #expect(CaptureReader.libpcapVersion.hasPrefix("libpcap version "))
    }

    /// What bash proposes after `words` (the last one being completed), with the generated script loaded.
    func bashCompletions(_ words: [String]) throws -> [String] {
        let script = try Tool.run(["--generate-completion-script", "bash"])
        #expect(script.status == 0)
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("igmpguard.bash").path
        try script.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let line = words.joined(separator: " ")
        let program = """
            source '\(path)'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
            COMPREPLY=()
            _igmpguard igmpguard '\(words.last ?? "")' '\(words.dropLast().last ?? "")'
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        // The completion function calls the binary back for the interfaces: it must be on PATH.
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = Tool.buildDirectory.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let result = try Tool.execute(["/bin/bash", "-c", program], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        return result.lines
    }

    @Test func bashCompletesSubcommandsFormatsAndInterfaces() throws {
        let subcommands = try bashCompletions(["igmpguard", ""])
        for name in ["scan", "live", "interfaces", "rules", "bench"] { #expect(subcommands.contains(name), "\(subcommands)") }
        let options = try bashCompletions(["igmpguard", "scan", "--j"])
        #expect(options == ["--jobs"], "\(options)")
        let formats = try bashCompletions(["igmpguard", "scan", "--format", ""])
        #expect(Set(formats) == ["text", "ndjson", "eve"], "\(formats)")
        let interfaces = try bashCompletions(["igmpguard", "live", "-i", ""])
        #expect(interfaces.contains("lo"), "the loopback interface libpcap lists: \(interfaces)")
    }

    /// Each shell's own parser accepts its script (zsh and fish where installed).
    @Test(arguments: [("bash", "/bin/bash"), ("zsh", "/usr/bin/zsh"), ("fish", "/usr/bin/fish")])
    func everyShellsScriptParses(shell: String, interpreter: String) throws {
        guard FileManager.default.isExecutableFile(atPath: interpreter) else {
            print("skipped: \(interpreter) is not installed, its completion script is not parsed")
            return
        }
        let script = try Tool.run(["--generate-completion-script", shell])
        #expect(script.status == 0 && !script.stdout.isEmpty)
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("completion.\(shell)").path
        try script.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        let check = try Tool.execute([interpreter, "-n", path])
        #expect(check.status == 0, "\(shell): \(check.stderr)")
    }
}
