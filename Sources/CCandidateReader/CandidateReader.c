#include "CandidateReader.h"

#include <string.h>

int igmpguard_ethernet_frame_without_igmp(const unsigned char *frame, size_t length) {
    if (length <= 23) return 0;
    unsigned ether_type = (unsigned)frame[12] << 8 | frame[13];
    if (ether_type == 0x0800) return (frame[14] >> 4) != 4 || frame[23] != 2;
    return ether_type != 0x8100 && ether_type != 0x88a8 && ether_type != 0x9100;
}

/* Copies a packet into the batch; false when there is no room for it. Frames start 8-byte aligned, so the
 * validator's word loads stay within one or two cache lines, as in libpcap's own buffer. */
static inline int append(igmpguard_batch *batch, const struct pcap_pkthdr *header, const u_char *data,
                         int64_t frame_number) {
    size_t length = header->caplen;
    size_t start = batch->count == 0 ? 0 : (batch->byte_count + 7) & ~(size_t)7;
    if (batch->count == batch->frame_capacity || start > batch->byte_capacity || length > batch->byte_capacity - start)
        return 0;
    memcpy(batch->bytes + start, data, length);
    igmpguard_batch_frame *frame = &batch->frames[batch->count++];
    frame->frame_number = frame_number;
    frame->seconds = (int64_t)header->ts.tv_sec;
    frame->start = start;
    frame->nanoseconds = (int32_t)header->ts.tv_usec; /* nanoseconds: the file is opened with nanosecond precision */
    frame->wire_length = header->len;
    frame->captured_length = header->caplen;
    batch->byte_count = start + length;
    return 1;
}

igmpguard_read_status igmpguard_read_candidates(pcap_t *handle, const struct bpf_program *filter, int ethernet,
                                                int64_t pause_mask, igmpguard_read_state *state,
                                                igmpguard_batch *batch) {
    if (state->pending_header) {
        if (!append(batch, state->pending_header, state->pending_data, state->packets)) return IGMPGUARD_READ_FULL;
        state->pending_header = NULL;
        state->pending_data = NULL;
        if (pause_mask && (state->packets & pause_mask) == 0) return IGMPGUARD_READ_PAUSED;
    }
    /* In locals, stored back on the way out: the compiler cannot keep fields behind a pointer in registers across
     * the libpcap call. */
    int64_t packets = state->packets, truncated = state->truncated, record_offset = state->record_offset;
    igmpguard_read_status status;
    for (;;) {
        struct pcap_pkthdr *header;
        const u_char *data;
        int read = pcap_next_ex(handle, &header, &data);
        if (read != 1) {
            status = read == PCAP_ERROR_BREAK ? IGMPGUARD_READ_END : IGMPGUARD_READ_FAILED;
            break;
        }
        record_offset += 16 + (int64_t)header->caplen;
        packets += 1;
        int pause = pause_mask && (packets & pause_mask) == 0;
        if (filter && pcap_offline_filter(filter, header, data) == 0) {
            if (pause) { status = IGMPGUARD_READ_PAUSED; break; }
            continue;
        }
        if (header->caplen < header->len) truncated += 1;
        if (!(ethernet && igmpguard_ethernet_frame_without_igmp(data, header->caplen))
            && !append(batch, header, data, packets)) {
            state->pending_header = header;
            state->pending_data = data;
            status = IGMPGUARD_READ_FULL;
            break;
        }
        if (pause) { status = IGMPGUARD_READ_PAUSED; break; }
    }
    state->packets = packets;
    state->truncated = truncated;
    state->record_offset = record_offset;
    return status;
}
