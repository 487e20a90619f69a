import CPcap
import IGMP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Captures packets live from a network interface through libpcap and hands each one's bytes to the caller without
/// copying them (they live in libpcap's ring buffer until the next packet is asked for).
///
/// The handle is opened with `pcap_create` in immediate mode (each packet is delivered as it arrives, not when a
/// kernel block fills), with a snapshot length that holds any IGMP frame whole and a kernel buffer sized for bursts.
public final class LiveCapture {
    /// How the capture handle is set up.
    public struct Options: Sendable {
        /// Bytes kept per packet; nil chooses the interface's MTU plus room for the link header and 8 VLAN tags,
        /// which holds any frame the interface can receive whole (262144 where the MTU is unknown). Not more: in
        /// immediate mode libpcap gives every packet a ring slot of this size, so a needlessly large snapshot
        /// leaves room for few packets in the kernel buffer and bursts are dropped.
        public var snapshotLength: Int? = nil
        /// Whether to put the interface in promiscuous mode, to see frames addressed to other hosts (off by default).
        public var promiscuous = false
        /// Kernel buffer between the interface and this process: bursts that outrun the reader queue here.
        public var bufferSize = 32 << 20
        /// How long a wait for packets lasts before `next` returns `.timeout`, so a caller can keep its timers.
        public var timeoutMilliseconds = 100

        /// The defaults.
        public init() {}
    }

    /// What one call to `next` found.
    public enum Outcome: Sendable, Equatable {
        /// A packet was handed to the closure.
        case packet
        /// No packet arrived within the timeout.
        case timeout
        /// `pcap_breakloop` was called (from a signal handler, say).
        case interrupted
    }

    /// The interface being captured on.
    public let interface: String
    /// The link type libpcap reports for the interface (DLT_ value).
    public let linkType: LinkType
    /// The snapshot length in use: the longest frame kept whole.
    public let snapshotLength: Int
    /// Whether timestamps carry nanoseconds (otherwise microseconds).
    public let nanosecondTimestamps: Bool
    /// libpcap's warning when the handle opened with one (promiscuous mode not supported ...).
    public let warning: String?
    /// The libpcap handle.
    let handle: OpaquePointer

    /// What a signal handler may use to stop the capture loop.
    public var loopBreaker: LoopBreaker { LoopBreaker(handle: handle) }
    /// Packets handed out so far (the frame number of the last one).
    public private(set) var packetsRead = 0
    private var closed = false
    private let selectableDescriptor: Int32
    private let timeoutMilliseconds: Int32

    /// Opens `interface` for capture. Throws, naming the interface, when it does not exist, is down, or this process
    /// may not capture (which needs root or CAP_NET_RAW and CAP_NET_ADMIN).
    public init(interface: String, options: Options = Options()) throws(CaptureError) {
        self.interface = interface
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let created = pcap_create(interface, &errbuf) else {
            throw CaptureError(.captureFailed, path: interface, detail: CaptureReader.string(errbuf))
        }
        let snapshot = options.snapshotLength ?? Self.interfaceMTU(interface).map { $0 + Self.linkHeaderRoom } ?? 262_144
        pcap_set_snaplen(created, Int32(clamping: min(max(snapshot, 128), 262_144)))
        pcap_set_promisc(created, options.promiscuous ? 1 : 0)
        pcap_set_immediate_mode(created, 1)
        pcap_set_buffer_size(created, Int32(clamping: options.bufferSize))
        pcap_set_timeout(created, Int32(options.timeoutMilliseconds))
        // Nanoseconds where the platform has them; libpcap falls back to microseconds otherwise.
        _ = pcap_set_tstamp_precision(created, Int32(PCAP_TSTAMP_PRECISION_NANO))
        let status = pcap_activate(created)
        if status < 0 {
            let error = Self.activationError(status, interface: interface, detail: String(cString: pcap_geterr(created)))
            pcap_close(created)
            throw error
        }
        warning = status > 0 ? String(cString: pcap_geterr(created)) : nil
        // Non-blocking, waited on with poll() here: in immediate mode libpcap's own wait ignores the timeout and
        // blocks until a packet comes, which would keep an idle capture from ever seeing its --duration end.
        var nonblockError = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        let descriptor = pcap_get_selectable_fd(created)
        guard descriptor >= 0, pcap_setnonblock(created, 1, &nonblockError) == 0 else {
            pcap_close(created)
            throw CaptureError(.captureFailed, path: interface, detail: "cannot wait for packets without blocking: \(CaptureReader.string(nonblockError))")
        }
        linkType = try CaptureError.supportedLinkType(of: created, path: interface)
        selectableDescriptor = descriptor
        timeoutMilliseconds = Int32(clamping: options.timeoutMilliseconds)
        handle = created
        nanosecondTimestamps = pcap_get_tstamp_precision(created) == Int32(PCAP_TSTAMP_PRECISION_NANO)
        snapshotLength = Int(pcap_snapshot(created))
    }

