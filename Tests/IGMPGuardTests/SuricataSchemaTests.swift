import Foundation
import IGMP
import IGMPSamples
import Testing

/// Every EVE line `scan` writes validates against Suricata's own schema, so the Suricata integrations of Elastic and
/// Splunk index IGMPGuard's alerts unchanged. (`live`'s alerts and stats: LiveCaptureTests.)
@Suite(.enabled(if: SuricataSchema.unavailableReason == nil, "\(SuricataSchema.unavailableReason ?? "")"))
struct SuricataSchemaTests {
    /// Every sample capture with `--all`: every rule a sample is made to fire has its alert, info findings included.
    @Test func everyAlertOfEverySampleCaptureValidates() throws {
        let captures = try FileManager.default.contentsOfDirectory(atPath: Tool.captures.path)
            .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted().map { "Captures/" + $0 }
        #expect(captures.count > 10)
        let result = try Tool.run(["scan", "--all", "--format", "eve"] + captures)
        let alerts = result.objects
        #expect(alerts.count > 50, "\(result.stderr)")
        let fired = Set(alerts.compactMap { (($0["alert"] as? [String: Any])?["metadata"] as? [String: Any])?["igmpguard_rule"] as? [String] }.flatMap { $0 })
        let expected = Set(SampleCatalog.all.flatMap { $0.packets.flatMap { $0.rules.map(\.id) } })
        #expect(fired.isSuperset(of: expected), "every rule the samples are made to fire has an alert: \(expected.subtracting(fired).sorted())")
        let errors = try SuricataSchema.errors(in: result.stdout)
        #expect(errors.isEmpty, "\(errors.prefix(10).joined(separator: "\n"))")
    }

    /// The schema test can fail: the EVE shape before this was moved into the schema's extension points fails it.
    @Test func theSchemaRefusesFieldsOutsideItsExtensionPoints() throws {
        let old = #"{"timestamp":"2026-01-01T00:00:00.000000+0000","event_type":"alert","alert":{"signature_id":1},"igmpguard":{"rule":"x"}}"#
        let errors = try SuricataSchema.errors(in: old + "\n")
        #expect(errors.count == 1 && errors[0].contains("igmpguard"), "\(errors)")
    }

    /// The alert's own fields sit in `alert.metadata` (arrays of strings), `alert.references` (links) and
    /// `alert.context.igmpguard`; `igmp` carries the Type byte and version as Suricata's IGMP decoder writes them.
    @Test func ownFieldsSitInTheSchemasExtensionPoints() throws {
        let result = try Tool.run(["scan", "--format", "eve", "Captures/hostile-ms06-007.pcap"])
        let first = try #require(result.objects.first)
        #expect(first["igmpguard"] == nil)
        let igmp = try #require(first["igmp"] as? [String: Any])
        #expect(igmp["type"] as? Int == 0x11 && igmp["version"] as? Int == 3, "\(igmp)")
        let alert = try #require(first["alert"] as? [String: Any])
        let metadata = try #require(alert["metadata"] as? [String: Any])
        #expect(metadata["igmpguard_rule"] as? [String] == ["ms06-007-options"])
        #expect(metadata["igmpguard_severity"] as? [String] == ["hostile"])
        let references = try #require(alert["references"] as? [String])
        #expect(references.contains("https://www.cve.org/CVERecord?id=CVE-2006-0021"))
        #expect(references.contains("https://learn.microsoft.com/en-us/security-updates/securitybulletins/2006/ms06-007"))
        let own = try #require((alert["context"] as? [String: Any])?["igmpguard"] as? [String: Any])
        #expect(own["rule"] as? String == "ms06-007-options")
        #expect(own["offset"] as? Int == 34)
        #expect(own["verdict"] as? String == "hostile")
        #expect((own["refs"] as? [String])?.contains("CVE-2006-0021") == true)
    }
}
