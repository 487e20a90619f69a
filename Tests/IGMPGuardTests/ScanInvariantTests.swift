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
                for threads in [1, 2] {
                    do { try invariants.check(form.bytes, reportAll: reportAll, threads: threads) }
                    catch { Issue.record("\(fileName) as \(form.name), --all \(reportAll), --threads \(threads): \(error)") }
                }
            }
        }
    }

    static var regressionInputs: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: regressions.path)) ?? []).sorted() }

    @Test(arguments: regressionInputs)
    func fuzzScanInputKeepsTheInvariants(name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.regressions.appendingPathComponent(name)))
        let last = bytes.last ?? 0
        try invariants.check(bytes, reportAll: last & 1 == 1, threads: last & 2 == 2 ? 2 : 1)
    }

    @Test func theJSONReaderAcceptsJSONAndNothingElse() throws {
        let good = #"{"a":"x\u001b\n\"y","b":-12,"c":[1,2.5e-3,{"d":null}],"e":true,"f":{}}"#
        let members = try parseJSONObjectLine(ArraySlice(good.utf8))
        #expect(members["a"] == .string("x\u{1b}\n\"y"))
        #expect(members["b"] == .integer(-12))
        #expect(members["c"] == .array && members["e"] == .bool(true) && members["f"] == .object)
        #expect(try parseJSONObjectLine(ArraySlice(#"{"s":"\ud83d\ude00 \/ \u00e9","n":1}"#.utf8))["s"] == .string("\u{1F600} / é"))
        #expect(try parseJSONObjectLine(ArraySlice(good.utf8), keeping: ["b", "z"]) == ["b": .integer(-12)])
        let bad = ["{\"a\":\"x\u{1b}\"}", #"{"a":1,}"#, #"{"a":"\u12g4"}"#, #"{"a":[1,]}"#, #"{"a":{"b":1,}}"#, #"{"a":"x}"#, #"{"a":01}"#, #"{"a":1} x"#, #"{"a":"\x"}"#, #"["a"]"#, #"{"a":tru}"#, #"{"a":1"#, ""]
        for line in bad {
            #expect(throws: JSONSyntaxError.self, "\(line.debugDescription)") { try parseJSONObjectLine(ArraySlice(line.utf8)) }
        }
    }

    @Test func anEmptyOrForeignFileKeepsTheInvariants() throws {
        try invariants.check([], reportAll: false)
        try invariants.check(Array("not a capture\n".utf8), reportAll: true)
    }
}
