import Foundation
import IGMP
import IGMPCapture
import IGMPSamples
import Testing

/// `scan`'s inputs as analysts keep captures: directories of rotated files, pipes, gzip and zstd archives (made by
/// the real `gzip` and `zstd` tools), each read as the plain capture it holds.
@Suite struct ScanInputsTests {
    let dir: URL
    init() throws { dir = try Tool.temporaryDirectory() }

    static let demo = Tool.captures.appendingPathComponent("demo.pcap").path
    static let binary = Tool.buildDirectory.appendingPathComponent("igmpguard").path

    /// Runs a shell command line (for pipes) in the repository root; `$G` is the igmpguard binary.
    func shell(_ script: String) throws -> Tool.Result {
        try Tool.execute(["/bin/sh", "-c", script], environment: ProcessInfo.processInfo.environment.merging(["G": Self.binary, "NO_COLOR": "1"]) { $1 })
    }

    func copy(_ source: String, to name: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: url.path)
        return url.path
    }

    /// `tool` (gzip or zstd) compresses `source` into `name`, or nil (said) when the tool is missing.
    func compress(_ source: String, with tool: String, to name: String) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/\(tool)") else {
            print("skipped: /usr/bin/\(tool) is not installed (scripts/setup.sh --test installs it)")
            return nil
        }
        let path = dir.appendingPathComponent(name).path
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let result = try shell("/usr/bin/\(tool) -c < '\(source)' > '\(path)'")
        #expect(result.status == 0, "\(tool): \(result.stderr)")
        return path
    }

    /// NDJSON output with every file name replaced by `FILE`: what must not change with how the capture is stored.
    func anonymised(_ stdout: String, _ names: [String]) -> String {
        names.reduce(stdout) { $0.replacingOccurrences(of: "\"file\":\"\($1)\"", with: "\"file\":\"FILE\"") }
    }

    // MARK: Directories

    @Test func aDirectoryScansEveryCaptureUnderItRecursivelyInNameOrder() throws {
        let root = dir.appendingPathComponent("captures").path
        let b = try copy(Self.demo, to: "captures/b.pcap")
        let c = try copy(Self.demo, to: "captures/a/c.pcap")
        let z = try copy(Tool.captures.appendingPathComponent("benign-mix.pcap").path, to: "captures/z/deeper/z.pcap")
        try "not a capture\n".write(toFile: root + "/notes.txt", atomically: true, encoding: .utf8)
        let result = try CraftedCapture.scan(["--format", "ndjson", root])
        let files = result.result.objects.filter { $0["event"] as? String == "summary" }.compactMap { $0["file"] as? String }
        #expect(files == [c, b, z], "byte order of names, subdirectories in their place: \(files)")
        #expect(result.status == 1, "hostile packets, and a skipped file is no error: \(result.result.stderr)")
        #expect(result.result.stderr == "igmpguard: warning: \(root)/notes.txt: not a capture file, skipped\n")
        let named = try CraftedCapture.scan(["--format", "ndjson", c, b, z])
        #expect(named.result.stdout == result.result.stdout, "a directory scans as its files named in order")
    }

    /// A link to a file is followed; a link to a directory is not, so a link back up the tree ends nothing.
    @Test func linksToFilesAreFollowedAndLinksToDirectoriesAreNot() throws {
        let root = dir.appendingPathComponent("linked").path
        let real = try copy(Self.demo, to: "elsewhere/real.pcap")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/a.pcap", withDestinationPath: real)
        try FileManager.default.createSymbolicLink(atPath: root + "/loop", withDestinationPath: root)
        try FileManager.default.createSymbolicLink(atPath: root + "/up", withDestinationPath: dir.path)
        let result = try Tool.execute([Self.binary, "scan", "--format", "ndjson", root], timeout: 30)
        #expect(result.status == 1, "\(result.stderr)")
        let files = result.objects.filter { $0["event"] as? String == "summary" }.compactMap { $0["file"] as? String }
        #expect(files == [root + "/a.pcap"], "\(files)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test func aFileNamedOnTheCommandLineThatIsNotACaptureIsStillAnError() throws {
        let notes = dir.appendingPathComponent("notes.txt").path
        try "not a capture\n".write(toFile: notes, atomically: true, encoding: .utf8)
        let result = try CraftedCapture.scan([notes, Self.demo])
        #expect(result.status == 2)
        #expect(result.result.stderr.contains("\(notes): not a capture file"))
    }

    @Test func aFIFOUnderADirectoryIsSkippedNotWaitedOn() throws {
        let root = dir.appendingPathComponent("withfifo").path
        _ = try copy(Self.demo, to: "withfifo/a.pcap")
        #expect(mkfifo(root + "/b.fifo", 0o600) == 0)
        let result = try Tool.execute([Self.binary, "scan", root], timeout: 30)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("\(root)/b.fifo: not a regular file, skipped"))
    }

    @Test func aDirectoryWithNothingToScanIsAnError() throws {
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let result = try CraftedCapture.scan(["--format", "ndjson", empty.path, Self.demo])
        #expect(result.status == 2)
        #expect(result.result.stderr.contains("\(empty.path): cannot open: no file under this directory"))
        #expect(result.result.objects.contains { $0["event"] as? String == "summary" && $0["file"] as? String == Self.demo },
                "the other captures are still scanned")
    }

    @Test func emptyAndTinyFilesUnderADirectoryAreSkipped() throws {
        let root = dir.appendingPathComponent("rotations").path
        _ = try copy(Self.demo, to: "rotations/a.pcap")
        #expect(FileManager.default.createFile(atPath: root + "/b.pcap", contents: Data()))
        #expect(FileManager.default.createFile(atPath: root + "/c.txt", contents: Data("abc".utf8)))
        let result = try CraftedCapture.scan([root])
        #expect(result.status == 1, "\(result.result.stderr)")
        #expect(result.result.stderr == """
            igmpguard: warning: \(root)/b.pcap: empty file, skipped
            igmpguard: warning: \(root)/c.txt: not a capture file, skipped

            """)
    }

    // MARK: Standard input

    @Test func standardInputIsReadAsTheCaptureItCarries() throws {
        let fromFile = try CraftedCapture.scan(["--format", "ndjson", "--all", Self.demo])
        let piped = try shell("cat '\(Self.demo)' | \"$G\" scan --format ndjson --all -")
        #expect(piped.status == fromFile.status, "\(piped.stderr)")
        #expect(anonymised(piped.stdout, ["-"]) == anonymised(fromFile.result.stdout, [Self.demo]))
        let redirected = try shell("\"$G\" scan --format ndjson --all - < '\(Self.demo)'")
        #expect(redirected.stdout == piped.stdout, "a redirected file reads as a pipe does")
        if let gz = try compress(Self.demo, with: "gzip", to: "demo.pcap.gz") {
            let compressed = try shell("cat '\(gz)' | \"$G\" scan --format ndjson --all -")
            #expect(compressed.stdout == piped.stdout, "gzip on standard input: \(compressed.stderr)")
        }
    }

    /// The README's words: `tcpdump -w - | igmpguard scan -`.
    @Test func tcpdumpWritingToStandardOutputPipesIntoTheScan() throws {
        guard let tcpdump = ["/usr/bin/tcpdump", "/usr/sbin/tcpdump"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("skipped: tcpdump is not installed (scripts/setup.sh --test installs it)")
            return
        }
        let piped = try shell("'\(tcpdump)' -r '\(Self.demo)' -w - 2>/dev/null | \"$G\" scan --format ndjson -")
        let fromFile = try CraftedCapture.scan(["--format", "ndjson", Self.demo])
        #expect(piped.status == 1, "\(piped.stderr)")
        #expect(anonymised(piped.stdout, ["-"]) == anonymised(fromFile.result.stdout, [Self.demo]))
    }

    /// A pipe's first bytes cannot be read again, but they are kept: one with a capture's magic that libpcap refuses
    /// is a truncated or corrupt capture, not "not a capture".
    @Test func aBrokenCaptureOnStandardInputIsNamedForWhatItIs() throws {
        let notACapture = try shell("echo hello | \"$G\" scan -")
        #expect(notACapture.status == 2)
        #expect(notACapture.stderr == "igmpguard: -: not a capture file: unknown file format (at byte offset 0)\n")
        let empty = try shell("\"$G\" scan - < /dev/null")
        #expect(empty.status == 2 && empty.stderr.contains("-: truncated capture"), "\(empty.stderr)")
        let cutHeader = try shell("head -c 10 '\(Self.demo)' | \"$G\" scan -")
        #expect(cutHeader.status == 2 && cutHeader.stderr.contains("-: truncated capture"), "\(cutHeader.stderr)")
        let twice = try Tool.run(["scan", "-", "-"])
        #expect(twice.status == 2 && twice.stderr.contains("Standard input (-) can be read once only."))
    }

    // MARK: Compressed captures

    /// gzip and zstd files, told by their first bytes whatever their names: the same packets, frames, verdicts,
    /// summaries and evidence as the plain file.
    @Test(arguments: ["gzip", "zstd"])
    func aCompressedCaptureScansAsThePlainOne(tool: String) throws {
        let plain = Tool.captures.appendingPathComponent("benign-mix.pcap").path
        for source in [Self.demo, plain] {
            guard let compressed = try compress(source, with: tool, to: "\(tool)/\(URL(fileURLWithPath: source).lastPathComponent).bin") else { return }
            let evidencePlain = dir.appendingPathComponent("\(tool)-plain.pcapng").path
            let evidenceCompressed = dir.appendingPathComponent("\(tool)-compressed.pcapng").path
            try? FileManager.default.removeItem(atPath: evidencePlain)
            try? FileManager.default.removeItem(atPath: evidenceCompressed)
            let a = try CraftedCapture.scan(["--format", "ndjson", "--all", "--evidence", evidencePlain, source])
            let b = try CraftedCapture.scan(["--format", "ndjson", "--all", "--evidence", evidenceCompressed, compressed])
            #expect(a.status == b.status, "\(b.result.stderr)")
            #expect(anonymised(a.result.stdout, [source]) == anonymised(b.result.stdout, [compressed]))
            let packetsA = CraftedCapture.readWithLibpcap(evidencePlain).packets
            let packetsB = CraftedCapture.readWithLibpcap(evidenceCompressed).packets
            #expect(packetsA.map(\.bytes) == packetsB.map(\.bytes))
            #expect(packetsA.map(\.info.frameNumber) == packetsB.map(\.info.frameNumber))
        }
    }

    /// Captures nobody here made (../shared/reference/captures: pcap and pcapng, every link type the peers ship),
    /// compressed with the real tools, scan exactly as they do plain.
    @Test(.enabled(if: Tool.referenceDirectory != nil, "../shared/reference/captures is absent: skipped"), arguments: ["gzip", "zstd"])
    func everyReferenceCaptureScansTheSameCompressed(tool: String) throws {
        let reference = try #require(Tool.referenceDirectory)
        let captures = try FileManager.default.subpathsOfDirectory(atPath: reference)
            .filter { path in [".pcap", ".pcapng", ".cap"].contains { path.hasSuffix($0) } }.sorted()
        #expect(captures.count > 10)
        for capture in captures {
            let source = reference + "/" + capture
            guard let compressed = try compress(source, with: tool, to: "\(tool)/\(capture)") else { return }
            let plain = try CraftedCapture.scan(["--format", "ndjson", "--all", source])
            let packed = try CraftedCapture.scan(["--format", "ndjson", "--all", compressed])
            #expect(packed.status == plain.status, "\(capture): \(packed.result.stderr)")
            // The name stands in error messages too, not only in "file".
            #expect(packed.result.stdout.replacingOccurrences(of: compressed, with: "FILE")
                    == plain.result.stdout.replacingOccurrences(of: source, with: "FILE"), "\(capture)")
            #expect(packed.result.stderr.replacingOccurrences(of: compressed, with: "FILE")
                    == plain.result.stderr.replacingOccurrences(of: source, with: "FILE"), "\(capture)")
        }
    }

    /// gzip's members one after another (as `cat a.gz b.gz` makes) are one stream.
    @Test func gzipMembersOneAfterAnotherAreOneCapture() throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Self.demo)))
        let half = try CraftedCapture.write(Array(bytes[..<1000]), "first", in: dir)
        let rest = try CraftedCapture.write(Array(bytes[1000...]), "rest", in: dir)
        guard let one = try compress(half, with: "gzip", to: "1.gz"), let two = try compress(rest, with: "gzip", to: "2.gz") else { return }
        let joined = dir.appendingPathComponent("joined.gz").path
        #expect(try shell("cat '\(one)' '\(two)' > '\(joined)'").status == 0)
        let a = try CraftedCapture.scan(["--format", "ndjson", "--all", Self.demo])
        let b = try CraftedCapture.scan(["--format", "ndjson", "--all", joined])
        #expect(anonymised(a.result.stdout, [Self.demo]) == anonymised(b.result.stdout, [joined]), "\(b.result.stderr)")
    }

    /// Compressed data cut short is a truncated capture, also when the cut falls where a record ends (the
    /// decompressor knows the stream is not finished); every packet before it is reported and counted.
    @Test(arguments: ["gzip", "zstd"])
    func compressedDataThatEndsEarlyIsATruncatedCapture(tool: String) throws {
        // Large enough for several compressed blocks, so that whole ones come before the cut.
        let source = dir.appendingPathComponent("synthetic.pcap").path
        let writer = try PcapWriter(path: source, linkType: .ethernet)
        var traffic = SyntheticTraffic()
        for i in 0..<8_000 { writer.write(traffic.next().bytes, timestamp: Timestamp(seconds: 1_700_000_000 + Int64(i), nanoseconds: 0)) }
        writer.close()
        guard let whole = try compress(source, with: tool, to: "whole.\(tool)") else { return }
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: whole)))
        let cut = try CraftedCapture.write(Array(bytes[..<(bytes.count * 3 / 4)]), "cut.\(tool)", in: dir)
        let result = try CraftedCapture.scan(["--format", "ndjson", "--all", cut])
        #expect(result.status == 2)
        #expect(result.result.stderr.contains("\(cut): truncated capture: the \(tool) data ends early"), "\(result.result.stderr)")
        #expect(!result.packets.isEmpty, "the packets before the cut are reported")
        let summary = try #require(result.result.objects.last)
        #expect(summary["event"] as? String == "summary")
    }

    @Test(arguments: ["gzip", "zstd"])
    func compressedDataTheDecompressorRefusesIsACorruptCapture(tool: String) throws {
        let source = Tool.captures.appendingPathComponent("benign-mix.pcap").path
        guard let whole = try compress(source, with: tool, to: "whole.\(tool)") else { return }
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: whole)))
        for i in stride(from: bytes.count / 2, to: bytes.count - 8, by: 1) { bytes[i] ^= 0x5a }
        let broken = try CraftedCapture.write(bytes, "broken.\(tool)", in: dir)
        let result = try CraftedCapture.scan(["--format", "ndjson", broken])
        #expect(result.status == 2)
        #expect(result.result.stderr.contains("\(broken): corrupt capture: \(tool): "), "the decompressor's words: \(result.result.stderr)")
    }

    /// A gzip trailer whose checksum does not match: every packet is read (zlib reports the mismatch with the last
    /// bytes decoded), then the capture is corrupt.
    @Test func aBadGzipChecksumComesAfterEveryPacket() throws {
        guard let gz = try compress(Self.demo, with: "gzip", to: "badcrc.pcap.gz") else { return }
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: gz)))
        bytes[bytes.count - 8] ^= 0xff // CRC-32, the trailer's first four bytes
        let broken = try CraftedCapture.write(bytes, "badcrc.gz", in: dir)
        let plain = try CraftedCapture.scan(["--format", "ndjson", "--all", Self.demo])
        let result = try CraftedCapture.scan(["--format", "ndjson", "--all", broken])
        #expect(result.status == 2)
        #expect(result.packets.count == plain.packets.count, "every packet before the trailer")
        #expect(result.result.stderr.contains("\(broken): corrupt capture: gzip: incorrect data check"), "\(result.result.stderr)")
    }

    /// Bytes after a gzip member that are not another member are an error, not a quiet end: a damaged member header
    /// would otherwise hide the rest of the capture.
    @Test func bytesAfterTheGzipDataThatAreNotGzipAreAnError() throws {
        guard let gz = try compress(Self.demo, with: "gzip", to: "trailing.pcap.gz") else { return }
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: gz))) + Array("garbage".utf8)
        let broken = try CraftedCapture.write(bytes, "trailing.gz", in: dir)
        let plain = try CraftedCapture.scan(["--format", "ndjson", "--all", Self.demo])
        let result = try CraftedCapture.scan(["--format", "ndjson", "--all", broken])
        #expect(result.status == 2)
        #expect(result.packets.count == plain.packets.count)
        #expect(result.result.stderr.contains("corrupt capture: gzip: bytes after the end of the compressed data are not gzip"), "\(result.result.stderr)")
    }

    /// pzstd writes a skippable frame first (magic 0x184D2A50 to 0x184D2A5F): still zstd.
    @Test func zstdStartingWithASkippableFrameIsRecognised() throws {
        guard let zst = try compress(Self.demo, with: "zstd", to: "plain.zst") else { return }
        let skippable: [UInt8] = [0x53, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 1, 2, 3, 4]
        let withFrame = try CraftedCapture.write(skippable + Array(Data(contentsOf: URL(fileURLWithPath: zst))), "pzstd.bin", in: dir)
        let plain = try CraftedCapture.scan(["--format", "ndjson", "--all", Self.demo])
        let result = try CraftedCapture.scan(["--format", "ndjson", "--all", withFrame])
        #expect(result.status == plain.status, "\(result.result.stderr)")
        #expect(anonymised(result.result.stdout, [withFrame]) == anonymised(plain.result.stdout, [Self.demo]))
    }

    /// A pcapng block cut off: the error's offset (where reading stopped, from the stream's position) is the same
    /// in the plain and the compressed file.
    @Test func pcapngErrorOffsetsInACompressedCaptureAreTheCapturesOwn() throws {
        // A pcapng file: the demo's evidence, as the scan writes it.
        let source = dir.appendingPathComponent("evidence.pcapng").path
        _ = try CraftedCapture.scan(["--evidence", source, Self.demo])
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: source)))
        let cut = try CraftedCapture.write(Array(bytes[..<(bytes.count - 20)]), "cut.pcapng", in: dir)
        guard let compressed = try compress(cut, with: "zstd", to: "cut.pcapng.zst") else { return }
        let plain = try CraftedCapture.scan([cut])
        let zst = try CraftedCapture.scan([compressed])
        #expect(plain.status == 2 && zst.status == 2)
        let offset = try #require(plain.result.stderr.range(of: "(at byte offset ").map { plain.result.stderr[$0.lowerBound...] })
        #expect(zst.result.stderr.hasSuffix(String(offset)), "\(zst.result.stderr) vs \(plain.result.stderr)")
    }

    /// A record cut off mid-file has the same byte offset in the error whether the file is plain or compressed: the
    /// offset in the capture it holds.
    @Test func errorOffsetsInACompressedCaptureAreTheCapturesOwn() throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Self.demo)))
        let cut = try CraftedCapture.write(Array(bytes[..<(bytes.count - 30)]), "cut.pcap", in: dir)
        guard let compressed = try compress(cut, with: "gzip", to: "cut.pcap.gz") else { return }
        let plain = try CraftedCapture.scan([cut])
        let gz = try CraftedCapture.scan([compressed])
        #expect(plain.status == 2 && gz.status == 2)
        let offset = try #require(plain.result.stderr.range(of: "(at byte offset ").map { plain.result.stderr[$0.lowerBound...] })
        #expect(gz.result.stderr.hasSuffix(String(offset)), "\(gz.result.stderr) vs \(plain.result.stderr)")
    }
}
