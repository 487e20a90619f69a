import CCandidateReader
import CPcap
import IGMP

/// Why `CaptureReader.readCandidates(into:pauseEvery:)` returned.
public enum CandidateRead: Sendable {
    /// The batch has no room for the next packet: hand it on, and call again with an empty one.
    case batchFull
    /// `pauseEvery` packets more were read (a moment to report progress); call again with the same batch.
    case paused
    /// Every packet of the file was read.
    case endOfFile
}

extension CaptureReader {
    /// Reads on from where the last call stopped and copies into `batch` every packet that passes the filter and may
    /// carry IGMP (`FrameWalk.mayCarryIGMP`), with its facts. Packets read before a read error are in the batch when
    /// the error is thrown. This is the scan's reading loop: it runs in C (`igmpguard_read_candidates`), because it
    /// touches every packet of the file.
    ///
    /// `pauseEvery`, a power of two, makes it return `.paused` after each packet whose frame number it divides.
    public func readCandidates(into batch: FrameBatch, pauseEvery: Int? = nil) throws(CaptureError) -> CandidateRead {
        guard !closed else { return .endOfFile }
        let pauseMask: Int64
        if let pauseEvery {
            precondition(pauseEvery > 0 && pauseEvery & (pauseEvery - 1) == 0, "pauseEvery must be a power of two")
            pauseMask = Int64(pauseEvery - 1)
        } else {
            pauseMask = 0
        }
        let ethernet: Int32 = linkType.rawValue == LinkType.ethernet.rawValue ? 1 : 0
        while true {
            let status = hasFilter
                ? igmpguard_read_candidates(handle, &filter, ethernet, pauseMask, &state, &batch.storage)
                : igmpguard_read_candidates(handle, nil, ethernet, pauseMask, &state, &batch.storage)
            switch status {
            case IGMPGUARD_READ_END:
                return .endOfFile
            case IGMPGUARD_READ_PAUSED:
                return .paused
            case IGMPGUARD_READ_FULL:
                guard batch.isEmpty, let pending = state.pending_header else { return .batchFull }
                batch.grow(toHold: Int(pending.pointee.caplen)) // a frame larger than the whole store
            default:
                throw readError(recordOffset: pcap_major_version(handle) == 2 ? state.record_offset : nil)
            }
        }
    }
}
