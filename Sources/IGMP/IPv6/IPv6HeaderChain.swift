/// IPv6 Next Header values the header chain walk knows (IANA "Assigned Internet Protocol Numbers").
public enum IPv6NextHeader {
    /// Hop-by-Hop Options (RFC 8200 4.3): only ever the first header.
    public static let hopByHop: UInt8 = 0
    /// Routing (RFC 8200 4.4).
    public static let routing: UInt8 = 43
    /// Fragment (RFC 8200 4.5).
    public static let fragment: UInt8 = 44
    /// Authentication Header (RFC 4302): its length counts 32-bit words, minus 2.
    public static let authentication: UInt8 = 51
    /// ICMPv6 (RFC 4443): MLD is carried here.
    public static let icmpv6: UInt8 = 58
    /// No Next Header (RFC 8200 4.7).
    public static let noNextHeader: UInt8 = 59
    /// Destination Options (RFC 8200 4.6).
    public static let destinationOptions: UInt8 = 60

    /// Whether a first Next Header may lead to MLD: ICMPv6, or an extension header a receiver walks to reach it
    /// (Hop-by-Hop, Routing, Fragment, Authentication, Destination Options).
    @inlinable public static func mayLeadToMLD(_ value: UInt8) -> Bool {
        value == icmpv6 || value == hopByHop || value == routing || value == fragment || value == authentication
            || value == destinationOptions
    }
}

/// What walking an IPv6 packet's extension headers found (RFC 8200 4): where the upper-layer header starts, the
/// Hop-by-Hop Router Alert, the Fragment header, the final destination a Routing header names, and the first flaw.
///
/// The walk is bounded: every header it steps over is at least 8 bytes and lies inside the payload, and it stops
/// after `maximumHeaders`, so neither a lying length nor a long chain can make it read past the bytes or run long.
public struct IPv6HeaderChain: Hashable, Sendable {
    /// The most extension headers walked; a longer chain is a flaw (RFC 8200 4.1 names at most eight kinds, each
    /// once but Destination Options twice).
    public static let maximumHeaders = 10
    /// Router Alert's option type in a Hop-by-Hop header (RFC 2711 2).
    public static let routerAlertOption: UInt8 = 5
    /// The Router Alert value of MLD messages (RFC 2711 2).
    public static let routerAlertMLD: UInt16 = 0

    /// The Fragment header's fields (RFC 8200 4.5).
    public struct Fragment: Hashable, Sendable {
        /// Fragment Offset, in 8-byte units.
        public var offset: UInt16
        /// The M flag: more fragments follow.
        public var moreFragments: Bool
        /// Identification.
        public var identification: UInt32
        /// Frame offset of the Fragment header.
        public var frameOffset: Int
    }

    /// What is wrong with a chain.
    public enum FlawReason: String, Sendable, Hashable, CaseIterable {
        /// A header's length runs past the packet's payload.
        case headerRunsPast = "extension header runs past the payload"
        /// A Hop-by-Hop header that is not the first header (RFC 8200 4.1).
        case hopByHopNotFirst = "Hop-by-Hop Options header not first"
        /// A header kind repeated (RFC 8200 4.1: each at most once, Destination Options at most twice).
        case repeatedHeader = "extension header repeated"
        /// More headers than the walk follows.
        case tooManyHeaders = "too many extension headers"
        /// An option in Hop-by-Hop or Destination Options runs past its header.
        case optionRunsPast = "option runs past its header"
        /// A Router Alert option whose length is not 2 (RFC 2711 2).
        case routerAlertBadLength = "Router Alert option length is not 2"
    }

    /// The first thing wrong with the chain.
    public struct Flaw: Hashable, Sendable {
        /// What is wrong.
        public var reason: FlawReason
        /// Frame offset of the header or option at fault.
        public var frameOffset: Int
        /// The header's Next Header value (or option type) at fault.
        public var type: UInt8
        /// The length it declared, in bytes.
        public var declaredLength: Int
        /// For a header that runs past the payload: the frame offset where it claims to end (0 otherwise).
        public var claimedEnd: Int = 0
    }

