#!/usr/bin/env python3
"""Two igmpguard binaries against the bare libpcap loop, interleaved in one run: did a change move the scan's ratio?
Usage: Benchmarks/scan-before-after.py BEFORE AFTER [SIZE] [ROUNDS]   (default 256M, 41 rounds)
BEFORE and AFTER are igmpguard binaries (build the earlier commit in a git worktree with
`swift build -c release --static-swift-stdlib --product igmpguard`). Each round times the bare loop
(Benchmarks/bare-pcap-loop.c, reading as igmpguard does), BEFORE and AFTER on the same synthetic capture, in an order
that rotates from round to round, output to /dev/null. Prints each binary's median ratio to its round's bare loop,
the middle half of the rounds' ratios, and the median of AFTER/BEFORE by round, for `scan` (text) and
`scan --all --format ndjson` (every IGMP packet printed). Needs the igmpguard-samples binary beside AFTER or in
.build/debug.
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd):
    with open(os.devnull, "wb") as null:
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=null, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed with {proc.returncode}")
    return elapsed


def quartiles(values):
    v = sorted(values)
    return v[len(v) // 4], statistics.median(v), v[(3 * len(v)) // 4]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    before, after = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    size = sys.argv[3] if len(sys.argv) > 3 else "256M"
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 41
    samples = next((p for p in [os.path.join(os.path.dirname(after), "igmpguard-samples"),
                                os.path.join(ROOT, ".build/debug/igmpguard-samples")] if os.path.exists(p)), None)
    if samples is None:
        sys.exit("no igmpguard-samples binary: swift build --product igmpguard-samples")
    work = tempfile.mkdtemp(prefix="igmpguard-before-after-")
    bare = os.path.join(work, "bare-pcap-loop")
    subprocess.run(["cc", "-O2", "-o", bare, os.path.join(ROOT, "Benchmarks/bare-pcap-loop.c"), "-lpcap"], check=True)
    capture = os.path.join(work, "synthetic.pcap")
    subprocess.run([samples, "--synthetic", size, capture], check=True, capture_output=True)
    timed([bare, capture])  # warm the page cache
    modes = {"scan": [], "scan --all --format ndjson": ["--all", "--format", "ndjson"]}
    for mode, extra in modes.items():
        runs = {"bare": [], "before": [], "after": []}
        commands = {"bare": [bare, capture], "before": [before, "scan", *extra, capture],
                    "after": [after, "scan", *extra, capture]}
        order = ["bare", "before", "after"]
        for r in range(rounds):
            for name in order[r % 3:] + order[:r % 3]:
                runs[name].append(timed(commands[name]))
        ratio = {name: [x / b for x, b in zip(runs[name], runs["bare"])] for name in ("before", "after")}
        change = [a / b for a, b in zip(runs["after"], runs["before"])]
        print(f"{mode}, {size}, {rounds} rounds: bare loop median {statistics.median(runs['bare']):.3f} s")
        for name in ("before", "after"):
            low, mid, high = quartiles(ratio[name])
            print(f"  {name:6} median {statistics.median(runs[name]):.3f} s, ratio to the bare loop {mid:.3f} (p25-p75 {low:.3f}-{high:.3f})")
        low, mid, high = quartiles(change)
        print(f"  after/before by round: median {mid:.3f} (p25-p75 {low:.3f}-{high:.3f})")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
