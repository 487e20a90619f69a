import IGMP
import Testing

@Suite struct IPv4OptionTests {
    func walk(_ options: [UInt8]) throws -> (types: [UInt8], error: IPv4OptionError?) {
        let f = FrameRepr(link: .raw, ip: IPv4Repr(source: host, destination: .allSystems, options: options), igmp: .queryV1())
        let bytes = f.bytes
        let ip = try IPv4Packet(checking: bytes.span.bytes, at: 0)
        var walker = ip.options
        var types: [UInt8] = []
        do {
            while let option = try walker.next() { types.append(option.type) }
            return (types, nil)
        } catch {
            return (types, error)
        }
    }

    @Test func routerAlertWithNOPAndEOLPadding() throws {
        let result = try walk([1, 0x94, 4, 0, 0, 0, 0, 0])
        #expect(result.types == [1, 0x94, 0])
        #expect(result.error == nil)
    }

    @Test func routerAlertValueIsRead() throws {
        let f = FrameRepr(link: .raw, ip: IPv4Repr(source: host, destination: .allSystems, options: [0x94, 4, 0, 7]), igmp: .queryV1())
        let bytes = f.bytes
        let ip = try IPv4Packet(checking: bytes.span.bytes, at: 0)
        var walker = ip.options
        guard let option = try walker.next() else { Issue.record("no option"); return }
        #expect(option.isRouterAlert == true)
        #expect(option.routerAlertValue == 7)
        #expect(option.frameOffset == 20)
    }

    @Test(arguments: [
        ([0x07, 0x00, 0, 0] as [UInt8], IPv4OptionError.Reason.lengthTooSmall, 0),
        ([0x07, 0x01, 0, 0], .lengthTooSmall, 0),
        ([0x07, 0x09, 0, 0], .overrunsHeader, 0),
        ([0x01, 0x01, 0x01, 0x83], .missingLength, 3),
        ([0x94, 0x06, 0, 0, 0, 0, 0, 0], .routerAlertBadLength, 0),
    ])
    func malformedOptionsAreReportedWithTheirOffset(options: [UInt8], reason: IPv4OptionError.Reason, at index: Int) throws {
        let result = try walk(options)
        let error = try #require(result.error)
        #expect(error.reason == reason)
        #expect(error.offset == 20 + index)
    }
}
