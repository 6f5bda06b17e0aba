#!/usr/bin/env bash
# ./junction bench fib: longest-prefix-match FIB on a full-size table, Junction's FIB against
# DPDK's rte_fib (DIR24_8 for IPv4, TRIE for IPv6, configured as dpdk-test-fib configures them),
# both measured by one method on the same files and the same kind of memory: a generated table of
# 1M IPv4 prefixes (about 60% /24) and 250k IPv6 prefixes (/48-heavy), and 2^20 lookup addresses
# per family (90% inside a route, 10% random).
#
#   benchmarks/scripts/bench-fib.sh [--rounds N] [--v4-routes N] [--v6-routes N] [--lookups N]
#        [--seed S] [--core C] [--heap SIZE] [--fib4 NAME] [--fib6 NAME] [--only junction,dpdk]
#        [--no-huge] [--warmup-seconds S] [--samples N] [--sample-seconds S] [--m4 MB] [--m6 MB]
#        [--test-fib] [--quiet-wait S] [--timeout S] [--cache DIR] [--keep]
#
#   --rounds N        rounds; each runs the anchor v4, the anchor v6, Junction (default 5)
#   --v4-routes N     IPv4 routes in the table (default 1000000)
#   --v6-routes N     IPv6 routes in the table (default 250000)
#   --lookups N       lookup addresses per family, a multiple of 64 (default 1048576)
#   --seed S          generator seed (default 1); inputs are cached per parameters and seed
#   --core C          the CPU both measuring threads are pinned to (default 1): the anchor's EAL
#                     main lcore (-l C), FibBench's thread (sched_setaffinity)
#   --heap SIZE       Junction's JVM -Xmx (default 8g)
#   --fib4 N          Junction's IPv4 FIB class: dir24 (the data plane's, default), dxr (Ip4Dxr; dxr16..dxr20 pick k) or reference
#   --fib6 N          Junction's IPv6 FIB class: mtrie (the data plane's, default) or reference
#   --only LIST       run only these contenders (comma-separated: junction, dpdk)
#   --no-huge         both sides on 4 KiB pages: DPDK --no-huge; Junction without transparent
#                     huge pages (-Djunction.lpm.hugePages=false -XX:-UseTransparentHugePages).
#                     Default: both on 2 MiB pages (reserved here for DPDK and given back at exit;
#                     Junction's tbl24 and heap on transparent huge pages)
#   --warmup-seconds S, --samples N, --sample-seconds S
#                     the lookup method of both sides (default 2, 7, 0.25): warm-up, then N
#                     samples of k passes lasting >= S s each, median
#   --m4 MB, --m6 MB  the anchor's EAL memory (-m) per family instead of the computed size
#   --test-fib        also run dpdk-test-fib once per family after the rounds (same pages), as a
#                     cross-check of the anchor's cold pass; never in a ratio
#   --quiet-wait S    before each turn, wait up to S s for the machine to be < 10% busy
#   --timeout S       bound of each process (default 900); a load gets a third of it
#   --cache DIR       where generated inputs are kept (default /var/tmp/junction-bench-fib)
#   --keep            keep the temp folder (logs, the anchor's build) and print its path
#
# Turns run one at a time: anchor v4, anchor v6, Junction, anchor v4, ... Every process runs in
# its own session under `timeout` and is stopped (TERM, then KILL) at exit, Ctrl-C included; the
# huge pages, the hugetlbfs mount and the DPDK runtime folders the bench made are given back.
# Junction's results are checked against rte_fib's for every address, and a sample against the
# reference tries. Output: per-round figures, the medians, and as the last line exactly
#   fib v4_mlps=A dpdk_v4_mlps=B v4_ratio=A/B v6_mlps=C dpdk_v6_mlps=D v6_ratio=C/D load_routes_per_s=E bytes_per_route=F v4_burst_mlps=G dpdk_v4_burst_mlps=H v4_burst_ratio=G/H v6_burst_mlps=I dpdk_v6_burst_mlps=J v6_burst_ratio=I/J dpdk_load_routes_per_s=K dpdk_bytes_per_route=L pages=P
# (A, C, G, I single and burst lookups, Mlps; E, F, K, L over both families; P 2MiB-hugepages or
# 4KiB-pages). A family that failed on either side in any round (load, lookups, a wrong
# result, a crash, a timeout) prints FAILED for its figures and every figure computed from it,
# and the run exits 1; so does a run whose sides did not get the memory asked for. "-": not run.
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
fib4=dir24 fib6=mtrie only=junction,dpdk quiet_wait=0 bound=900 keep=0 huge=1
warmup_s=2 samples=7 sample_s=0.25 m4_opt="" m6_opt="" test_fib=0
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
    --no-huge)   huge=0; shift ;;
    --warmup-seconds) warmup_s=${2:?}; shift 2 ;;
    --samples)   samples=${2:?}; shift 2 ;;
    --sample-seconds) sample_s=${2:?}; shift 2 ;;
    --m4)        m4_opt=${2:?}; shift 2 ;;
    --m6)        m6_opt=${2:?}; shift 2 ;;
    --test-fib)  test_fib=1; shift ;;
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
  || fail "--lookups must be a multiple of 64 (bursts of 64), at most 2^26"
