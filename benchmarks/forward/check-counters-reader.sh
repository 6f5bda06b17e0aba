#!/usr/bin/env bash
# Does sample-rate.py read Junction's counters file as `junction status --json` reads it?
#
#   benchmarks/forward/check-counters-reader.sh        (root: it writes under /run/junction)
#
# A small Java program, on the built jars, writes a counters file the way the router does
# (dataplane's CountersFile and WorkerCounters: two workers, ports p0 and p1, known values, a
# gauge on both workers, and a freed record the readers must skip) to
# /run/junction/jn-benchfwd-check-PID/counters.dat and exits. Then `junction status --name ...
# --json` (exit 3: the writer is gone) and `sample-rate.py --dump-counters` read the same file,
# and their ports, drops and counters must be equal; sample-rate.py's rate backend must read the
# same p1.tx / p0.rx. Prints "counters reader: OK (...)" or fails. The folder is removed at exit.
# Needs the jars (`./junction build`); starts no DPDK.
set -euo pipefail
JUNCTION_HOME=${JUNCTION_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# shellcheck source=../../scripts/lib.sh
source "$JUNCTION_HOME/scripts/lib.sh"          # find_java, JUNCTION_LIB, JUNCTION_AGENT_JAR
[ -f "$JUNCTION_AGENT_JAR" ] || die "no $JUNCTION_AGENT_JAR: run ./junction build first"
[ "$(id -u)" = 0 ] || die "check-counters-reader.sh needs root (it writes under /run/junction)"
java_home=$(find_java)

name=jn-benchfwd-check-$$
run_dir=/run/junction/$name
tmp=$(mktemp -d /tmp/jn-benchfwd-check.XXXXXX)
trap 'rm -rf "$run_dir" "$tmp"' EXIT

cat >"$tmp/WriteCounters.java" <<'EOF'
import java.nio.file.Path;
import java.util.List;

import net.junction.dataplane.DropReason;
import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import org.agrona.concurrent.status.CountersReader;

/** Writes a counters file as a two-worker router would, with distinct values everywhere. */
public class WriteCounters
{
    public static void main(final String[] args)
    {
        try (CountersFile file = CountersFile.create(Path.of(args[0]), 512))
        {
            final List<String> ports = List.of("p0", "p1");
            final WorkerCounters w0 = new WorkerCounters(file, 0, ports);
            final WorkerCounters w1 = new WorkerCounters(file, 1, ports);
            long v = 1;
            for (final WorkerCounters w : new WorkerCounters[] {w0, w1})
            {
                for (int p = 0; p < 2; p++)
                {
                    for (int c = 0; c < WorkerCounters.PORT_COUNTERS.length; c++)
                    {
                        w.port(p, c, v = v * 3 + 1);
                    }
                }
                for (int c = 0; c < WorkerCounters.DP_COUNTERS.length; c++)
                {
                    w.dp(c, v = v * 7 % 1_000_003 + c);
                }
                w.drop(DropReason.NO_ROUTE, v = v * 5 % 999_983);
            }
            file.values().putLong(file.allocate("port.p0.link", CountersFile.TYPE_GAUGE, 0), 1);
            file.values().putLong(file.allocate("port.p0.link", CountersFile.TYPE_GAUGE, 1), 1);
            file.values().putLong(file.allocate("port.p1.link", CountersFile.TYPE_GAUGE, 0), 0);
            // a freed record (Agrona RECORD_RECLAIMED), last so nothing reuses it: readers skip it
            final int freed = file.manager().allocate("port.p1.tx", CountersFile.TYPE_COUNTER, k -> k.putInt(0, 9));
            file.values().putLong(CountersReader.counterOffset(freed), 1_000_000_007L);
            file.manager().free(freed);
        }
    }
}
EOF
"$java_home/bin/java" "${JUNCTION_JVM_FLAGS[@]}" -cp "$JUNCTION_AGENT_JAR:$JUNCTION_LIB/*" \
  "$tmp/WriteCounters.java" "$run_dir/counters.dat"

rc=0
"$JUNCTION_HOME/junction" status --name "$name" --json >"$tmp/status.json" 2>"$tmp/status.err" || rc=$?
[ "$rc" = 3 ] || { cat "$tmp/status.err" >&2; die "junction status --json exited $rc (expected 3: writer not running)"; }

/usr/bin/python3 - "$JUNCTION_HOME/benchmarks/forward/sample-rate.py" "$run_dir/counters.dat" "$tmp/status.json" <<'EOF'
import importlib.util, json, subprocess, sys
script, path, status_path = sys.argv[1:4]
status = json.load(open(status_path))
dump = json.loads(subprocess.run(["/usr/bin/python3", script, "--dump-counters", path],
                                 check=True, stdout=subprocess.PIPE).stdout)
for key in ("ports", "drops", "counters"):
    if status[key] != dump[key]:
        sys.exit("counters reader: MISMATCH in %s:\n  junction status: %s\n  sample-rate.py:  %s"
                 % (key, json.dumps(status[key], sort_keys=True), json.dumps(dump[key], sort_keys=True)))
spec = importlib.util.spec_from_file_location("sample_rate", script)
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
_, out, inn = mod.CountersFile(path, "p0", "p1").read()
want = (status["ports"]["p1"]["tx"], status["ports"]["p0"]["rx"])
if (out, inn) != want:
    sys.exit("counters reader: rate backend read p1.tx=%d p0.rx=%d, junction status says %d %d" % ((out, inn) + want))
n = sum(len(status[k]) for k in ("drops", "counters")) + sum(len(v) for v in status["ports"].values())
print("counters reader: OK (%d values equal to junction status --json; p1.tx=%d p0.rx=%d)" % (n, out, inn))
EOF
