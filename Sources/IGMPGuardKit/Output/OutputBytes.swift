import IGMP
import IGMPCapture

/// The bytes waiting for standard output, written in place.
///
/// Printing runs for every flagged packet, and appending to an `[UInt8]` held by a class checks uniqueness and
/// capacity on every call (a runtime call each). Here a line's writer reserves room once per field and stores
/// bytes straight into the buffer. The buffer grows (never shrinks) when a line needs more room than is left, so
/// any line fits, however long a hostile packet makes it.
package struct OutputBytes: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0)
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The bytes written so far.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    mutating func removeAll() { count = 0 }

    /// Makes room for `n` more bytes.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if capacity &- count < n { grow(to: count + n) }
    }

    @inline(never)
    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, 2 * capacity)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count &+= 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count &+= bytes.count
    }

    /// Another buffer's bytes.
    mutating func append(_ other: borrowing OutputBytes) {
        append(UnsafeBufferPointer(start: other.base, count: other.count))
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// A literal (every literal here is ASCII, so it has a pointer representation).
    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A string's UTF-8 bytes, copied whole.
    mutating func append(utf8 text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// `value` in decimal (`DecimalText`), right-aligned in `width` columns with spaces (a wider number takes the
    /// room it needs).
    mutating func appendDecimal(_ value: Int, width: Int = 0) {
        let length = DecimalText.length(value)
        let padding = max(0, width - length)
        reserve(padding + length)
        (base + count).initialize(repeating: UInt8(ascii: " "), count: padding)
        DecimalText.write(value, to: base + count + padding)
        count &+= padding + length
    }

    /// `a.b.c.d`.
    mutating func append(_ address: IPv4Address) {
        reserve(IPv4Address.dottedQuadWriteRoom)
        count &+= address.writeDottedQuad(into: UnsafeMutableBufferPointer(start: base + count, count: capacity - count))
    }

    /// RFC 3339 in UTC (`zulu`) or Suricata EVE's `+0000` form; false, writing nothing, for a time that cannot be
    /// shown (`Timestamp.isShowable`): the caller writes its format's sentinel.
    @discardableResult
    mutating func append(_ timestamp: Timestamp, zulu: Bool) -> Bool {
        reserve(Timestamp.formattedMaximumLength)
        let written = timestamp.write(zulu: zulu, into: UnsafeMutableBufferPointer(start: base + count, count: capacity - count))
        count &+= written
        return written > 0
    }
}