[[ $seed =~ ^[0-9]+$ ]] || fail "--seed must be a non-negative integer"
[[ $heap =~ ^[0-9]+[mMgG]$ ]] || fail "--heap must look like 8g or 4096m"
[[ $quiet_wait =~ ^[0-9]+$ ]] || fail "--quiet-wait must be a whole number of seconds"
[[ $bound =~ ^[1-9][0-9]*$ ]] || fail "--timeout must be a positive number of seconds"
[[ $warmup_s =~ ^[0-9]+(\.[0-9]+)?$ ]] || fail "--warmup-seconds must be a number of seconds"
[[ $sample_s =~ ^[0-9]*\.?[0-9]+$ ]] && awk -v s="$sample_s" 'BEGIN { exit !(s > 0) }' || fail "--sample-seconds must be > 0"
[[ $samples =~ ^[1-9][0-9]*$ ]] && [ "$samples" -le 64 ] || fail "--samples must be 1..64"
for m in "$m4_opt" "$m6_opt"; do [ -z "$m" ] || [[ $m =~ ^[1-9][0-9]*$ ]] || fail "--m4/--m6 must be a number of MB"; done
ncpu=$(nproc --all)
[[ $core =~ ^[0-9]+$ ]] && [ "$core" -lt "$ncpu" ] || fail "--core must be a CPU 0..$((ncpu - 1))"
run_dpdk=0 run_junction=0
[[ ,$only, == *,dpdk,* ]] && run_dpdk=1
[[ ,$only, == *,junction,* ]] && run_junction=1
[ $((run_dpdk + run_junction)) -gt 0 ] || fail "--only names neither junction nor dpdk"
[ "$run_dpdk" = 1 ] || test_fib=0
PAGES=$(page_kind "$huge")

for t in "$PY" timeout setsid flock awk sha1sum; do
  command -v "$t" >/dev/null || fail "'$t' not found"
done
if [ "$run_dpdk" = 1 ]; then
  for t in pkg-config gcc; do command -v "$t" >/dev/null || fail "'$t' not found (./junction setup installs it)"; done
  pkg-config --exists libdpdk || fail "libdpdk not found by pkg-config (Debian package dpdk-dev)"
  [ "$test_fib" = 0 ] || command -v dpdk-test-fib >/dev/null || fail "dpdk-test-fib not found (Debian package dpdk)"
fi
thp_mode=$(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true)
if [ "$run_junction" = 1 ] && [ "$huge" = 1 ] && [ "$thp_mode" = never ]; then
  fail "transparent huge pages are off (never): Junction cannot have huge pages; pass --no-huge for 4 KiB pages on both sides"
fi
if [ "$huge" = 0 ] && [ "$thp_mode" = always ]; then
  note "warning: THP is 'always': the kernel may back anonymous memory of both sides with huge pages despite --no-huge (the pages lines below say what each side got)"
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
if [ "$huge" = 1 ]; then
  JPAGES=(-XX:+UseTransparentHugePages)                    # tbl24 asks for THP itself (madvise)
else
  JPAGES=(-XX:-UseTransparentHugePages -Djunction.lpm.hugePages=false)
fi

# One bench at a time: two would share the CPUs and the file prefixes.
exec 9>/tmp/jn-bench-fib.lock
flock -n 9 || fail "another bench fib is running (lock /tmp/jn-bench-fib.lock)"

