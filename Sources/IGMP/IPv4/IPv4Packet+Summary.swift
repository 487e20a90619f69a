extension IPv4Packet {
    /// Appends the one-line summary of a fragment, for the packets whose message cannot be read whole:
    /// `IPv4 fragment of IGMP (id N, offset N[, more fragments])`, the offset in bytes.
    public func appendFragmentSummary(to out: inout [UInt8]) {
        var s = ByteWriter(appendingTo: out)
        out = []
        s += "IPv4 fragment of IGMP (id "
        s.decimal(Int(identification))
        s += ", offset "
        s.decimal(Int(fragmentOffset) * 8)
        if moreFragments { s += ", more fragments" }
        s += ")"
        out = s.bytes
    }
}
