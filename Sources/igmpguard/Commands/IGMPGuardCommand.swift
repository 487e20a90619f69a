import ArgumentParser
import IGMPCapture
import IGMPGuardKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct IGMPGuardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "igmpguard",
        abstract: "Decode IGMP (v1/v2/v3) and MLD (v1/v2) and flag hostile packets in captures and live on an interface.",
        discussion: """
        EXIT STATUS
          0  no hostile packet was found
          1  at least one hostile packet was found
          2  an error: bad usage, a capture that could not be read (the
             other captures are still scanned, and everything found before
             the error is still printed and written), or for live: no such
             interface, interface down, no permission, a bad filter
        """,
        version: "igmpguard \(releaseVersion)\n\(CaptureReader.libpcapVersion)",
        subcommands: [ScanCommand.self, LiveCommand.self, InterfacesCommand.self, RulesCommand.self, BenchCommand.self]
    )

    /// Parses and runs, mapping every usage error to exit status 2 (argument-parser's default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            endProcess(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                endProcess(ExitStatus.clean)
            }
            writeStandardError(usageMessage(fullMessage(for: error), arguments: Array(CommandLine.arguments.dropFirst())))
            endProcess(ExitStatus.error)
        }
    }

    /// A usage error quotes the arguments given, which may hold control characters, a newline among them: each such
    /// argument (and the value after `=` in one) is shown escaped, so that no argument can start a line of its own or
    /// act on a terminal. A line that still holds a control character is escaped whole.
    static func usageMessage(_ message: String, arguments: [String]) -> String {
        var message = message
        for argument in arguments where argument != argument.escapingControlCharacters {
            let value = argument.split(separator: "=", maxSplits: 1).dropFirst().first.map(String.init)
            for raw in [argument] + (value.map { [$0] } ?? []) where !raw.isEmpty {
                message = message.replacing(raw, with: raw.escapingControlCharacters)
            }
        }
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line).containsControlCharacters ? String(line).escapingControlCharacters : String(line)
        }
        let text = lines.joined(separator: "\n")
        return text.hasSuffix("\n") ? text : text + "\n"
    }
}

/// The release this source is: `igmpguard --version` prints it with the libpcap it runs with.
let releaseVersion = "0.1.0"

/// Ends the process with `status`. (Declared outside the command: inside it, `exit` names ArgumentParser's.)
private func endProcess(_ status: Int32) -> Never { exit(status) }