# ---------------------------------------------------------------- processes and cleanup
WORK=$(mktemp -d /tmp/jn-bench-fib.XXXXXX)
CUR_PID=""          # the contender running now (session leader: kill -- -PID reaches all of it)
PREFIXES=(jn-bfib-anchor4 jn-bfib-anchor6 jn-bfib-testfib4 jn-bfib-testfib6)
RUNDIR_EXISTED=0; [ -d /var/run/dpdk ] && RUNDIR_EXISTED=1

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
  for p in "${PREFIXES[@]}"; do
    rm -rf "/var/run/dpdk/$p" "${XDG_RUNTIME_DIR:-/tmp}/dpdk/$p" 2>/dev/null || true
    rm -f "$HP_MOUNT/${p}map_"* 2>/dev/null || true
  done
  [ "$RUNDIR_EXISTED" = 1 ] || rmdir /var/run/dpdk 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_current
  clean_prefixes
  hugepages_release "${PREFIXES[@]}"
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
    read -r RUN_RSS_KB u s < <(tail -1 "$log.time" | grep -E '^[0-9]+ [0-9.]+ [0-9.]+$' || echo "0 0 0") || true
    RUN_CPU=$(awk -v u="${u:-0}" -v s="${s:-0}" 'BEGIN { printf "%.1f", u + s }')
  fi
  RUN_OTHERS=$(awk -v b="$((b1 - b0))" -v hz="$hz" -v c="$RUN_CPU" -v w="$RUN_WALL" \
    'BEGIN { o = b / hz - c; if (o < 0) o = 0; printf "%.2f", (w > 0) ? o / w : 0 }')
  case "$RUN_RC" in
    124|137) RUN_NOTE="killed after the ${bound} s bound" ;;
    134|139) RUN_NOTE="crashed (exit status $RUN_RC)" ;;
    *) RUN_NOTE="exit status $RUN_RC" ;;
  esac
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

# rte_fib sizing, as dpdk-test-fib needs it (docs/benchmarks.md): tbl8 groups (-g) and EAL memory (-m, MB).
#  DIR24_8 reserves one tbl8 per /24 holding longer prefixes; TRIE at most (ceil8(len)-24)/8
#  per route longer than /24 (the generator counts both). Memory: 64 MiB tbl24, (g+1) KiB of
#  tbl8 (4-byte entries), the RIB's node pool (max_routes = 2 x routes, 2 nodes per route, 128 B
#  per pooled node), the route and lookup arrays, 256 MB for EAL; 20% on top.
max_g=2097151                                   # test-fib caps -g at 2^21-1 for 4-byte entries
g4=$(( $(meta v4_tbl8_needed) * 5 / 4 + 64 )); [ "$g4" -gt "$max_g" ] && g4=$max_g
g6=$(( $(meta v6_tbl8_bound) + 64 ));          [ "$g6" -gt "$max_g" ] && g6=$max_g
m4=$(awk -v n="$v4_routes" -v g="$g4" -v l="$lookups" 'BEGIN { printf "%d", 1.2 * (256 + 64 + (g + 1) / 1024 + (n * 4 * 128 + n * 16 + l * 4) / 1048576) }')
m6=$(awk -v n="$v6_routes" -v g="$g6" -v l="$lookups" 'BEGIN { printf "%d", 1.2 * (256 + 64 + (g + 1) / 1024 + (n * 4 * 128 + n * 32 + l * 16) / 1048576) }')
[ -n "$m4_opt" ] && m4=$m4_opt
[ -n "$m6_opt" ] && m6=$m6_opt
avail_mb=$(awk '/^MemAvailable:/ { printf "%d", $2 / 1024 }' /proc/meminfo)
for m in "$m4" "$m6"; do
  [ "$run_dpdk" = 1 ] && [ "$m" -gt "$avail_mb" ] && fail "the anchor would need -m $m MB; only $avail_mb MB available"
done

# ---------------------------------------------------------------- the anchor: built here, against the installed DPDK
ANCHOR=""
if [ "$run_dpdk" = 1 ]; then
  ANCHOR="$WORK/fib-anchor"
  # shellcheck disable=SC2046  # pkg-config prints a list of flags
  gcc -O3 -Wall -o "$ANCHOR" "$FIB_DIR/fib-anchor.c" $(pkg-config --cflags libdpdk) $(pkg-config --libs libdpdk) -lm \
    >"$WORK/anchor-build.log" 2>&1 || { cat "$WORK/anchor-build.log" >&2; fail "building fib-anchor.c failed"; }
fi

# ---------------------------------------------------------------- memory: the same kind on both sides
EAL_MEM=()
if [ "$huge" = 1 ]; then
  if [ "$run_dpdk" = 1 ]; then
    # the anchor's families run one after the other: the larger -m at once, and a little for EAL
    need_mb=$(( (m4 > m6 ? m4 : m6) + 64 ))
    hugepages_reserve "$need_mb" || fail "cannot have $need_mb MB of huge pages for the anchor"
  fi
  EAL_MEM=(--huge-dir "$HP_MOUNT")
else
  EAL_MEM=(--no-huge)
fi

# ---------------------------------------------------------------- contenders
declare -A R=()            # key -> space-separated values over the rounds
add() { R[$1]="${R[$1]:-} $2"; }
declare -A FAILED=()       # family key (dpdk_v4, dpdk_v6, j_v4, j_v6, testfib_v4, ...) -> why
unequal=()                 # memory the sides did not get as asked
disturbed=0
mark_failed() { [ -n "${FAILED[$1]:-}" ] || FAILED[$1]=$2; }
kvof() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
others_flag() {
  if awk -v o="$RUN_OTHERS" 'BEGIN { exit !(o > 0.25) }'; then disturbed=$((disturbed + 1)); echo "  DISTURBED"; fi
}

