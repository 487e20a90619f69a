/// Judges frames against the rule catalogue, allocating nothing. `FrameWalk` locates the message; a conforming
/// packet is then proved clean by one straight pass (`CleanProof`); any other goes through the full pass
/// (`FullPass`), which names every rule that fires.
///
/// Keep one `FindingBuffer` and empty it between frames; <doc:ValidatingFrames> shows the whole use.
public enum Validator {
    /// Sources that fit one 1500-byte Ethernet frame: (1500 - 24 IPv4 with Router Alert - 12) / 4 in a query,
    /// (1500 - 24 - 8 report header - 8 record header) / 4 in a report record.
    public static let maximumQuerySourcesInMTU = 366
    /// The most sources a group record of a one-record report can carry in a 1500-byte frame.
    public static let maximumRecordSourcesInMTU = 365
    /// TOS of IP precedence Internetwork Control (RFC 3376 4).
    public static let internetControlTOS: UInt8 = 0xc0

    /// Validates one frame into any sink, which receives the findings in the order the rules are checked.
    ///
    /// - Parameters:
    ///   - frame: the captured bytes, starting at the link-layer header.
    ///   - linkType: the capture's link type.
    ///   - wireLength: the packet's length on the wire when the capture may have cut it (pcap `len`); nil when
    ///     `frame` is the whole packet. When the capture was cut, length checks that need the missing bytes are
    ///     skipped and `captureTruncated` is reported instead of a hostile finding.
    ///   - sink: receives the findings.
    /// - Returns: the verdict (nil when the frame is not IGMP) and what was understood of the frame.
    public static func validate(
        frame: RawSpan, linkType: LinkType, wireLength: Int? = nil, into sink: inout some FindingSink
    ) -> Inspection {
        guard let carried = FrameWalk.locate(frame, linkType: linkType) else { return .notIGMP }
        switch carried {
        case .igmp(let ipOffset):
            if let kind = CleanProof.proveClean(frame, ipOffset: ipOffset, wireLength: wireLength) { return .clean(kind) }
            return FullPass.judge(frame, ipOffset: ipOffset, wireLength: wireLength, sink: &sink)
        case .mld(let ipOffset):
            if let kind = CleanProof.proveCleanMLD(frame, ipOffset: ipOffset, wireLength: wireLength) { return .clean(kind) }
            return FullPass.judgeMLD(frame, ipOffset: ipOffset, wireLength: wireLength, sink: &sink)
        }
    }

    /// Validates one frame into a `FindingBuffer`, which keeps the findings in frame-offset order and never
    /// allocates: the call `igmpguard` makes for every packet.
    ///
    /// - Parameters:
    ///   - frame: the captured bytes, starting at the link-layer header.
    ///   - linkType: the capture's link type.
    ///   - wireLength: the packet's length on the wire when the capture may have cut it (pcap `len`); nil when
    ///     `frame` is the whole packet. When the capture was cut, length checks that need the missing bytes are
    ///     skipped and `captureTruncated` is reported instead of a hostile finding.
    ///   - sink: receives the findings; empty it with `removeAll()` first when it is reused.
    /// - Returns: the verdict (nil when the frame is not IGMP) and what was understood of the frame.
    // The same steps as the generic overload, specialised and inlined into the caller: most traffic is untagged
    // Ethernet, which the walk's prefilter settles without a call, and a conforming packet is proved clean by one call.
    @inlinable @inline(__always)
    public static func validate(
        frame: RawSpan, linkType: LinkType, wireLength: Int? = nil, into sink: inout FindingBuffer
    ) -> Inspection {
        // `FrameWalk.locate`'s steps, the untagged Ethernet one kept here and the rest out of line, so that the
        // caller holds only the common path.
        switch FrameWalk.prefilter(frame, linkType: linkType) {
        case .notIGMP:
            return .notIGMP
        case .igmpBehindUntaggedEthernet:
            if let kind = CleanProof.proveClean(frame, ipOffset: 14, wireLength: wireLength) { return .clean(kind) }
            return fullPassIntoBuffer(frame: frame, ipOffset: 14, wireLength: wireLength, sink: &sink)
        case .walkTheLinkHeader:
            return validateBehindLinkHeader(frame: frame, linkType: linkType, wireLength: wireLength, sink: &sink)
        }
    }

