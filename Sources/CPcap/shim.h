// libpcap for Swift. Missing? Install the headers: apt-get install libpcap-dev (Debian/Ubuntu).
#include <pcap/pcap.h>
#include <stdio.h>
