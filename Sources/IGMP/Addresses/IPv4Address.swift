/// An IPv4 address held as its 32-bit value in host order.
public struct IPv4Address: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address as a 32-bit number (224.0.0.1 is 0xe0000001).
    public var rawValue: UInt32

    /// The address whose 32 bits, most significant first, are `rawValue` (`0xC0000201` is 192.0.2.1).
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// An address from its four octets, most significant first.
    @inlinable public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        rawValue = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad text such as `224.0.0.22`; `nil` for anything else.
    public init?(_ text: String) {
        var parts: [UInt32] = []
        for piece in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard !piece.isEmpty, piece.count <= 3, let v = UInt32(piece), v <= 255 else { return nil }
            parts.append(v)
        }
        guard parts.count == 4 else { return nil }
        rawValue = parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3]
    }

    /// 0.0.0.0: the group of a General Query, an unspecified source.
    public static let any = IPv4Address(rawValue: 0)
    /// 224.0.0.1, the all-systems group: where General Queries go (RFC 3376 4.1.12).
    public static let allSystems = IPv4Address(224, 0, 0, 1)
    /// 224.0.0.2, the all-routers group: where IGMPv2 Leave Group messages go (RFC 2236 3).
    public static let allRouters = IPv4Address(224, 0, 0, 2)
    /// 224.0.0.22, where IGMPv3 reports go (RFC 3376 4.2.14).
    public static let igmpv3Routers = IPv4Address(224, 0, 0, 22)

    /// 224.0.0.0/4 (RFC 5771).
    @inlinable public var isMulticast: Bool { rawValue >> 28 == 0xe }

    /// The four octets, most significant first.
    public var octets: (UInt8, UInt8, UInt8, UInt8) {
        (UInt8(rawValue >> 24), UInt8(truncatingIfNeeded: rawValue >> 16),
         UInt8(truncatingIfNeeded: rawValue >> 8), UInt8(truncatingIfNeeded: rawValue))
    }

    /// The address as a dotted quad (`192.0.2.1`).
    // Written digit by digit: string interpolation costs far more per address, and output formats print several
    // per packet.
    public var description: String {
        String(unsafeUninitializedCapacity: Self.dottedQuadWriteRoom) { buffer in writeDottedQuad(into: buffer) }
    }

    /// Appends the dotted quad's ASCII bytes to `out` (for output built as bytes, without a `String` per address).
    public func appendDottedQuad(to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.dottedQuadWriteRoom) { buffer in
            let n = writeDottedQuad(into: buffer)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }

    /// The room `writeDottedQuad` needs: the longest text (`255.255.255.255`, 15 bytes) and one byte more, which it
    /// may overwrite (each octet is stored as one 4-byte word).
    @inlinable package static var dottedQuadWriteRoom: Int { 16 }

    /// Writes the dotted quad into the first 7-15 bytes of `buffer` (at least `dottedQuadWriteRoom` long; bytes
    /// past the text may be overwritten); returns how many.
    ///
    /// Each octet's digits and a dot are made as one word and stored at once, the word shifted past the octet's
    /// leading zeros: no branch per digit (an NDJSON line of a v3 report prints dozens of addresses).
    package func writeDottedQuad(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        precondition(buffer.count >= Self.dottedQuadWriteRoom)
        let base = UnsafeMutableRawPointer(buffer.baseAddress!)
        var n = Self.storeOctet(rawValue >> 24, at: base)
        n &+= Self.storeOctet((rawValue >> 16) & 0xff, at: base + n)
        n &+= Self.storeOctet((rawValue >> 8) & 0xff, at: base + n)
        n &+= Self.storeOctet(rawValue & 0xff, at: base + n)
        return n &- 1 // the last octet's dot is not part of the text
    }

    /// Stores an octet's 1-3 digits and a dot (4 bytes written); returns the digits and dot's length.
    @inline(__always)
    private static func storeOctet(_ octet: UInt32, at destination: UnsafeMutableRawPointer) -> Int {
        let digits: UInt32 = 1 &+ (octet >= 10 ? 1 : 0) &+ (octet >= 100 ? 1 : 0)
        // Little-endian bytes: hundreds, tens, ones, ".".
        let word: UInt32 = (0x30 | octet / 100) | (0x30 | octet / 10 % 10) << 8 | (0x30 | octet % 10) << 16 | 0x2e << 24
        destination.storeBytes(of: (word >> ((3 &- digits) &* 8)).littleEndian, as: UInt32.self)
        return Int(digits) &+ 1
    }

    /// Orders addresses numerically, as the querier election of RFC 3376 6.6.2 compares them.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
