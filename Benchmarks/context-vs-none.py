#!/usr/bin/env python3
"""What judging traffic costs: `igmpguard scan` with the traffic model (the default) against `--no-context`, each as
a ratio to the bare libpcap read loop, in the same interleaved rounds; and the peak memory of a flood from a million
distinct sources (and, printed but not judged, of a million distinct MLD sources: MLD's tables are its own).

Usage: Benchmarks/context-vs-none.py [SIZE]   (default 256M; suffixes k, M, G)
       SYNTHETIC_IPV6=1 Benchmarks/context-vs-none.py ...   the mix with IPv6 background and MLD (igmpguard-samples
                                                            --ipv6), whose MLD the model judges too

The synthetic capture is scan-vs-bare.py's (about 70% non-IGMP background, 30% IGMP from 250 hosts joining random
groups among 65,536, 1% hostile), so the model's tables churn: memberships are made and expire all the time. Each of
RUNS rounds (SCAN_BENCH_RUNS, default 31) times the bare loop, the scan and the scan with --no-context one after the
other; the ratios are the medians of each round's own ratio (the machine's speed drifts between rounds). Goal (issue
18): the ratio with the model within 5% of the ratio without, judged round by round (the median of each round's
model-on / model-off: both scans of a round ran at the same speed of the machine). Exit status 1 when it is missed or
the flood's peak memory reaches 64 MB.
"""
import os, shutil, statistics, struct, subprocess, sys, tempfile, time
from benchlib import ROOT, TIME, sh, timed

RUNS = int(os.environ.get("SCAN_BENCH_RUNS", "31"))

def checksum(data):
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s > 0xffff:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

