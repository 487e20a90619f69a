import IGMP
import IGMPCapture

/// Everything `scan` and `live` print is one of these events; each format's `Reporter` encodes them.
package enum OutputEvent {
    /// A packet to print: a flagged one, or any IGMP packet with `--all`.
    case packet(PacketEvent)
    /// A capture file's counts, after its last packet or the error that ended it.
    case summary(file: String, FileStatistics)
    /// A capture that could not be read (the message also goes to stderr).
    case error(file: String, CaptureError)
    /// A live capture's counts: every `--stats-interval`, and once at the end (`final`).
    case statistics(LiveStatistics, final: Bool)
}

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
    /// The inspection's verdict: an event is made only for an IGMP packet, which always has one.
    var verdict: Verdict
    /// The kept findings. (An array, not a copy of the judge's 1 KiB buffer: an event is passed and matched
    /// through a few calls, and a packet printed without findings, as `--all` prints most, allocates none.)
    var findings: [Finding]
    var description: PacketDescription
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
    /// What `--alert-limit` held back (nil without a limit).
    var suppression: Suppression? = nil
}
