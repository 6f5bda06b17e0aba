#!/usr/bin/python3
# Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
"""bench api's clients and its statistics (standard library only).

    apibench.py sample --out TSV --stop FILE --addresses FILE --max-samples N --max-seconds S
                       [--interval S] [--neighbors-every K]
                       [--cli-lookup 'CMD {addr}'] [--cli-neighbors 'CMD']
                       [--warm-junction SOCKET] [--warm-bird SOCKET]
    apibench.py stats --in TSV [--from EPOCH_MS] [--to EPOCH_MS]
    apibench.py commit --socket SOCKET --document FILE --message MSG
    apibench.py preview --socket SOCKET --document FILE
    apibench.py wait-socket SOCKET SECONDS

sample: until FILE exists (or the bounds), two loops side by side, each pausing S between rounds:
one starts a route lookup by a CLI process and every K-th round the neighbor list by a CLI process;
the other makes the same two requests with a warm client on one connection held open (Junction:
HTTP/1.1 keep-alive on its API's UNIX socket; BIRD: its control socket, the protocol birdc speaks),
so a slow CLI does not thin out the warm samples. Each address of FILE in turn. One line per request:
    KIND <tab> START_EPOCH_MS <tab> LATENCY_MS <tab> CODE
KIND: cli_lookup, cli_neighbors, warm_lookup, warm_neighbors. A CLI is a process started per
request, timed from fork to exit (its output read whole). CODE: 0 answered, 1 answered "no route"
(a CLI's output matching --no-route, HTTP 404, BIRD's 8001), 2 failed.

stats: per KIND, of the answers started within [from, to]: one line
    KIND N P50 P99 MAX NO_ROUTE FAILED
(milliseconds, nearest rank; an answer "no route" counts, a failure does not).

commit: GET /v1/config (the running document's ETag), POST /v1/commits with the document, and print
    status=201 number=N elapsed_ms=T
where T runs from the POST's first byte to the answer's last (the commit applied and recorded).

preview: POST /v1/config/validate?preview=true with the document (validation, diff and the change
preview, nothing applied), and print
    status=200 elapsed_ms=T best_changes=N
timed as commit is; best_changes is the Loc-RIB changes the preview counts (-1: no preview, with why).
"""
import argparse, http.client, json, math, os, re, shlex, socket, subprocess, sys, threading, time