    deinit { close() }

    /// Room above the MTU for the largest link header the decoder reads (SLL2, 20 bytes) and 8 VLAN tags.
    static let linkHeaderRoom = 20 + 8 * 4 + 12

    /// The interface's MTU (Linux sysfs), when it can be read.
    static func interfaceMTU(_ interface: String) -> Int? {
        guard !interface.contains("/"), let file = fopen("/sys/class/net/\(interface)/mtu", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 32)
        guard fgets(&buffer, 32, file) != nil else { return nil }
        let text = CaptureReader.string(buffer).trimmingSpaces
        guard let mtu = Int(text), mtu > 0 else { return nil }
        return mtu
    }

    static func activationError(_ status: Int32, interface: String, detail: String) -> CaptureError {
        let privileges = "capturing needs root, or CAP_NET_RAW and CAP_NET_ADMIN: run it as root, or grant them once with "
            + "`sudo setcap cap_net_raw,cap_net_admin=eip \"$(command -v igmpguard)\"`"
        switch status {
        case PCAP_ERROR_NO_SUCH_DEVICE:
            return CaptureError(.noSuchInterface, path: interface, detail: "see `igmpguard interfaces` for the ones that can capture")
        case PCAP_ERROR_PERM_DENIED, PCAP_ERROR_PROMISC_PERM_DENIED:
            return CaptureError(.permissionDenied, path: interface, detail: privileges + (detail.isEmpty ? "" : " (libpcap: \(detail))"))
        case PCAP_ERROR_IFACE_NOT_UP:
            return CaptureError(.interfaceDown, path: interface, detail: "bring it up first (ip link set dev \(interface) up)")
        default:
            return CaptureError(.captureFailed, path: interface, detail: detail.isEmpty ? "libpcap error \(status)" : detail)
        }
    }

    /// The kernel filter that keeps IPv4 protocol 2 (IGMP, every fragment included, since each carries the protocol
    /// field) and IPv6 that may carry MLD (its first header an extension header a receiver walks: Hop-by-Hop, which
    /// MLD's Router Alert needs, Routing, Fragment, Authentication, Destination Options; or ICMPv6 of an MLD type),
    /// untagged or behind one or two VLAN tags, so the kernel drops all other traffic before it is copied.
    public static func defaultFilter(for linkType: LinkType) -> String {
        let mld = "(ip6 and (ip6[6] == 0 or ip6[6] == 43 or ip6[6] == 44 or ip6[6] == 51 or ip6[6] == 60"
            + " or (ip6[6] == 58 and (ip6[40] == 130 or ip6[40] == 131 or ip6[40] == 132 or ip6[40] == 143))))"
        let either = "(ip proto 2 or \(mld))"
        // libpcap knows VLAN tags on Ethernet only (on Linux it reads a stripped tag from the packet's metadata).
        return linkType == .ethernet ? "\(either) or (vlan and (\(either) or (vlan and \(either))))" : either
    }

