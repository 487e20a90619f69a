import IGMP
import IGMPCapture

/// One packet to print, with everything every format needs.
struct PacketEvent {
    var file: String
    var info: PacketInfo
    var inspection: Inspection
    /// The kept findings (a copy of the validator's stack buffer: printing a packet allocates no array for them).
    var findings: FindingBuffer
    var description: PacketDescription
}

/// An output format.
protocol Reporter {
    func packet(_ event: PacketEvent)
    func summary(file: String, _ stats: FileStatistics)
    /// A capture that could not be read (the message also goes to stderr).
    func error(file: String, _ error: CaptureError)
    func finish()
}

extension Finding {
    var referenceStrings: [String] { rule.references.map(\.description) }
}
