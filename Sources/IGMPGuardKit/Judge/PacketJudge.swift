import IGMP
import IGMPCapture

/// The judge step of `scan`, `live` and `bench`: one frame in; validated, and when it is IGMP, counted, and a packet
/// to report (flagged, or any with `--all`) handed to the recorder, which prints it and keeps it as evidence.
package struct PacketJudge {
    let linkType: LinkType
    let source: PacketSource
    /// Prints and keeps reported packets; nil only counts them (`bench`).
    let recorder: PacketRecorder?
    /// Report every IGMP and MLD packet, clean ones included (`--all`).
    let reportAll: Bool
    /// Reused for every frame: emptying it is O(1), making one is not.
    var findings = FindingBuffer()
    /// The traffic around the packets, which judges them across packets; nil with `--no-context`.
    package private(set) var traffic: TrafficModel?
    /// Whether `traffic` is set: tested per packet without copying the optional model out.
    let judgesTraffic: Bool
    /// The model's number for this capture or interface.
    let link: UInt32
    /// Bounds the alerts and evidence of a flood on this interface (`live --alert-limit`); nil: no bound.
    package var limiter: AlertLimiter?

    package init(linkType: LinkType, source: PacketSource, recorder: PacketRecorder?, traffic: TrafficModel? = nil,
                 link: UInt32 = 0) {
        self.linkType = linkType
        self.source = source
        self.recorder = recorder
        self.traffic = traffic
        judgesTraffic = traffic != nil
        self.link = link
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
        if judgesTraffic {
            judgeInTraffic(inspection, frame: frame, info: info, stats: &stats)
            return
        }
        if inspection.findingCount == 0 && !reportAll {
            stats.recordClean(isMLD: inspection.isMLD)
            return
        }
        judgeReported(inspection, verdict, frame: frame, info: info, stats: &stats)
    }

    /// The rest of `judge` with context on: the traffic model sees every IGMP and MLD packet and may add findings to it.
    @inline(never)
    private mutating func judgeInTraffic(_ alone: Inspection, frame: RawSpan, info: PacketInfo, stats: inout FileStatistics) {
        let time = TrafficTime(seconds: info.timestamp.seconds, nanoseconds: info.timestamp.nanoseconds)
        let inspection = traffic!.observe(frame: frame, linkType: linkType, at: time, link: link, judgedAlone: alone,
                                          into: &findings)
        guard let verdict = inspection.verdict else { return }
        if inspection.findingCount == 0 && !reportAll {
            stats.recordClean(isMLD: inspection.isMLD)
            return
        }
        judgeReported(inspection, verdict, frame: frame, info: info, stats: &stats)
    }

    @inline(never)
    private mutating func judgeReported(_ inspection: Inspection, _ verdict: Verdict, frame: RawSpan, info: PacketInfo,
                                        stats: inout FileStatistics) {
        stats.record(verdict, isMLD: inspection.isMLD, &findings)
        recorder?.record(inspection, verdict, &findings, frame: frame, limiter: limiter, info: info, source: source, linkType: linkType)
    }
}
