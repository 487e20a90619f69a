import IGMP
import Testing

@Suite struct LinkLayerTests {
    let message = IGMPRepr.reportV3([GroupRecordRepr(type: .changeToExclude, group: group)])

    func frame(_ link: LinkRepr) -> FrameRepr {
        FrameRepr(link: link, ip: IPv4Repr(source: host, destination: .igmpv3Routers), igmp: message)
    }

    @Test(arguments: [
        LinkRepr.ethernet(to: .igmpv3Routers, from: MACAddress(rawValue: 0x0200_0000_0001)),
        .linuxSLL(packetType: 2, source: MACAddress(rawValue: 0x0200_0000_0001)),
        .linuxSLL2(interfaceIndex: 3, packetType: 2, source: MACAddress(rawValue: 0x0200_0000_0001)),
        .raw, .null(bigEndian: false), .null(bigEndian: true),
    ])
    func everyLinkTypeDecodesToTheSameMessage(link: LinkRepr) throws {
        let f = frame(link)
        let bytes = f.bytes
        let decoded = try FrameDecoder.decode(bytes.span.bytes, linkType: f.linkType)
        #expect(decoded.igmp.kind == .reportV3)
        #expect(decoded.ip.source == host)
        #expect(try FrameRepr.parse(bytes.span.bytes, linkType: f.linkType) == f)
        #expect(judge(f).verdict == .clean)
    }

    @Test func rawIPReportedAsDLT12DecodesToo() throws {
        let bytes = frame(.raw).bytes
        for type in [LinkType.rawDLT, .rawDLTOpenBSD, .raw, .ipv4] {
            #expect(try FrameDecoder.decode(bytes.span.bytes, linkType: type).igmp.kind == .reportV3)
        }
    }

    @Test func vlanAndQinQTagsAreWalked() throws {
        let tags = [VLANTag(tpid: EtherType.qinq, vlanID: 100), VLANTag(vlanID: 200), VLANTag(tpid: EtherType.qinqLegacy, vlanID: 7)]
        let f = frame(.ethernet(to: .igmpv3Routers, from: MACAddress(rawValue: 1), vlanTags: tags))
        let bytes = f.bytes
        let decoded = try FrameDecoder.decode(bytes.span.bytes, linkType: .ethernet)
        #expect(decoded.link.vlanDepth == 3)
        #expect(decoded.link.outerVLANID == 100)
        #expect(decoded.link.innerVLANID == 7)
        #expect(decoded.link.networkOffset == 14 + 12)
        #expect(try FrameRepr.parse(bytes.span.bytes, linkType: .ethernet) == f)
    }

    @Test func vlanStackDeeperThanTheBoundIsRefused() {
        let tags = Array(repeating: VLANTag(vlanID: 1), count: LinkHeader.maximumVLANDepth + 1)
        let bytes = frame(.ethernet(to: .igmpv3Routers, from: MACAddress(rawValue: 1), vlanTags: tags)).bytes
        #expect(throws: DecodeError.self) { _ = try FrameDecoder.decode(bytes.span.bytes, linkType: .ethernet) }
        #expect(judge(bytes).inspection.isIGMP == false)
    }

    @Test func truncatedLinkHeadersAreErrorsNotCrashes() {
        let bytes = frame(.ethernet(to: .igmpv3Routers, from: MACAddress(rawValue: 1), vlanTags: [VLANTag(vlanID: 5)])).bytes
        for cut in 0..<18 {
            let part = Array(bytes.prefix(cut))
            do {
                _ = try FrameDecoder.decode(part.span.bytes, linkType: .ethernet)
                Issue.record("decoded a \(cut)-byte frame")
            } catch {
                #expect(error.reason == .truncatedLinkHeader || error.reason == .truncatedIPv4Header)
            }
        }
    }

    @Test func unsupportedLinkTypeIsNamed() {
        let bytes: [UInt8] = Array(repeating: 0, count: 64)
        do {
            _ = try FrameDecoder.decode(bytes.span.bytes, linkType: LinkType(rawValue: 105))
            Issue.record("decoded 802.11")
        } catch {
            #expect(error.reason == .unsupportedLinkType)
        }
        #expect(!LinkType(rawValue: 105).isSupported)
        #expect(LinkType.linuxSLL2.isSupported)
    }

    @Test func nonIPv4AndNonIGMPAreNotJudged() {
        var udp = frame(.raw)
        udp.ip.protocol = 17
        #expect(judge(udp).inspection.isIGMP == false)
        #expect(judge(udp).findings.isEmpty)
        var ipv6 = frame(.ethernet(to: .igmpv3Routers, from: MACAddress(rawValue: 1))).bytes
        ipv6[12] = 0x86; ipv6[13] = 0xdd
        #expect(judge(ipv6).inspection.isIGMP == false)
    }

    @Test func multicastMACFollowsRFC1112() {
        #expect(MACAddress(multicast: IPv4Address(239, 255, 255, 250)).description == "01:00:5e:7f:ff:fa")
        #expect(MACAddress(multicast: .igmpv3Routers).description == "01:00:5e:00:00:16")
    }
}
