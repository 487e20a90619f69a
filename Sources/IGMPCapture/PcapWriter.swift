import CPcap
import IGMP

/// Writes a classic .pcap file through libpcap (`pcap_dump`), with nanosecond timestamps.
/// Used to produce the deterministic sample captures.
public final class PcapWriter {
    /// The file being written.
    public let path: String
    let dead: OpaquePointer
    var dumper: OpaquePointer?

    /// Creates (or empties) `path` as a classic pcap file of `linkType` with nanosecond timestamps.
    public init(path: String, linkType: LinkType, snapshotLength: Int = 262_144) throws(CaptureError) {
        self.path = path
        // libpcap takes DLT_ values here and writes the matching LINKTYPE_ value: LINKTYPE_RAW (101) is DLT_RAW.
        let dlt = linkType == .raw ? Int32(DLT_RAW) : Int32(bitPattern: linkType.rawValue)
        guard let d = pcap_open_dead_with_tstamp_precision(dlt, Int32(snapshotLength),
                                                           UInt32(PCAP_TSTAMP_PRECISION_NANO)) else {
            throw CaptureError(.writeFailed, path: path, detail: "pcap_open_dead failed")
        }
        dead = d
        guard let dumper = pcap_dump_open(d, path) else {
            let message = String(cString: pcap_geterr(d))
            pcap_close(d)
            throw CaptureError(.cannotOpen, path: path, detail: message)
        }
        self.dumper = dumper
    }

    deinit { close() }

    /// Appends a packet; `wireLength` larger than `bytes.count` records a snapshot-length cut.
    public func write(_ bytes: [UInt8], timestamp: Timestamp, wireLength: Int? = nil) {
        guard let dumper else { return }
        var header = pcap_pkthdr()
        header.ts.tv_sec = Int(timestamp.seconds)
        header.ts.tv_usec = Int(timestamp.nanoseconds)
        header.caplen = UInt32(bytes.count)
        header.len = UInt32(wireLength ?? bytes.count)
        bytes.withUnsafeBufferPointer { buffer in
            pcap_dump(UnsafeMutableRawPointer(dumper).assumingMemoryBound(to: UInt8.self), &header, buffer.baseAddress)
        }
    }

    /// Flushes and closes the file.
    public func close() {
        guard let d = dumper else { return }
        pcap_dump_close(d)
        dumper = nil
        pcap_close(dead)
    }
}
