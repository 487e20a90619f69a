import IGMP
import Testing

/// The dotted quad every output format prints: each octet's digits are stored as one word (`writeDottedQuad`).
@Suite struct IPv4AddressTests {
    /// Every octet value in every position, beside neighbours of one, two and three digits, against the decimal
    /// text the standard library writes.
    @Test func everyOctetInEveryPositionIsWrittenAsItsDecimalDigits() {
        let neighbours: [UInt8] = [0, 7, 10, 99, 100, 255]
        var checked = 0
        for position in 0..<4 {
            for value in 0...255 {
                for neighbour in neighbours {
                    var octets = [neighbour, neighbour, neighbour, neighbour]
                    octets[position] = UInt8(value)
                    let address = IPv4Address(octets[0], octets[1], octets[2], octets[3])
                    let expected = octets.map { String($0) }.joined(separator: ".")
                    #expect(address.description == expected)
                    var bytes: [UInt8] = [0x41] // appended after what is there
                    address.appendDottedQuad(to: &bytes)
                    #expect(bytes == [0x41] + Array(expected.utf8))
                    checked += 1
                }
            }
        }
        #expect(checked == 4 * 256 * 6)
        #expect(IPv4Address(255, 255, 255, 255).description == "255.255.255.255")
        #expect(IPv4Address.any.description == "0.0.0.0")
    }
}
