/// An IPv6 address held as two 64-bit halves in host order (RFC 4291).
public struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first 64 bits (ff02::1 has 0xff02_0000_0000_0000).
    public var high: UInt64
    /// The last 64 bits (ff02::1 has 1).
    public var low: UInt64

    /// The address whose 128 bits, most significant first, are `high` then `low`.
    @inlinable public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An address from its eight 16-bit groups, most significant first: `IPv6Address(0xff02, 0, 0, 0, 0, 0, 0, 0x16)`.
    public init(_ g0: UInt16, _ g1: UInt16, _ g2: UInt16, _ g3: UInt16, _ g4: UInt16, _ g5: UInt16, _ g6: UInt16, _ g7: UInt16) {
        high = UInt64(g0) << 48 | UInt64(g1) << 32 | UInt64(g2) << 16 | UInt64(g3)
        low = UInt64(g4) << 48 | UInt64(g5) << 32 | UInt64(g6) << 16 | UInt64(g7)
    }

    /// Parses RFC 4291 2.2 text (`ff02::16`, `fe80::1:2`, `::`, a trailing dotted quad as in `::ffff:192.0.2.1`);
    /// `nil` for anything else.
    public init?(_ text: String) {
        var groups: [UInt16] = []
        var gap: Int? = nil
        let halves = text.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count <= 2, !text.contains(":::") else { return nil }
        func parse(_ part: Substring, allowQuad: Bool) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var out: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() {
                if allowQuad && i == pieces.count - 1 && piece.contains(".") {
                    guard let v4 = IPv4Address(String(piece)) else { return nil }
                    out.append(UInt16(v4.rawValue >> 16))
                    out.append(UInt16(truncatingIfNeeded: v4.rawValue))
                    continue
                }
                guard (1...4).contains(piece.count), let v = UInt16(piece, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        if halves.count == 2 {
            guard let head = parse(halves[0], allowQuad: false), let tail = parse(halves[1], allowQuad: true),
                  head.count + tail.count <= 7 else { return nil }
            groups = head
            gap = 8 - head.count - tail.count
            groups += [UInt16](repeating: 0, count: gap!) + tail
        } else {
            guard let all = parse(halves[0], allowQuad: true), all.count == 8 else { return nil }
            groups = all
        }
        self.init(groups[0], groups[1], groups[2], groups[3], groups[4], groups[5], groups[6], groups[7])
    }

    /// `::`: the unspecified address, the source of a report from a host that has no link-local address yet
    /// (RFC 3810 5.2.13) and the group of a General Query.
    public static let unspecified = IPv6Address(high: 0, low: 0)
    /// ff02::1, all nodes on the link: where General Queries go (RFC 3810 5.1.15).
    public static let allNodes = IPv6Address(high: 0xff02 << 48, low: 1)
    /// ff02::2, all routers on the link: where MLDv1 Done messages go (RFC 2710 5).
    public static let allRouters = IPv6Address(high: 0xff02 << 48, low: 2)
    /// ff02::16, all MLDv2-capable routers: where MLDv2 reports go (RFC 3810 5.2.14).
    public static let allMLDv2Routers = IPv6Address(high: 0xff02 << 48, low: 0x16)

    /// ff00::/8 (RFC 4291 2.7).
    @inlinable public var isMulticast: Bool { high >> 56 == 0xff }
    /// fe80::/10 (RFC 4291 2.5.6).
    @inlinable public var isLinkLocalUnicast: Bool { high >> 54 == 0xfe80 >> 6 }
    /// `::`.
    @inlinable public var isUnspecified: Bool { high == 0 && low == 0 }
    /// The multicast scope (RFC 4291 2.7: 1 interface-local, 2 link-local, 5 site-local, 0xe global), nil when not
    /// multicast.
    @inlinable public var multicastScope: UInt8? { isMulticast ? UInt8(truncatingIfNeeded: high >> 48) & 0x0f : nil }

    /// The eight 16-bit groups, most significant first.
    public var groups: [UInt16] {
        (0..<8).map { i in UInt16(truncatingIfNeeded: (i < 4 ? high : low) >> (48 - 16 * UInt64(i % 4))) }
    }

    /// The sixteen bytes, most significant first.
    public var bytes: [UInt8] {
        (0..<16).map { i in UInt8(truncatingIfNeeded: (i < 8 ? high : low) >> (56 - 8 * UInt64(i % 8))) }
    }

    /// Orders by the 128-bit value (lower addresses win the MLD querier election, RFC 3810 7.6.2).
    @inlinable public static func < (a: IPv6Address, b: IPv6Address) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }

    /// The address in RFC 5952 form: lower-case hex, no leading zeros, the longest run of two or more zero groups
    /// (the first of equal runs) written `::`, and the last 32 bits as a dotted quad where inet_ntop writes one
    /// (IPv4-mapped `::ffff:192.0.2.1`, IPv4-compatible `::192.0.2.1`), as tcpdump and Wireshark print them.
    public var description: String {
        var out: [UInt8] = []
        appendText(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The address as Suricata's EVE output writes it: eight groups of four hex digits, nothing compressed
    /// (`fe80:0000:0000:0000:0000:0000:0000:0001`).
    public var expandedDescription: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(39)
        for (i, group) in groups.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ":")) }
            for shift in stride(from: 12, through: 0, by: -4) { out.append(digits[Int(group >> UInt16(shift)) & 0xf]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `description`'s ASCII bytes to `out` (for output built as bytes).
    public func appendText(to out: inout [UInt8]) {
        // Groups read in place and digits computed: printing an address allocates nothing but `out`'s growth.
        let high = high, low = low
        func g(_ i: Int) -> UInt16 { UInt16(truncatingIfNeeded: (i < 4 ? high : low) >> (48 - 16 * UInt64(i % 4))) }
        var bestStart = -1, bestLength = 1
        var i = 0
        while i < 8 {
            guard g(i) == 0 else { i += 1; continue }
            var j = i
            while j < 8 && g(j) == 0 { j += 1 }
            if j - i > bestLength { bestStart = i; bestLength = j - i }
            i = j
        }
        // The last 32 bits as a dotted quad where inet_ntop (and so tcpdump and Wireshark) writes one: IPv4-mapped
        // (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d, the first 96 bits zero, the rest not 0.0.0.x).
        if bestStart == 0 && (bestLength == 6 || (bestLength == 5 && g(5) == 0xffff)) {
            out.append(contentsOf: (bestLength == 5 ? "::ffff:" : "::").utf8)
            IPv4Address(rawValue: UInt32(truncatingIfNeeded: low)).appendDottedQuad(to: &out)
            return
        }
        func appendGroup(_ v: UInt16) {
            var started = false
            for shift in stride(from: 12, through: 0, by: -4) {
                let d = UInt8(truncatingIfNeeded: v >> UInt16(shift)) & 0xf
                if d != 0 || started || shift == 0 {
                    out.append(d < 10 ? 0x30 + d : 0x57 + d)
                    started = true
                }
            }
        }
        i = 0
        while i < 8 {
            if i == bestStart {
                out.append(contentsOf: "::".utf8)
                i += bestLength
                continue
            }
            if i > 0 && i != bestStart + bestLength { out.append(UInt8(ascii: ":")) }
            appendGroup(g(i))
            i += 1
        }
    }
}

extension RawSpan {
    /// The 16-byte IPv6 address at `offset`.
    @inlinable
    func ipv6Address(at offset: Int) -> IPv6Address {
        IPv6Address(high: UInt64(uint32(at: offset)) << 32 | UInt64(uint32(at: offset + 4)),
                    low: UInt64(uint32(at: offset + 8)) << 32 | UInt64(uint32(at: offset + 12)))
    }
}
