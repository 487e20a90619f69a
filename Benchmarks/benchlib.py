"""What the benchmark scripts share: the repository root, running a build step, and timing one child process."""
import os, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIME = "/usr/bin/time"

def sh(*cmd, **kw):
    subprocess.run(cmd, check=True, cwd=ROOT, **kw)

def timed(cmd):
    """Wall time and peak RSS (MB) of one child. RSS comes from GNU time, a small C parent: the rusage of a child
    forked from Python counts the Python image it was forked from before exec."""
    with open(os.devnull, "wb") as null:
        start = time.perf_counter()
        proc = subprocess.run([TIME, "-f", "%M"] + cmd, stdout=null, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed with {proc.returncode}: {proc.stderr.decode()}")
    rss_kb = int(proc.stderr.decode().strip().splitlines()[-1])
    return elapsed, rss_kb / 1024
