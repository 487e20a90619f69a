import IGMP

/// Changes bytes of the IPv4 header and IGMP message of an encoded frame: `mutations` is read as (position, value)
/// pairs, positions taken modulo the bytes from `ipOffset` on. With `repairChecksums`, both checksums are then set
/// right again, so that a change reaches the rules behind the checksums instead of stopping at them. Shared by the
/// property tests and the round-trip fuzz target, to hold the validator's clean proof to its full pass.
public func mutateIPv4Packet(_ bytes: inout [UInt8], ipOffset: Int, mutations: some Collection<UInt8>, repairChecksums: Bool) {
    let span = bytes.count - ipOffset
    guard ipOffset >= 0, span > 0 else { return }
    var values = mutations.makeIterator()
    while let position = values.next(), let value = values.next() {
        bytes[ipOffset + Int(position) % span] = value
    }
    if repairChecksums { IGMPTestSupport.repairChecksums(&bytes, ipOffset: ipOffset) }
}

/// Sets the IPv4 header checksum and the IGMP checksum of the packet at `ipOffset` right for its current bytes, as
/// far as its header length and Total Length fields allow (lengths that run past the bytes are left alone).
public func repairChecksums(_ bytes: inout [UInt8], ipOffset: Int) {
    guard ipOffset >= 0, bytes.count >= ipOffset + IPv4Packet.minimumHeaderLength else { return }
    let headerLength = Int(bytes[ipOffset] & 0x0f) * 4
    guard headerLength >= IPv4Packet.minimumHeaderLength, bytes.count >= ipOffset + headerLength else { return }
    let checksum = ipOffset + IPv4Packet.Field.headerChecksum
    bytes[checksum] = 0
    bytes[checksum + 1] = 0
    let ipSum = InternetChecksum.checksum(Array(bytes[ipOffset..<(ipOffset + headerLength)]))
    bytes[checksum] = UInt8(ipSum >> 8)
    bytes[checksum + 1] = UInt8(truncatingIfNeeded: ipSum)
    let totalLength = Int(bytes[ipOffset + IPv4Packet.Field.totalLength]) << 8 | Int(bytes[ipOffset + IPv4Packet.Field.totalLength + 1])
    let message = ipOffset + headerLength
    let end = min(bytes.count, ipOffset + totalLength)
    guard end - message >= IGMPMessage.Field.checksum + 2 else { return }
    bytes[message + IGMPMessage.Field.checksum] = 0
    bytes[message + IGMPMessage.Field.checksum + 1] = 0
    let sum = InternetChecksum.checksum(Array(bytes[message..<end]))
    bytes[message + IGMPMessage.Field.checksum] = UInt8(sum >> 8)
    bytes[message + IGMPMessage.Field.checksum + 1] = UInt8(truncatingIfNeeded: sum)
}
