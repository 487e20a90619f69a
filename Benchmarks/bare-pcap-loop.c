/* The baseline igmpguard scan is compared with: read every packet of a capture with pcap_next_ex and nothing else. */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv) {
    char errbuf[PCAP_ERRBUF_SIZE];
    if (argc != 2) { fprintf(stderr, "usage: %s CAPTURE\n", argv[0]); return 2; }
    pcap_t *p = pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (!p) { fprintf(stderr, "%s\n", errbuf); return 2; }
    struct pcap_pkthdr *h;
    const u_char *data;
    unsigned long long packets = 0, bytes = 0;
    int status;
    while ((status = pcap_next_ex(p, &h, &data)) == 1) { packets++; bytes += h->caplen; }
    printf("%llu packets, %llu bytes\n", packets, bytes);
    pcap_close(p);
    return status == PCAP_ERROR_BREAK ? 0 : 2;
}