# anchor_turn FAMILY ROUND: one fib-anchor run; prints its line, records the figures.
anchor_turn() {
  local fam=$1 round=$2 log="$WORK/anchor-$1-r$2.log" line args m g cause
  if [ "$fam" = v4 ]; then m=$m4; g=$g4; args=(-4 -f "$IN/routes4.txt" -t "$IN/lookup4.txt")
  else m=$m6; g=$g6; args=(-6 -f "$IN/routes6.txt" -t "$IN/lookup6.txt"); fi
  quiet "anchor $fam"
  run "$log" "$ANCHOR" "${EAL_MEM[@]}" -m "$m" --no-pci --no-telemetry -l "$core" --file-prefix="jn-bfib-anchor${fam#v}" \
    -- "${args[@]}" -g "$g" -o "$WORK/nexthops-$fam.bin.tmp" -w "$warmup_s" -s "$samples" -p "$sample_s" -T $((bound / 3))
  clean_prefixes
  line=$(grep '^anchor result ' "$log" | tail -1 || true)
  if [ "$RUN_RC" != 0 ] || [ "$(kvof status "$line")" != ok ]; then
    cause=$(kvof reason "$line" | tr '_' ' ')
    [ -n "$cause" ] || cause=$(grep -m1 -e 'Cause:' -e 'Cannot' -e 'PANIC' -e 'FAILED' "$log" | sed 's/^ *//' || true)
    printf 'round %d/%d  dpdk %s     FAILED  (%s; %s)\n' "$round" "$rounds" "$fam" "${cause:-no result line}" "$RUN_NOTE"
    echo "--- last lines of $log:" >&2; tail -8 "$log" >&2 || true
    mark_failed "dpdk_$fam" "round $round: ${cause:-no result line} ($RUN_NOTE)"
    rm -f "$WORK/nexthops-$fam.bin.tmp"
    return 0
  fi
  mv "$WORK/nexthops-$fam.bin.tmp" "$WORK/nexthops-$fam.bin"
  [ "$round" = 1 ] && { grep -e "^$fam " "$log" | sed 's/^/    /' || true; }
  local mlps burst routes load_s bytes hugetlb anon flag
  mlps=$(kvof mlps "$line") burst=$(kvof burst_mlps "$line") routes=$(kvof routes "$line") load_s=$(kvof load_s "$line")
  bytes=$(kvof bytes "$line") hugetlb=$(kvof hugetlb_kb "$line") anon=$(kvof anon_huge_kb "$line")
  add "dpdk_${fam}_mlps" "$mlps"; add "dpdk_${fam}_burst" "$burst"; add "dpdk_${fam}_cold" "$(kvof cold_mlps "$line")"
  add "dpdk_${fam}_load_s" "$load_s"; add "dpdk_${fam}_bytes" "$bytes"; add "dpdk_${fam}_rss" "$((RUN_RSS_KB / 1024))"
  add "dpdk_${fam}_load" "$(awk -v n="$routes" -v s="$load_s" 'BEGIN { printf "%d", (s > 0) ? n / s : 0 }')"
  DPDK_ROUTES[$fam]=$routes
  # the memory asked for: hugetlbfs pages with huge pages, none (and no THP) without
  if [ "$huge" = 1 ] && [ "${hugetlb:-0}" -le 0 ]; then unequal+=("round $round: the anchor $fam has no hugetlbfs memory"); fi
  if [ "$huge" = 0 ] && { [ "${hugetlb:-0}" -gt 0 ] || [ "${anon:-0}" -gt 0 ]; }; then
    unequal+=("round $round: the anchor $fam has huge pages under --no-huge (hugetlb $hugetlb kB, THP $anon kB)")
  fi
  flag=$(others_flag)
  printf 'round %d/%d  dpdk %s %-8s %7.2f Mlps (bursts of 64: %s); load %s routes/s; %.0f B/route; cold pass %s Mlps; hugetlb %s kB; max RSS %d MB; %s s; others used %s CPU%s\n' \
    "$round" "$rounds" "$fam" "$(kvof algo "$line")" "$mlps" "$burst" "$(awk -v n="$routes" -v s="$load_s" 'BEGIN { printf "%d", n / s }')" \
    "$(awk -v b="$bytes" -v n="$routes" 'BEGIN { printf "%.0f", b / n }')" "$(kvof cold_mlps "$line")" "$hugetlb" \
    "$((RUN_RSS_KB / 1024))" "$RUN_WALL" "$RUN_OTHERS" "$flag"
}
declare -A DPDK_ROUTES=()

