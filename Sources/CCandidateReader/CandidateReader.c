#include "CandidateReader.h"

#include <stdint.h>
#include <string.h>
#if defined(__GLIBC__)
#include <stdio_ext.h>
#endif

void igmpguard_stream_without_locking(FILE *stream) {
#if defined(__GLIBC__)
    __fsetlocking(stream, FSETLOCKING_BYCALLER);
#else
    (void)stream; /* elsewhere stdio keeps its locks */
#endif
}

int igmpguard_stream_is_locked_by_stdio(FILE *stream) {
#if defined(__GLIBC__)
    return __fsetlocking(stream, FSETLOCKING_QUERY) == FSETLOCKING_INTERNAL;
#else
    (void)stream;
    return 1;
#endif
}

int igmpguard_ethernet_frame_without_igmp(const unsigned char *frame, size_t length) {
    if (length <= 23) return 0;
    unsigned ether_type = (unsigned)frame[12] << 8 | frame[13];
    if (ether_type == 0x0800) return (frame[14] >> 4) != 4 || frame[23] != 2;
    if (ether_type == 0x86dd) {
        /* An extension header first (Hop-by-Hop 0, Routing 43, Fragment 44, Authentication 51, Destination Options
         * 60), or ICMPv6 of an MLD type (130, 131, 132, 143) or too short to tell. */
        unsigned next_header = frame[20];
        if (next_header == 0 || next_header == 43 || next_header == 44 || next_header == 51 || next_header == 60) return 0;
        if (next_header != 58) return 1;
        if (length <= 54) return 0;
        unsigned type = frame[54];
        return type != 130 && type != 131 && type != 132 && type != 143;
    }
    return ether_type != 0x8100 && ether_type != 0x88a8 && ether_type != 0x9100;
}

/* Where a frame of `length` bytes would start in the batch; SIZE_MAX when the batch has no room for it. Frames start
 * 8-byte aligned, so the validator's word loads stay within one or two cache lines, as in libpcap's own buffer. */
static inline size_t room(size_t count, size_t byte_count, size_t frame_capacity, size_t byte_capacity, size_t length) {
    size_t start = (byte_count + 7) & ~(size_t)7;
    if (count == frame_capacity || start > byte_capacity || length > byte_capacity - start) return SIZE_MAX;
    return start;
}

static inline void put(igmpguard_batch_frame *frame, const struct pcap_pkthdr *header, int64_t frame_number, size_t start) {
    frame->frame_number = frame_number;
    frame->seconds = (int64_t)header->ts.tv_sec;
    frame->start = start;
    frame->fraction = (int64_t)header->ts.tv_usec; /* nanoseconds: the file is opened with nanosecond precision */
    frame->wire_length = header->len;
    frame->captured_length = header->caplen;
}

/* The loop, inlined into one copy per combination of filter, pause and link type that matters (see below), so that
 * a plain scan's loop tests neither. Its state is in locals, stored back on the way out: fields behind a pointer
 * would be reloaded around every libpcap call and memcpy. */
static inline __attribute__((always_inline)) igmpguard_read_status
read_loop(pcap_t *handle, const struct bpf_program *filter, int ethernet, int64_t pause_mask,
          igmpguard_read_state *state, igmpguard_batch *batch) {
    int64_t packets = state->packets, truncated = state->truncated, record_offset = state->record_offset;
    unsigned char *const bytes = batch->bytes;
    igmpguard_batch_frame *const frames = batch->frames;
    const size_t byte_capacity = batch->byte_capacity, frame_capacity = batch->frame_capacity;
    size_t count = batch->count, byte_count = batch->byte_count;
    igmpguard_read_status status;
    for (;;) {
        struct pcap_pkthdr *header;
        const u_char *data;
        int read = pcap_next_ex(handle, &header, &data);
        if (read != 1) {
            status = read == PCAP_ERROR_BREAK ? IGMPGUARD_READ_END : IGMPGUARD_READ_FAILED;
            break;
        }
        const size_t length = header->caplen;
        record_offset += 16 + (int64_t)length;
        packets += 1;
        const int pause = pause_mask && (packets & pause_mask) == 0;
        if (filter && pcap_offline_filter(filter, header, data) == 0) {
            if (pause) { status = IGMPGUARD_READ_PAUSED; break; }
            continue;
        }
        truncated += length < header->len;
        if (!(ethernet && igmpguard_ethernet_frame_without_igmp(data, length))) {
            const size_t start = room(count, byte_count, frame_capacity, byte_capacity, length);
            if (start == SIZE_MAX) {
                state->pending_header = header;
                state->pending_data = data;
                status = IGMPGUARD_READ_FULL;
                break;
            }
            memcpy(bytes + start, data, length);
            put(&frames[count], header, packets, start);
            count += 1;
            byte_count = start + length;
        }
        if (pause) { status = IGMPGUARD_READ_PAUSED; break; }
    }
    state->packets = packets;
    state->truncated = truncated;
    state->record_offset = record_offset;
    batch->count = count;
    batch->byte_count = byte_count;
    return status;
}

igmpguard_read_status igmpguard_read_candidates(pcap_t *handle, const struct bpf_program *filter, int ethernet,
                                                int64_t pause_mask, igmpguard_read_state *state,
                                                igmpguard_batch *batch) {
    if (state->pending_header) {
        const struct pcap_pkthdr *header = state->pending_header;
        size_t start = room(batch->count, batch->byte_count, batch->frame_capacity, batch->byte_capacity, header->caplen);
        if (start == SIZE_MAX) return IGMPGUARD_READ_FULL;
        memcpy(batch->bytes + start, state->pending_data, header->caplen);
        put(&batch->frames[batch->count], header, state->packets, start);
        batch->count += 1;
        batch->byte_count = start + header->caplen;
        state->pending_header = NULL;
        state->pending_data = NULL;
        if (pause_mask && (state->packets & pause_mask) == 0) return IGMPGUARD_READ_PAUSED;
    }
    /* The plain scan of an Ethernet capture (no filter, no progress bar) gets a loop of its own; every other case
     * shares the general one. */
    if (!filter && !pause_mask && ethernet) return read_loop(handle, NULL, 1, 0, state, batch);
    return read_loop(handle, filter, ethernet, pause_mask, state, batch);
}
