import IGMP

/// Capture files built byte by byte, in every form libpcap reads, with every field free: classic pcap of either
/// magic (micro- or nanosecond) and byte order, and pcapng of either byte order with Enhanced, Simple and obsolete
/// Packet Blocks and any `if_tsresol` and `if_tsoffset`. The hostile-capture tests craft files with these, and
/// `igmpguard-samples --fuzz-seeds` writes the fuzz targets' seeds with them.
public struct ClassicPcap {
    public enum Precision: Sendable { case microseconds, nanoseconds }

    public struct Record {
        public var seconds: UInt32
        /// Micro- or nanoseconds as `precision` says; libpcap does not check it against one second.
        public var fraction: UInt32
        public var data: [UInt8]
        /// The length on the wire; the captured length when nil.
        public var originalLength: UInt32?
        public init(seconds: UInt32, fraction: UInt32, data: [UInt8], originalLength: UInt32? = nil) {
            self.seconds = seconds
            self.fraction = fraction
            self.data = data
            self.originalLength = originalLength
        }
    }

    public var bigEndian: Bool
    public var precision: Precision
    public var linkType: UInt32
    public var snapshotLength: UInt32
    public var records: [Record]

    public init(bigEndian: Bool = false, precision: Precision = .microseconds, linkType: UInt32 = 1,
                snapshotLength: UInt32 = 262_144, records: [Record] = []) {
        self.bigEndian = bigEndian
        self.precision = precision
        self.linkType = linkType
        self.snapshotLength = snapshotLength
        self.records = records
    }

    public var bytes: [UInt8] {
        var out = ByteWriter(bigEndian: bigEndian)
        out.u32(precision == .microseconds ? 0xa1b2_c3d4 : 0xa1b2_3c4d)
        out.u16(2); out.u16(4)
        out.u32(0); out.u32(0)
        out.u32(snapshotLength)
        out.u32(linkType)
        for r in records {
            out.u32(r.seconds); out.u32(r.fraction)
            out.u32(UInt32(truncatingIfNeeded: r.data.count)); out.u32(r.originalLength ?? UInt32(truncatingIfNeeded: r.data.count))
            out.bytes += r.data
        }
        return out.bytes
    }
}

public struct Pcapng {
    public struct Interface {
        public var linkType: UInt16
        public var snapshotLength: UInt32
        /// `if_tsresol`: 10^-n for n below 128, 2^-(n - 128) above (nil: the default, microseconds).
        public var timestampResolution: UInt8?
        /// `if_tsoffset`, in seconds.
        public var timestampOffset: Int64?
        public init(linkType: UInt16 = 1, snapshotLength: UInt32 = 262_144, timestampResolution: UInt8? = nil,
                    timestampOffset: Int64? = nil) {
            self.linkType = linkType
            self.snapshotLength = snapshotLength
            self.timestampResolution = timestampResolution
            self.timestampOffset = timestampOffset
        }
    }

    public enum Block {
        /// An Enhanced Packet Block: interface, timestamp in the interface's units, data, original length.
        case enhanced(interface: UInt32, timestamp: UInt64, data: [UInt8], originalLength: UInt32?)
        /// A Simple Packet Block (first interface, no timestamp).
        case simple(data: [UInt8], originalLength: UInt32?)
        /// The obsolete Packet Block (type 2).
        case obsolete(interface: UInt16, timestamp: UInt64, data: [UInt8], originalLength: UInt32?)
    }

    public var bigEndian: Bool
    public var interfaces: [Interface]
    public var blocks: [Block]

    public init(bigEndian: Bool = false, interfaces: [Interface] = [Interface()], blocks: [Block] = []) {
        self.bigEndian = bigEndian
        self.interfaces = interfaces
        self.blocks = blocks
    }

    public var bytes: [UInt8] {
        var out = ByteWriter(bigEndian: bigEndian)
        var section = ByteWriter(bigEndian: bigEndian)
        section.u32(0x1a2b_3c4d); section.u16(1); section.u16(0); section.u64(UInt64.max)
        out.block(0x0a0d_0d0a, section.bytes)
        for i in interfaces {
            var body = ByteWriter(bigEndian: bigEndian)
            body.u16(i.linkType); body.u16(0); body.u32(i.snapshotLength)
            if let resolution = i.timestampResolution { body.option(9, [resolution]) }
            if let offset = i.timestampOffset {
                var value = ByteWriter(bigEndian: bigEndian)
                value.u64(UInt64(bitPattern: offset))
                body.option(14, value.bytes)
            }
            if i.timestampResolution != nil || i.timestampOffset != nil { body.option(0, []) }
            out.block(1, body.bytes)
        }
        for block in blocks {
            var body = ByteWriter(bigEndian: bigEndian)
            switch block {
            case let .enhanced(interface, timestamp, data, originalLength):
                body.u32(interface)
                body.u32(UInt32(truncatingIfNeeded: timestamp >> 32)); body.u32(UInt32(truncatingIfNeeded: timestamp))
                body.u32(UInt32(truncatingIfNeeded: data.count)); body.u32(originalLength ?? UInt32(truncatingIfNeeded: data.count))
                body.bytes += data
                body.padToWord()
                out.block(6, body.bytes)
            case let .simple(data, originalLength):
                body.u32(originalLength ?? UInt32(truncatingIfNeeded: data.count))
                body.bytes += data
                body.padToWord()
                out.block(3, body.bytes)
            case let .obsolete(interface, timestamp, data, originalLength):
                body.u16(interface); body.u16(0) // drops count
                body.u32(UInt32(truncatingIfNeeded: timestamp >> 32)); body.u32(UInt32(truncatingIfNeeded: timestamp))
                body.u32(UInt32(truncatingIfNeeded: data.count)); body.u32(originalLength ?? UInt32(truncatingIfNeeded: data.count))
                body.bytes += data
                body.padToWord()
                out.block(2, body.bytes)
            }
        }
        return out.bytes
    }
}

