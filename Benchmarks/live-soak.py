#!/usr/bin/env python3
"""`igmpguard live` left running: mixed IGMP at a steady rate through a veth pair, for as long as asked, with the
events and evidence files rotated along the way both ways (size caps, and logrotate's way: moved away, then SIGHUP).

Usage (as root): Benchmarks/live-soak.py [--seconds S] [--rate FRAMES_PER_S] [--rotate S] [--max-size SIZE] [--bin DIR]
  defaults: 3600 s, 2000 IGMP frames/s, a SIGHUP rotation every 60 s, 1M size caps, release binaries (built here);
  CI runs a short round with the debug binaries the tests built (--seconds 20 --rotate 4 --max-size 64k --bin
  .build/debug).

The frames are the IGMP of scan-vs-bare.py's synthetic mix (1% hostile; the rest queries and reports of 250 hosts),
replayed pass after pass by igmpguard-replay. `live` runs with --format ndjson, --alert-limit off (every flagged
packet printed and kept, so each can be accounted for), size caps (--max-size) with every rotated file kept, and
--stats-interval 10. Its resident memory is read from /proc every 10 s. At the end (SIGINT) it checks:
- no drop: frames sent = libpcap received = packets judged, and libpcap dropped none;
- every flagged packet accounted for: the packet events across all the rotated events files are the summary's
  suspicious + hostile, none torn, and the evidence files (all of them, read back by `igmpguard scan`) hold as many;
- flat memory: the peak resident size in the second half of the run is within 2 MiB of the first half's (sampled
  every 10 s, or a tenth of a short run, from the first pass of traffic on).
Prints the figures (and the memory series) and exits 1 when a check fails.
"""
import argparse, glob, json, os, signal, subprocess, sys, tempfile, threading, time
from benchlib import ROOT, Lab, sh

