/// Where formatted bytes go: an `[UInt8]` being built, or the output buffer itself (`OutputBytes`). The JSON and
/// text writers are written once against this, and specialised for each.
protocol ByteSink: ~Copyable {
    mutating func append(_ byte: UInt8)
    mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: ByteSink where Element == UInt8 {
    mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

extension OutputBytes: ByteSink {
    @inline(__always)
    mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) { append(bytes) }
}
