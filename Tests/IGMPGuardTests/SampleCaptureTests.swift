import Foundation
import IGMP
import IGMPSamples
import Testing

/// Captures/ is what our encoder makes, byte for byte, and the real binary gives every packet its expected verdict.
@Suite struct SampleCaptureTests {
    @Test func capturesAreRegeneratedByteForByte() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Tool.run([dir.path], binary: "igmpguard-samples")
        #expect(result.status == 0, "\(result.stderr)")
        let committed = try FileManager.default.contentsOfDirectory(atPath: Tool.captures.path).sorted()
        let fresh = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(committed == fresh)
        for name in fresh {
            let a = try Data(contentsOf: Tool.captures.appendingPathComponent(name))
            let b = try Data(contentsOf: dir.appendingPathComponent(name))
            #expect(a == b, "Captures/\(name) differs from what the generator makes: run swift run igmpguard-samples Captures")
        }
    }

    @Test(arguments: SampleCatalog.everyCapture.map(\.fileName))
    func everyPacketGetsItsExpectedVerdict(file: String) throws {
        // Under a sanitizer one short story stands for them all: the model's memory and threads are the library
        // tests' and FuzzTraffic's to check, and the verdicts the plain run's.
        if Tool.sanitizer != nil && file.hasPrefix("context-") && file != "context-querier-takeover.pcap" { return }
        let sample = try #require(SampleCatalog.everyCapture.first { $0.fileName == file })
        let result = try Tool.run(["scan", "--all", "--format", "ndjson"] + sample.scanArguments + ["Captures/\(file)"])
        let expectedStatus: Int32 = sample.worstVerdict == .hostile ? 1 : 0
        #expect(result.status == expectedStatus, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let packets = result.objects.filter { $0["event"] as? String == "packet" }
        let byFrame = Dictionary(uniqueKeysWithValues: packets.map { ($0["frame"] as! Int, $0) })
        for (index, expected) in sample.packets.enumerated() {
            let frame = index + 1
            guard expected.isJudged else {
                #expect(byFrame[frame] == nil, "\(file)#\(frame) is neither IGMP nor MLD but was printed")
                continue
            }
            let object = try #require(byFrame[frame], "\(file)#\(frame) (\(expected.note)) not printed with --all")
            #expect(object["verdict"] as? String == expected.verdict.description, "\(file)#\(frame) \(expected.note)")
            #expect(expected.isMLD ? object["igmp"] == nil : object["mld"] == nil, "\(file)#\(frame) \(expected.note): the wrong protocol")
            let fired = Set((object["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String })
            for rule in expected.rules {
                #expect(fired.contains(rule.id), "\(file)#\(frame) \(expected.note): \(rule.id) did not fire, got \(fired)")
            }
        }
        let summary = try #require(result.objects.first { $0["event"] as? String == "summary" })
        #expect(summary["packets"] as? Int == sample.packets.count)
        #expect(summary["igmp"] as? Int == sample.packets.filter { $0.isJudged && !$0.isMLD }.count)
        let mld = sample.packets.filter(\.isMLD).count
        #expect(summary["mld"] as? Int == (mld > 0 ? mld : nil))
        #expect(summary["hostile"] as? Int == sample.packets.filter { $0.isJudged && $0.verdict == .hostile }.count)
        #expect(summary["suspicious"] as? Int == sample.packets.filter { $0.isJudged && $0.verdict == .suspicious }.count)
        #expect(summary["truncated"] as? Int == sample.packets.filter { $0.wireLength != nil }.count)
    }

    /// Captures/README.md is generated with the files.
    @Test func readmeListsEveryCaptureWithItsVerdicts() throws {
        let readme = try String(contentsOf: Tool.captures.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme == SampleReadme.markdown)
        for sample in SampleCatalog.everyCapture { #expect(readme.contains("`\(sample.fileName)`")) }
    }

    /// Every packet of the traffic stories is clean judged alone, by the library and by the binary with
    /// --no-context: only its place in the traffic makes a trigger a finding. Every traffic rule has its story.
    @Test(arguments: SampleCatalog.trafficScenarios.map(\.fileName))
    func everyStoryPacketIsCleanAlone(file: String) throws {
        let sample = try #require(SampleCatalog.trafficScenarios.first { $0.fileName == file })
        for (index, packet) in sample.packets.enumerated() {
            var findings = FindingBuffer()
            let bytes = packet.bytes
            let alone = Validator.validate(frame: bytes.span.bytes, linkType: sample.linkType, into: &findings)
            #expect(alone.verdict == .clean && findings.isEmpty, "\(file)#\(index + 1) \(packet.note): \(findings.array)")
        }
        guard Tool.sanitizer == nil else { return } // the binary's output: the plain run's to check
        let result = try Tool.run(["scan", "--no-context", "--format", "ndjson", "Captures/\(file)"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(result.objects.first { $0["event"] as? String == "summary" })
        #expect(summary["clean"] as? Int == sample.packets.count)
        #expect(summary["segments"] == nil, "--no-context keeps no traffic model")
    }

    @Test func everyTrafficRuleHasAStoryAndEveryStoryATwin() {
        let fired = Set(SampleCatalog.trafficScenarios.flatMap { $0.packets.flatMap(\.rules) })
        #expect(fired == Set(Rule.allCases.filter { $0.row.scope == .traffic }))
        let clean = SampleCatalog.trafficScenarios.filter { $0.worstVerdict == .clean }
        #expect(clean.count == fired.count + 2, "a clean twin per rule, the healthy IGMP segment and the healthy dual-stack link")
        let healthy = try? #require(SampleCatalog.trafficScenarios.first { $0.fileName == "context-healthy-segment.pcap" })
        let span = (healthy?.packets.last?.time ?? 0) - (healthy?.packets.first?.time ?? 0)
        #expect(span >= 7000, "the healthy segment spans hours")
    }

    /// One capture per MLD rule, its packet firing it and the conforming twin clean (for the rules that judge traffic,
    /// a story and its twin story).
    @Test func everyMLDRuleHasASampleCapture() {
        let covered = Set((SampleCatalog.mldCaptures + SampleCatalog.mldTrafficScenarios).flatMap { $0.packets.flatMap(\.rules) })
        #expect(covered == Set(Rule.allCases.filter { $0.row.family == .mld }))
        #expect(SampleCatalog.mldTrafficScenarios.allSatisfy { $0.fileName.hasPrefix("context-mld-") })
        #expect(SampleCatalog.mldCaptures.allSatisfy { $0.packets.allSatisfy { $0.isMLD || !$0.isJudged } })
    }

    /// The demo the README's first command scans holds hostile packets (exit 1) among clean ones.
    @Test func demoCaptureMixesCleanAndHostile() throws {
        let result = try Tool.run(["scan", "Captures/demo.pcap"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("ms06-007-options"))
        #expect(result.stdout.contains("HOSTILE"))
        #expect(!result.stdout.contains("\u{1b}["), "colour escapes when stdout is not a terminal")
    }
}
