import CPcap

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A network interface libpcap can capture on (`pcap_findalldevs`).
public struct CaptureInterface: Sendable, Equatable {
    /// The name to capture on (`eth0`).
    public var name: String
    /// libpcap's description of the interface, when it has one.
    public var description: String?
    /// Whether the interface is administratively up.
    public var isUp: Bool
    /// Whether the interface is running (has a carrier).
    public var isRunning: Bool
    /// Whether it is a loopback interface.
    public var isLoopback: Bool
    /// Whether it is a wireless interface.
    public var isWireless: Bool
    /// IPv4 addresses, dotted.
    public var ipv4Addresses: [String]

    /// An interface description (as `all()` builds them).
    public init(name: String, description: String?, isUp: Bool, isRunning: Bool, isLoopback: Bool, isWireless: Bool,
                ipv4Addresses: [String]) {
        self.name = name
        self.description = description
        self.isUp = isUp
        self.isRunning = isRunning
        self.isLoopback = isLoopback
        self.isWireless = isWireless
        self.ipv4Addresses = ipv4Addresses
    }

    /// Every interface libpcap lists, in its order (up and running ones first).
    public static func all() throws(CaptureError) -> [CaptureInterface] {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        var first: UnsafeMutablePointer<pcap_if_t>? = nil
        guard pcap_findalldevs(&first, &errbuf) == 0 else {
            throw CaptureError(.captureFailed, path: "interfaces", detail: CaptureReader.string(errbuf))
        }
        defer { pcap_freealldevs(first) }
        var result: [CaptureInterface] = []
        var device = first
        while let d = device {
            let flags = d.pointee.flags
            var addresses: [String] = []
            var address = d.pointee.addresses
            while let a = address {
                if let socketAddress = a.pointee.addr, socketAddress.pointee.sa_family == sa_family_t(AF_INET) {
                    let ipv4 = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                    let host = UInt32(bigEndian: ipv4)
                    addresses.append("\(host >> 24).\(host >> 16 & 0xff).\(host >> 8 & 0xff).\(host & 0xff)")
                }
                address = a.pointee.next
            }
            result.append(CaptureInterface(
                name: String(cString: d.pointee.name),
                description: d.pointee.description.map { String(cString: $0) },
                isUp: flags & UInt32(PCAP_IF_UP) != 0,
                isRunning: flags & UInt32(PCAP_IF_RUNNING) != 0,
                isLoopback: flags & UInt32(PCAP_IF_LOOPBACK) != 0,
                isWireless: flags & UInt32(PCAP_IF_WIRELESS) != 0,
                ipv4Addresses: addresses))
            device = d.pointee.next
        }
        return result
    }
}