    /// Compiles a BPF filter (tcpdump syntax) and installs it in the kernel.
    public func setFilter(_ expression: String) throws(CaptureError) {
        var program = bpf_program()
        guard pcap_compile(handle, &program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            throw CaptureError(.badFilter, path: interface, detail: "\(expression): \(String(cString: pcap_geterr(handle)))")
        }
        defer { pcap_freecode(&program) }
        guard pcap_setfilter(handle, &program) == 0 else {
            throw CaptureError(.badFilter, path: interface, detail: "\(expression): \(String(cString: pcap_geterr(handle)))")
        }
    }

    /// Hands the next packet to `body`; when none is waiting, waits up to the timeout for one (unless `waiting` is
    /// false: several captures are waited on together with `wait(for:)`) and returns `.timeout` (call again to read
    /// it), or `.interrupted` after `pcap_breakloop`. Throws when the capture breaks (the interface went away ...).
    @discardableResult
    public func next(waiting: Bool = true, _ body: (RawSpan, PacketInfo) -> Void) throws(CaptureError) -> Outcome {
        guard !closed else { return .interrupted }
        var header: UnsafeMutablePointer<pcap_pkthdr>? = nil
        var data: UnsafePointer<UInt8>? = nil
        let status = pcap_next_ex(handle, &header, &data)
        switch status {
        case 1:
            guard let header, let data else { return .timeout }
            let h = header.pointee
            packetsRead += 1
            let info = PacketInfo(frameNumber: packetsRead,
                                  timestamp: Timestamp(seconds: Int64(h.ts.tv_sec), fraction: Int64(h.ts.tv_usec),
                                                       unitsPerSecond: nanosecondTimestamps ? 1_000_000_000 : 1_000_000),
                                  wireLength: Int(h.len), capturedLength: Int(h.caplen))
            let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(data), count: Int(h.caplen))
            body(RawSpan(_unsafeBytes: bytes), info)
            return .packet
        case 0:
            // Nothing waiting: sleep until the socket has a packet, the timeout passes, or a signal arrives.
            if waiting {
                var wait = pollfd(fd: selectableDescriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&wait, 1, timeoutMilliseconds)
            }
            return .timeout
        case PCAP_ERROR_BREAK:
            return .interrupted
        default:
            throw CaptureError(.captureFailed, path: interface, detail: String(cString: pcap_geterr(handle)))
        }
    }

    /// Sleeps until one of `captures` has a packet, the first one's timeout passes, or a signal arrives: the wait of
    /// `next` for several captures read with `next(waiting: false)`. Closed captures are left out.
    public static func wait(for captures: [LiveCapture]) {
        var descriptors = captures.filter { !$0.closed }.map { pollfd(fd: $0.selectableDescriptor, events: Int16(POLLIN), revents: 0) }
        guard let timeout = captures.first?.timeoutMilliseconds, !descriptors.isEmpty else { return }
        _ = poll(&descriptors, nfds_t(descriptors.count), timeout)
    }

    /// Makes a wait in `next` return `.interrupted`. Safe to call from a signal handler (libpcap sets a flag and
    /// wakes the poll).
    public func breakLoop() { pcap_breakloop(handle) }

    /// libpcap's counters since the capture started; nil once closed or when the platform keeps none.
    public func statistics() -> CaptureStatistics? {
        guard !closed else { return nil }
        var stats = pcap_stat()
        guard pcap_stats(handle, &stats) == 0 else { return nil }
        return CaptureStatistics(received: Int(stats.ps_recv), dropped: Int(stats.ps_drop), interfaceDropped: Int(stats.ps_ifdrop))
    }

    /// Releases the handle. Safe to call twice.
    public func close() {
        guard !closed else { return }
        pcap_close(handle)
        closed = true
    }
}

extension String {
    /// Without leading and trailing blanks and newlines.
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\n" || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\n" || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}

/// Stops a live capture's loop from a signal handler: `pcap_breakloop` only sets a flag and writes to an eventfd,
/// and this value is a plain pointer, so calling it there is safe.
public struct LoopBreaker: @unchecked Sendable {
    let handle: OpaquePointer

    /// Makes the capture's wait return `.interrupted`; safe to call from a signal handler.
    public func breakLoop() { pcap_breakloop(handle) }
}
