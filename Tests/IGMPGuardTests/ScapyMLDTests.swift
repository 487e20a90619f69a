import Foundation
import Testing

/// Whether Debian's scapy imports in /usr/bin/python3.
let scapyAvailable: Bool = {
    guard let result = try? Tool.execute(["/usr/bin/python3", "-c", "import scapy.layers.inet6"]) else { return false }
    return result.status == 0
}()

/// Scapy (Debian's python3-scapy) as a second, independent MLD encoder: the packets it builds, conforming ones and
/// ones with the counts, lengths and envelope a hostile sender would change, get the verdicts and rules expected of
/// them from the real binary.
@Suite(.enabled(if: scapyAvailable, "python3-scapy is not installed (apt-get install python3-scapy): scapy MLD tests skipped"))
struct ScapyMLDTests {
    /// Each packet scapy builds, with the verdict and the rule (if any) it must get.
    static let cases: [(scapy: String, verdict: String, rule: String?)] = [
        ("IPv6(src=R, dst='ff02::1', hlim=1)/RA/ICMPv6MLQuery(mrd=10000, mladdr='::')", "clean", nil),
        ("IPv6(src=H, dst=G, hlim=1)/RA/ICMPv6MLReport(mladdr=G)", "clean", nil),
        ("IPv6(src=H, dst='ff02::2', hlim=1)/RA/ICMPv6MLDone(mladdr=G)", "clean", nil),
        ("IPv6(src=R, dst='ff02::1', hlim=1)/RA/ICMPv6MLQuery2(mrd=10000, QRV=2, QQIC=125)", "clean", nil),
        ("IPv6(src=R, dst=G, hlim=1)/RA/ICMPv6MLQuery2(mrd=40000, mladdr=G, sources=['2001:db8::1', '2001:db8::2'], QRV=2, QQIC=125)",
         "clean", nil),
        ("IPv6(src=H, dst='ff02::16', hlim=1)/RA/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(rtype=4, dst=G), "
         + "ICMPv6MLDMultAddrRec(rtype=1, dst='ff35::1', sources=['2001:db8::1'], auxdata_len=1, auxdata=b'abcd')])", "clean", nil),
        // Scapy 2.5 fills Aux Data Len with the aux data's length in bytes; RFC 3810 5.2.6 counts 32-bit words, so
        // its 4 bytes of aux data claim 16: the record runs past the message (tcpdump misreads it the same way).
        ("IPv6(src=H, dst='ff02::16', hlim=1)/RA/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(rtype=1, dst=G, auxdata=b'abcd')])",
         "hostile", "mld-record-aux-data-overflow"),
        ("IPv6(src='::', dst='ff02::16', hlim=1)/RA/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(rtype=4, dst=G)])", "clean", nil),
        // What a hostile sender changes.
        ("IPv6(src=R, dst=G, hlim=1)/RA/ICMPv6MLQuery2(mladdr=G, sources_number=9, sources=['2001:db8::1'], QRV=2, QQIC=125)",
         "hostile", "mld-query-source-count-overflow"),
        ("IPv6(src=H, dst='ff02::16', hlim=1)/RA/ICMPv6MLReport2(records_number=3, records=[ICMPv6MLDMultAddrRec(rtype=4, dst=G)])",
         "hostile", "mld-report-record-count-overflow"),
        ("IPv6(src=H, dst='ff02::16', hlim=1)/RA/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(rtype=1, dst=G, sources_number=5, sources=['2001:db8::1'])])",
         "hostile", "mld-record-source-count-overflow"),
        ("IPv6(src=H, dst='ff02::16', hlim=1)/RA/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(rtype=1, dst=G, auxdata_len=4)])",
         "hostile", "mld-record-aux-data-overflow"),
        ("IPv6(src=H, dst='ff02::16', hlim=255)/RA/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(rtype=4, dst=G)])",
         "suspicious", "mld-hop-limit-not-one"),
        ("IPv6(src='2001:db8::66', dst='ff02::1', hlim=1)/RA/ICMPv6MLQuery2(QRV=2, QQIC=125)", "suspicious", "mld-source-not-link-local"),
        ("IPv6(src=R, dst='ff02::1', hlim=1)/RA/ICMPv6MLQuery2(mrd=0, QRV=2, QQIC=125)", "suspicious", "mld-max-resp-code-zero"),
        ("IPv6(src=H, dst='ff02::1', hlim=1)/RA/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(rtype=4, dst=G)])",
         "suspicious", "mld-report-destination"),
        ("IPv6(src=H, dst='ff02::16', hlim=1)/RA/ICMPv6MLReport2(cksum=0x1234, records=[ICMPv6MLDMultAddrRec(rtype=4, dst=G)])",
         "suspicious", "mld-checksum-invalid"),
        ("IPv6(src=H, dst='ff02::16', hlim=1)/RA/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(rtype=9, dst=G)])",
         "suspicious", "mld-unknown-record-type"),
        ("IPv6(src=H, dst='ff02::16', hlim=1)/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(rtype=4, dst=G)])", "clean", "mld-router-alert-missing"),
        ("IPv6(src=H, dst='ff02::16', hlim=1)/IPv6ExtHdrHopByHop(options=[RouterAlert(value=0), PadN(optdata=b'')])/IPv6ExtHdrFragment(m=1, id=7)"
         + "/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(rtype=4, dst=G)])", "hostile", "fragmented-mld"),
    ]

    @Test func scapysPacketsGetTheirVerdicts() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pcap = dir.appendingPathComponent("scapy-mld.pcap").path
        let script = """
        import logging
        logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
        from scapy.all import Ether, wrpcap
        from scapy.layers.inet6 import *
        R, H, G = 'fe80::1', 'fe80::a', 'ff15::1:2'
        RA = IPv6ExtHdrHopByHop(options=[RouterAlert(value=0), PadN(optdata=b'')])
        packets = [
        \(Self.cases.map { "    Ether(dst='33:33:00:00:00:16')/" + $0.scapy + "," }.joined(separator: "\n"))
        ]
        wrpcap("\(pcap)", packets)
        """
        let made = try Tool.execute(["/usr/bin/python3", "-c", script])
        #expect(made.status == 0, "\(made.stderr)")
        let result = try Tool.run(["scan", "--all", "--no-context", "--format", "ndjson", pcap])
        let packets = result.objects.filter { $0["event"] as? String == "packet" }
        #expect(packets.count == Self.cases.count, "\(result.stdout)")
        for packet in packets {
            let frame = packet["frame"] as! Int
            let expected = Self.cases[frame - 1]
            let rules = (packet["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
            #expect(packet["verdict"] as? String == expected.verdict, "#\(frame) \(expected.scapy): \(rules)")
            if let rule = expected.rule {
                #expect(rules.contains(rule), "#\(frame) \(expected.scapy): \(rules)")
            } else {
                #expect(rules.isEmpty, "#\(frame) \(expected.scapy): \(rules)")
            }
            // Decoded as MLD, not read as anything else (a fragment carries no decodable message).
            #expect(packet["igmp"] == nil && (packet["mld"] != nil || expected.rule == "fragmented-mld"), "#\(frame)")
        }
    }
}
