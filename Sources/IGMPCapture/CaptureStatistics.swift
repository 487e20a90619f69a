/// What libpcap and the kernel say about a live capture (`pcap_stats`), since it started.
///
/// On Linux `received` counts packets that passed the kernel filter, `dropped` those the kernel had to discard
/// because the capture buffer was full (the reader fell behind), and `interfaceDropped` those the interface itself
/// dropped before capture. The counters are 32 bits wide in libpcap and wrap on very long captures.
public struct CaptureStatistics: Sendable, Equatable {
    /// Packets the kernel handed to the capture (after its filter).
    public var received: Int
    /// Packets dropped because the capture's buffer was full.
    public var dropped: Int
    /// Packets the interface or its driver dropped.
    public var interfaceDropped: Int

    /// libpcap's counters.
    public init(received: Int, dropped: Int, interfaceDropped: Int) {
        self.received = received
        self.dropped = dropped
        self.interfaceDropped = interfaceDropped
    }
}
