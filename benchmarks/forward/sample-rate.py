#!/usr/bin/python3
"""Measure one contender's forwarding rate for ./junction bench forward.

Waits until the contender forwards (its output counter grows), lets it warm up, then reads
the counters twice --seconds apart and prints one line:

  rate mpps=16.52 out=82600000 in=82600128 seconds=5.000 fwd_ratio=1.000

out = packets transmitted on the output port during the window, in = packets received on the
input port during the window (fwd_ratio = out/in: packets dropped or sent elsewhere show here).
Each reading's time is the midpoint of the request and its answer, whatever the backend (both
backends answer in well under a millisecond: no process is started per reading). With --other-cpus and
--worker-cpu it adds others_busy_pct (how busy the non-worker CPUs were during the window:
the sampler and the contender's housekeeping threads only, when the machine is quiet) and
worker_steal_pct (time the hypervisor took from the worker's vCPU). With --pid it adds
worker_cpu_pct: the CPU time the contender's busiest thread (its spinning worker) got during
the window, and mpps_per_worker_cpu = mpps / that share (a rate corrected for time-sharing
the worker core with other work; cache and memory contention are not corrected), and the
memory that process has on huge pages at the end of the window, from /proc/PID/smaps_rollup:
hugetlb_mb (hugetlbfs pages: DPDK's EAL memory when it runs with huge pages) and thp_mb
(AnonHugePages: transparent huge pages, e.g. Junction's FIB tables after madvise).
The cost per packet beside the rate: cycles_per_pkt = the worker thread's CPU time in the window
x the CPU's nominal clock / out (the busy-polling worker's whole cycle count, idle polls included,
so it is the cost per packet at this rate; on 2 shared vCPUs time-sharing does not inflate it, as
only the worker's own CPU time counts), and, where the machine has hardware counters (`perf stat`
on the worker thread over the window; not in most VMs), instructions_per_pkt and
hw_cycles_per_pkt.

Backends (one reading = one output and one input counter):
  --telemetry PREFIX   a DPDK process's telemetry socket (/ethdev/stats,PORT), as
                       dpdk-telemetry.py -f PREFIX would find it
  --counters-file PATH Junction's counters file (/run/junction/NAME/counters.dat), mapped and
                       read directly, summed over workers as `junction status` sums them:
                       out = port.<out>.tx, in = port.<in>.rx (ports by name)

  sample-rate.py --dump-counters PATH   prints the file's counters as `junction status --json`
                       groups them ({"ports": {...}, "drops": {...}, "counters": {...}}) and exits;
                       benchmarks/forward/check-counters-reader.sh compares it with the real command.

Exits 2 with a message on stderr when the contender is not forwarding within --ready-timeout
or its process (--pid) died.
"""
import argparse
import json
import mmap
import os
import re
import shutil
import socket
import struct
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


