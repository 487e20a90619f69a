#!/usr/bin/env python3
"""`igmpguard scan --jobs 2` over several files against the limit: two bare libpcap loops reading the same files in
parallel, in the same run, interleaved.

Usage: Benchmarks/jobs-vs-bare.py [FILES [SIZE]]   (default: 8 files of 64M; suffixes k, M, G)

It generates FILES deterministic captures of the benchmarks' synthetic mix (about 70% non-IGMP background, 30% IGMP,
1% hostile; each from its own seed, so the files differ) with igmpguard-samples, warms the page cache, then times in
RUNS interleaved rounds (15 unless JOBS_BENCH_RUNS says), output to /dev/null:
  - bare in turn: one bare loop (Benchmarks/bare-pcap-loop.c, opening files as igmpguard does) reading every file;
  - bare pair: two bare loops side by side, one reading the odd files and one the even (the limit for two cores);
  - `igmpguard scan --jobs 1` (one file at a time, each on two threads: the single-file path);
  - `igmpguard scan --jobs 2` (two files at a time, one thread each);
  - for context, two `igmpguard scan --jobs 1 --threads 1` side by side, one on the odd files and one on the even.
Prints the median wall times, the medians of each round's ratios, and peak memory. Goals (the scan-as-analysts-work
issue): `--jobs 2` within 1.25x of the bare pair, and never slower than `--jobs 1`. Exit status 1 when one is missed.
"""
import os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(os.environ.get("JOBS_BENCH_RUNS", "15"))
TIME = "/usr/bin/time"

def sh(*cmd, **kw):
    subprocess.run(cmd, check=True, cwd=ROOT, **kw)

def timed(*cmds):
    """Wall time of `cmds` started together and all waited for; the peak RSS (MB) of the largest."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        procs = [subprocess.Popen([TIME, "-f", "%M"] + cmd, stdout=null, stderr=subprocess.PIPE) for cmd in cmds]
        outs = [p.communicate()[1] for p in procs]
    elapsed = time.perf_counter() - start
    for p, err, cmd in zip(procs, outs, cmds):
        if p.returncode not in (0, 1):
            sys.exit(f"{cmd[0]} failed with {p.returncode}: {err.decode()}")
    rss = max(int(err.decode().strip().splitlines()[-1]) for err in outs) / 1024
    return elapsed, rss

def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    size = sys.argv[2] if len(sys.argv) > 2 else "64M"
    if not os.path.exists(TIME):
        sys.exit("needs GNU time: apt-get install time")
    sh("swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "igmpguard")
    sh("swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "igmpguard-samples")
    work = tempfile.mkdtemp(prefix="igmpguard-jobs-")
    bare = os.path.join(work, "bare-pcap-loop")
    sh("cc", "-O2", "-o", bare, "Benchmarks/bare-pcap-loop.c", "-lpcap")
    scan = os.path.join(ROOT, ".build/release/igmpguard")
    samples = os.path.join(ROOT, ".build/release/igmpguard-samples")
    files = []
    for i in range(count):
        path = os.path.join(work, f"synthetic-{i}.pcap")
        subprocess.run([samples, "--synthetic", size, path, "--seed", str(i + 1)], check=True, capture_output=True)
        os.remove(path + ".truth")
        files.append(path)
    odd, even = files[0::2], files[1::2]
    timed([bare] + files)  # warm the page cache: every run reads from memory
    names = ["bare in turn", "bare pair", "jobs 1", "jobs 2", "two scans"]
    runs = {n: [] for n in names}
    rss = {n: 0.0 for n in names}
    for _ in range(RUNS):
        for name, cmds in [("bare in turn", [[bare] + files]),
                           ("bare pair", [[bare] + odd, [bare] + even]),
                           ("jobs 1", [[scan, "scan", "--jobs", "1"] + files]),
                           ("jobs 2", [[scan, "scan", "--jobs", "2"] + files]),
                           ("two scans", [[scan, "scan", "--jobs", "1", "--threads", "1"] + odd,
                                         [scan, "scan", "--jobs", "1", "--threads", "1"] + even])]:
            t, r = timed(*cmds)
            runs[name].append(t)
            rss[name] = max(rss[name], r)
    def ratio(a, b):
        return statistics.median(x / y for x, y in zip(runs[a], runs[b]))
    print(f"{count} files of {size}, {RUNS} interleaved rounds (medians)")
    for name in names:
        print(f"  {name:<13} {statistics.median(runs[name]):7.3f} s   peak RSS {rss[name]:6.1f} MB")
    pair_over_turn = ratio("bare pair", "bare in turn")
    jobs2_over_pair = ratio("jobs 2", "bare pair")
    jobs2_over_jobs1 = ratio("jobs 2", "jobs 1")
    print(f"  bare pair / bare in turn   {pair_over_turn:.2f}")
    print(f"  jobs 2 / bare pair         {jobs2_over_pair:.2f}   (goal <= 1.25)")
    print(f"  jobs 2 / jobs 1            {jobs2_over_jobs1:.2f}   (goal <= 1.00)")
    print(f"  two scans / bare pair      {ratio('two scans', 'bare pair'):.2f}")
    print(f"  jobs 1 / bare in turn      {ratio('jobs 1', 'bare in turn'):.2f}")
    print(f"  jobs 2 / bare pair by round, sorted: "
          + " ".join(f"{x / y:.2f}" for x, y in sorted(zip(runs['jobs 2'], runs['bare pair']), key=lambda p: p[0] / p[1])))
    for f in files:
        os.remove(f)
    ok = jobs2_over_pair <= 1.25 and jobs2_over_jobs1 <= 1.0
    if not ok:
        print("  goal missed")
    sys.exit(0 if ok else 1)

if __name__ == "__main__":
    main()
