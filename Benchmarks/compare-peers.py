#!/usr/bin/env python3
"""igmpguard side by side with the peers: speed on one synthetic capture, and detection against its ground truth.

Usage: Benchmarks/compare-peers.py [SIZE] [RUNS]     (default 64M and 3; suffixes k, M, G)

Installs tcpdump and tshark with apt-get when missing (as root; otherwise says what to install), builds igmpguard
and igmpguard-samples (release), compiles the bare libpcap loop, generates the deterministic synthetic capture
(about 70% non-IGMP background, 30% IGMP, 1% hostile) and its ground truth (the hostile frame numbers, written by the
generator), warms the page cache, then times RUNS interleaved runs of each tool with output to /dev/null:

  bare      Benchmarks/bare-pcap-loop.c: pcap_next_ex and nothing else, the file opened as igmpguard opens it
            (64 KiB stdio buffer); and again with --libpcap-open, as tcpdump and tshark open it (4 KiB buffer)
  igmpguard igmpguard scan FILE                          (text; flags suspicious and hostile packets)
  tcpdump   tcpdump -nn -v -r FILE igmp
  tshark    tshark -n -r FILE -Y igmp

and scores what each flags as malformed against the ground truth, with one more run per tool:

  igmpguard packets with the hostile verdict (ndjson)
  tcpdump   IGMP packets whose -v lines say "invalid", "bad" or "[|" (truncated)
  tshark    IGMP/IPv4-protocol-2 packets with a malformed-packet mark or an expert item of warning or error

Prints median seconds, packets/s and the ratio to the bare loop per tool, then hostile packets detected and missed
and false alarms per tool. The numbers in docs/benchmarks.md come from this script.
"""
import os, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release")
FRAME_LINE = re.compile(r"^\s*(\d+)\s+\d\d:\d\d:\d\d")


def need_tools():
    missing = [p for p, c in (("tcpdump", "tcpdump"), ("tshark", "tshark")) if shutil.which(c) is None]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"compare-peers: install {' '.join(missing)} first: sudo apt-get install -y {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq"] + missing, check=True, env=env, stdout=subprocess.DEVNULL)


def timed(cmd):
    with open(os.devnull, "wb") as null:
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=null, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return elapsed


def flagged_igmpguard(capture):
    import json
    out = subprocess.run([os.path.join(BIN, "igmpguard"), "scan", "--format", "ndjson", capture], capture_output=True, text=True).stdout
    hostile, suspicious = set(), set()
    for line in out.splitlines():
        o = json.loads(line)
        if o.get("event") == "packet":
            (hostile if o["verdict"] == "hostile" else suspicious).add(o["frame"])
    return hostile, suspicious


def flagged_tcpdump(capture):
    # No filter here: with one, tcpdump -# numbers the matching packets only, not the file's frames.
    out = subprocess.run(["tcpdump", "-#", "-nn", "-v", "-r", capture], capture_output=True, text=True).stdout
    flagged, frame, igmp = set(), None, False
    for line in out.splitlines():
        start = FRAME_LINE.match(line)  # "   12  00:00:03.000000 IP (tos ...": a packet's first line
        if start:
            frame = int(start.group(1))
            igmp = "proto IGMP (2)" in line  # only IGMP packets count (random UDP payloads misparse too)
        if frame is not None and igmp and ("invalid" in line or "bad " in line or "[|" in line):
            flagged.add(frame)
    return flagged


def flagged_tshark(capture):
    expr = "(igmp or ip.proto == 2) and (_ws.malformed or _ws.expert.severity >= 0x00600000)"
    out = subprocess.run(["tshark", "-n", "-r", capture, "-Y", expr, "-T", "fields", "-e", "frame.number"],
                         capture_output=True, text=True).stdout
    return {int(x) for x in out.split() if x.isdigit()}


def version(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return (p.stdout + p.stderr).strip().splitlines()[0]


def main():
    size = sys.argv[1] if len(sys.argv) > 1 else "64M"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    need_tools()
    for product in ("igmpguard", "igmpguard-samples"):
        subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", product], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="igmpguard-peers-")
    bare = os.path.join(work, "bare-pcap-loop")
    subprocess.run(["cc", "-O2", "-o", bare, os.path.join(ROOT, "Benchmarks", "bare-pcap-loop.c"), "-lpcap"], check=True)
    capture = os.path.join(work, f"synthetic-{size}.pcap")
    generated = subprocess.run([os.path.join(BIN, "igmpguard-samples"), "--synthetic", size, capture],
                               check=True, capture_output=True, text=True).stdout
    packets = int(generated.split(":")[1].split()[0])
    truth = {int(x) for x in open(capture + ".truth").read().split()}

    print(f"machine: {os.cpu_count()} cores; {version(['uname', '-sr'])}")
    print(f"tools: {version([os.path.join(BIN, 'igmpguard'), '--version'])} (igmpguard), {version(['tcpdump', '--version'])}, "
          f"{version(['tshark', '--version'])}")
    print(f"capture: {size} synthetic, {packets} packets, {len(truth)} hostile (ground truth); median of {runs} runs")

    tools = {
        "bare libpcap loop": [bare, capture],
        "bare, libpcap's open": [bare, "--libpcap-open", capture],
        "igmpguard scan": [os.path.join(BIN, "igmpguard"), "scan", capture],
        "tcpdump -nn -v igmp": ["tcpdump", "-nn", "-v", "-r", capture, "igmp"],
        "tshark -Y igmp": ["tshark", "-n", "-r", capture, "-Y", "igmp"],
    }
    timed(tools["bare libpcap loop"])  # warm the page cache
    times = {name: [] for name in tools}
    for _ in range(runs):
        for name, cmd in tools.items():
            times[name].append(timed(cmd))
    base = statistics.median(times["bare libpcap loop"])
    print(f"\n{'tool':<22} {'median s':>9} {'packets/s':>11} {'x bare':>7}   runs")
    for name in tools:
        m = statistics.median(times[name])
        print(f"{name:<22} {m:>9.3f} {packets / m:>11,.0f} {m / base:>7.2f}   " + " ".join(f"{t:.3f}" for t in times[name]))

    hostile, suspicious = flagged_igmpguard(capture)
    results = {"igmpguard (hostile verdict)": hostile, "tcpdump -v markers": flagged_tcpdump(capture),
               "tshark expert/malformed": flagged_tshark(capture)}
    print(f"\n{'detector':<28} {'detected':>9} {'missed':>7} {'false alarms':>13}   (of {len(truth)} hostile)")
    for name, flagged in results.items():
        print(f"{name:<28} {len(flagged & truth):>9} {len(truth - flagged):>7} {len(flagged - truth):>13}")
    print(f"igmpguard also called {len(suspicious - truth)} non-hostile packets suspicious (warnings, not alarms)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