class CountersFile:
    """Junction's counters file, read the way CounterSnapshot reads it (dataplane's counters package).

    Layout (CountersFile.java): a 4096-byte little-endian header (magic "JNCTNCTR", version int at 8,
    metadata length int at 12, values length int at 16, writer pid long at 24), then Agrona's
    CountersManager metadata (512-byte records: state int at 0, type id int at 4, label length int at
    128, ASCII label after it), then its values (128 bytes per counter, the value a long at 0). Records
    are read in order up to the first unused one; only allocated ones count. Type 1 (counter) is summed
    over workers by label, type 2 (gauge) is the latest value.
    """
    MAGIC, VERSION, HEADER = b"JNCTNCTR", 1, 4096
    META_RECORD, VALUE_RECORD, LABEL_OFFSET = 512, 128, 128
    ALLOCATED, UNUSED, TYPE_GAUGE = 1, 0, 2

    def __init__(self, path, in_port=None, out_port=None):
        self.path = path
        self.in_label = "port.%s.rx" % in_port
        self.out_label = "port.%s.tx" % out_port
        self.map, self.inode = None, None

    def _mapped(self):
        """The mapping, (re)opened when the file is new: a router replaces a stale file at start."""
        st = os.stat(self.path)
        if self.map is None or st.st_ino != self.inode:
            with open(self.path, "rb") as f:
                m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            if m[0:8] != self.MAGIC or struct.unpack_from("<i", m, 8)[0] != self.VERSION:
                m.close()
                raise RuntimeError("%s is not a Junction counters file (version %d)" % (self.path, self.VERSION))
            self.map, self.inode = m, st.st_ino
        return self.map

    def records(self):
        """[(label, type_id, value_offset)] of the allocated counters, in allocation order."""
        m = self._mapped()
        meta_len = struct.unpack_from("<i", m, 12)[0]
        out = []
        for i in range(meta_len // self.META_RECORD):
            rec = self.HEADER + i * self.META_RECORD
            state, type_id = struct.unpack_from("<ii", m, rec)
            if state == self.UNUSED:
                break
            if state != self.ALLOCATED:
                continue
            n = struct.unpack_from("<i", m, rec + self.LABEL_OFFSET)[0]
            label = m[rec + self.LABEL_OFFSET + 4:rec + self.LABEL_OFFSET + 4 + n].decode("ascii", "replace")
            out.append((label, type_id, self.HEADER + meta_len + i * self.VALUE_RECORD))
        return out

    def snapshot(self):
        """{label: value}: counters summed over workers, gauges as their latest value."""
        m, sums = self._mapped(), {}
        for label, type_id, off in self.records():
            v = struct.unpack_from("<q", m, off)[0]
            sums[label] = v if type_id == self.TYPE_GAUGE else sums.get(label, 0) + v
        return sums

    def read(self):
        """(time, out_packets, in_packets); raises when the file or the ports are not there yet."""
        recs = self.records()               # the metadata scan stays out of the timed part
        outs = [off for label, _, off in recs if label == self.out_label]
        ins = [off for label, _, off in recs if label == self.in_label]
        if not outs or not ins:
            raise RuntimeError("no %s / %s counters in %s yet" % (self.out_label, self.in_label, self.path))
        m = self.map
        t0 = time.monotonic()
        o = sum(struct.unpack_from("<q", m, off)[0] for off in outs)
        i = sum(struct.unpack_from("<q", m, off)[0] for off in ins)
        t1 = time.monotonic()
        return (t0 + t1) / 2, o, i

    def status_json(self):
        """The counters grouped as `junction status --json` groups them (without name/pid/control)."""
        ports, drops, counters = {}, {}, {}
        for label, v in self.snapshot().items():
            group, _, rest = label.partition(".")
            if group == "port":
                name, _, c = rest.partition(".")
                ports.setdefault(name, {})[c] = ("up" if v else "down") if c == "link" else v
            elif group == "drop":
                drops[rest] = v
            elif group == "dp":
                counters[rest] = v
        return {"ports": ports, "drops": drops, "counters": counters}


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


def nominal_hz():
    """The CPU's nominal clock in Hz (the TSC's rate on CPUs with an invariant TSC), or None:
    cpufreq's base_frequency, else the model name's "@ 2.60GHz", else /proc/cpuinfo's cpu MHz."""
    try:
        with open("/sys/devices/system/cpu/cpu0/cpufreq/base_frequency") as f:
            return int(f.read()) * 1000.0
    except (OSError, ValueError):
        pass
    try:
        with open("/proc/cpuinfo") as f:
            info = f.read()
    except OSError:
        return None
    m = re.search(r"^model name\s*:.*@\s*([0-9.]+)\s*GHz", info, re.M)
    if m:
        return float(m.group(1)) * 1e9
    m = re.search(r"^cpu MHz\s*:\s*([0-9.]+)", info, re.M)
    return float(m.group(1)) * 1e6 if m else None


def perf_start(tid, seconds):
    """`perf stat` of the thread's instructions and cycles for SECONDS, or None without perf."""
    if shutil.which("perf") is None or tid is None:
        return None
    try:
        return subprocess.Popen(["perf", "stat", "-x", ",", "-e", "instructions,cycles", "-t", str(tid),
                                 "--", "sleep", "%.3f" % seconds],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except OSError:
        return None


def perf_counts(proc):
    """{event: count} from a perf_start process; events the machine cannot count are left out."""
    if proc is None:
        return {}
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        return {}
    counts = {}
    for line in err.splitlines():
        f = line.split(",")
        if len(f) >= 3 and f[0].strip().isdigit():
            counts[f[2].split(":")[0]] = int(f[0])
    return counts


def huge_page_mb(pid):
    """(hugetlb_mb, thp_mb) of a process from /proc/PID/smaps_rollup, or None."""
    kb = {}
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("Shared_Hugetlb", "Private_Hugetlb", "AnonHugePages"):
                    kb[k] = int(v.split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return (kb.get("Shared_Hugetlb", 0) + kb.get("Private_Hugetlb", 0)) // 1024, kb.get("AnonHugePages", 0) // 1024


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
    g.add_argument("--counters-file", metavar="PATH")
    g.add_argument("--dump-counters", metavar="PATH", help="print the file's counters as JSON and exit")
    a = ap.parse_args()

    if a.dump_counters:
        print(json.dumps(CountersFile(a.dump_counters).status_json(), sort_keys=True))
        return 0
    if a.telemetry:
        src = Telemetry(a.telemetry, int(a.in_port), int(a.out_port))
    else:
        src = CountersFile(a.counters_file, a.in_port, a.out_port)

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
        except Exception as e:          # socket or counters file not there yet, ...
            err = "%s: %s" % (type(e).__name__, e)
            if isinstance(src, Telemetry):
                src.sock = None
        time.sleep(0.2)

    others = [int(c) for c in a.other_cpus.split(",") if c != ""]
    tree = descendants(a.pid) if a.pid else []
    kw = thread_ticks(tree)
    time.sleep(a.warmup)
    # the worker is the thread that ran most during the warm-up: perf counts it over the window
    kw1 = thread_ticks(tree)
    warm = [(kw1[k] - kw[k], k) for k in kw1 if k in kw]
    perf = perf_start(max(warm)[1][1] if warm and max(warm)[0] > 0 else None, a.seconds)
    c0, k0, tk0 = cpu_times(), thread_ticks(tree), time.monotonic()
    t0, o0, i0 = src.read()
    time.sleep(a.seconds)
    t1, o1, i1 = src.read()
    c1, k1, tk1 = cpu_times(), thread_ticks(tree), time.monotonic()
    hw = perf_counts(perf)
    if not alive(a.pid):
        print("sample-rate: the contender exited during the measurement", file=sys.stderr)
        return 2
    dt = t1 - t0
    out, inn = o1 - o0, i1 - i0
    extra = ""
    if tree:
        # the busiest thread of the contender is its spinning worker: how much of the window
        # did it get? Below ~95% something else ran on the worker core.
        deltas = [(k1[k] - k0[k], k) for k in k1 if k in k0]
        busiest, key = max(deltas or [(0, (a.pid, None))])
        share = busiest / os.sysconf("SC_CLK_TCK") / (tk1 - tk0)
        extra += " worker_cpu_pct=%.0f" % (100.0 * share)
        if share > 0:
            extra += " mpps_per_worker_cpu=%.3f" % (out / dt / 1e6 / min(1.0, share))
        hz = nominal_hz()
        if hz and out > 0:
            extra += " cycles_per_pkt=%.1f" % (busiest / os.sysconf("SC_CLK_TCK") * hz / out)
        pages = huge_page_mb(key[0])        # the process the spinning worker belongs to
        if pages is not None:
            extra += " hugetlb_mb=%d thp_mb=%d" % pages
    if others:
        extra += " others_busy_pct=%.0f" % busy_pct(c0, c1, others)
    if a.worker_cpu is not None and a.worker_cpu in c0:
        w0, w1 = c0[a.worker_cpu], c1[a.worker_cpu]
        extra += " worker_steal_pct=%.0f" % (100.0 * (w1[2] - w0[2]) / max(1, w1[1] - w0[1]))
    if out > 0 and "instructions" in hw:
        extra += " instructions_per_pkt=%.1f" % (hw["instructions"] / out)
    if out > 0 and "cycles" in hw:
        extra += " hw_cycles_per_pkt=%.1f" % (hw["cycles"] / out)
    print("rate mpps=%.3f out=%d in=%d seconds=%.3f fwd_ratio=%.3f%s"
          % (out / dt / 1e6, out, inn, dt, (out / inn) if inn else 0.0, extra))
    return 0


if __name__ == "__main__":
    sys.exit(main())