junction_turn() {
  local round=$1 log="$WORK/junction-r$1.log" line expected=() fams=() fam
  for fam in v4 v6; do [ -z "${FAILED[j_$fam]:-}" ] && fams+=("$fam"); done
  [ "$run_dpdk" = 1 ] && [ -s "$WORK/nexthops-v4.bin" ] && expected+=(--expected4 "$WORK/nexthops-v4.bin")
  [ "$run_dpdk" = 1 ] && [ -s "$WORK/nexthops-v6.bin" ] && expected+=(--expected6 "$WORK/nexthops-v6.bin")
  quiet junction
  # shellcheck disable=SC2086  # JUNCTION_JAVA_OPTS is a list of options, as in lib.sh's run_java
  run "$log" "$JAVA_HOME_25/bin/java" "${JUNCTION_JVM_FLAGS[@]}" ${JUNCTION_JAVA_OPTS:-} -Xmx"$heap" "${JPAGES[@]}" \
    -cp "$BENCH_JAR:$JUNCTION_HOME/benchmarks/target/lib/*" net.junction.benchmarks.fib.FibBench \
    --dir "$IN" --fib4 "$fib4" --fib6 "$fib6" --only "$(IFS=,; echo "${fams[*]}")" --core "$core" "${expected[@]}" \
    --warmup-seconds "$warmup_s" --samples "$samples" --sample-seconds "$sample_s" --load-timeout $((bound / 3))
  line=$(grep '^fibbench result ' "$log" | tail -1 || true)
  grep -e 'MISMATCH' -e 'FAILED' -e ' differ' "$log" | sed 's/^/    /' || true
  if [ -z "$line" ]; then
    printf 'round %d/%d  junction     FAILED  (no result line: %s)\n' "$round" "$rounds" "$RUN_NOTE"
    echo "--- last lines of $log:" >&2; tail -12 "$log" >&2 || true
    for fam in "${fams[@]}"; do mark_failed "j_$fam" "round $round: the JVM gave no result ($RUN_NOTE)"; done
    return 0
  fi
  [ "$round" = 1 ] && { grep -e '^v[46] ' -e '^pages' -e '^fibbench: java' "$log" | grep -v -e MISMATCH -e ' differ' -e FAILED \
    | sed 's/^/    /' || true; }
  JFIB4=$(kvof fib4 "$line"); JFIB6=$(kvof fib6 "$line")
  for fam in "${fams[@]}"; do
    if [ "$(kvof "${fam}_status" "$line")" != ok ]; then
      mark_failed "j_$fam" "round $round: $(kvof failed "$line" | tr '_' ' ')"
    fi
  done
  if [ "$RUN_RC" != 0 ] && [ -z "${FAILED[j_v4]:-}${FAILED[j_v6]:-}" ]; then
    for fam in "${fams[@]}"; do mark_failed "j_$fam" "round $round: FibBench $RUN_NOTE"; done
  fi
  local v4 v6 b4 b6 lps bpr flag thp tbl24 anon
  v4=$(kvof v4_mlps "$line") v6=$(kvof v6_mlps "$line") b4=$(kvof v4_burst_mlps "$line") b6=$(kvof v6_burst_mlps "$line")
  lps=$(kvof load_routes_per_s "$line") bpr=$(kvof bytes_per_route "$line")
  thp=$(kvof tbl24_thp_kb "$line") tbl24=$(kvof tbl24_kb "$line") anon=$(kvof anon_huge_kb "$line")
  add j_v4_mlps "$v4"; add j_v6_mlps "$v6"; add j_v4_burst "$b4"; add j_v6_burst "$b6"; add j_load "$lps"; add j_bpr "$bpr"
  add j_v4_load "$(awk -v n="$(kvof v4_routes "$line")" -v s="$(kvof v4_load_s "$line")" 'BEGIN { printf "%d", (s > 0) ? n / s : 0 }')"
  add j_v6_load "$(awk -v n="$(kvof v6_routes "$line")" -v s="$(kvof v6_load_s "$line")" 'BEGIN { printf "%d", (s > 0) ? n / s : 0 }')"
  add j_v4_mib "$(awk -v b="$(kvof v4_bytes "$line")" 'BEGIN { printf "%.1f", b / 1048576 }')"
  add j_v6_mib "$(awk -v b="$(kvof v6_bytes "$line")" 'BEGIN { printf "%.1f", b / 1048576 }')"
  add j_rss "$((RUN_RSS_KB / 1024))"; add j_thp "$anon"
  if [[ " ${fams[*]} " == *" v4 "* ]] && [ "$fib4" = dir24 ] && [ "${tbl24:--1}" -ge 0 ]; then
    if [ "$huge" = 1 ] && [ "${thp:-0}" -lt 65536 ]; then unequal+=("round $round: Junction's tbl24 has ${thp} kB of 65536 on transparent huge pages"); fi
    if [ "$huge" = 0 ] && [ "${thp:-0}" -gt 0 ]; then unequal+=("round $round: Junction's tbl24 has ${thp} kB on transparent huge pages under --no-huge"); fi
  fi
  if [ "$huge" = 0 ] && [ "${anon:-0}" -gt 0 ]; then unequal+=("round $round: Junction has ${anon} kB on transparent huge pages under --no-huge"); fi
  flag=$(others_flag)
  printf 'round %d/%d  junction  v4 %s Mlps (bursts of 64: %s), v6 %s Mlps (bursts of 64: %s); load %s routes/s; %s B/route; tbl24 THP %s kB, process THP %s kB; checked %s+%s vs rte_fib, %s+%s vs reference; max RSS %d MB; %s s; others used %s CPU%s\n' \
    "$round" "$rounds" "$(shown j_v4 "$v4")" "$(shown j_v4 "$b4")" "$(shown j_v6 "$v6")" "$(shown j_v6 "$b6")" \
    "$lps" "$bpr" "$thp" "$anon" "$(kvof v4_checked "$line")" "$(kvof v6_checked "$line")" \
    "$(kvof v4_ref_sample "$line")" "$(kvof v6_ref_sample "$line")" "$((RUN_RSS_KB / 1024))" "$RUN_WALL" "$RUN_OTHERS" "$flag"
}
shown() { if [ -n "${FAILED[$1]:-}" ]; then echo FAILED; else echo "$2"; fi; }