    /// The upper-layer protocol (58 for ICMPv6) when the walk reached it; nil when a header ran past the payload, the
    /// chain was longer than the walk follows, or at a fragment other than the first, which carries no upper-layer
    /// header. A flaw inside the bounds (an option, a header out of place or repeated) does not stop the walk.
    public var upperLayerProtocol: UInt8?
    /// Frame offset where the upper-layer header starts (or where the walk stopped).
    public var upperLayerFrameOffset: Int
    /// Extension headers stepped over.
    public var headerCount: Int = 0
    /// The value of the Router Alert option in a Hop-by-Hop header (0: MLD, RFC 2711), nil when there is none; read
    /// from a misplaced Hop-by-Hop header too (it still says whose packet this is; `hasHopByHop` says whether the
    /// header was first, where receivers act on it).
    public var routerAlert: UInt16? = nil
    /// Whether the first header is Hop-by-Hop Options.
    public var hasHopByHop = false
    /// The Fragment header, when there is one.
    public var fragment: Fragment? = nil
    /// The destination a Routing header with segments left names as final (the ICMPv6 checksum covers it, RFC
    /// 8200 8.1); nil without one.
    public var routingFinalDestination: IPv6Address? = nil
    /// The first flaw, nil for a well-formed chain.
    public var flaw: Flaw? = nil

    /// Walks the extension headers in `payload` (the bytes after the fixed header, at `frameOffset` in the frame),
    /// the first being `firstHeader`.
    public init(walking payload: RawSpan, firstHeader: UInt8, frameOffset: Int) {
        upperLayerFrameOffset = frameOffset
        var next = firstHeader
        var offset = 0
        var seen: UInt32 = 0
        var destinationOptionsSeen = 0
        let count = payload.byteCount
        while true {
            let isExtension = NextHeaderKind(next)
            if isExtension == .upperLayer {
                upperLayerProtocol = next
                upperLayerFrameOffset = frameOffset + offset
                return
            }
            guard headerCount < Self.maximumHeaders else {
                if flaw == nil { flaw = Flaw(reason: .tooManyHeaders, frameOffset: frameOffset + offset, type: next, declaredLength: 0) }
                upperLayerFrameOffset = frameOffset + offset
                return
            }
            // Every header's first two bytes are Next Header and a length.
            guard count - offset >= 8 else {
                if flaw == nil {
                    flaw = Flaw(reason: .headerRunsPast, frameOffset: frameOffset + offset, type: next, declaredLength: 8,
                                claimedEnd: frameOffset + offset + 8)
                }
                upperLayerFrameOffset = frameOffset + offset
                return
            }
            let length: Int
            switch isExtension {
            case .fragment: length = 8
            case .authentication: length = (Int(payload.uint8(at: offset + 1)) + 2) * 4
            default: length = (Int(payload.uint8(at: offset + 1)) + 1) * 8
            }
            let fits = length <= count - offset
            if next == IPv6NextHeader.hopByHop {
                // Its Router Alert says the packet is MLD's even when the header is out of place or lies about its
                // length: read it over the bytes that are there.
                if headerCount == 0 { hasHopByHop = true }
                let before = flaw
                let present = min(length, count - offset)
                walkOptions(payload.extracting(offset..<(offset + present)), frameOffset: frameOffset + offset, inHopByHop: true)
                // An option cut by the header's own lie is that lie, said next (a flaw wholly inside the bytes stays).
                if !fits && before == nil && flaw?.reason == .optionRunsPast { flaw = nil }
            }
            guard fits else {
                if flaw == nil {
                    flaw = Flaw(reason: .headerRunsPast, frameOffset: frameOffset + offset + 1, type: next, declaredLength: length,
                                claimedEnd: frameOffset + offset + length)
                }
                upperLayerFrameOffset = frameOffset + offset
                return
            }
            // Out of place or repeated (RFC 8200 4.1): a flaw, but a receiver walks on, and so does this walk, so that
            // an MLD message behind such a chain is still found and judged.
            if flaw == nil && next == IPv6NextHeader.hopByHop && headerCount > 0 {
                flaw = Flaw(reason: .hopByHopNotFirst, frameOffset: frameOffset + offset, type: next, declaredLength: 0)
            }
            let bit = UInt32(1) << UInt32(isExtension.rawValue)
            if next == IPv6NextHeader.destinationOptions {
                destinationOptionsSeen += 1
            }
            let repeated = next == IPv6NextHeader.destinationOptions ? destinationOptionsSeen > 2
                : isExtension != .otherExtension && seen & bit != 0
            if flaw == nil && repeated {
                flaw = Flaw(reason: .repeatedHeader, frameOffset: frameOffset + offset, type: next, declaredLength: 0)
            }
            seen |= bit
            let headerBytes = payload.extracting(offset..<(offset + length))
            let headerOffset = frameOffset + offset
            headerCount += 1
            switch isExtension {
            case .destinationOptions:
                walkOptions(headerBytes, frameOffset: headerOffset, inHopByHop: false)
            case .routing:
                readRouting(headerBytes)
            case .fragment:
                let field = headerBytes.uint16(at: 2)
                let found = Fragment(offset: field >> 3, moreFragments: field & 1 != 0,
                                     identification: headerBytes.uint32(at: 4), frameOffset: headerOffset)
                fragment = found
                if found.offset != 0 {
                    // A later fragment: what follows is the middle of the upper-layer data.
                    upperLayerFrameOffset = headerOffset + length
                    return
                }
            default:
                break
            }
            next = headerBytes.uint8(at: 0)
            offset += length
        }
    }

