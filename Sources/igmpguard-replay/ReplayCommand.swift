import ArgumentParser
import IGMP
import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends the frames of capture files out of an interface with libpcap (`pcap_inject`), unchanged, at a chosen rate:
/// the crafted sender of the live-capture tests and of the live load benchmark. A lab tool, not part of igmpguard.
@main
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "igmpguard-replay",
        abstract: "Send the frames of capture files out of an interface, unchanged (tests and load measurements).",
        discussion: """
        The captures' link type must be the interface's (Ethernet on a veth
        pair). Frames are read into memory first, so reading the file does
        not limit the rate. Needs root or CAP_NET_RAW.
        """
    )

    @Option(name: [.short, .customLong("interface")], help: ArgumentHelp("The interface to send on.", valueName: "IFACE"))
    var interface: String

    @Option(name: .long, help: "Frames per second (0: as fast as the interface takes them).")
    var rate: Double = 0

    @Option(name: .long, help: "Send the whole list this many times.")
    var times = 1

    @Option(name: .long, help: "Stop after this many frames in all (a run of a set length at --rate).")
    var limit: Int?

    @Flag(name: .customLong("igmp-only"), help: "Send only frames that carry IPv4 protocol 2.")
    var igmpOnly = false

    @Flag(name: .long, help: "Print the result as one JSON object.")
    var json = false

    @Argument(help: ArgumentHelp("Capture files to send, in order.", valueName: "CAPTURE"))
    var captures: [String]

    func validate() throws {
        if captures.isEmpty { throw ValidationError("Name at least one capture file.") }
        if rate < 0 { throw ValidationError("--rate cannot be negative.") }
        if times < 1 { throw ValidationError("--times must be at least 1.") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
        let injector: PacketInjector
        do { injector = try PacketInjector(interface: interface) } catch {
            fail(error.description)
        }
        var frames: [[UInt8]] = []
        for path in captures {
            do {
                let reader = try CaptureReader(path: path)
                guard reader.linkType == injector.linkType else {
                    fail("\(path): link type \(reader.linkType.name), but \(interface) is \(injector.linkType.name)")
                }
                try reader.forEachPacket { frame, _ in
                    if !igmpOnly || Self.carriesIGMP(frame, linkType: reader.linkType) {
                        frames.append(frame.withUnsafeBytes { Array($0) })
                    }
                    return true
                }
            } catch {
                fail("\(error)")
            }
        }
        let start = Self.seconds()
        var sent = 0
        do {
            sending: for _ in 0..<times {
                for frame in frames {
                    if let limit, sent >= limit { break sending }
                    if rate > 0 { Self.wait(until: start + Double(sent) / rate) }
                    try injector.send(frame.span.bytes)
                    sent += 1
                }
            }
        } catch {
            fail("\(error) (after \(sent) frames)")
        }
        let elapsed = max(Self.seconds() - start, 1e-9)
        let achieved = Double(sent) / elapsed
        if json {
            print("{\"sent\":\(sent),\"seconds\":\(elapsed),\"rate\":\(Int(achieved))}")
        } else {
            print("sent \(sent) frames in \(elapsed) s (\(Int(achieved)) frames/s)")
        }
    }

    /// IPv4 protocol 2, as the validator decides it.
    static func carriesIGMP(_ frame: RawSpan, linkType: LinkType) -> Bool {
        var sink = FindingBuffer()
        return Validator.validate(frame: frame, linkType: linkType, into: &sink).isIGMP
    }

    static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Sleeps through long gaps and spins through short ones (a sleep overshoots by tens of microseconds).
    static func wait(until deadline: Double) {
        while true {
            let left = deadline - seconds()
            if left <= 0 { return }
            if left > 0.0002 {
                var ts = timespec(tv_sec: 0, tv_nsec: Int((left - 0.0001) * 1e9))
                nanosleep(&ts, nil)
            }
        }
    }

    func fail(_ message: String) -> Never {
        var line = "igmpguard-replay: \(message)\n"
        line.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
        endProcess(2)
    }
}

/// Ends the process with `status`. (Declared outside the command: inside it, `exit` names ArgumentParser's.)
private func endProcess(_ status: Int32) -> Never { exit(status) }