# testfib_turn FAMILY: dpdk-test-fib once (a cross-check of the anchor's cold pass; one fenced
# cold pass with bulk lookups, as test-fib measures). Never used in a ratio.
testfib_turn() {
  local fam=$1 log="$WORK/testfib-$1.log" args cyc tsc_khz mlps
  if [ "$fam" = v4 ]; then args=(-m "$m4" --file-prefix=jn-bfib-testfib4 -- -f "$IN/routes4.txt" -t "$IN/lookup4.txt" -b dir -g "$g4")
  else args=(-m "$m6" --file-prefix=jn-bfib-testfib6 -- -6 -f "$IN/routes6.txt" -t "$IN/lookup6.txt" -b trie -g "$g6"); fi
  run "$log" dpdk-test-fib "${EAL_MEM[@]}" --no-pci --no-telemetry -l "$core" --log-level=lib.eal:debug "${args[@]}"
  clean_prefixes
  cyc=$(sed -n 's/^AVG FIB lookup \([0-9.]*\)$/\1/p' "$log" | tail -1)
  tsc_khz=$(sed -n 's/.*TSC frequency is ~\([0-9]*\) KHz.*/\1/p' "$log" | tail -1)
  if [ "$RUN_RC" != 0 ] || [ -z "$cyc" ] || [ -z "$tsc_khz" ]; then
    echo "cross-check dpdk-test-fib $fam: FAILED ($RUN_NOTE; see $log with --keep)"
    mark_failed "testfib_$fam" "$RUN_NOTE"
    return 0
  fi
  mlps=$(awk -v c="$cyc" -v k="$tsc_khz" 'BEGIN { printf "%.2f", k * 1000 / c / 1e6 }')
  printf 'cross-check dpdk-test-fib %s: %s Mlps (%s cycles/lookup, one cold fenced pass); the anchor'"'"'s cold pass: median %s Mlps (not in any ratio)\n' \
    "$fam" "$mlps" "$cyc" "$(median <<<"${R[dpdk_${fam}_cold]:-}")"
}

# ---------------------------------------------------------------- rounds
busy=$(cpu_busy_pct); busy=${busy:-0}
[ "$busy" -gt 10 ] && note "warning: the machine is ${busy}% busy before the rounds (all CPUs): other work skews the figures"
echo "bench fib: $(meta v4_routes) IPv4 routes ($(meta v4_more_specifics) more-specifics), $(meta v6_routes) IPv6 routes ($(meta v6_more_specifics) more-specifics), $lookups lookups per family, seed $seed; $rounds rounds; machine ${busy}% busy before the rounds"
echo "inputs: $IN"
if [ "$huge" = 1 ]; then
  echo "pages: $PAGES on both sides: the anchor's EAL memory on hugetlbfs ($HP_MOUNT); Junction's tbl24 (madvise) and heap (-XX:+UseTransparentHugePages) on transparent huge pages (THP mode: ${thp_mode:-?})"
else
  echo "pages: $PAGES on both sides: the anchor with --no-huge; Junction with -Djunction.lpm.hugePages=false -XX:-UseTransparentHugePages (THP mode: ${thp_mode:-?})"
