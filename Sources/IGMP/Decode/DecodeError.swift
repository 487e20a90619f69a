/// Why a frame could not be decoded as IGMP, and where.
public struct DecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong; the raw value is a short human phrase.
    public enum Reason: String, Sendable, Hashable {
        case unsupportedLinkType = "unsupported link type"
        case truncatedLinkHeader = "link-layer header cut short"
        case tooManyVLANTags = "too many stacked VLAN tags"
        case notIPv4 = "not IPv4"
        case truncatedIPv4Header = "IPv4 header cut short"
        case badIPVersion = "IP version is not 4"
        case badIPv4HeaderLength = "IPv4 header length below 20 bytes"
        case ipv4HeaderBeyondTotalLength = "IPv4 total length smaller than its header"
        case notIGMP = "not IGMP (IP protocol is not 2)"
        case fragment = "IP fragment: the IGMP message is not whole"
        case igmpTooShort = "IGMP message shorter than 8 bytes"
        case queryLengthInvalid = "query length of 9 to 11 bytes"
        case messageTooShort = "message shorter than its fixed header"
        case sourceCountOverflow = "Number of Sources runs past the message"
        case recordCountOverflow = "Number of Group Records runs past the message"
        case recordHeaderCut = "group record header cut short"
        case auxDataOverflow = "aux data runs past the message"
    }

    /// What went wrong.
    public var reason: Reason
    /// Byte offset in the frame of the field that could not be trusted.
    public var offset: Int
    /// What the field had to be or hold: a length or count (bytes, tags, records) for the lengths and counts that
    /// ran out, a value (IP version 4, protocol 2, EtherType IPv4) for the fields that named something else; 0 when
    /// nothing in particular was expected (an unsupported link type, a fragment).
    public var expected: Int
    /// What the frame held instead: the bytes or records there, or the field's value.
    public var found: Int

    /// An error at frame offset `offset`, with what the field had to be and what the bytes held.
    @inlinable
    public init(_ reason: Reason, at offset: Int, expected: Int = 0, found: Int = 0) {
        self.reason = reason
        self.offset = offset
        self.expected = expected
        self.found = found
    }

    public var description: String {
        switch reason {
        case .unsupportedLinkType: "\(reason.rawValue) \(found)"
        case .notIGMP, .notIPv4, .badIPVersion, .tooManyVLANTags, .fragment:
            "\(reason.rawValue) at offset \(offset)"
        default: "\(reason.rawValue) at offset \(offset): needs \(expected), has \(found)"
        }
    }
}
