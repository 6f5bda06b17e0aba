#!/usr/bin/env bash
# ./junction bench fib: longest-prefix-match FIB on a full-size table, Junction's FIB against
# DPDK's rte_fib (dpdk-test-fib: DIR24_8 for IPv4, TRIE for IPv6), same run, same files: a
# generated table of 1M IPv4 prefixes (about 60% /24) and 250k IPv6 prefixes (/48-heavy), and
# 2^20 lookup addresses per family (90% inside a route, 10% random).
#
#   benchmarks/scripts/bench-fib.sh [--rounds N] [--v4-routes N] [--v6-routes N] [--lookups N]
#        [--seed S] [--core C] [--heap SIZE] [--fib4 NAME] [--fib6 NAME] [--only junction,dpdk]
#        [--quiet-wait S] [--timeout S] [--cache DIR] [--keep]
#
#   --rounds N        rounds; each runs dpdk-test-fib v4, dpdk-test-fib v6, Junction (default 5)
#   --v4-routes N     IPv4 routes in the table (default 1000000)
#   --v6-routes N     IPv6 routes in the table (default 250000)
#   --lookups N       lookup addresses per family, a multiple of 64 (default 1048576)
#   --seed S          generator seed (default 1); inputs are cached per parameters and seed
#   --core C          the CPU dpdk-test-fib runs on (default 1); the JVM is not pinned
#   --heap SIZE       Junction's JVM -Xmx (default 8g)
#   --fib4 N          Junction's IPv4 FIB class: dir24 (the data plane's, default) or reference
#   --fib6 N          Junction's IPv6 FIB class: mtrie (the data plane's, default) or reference
#   --only LIST       run only these contenders (comma-separated: junction, dpdk)
#   --quiet-wait S    before each turn, wait up to S s for the machine to be < 10% busy
#   --timeout S       bound of each process (default 900)
#   --cache DIR       where generated inputs are kept (default /var/tmp/junction-bench-fib)
#   --keep            keep the temp folder (logs) and print its path
#
# Contenders run one at a time, never two at once: dpdk v4, dpdk v6, junction, dpdk v4, ...
# Every process runs in its own session under `timeout` and is stopped (TERM, then KILL) at
# exit, Ctrl-C included. Output: per-round figures, the medians, and as the last line exactly
#   fib v4_mlps=A dpdk_v4_mlps=B v4_ratio=A/B v6_mlps=C dpdk_v6_mlps=D v6_ratio=C/D load_routes_per_s=E bytes_per_route=F
# (A, C, E, F: Junction; E over both families; F = Junction's memory per route, v4 and v6
# together). A contender that fails reports 0 (with a note); the line keeps its format.
# Details: docs/benchmarks.md.
set -euo pipefail

JUNCTION_HOME=${JUNCTION_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
export JUNCTION_HOME
# shellcheck source=../../scripts/lib.sh
source "$JUNCTION_HOME/scripts/lib.sh"      # find_java, JUNCTION_JVM_FLAGS
# shellcheck source=bench-lib.sh
source "$JUNCTION_HOME/benchmarks/scripts/bench-lib.sh"   # median, cpu_busy_pct, huge pages
FIB_DIR="$JUNCTION_HOME/benchmarks/fib"
PY=/usr/bin/python3

note() { echo "bench-fib: $*" >&2; }
fail() { note "$*"; exit 1; }

rounds=5 v4_routes=1000000 v6_routes=250000 lookups=1048576 seed=1 core=1 heap=8g
fib4=dir24 fib6=mtrie only=junction,dpdk quiet_wait=0 bound=900 keep=0
cache=${JUNCTION_BENCH_CACHE:-/var/tmp/junction-bench-fib}
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds)    rounds=${2:?}; shift 2 ;;
    --v4-routes) v4_routes=${2:?}; shift 2 ;;
    --v6-routes) v6_routes=${2:?}; shift 2 ;;
    --lookups)   lookups=${2:?}; shift 2 ;;
    --seed)      seed=${2:?}; shift 2 ;;
    --core)      core=${2:?}; shift 2 ;;
    --heap)      heap=${2:?}; shift 2 ;;
    --fib4)      fib4=${2:?}; shift 2 ;;
    --fib6)      fib6=${2:?}; shift 2 ;;
    --only)      only=${2:?}; shift 2 ;;
    --quiet-wait) quiet_wait=${2:?}; shift 2 ;;
    --timeout)   bound=${2:?}; shift 2 ;;
    --cache)     cache=${2:?}; shift 2 ;;
    --keep)      keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option '$1' (try --help)" ;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || fail "--rounds must be a positive integer"
