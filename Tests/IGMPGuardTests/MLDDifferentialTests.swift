import Foundation
import IGMP
import IGMPCapture
import IGMPTestSupport
import Testing

/// tshark as an independent oracle for MLD: frames from our MLD encoder (every message kind, varied extension-header
/// chains), conforming and with bytes of the message flipped, must decode field by field as tshark decodes them
/// (`icmpv6.*`, `icmpv6.mld.*`, `icmpv6.mldr.*`), the ICMPv6 checksum status included.
@Suite(.enabled(if: Tool.tsharkPath != nil, "tshark is not installed (apt-get install tshark): MLD differential tests skipped"))
struct MLDDifferentialTests {
    static let fields = ["frame.number", "icmpv6.type", "icmpv6.code", "icmpv6.checksum", "icmpv6.checksum.status",
                         "icmpv6.mld.maximum_response_delay", "icmpv6.mld.maximum_response_code", "icmpv6.mld.multicast_address",
                         "icmpv6.mld.flag.s", "icmpv6.mld.flag.qrv", "icmpv6.mld.qqi", "icmpv6.mld.nb_sources",
                         "icmpv6.mld.source_address", "icmpv6.mldr.nb_mcast_records", "icmpv6.mldr.mar.record_type",
                         "icmpv6.mldr.mar.aux_data_len", "icmpv6.mldr.mar.nb_sources", "icmpv6.mldr.mar.multicast_address",
                         "icmpv6.mldr.mar.source_address"]

    @Test func generatedMLDFrames() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("mld.pcap").path
        let writer = try PcapWriter(path: path, linkType: .ethernet)
        var rng = SplitMix(seed: 0x3810_9777)
        var frames: [[UInt8]] = []
        for i in 0..<2000 {
            var recipe = FrameRecipe((0..<160).map { _ in UInt8.random(in: 0...255, using: &rng) })
            var frame = recipe.conformingMLDFrame()
            frame.link = .ethernet(destination: MACAddress(multicast: frame.ip.destination), source: MACAddress(rawValue: 0x0200_0000_0001),
                                   vlanTags: [])
            var bytes = frame.bytes
            if i % 2 == 1 {
                // Flip bytes of the message after its Type, so that tshark still sees an MLD message.
                let chain = 14 + 40 + frame.ip.extensionHeaders.reduce(0) { $0 + 1 + $1.encodedBodyLength }
                for _ in 0..<2 where bytes.count > chain + 4 {
                    bytes[Int.random(in: (chain + 1)..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            writer.write(bytes, timestamp: Timestamp(seconds: Int64(i), nanoseconds: 0))
            frames.append(bytes)
        }
        writer.close()

        let result = try Tool.execute([Tool.tsharkPath!, "-r", path, "-o", "ipv6.defragment:FALSE", "-T", "fields", "-E", "separator=|",
                                       "-E", "occurrence=a", "-E", "aggregator=,"] + Self.fields.flatMap { ["-e", $0] })
        #expect(result.status == 0, "\(result.stderr)")
        var rows: [Int: [String: String]] = [:]
        for line in result.stdout.split(separator: "\n") {
            let columns = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard let frame = Int(columns[0]) else { continue }
            rows[frame] = Dictionary(uniqueKeysWithValues: zip(Self.fields, columns))
        }
        var compared = 0, records = 0
        var differences: [String] = []
        for (index, bytes) in frames.enumerated() {
            let frame = index + 1
            guard let theirs = rows[frame] else { differences.append("#\(frame): no tshark row"); continue }
            let local = bytes
            guard let decoded = try? FrameDecoder.decodeMLD(local.span.bytes, linkType: .ethernet) else {
                differences.append("#\(frame): we did not decode it"); continue
            }
            let m = decoded.mld
            func check(_ name: String, _ ours: String, _ field: String) {
                if ours != theirs[field] ?? "" { differences.append("#\(frame) \(name): ours=\(ours) tshark=\(theirs[field] ?? "")") }
            }
            compared += 1
            check("type", String(m.type), "icmpv6.type")
            check("code", String(m.code), "icmpv6.code")
            check("checksum", "0x" + hex4(m.checksum), "icmpv6.checksum")
            let destination = decoded.chain.routingFinalDestination ?? decoded.ip.destination
            check("checksum status", m.isChecksumValid(source: decoded.ip.source, destination: destination) ? "1" : "0", "icmpv6.checksum.status")
            switch m.kind {
            case .queryV1?, .reportV1?, .done?:
                check("maximum response delay", String(m.maximumResponseCode), "icmpv6.mld.maximum_response_delay")
                check("multicast address", m.multicastAddress?.description ?? "", "icmpv6.mld.multicast_address")
            case .queryV2?:
                guard let q = m.queryV2 else { break }
                // tshark shows the code decoded (RFC 3810 5.1.3), in milliseconds, and QQIC as the interval it codes.
                check("maximum response code", String(q.maximumResponseDelay), "icmpv6.mld.maximum_response_code")
                check("multicast address", q.multicastAddress.description, "icmpv6.mld.multicast_address")
                check("S", q.suppressRouterSideProcessing ? "1" : "0", "icmpv6.mld.flag.s")
                check("QRV", String(q.robustness), "icmpv6.mld.flag.qrv")
                check("QQIC", String(q.querierQueryInterval), "icmpv6.mld.qqi")
                check("number of sources", String(q.numberOfSources), "icmpv6.mld.nb_sources")
                if q.sourcesFit { check("sources", q.sources.array.map(\.description).joined(separator: ","), "icmpv6.mld.source_address") }
            case .reportV2?:
                guard let r = m.reportV2 else { break }
                check("number of records", String(r.numberOfRecords), "icmpv6.mldr.nb_mcast_records")
                // Whole records only: past a lying count each tool stops in its own place.
                var walk = r.records
                var whole: [(type: UInt8, aux: Int, count: Int, address: String, sources: [String])] = []
                var lied = false
                while true {
                    do {
                        guard let record = try walk.next() else { break }
                        whole.append((record.type.rawValue, record.auxDataLength, record.numberOfSources,
                                      record.multicastAddress.description, record.sources.array.map(\.description)))
                    } catch { lied = true; break }
                }
                guard !lied else { break }
                records += whole.count
                check("record types", whole.map { String($0.type) }.joined(separator: ","), "icmpv6.mldr.mar.record_type")
                check("aux data lengths", whole.map { String($0.aux) }.joined(separator: ","), "icmpv6.mldr.mar.aux_data_len")
                check("source counts", whole.map { String($0.count) }.joined(separator: ","), "icmpv6.mldr.mar.nb_sources")
                check("record addresses", whole.map(\.address).joined(separator: ","), "icmpv6.mldr.mar.multicast_address")
                check("record sources", whole.flatMap(\.sources).joined(separator: ","), "icmpv6.mldr.mar.source_address")
            case .queryInvalidLength?, nil:
                break
            }
        }
        print("MLD differential: \(compared) frames and \(records) records compared field by field")
        #expect(compared == frames.count)
        #expect(differences.isEmpty, "\(differences.count) differences, first: \(differences.prefix(12))")
    }
}

extension IPv6ExtensionRepr {
    /// Bytes of the header after its Next Header byte (what `IPv6Repr.emit` writes for it).
    var encodedBodyLength: Int {
        var bytes: [UInt8] = []
        IPv6Repr(source: .unspecified, destination: .unspecified, extensionHeaders: [self]).emit(upperLayerLength: 0, into: &bytes)
        return bytes.count - 40 - 1
    }
}
