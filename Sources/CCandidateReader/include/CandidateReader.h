/* The capture reading loop of `igmpguard scan`, in C: it reads packets with pcap_next_ex and copies the ones that
 * may carry IGMP into a batch, for Swift to judge (IGMPCapture's `CaptureReader.readCandidates(into:)`).
 *
 * Why C: the loop runs for every packet of the file, most of which are not IGMP. Written in Swift, with the packet
 * handed to a closure, it cost several times the bare pcap_next_ex loop's instructions a packet (the compiler kept
 * the loop's state on the stack across the libpcap call). Here the difference is the prefilter and, for the packets
 * kept, the copy (docs/benchmarks.md measures it). */
#ifndef IGMPGUARD_CANDIDATE_READER_H
#define IGMPGUARD_CANDIDATE_READER_H

#include <pcap/pcap.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One frame in a batch: its facts, and where its bytes start in the batch's store. */
typedef struct igmpguard_batch_frame {
    int64_t frame_number;    /* 1-based, among all packets of the file */
    int64_t seconds;
    uint64_t start;          /* offset in `bytes`, a multiple of 8 */
    int64_t fraction;        /* nanoseconds as libpcap hands them over: a file may set any value (Timestamp carries it) */
    uint32_t wire_length;
    uint32_t captured_length;
} igmpguard_batch_frame;

/* Frames copied out of libpcap's buffer, which the next read overwrites. The memory is the caller's. */
typedef struct igmpguard_batch {
    unsigned char *bytes;
    size_t byte_capacity;
    size_t byte_count;
    igmpguard_batch_frame *frames;
    size_t frame_capacity;
    size_t count;
} igmpguard_batch;

/* What one reader has read so far; zero it (record_offset 24) before the first call. CaptureReader keeps one for both
 * of its loops: forEachPacket reads and updates it too, and hands out the pending packet first. */
typedef struct igmpguard_read_state {
    int64_t packets;        /* packets read, filtered out or not: the last one's frame number */
    int64_t truncated;      /* packets (that passed the filter) cut by the snapshot length */
    int64_t record_offset;  /* classic pcap: where the next record starts in the file */
    /* A packet read and kept but not yet in a batch, the batch having no room for it; it goes first into the next.
     * libpcap's buffer holds it until the next read. */
    const struct pcap_pkthdr *pending_header;
    const u_char *pending_data;
} igmpguard_read_state;

typedef enum igmpguard_read_status {
    IGMPGUARD_READ_END = 0,     /* the end of the file */
    IGMPGUARD_READ_FULL = 1,    /* the batch has no room for the pending packet */
    IGMPGUARD_READ_PAUSED = 2,  /* `pause_mask` matched the packet count (for a progress report) */
    IGMPGUARD_READ_FAILED = 3   /* pcap_next_ex failed: pcap_geterr says why; record_offset is the failing record's */
} igmpguard_read_status;

/* Reads packets into `batch` until one of the statuses above. A packet is kept when `filter` (NULL for none) matches
 * it and, on Ethernet (`ethernet` non-zero), unless it plainly carries neither IGMP nor MLD (see
 * igmpguard_ethernet_frame_without_igmp). With `pause_mask` non-zero, returns PAUSED after each packet whose count
 * ANDed with it is zero. */
igmpguard_read_status igmpguard_read_candidates(pcap_t *handle, const struct bpf_program *filter, int ethernet,
                                                int64_t pause_mask, igmpguard_read_state *state,
                                                igmpguard_batch *batch);

/* Whether an Ethernet frame is untagged and plainly carries neither IGMP nor MLD: its EtherType is neither IPv4, IPv6
 * nor a VLAN tag (0x8100, 0x88a8, 0x9100); or it is IPv4 with another version or protocol; or IPv6 whose first header
 * is neither an extension header (0, 43, 44, 51, 60) nor ICMPv6 (58), or ICMPv6 of a type that is not MLD's (130,
 * 131, 132, 143).
 * False when the frame is too short to say (24 bytes or fewer; 54 or fewer for the ICMPv6 type). The same test as IGMP's `FrameWalk.mayCarryIGMP` (negated), which the tests hold it to. */
int igmpguard_ethernet_frame_without_igmp(const unsigned char *frame, size_t length);

/* Tells stdio that the caller keeps `stream` to one thread at a time, so that reads skip its lock. glibc takes a
 * stream's lock on every fread (libpcap calls fread twice a packet), and once a process has started a second thread,
 * as a two-thread scan has, it takes it with atomic operations; the single-threaded bare loop does not
 * (docs/benchmarks.md measures the difference). */
void igmpguard_stream_without_locking(FILE *stream);

/* Whether stdio takes `stream`'s lock on every read (1), as it does unless told otherwise; 0 after
 * igmpguard_stream_without_locking. Elsewhere than glibc, 1. For the tests. */
int igmpguard_stream_is_locked_by_stdio(FILE *stream);

#endif