def resident_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def main():
    parser = argparse.ArgumentParser(description="igmpguard live soak through a veth pair")
    parser.add_argument("--seconds", type=float, default=3600)
    parser.add_argument("--rate", type=int, default=2000)
    parser.add_argument("--rotate", type=float, default=60)
    parser.add_argument("--max-size", default="1M", help="--output-max-size and --evidence-max-size")
    parser.add_argument("--bin", default=None, help="folder of built igmpguard, igmpguard-replay, igmpguard-samples")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("live-soak.py needs root (network namespaces, capture, injection)")
    binaries = os.path.join(ROOT, args.bin) if args.bin else os.path.join(ROOT, ".build", "release")
    if not args.bin:
        for product in ("igmpguard", "igmpguard-replay", "igmpguard-samples"):
            sh("swift", "build", "-c", "release", "--static-swift-stdlib", "--product", product, stdout=subprocess.DEVNULL)
    tool = lambda name: os.path.join(binaries, name)
    work = tempfile.mkdtemp(prefix="igmpguard-soak-")
    mix = os.path.join(work, "mix.pcap")
    sh(tool("igmpguard-samples"), "--synthetic", "4M", mix, stdout=subprocess.DEVNULL)
    logs = os.path.join(work, "logs")
    os.mkdir(logs)
    events, evidence = os.path.join(logs, "events.ndjson"), os.path.join(logs, "evidence.pcapng")

    with Lab(f"{os.getpid() % 10000}s") as lab:
        live = subprocess.Popen(["ip", "netns", "exec", lab.a, tool("igmpguard"), "live", "-i", lab.ia, "--format", "ndjson",
                                 "--alert-limit", "off", "--output", events, "--output-max-size", args.max_size, "--output-files", "10000",
                                 "--evidence", evidence, "--evidence-max-size", args.max_size, "--evidence-files", "10000",
                                 "--stats-interval", "10"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        stderr_lines = []
        first = live.stderr.readline()
        if "listening on" not in first:
            sys.exit(f"igmpguard live did not start: {first}{live.stderr.read()}")
        reader = threading.Thread(target=lambda: stderr_lines.extend(live.stderr), daemon=True)
        reader.start()
        memory = []  # (seconds since start, KiB), sampled once traffic flows
        sent = 0
        hups = 0
        start = time.monotonic()
        # Ten samples at least, every 10 s in a long run; the first after the first pass of traffic.
        every = min(10.0, args.seconds / 10)
        next_sample, next_rotation = every, 0.0
        try:
            while time.monotonic() - start < args.seconds:
                elapsed = time.monotonic() - start
                if elapsed >= next_sample:
                    memory.append((elapsed, resident_kib(live.pid)))
                    next_sample += every
                if elapsed >= next_rotation and elapsed > 0:
                    # logrotate's way: move the files away, then SIGHUP. A size rotation may have the path free for
                    # an instant: try again.
                    hups += 1
                    for path in (events, evidence):
                        for _ in range(50):
                            try:
                                os.rename(path, f"{path}.hup{hups}")
                                break
                            except FileNotFoundError:
                                time.sleep(0.01)
                    live.send_signal(signal.SIGHUP)
                if next_rotation <= elapsed:
                    next_rotation += args.rotate
                # One pass of about two seconds at the rate, or what is left of the run.
                left = args.seconds - (time.monotonic() - start)
                frames = max(1, int(min(2.0, left) * args.rate))
                replay = subprocess.run(["ip", "netns", "exec", lab.b, tool("igmpguard-replay"), "-i", lab.ib, "--json",
                                         "--igmp-only", "--rate", str(args.rate), "--times", "1000", "--limit", str(frames), mix],
                                        check=True, capture_output=True, text=True)
                sent += json.loads(replay.stdout)["sent"]
            memory.append((time.monotonic() - start, resident_kib(live.pid)))
            time.sleep(1.0)  # the last frames through
            live.send_signal(signal.SIGINT)
            live.wait(timeout=120)
        finally:
            if live.poll() is None:
                live.kill()
        reader.join(timeout=5)

    files = sorted(glob.glob(events + "*"))
    packets_printed = torn = 0
    summary = None
    for path in files:
        with open(path) as f:
            for line in f:
                try:
                    obj = json.loads(line)
                except ValueError:
                    torn += 1
                    continue
                if obj.get("event") == "packet":
                    packets_printed += 1
                elif obj.get("event") == "summary":
                    summary = obj
    if summary is None:
        sys.exit(f"no summary from igmpguard live: {''.join(stderr_lines)}")
    evidence_files = sorted(glob.glob(evidence + "*"))
    kept = 0
    for path in evidence_files:
        scan = subprocess.run([tool("igmpguard"), "scan", "--no-context", "--format", "ndjson", path], capture_output=True, text=True)
        kept += next(json.loads(l)["packets"] for l in scan.stdout.splitlines() if '"event":"summary"' in l)
    flagged = summary["suspicious"] + summary["hostile"]
    half = args.seconds / 2
    first_peak = max((kib for t, kib in memory if t < half), default=0)
    second_peak = max((kib for t, kib in memory if t >= half), default=0)

    print(f"{args.seconds:.0f} s at {args.rate} IGMP frames/s: sent {sent}, libpcap received {summary['received']}, "
          f"dropped {summary['dropped']}, judged {summary['packets']} ({summary['clean']} clean, {summary['suspicious']} "
          f"suspicious, {summary['hostile']} hostile)")
    print(f"rotations: {hups} by SIGHUP, the rest by size; {len(files)} events files, {len(evidence_files)} evidence files")
    print(f"flagged packets: {flagged} in the summary, {packets_printed} packet events across the events files "
          f"({torn} torn lines), {kept} packets across the evidence files")
    print(f"resident memory: {first_peak / 1024:.1f} MiB peak in the first half, {second_peak / 1024:.1f} MiB in the second; "
          f"samples (s: MiB): " + ", ".join(f"{t:.0f}: {kib / 1024:.1f}" for t, kib in memory))
    failures = []
    if summary["dropped"] != 0 or summary["received"] != sent or summary["packets"] != sent:
        failures.append("frames were dropped or lost")
    if packets_printed != flagged or torn:
        failures.append("the events files do not hold every flagged packet whole")
    if kept != flagged:
        failures.append("the evidence files do not hold every flagged packet")
    if second_peak - first_peak > 2048:
        failures.append("resident memory grew by more than 2 MiB")
    errors = [l for l in stderr_lines if "SIGHUP" not in l and "listening on" not in l]
    if errors:
        failures.append("stderr: " + "".join(errors).strip())
    for failure in failures:
        print(f"  soak failed: {failure}")
    subprocess.run(["rm", "-rf", work])
    sys.exit(1 if failures else 0)

if __name__ == "__main__":
    main()
