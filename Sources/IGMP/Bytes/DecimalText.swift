/// Integers in decimal, written digit by digit into bytes: the one writer behind message summaries, capture times,
/// the text lines (`OutputBytes`) and the JSON formats (`JSONObject`). String interpolation would cost hundreds of
/// instructions per number, and numbers are printed for every flagged packet.
package enum DecimalText {
    /// The longest, `-9223372036854775808`.
    package static let maximumLength = 20

    /// How many bytes `value` takes (with its minus sign).
    @inlinable @inline(__always)
    package static func length(_ value: Int) -> Int {
        var digits = 1
        var rest = value.magnitude // a UInt: Int.min's magnitude does not fit an Int
        while rest >= 10 { rest /= 10; digits &+= 1 }
        return value < 0 ? digits &+ 1 : digits
    }

    /// Writes `value` at `destination`, which has room for `length(value)` bytes; returns that length.
    @inlinable @discardableResult
    package static func write(_ value: Int, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        let n = length(value)
        if value < 0 { destination.pointee = UInt8(ascii: "-") }
        var rest = value.magnitude
        var i = n
        repeat {
            i &-= 1
            destination[i] = UInt8(truncatingIfNeeded: 48 &+ rest % 10)
            rest /= 10
        } while rest > 0
        return n
    }

    /// Writes the last `width` digits of `value` (not negative) at `destination`, zeros first: `07`, `2024`.
    @inlinable @inline(__always)
    package static func writeZeroPadded(_ value: Int, width: Int, to destination: UnsafeMutablePointer<UInt8>) {
        var rest = value.magnitude
        var i = width
        while i > 0 {
            i &-= 1
            destination[i] = UInt8(truncatingIfNeeded: 48 &+ rest % 10)
            rest /= 10
        }
    }

    /// Appends `value` to `out`.
    @inlinable
    package static func append(_ value: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { buffer in
            let n = write(value, to: buffer.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }
}
