/// What libpcap and the kernel say about a live capture (`pcap_stats`), since it started.
///
/// On Linux `received` counts packets that passed the kernel filter, `dropped` those the kernel had to discard
/// because the capture buffer was full (the reader fell behind), and `interfaceDropped` those the interface itself
/// dropped before capture. The counters are 32 bits wide in libpcap and wrap on very long captures.
public struct CaptureStatistics: Sendable, Equatable {
    public var received: Int
    public var dropped: Int
    public var interfaceDropped: Int

    public init(received: Int, dropped: Int, interfaceDropped: Int) {
        self.received = received
        self.dropped = dropped
        self.interfaceDropped = interfaceDropped
    }
}
