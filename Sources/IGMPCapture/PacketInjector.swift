import CPcap
import IGMP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends whole link-layer frames out of an interface with `pcap_inject`, as they are: the kernel adds nothing and
/// checks nothing, so malformed frames leave exactly as built. For tests and load measurements on lab interfaces.
public final class PacketInjector {
    /// The interface frames are sent out of.
    public let interface: String
    /// The interface's link type: frames must start with its header.
    public let linkType: LinkType
    let handle: OpaquePointer
    private var closed = false

    /// Opens `interface` for sending; needs the same privileges as capturing.
    public init(interface: String) throws(CaptureError) {
        self.interface = interface
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let created = pcap_create(interface, &errbuf) else {
            throw CaptureError(.captureFailed, path: interface, detail: CaptureReader.string(errbuf))
        }
        // Sending only: the smallest buffer, and nothing captured lingers.
        pcap_set_snaplen(created, 64)
        pcap_set_buffer_size(created, 1 << 16)
        let status = pcap_activate(created)
        if status < 0 {
            let error = LiveCapture.activationError(status, interface: interface, detail: String(cString: pcap_geterr(created)))
            pcap_close(created)
            throw error
        }
        // Receive nothing: this handle only writes.
        var program = bpf_program()
        if pcap_compile(created, &program, "less 1", 1, PCAP_NETMASK_UNKNOWN) == 0 {
            pcap_setfilter(created, &program)
            pcap_freecode(&program)
        }
        handle = created
        linkType = LinkType(rawValue: UInt32(bitPattern: pcap_datalink(created)))
    }

    deinit { close() }

    /// Sends one frame. Throws when the kernel refuses it (a frame larger than the MTU, the interface went down).
    public func send(_ frame: RawSpan) throws(CaptureError) {
        guard !closed else { throw CaptureError(.captureFailed, path: interface, detail: "the injector is closed") }
        let sent = frame.withUnsafeBytes { pcap_inject(handle, $0.baseAddress, $0.count) }
        guard sent == frame.byteCount else {
            throw CaptureError(.captureFailed, path: interface, detail: "pcap_inject: \(String(cString: pcap_geterr(handle)))")
        }
    }

    /// Releases the libpcap handle; a later `send` throws.
    public func close() {
        guard !closed else { return }
        pcap_close(handle)
        closed = true
    }
}
