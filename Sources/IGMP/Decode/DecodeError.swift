/// Why a frame could not be decoded as IGMP, and where.
public struct DecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong; the raw value is a short human phrase.
    public enum Reason: String, Sendable, Hashable {
        /// The link type is not one the decoder reads.
        case unsupportedLinkType = "unsupported link type"
        /// The frame ends inside its link-layer header.
        case truncatedLinkHeader = "link-layer header cut short"
        /// More stacked VLAN tags than the decoder walks.
        case tooManyVLANTags = "too many stacked VLAN tags"
        /// The link layer carries something other than IPv4.
        case notIPv4 = "not IPv4"
        /// The frame ends inside the IPv4 header.
        case truncatedIPv4Header = "IPv4 header cut short"
        /// The IP version field is not 4.
        case badIPVersion = "IP version is not 4"
        /// The header length field is below 5 words (20 bytes).
        case badIPv4HeaderLength = "IPv4 header length below 20 bytes"
        /// Total Length is smaller than the header length.
        case ipv4HeaderBeyondTotalLength = "IPv4 total length smaller than its header"
        /// The IPv4 protocol is not 2.
        case notIGMP = "not IGMP (IP protocol is not 2)"
        /// The packet is an IP fragment, so the message is not whole.
        case fragment = "IP fragment: the IGMP message is not whole"
        /// The message is shorter than the 8-byte common header.
        case igmpTooShort = "IGMP message shorter than 8 bytes"
        /// A query of 9 to 11 bytes, neither v2 nor v3 (RFC 3376 7.1).
        case queryLengthInvalid = "query length of 9 to 11 bytes"
        /// The message is shorter than its fixed header.
        case messageTooShort = "message shorter than its fixed header"
        /// Number of Sources claims more addresses than the message holds.
        case sourceCountOverflow = "Number of Sources runs past the message"
        /// Number of Group Records claims more records than the message holds.
        case recordCountOverflow = "Number of Group Records runs past the message"
        /// The message ends inside a group record header.
        case recordHeaderCut = "group record header cut short"
        /// Aux Data Len claims more bytes than the message holds.
        case auxDataOverflow = "aux data runs past the message"
        /// The frame ends inside the IPv6 fixed header.
        case truncatedIPv6Header = "IPv6 header cut short"
        /// The IP version field is not 6 where the link layer said IPv6.
        case badIPv6Version = "IP version is not 6"
        /// The link layer carries something other than IPv6.
        case notIPv6 = "not IPv6"
        /// The IPv6 extension headers cannot be walked to an upper-layer header.
        case extensionHeaderMalformed = "IPv6 extension headers cannot be walked"
        /// The packet's upper layer is not an MLD message (ICMPv6 type 130, 131, 132 or 143).
        case notMLD = "not MLD (not ICMPv6 type 130, 131, 132 or 143)"
        /// The MLD message is shorter than its fixed header.
        case mldTooShort = "MLD message shorter than its fixed header"
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

    /// The reason and where: `IPv4 header cut short at offset 14: needs 20, has 6`.
    public var description: String {
        switch reason {
        case .unsupportedLinkType: "\(reason.rawValue) \(found)"
        case .notIGMP, .notIPv4, .badIPVersion, .tooManyVLANTags, .fragment, .notIPv6, .badIPv6Version, .notMLD:
            "\(reason.rawValue) at offset \(offset)"
        default: "\(reason.rawValue) at offset \(offset): needs \(expected), has \(found)"
        }
    }
}
