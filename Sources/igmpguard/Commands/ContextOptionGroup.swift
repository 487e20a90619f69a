import ArgumentParser
import IGMP
import IGMPGuardKit

/// The options of judging traffic across packets, shared by `scan` and `live`.
struct ContextOptionGroup: ParsableArguments {
    @Flag(name: .customLong("no-context"), help: "Judge every packet alone: no querier election, rates or caps across packets.")
    var noContext = false

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp(
        "Routers allowed to query (repeat, or separate with commas): IPv4 addresses for IGMP, IPv6 (link-local) for MLD. A query from any other address of a listed family is querier-not-listed (mld-querier-not-listed), and a listed router taking over is no finding; a family with no address listed is not checked. Snooping switches query IGMP from 0.0.0.0.",
        valueName: "ADDR[,ADDR...]"))
    var querier: [String] = []

    @Option(name: .customLong("context-limit"), parsing: .singleValue, help: ArgumentHelp(
        "Set a threshold, timer (in seconds) or table cap of the traffic rules (repeat for several). Names and defaults: igmpguard rules --limits.",
        valueName: "NAME=VALUE"))
    var contextLimit: [String] = []

    @Flag(name: .long, help: "In each summary, list every segment's groups and how many hosts hold each.")
    var segments = false

    /// The traffic options these flags give (nil for --no-context); `rotations` carries the model across files.
    func options(rotations: Bool = false) throws -> ContextOptions? {
        guard !noContext else { return nil }
        var configuration = TrafficConfiguration()
        let addresses = querier.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        // Each protocol's list holds the addresses of its family; a family with none listed is not checked.
        var igmp: [IPv4Address] = [], mld: [IPv6Address] = []
        for text in addresses {
            let trimmed = String(text.trimmingPrefix(" "))
            if let address = IPv4Address(trimmed) {
                igmp.append(address)
            } else if let address = IPv6Address(String(trimmed.prefix { $0 != "%" })) {
                // MLD is sent from link-local addresses (RFC 3810 5.1.14): another could never match. A zone
                // (`fe80::1%eth0`) names the interface, not the address on the wire.
                guard address.isLinkLocalUnicast else {
                    throw ValidationError("--querier: '\(text)' is not link-local: MLD queriers send from fe80::/10.")
                }
                mld.append(address)
            } else {
                throw ValidationError("--querier: '\(text)' is not an IPv4 or IPv6 address.")
            }
        }
        if !igmp.isEmpty { configuration.queriers = igmp }
        if !mld.isEmpty { configuration.mldQueriers = mld }
        for setting in contextLimit {
            let parts = setting.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Int(parts[1]) else {
                throw ValidationError("--context-limit: '\(setting)' is not NAME=VALUE.")
            }
            let name = String(parts[0])
            guard TrafficConfiguration.limitNames.contains(name) else {
                throw ValidationError("--context-limit: no limit is named '\(name)' (names: \(TrafficConfiguration.limitNames.joined(separator: ", "))).")
            }
            guard configuration.setLimit(name, to: value) else {
                throw ValidationError("--context-limit: \(name) must be 1 to \(1 << 24).")
            }
        }
        return ContextOptions(configuration: configuration, carriesAcrossFiles: rotations, listsGroups: segments)
    }

    func validate() throws {
        if noContext && (!querier.isEmpty || !contextLimit.isEmpty || segments) {
            throw ValidationError("--no-context cannot be used with --querier, --context-limit or --segments.")
        }
        _ = try options()
    }
}
