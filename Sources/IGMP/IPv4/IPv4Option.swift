/// One IPv4 option (RFC 791 3.1): a type byte, and for all but EOL and NOP a length byte and a value.
public struct IPv4Option: ~Escapable {
    /// Option type values this walker knows by name.
    public enum Kind {
        /// End of Option List (RFC 791 3.1): one byte, ends the options.
        public static let endOfList: UInt8 = 0
        /// No Operation (RFC 791 3.1): one byte of padding between options.
        public static let noOperation: UInt8 = 1
        /// Router Alert, RFC 2113: copied flag set, class 0, number 20.
        public static let routerAlert: UInt8 = 0x94
    }

    /// The option's bytes, type and length included.
    public let bytes: RawSpan
    /// Byte offset of the option's type byte in the frame.
    public let frameOffset: Int

    @_lifetime(copy bytes)
    init(bytes: RawSpan, frameOffset: Int) {
        self.bytes = bytes
        self.frameOffset = frameOffset
    }

    /// The option type byte.
    @inlinable public var type: UInt8 { bytes.uint8(at: 0) }
    /// Total length in bytes (1 for EOL and NOP).
    @inlinable public var length: Int { bytes.byteCount }
    /// The value after type and length.
    public var value: RawSpan {
        @_lifetime(copy self) get { bytes.extracting(min(2, bytes.byteCount)..<bytes.byteCount) }
    }

    /// A well-formed Router Alert: length 4 (RFC 2113 2.1).
    @inlinable public var isRouterAlert: Bool { type == Kind.routerAlert && length == 4 }
    /// The Router Alert value; 0 means "routers shall examine this packet".
    @inlinable public var routerAlertValue: UInt16? { isRouterAlert ? bytes.uint16(at: 2) : nil }
}

/// Why an option cannot be trusted.
public struct IPv4OptionError: Error, Hashable, Sendable {
    /// What is wrong with an option; the raw value is a short human phrase.
    public enum Reason: String, Sendable {
        /// The option length byte is 0 or 1: it cannot cover its own type and length bytes.
        case lengthTooSmall = "option length below 2"
        /// The option type needs a length byte, and the header ends first.
        case missingLength = "option has no length byte"
        /// The option length runs past the end of the IPv4 header.
        case overrunsHeader = "option runs past the IPv4 header"
        /// A Router Alert option whose length is not 4 (RFC 2113 2.1).
        case routerAlertBadLength = "Router Alert length is not 4"
    }
    /// What is wrong with the option.
    public var reason: Reason
    /// Offset in the frame of the option's type byte.
    public var offset: Int
    /// The option type byte.
    public var type: UInt8
    /// The length byte as sent (0 when there was none).
    public var declaredLength: Int
}

/// Walks IPv4 options, reporting malformed ones instead of trusting their length bytes.
///
/// Iteration ends at End of Option List or at the end of the header. After a length error it ends too, since no
/// later byte can be trusted to start an option; a Router Alert of the wrong length is skipped by its length.
public struct IPv4OptionIterator: ~Escapable {
    var rest: RawSpan
    var offset: Int
    /// Whether iteration met an End of Option List byte.
    public private(set) var sawEndOfList = false

    @_lifetime(copy bytes)
    init(_ bytes: RawSpan, frameOffset: Int) {
        rest = bytes
        offset = frameOffset
    }

    /// The bytes not walked yet (after an EOL: the padding).
    public var remaining: RawSpan {
        @_lifetime(copy self) get { rest }
    }
    /// The next option, nil at the end of the list, or an error naming a malformed option and its offset.
    @_lifetime(copy self)
    @inline(__always)
    public mutating func next() throws(IPv4OptionError) -> IPv4Option? {
        guard rest.byteCount > 0, !sawEndOfList else { return nil }
        let type = rest.uint8(at: 0)
        if type == IPv4Option.Kind.endOfList || type == IPv4Option.Kind.noOperation {
            let option = IPv4Option(bytes: rest.extracting(first: 1), frameOffset: offset)
            if type == IPv4Option.Kind.endOfList { sawEndOfList = true }
            advance(1)
            return option
        }
        guard rest.byteCount >= 2 else {
            let error = IPv4OptionError(reason: .missingLength, offset: offset, type: type, declaredLength: 0)
            advance(rest.byteCount)
            throw error
        }
        let length = Int(rest.uint8(at: 1))
        if length < 2 {
            let error = IPv4OptionError(reason: .lengthTooSmall, offset: offset, type: type, declaredLength: length)
            advance(rest.byteCount)
            throw error
        }
        if length > rest.byteCount {
            let error = IPv4OptionError(reason: .overrunsHeader, offset: offset, type: type, declaredLength: length)
            advance(rest.byteCount)
            throw error
        }
        if type == IPv4Option.Kind.routerAlert, length != 4 {
            let error = IPv4OptionError(reason: .routerAlertBadLength, offset: offset, type: type, declaredLength: length)
            advance(length)
            throw error
        }
        let option = IPv4Option(bytes: rest.extracting(first: length), frameOffset: offset)
        advance(length)
        return option
    }

    @_lifetime(self: copy self)
    mutating func advance(_ n: Int) {
        rest = rest.extracting(droppingFirst: n)
        offset += n
    }
}
