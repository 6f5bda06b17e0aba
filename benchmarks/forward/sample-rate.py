#!/usr/bin/python3
"""Measure one contender's forwarding rate for ./junction bench forward.

Waits until the contender forwards (its output counter grows), lets it warm up, then reads
the counters twice --seconds apart and prints one line:

  rate mpps=16.52 out=82600000 in=82600128 seconds=5.000 fwd_ratio=1.000

out = packets transmitted on the output port during the window, in = packets received on the
input port during the window (fwd_ratio = out/in: packets dropped or sent elsewhere show here).
Each reading's time is the midpoint of the request and its answer. With --other-cpus and
--worker-cpu it adds others_busy_pct (how busy the non-worker CPUs were during the window:
the sampler and the contender's housekeeping threads only, when the machine is quiet) and
worker_steal_pct (time the hypervisor took from the worker's vCPU). With --pid it adds
worker_cpu_pct: the CPU time the contender's busiest thread (its spinning worker) got during
the window, and mpps_per_worker_cpu = mpps / that share (a rate corrected for time-sharing
the worker core with other work; cache and memory contention are not corrected).

Backends:
  --telemetry PREFIX   a DPDK process's telemetry socket (/ethdev/stats,PORT), as
                       dpdk-telemetry.py -f PREFIX would find it
  --junction-status CMD...   (last option) Junction's `status --json` command line;
                       out = ports.<out>.tx, in = ports.<in>.rx

Exits 2 with a message on stderr when the contender is not forwarding within --ready-timeout
or its process (--pid) died.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import time


def runtime_dir(prefix):
    # the same rule as DPDK's EAL (and dpdk-telemetry.py)
    if os.getuid() == 0:
        base = "/var/run"
    else:
        base = os.environ.get("XDG_RUNTIME_DIR", "/tmp")
    return os.path.join(base, "dpdk", prefix)


class Telemetry:
    def __init__(self, prefix, in_port, out_port):
        self.path = os.path.join(runtime_dir(prefix), "dpdk_telemetry.v2")
        self.in_port, self.out_port = in_port, out_port
        self.sock = None

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        s.settimeout(5)
        s.connect(self.path)
        info = json.loads(s.recv(16384).decode())
        self.max_len = int(info.get("max_output_len", 16384))
        self.sock = s

    def _cmd(self, c):
        self.sock.send(c.encode())
        return json.loads(self.sock.recv(self.max_len).decode())

    def read(self):
        """(time, out_packets, in_packets); raises when not available yet."""
        if self.sock is None:
            self.connect()
        t0 = time.monotonic()
        o = self._cmd("/ethdev/stats,%d" % self.out_port)["/ethdev/stats"]
        i = self._cmd("/ethdev/stats,%d" % self.in_port)["/ethdev/stats"]
        t1 = time.monotonic()
        if o is None or i is None:
            raise RuntimeError("no such port")
        return (t0 + t1) / 2, int(o["opackets"]), int(i["ipackets"])


class JunctionStatus:
    def __init__(self, cmd, in_port, out_port):
        self.cmd, self.in_port, self.out_port = cmd, in_port, out_port

    def read(self):
        t0 = time.monotonic()
        r = subprocess.run(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        t1 = time.monotonic()
        if r.returncode != 0:
            raise RuntimeError("status failed: %s" % r.stderr.decode(errors="replace").strip()[-300:])
        j = json.loads(r.stdout.decode())
        ports = j["ports"]
        return (t0 + t1) / 2, int(ports[self.out_port]["tx"]), int(ports[self.in_port]["rx"])


def cpu_times():
    """{cpu: (busy, total)} from /proc/stat, in jiffies; busy excludes idle and iowait."""
    r = {}
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                v = [int(x) for x in line.split()[1:9]]
                r[int(line[3:].split()[0])] = (v[0] + v[1] + v[2] + v[5] + v[6] + v[7], sum(v), v[7])
    return r


def busy_pct(c0, c1, cpus):
    b = sum(c1[c][0] - c0[c][0] for c in cpus if c in c0 and c in c1)
    t = sum(c1[c][1] - c0[c][1] for c in cpus if c in c0 and c in c1)
    return 100.0 * b / t if t else 0.0


def descendants(pid):
    """pid and all its descendants (from /proc/*/stat)."""
    children = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def thread_ticks(pids):
    """{(pid, tid): utime + stime} of every thread of these processes, in clock ticks."""
    r = {}
    for p in pids:
        try:
            tids = os.listdir("/proc/%d/task" % p)
        except OSError:
            continue
        for t in tids:
            try:
                with open("/proc/%d/task/%s/stat" % (p, t)) as f:
                    v = f.read().rsplit(")", 1)[1].split()
                r[(p, t)] = int(v[11]) + int(v[12])
            except (OSError, ValueError, IndexError):
                pass
    return r


def alive(pid):
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=5.0, help="measurement window")
    ap.add_argument("--warmup", type=float, default=1.0, help="seconds between 'forwarding' and the window")
    ap.add_argument("--ready-timeout", type=float, default=60.0, help="seconds to wait for forwarding")
    ap.add_argument("--pid", type=int, help="the contender's pid: stop waiting when it dies")
    ap.add_argument("--in-port", default="0", help="input port (id, or name for Junction)")
    ap.add_argument("--out-port", default="1", help="output port (id, or name for Junction)")
    ap.add_argument("--worker-cpu", type=int, help="report the hypervisor's steal time on this CPU")
    ap.add_argument("--other-cpus", default="", help="report how busy these CPUs were (comma list)")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--telemetry", metavar="PREFIX")
    g.add_argument("--junction-status", nargs=argparse.REMAINDER, metavar="CMD")
    a = ap.parse_args()

    if a.telemetry:
        src = Telemetry(a.telemetry, int(a.in_port), int(a.out_port))
    else:
        src = JunctionStatus(a.junction_status, a.in_port, a.out_port)

    # readiness: the output counter is read and grows (polled, never a fixed sleep)
    deadline = time.monotonic() + a.ready_timeout
    last, err = None, "no reading yet"
    while True:
        if not alive(a.pid):
            print("sample-rate: the contender (pid %d) exited before forwarding (%s)" % (a.pid, err), file=sys.stderr)
            return 2
        if time.monotonic() > deadline:
            print("sample-rate: not forwarding after %.0f s (%s)" % (a.ready_timeout, err), file=sys.stderr)
            return 2
        try:
            _, out, _ = src.read()
            if last is not None and out > last:
                break
            if last is not None:
                err = "output counter not growing (%d)" % out
            last = out
        except Exception as e:          # socket not there yet, status not answering yet, ...
            err = "%s: %s" % (type(e).__name__, e)
            if isinstance(src, Telemetry):
                src.sock = None
        time.sleep(0.2)

    time.sleep(a.warmup)
    others = [int(c) for c in a.other_cpus.split(",") if c != ""]
    tree = descendants(a.pid) if a.pid else []
    c0, k0, tk0 = cpu_times(), thread_ticks(tree), time.monotonic()
    t0, o0, i0 = src.read()
    time.sleep(a.seconds)
    t1, o1, i1 = src.read()
    c1, k1, tk1 = cpu_times(), thread_ticks(tree), time.monotonic()
    if not alive(a.pid):
        print("sample-rate: the contender exited during the measurement", file=sys.stderr)
        return 2
    dt = t1 - t0
    out, inn = o1 - o0, i1 - i0
    extra = ""
    if tree:
        # the busiest thread of the contender is its spinning worker: how much of the window
        # did it get? Below ~95% something else ran on the worker core.
        busiest = max([k1[k] - k0[k] for k in k1 if k in k0] or [0])
        share = busiest / os.sysconf("SC_CLK_TCK") / (tk1 - tk0)
        extra += " worker_cpu_pct=%.0f" % (100.0 * share)
        if share > 0:
            extra += " mpps_per_worker_cpu=%.3f" % (out / dt / 1e6 / min(1.0, share))
    if others:
        extra += " others_busy_pct=%.0f" % busy_pct(c0, c1, others)
    if a.worker_cpu is not None and a.worker_cpu in c0:
        w0, w1 = c0[a.worker_cpu], c1[a.worker_cpu]
        extra += " worker_steal_pct=%.0f" % (100.0 * (w1[2] - w0[2]) / max(1, w1[1] - w0[1]))
    print("rate mpps=%.3f out=%d in=%d seconds=%.3f fwd_ratio=%.3f%s"
          % (out / dt / 1e6, out, inn, dt, (out / inn) if inn else 0.0, extra))
    return 0


if __name__ == "__main__":
    sys.exit(main())