class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP/1.1 over a UNIX socket; http.client keeps the connection open between requests."""

    def __init__(self, path, timeout=30):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self.unix_path)
        self.sock = s


class WarmJunction:
    def __init__(self, path):
        self.path = path
        self.conn = UnixHTTPConnection(path)

    def _get(self, target):
        try:
            self.conn.request("GET", target)
            r = self.conn.getresponse()
            r.read()
            return {200: 0, 404: 1}.get(r.status, 2)    # 404: no route (yet) for that address
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = UnixHTTPConnection(self.path)
            return 2

    def lookup(self, addr):
        return self._get("/v1/routes/lookup?address=" + addr)

    def neighbors(self):
        return self._get("/v1/bgp/neighbors")


class WarmBird:
    """BIRD's control socket as birdc uses it: a command line in, reply lines out; the reply ends
    with the first line whose 4-digit code is followed by a space."""

    def __init__(self, path):
        self.path = path
        self.sock = None
        self.buf = b""

    def _connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(30)
        self.sock.connect(self.path)
        self.buf = b""
        self._reply()                               # the greeting: 0001 BIRD 2.x ready.

    def _line(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise OSError("BIRD closed its control socket")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line

    def _reply(self):
        code = 0
        while True:
            line = self._line()
            if len(line) >= 5 and line[:4].isdigit() and line[4:5] in (b" ", b"-"):
                code = int(line[:4])
                if line[4:5] == b" ":
                    return code
            # lines starting with a space continue the previous code's text

    def _cmd(self, text):
        try:
            if self.sock is None:
                self._connect()
            self.sock.sendall(text.encode() + b"\n")
            code = self._reply()
            return 1 if code == 8001 else 2 if code >= 8000 else 0   # 8001: Network not found
        except OSError:
            if self.sock is not None:
                self.sock.close()
            self.sock = None
            return 2

    def lookup(self, addr):
        return self._cmd("show route for " + addr)

    def neighbors(self):
        return self._cmd("show protocols")


FAILURES = []          # what each failed CLI request printed, kept in OUT.failures


def now_ms():
    return int(time.time() * 1000)


def timed(fn):
    t0 = time.perf_counter()
    code = fn()
    return (time.perf_counter() - t0) * 1000.0, code


def run_cli(argv, no_route):
    """Time one CLI process: (ms, 0) answered with a route, (ms, 1) answered that there is none
    (exit status non-zero and its output matching no_route), (ms, 2) failed."""
    t0 = time.perf_counter()
    try:
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    except subprocess.TimeoutExpired:
        return 60000.0, 2
    ms = (time.perf_counter() - t0) * 1000.0
    text = p.stdout.decode("utf-8", "replace")
    if p.returncode == 0:
        return ms, 1 if no_route and no_route.search(text) else 0
    if no_route and no_route.search(text):
        return ms, 1
    FAILURES.append("exit %d after %.0f ms: %s: %s" % (p.returncode, ms, " ".join(argv), " ".join(text.split())[:300]))
    return ms, 2


def sample(a):
    with open(a.addresses) as f:
        addresses = [l.strip() for l in f if l.strip()]
    if not addresses:
        sys.exit("apibench: no addresses in " + a.addresses)
    no_route = re.compile(a.no_route) if a.no_route else None
    warm = WarmJunction(a.warm_junction) if a.warm_junction else WarmBird(a.warm_bird) if a.warm_bird else None
    deadline = time.monotonic() + a.max_seconds
    lock = threading.Lock()

    # The CLI processes and the warm client ask in two loops of their own, each at its own pace: a
    # slow contender's CLI must not thin out its warm samples (or the other way round).
    with open(a.out, "a", buffering=1) as out:
        def record(kind, start, result):
            with lock:
                out.write("%s\t%d\t%.3f\t%d\n" % (kind, start, result[0], result[1]))
                if FAILURES:
                    with open(a.out + ".failures", "a") as failures:
                        failures.write("\n".join(FAILURES) + "\n")
                    FAILURES.clear()

        def running(n):
            return n < a.max_samples and time.monotonic() < deadline and not os.path.exists(a.stop)

        def cli_loop():
            n = 0
            while running(n):
                addr = addresses[n % len(addresses)]
                if a.cli_lookup:
                    s = now_ms()
                    record("cli_lookup", s, run_cli([x.replace("{addr}", addr) for x in shlex.split(a.cli_lookup)], no_route))
                if a.cli_neighbors and n % a.neighbors_every == 0:
                    s = now_ms()
                    record("cli_neighbors", s, run_cli(shlex.split(a.cli_neighbors), None))
                n += 1
                if a.interval > 0:
                    time.sleep(a.interval)

        def warm_loop():
            n = 0
            while running(n):
                addr = addresses[n % len(addresses)]
                s = now_ms()
                record("warm_lookup", s, timed(lambda: warm.lookup(addr)))
                if n % a.neighbors_every == 0:
                    s = now_ms()
                    record("warm_neighbors", s, timed(warm.neighbors))
                n += 1
                if a.interval > 0:
                    time.sleep(a.interval)

        loops = [threading.Thread(target=cli_loop, daemon=True)] if a.cli_lookup or a.cli_neighbors else []
        if warm is not None:
            loops.append(threading.Thread(target=warm_loop, daemon=True))
        for t in loops:
            t.start()
        for t in loops:
            t.join()


def percentile(values, p):
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    v = sorted(values)
    return v[max(0, math.ceil(p / 100.0 * len(v)) - 1)]


def stats(a):
    kinds = {}
    with open(a.inp) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                continue
            kind, start, ms, code = parts[0], int(parts[1]), float(parts[2]), int(parts[3])
            if (a.frm and start < a.frm) or (a.to and start > a.to):
                continue
            k = kinds.setdefault(kind, {"ms": [], "none": 0, "fail": 0})
            if code == 2:
                k["fail"] += 1
            else:
                k["ms"].append(ms)
                k["none"] += code
    for kind in ("cli_lookup", "cli_neighbors", "warm_lookup", "warm_neighbors"):
        k = kinds.get(kind, {"ms": [], "none": 0, "fail": 0})
        if not k["ms"]:
            print(kind, 0, 0, 0, 0, 0, k["fail"])
        else:
            print(kind, len(k["ms"]), "%.2f" % percentile(k["ms"], 50), "%.2f" % percentile(k["ms"], 99),
                  "%.2f" % max(k["ms"]), k["none"], k["fail"])


def commit(a):
    with open(a.document) as f:
        document = f.read()
    c = UnixHTTPConnection(a.socket, timeout=600)
    c.request("GET", "/v1/config")
    r = c.getresponse()
    r.read()
    etag = (r.getheader("ETag") or "").replace("W/", "").strip('"')
    if r.status != 200 or not etag.isdigit():
        print("status=%d number=0 elapsed_ms=0 detail=GET /v1/config gave no ETag" % r.status)
        return 1
    body = json.dumps({"document": document, "base_version": int(etag), "message": a.message}).encode()
    t0 = time.perf_counter()
    c.request("POST", "/v1/commits", body=body, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    answer = r.read()
    elapsed = (time.perf_counter() - t0) * 1000.0
    number = 0
    detail = ""
    try:
        j = json.loads(answer)
        number = j.get("number", 0)
        detail = j.get("detail", "") or ""
    except ValueError:
        detail = answer[:200].decode("utf-8", "replace")
    print("status=%d number=%s elapsed_ms=%.0f%s" % (r.status, number, elapsed,
          (" detail=" + " ".join(detail.split())[:300]) if r.status >= 300 else ""))
    return 0 if r.status == 201 else 1


def preview(a):
    with open(a.document) as f:
        document = f.read().encode()
    c = UnixHTTPConnection(a.socket, timeout=600)
    t0 = time.perf_counter()
    c.request("POST", "/v1/config/validate?preview=true&first=20", body=document,
              headers={"Content-Type": "application/yaml"})
    r = c.getresponse()
    answer = r.read()
    elapsed = (time.perf_counter() - t0) * 1000.0
    changes, detail = -1, ""
    try:
        j = json.loads(answer)
        p = j.get("preview")
        if p:
            changes = (p.get("best_changes") or p.get("bestChanges") or {}).get("count", -1)
        else:
            detail = j.get("preview_error") or j.get("previewError") or json.dumps(j.get("problems", ""))
    except ValueError:
        detail = answer[:200].decode("utf-8", "replace")
    print("status=%d elapsed_ms=%.0f best_changes=%s%s" % (r.status, elapsed, changes,
          (" detail=" + " ".join(str(detail).split())[:300]) if changes < 0 else ""))
    return 0 if r.status == 200 and changes >= 0 else 1


def wait_socket(path, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            c = UnixHTTPConnection(path, timeout=5)
            c.request("GET", "/v1/status")
            r = c.getresponse()
            r.read()
            if r.status == 200:
                return 0
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    return 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--out", required=True)
    s.add_argument("--stop", required=True)
    s.add_argument("--addresses", required=True)
    s.add_argument("--max-samples", type=int, default=2000)
    s.add_argument("--max-seconds", type=float, default=300)
    s.add_argument("--interval", type=float, default=0.05)
    s.add_argument("--neighbors-every", type=int, default=2)
    s.add_argument("--cli-lookup")
    s.add_argument("--cli-neighbors")
    s.add_argument("--warm-junction")
    s.add_argument("--warm-bird")
    s.add_argument("--no-route", help="regex: a lookup CLI's output saying there is no route (an answer, not a failure)")
    t = sub.add_parser("stats")
    t.add_argument("--in", dest="inp", required=True)
    t.add_argument("--from", dest="frm", type=int, default=0)
    t.add_argument("--to", type=int, default=0)
    c = sub.add_parser("commit")
    c.add_argument("--socket", required=True)
    c.add_argument("--document", required=True)
    c.add_argument("--message", required=True)
    v = sub.add_parser("preview")
    v.add_argument("--socket", required=True)
    v.add_argument("--document", required=True)
    w = sub.add_parser("wait-socket")
    w.add_argument("path")
    w.add_argument("seconds", type=float)
    a = p.parse_args()
    if a.cmd == "sample":
        sample(a)
    elif a.cmd == "stats":
        stats(a)
    elif a.cmd == "commit":
        sys.exit(commit(a))
    elif a.cmd == "preview":
        sys.exit(preview(a))
    else:
        sys.exit(wait_socket(a.path, a.seconds))


if __name__ == "__main__":
    main()
