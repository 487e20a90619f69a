import IGMP
import IGMPTestSupport
import PropertyBased
import Testing

/// The MLD encoder and decoder are inverses: `MLDFrameRepr.parse(emit(x))` emits `x`'s bytes again, for every
/// conforming frame a recipe makes, and every one is clean.
@Suite struct MLDRoundTripTests {
    func roundTrips(_ frame: MLDFrameRepr, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = frame.bytes
        let parsed = try? MLDFrameRepr.parse(bytes, linkType: frame.linkType)
        #expect(parsed?.bytes == bytes, "\(frame)", sourceLocation: sourceLocation)
        let j = judge(bytes, linkType: frame.linkType)
        #expect(j.verdict == .clean && j.findings.isEmpty, "\(j.findings)", sourceLocation: sourceLocation)
    }

    @Test func recipesRoundTripClean() async {
        await propertyCheck(count: 2000, input: Gen<UInt8>.value(in: 0...255).array(of: 0...160)) { bytes in
            var recipe = FrameRecipe(bytes)
            roundTrips(recipe.conformingMLDFrame())
        }
    }

    /// Found by FuzzMLD: Pad1 before the Router Alert, the header's own padding after it.
    @Test func padOneBeforeTheRouterAlert() {
        var frame = MLDFrameRepr.conforming(.queryV1(address: mldGroup), from: linkLocalRouter)
        frame.ip.extensionHeaders = [.hopByHop(options: [0, 5, 2, 0, 0]), .destinationOptions(options: [])]
        roundTrips(frame)
        for pad in 0...5 {
            frame.ip.extensionHeaders = [.hopByHop(options: Array(repeating: 0, count: pad) + IPv6ExtensionRepr.routerAlertMLD)]
            roundTrips(frame)
        }
    }

    /// What the structured cases cannot say (reserved bits, bytes after the sources) comes back as `other`, byte
    /// for byte.
    @Test func unstructuredMessagesKeepTheirBytes() throws {
        let bytes = MLDFrameRepr.conforming(.queryV2(address: mldGroup), from: linkLocalRouter).bytes + [1, 2, 3, 4]
        var withExtra = bytes
        withExtra[19] += 4  // Payload Length covers the 4 extra bytes
        let decoded = try MLDFrameRepr.parse(withExtra, linkType: .ethernet)
        guard case .other(let type, let body) = decoded.mld else { Issue.record("\(decoded.mld)"); return }
        #expect(type == MLDKind.queryType && body.count == 28 - 4 + 4)
    }
}

/// IPv6 addresses print as inet_ntop prints them (RFC 5952, and dotted quads where inet_ntop writes them), and
/// parse back.
@Test func ipv6AddressText() {
    let cases = ["::", "::1", "fe80::1", "ff02::16", "ff02::1:ff00:1", "2001:db8::1:0:0:1", "2001:db8:0:1:1:1:1:1",
                 "::ffff:192.0.2.1", "::0.76.0.0", "::4c", "1::", "fe80::215:17ff:fecc:e546", "ff0e::1:0:0:0"]
    for text in cases {
        let address = IPv6Address(text)
        #expect(address?.description == text, "\(text) -> \(String(describing: address))")
    }
    #expect(IPv6Address("2001:db8:0:0:1:0:0:1")?.description == "2001:db8::1:0:0:1")
    #expect(IPv6Address("fe80::1")?.expandedDescription == "fe80:0000:0000:0000:0000:0000:0000:0001")
    for bad in ["", ":::", "1:2:3:4:5:6:7:8:9", "fe80::1::2", "12345::", "g::"] { #expect(IPv6Address(bad) == nil, "\(bad)") }
    #expect(IPv6Address("fe80::1")!.isLinkLocalUnicast && IPv6Address("ff02::1")!.isMulticast && IPv6Address.unspecified.isUnspecified)
    #expect(IPv6Address("ff05::2")?.multicastScope == 5)
}
