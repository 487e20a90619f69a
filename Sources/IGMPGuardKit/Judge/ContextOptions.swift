import IGMP

/// How `scan` and `live` judge traffic across packets (`TrafficModel`); nil where they are given means
/// `--no-context`: every packet judged alone.
public struct ContextOptions: Sendable {
    /// Thresholds, timers, caps and the routers allowed to query.
    public var configuration: TrafficConfiguration
    /// The files of one scan are pieces of one capture (`--rotations`): the model carries from each file to the
    /// next, in command-line order, and the files are scanned one at a time. Otherwise every file is its own
    /// segment set, and files can be scanned at once.
    public var carriesAcrossFiles: Bool
    /// Summaries list each segment's groups and how many hosts hold each (`--segments`).
    public var listsGroups: Bool

    /// Context on, with `configuration`.
    public init(configuration: TrafficConfiguration = TrafficConfiguration(), carriesAcrossFiles: Bool = false,
                listsGroups: Bool = false) {
        self.configuration = configuration
        self.carriesAcrossFiles = carriesAcrossFiles
        self.listsGroups = listsGroups
    }
}