extension ByteWriter {
    /// A writer in a capture file's byte order.
    init(bigEndian: Bool) { self.init(order: bigEndian ? .bigEndian : .littleEndian) }

    /// A pcapng block: type, total length, body, total length.
    mutating func block(_ type: UInt32, _ body: [UInt8]) {
        let total = UInt32(truncatingIfNeeded: 12 + body.count)
        u32(type); u32(total)
        bytes += body
        u32(total)
    }
}

/// Every form of one capture's frames the fuzz seeds and hostile-file tests use: classic pcap in both magics and
/// byte orders (sane times, and fractions past one second), and pcapng in both byte orders with each packet block
/// kind and timestamp resolutions and offsets at their extremes. Named for the form.
public func captureForms(frames: [[UInt8]], linkType: UInt32) -> [(name: String, bytes: [UInt8])] {
    var forms: [(String, [UInt8])] = []
    for bigEndian in [false, true] {
        let order = bigEndian ? "be" : "le"
        for precision in [ClassicPcap.Precision.microseconds, .nanoseconds] {
            let unit = precision == .microseconds ? "us" : "ns"
            let sane = frames.enumerated().map { i, f in
                ClassicPcap.Record(seconds: 1_767_225_600 + UInt32(i), fraction: UInt32(i * 1000), data: f)
            }
            forms.append(("pcap-\(order)-\(unit)", ClassicPcap(bigEndian: bigEndian, precision: precision, linkType: linkType, records: sane).bytes))
            let extreme = frames.enumerated().map { i, f in
                ClassicPcap.Record(seconds: i % 2 == 0 ? UInt32.max : 0, fraction: i % 2 == 0 ? UInt32.max : 0x8000_0000, data: f)
            }
            forms.append(("pcap-\(order)-\(unit)-extreme-times", ClassicPcap(bigEndian: bigEndian, precision: precision, linkType: linkType, records: extreme).bytes))
        }
        let link = UInt16(truncatingIfNeeded: linkType)
        let enhanced = frames.enumerated().map { i, f in Pcapng.Block.enhanced(interface: 0, timestamp: UInt64(i) << 20, data: f, originalLength: nil) }
        forms.append(("pcapng-\(order)-enhanced", Pcapng(bigEndian: bigEndian, interfaces: [.init(linkType: link)], blocks: enhanced).bytes))
        forms.append(("pcapng-\(order)-simple", Pcapng(bigEndian: bigEndian, interfaces: [.init(linkType: link)],
                                                       blocks: frames.map { .simple(data: $0, originalLength: nil) }).bytes))
        forms.append(("pcapng-\(order)-obsolete", Pcapng(bigEndian: bigEndian, interfaces: [.init(linkType: link)],
                                                         blocks: frames.enumerated().map { i, f in .obsolete(interface: 0, timestamp: UInt64(i), data: f, originalLength: nil) }).bytes))
        let extremes: [(String, UInt8?, Int64?, UInt64)] = [
            ("tsresol-1s", 0, nil, UInt64.max),
            ("tsresol-ns", 9, nil, UInt64.max),
            ("tsresol-2pow-63", 128 + 63, nil, UInt64.max),
            ("tsresol-2pow-0", 128, nil, UInt64.max),
            ("tsoffset-max", 9, Int64.max, UInt64.max),
            ("tsoffset-min", 9, Int64.min, 0),
            ("tsoffset-negative", 6, -62_135_596_801, 999_999),
        ]
        for (name, resolution, offset, timestamp) in extremes {
            let interface = Pcapng.Interface(linkType: link, timestampResolution: resolution, timestampOffset: offset)
            let blocks = frames.map { Pcapng.Block.enhanced(interface: 0, timestamp: timestamp, data: $0, originalLength: nil) }
            forms.append(("pcapng-\(order)-\(name)", Pcapng(bigEndian: bigEndian, interfaces: [interface], blocks: blocks).bytes))
        }
    }
    return forms
}
