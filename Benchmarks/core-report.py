#!/usr/bin/env python3
"""Reads the text output of the core benchmarks and prints, per frame: the median (p50) time of decode + validate,
of the touch-every-byte baseline over the same bytes, their ratio and frames/s; then the issue's goals for typical
v3 report frames (at most 3x the baseline, at least 10 million frames/s per core) and the malloc count of every
benchmark. With --gate-mallocs it exits 1 when any benchmark allocated (the CI gate); time is never gated.

Given the outputs of several runs of the suite, it prints medians over the runs: of the times, and of each run's
own ratio (a run's decode + validate and baseline of a frame ran minutes apart from the other runs', on a machine
whose speed drifts), with the spread of the typical reports' ratios.

Usage: Benchmarks/core-report.py [--gate-mallocs] BENCHMARK_TEXT_OUTPUT [MORE_RUNS ...]
"""
import re, statistics, sys

UNITS = {"ns": 1, "μs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}
TYPICAL = re.compile(r"v3 report, [18] records x (0|10) sources$|link Ethernet, v3 report 3 records$")


def parse(path):
    benchmarks, name = {}, None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line and not line.startswith(("│", "╒", "╞", "├", "╘", "=", " ")) and "|" not in line:
            name = line.strip()
            continue
        if name is None or not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip("│").split("│")]
        metric = cells[0]
        if metric.startswith("Time (wall clock)"):
            unit = re.search(r"\((ns|μs|us|ms|s)\)", metric).group(1)
            benchmarks.setdefault(name, {})["p50_ns"] = float(cells[3]) * UNITS[unit]
        elif metric.startswith("Malloc (total)"):
            benchmarks.setdefault(name, {})["mallocs"] = max(int(c) for c in cells[1:8])
    return benchmarks


def main():
    args = sys.argv[1:]
    gate = "--gate-mallocs" in args
    args = [a for a in args if a != "--gate-mallocs"]
    if not args:
        sys.exit(__doc__)
    runs = [parse(path) for path in args]
    if not all(runs):
        sys.exit("core-report: no benchmark found in an output")
    benchmarks = runs[0]
    if len(runs) > 1:
        print(f"medians of {len(runs)} runs; ratio: the median of each run's own ratio")
    print(f"{'frame':<52} {'ns/frame':>9} {'baseline':>9} {'ratio':>6} {'M frames/s':>11}")
    typical = []
    for name in benchmarks:
        if not name.startswith("decode+validate "):
            continue
        frame = name[len("decode+validate "):]
        times = [r[name]["p50_ns"] for r in runs if "p50_ns" in r.get(name, {})]
        if not times:
            continue
        t = statistics.median(times)
        bases = [r.get("baseline touch-every-byte " + frame, {}).get("p50_ns") for r in runs]
        if any(b is None for b in bases):
            print(f"{frame:<52} {t:>9.0f} {'-':>9} {'-':>6} {1e3 / t:>11.2f}")
            continue
        ratios = [r[name]["p50_ns"] / max(b, 1e-9) for r, b in zip(runs, bases) if "p50_ns" in r.get(name, {})]
        ratio = statistics.median(ratios)
        print(f"{frame:<52} {t:>9.0f} {statistics.median(bases):>9.0f} {ratio:>6.1f} {1e3 / t:>11.2f}")
        if TYPICAL.search(frame):
            typical.append((frame, t, ratio, ratios))
    if typical:
        worst_ratio = max(r for _, _, r, _ in typical)
        slowest = max(t for _, t, _, _ in typical)
        print(f"typical v3 reports ({len(typical)} frames): at most {worst_ratio:.1f}x the baseline (goal 3x), "
              f"at least {1e3 / slowest:.2f} M frames/s (goal 10)")
        print("  (the suite measures a frame and its baseline about half a minute apart; on a machine whose speed "
              "drifts, `swift run -c release core-ratios` gives ratios from interleaved pairs)")
        if len(runs) > 1:
            for frame, _, _, ratios in typical:
                print(f"  {frame}: ratios by run {' '.join(f'{r:.1f}' for r in ratios)}")
    mallocs = {}
    for r in runs:
        for n, b in r.items():
            if "mallocs" in b:
                mallocs[n] = max(mallocs.get(n, 0), b["mallocs"])
    bad = {n: m for n, m in mallocs.items() if m != 0}
    print(f"mallocs: {len(mallocs)} benchmarks, {len(bad)} allocated" + "".join(f"\n  {n}: {m}" for n, m in bad.items()))
    if gate and (bad or not mallocs):
        sys.exit("check-mallocs: a benchmark allocated on the hot path" if bad else "check-mallocs: no malloc metric found")


if __name__ == "__main__":
    main()