[[ $v4_routes =~ ^[0-9]+$ ]] && [ "$v4_routes" -ge 1000 ] && [ "$v4_routes" -le 2000000 ] || fail "--v4-routes must be 1000..2000000"
[[ $v6_routes =~ ^[0-9]+$ ]] && [ "$v6_routes" -ge 1000 ] && [ "$v6_routes" -le 1000000 ] || fail "--v6-routes must be 1000..1000000"
[[ $lookups =~ ^[0-9]+$ ]] && [ "$lookups" -ge 64 ] && [ $((lookups % 64)) -eq 0 ] && [ "$lookups" -le 67108864 ] \
  || fail "--lookups must be a multiple of 64 (dpdk-test-fib looks up in bursts of 64), at most 2^26"
[[ $seed =~ ^[0-9]+$ ]] || fail "--seed must be a non-negative integer"
[[ $heap =~ ^[0-9]+[mMgG]$ ]] || fail "--heap must look like 8g or 4096m"
[[ $quiet_wait =~ ^[0-9]+$ ]] || fail "--quiet-wait must be a whole number of seconds"
[[ $bound =~ ^[1-9][0-9]*$ ]] || fail "--timeout must be a positive number of seconds"
ncpu=$(nproc --all)
[[ $core =~ ^[0-9]+$ ]] && [ "$core" -lt "$ncpu" ] || fail "--core must be a CPU 0..$((ncpu - 1))"
run_dpdk=0 run_junction=0
[[ ,$only, == *,dpdk,* ]] && run_dpdk=1
[[ ,$only, == *,junction,* ]] && run_junction=1
[ $((run_dpdk + run_junction)) -gt 0 ] || fail "--only names neither junction nor dpdk"

for t in "$PY" timeout setsid flock awk sha1sum; do
  command -v "$t" >/dev/null || fail "'$t' not found"
done
if [ "$run_dpdk" = 1 ]; then
  command -v dpdk-test-fib >/dev/null || fail "dpdk-test-fib not found (Debian package dpdk; ./junction setup installs it)"
fi
TIME=""; [ -x /usr/bin/time ] && TIME=/usr/bin/time     # max RSS and CPU time of each process
JAVA_HOME_25=""
BENCH_JAR=""
if [ "$run_junction" = 1 ]; then
  JAVA_HOME_25=$(find_java)
  for j in "$JUNCTION_HOME"/benchmarks/target/junction-benchmarks-*.jar; do
    case "$j" in *-sources.jar|*-javadoc.jar) ;; *) [ -f "$j" ] && BENCH_JAR=$j ;; esac
  done
  [ -n "$BENCH_JAR" ] && [ -d "$JUNCTION_HOME/benchmarks/target/lib" ] \
    || fail "the benchmarks module is not built (benchmarks/target/lib missing): run ./junction build, or ./junction bench fib"
fi

# One bench at a time: two would share the CPUs and the file prefixes.
exec 9>/tmp/jn-bench-fib.lock
flock -n 9 || fail "another bench fib is running (lock /tmp/jn-bench-fib.lock)"

# ---------------------------------------------------------------- processes and cleanup
WORK=$(mktemp -d /tmp/jn-bench-fib.XXXXXX)
CUR_PID=""          # the contender running now (session leader: kill -- -PID reaches all of it)
PREFIXES=(jn-bench-fib4 jn-bench-fib6)

