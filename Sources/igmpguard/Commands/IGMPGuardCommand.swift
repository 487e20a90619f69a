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
        abstract: "Decode IGMP (v1/v2/v3) and flag hostile packets in captures and live on an interface.",
        discussion: """
        EXIT STATUS
          0  no hostile packet was found
          1  at least one hostile packet was found
          2  an error: bad usage, a capture that could not be read (the
             other captures are still scanned, and everything found before
             the error is still printed and written), or for live: no such
             interface, interface down, no permission, a bad filter
        """,
        version: "0.1.0",
        subcommands: [ScanCommand.self, LiveCommand.self, InterfacesCommand.self, RulesCommand.self, BenchCommand.self]
    )

    /// Parses and runs, mapping every usage error to exit status 2 (argument-parser's default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Glibc.exit(ExitStatus.clean)
            }
            // Usage errors quote the arguments given: each line is printed with its control characters escaped.
            let lines = fullMessage(for: error).split(separator: "\n", omittingEmptySubsequences: false)
            let text = lines.map { String($0).escapingControlCharacters }.joined(separator: "\n")
            writeStandardError(text.hasSuffix("\n") ? text : text + "\n")
            Glibc.exit(ExitStatus.error)
        }
    }
}
