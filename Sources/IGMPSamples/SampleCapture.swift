import IGMP

/// One packet of a sample capture, with what the validator must say about it.
public struct SamplePacket: Sendable {
    public var bytes: [UInt8]
    /// Length on the wire when the sample simulates a snapshot-length cut.
    public var wireLength: Int?
    /// Whether the packet is judged at all: IGMP (IPv4 protocol 2), or MLD when `isMLD`.
    public var isJudged: Bool
    /// Whether the packet is judged as MLD.
    public var isMLD: Bool
    /// The verdict the validator must give.
    public var verdict: Verdict
    /// Rules that must fire (others may fire too, at no worse a severity than the verdict allows).
    public var rules: [Rule]
    /// What the packet is, for the README.
    public var note: String
    /// When it was captured, in seconds after 2026-01-01T00:00:00Z; nil for a quarter second per packet.
    public var time: Double?

    public init(_ bytes: [UInt8], verdict: Verdict = .clean, rules: [Rule] = [], isJudged: Bool = true, isMLD: Bool = false,
                wireLength: Int? = nil, note: String, time: Double? = nil) {
        self.time = time
        self.bytes = bytes
        self.wireLength = wireLength
        self.isJudged = isJudged
        self.isMLD = isMLD
        self.verdict = verdict
        self.rules = rules
        self.note = note
    }
}

/// A sample capture file: deterministic bytes made by our encoder.
public struct SampleCapture: Sendable {
    public var fileName: String
    public var linkType: LinkType
    /// Snapshot length written in the file header.
    public var snapshotLength: Int
    public var summary: String
    public var packets: [SamplePacket]
    /// Options `igmpguard scan` needs to give the verdicts (`--querier`), before the file name.
    public var scanArguments: [String] = []

    /// Timestamp of packet `index`: 2026-01-01T00:00:00Z plus a quarter second per packet.
    public static func timestamp(of index: Int) -> (seconds: Int64, nanoseconds: Int32) {
        (1_767_225_600 + Int64(index / 4), Int32(index % 4) * 250_000_000)
    }

    /// Timestamp of `packet`, the `index`th: its own time, or a quarter second per packet.
    public static func timestamp(of packet: SamplePacket, index: Int) -> (seconds: Int64, nanoseconds: Int32) {
        guard let time = packet.time else { return timestamp(of: index) }
        let whole = time.rounded(.down)
        return (1_767_225_600 + Int64(whole), Int32(((time - whole) * 1e9).rounded()))
    }

    /// Whether a rule that judges traffic must fire in this file.
    public var judgesTraffic: Bool { packets.contains { $0.rules.contains { $0.row.scope == .traffic } } }

    /// The worst verdict in the file.
    public var worstVerdict: Verdict { packets.map(\.verdict).max() ?? .clean }
}
