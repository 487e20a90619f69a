import Foundation
import IGMPTestSupport
import Testing

/// Every input the fuzzers ever broke an invariant with, replayed through the same checks (Regressions/README.md
/// says what each one found). Inputs use the fuzz targets' conventions (`checkFrameInput`, `checkIGMPInput`).
@Suite struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Regressions")

    static func inputs(_ target: String) -> [String] {
        let dir = directory.appendingPathComponent(target).path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { "\(target)/\($0)" }
    }

    @Test(arguments: inputs("FuzzFrame"))
    func frameInputKeepsEveryInvariant(name: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        data.withUnsafeBytes { raw in
            do { try checkFrameInput(raw) } catch { Issue.record("\(name): \(error)") }
        }
    }

    @Test(arguments: inputs("FuzzIGMP"))
    func igmpInputKeepsEveryInvariant(name: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        data.withUnsafeBytes { raw in
            do { try checkIGMPInput(raw) } catch { Issue.record("\(name): \(error)") }
        }
    }

    @Test func thereAreRegressionInputs() {
        #expect(!Self.inputs("FuzzFrame").isEmpty && !Self.inputs("FuzzIGMP").isEmpty)
    }
}