fi
echo "method (both sides): measuring thread pinned to CPU $core; load timed over all routes in file order; lookups: warm-up >= ${warmup_s} s, $samples samples of k passes >= ${sample_s} s, median; single lookups and bursts of 64; every result summed into a sink"
[ "$run_dpdk" = 1 ] && echo "dpdk: fib-anchor (rte_fib DIR24_8 -g $g4, rte_fib6 TRIE -g $g6, 4-byte next hops, as dpdk-test-fib), EAL -m $m4 (v4) / $m6 (v6) -l $core; single lookups are rte_fib_lookup_bulk with n=1"
[ "$run_junction" = 1 ] && echo "junction: $JAVA_HOME_25/bin/java -Xmx$heap ${JPAGES[*]}, FibBench --fib4 $fib4 --fib6 $fib6"
JFIB4=$fib4 JFIB6=$fib6
for ((round = 1; round <= rounds; round++)); do
  if [ "$run_dpdk" = 1 ]; then
    for fam in v4 v6; do
      if [ -n "${FAILED[dpdk_$fam]:-}" ]; then
        printf 'round %d/%d  dpdk %s     FAILED  (skipped: failed in an earlier round)\n' "$round" "$rounds" "$fam"
      else
        anchor_turn "$fam" "$round"
      fi
    done
  fi
  if [ "$run_junction" = 1 ]; then
    if [ -n "${FAILED[j_v4]:-}" ] && [ -n "${FAILED[j_v6]:-}" ]; then
      printf 'round %d/%d  junction     FAILED  (skipped: failed in an earlier round)\n' "$round" "$rounds"
    else
      junction_turn "$round"
    fi
  fi
done
if [ "$test_fib" = 1 ]; then for fam in v4 v6; do testfib_turn "$fam"; done; fi

# The RIB above the FIB: the same tables as EBGP and again as IBGP routes through 8 recursive
# next hops (2 sources per prefix), its heap and load rate. One run: a memory figure, not a race.
if [ "$run_junction" = 1 ] && [ -z "${FAILED[j_v4]:-}${FAILED[j_v6]:-}" ]; then
  # shellcheck disable=SC2086  # JUNCTION_JAVA_OPTS is a list of options
  run "$WORK/rib.log" "$JAVA_HOME_25/bin/java" "${JUNCTION_JVM_FLAGS[@]}" ${JUNCTION_JAVA_OPTS:-} -Xmx"$heap" "${JPAGES[@]}" \
    -cp "$BENCH_JAR:$JUNCTION_HOME/benchmarks/target/lib/*" net.junction.benchmarks.fib.RibFootprint --dir "$IN"
  grep '^rib ' "$WORK/rib.log" || { note "the RIB measurement failed: $RUN_NOTE"; tail -5 "$WORK/rib.log" >&2 || true; }
fi

