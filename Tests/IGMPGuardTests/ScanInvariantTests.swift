import Foundation
import IGMPSamples
import IGMPScanTestSupport
import IGMPTestSupport
import Testing

/// The whole-scan invariants (`ScanInvariants`: reporters, escaping, evidence re-read with libpcap) on every sample in
/// every capture form FuzzScan is seeded with, and on every input FuzzScan failed on.
@Suite struct ScanInvariantTests {
    let invariants = ScanInvariants()
    static let regressions = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Regressions/FuzzScan")

    static var samples: [String] { SampleCatalog.all.map(\.fileName) }

    @Test(arguments: samples)
    func everyCaptureFormOfTheSampleKeepsTheInvariants(fileName: String) throws {
        let sample = try #require(SampleCatalog.all.first { $0.fileName == fileName })
        for form in captureForms(frames: sample.packets.map(\.bytes), linkType: sample.linkType.stored.rawValue) {
            for reportAll in [false, true] {
                do { try invariants.check(form.bytes, reportAll: reportAll) }
                catch { Issue.record("\(fileName) as \(form.name), --all \(reportAll): \(error)") }
            }
        }
    }

    static var regressionInputs: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: regressions.path)) ?? []).sorted() }

    @Test(arguments: regressionInputs)
    func fuzzScanInputKeepsTheInvariants(name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.regressions.appendingPathComponent(name)))
        try invariants.check(bytes, reportAll: (bytes.last ?? 0) & 1 == 1)
    }

    @Test func anEmptyOrForeignFileKeepsTheInvariants() throws {
        try invariants.check([], reportAll: false)
        try invariants.check(Array("not a capture\n".utf8), reportAll: true)
    }
}
