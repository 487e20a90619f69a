#!/usr/bin/env python3
"""`igmpguard live` under load: IGMP frames replayed through a veth pair at rising rates.

Usage (as root): Benchmarks/live-load.py [RATE ...]   (frames/s; default 25000 50000 100000 150000 200000 300000 0,
                                                       0 meaning as fast as the sender goes)

Builds igmpguard, igmpguard-replay and igmpguard-samples (release), makes a deterministic synthetic capture (issue
6's mix) and keeps its IGMP frames (30% of it, 1% of all hostile), then for each rate: creates two network namespaces
joined by a veth pair, starts `igmpguard live --format ndjson` on one end (pinned to CPU 0), replays about two seconds
of IGMP frames from the other end at that rate with igmpguard-replay (pinned to CPU 1), stops the capture with SIGINT
and reads its final summary. Prints, per rate: the rate asked for and reached, frames sent, frames igmpguard judged,
libpcap's received and dropped counters, and frames lost before libpcap (sent - received). Checks the live issue's
goal: no drop and no loss at 100,000 IGMP frames/s; exit status 1 when missed. The namespaces are always removed.
"""
import json, os, signal, subprocess, sys, tempfile, time
from benchlib import ROOT, Lab, sh

BIN = os.path.join(ROOT, ".build", "release")
GOAL_RATE = 100_000
# Extra `igmpguard live` options to try (e.g. IGMPGUARD_LIVE_ARGS="--buffer-size 64").
LIVE_ARGUMENTS = os.environ.get("IGMPGUARD_LIVE_ARGS", "").split()
SECONDS = 2.0


def run_rate(rate, capture, frame_count, tag):
    with Lab(tag) as lab:
        # Output to a file: a pipe read only at the end would fill and stall the capture.
        output = tempfile.TemporaryFile(mode="w+")
        live = subprocess.Popen(["ip", "netns", "exec", lab.a, "taskset", "-c", "0", os.path.join(BIN, "igmpguard"),
                                 "live", "-i", lab.ia, "--format", "ndjson"] + LIVE_ARGUMENTS,
                                stdout=output, stderr=subprocess.PIPE, text=True)
        try:
            # Wait for "listening on" before sending anything.
            line = live.stderr.readline()
            if "listening on" not in line:
                raise SystemExit(f"igmpguard live did not start: {line}{live.stderr.read()}")
            wanted = int(rate * SECONDS) if rate > 0 else frame_count * 4
            times = max(1, -(-wanted // frame_count))
            replay = subprocess.run(["ip", "netns", "exec", lab.b, "taskset", "-c", "1", os.path.join(BIN, "igmpguard-replay"),
                                     "-i", lab.ib, "--json", "--igmp-only", "--rate", str(rate), "--times", str(times), capture],
                                    check=True, capture_output=True, text=True)
            sent = json.loads(replay.stdout)
            time.sleep(0.5)  # let the last frames through
            live.send_signal(signal.SIGINT)
            _, err = live.communicate(timeout=60)
        finally:
            if live.poll() is None:
                live.kill()
    output.seek(0)
    out = output.read()
    summary = next((json.loads(l) for l in out.splitlines() if '"event":"summary"' in l), None)
    if summary is None:
        raise SystemExit(f"no summary from igmpguard live: {err}")
    return sent, summary


def main():
    if os.geteuid() != 0:
        sys.exit("live-load.py needs root (network namespaces, capture, injection)")
    rates = [int(r) for r in sys.argv[1:]] or [25_000, 50_000, 100_000, 150_000, 200_000, 300_000, 0]
    for product in ("igmpguard", "igmpguard-replay", "igmpguard-samples"):
        sh("swift", "build", "-c", "release", "--static-swift-stdlib", "--product", product, stdout=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="igmpguard-load-")
    mix = os.path.join(work, "mix.pcap")
    sh(os.path.join(BIN, "igmpguard-samples"), "--synthetic", "16M", mix, stdout=subprocess.DEVNULL)
    # How many IGMP frames one pass holds: the replay tool sends only those (--igmp-only).
    scan = subprocess.run([os.path.join(BIN, "igmpguard"), "scan", "--format", "ndjson", mix], capture_output=True, text=True)
    count = next(json.loads(l)["igmp"] for l in scan.stdout.splitlines() if '"event":"summary"' in l)
    print(f"IGMP frames per pass: {count} (from a 16 MB synthetic capture: 70% background, 30% IGMP, 1% hostile)")
    print(f"{'asked/s':>9} {'reached/s':>10} {'sent':>9} {'judged':>9} {'received':>9} {'dropped':>8} {'lost':>7}")
    ok = True
    best = 0
    for i, rate in enumerate(rates):
        sent, s = run_rate(rate, mix, count, f"{os.getpid() % 10000}{i}")
        lost = sent["sent"] - s["received"]
        clean = s["dropped"] == 0 and lost == 0 and s["packets"] == sent["sent"]
        if clean:
            best = max(best, sent["rate"])
        asked = "max" if rate == 0 else str(rate)
        print(f"{asked:>9} {sent['rate']:>10} {sent['sent']:>9} {s['packets']:>9} {s['received']:>9} {s['dropped']:>8} {lost:>7}"
              + ("" if clean else "   <- drops"))
        if rate == GOAL_RATE and not clean:
            ok = False
    print(f"highest rate reached with no drop and no loss: {best} IGMP frames/s")
    if not ok:
        print(f"goal missed: drops at {GOAL_RATE} IGMP frames/s")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
