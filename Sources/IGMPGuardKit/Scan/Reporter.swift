import IGMP
import IGMPCapture

/// Where packets come from: a capture file (`scan`) or an interface (`live`).
package enum PacketSource {
    case file(String)
    case interface(String)

    var name: String {
        switch self {
        case .file(let path): path
        case .interface(let name): name
        }
    }
}

/// One packet to print, with everything every format needs.
package struct PacketEvent {
    var source: PacketSource
    var info: PacketInfo
    var inspection: Inspection
    /// The kept findings (a copy of the validator's stack buffer: printing a packet allocates no array for them).
    var findings: FindingBuffer
    var description: PacketDescription
}

/// An output format.
package protocol Reporter {
    func packet(_ event: PacketEvent)
    func summary(file: String, _ stats: FileStatistics)
    /// A capture that could not be read (the message also goes to stderr).
    func error(file: String, _ error: CaptureError)
    /// A live capture's counts: every `--stats-interval`, and once at the end (`final`).
    func statistics(_ stats: LiveStatistics, final: Bool)
    func finish()
}

/// A live capture's counts since it started.
package struct LiveStatistics {
    var interface: String
    var counts: FileStatistics
    /// libpcap's received and dropped counters (nil where the platform keeps none).
    var capture: CaptureStatistics?
    var elapsedSeconds: Double
    /// When the counts were taken.
    var timestamp: Timestamp
}

extension Finding {
    var referenceStrings: [String] { rule.references.map(\.description) }
}
