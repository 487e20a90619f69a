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
    /// What the field needed (bytes or a count), and what was there.
    public var needed: Int
    public var available: Int

    /// An error at frame offset `offset`, with what the field needed and what the bytes held.
    @inlinable
    public init(_ reason: Reason, at offset: Int, needed: Int = 0, available: Int = 0) {
        self.reason = reason
        self.offset = offset
        self.needed = needed
        self.available = available
    }

    public var description: String {
        switch reason {
        case .unsupportedLinkType: "\(reason.rawValue) \(needed)"
        case .notIGMP, .notIPv4, .badIPVersion, .tooManyVLANTags, .fragment:
            "\(reason.rawValue) at offset \(offset)"
        default: "\(reason.rawValue) at offset \(offset): needs \(needed), has \(available)"
        }
    }
}
