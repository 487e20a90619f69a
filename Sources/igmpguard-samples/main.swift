// Writes the sample captures in Captures/ (and their README), or a large synthetic capture for benchmarks.
//
//   swift run igmpguard-samples [DIR]                       sample captures into DIR (default: Captures)
//   swift run igmpguard-samples --synthetic BYTES OUT.pcap [--seed N] [--ipv6]  deterministic background + IGMP + 1% hostile,
//     about BYTES long; --ipv6: half the background IPv6, a third of the membership traffic and hostile frames MLD
//                                                           (suffixes k, M, G), with OUT.pcap.truth (frame numbers of hostile packets)
//   swift run igmpguard-samples --fuzz-seeds DIR            every sample's packets in every capture form (both pcap
//                                                           magics and byte orders, pcapng block kinds, timestamp
//                                                           resolutions and offsets): seeds for FuzzCapture and FuzzScan
import IGMP
import IGMPCapture
import IGMPSamples
import IGMPTestSupport

#if canImport(Glibc)
import Glibc
#endif

func fail(_ message: String) -> Never {
    var text = "igmpguard-samples: \(message)\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(2)
}

func parseSize(_ text: String) -> Int? {
    let units: [Character: Int] = ["k": 1 << 10, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
    if let last = text.last, let unit = units[last], let n = Int(text.dropLast()) { return n * unit }
    return Int(text)
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--synthetic" {
    // --ipv6 (last): half the background IPv6, a third of the membership traffic and of the hostile frames MLD.
    let ipv6 = arguments.last == "--ipv6"
    let arguments = ipv6 ? Array(arguments.dropLast()) : arguments
    guard arguments.count == 3 || (arguments.count == 5 && arguments[3] == "--seed"), let size = parseSize(arguments[1]),
          arguments.count == 3 || UInt64(arguments[4]) != nil else { fail("usage: --synthetic BYTES OUT.pcap [--seed N] [--ipv6]") }
    let output = arguments[2]
    do {
        let writer = try PcapWriter(path: output, linkType: .ethernet)
        // Another seed, other addresses and order, the same mix (several different files for the jobs benchmark).
        var traffic = arguments.count == 5 ? SyntheticTraffic(seed: UInt64(arguments[4])!, ipv6: ipv6) : SyntheticTraffic(ipv6: ipv6)
        var written = 24
        var frame = 0
        var truth = ""
        while written < size {
            let next = traffic.next()
            frame += 1
            let t = SampleCapture.timestamp(of: frame - 1)
            writer.write(next.bytes, timestamp: Timestamp(seconds: t.seconds, nanoseconds: t.nanoseconds))
            written += 16 + next.bytes.count
            if next.isHostile { truth += "\(frame)\n" }
        }
        writer.close()
        guard let f = fopen(output + ".truth", "w") else { fail("cannot write \(output).truth") }
        fputs(truth, f)
        fclose(f)
        print("\(output): \(frame) frames, \(written) bytes")
    } catch {
        fail("\(error)")
    }
    exit(0)
}

if arguments.first == "--fuzz-seeds" {
    guard arguments.count == 2 else { fail("usage: --fuzz-seeds DIR") }
    var written = 0
    for sample in SampleCatalog.all {
        let name = sample.fileName.hasSuffix(".pcap") ? String(sample.fileName.dropLast(5)) : sample.fileName
        for form in captureForms(frames: sample.packets.map(\.bytes), linkType: sample.linkType.stored.rawValue) {
            let path = "\(arguments[1])/\(name)-\(form.name)"
            guard let f = fopen(path, "wb") else { fail("cannot write \(path)") }
            _ = form.bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
            fclose(f)
            written += 1
        }
    }
    print("wrote \(written) seed captures to \(arguments[1])/")
    exit(0)
}

let directory = arguments.first ?? "Captures"
for sample in SampleCatalog.everyCapture {
    do {
        let writer = try PcapWriter(path: "\(directory)/\(sample.fileName)", linkType: sample.linkType,
                                    snapshotLength: sample.snapshotLength)
        for (i, packet) in sample.packets.enumerated() {
            let t = SampleCapture.timestamp(of: packet, index: i)
            writer.write(packet.bytes, timestamp: Timestamp(seconds: t.seconds, nanoseconds: t.nanoseconds), wireLength: packet.wireLength)
        }
        writer.close()
    } catch {
        fail("\(error)")
    }
}
let readme = SampleReadme.markdown
guard let f = fopen("\(directory)/README.md", "w") else { fail("cannot write \(directory)/README.md") }
fputs(readme, f)
fclose(f)
print("wrote \(SampleCatalog.everyCapture.count) captures and README.md to \(directory)/")