    /// Walks the options of a Hop-by-Hop or Destination Options header (RFC 8200 4.2), keeping the first Router
    /// Alert of a Hop-by-Hop header.
    mutating func walkOptions(_ header: RawSpan, frameOffset: Int, inHopByHop: Bool) {
        var offset = 2
        let count = header.byteCount
        while offset < count {
            let type = header.uint8(at: offset)
            if type == 0 {  // Pad1
                offset += 1
                continue
            }
            guard count - offset >= 2, count - offset - 2 >= Int(header.uint8(at: offset + 1)) else {
                let declared = count - offset >= 2 ? Int(header.uint8(at: offset + 1)) : 0
                if flaw == nil { flaw = Flaw(reason: .optionRunsPast, frameOffset: frameOffset + offset, type: type, declaredLength: declared) }
                return
            }
            let length = Int(header.uint8(at: offset + 1))
            if type == Self.routerAlertOption && inHopByHop {
                // The value is read even from an option of the wrong length: it still says whose packet this is.
                if routerAlert == nil && length >= 2 { routerAlert = header.uint16(at: offset + 2) }
                guard length == 2 else {
                    if flaw == nil { flaw = Flaw(reason: .routerAlertBadLength, frameOffset: frameOffset + offset, type: type, declaredLength: length) }
                    return
                }
            }
            offset += 2 + length
        }
    }

    /// The final destination of a Routing header with segments left: the last address of type 0 (RFC 2460, now
    /// deprecated) and type 2 (RFC 6275), the first segment of a Segment Routing header (type 4, RFC 8754).
    mutating func readRouting(_ header: RawSpan) {
        let routingType = header.uint8(at: 2)
        let segmentsLeft = header.uint8(at: 3)
        guard segmentsLeft > 0 else { return }
        let addresses = (header.byteCount - 8) / 16
        switch routingType {
        case 0, 2:
            if addresses > 0 { routingFinalDestination = header.ipv6Address(at: 8 + 16 * (addresses - 1)) }
        case 4:
            if addresses > 0 { routingFinalDestination = header.ipv6Address(at: 8) }
        default:
            break
        }
    }
}

/// How the walk treats a Next Header value.
enum NextHeaderKind: UInt8 {
    case hopByHop, routing, fragment, authentication, destinationOptions, otherExtension, upperLayer

    @inline(__always)
    init(_ value: UInt8) {
        switch value {
        case IPv6NextHeader.hopByHop: self = .hopByHop
        case IPv6NextHeader.routing: self = .routing
        case IPv6NextHeader.fragment: self = .fragment
        case IPv6NextHeader.authentication: self = .authentication
        case IPv6NextHeader.destinationOptions: self = .destinationOptions
        case 135, 139, 140, 253, 254: self = .otherExtension
        default: self = .upperLayer
        }
    }
}
