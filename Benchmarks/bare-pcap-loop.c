/* The baseline igmpguard scan is compared with: read every packet of a capture with pcap_next_ex and nothing else.
 *
 * usage: bare-pcap-loop [--libpcap-open | --pcap-loop] CAPTURE...   (several are read one after another)
 *
 * By default it opens the file as igmpguard does (CaptureReader): fopen, a 64 KiB stdio buffer, the stream read
 * without stdio's lock (__fsetlocking BYCALLER), then pcap_fopen_offline, and reads with pcap_next_ex as igmpguard
 * does. The ratio to this loop is the cost of
 * igmpguard's own work alone. With --libpcap-open it lets pcap_open_offline open the file, as tcpdump does: glibc
 * then reads through a buffer of the file system's block size (4 KiB here), one read(2) per 4 KiB. With --pcap-loop
 * it opens the file as by default but reads with pcap_loop and a callback, which skips pcap_next_ex's per-packet
 * layers: the fastest libpcap read we know. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

#define STREAM_BUFFER_SIZE (64 * 1024) /* CaptureReader.streamBufferSize */

static unsigned long long packets = 0, bytes = 0;

static void count(u_char *user, const struct pcap_pkthdr *h, const u_char *data) {
    (void)user; (void)data;
    packets++;
    bytes += h->caplen;
}

static int read_capture(const char *path, int libpcapOpen, int loop) {
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *p;
    char *buffer = NULL;
    if (libpcapOpen) {
        p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    } else {
        FILE *f = fopen(path, "rb");
        if (!f) { perror(path); return 0; }
        buffer = malloc(STREAM_BUFFER_SIZE);
        if (!buffer) { perror("malloc"); return 0; }
        setvbuf(f, buffer, _IOFBF, STREAM_BUFFER_SIZE); /* a NULL buffer would keep glibc's size */
        __fsetlocking(f, FSETLOCKING_BYCALLER); /* igmpguard_stream_without_locking: ~39 instructions a packet */
        p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, errbuf);
        if (!p) fclose(f);
    }
    if (!p) { fprintf(stderr, "%s\n", errbuf); free(buffer); return 0; }
    int ok;
    if (loop) {
        ok = pcap_loop(p, -1, count, NULL) == 0;
    } else {
        struct pcap_pkthdr *h;
        const u_char *data;
        int status;
        while ((status = pcap_next_ex(p, &h, &data)) == 1) { packets++; bytes += h->caplen; }
        ok = status == PCAP_ERROR_BREAK;
    }
    pcap_close(p); /* closes the stream */
    free(buffer);
    return ok;
}

int main(int argc, char **argv) {
    int libpcapOpen = argc >= 3 && strcmp(argv[1], "--libpcap-open") == 0;
    int loop = argc >= 3 && strcmp(argv[1], "--pcap-loop") == 0;
    int first = libpcapOpen || loop ? 2 : 1;
    if (argc <= first || argv[first][0] == '-') {
        fprintf(stderr, "usage: %s [--libpcap-open | --pcap-loop] CAPTURE...\n", argv[0]);
        return 2;
    }
    int ok = 1;
    for (int i = first; i < argc && ok; i++) ok = read_capture(argv[i], libpcapOpen, loop);
    printf("%llu packets, %llu bytes\n", packets, bytes);
    return ok ? 0 : 2;
}