    /// Validates an IGMP message given without its IPv4 header, as a socket that strips the header hands it over.
    ///
    /// Only the message's own rules are judged (length, checksum, counts, record types, groups, reserved bits,
    /// duplicate sources); the rules on the IPv4 header (options, TTL, Router Alert, fragments) and on where the
    /// message was sent need the header. A raw IPv4 socket (`IPPROTO_IGMP`) delivers the header too: validate what
    /// it reads with `validate(frame:linkType:)` and `LinkType.raw` to judge every rule.
    ///
    /// - Parameters:
    ///   - message: the IGMP message, from its Type byte to its end.
    ///   - sink: receives the findings; their offsets count from the message's first byte.
    /// - Returns: the verdict; a message under 8 bytes is `igmpTooShort`.
    public static func validate(message: RawSpan, into sink: inout some FindingSink) -> Inspection {
        FullPass.judgeBare(message, sink: &sink)
    }

    /// `validate(frame:linkType:wireLength:into:)` for a frame held in an array.
    public static func validate(frame: [UInt8], linkType: LinkType, wireLength: Int? = nil,
                                into sink: inout some FindingSink) -> Inspection {
        validate(frame: frame.span.bytes, linkType: linkType, wireLength: wireLength, into: &sink)
    }

    /// `validate(frame:linkType:wireLength:into:)` for a frame held in an array, into a `FindingBuffer`.
    @inlinable
    public static func validate(frame: [UInt8], linkType: LinkType, wireLength: Int? = nil,
                                into sink: inout FindingBuffer) -> Inspection {
        validate(frame: frame.span.bytes, linkType: linkType, wireLength: wireLength, into: &sink)
    }

    /// `validate(message:into:)` for a message held in an array.
    public static func validate(message: [UInt8], into sink: inout some FindingSink) -> Inspection {
        validate(message: message.span.bytes, into: &sink)
    }

    /// The full pass alone, without the clean proof before it: the tests and fuzz targets hold the two stages to
    /// each other with it.
    @_spi(Testing)
    public static func fullPass(frame: RawSpan, linkType: LinkType, wireLength: Int? = nil,
                                into sink: inout some FindingSink) -> Inspection {
        switch FrameWalk.locate(frame, linkType: linkType) {
        case .igmp(let ipOffset)?: return FullPass.judge(frame, ipOffset: ipOffset, wireLength: wireLength, sink: &sink)
        case .mld(let ipOffset)?: return FullPass.judgeMLD(frame, ipOffset: ipOffset, wireLength: wireLength, sink: &sink)
        case nil: return .notIGMP
        }
    }
}

/// `validate` into a `FindingBuffer` for a frame whose link header must be walked (tags, other link types).
@usableFromInline @inline(never)
func validateBehindLinkHeader(frame: RawSpan, linkType: LinkType, wireLength: Int?, sink: inout FindingBuffer) -> Inspection {
    switch FrameWalk.locateBehindLinkHeader(frame, linkType: linkType) {
    case .igmp(let ipOffset)?:
        if let kind = CleanProof.proveClean(frame, ipOffset: ipOffset, wireLength: wireLength) { return .clean(kind) }
        return FullPass.judge(frame, ipOffset: ipOffset, wireLength: wireLength, sink: &sink)
    case .mld(let ipOffset)?:
        if let kind = CleanProof.proveCleanMLD(frame, ipOffset: ipOffset, wireLength: wireLength) { return .clean(kind) }
        return FullPass.judgeMLD(frame, ipOffset: ipOffset, wireLength: wireLength, sink: &sink)
    case nil:
        return .notIGMP
    }
}

/// The full pass into a `FindingBuffer`, specialised in this module for the inlined `validate`.
/// (A free function rather than a static method: the optimiser would otherwise drop the unused metatype argument
/// and leave a thunk that copies the result once more.)
@usableFromInline
func fullPassIntoBuffer(frame: RawSpan, ipOffset: Int, wireLength: Int?, sink: inout FindingBuffer) -> Inspection {
    FullPass.judge(frame, ipOffset: ipOffset, wireLength: wireLength, sink: &sink)
}