# ---------------------------------------------------------------- medians and the last line
med() { median <<<"${R[$1]:-}"; }
range() { local v=${R[$1]:-}; [ -n "$v" ] || { echo "-"; return; }; echo "$(tr ' ' '\n' <<<"$v" | grep . | sort -g | head -1)-$(tr ' ' '\n' <<<"$v" | grep . | sort -g | tail -1)"; }
count() { wc -w <<<"${R[$1]:-}"; }
# fig RUN KEY FAILKEY...: the median of KEY, FAILED if any FAILKEY failed, "-" if not run
fig() {
  local ran=$1 key=$2 fmt=$3 k; shift 3
  [ "$ran" = 1 ] || { echo "-"; return; }
  for k in "$@"; do [ -n "${FAILED[$k]:-}" ] && { echo FAILED; return; }; done
  [ -n "${R[$key]:-}" ] || { echo FAILED; return; }
  # shellcheck disable=SC2059  # the format is the caller's
  printf "$fmt" "$(med "$key")"
}
ratio() { case "$1$2" in *FAILED*) echo FAILED ;; *-*) echo "-" ;; *) awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }' ;; esac; }
# per round, both families of the anchor: routes/s and bytes per route over both
if [ "$run_dpdk" = 1 ] && [ -z "${FAILED[dpdk_v4]:-}${FAILED[dpdk_v6]:-}" ]; then
  read -r -a l4 <<<"${R[dpdk_v4_load_s]:-}"; read -r -a l6 <<<"${R[dpdk_v6_load_s]:-}"
  read -r -a y4 <<<"${R[dpdk_v4_bytes]:-}"; read -r -a y6 <<<"${R[dpdk_v6_bytes]:-}"
  for ((i = 0; i < ${#l4[@]} && i < ${#l6[@]}; i++)); do
    add dpdk_load "$(awk -v a="${DPDK_ROUTES[v4]}" -v b="${DPDK_ROUTES[v6]}" -v s="${l4[$i]}" -v t="${l6[$i]}" 'BEGIN { printf "%d", (a + b) / (s + t) }')"
    add dpdk_bpr "$(awk -v a="${DPDK_ROUTES[v4]}" -v b="${DPDK_ROUTES[v6]}" -v x="${y4[$i]}" -v y="${y6[$i]}" 'BEGIN { printf "%d", (x + y) / (a + b) }')"
  done
fi
if [ "$run_dpdk" = 1 ]; then
  for fam in v4 v6; do
    if [ -n "${FAILED[dpdk_$fam]:-}" ]; then echo "median dpdk $fam FAILED: ${FAILED[dpdk_$fam]}"; continue; fi
    printf 'median dpdk %s     %6.2f Mlps (%d of %d rounds, range %s; bursts of 64: %.2f); load %.0f routes/s; %.1f MiB (DPDK malloc heap); cold pass %.2f Mlps; max RSS %.0f MB\n' \
      "$fam" "$(med dpdk_${fam}_mlps)" "$(count dpdk_${fam}_mlps)" "$rounds" "$(range dpdk_${fam}_mlps)" "$(med dpdk_${fam}_burst)" \
      "$(med dpdk_${fam}_load)" "$(awk -v b="$(med dpdk_${fam}_bytes)" 'BEGIN { printf "%.1f", b / 1048576 }')" \
      "$(med dpdk_${fam}_cold)" "$(med dpdk_${fam}_rss)"
  done
fi
if [ "$run_junction" = 1 ]; then
  for fam in v4 v6; do
    if [ -n "${FAILED[j_$fam]:-}" ]; then echo "median junction $fam FAILED: ${FAILED[j_$fam]}"; continue; fi
    if [ "$fam" = v4 ]; then cls=$JFIB4; else cls=$JFIB6; fi
    printf 'median junction %s %6.2f Mlps (range %s; bursts of 64: %.2f); load %.0f routes/s; %s MiB (heap+direct delta after full GC + mapped) [%s]\n' \
      "$fam" "$(med j_${fam}_mlps)" "$(range j_${fam}_mlps)" "$(med j_${fam}_burst)" "$(med j_${fam}_load)" "$(med j_${fam}_mib)" "$cls"
  done
  printf 'median junction max RSS %.0f MB; process THP %s kB\n' "$(med j_rss)" "$(med j_thp)"
fi
if [ "$disturbed" -gt 0 ]; then
  echo "note: $disturbed turn(s) DISTURBED: other processes used more than a quarter of a CPU during them; record figures from a quiet machine (--quiet-wait)"
fi
for k in "${!FAILED[@]}"; do echo "FAILED: $k: ${FAILED[$k]}"; done
for u in "${unequal[@]}"; do echo "UNEQUAL MEMORY: $u"; done

A=$(fig "$run_junction" j_v4_mlps %.2f j_v4)        B=$(fig "$run_dpdk" dpdk_v4_mlps %.2f dpdk_v4)
C=$(fig "$run_junction" j_v6_mlps %.2f j_v6)        D=$(fig "$run_dpdk" dpdk_v6_mlps %.2f dpdk_v6)
G=$(fig "$run_junction" j_v4_burst %.2f j_v4)       H=$(fig "$run_dpdk" dpdk_v4_burst %.2f dpdk_v4)
I=$(fig "$run_junction" j_v6_burst %.2f j_v6)       J=$(fig "$run_dpdk" dpdk_v6_burst %.2f dpdk_v6)
E=$(fig "$run_junction" j_load %.0f j_v4 j_v6)      F=$(fig "$run_junction" j_bpr %.0f j_v4 j_v6)
K=$(fig "$run_dpdk" dpdk_load %.0f dpdk_v4 dpdk_v6) L=$(fig "$run_dpdk" dpdk_bpr %.0f dpdk_v4 dpdk_v6)
echo "fib v4_mlps=$A dpdk_v4_mlps=$B v4_ratio=$(ratio "$A" "$B") v6_mlps=$C dpdk_v6_mlps=$D v6_ratio=$(ratio "$C" "$D") load_routes_per_s=$E bytes_per_route=$F v4_burst_mlps=$G dpdk_v4_burst_mlps=$H v4_burst_ratio=$(ratio "$G" "$H") v6_burst_mlps=$I dpdk_v6_burst_mlps=$J v6_burst_ratio=$(ratio "$I" "$J") dpdk_load_routes_per_s=$K dpdk_bytes_per_route=$L pages=$PAGES"
[ "${#FAILED[@]}" -eq 0 ] && [ "${#unequal[@]}" -eq 0 ] || exit 1
exit 0
