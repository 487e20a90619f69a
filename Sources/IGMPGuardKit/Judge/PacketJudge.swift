import IGMP
import IGMPCapture

/// The judge step of `scan`, `live` and `bench`: one frame in; validated, and when it is IGMP, counted, and a packet
/// to report (flagged, or any with `--all`) handed to the recorder, which prints it and keeps it as evidence.
package struct PacketJudge {
    let linkType: LinkType
    let source: PacketSource
    /// Prints and keeps reported packets; nil only counts them (`bench`).
    let recorder: PacketRecorder?
    /// Report every IGMP packet, clean ones included (`--all`).
    let reportAll: Bool
    /// Reused for every frame: emptying it is O(1), making one is not.
    var findings = FindingBuffer()

    package init(linkType: LinkType, source: PacketSource, recorder: PacketRecorder?) {
        self.linkType = linkType
        self.source = source
        self.recorder = recorder
        reportAll = recorder?.reportAll ?? false
        // The rule catalogue is built on first use: here, not at the first finding.
        RuleCatalogue.prepare()
    }

    /// Judges one frame and counts it in `stats` when it is IGMP. One without any finding (nearly every IGMP packet)
    /// is only counted, inline; the rest go out of line to be counted per rule, printed and kept. (A clean verdict
    /// can still carry info findings, which the counts keep.)
    @inline(__always)
    package mutating func judge(_ frame: RawSpan, _ info: PacketInfo, stats: inout FileStatistics) {
        findings.removeAll()
        let inspection = Validator.validate(frame: frame, linkType: linkType, wireLength: info.wireLength, into: &findings)
        guard let verdict = inspection.verdict else { return }
        if inspection.findingCount == 0 && !reportAll {
            stats.recordClean()
            return
        }
        judgeReported(inspection, verdict, frame: frame, info: info, stats: &stats)
    }

    @inline(never)
    private mutating func judgeReported(_ inspection: Inspection, _ verdict: Verdict, frame: RawSpan, info: PacketInfo,
                                        stats: inout FileStatistics) {
        stats.record(verdict, &findings)
        recorder?.record(inspection, verdict, &findings, frame: frame, info: info, source: source, linkType: linkType)
    }
}
