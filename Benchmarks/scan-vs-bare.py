#!/usr/bin/env python3
"""igmpguard scan against a bare libpcap read loop on the same synthetic captures, in the same run.

Usage: Benchmarks/scan-vs-bare.py [SIZE ...]   (default: 256M 1G; suffixes k, M, G)

For each size it generates a deterministic capture (about 70% non-IGMP background, 30% IGMP, 1% hostile) with
igmpguard-samples, then times, five times each and interleaved: the bare loop (Benchmarks/bare-pcap-loop.c) and
`igmpguard scan --format ndjson` (output to /dev/null). Prints median wall times, their ratio, and each tool's peak
resident memory; checks the goals of the scan issue: ratio <= 1.3 and scan peak RSS < 64 MB at every size.
Exit status 1 when a goal is missed.
"""
import os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = 5

def sh(*cmd, **kw):
    subprocess.run(cmd, check=True, cwd=ROOT, **kw)

def timed(cmd):
    """Wall time and peak RSS (MB) of one child, from wait4's rusage."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{cmd[0]} failed with {code}: {proc.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024

def main():
    sizes = sys.argv[1:] or ["256M", "1G"]
    sh("swift", "build", "-c", "release", "--product", "igmpguard")
    sh("swift", "build", "-c", "release", "--product", "igmpguard-samples")
    work = tempfile.mkdtemp(prefix="igmpguard-bench-")
    bare = os.path.join(work, "bare-pcap-loop")
    sh("cc", "-O2", "-o", bare, "Benchmarks/bare-pcap-loop.c", "-lpcap")
    scan = os.path.join(ROOT, ".build/release/igmpguard")
    ok = True
    print(f"{'size':>6} {'packets':>10} {'bare s':>8} {'scan s':>8} {'ratio':>6} {'bare RSS':>9} {'scan RSS':>9}")
    for size in sizes:
        capture = os.path.join(work, f"synthetic-{size}.pcap")
        out = subprocess.run([os.path.join(ROOT, ".build/release/igmpguard-samples"), "--synthetic", size, capture],
                             check=True, capture_output=True, text=True).stdout
        packets = out.split(":")[1].split()[0]
        # Warm the page cache once so both tools read from memory.
        timed([bare, capture])
        bare_t, scan_t, bare_rss, scan_rss = [], [], 0.0, 0.0
        for _ in range(RUNS):
            t, r = timed([bare, capture]); bare_t.append(t); bare_rss = max(bare_rss, r)
            t, r = timed([scan, "scan", "--format", "ndjson", capture]); scan_t.append(t); scan_rss = max(scan_rss, r)
        b, s = statistics.median(bare_t), statistics.median(scan_t)
        ratio = s / b
        print(f"{size:>6} {packets:>10} {b:8.3f} {s:8.3f} {ratio:6.2f} {bare_rss:7.1f}MB {scan_rss:7.1f}MB")
        if ratio > 1.3:
            print(f"  goal missed: scan is {ratio:.2f}x the bare loop (goal <= 1.3x)"); ok = False
        if scan_rss >= 64:
            print(f"  goal missed: scan peak RSS {scan_rss:.1f} MB (goal < 64 MB)"); ok = False
        os.remove(capture)
    os.rmdir(work) if not os.listdir(work) else None
    sys.exit(0 if ok else 1)

if __name__ == "__main__":
    main()