def million_sources(path, count=1_000_000):
    """IGMPv2 reports from `count` distinct sources, each joining one of 65,536 groups, 10 microseconds apart."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        chunk = bytearray()
        for i in range(count):
            source, group = 0x0a000000 + i, 0xef000000 + (i & 0xffff)
            options = b"\x94\x04\x00\x00"
            ip = bytearray(struct.pack("!BBHHHBBHII", 0x46, 0xc0, 32, 0, 0, 1, 2, 0, source, group) + options)
            struct.pack_into("!H", ip, 10, checksum(bytes(ip)))
            igmp = bytearray(struct.pack("!BBHI", 0x16, 0, 0, group))
            struct.pack_into("!H", igmp, 2, checksum(bytes(igmp)))
            mac = bytes([0x01, 0x00, 0x5e, (group >> 16) & 0x7f, (group >> 8) & 0xff, group & 0xff])
            frame = mac + bytes([2, 0, 0x5e, 0x10, 0, 0x0a]) + b"\x08\x00" + bytes(ip) + bytes(igmp)
            frame += bytes(60 - len(frame)) if len(frame) < 60 else b""
            chunk += struct.pack("<IIII", 1767225600 + i // 100_000, (i % 100_000) * 10, len(frame), len(frame)) + frame
            if len(chunk) > 1 << 20:
                f.write(chunk)
                chunk.clear()
        f.write(chunk)

def million_mld_sources(path, count=1_000_000):
    """MLDv1 reports (Hop-by-Hop Router Alert, as a host sends them) from `count` distinct link-local sources, each for
    one of 65,536 groups, 10 microseconds apart: the MLD twin of million_sources."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        chunk = bytearray()
        hop_by_hop = bytes([58, 0, 5, 2, 0, 0, 1, 0])
        for i in range(count):
            source = bytes.fromhex("fe80000000000000") + struct.pack("!Q", 0x0200_5eff_fe00_0000 + i)
            group = bytes.fromhex("ff150000000000000000000000") + struct.pack("!I", 0x0100_0000 + (i & 0xffff))[1:]
            mld = bytearray(struct.pack("!BBHHH", 131, 0, 0, 0, 0)) + group
            pseudo = source + group + struct.pack("!IxxxB", len(mld), 58)
            struct.pack_into("!H", mld, 2, checksum(pseudo + bytes(mld)))
            ip = struct.pack("!IHBB", 0x6000_0000, len(hop_by_hop) + len(mld), 0, 1) + source + group
            frame = bytes([0x33, 0x33]) + group[12:] + bytes([2, 0, 0x5e, 0x10, 0, 0x0a]) + b"\x86\xdd" + ip + hop_by_hop + bytes(mld)
            ts = i * 10
            chunk += struct.pack("<IIII", 1_767_225_600 + ts // 1_000_000, ts % 1_000_000, len(frame), len(frame)) + frame
            if len(chunk) > 1 << 20:
                f.write(chunk)
                chunk.clear()
        f.write(chunk)

def main():
    size = sys.argv[1] if len(sys.argv) > 1 else "256M"
    if not os.path.exists(TIME):
        sys.exit("needs GNU time: apt-get install time")
    sh("swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "igmpguard")
    sh("swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "igmpguard-samples")
    work = tempfile.mkdtemp(prefix="igmpguard-context-")
    bare = os.path.join(work, "bare-pcap-loop")
    sh("cc", "-O2", "-o", bare, "Benchmarks/bare-pcap-loop.c", "-lpcap")
    scan = os.path.join(ROOT, ".build/release/igmpguard")
    capture = os.path.join(work, f"synthetic-{size}.pcap")
    ipv6 = ["--ipv6"] if os.environ.get("SYNTHETIC_IPV6") == "1" else []
    subprocess.run([os.path.join(ROOT, ".build/release/igmpguard-samples"), "--synthetic", size, capture] + ipv6,
                   check=True, capture_output=True)
    timed([bare, capture])  # warm the page cache
    runs = {"bare": [], "context": [], "none": []}
    rss = {"context": 0.0, "none": 0.0}
    for _ in range(RUNS):
        runs["bare"].append(timed([bare, capture])[0])
        t, r = timed([scan, "scan", capture]); runs["context"].append(t); rss["context"] = max(rss["context"], r)
        t, r = timed([scan, "scan", "--no-context", capture]); runs["none"].append(t); rss["none"] = max(rss["none"], r)
    on = statistics.median(x / y for x, y in zip(runs["context"], runs["bare"]))
    off = statistics.median(x / y for x, y in zip(runs["none"], runs["bare"]))
    paired = sorted(x / y for x, y in zip(runs["context"], runs["none"]))
    print(f"{size}: bare {statistics.median(runs['bare']):.3f} s; scan/bare with the traffic model {on:.3f}, "
          f"with --no-context {off:.3f}; ratio of the two {on / off:.3f} (round by round, median {statistics.median(paired):.3f})")
    print(f"  peak RSS: {rss['context']:.1f} MB with the model, {rss['none']:.1f} MB without")
    os.remove(capture)
    flood = os.path.join(work, "million-sources.pcap")
    million_sources(flood)
    t, r = timed([scan, "scan", "--format", "ndjson", flood])
    t0, r0 = timed([scan, "scan", "--no-context", "--format", "ndjson", flood])
    print(f"a million distinct sources joining (1,000,000 IGMPv2 reports): peak RSS {r:.1f} MB with the model "
          f"({t:.2f} s), {r0:.1f} MB without ({t0:.2f} s)")
    os.remove(flood)
    flood6 = os.path.join(work, "million-mld-sources.pcap")
    million_mld_sources(flood6)
    t6, r6 = timed([scan, "scan", "--format", "ndjson", flood6])
    print(f"a million distinct MLD sources joining (1,000,000 MLDv1 reports): peak RSS {r6:.1f} MB with the model ({t6:.2f} s)")
    os.remove(flood6)
    os.remove(bare)
    shutil.rmtree(work, ignore_errors=True)
    # Judged round by round: each round runs both scans back to back, so their ratio is taken at one speed of the
    # machine; the ratio of the two medians mixes rounds run at different speeds (printed too, for comparison).
    cost = statistics.median(paired)
    ok = cost <= 1.05 and r < 64
    if cost > 1.05:
        print(f"  goal missed: the model costs {100 * (cost - 1):.1f}% round by round (goal: within 5%)")
    if r >= 64:
        print(f"  goal missed: the flood's peak RSS is {r:.1f} MB (goal: under 64 MB)")
    sys.exit(0 if ok else 1)

if __name__ == "__main__":
    main()
