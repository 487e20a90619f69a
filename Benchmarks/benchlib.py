"""What the benchmark scripts share: the repository root, running a build step, timing one child process, and the
network-namespace lab of the live benchmarks."""
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


class Lab:
    """Two network namespaces joined by a veth pair (`ia` in namespace `a`, where igmpguard listens; `ib` in `b`, where
    frames are sent from), removed on exit whatever happens. Needs root."""

    def __init__(self, tag):
        self.a, self.b = f"igl-load-{tag}", f"igs-load-{tag}"
        self.ia, self.ib = f"igla{tag}", f"iglb{tag}"

    def __enter__(self):
        self.remove()
        sh("ip", "netns", "add", self.a)
        sh("ip", "netns", "add", self.b)
        # IPv4 only: the kernels then send no MLD of their own, and every frame judged is one sent.
        for ns in (self.a, self.b):
            sh("ip", "netns", "exec", ns, "sh", "-c",
               "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6")
        sh("ip", "link", "add", self.ia, "netns", self.a, "type", "veth", "peer", "name", self.ib, "netns", self.b)
        for ns, iface, addr in ((self.a, self.ia, "10.78.0.1/24"), (self.b, self.ib, "10.78.0.2/24")):
            sh("ip", "-n", ns, "addr", "add", addr, "dev", iface)
            sh("ip", "-n", ns, "link", "set", "lo", "up")
            sh("ip", "-n", ns, "link", "set", iface, "up")
        return self

    def remove(self):
        for ns in (self.a, self.b):
            subprocess.run(["ip", "netns", "delete", ns], stderr=subprocess.DEVNULL)

    def __exit__(self, *exc):
        self.remove()
