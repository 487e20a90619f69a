import IGMPGuardKit
import ArgumentParser
import IGMPCapture

struct InterfacesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interfaces",
        abstract: "List the network interfaces libpcap can capture on (for igmpguard live -i).",
        discussion: """
        One line per interface: name, state (up, running, loopback,
        wireless), IPv4 addresses and libpcap's description. With
        --format ndjson, one JSON object per interface. Some interfaces are
        only listed when run as root (or with CAP_NET_RAW).
        """
    )

    @Option(name: .long, help: "Output format: text or ndjson.")
    var format: OutputFormat = .text

    func validate() throws {
        if format == .eve { throw ValidationError("interfaces prints text or ndjson.") }
    }

    func run() throws {
        let interfaces: [CaptureInterface]
        do { interfaces = try CaptureInterface.all() } catch {
            printError(error.description)
            throw ExitCode(ExitStatus.error)
        }
        let out = StandardOutput()
        for i in interfaces {
            var state: [String] = [i.isUp ? "up" : "down"]
            if i.isRunning { state.append("running") }
            if i.isLoopback { state.append("loopback") }
            if i.isWireless { state.append("wireless") }
            switch format {
            case .ndjson, .eve:
                var o = JSONObject()
                o.string("name", i.name)
                o.strings("state", state)
                o.strings("ipv4", i.ipv4Addresses)
                if let d = i.description { o.string("description", d) } else { o.null("description") }
                o.write(to: out)
            case .text:
                var line = pad(i.name.escapingControlCharacters, 16, left: true) + "  " + pad(state.joined(separator: ","), 24, left: true)
                line += "  " + pad(i.ipv4Addresses.isEmpty ? "-" : i.ipv4Addresses.joined(separator: ","), 18, left: true)
                if let d = i.description { line += "  " + d.escapingControlCharacters }
                out.line(line)
            }
        }
        out.flush()
    }
}