stop_current() {
  local pid=$CUR_PID
  [ -n "$pid" ] || return 0
  CUR_PID=""
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    note "process $pid did not stop on TERM within 10 s: KILL"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

clean_prefixes() {
  local p
  for p in "${PREFIXES[@]}"; do rm -rf "/var/run/dpdk/$p" "${XDG_RUNTIME_DIR:-/tmp}/dpdk/$p" 2>/dev/null || true; done
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_current
  clean_prefixes
  rm -rf "${GEN_TMP:-/nonexistent}" 2>/dev/null || true
  if [ "$keep" = 1 ]; then note "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'note "interrupted"; exit 130' INT
trap 'note "terminated"; exit 143' TERM

# run LOG CMD...: run CMD in its own session, bounded, and wait for it (in the background, so
# a TERM or Ctrl-C to this script is handled at once). Sets RUN_RC, RUN_WALL (s), and from
# /usr/bin/time RUN_RSS_KB and RUN_CPU (user+sys s), and RUN_OTHERS: the CPUs' busy time
# during the run not spent by the process, in CPUs (from /proc/stat).
busy_jiffies() { awk '/^cpu / { print $2+$3+$4+$7+$8 }' /proc/stat; }
run() {
  local log=$1; shift
  local t0 b0 b1 hz u s
  hz=$(getconf CLK_TCK)
  b0=$(busy_jiffies); t0=$(date +%s.%N)
  if [ -n "$TIME" ]; then
    setsid timeout -k 5 "$bound" "$TIME" -o "$log.time" -f '%M %U %S' "$@" >"$log" 2>&1 </dev/null &
  else
    setsid timeout -k 5 "$bound" "$@" >"$log" 2>&1 </dev/null &
  fi
  CUR_PID=$!
  RUN_RC=0
  wait "$CUR_PID" || RUN_RC=$?
  CUR_PID=""
  b1=$(busy_jiffies)
  RUN_WALL=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  RUN_RSS_KB=0 RUN_CPU=0
  if [ -n "$TIME" ] && [ -s "$log.time" ]; then
    read -r RUN_RSS_KB u s < <(tail -1 "$log.time") || true
    RUN_CPU=$(awk -v u="${u:-0}" -v s="${s:-0}" 'BEGIN { printf "%.1f", u + s }')
  fi
  RUN_OTHERS=$(awk -v b="$((b1 - b0))" -v hz="$hz" -v c="$RUN_CPU" -v w="$RUN_WALL" \
    'BEGIN { o = b / hz - c; if (o < 0) o = 0; printf "%.2f", (w > 0) ? o / w : 0 }')
  if [ "$RUN_RC" = 124 ] || [ "$RUN_RC" = 137 ]; then RUN_NOTE="killed after the ${bound} s bound"; else RUN_NOTE="exit status $RUN_RC"; fi
}

quiet() {
  [ "$quiet_wait" -gt 0 ] || return 0
  local waited=0 b
  while b=$(cpu_busy_pct) && [ "${b:-0}" -ge 10 ] && [ "$waited" -lt "$quiet_wait" ]; do waited=$((waited + 1)); done
  [ "$waited" -gt 0 ] && note "waited ${waited} s for a quiet machine before $1 (now ${b}% busy)"
  return 0
}

# ---------------------------------------------------------------- inputs (cached)
gen_hash=$(sha1sum "$FIB_DIR/gen-inputs.py" | cut -c1-10)
IN="$cache/v4-$v4_routes.v6-$v6_routes.l$lookups.s$seed.g$gen_hash"
if [ ! -s "$IN/meta.txt" ]; then
  mkdir -p "$cache"
  GEN_TMP=$(mktemp -d "$cache/.gen.XXXXXX")
  note "generating inputs into $IN (once per parameters and seed; about 30 s for the full table)"
  timeout "$bound" "$PY" "$FIB_DIR/gen-inputs.py" --out "$GEN_TMP" --v4-routes "$v4_routes" \
    --v6-routes "$v6_routes" --lookups "$lookups" --seed "$seed" >&2 || fail "gen-inputs.py failed"
  rm -rf "$IN"; mv "$GEN_TMP" "$IN"; GEN_TMP=""
fi
meta() { sed -n "s/^$1=//p" "$IN/meta.txt"; }

# dpdk-test-fib sizing (docs/benchmarks.md): tbl8 groups (-g) and EAL memory (-m, MB).
#  DIR24_8 reserves one tbl8 per /24 holding longer prefixes; TRIE at most (ceil8(len)-24)/8
#  per route longer than /24 (the generator counts both). Memory: 64 MiB tbl24, (g+1) KiB of
#  tbl8 (4-byte entries), the RIB's node pool (max_routes = 2 x routes, 2 nodes per route, 128 B
#  per pooled node), the route and lookup arrays, 256 MB for EAL; 20% on top.
max_g=2097151                                   # test-fib caps -g at 2^21-1 for 4-byte entries
g4=$(( $(meta v4_tbl8_needed) * 5 / 4 + 64 )); [ "$g4" -gt "$max_g" ] && g4=$max_g
g6=$(( $(meta v6_tbl8_bound) + 64 ));          [ "$g6" -gt "$max_g" ] && g6=$max_g
m4=$(awk -v n="$v4_routes" -v g="$g4" -v l="$lookups" 'BEGIN { printf "%d", 1.2 * (256 + 64 + (g + 1) / 1024 + (n * 4 * 128 + n * 16 + l * 4) / 1048576) }')
m6=$(awk -v n="$v6_routes" -v g="$g6" -v l="$lookups" 'BEGIN { printf "%d", 1.2 * (256 + 64 + (g + 1) / 1024 + (n * 4 * 128 + n * 32 + l * 16) / 1048576) }')
avail_mb=$(awk '/^MemAvailable:/ { printf "%d", $2 / 1024 }' /proc/meminfo)
for m in "$m4" "$m6"; do
  [ "$run_dpdk" = 1 ] && [ "$m" -gt "$avail_mb" ] && fail "dpdk-test-fib would need -m $m MB; only $avail_mb MB available"
done

# The TSC rate: EAL's own (rte_get_tsc_hz, logged at debug level as "TSC frequency is ~N KHz",
# calibrated in 10 MHz steps on this machine), read from each run; the kernel's for reference.
kernel_tsc_mhz=$( { dmesg 2>/dev/null || journalctl -k -b 2>/dev/null || true; } \
  | sed -n 's/.*tsc: Refined TSC clocksource calibration: \([0-9.]*\) MHz.*/\1/p; s/.*tsc: Detected \([0-9.]*\) MHz.*/\1/p' | tail -1)

# ---------------------------------------------------------------- contenders
declare -A R=()            # key -> space-separated values over the rounds
add() { R[$1]="${R[$1]:-} $2"; }
declare -A DISABLED=()
disturbed=0

# dpdk_turn FAMILY ROUND: one dpdk-test-fib run; prints its line, records the figures.
dpdk_turn() {
  local fam=$1 round=$2 log="$WORK/dpdk-$1-r$2.log" args algo tsc_khz cyc mlps load_cycles lps
  if [ "$fam" = v4 ]; then
    args=(-m "$m4" --file-prefix=jn-bench-fib4 -- -f "$IN/routes4.txt" -t "$IN/lookup4.txt" -b dir -g "$g4")
    algo=DIR24_8
  else
    args=(-m "$m6" --file-prefix=jn-bench-fib6 -- -6 -f "$IN/routes6.txt" -t "$IN/lookup6.txt" -b trie -g "$g6")
    algo=TRIE
  fi
  quiet "dpdk $fam"
  run "$log" dpdk-test-fib --no-huge --no-pci --no-telemetry -l "$core" --log-level=lib.eal:debug "${args[@]}"
  clean_prefixes
  cyc=$(sed -n 's/^AVG FIB lookup \([0-9.]*\)$/\1/p' "$log" | tail -1)
  tsc_khz=$(sed -n 's/.*TSC frequency is ~\([0-9]*\) KHz.*/\1/p' "$log" | tail -1)
  if [ -z "$tsc_khz" ] && [ -n "$kernel_tsc_mhz" ]; then tsc_khz=$(awk -v m="$kernel_tsc_mhz" 'BEGIN { printf "%d", m * 1000 }'); fi
  if [ "$RUN_RC" != 0 ] || [ -z "$cyc" ] || [ -z "$tsc_khz" ]; then
    local cause
    cause=$(grep -m1 -e 'Cause:' -e 'Can not' -e 'failed to' -e 'PANIC' "$log" | sed 's/^ *//' || true)
    printf 'round %d/%d  dpdk %s %-8s   0.00 Mlps  (failed: %s; %s)\n' "$round" "$rounds" "$fam" "$algo" "${cause:-no lookup figure}" "$RUN_NOTE"
    echo "--- last lines of $log:" >&2; grep -v '^EAL:' "$log" | tail -8 >&2 || true
    [ -z "${R[dpdk_${fam}_mlps]:-}" ] && DISABLED[dpdk_$fam]="failed in round $round: ${cause:-see above}"
    return 0
  fi
  mlps=$(awk -v c="$cyc" -v k="$tsc_khz" 'BEGIN { printf "%.2f", k * 1000 / c / 1e6 }')
  # load: "AVG FIB add X" is printed for 10 slices of the routes (slice k of j_k routes, X cycles
  # each, integer division); j_k = (n - done) / k for k = 10..1, as test-fib cuts them.
  local n; n=$(sed -n 's/^Routes total: \([0-9]*\)$/\1/p' "$log")
  load_cycles=$(sed -n 's/^AVG FIB add \([0-9]*\)$/\1/p' "$log" | awk -v n="$n" '
    { avg[NR] = $1 } END { done = 0; total = 0; i = 1; for (k = 10; k >= 1; k--) { j = int((n - done) / k); total += avg[i++] * j; done += j }
      printf "%.0f", (done > 0) ? total / done : 0 }')
  lps=$(awk -v c="$load_cycles" -v k="$tsc_khz" 'BEGIN { printf "%d", (c > 0) ? k * 1000 / c : 0 }')
  add "dpdk_${fam}_mlps" "$mlps"; add "dpdk_${fam}_cycles" "$cyc"; add "dpdk_${fam}_load" "$lps"
  add "dpdk_${fam}_rss" "$((RUN_RSS_KB / 1024))"; add tsc "$tsc_khz"
  local flag=""
  if awk -v o="$RUN_OTHERS" 'BEGIN { exit !(o > 0.25) }'; then flag="  DISTURBED"; disturbed=$((disturbed + 1)); fi
  printf 'round %d/%d  dpdk %s %-8s %6.2f Mlps  (%s cycles/lookup at %s MHz TSC; load %s cycles/route = %s routes/s; max RSS %d MB; %s s; others used %s CPU)%s\n' \
    "$round" "$rounds" "$fam" "$algo" "$mlps" "$cyc" "$(awk -v k="$tsc_khz" 'BEGIN { printf "%.0f", k / 1000 }')" \
    "$load_cycles" "$lps" "$((RUN_RSS_KB / 1024))" "$RUN_WALL" "$RUN_OTHERS" "$flag"
}

junction_turn() {
  local round=$1 log="$WORK/junction-r$1.log" line
  quiet junction
  # shellcheck disable=SC2086  # JUNCTION_JAVA_OPTS is a list of options, as in lib.sh's run_java
  run "$log" "$JAVA_HOME_25/bin/java" "${JUNCTION_JVM_FLAGS[@]}" ${JUNCTION_JAVA_OPTS:-} -Xmx"$heap" \
    -cp "$BENCH_JAR:$JUNCTION_HOME/benchmarks/target/lib/*" net.junction.benchmarks.fib.FibBench \
    --dir "$IN" --fib4 "$fib4" --fib6 "$fib6" --load-timeout $((bound / 3))
  line=$(grep '^fibbench result ' "$log" | tail -1 || true)
  if [ "$RUN_RC" != 0 ] || [ -z "$line" ]; then
    printf 'round %d/%d  junction            0.00 Mlps  (failed: %s)\n' "$round" "$rounds" "$RUN_NOTE"
    echo "--- last lines of $log:" >&2; tail -12 "$log" >&2 || true
    [ -z "${R[j_v4_mlps]:-}" ] && DISABLED[junction]="failed in round $round ($RUN_NOTE)"
    return 0
  fi
  # the details (load, memory, lookup samples) of the first round
  [ "$round" = 1 ] && { grep -e '^v[46] ' "$log" | sed 's/^/    /' || true; }
  if grep -q 'FAILED' "$log"; then grep 'FAILED' "$log" | sed 's/^/    /'; fi
  kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  JFIB4=$(kv fib4); JFIB6=$(kv fib6)
  local v4 v6 b4 b6 lps bpr
  v4=$(kv v4_mlps) v6=$(kv v6_mlps) b4=$(kv v4_burst_mlps) b6=$(kv v6_burst_mlps) lps=$(kv load_routes_per_s) bpr=$(kv bytes_per_route)
  add j_v4_mlps "$v4"; add j_v6_mlps "$v6"; add j_v4_burst "$b4"; add j_v6_burst "$b6"; add j_load "$lps"; add j_bpr "$bpr"
  add j_v4_load "$(awk -v n="$(kv v4_routes)" -v s="$(kv v4_load_s)" 'BEGIN { printf "%d", (s > 0) ? n / s : 0 }')"
  add j_v6_load "$(awk -v n="$(kv v6_routes)" -v s="$(kv v6_load_s)" 'BEGIN { printf "%d", (s > 0) ? n / s : 0 }')"
  add j_v4_mib "$(awk -v b="$(kv v4_bytes)" 'BEGIN { printf "%.1f", b / 1048576 }')"
  add j_v6_mib "$(awk -v b="$(kv v6_bytes)" 'BEGIN { printf "%.1f", b / 1048576 }')"
  add j_rss "$((RUN_RSS_KB / 1024))"
  local flag=""
  if awk -v o="$RUN_OTHERS" 'BEGIN { exit !(o > 0.25) }'; then flag="  DISTURBED"; disturbed=$((disturbed + 1)); fi
  printf 'round %d/%d  junction  v4 %6.2f Mlps (bursts of 64: %s), v6 %6.2f Mlps (bursts of 64: %s); load %s routes/s; %s B/route; max RSS %d MB; %s s; others used %s CPU%s\n' \
    "$round" "$rounds" "$v4" "$b4" "$v6" "$b6" "$lps" "$bpr" "$((RUN_RSS_KB / 1024))" "$RUN_WALL" "$RUN_OTHERS" "$flag"
}

# ---------------------------------------------------------------- rounds
busy=$(cpu_busy_pct); busy=${busy:-0}
[ "$busy" -gt 10 ] && note "warning: the machine is ${busy}% busy before the rounds (all CPUs): other work skews the figures"
echo "bench fib: $(meta v4_routes) IPv4 routes ($(meta v4_more_specifics) more-specifics), $(meta v6_routes) IPv6 routes ($(meta v6_more_specifics) more-specifics), $lookups lookups per family, seed $seed; $rounds rounds; machine ${busy}% busy before the rounds"
echo "inputs: $IN"
[ "$run_dpdk" = 1 ] && echo "dpdk-test-fib: --no-huge -m $m4 (v4) / $m6 (v6) -l $core, -b dir -g $g4 (v4), -6 -b trie -g $g6 (v6), 4-byte next hops, bursts of 64, one timed pass"
[ "$run_junction" = 1 ] && echo "junction: $JAVA_HOME_25/bin/java -Xmx$heap (not pinned), FibBench --fib4 $fib4 --fib6 $fib6"
JFIB4=$fib4 JFIB6=$fib6
for ((round = 1; round <= rounds; round++)); do
  if [ "$run_dpdk" = 1 ]; then
    for fam in v4 v6; do
      if [ -n "${DISABLED[dpdk_$fam]:-}" ]; then
        printf 'round %d/%d  dpdk %s   0.00 Mlps  (skipped: %s)\n' "$round" "$rounds" "$fam" "${DISABLED[dpdk_$fam]:0:100}"
      else
        dpdk_turn "$fam" "$round"
      fi
    done
  fi
  if [ "$run_junction" = 1 ]; then
    if [ -n "${DISABLED[junction]:-}" ]; then
      printf 'round %d/%d  junction   0.00 Mlps  (skipped: %s)\n' "$round" "$rounds" "${DISABLED[junction]:0:100}"
    else
      junction_turn "$round"
    fi
  fi
done

# The RIB above the FIB: the same tables as EBGP and again as IBGP routes through 8 recursive
# next hops (2 sources per prefix), its heap and load rate. One run: a memory figure, not a race.
if [ "$run_junction" = 1 ] && [ -z "${DISABLED[junction]:-}" ]; then
  # shellcheck disable=SC2086  # JUNCTION_JAVA_OPTS is a list of options
  run "$WORK/rib.log" "$JAVA_HOME_25/bin/java" "${JUNCTION_JVM_FLAGS[@]}" ${JUNCTION_JAVA_OPTS:-} -Xmx"$heap" \
    -cp "$BENCH_JAR:$JUNCTION_HOME/benchmarks/target/lib/*" net.junction.benchmarks.fib.RibFootprint --dir "$IN"
  grep '^rib ' "$WORK/rib.log" || { note "the RIB measurement failed: $RUN_NOTE"; tail -5 "$WORK/rib.log" >&2 || true; }
fi

med() { median <<<"${R[$1]:-}"; }
range() { local v=${R[$1]:-}; [ -n "$v" ] || { echo "-"; return; }; echo "$(tr ' ' '\n' <<<"$v" | grep . | sort -g | head -1)-$(tr ' ' '\n' <<<"$v" | grep . | sort -g | tail -1)"; }
count() { wc -w <<<"${R[$1]:-}"; }
if [ "$run_dpdk" = 1 ]; then
  for fam in v4 v6; do
    printf 'median dpdk %s     %6.2f Mlps  (%s cycles/lookup, %d of %d rounds, range %s Mlps); load %.0f routes/s; max RSS %.0f MB\n' \
      "$fam" "$(med dpdk_${fam}_mlps)" "$(med dpdk_${fam}_cycles)" "$(count dpdk_${fam}_mlps)" "$rounds" \
      "$(range dpdk_${fam}_mlps)" "$(med dpdk_${fam}_load)" "$(med dpdk_${fam}_rss)"
  done
  tsc_src="EAL's rte_get_tsc_hz (its debug log)"; [ -z "${R[tsc]:-}" ] && tsc_src="none"
  echo "TSC: $(awk -v k="$(med tsc)" 'BEGIN { printf "%.3f", k / 1000 }') MHz from $tsc_src; the kernel calibrated ${kernel_tsc_mhz:-?} MHz"
fi
if [ "$run_junction" = 1 ]; then
  printf 'median junction v4 %6.2f Mlps (range %s; bursts of 64: %.2f), v6 %6.2f Mlps (range %s; bursts of 64: %.2f) [%s, %s]\n' \
    "$(med j_v4_mlps)" "$(range j_v4_mlps)" "$(med j_v4_burst)" "$(med j_v6_mlps)" "$(range j_v6_mlps)" "$(med j_v6_burst)" "$JFIB4" "$JFIB6"
  printf 'median junction load %.0f routes/s (v4 %.0f, v6 %.0f); memory v4 %s MiB, v6 %s MiB = %.0f B/route (heap delta after full GC); max RSS %.0f MB\n' \
    "$(med j_load)" "$(med j_v4_load)" "$(med j_v6_load)" "$(med j_v4_mib)" "$(med j_v6_mib)" "$(med j_bpr)" "$(med j_rss)"
fi
if [ "$disturbed" -gt 0 ]; then
  echo "note: $disturbed turn(s) DISTURBED: other processes used more than a quarter of a CPU during them; record figures from a quiet machine (--quiet-wait)"
fi
for k in "${!DISABLED[@]}"; do echo "note: $k: ${DISABLED[$k]} (its figures are 0)"; done

A=$(med j_v4_mlps) B=$(med dpdk_v4_mlps) C=$(med j_v6_mlps) D=$(med dpdk_v6_mlps)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
printf 'fib v4_mlps=%.2f dpdk_v4_mlps=%.2f v4_ratio=%s v6_mlps=%.2f dpdk_v6_mlps=%.2f v6_ratio=%s load_routes_per_s=%.0f bytes_per_route=%.0f\n' \
  "$A" "$B" "$(ratio "$A" "$B")" "$C" "$D" "$(ratio "$C" "$D")" "$(med j_load)" "$(med j_bpr)"
