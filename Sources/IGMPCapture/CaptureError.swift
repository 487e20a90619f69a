import CPcap
import IGMP

/// Why a capture could not be opened, read or written. Always names the file or interface, and the byte offset where
/// the problem sits when one is known.
public struct CaptureError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure an error is; the raw value is the phrase the error line and the JSON `kind` show.
    public enum Kind: String, Sendable {
        /// The file could not be opened or read at all (missing, unreadable, a directory, an I/O error).
        case cannotOpen = "cannot open"
        /// The file does not begin with a pcap or pcapng magic number.
        case notACapture = "not a capture file"
        /// The file ends in the middle of a header or a record.
        case truncated = "truncated capture"
        /// The file has a capture's magic, but a file header, record or block that cannot be (an unsupported version,
        /// a length past every limit, a packet for an interface never described). `CaptureFailure` tells the kinds
        /// apart from the bytes and where reading stopped.
        case corrupt = "corrupt capture"
        /// The capture's link type is not one the decoder reads.
        case unsupportedLinkType = "unsupported link type"
        /// The BPF filter expression does not compile.
        case badFilter = "bad filter"
        /// Writing failed (disk full, permission ...).
        case writeFailed = "write failed"
        /// No network interface has that name.
        case noSuchInterface = "no such interface"
        /// The interface exists but is administratively down.
        case interfaceDown = "interface is down"
        /// Capturing (or injecting) needs privileges this process lacks.
        case permissionDenied = "permission denied"
        /// A live capture could not be started or broke off (the interface went away ...).
        case captureFailed = "capture failed"
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// The file (or, for live capture, the interface) the error is about.
    public var path: String
    /// What libpcap or the system said.
    public var detail: String
    /// Byte offset in the file of the record or block that could not be read.
    public var offset: Int64?

    /// An error of `kind` about the file or interface at `path`, with what libpcap or the system said and, when
    /// known, the byte offset in the file.
    public init(_ kind: Kind, path: String, detail: String, offset: Int64? = nil) {
        self.kind = kind
        self.path = path
        self.detail = detail
        self.offset = offset
    }

    /// The link type of an open libpcap handle (file or interface); when the decoder does not read it, the handle is
    /// closed and the error names the link type and what is supported.
    static func supportedLinkType(of handle: OpaquePointer, path: String) throws(CaptureError) -> LinkType {
        let linkType = LinkType(rawValue: UInt32(bitPattern: pcap_datalink(handle)))
        guard linkType.isSupported else {
            let name = pcap_datalink_val_to_name(Int32(bitPattern: linkType.rawValue)).map { String(cString: $0) }
            pcap_close(handle)
            throw CaptureError(.unsupportedLinkType, path: path,
                               detail: "\(name ?? "DLT \(linkType.rawValue)") (\(linkType.rawValue)); supported: Ethernet, Linux SLL/SLL2, raw IPv4, null/loopback")
        }
        return linkType
    }

    /// One line: `FILE: truncated capture: <detail> (at byte offset N)`.
    public var description: String {
        var s = "\(path): \(kind.rawValue)"
        if !detail.isEmpty { s += ": \(detail)" }
        if let offset { s += " (at byte offset \(offset))" }
        return s
    }
}
