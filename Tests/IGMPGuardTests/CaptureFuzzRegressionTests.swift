import Foundation
import IGMP
import IGMPCapture
import IGMPTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Capture files the capture fuzz target broke an invariant with, replayed through IGMPCapture over `fmemopen`.
@Suite struct CaptureFuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Regressions/FuzzCapture")

    static var inputs: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted() }

    @Test(arguments: inputs)
    func captureInputEndsCleanly(name: String) throws {
        var data = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(name)))
        let count = data.count
        try data.withUnsafeMutableBytes { raw in
            let stream = try #require(fmemopen(raw.baseAddress, count, "rb"))
            guard let reader = try? CaptureReader(stream: stream, name: name) else { return }
            do {
                try reader.forEachPacket { frame, info in
                    do { try checkFrame(frame, linkType: reader.linkType, wireLength: info.wireLength) }
                    catch { Issue.record("\(name) frame \(info.frameNumber): \(error)") }
                    return true
                }
            } catch {
                #expect(error is CaptureError)
            }
            reader.close()
        }
    }
}
