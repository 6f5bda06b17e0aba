#!/usr/bin/env bash
# ./junction bench bgp: how fast a BGP speaker takes in a full table from one eBGP peer (or from N
# peers, --peers N: the same prefixes from each, a different path per peer, as at an exchange). Each
# receiver (BIRD 2, FRR's bgpd, GoBGP, Junction) runs in its own namespace, joined by a veth to
# the injector's namespace; the same injector (benchmarks: net.junction.benchmarks.bgp.BgpInjector,
# Junction's wire codec) streams the same pre-encoded table to each: bench fib's generated 1M IPv4
# + 250k IPv6 prefixes with real AS paths and communities drawn from the RIPE RIS MRT dumps.
#
#   benchmarks/scripts/bench-bgp.sh [--rounds N] [--only LIST] [--peers N] [--v4-routes N] [--v6-routes N]
#        [--prefixes-per-path N] [--poll S] [--timeout S] [--seed S] [--cache DIR] [--keep]
#        [--churn-rate R [--churn-seconds S]]
#
#   --rounds N        rounds; each runs every receiver once, in turn (default 3)
#   --only LIST       receivers to run, comma-separated: bird, frr, gobgp, junction (default all)
#   --peers N         eBGP peers, each sending the whole table (default 1; 1..200). Peer i speaks from
#                     198.18.255.(10+i) with AS 4200000100+i-1, its own next hops, and its AS prepended
#                     0-2 more times per path (a hash of path and peer), so every peer's route is a real
#                     candidate and the best is a different peer's from prefix to prefix
#   --v4-routes N     IPv4 prefixes in the table, per peer (default 1000000)
#   --v6-routes N     IPv6 prefixes in the table, per peer (default 250000; 0 for none)
#   --prefixes-per-path N  prefixes per distinct attribute set the injector aims at (default 4;
#                     the RIS dumps alone give about 17k sets; see docs/benchmarks.md)
#   --poll S          seconds between two prefix-count polls of the receiver (default 0.5)
#   --timeout S       bound of one turn, from the receiver's start to its last prefix (default 300;
#                     with --peers N > 1, 300 + 60 x N)
#   --seed S          table seed: bench fib's generator and the path draw (default 1)
#   --cache DIR       generated tables (default /var/tmp/junction-bench-fib, shared with bench fib)
#   --keep            keep the temp folder (configs, logs) and print its path
#   --churn-rate R    Junction's turns only, one peer: after the table, the injector sends R UPDATEs a second for
#                     --churn-seconds S (default 150), each a withdrawal or the announcement again of a table
#                     prefix (BgpInjector --churn-rate); then Junction's own UPDATE-to-FIB latency summary
#                     (junction_update_to_fib_latency_seconds, an HdrHistogram in the data plane: docs/metrics.md),
#                     whose window (the last 1-2 minutes) then holds the churn only: a `round N churn ...` line
#                     (p50, p90, p99, max) per round, and `churn junction_p99_ms=P rate=R seconds=S rounds=N`
#                     (the rounds' median) before the last line
#
# Environment: JUNCTION_BENCH_JOURNAL=off runs Junction without its route journal (`journal:
# {enabled: false}` at the top of its config; default on, as `junction run` has it): run the bench
# once each way to measure what journaling costs a full-table load (docs/journal.md). The first line
# of the output says which. JUNCTION_BENCH_ROUTER_OPTS: JVM options for the router only.
# JUNCTION_BENCH_POLL=busy: Junction's worker busy-spins (`dpdk.poll: busy`) instead of polling
# adaptively (the default), to measure what a spinning worker takes from the control plane.
#
# Measured per turn: seconds from the injector's first UPDATE to the poll that sees the receiver
# holding every prefix (BIRD: birdc show route count; FRR: show bgp summary json, pfxRcd of both
# families; GoBGP: gobgp global rib summary, both families; Junction: prefixes_accepted of both
# families from its control.json AND counters.fib_routes4/6 from its counters file, read by
# junction-bgp-progress.py as `junction status --json` would, without a JVM per poll), so the figure
# is late by at most one poll interval (Junction: or by control.json's age, at most a second); the
# receiver's peak RSS (VmHWM of its process) and CPU seconds. Receivers run one at a time.
# With --peers N > 1 the receiver is done when it holds every peer's routes: BIRD the sum of its
# protocols' "Routes: N imported" (show protocols all), FRR the sum of pfxRcd over the peers, GoBGP
# num_path (every path, not only the best), Junction the sum of prefixes_accepted over its neighbors
# AND the FIB holding every prefix (once; the best path's next hop).
# Output: per-turn lines, medians, and as the last line exactly
#   bgp junction_s=A bird_s=B frr_s=C gobgp_s=D ratio_vs_bird=A/B junction_rss_mb=E bird_rss_mb=F fib_mb=G
# (G: the bytes Junction's FIB tables hold after the load, counters fib_bytes4 + fib_bytes6, in MB;
# they are part of E as long as the FIB lives in the router's one process), or with --peers N > 1, after a line with all four (bgpN-all ... frr_rss_mb=G gobgp_rss_mb=H),
#   bgpN junction_s=A bird_s=B ratio_vs_bird=A/B junction_rss_mb=E bird_rss_mb=F
# A receiver that fails (or Junction refusing the config) reports 0 with a note; ratio_vs_bird is 0 when either side is 0. Details:
# docs/benchmarks.md.
set -euo pipefail

JUNCTION_HOME=${JUNCTION_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
export JUNCTION_HOME
# shellcheck source=../../scripts/lib.sh
source "$JUNCTION_HOME/scripts/lib.sh"      # find_java, JUNCTION_JVM_FLAGS
# shellcheck source=bench-lib.sh
source "$JUNCTION_HOME/benchmarks/scripts/bench-lib.sh"   # median, cpu_busy_pct, huge pages, shared_data
# shellcheck source=../../scripts/netns.sh
source "$JUNCTION_HOME/scripts/netns.sh"    # namespaces, veth, cleanup registry
# shellcheck source=bench-receivers.sh
source "$JUNCTION_HOME/benchmarks/scripts/bench-receivers.sh"   # the receivers, the injector, the table
PY=/usr/bin/python3

note() { echo "bench-bgp: $*" >&2; }
fail() { note "$*"; exit 1; }

rounds=3 only=bird,frr,gobgp,junction v4_routes=1000000 v6_routes=250000 poll=0.5 bound="" seed=1 keep=0 ppp=4 PEERS=1
churn_rate=0 churn_seconds=150 JN_METRICS_PORT=9190
cache=${JUNCTION_BENCH_CACHE:-/var/tmp/junction-bench-fib}
MRT_DIR=${JUNCTION_MRT_DIR:-$(shared_data mrt)}
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds)    rounds=${2:?}; shift 2 ;;
    --only)      only=${2:?}; shift 2 ;;
    --peers)     PEERS=${2:?}; shift 2 ;;
    --v4-routes) v4_routes=${2:?}; shift 2 ;;
    --v6-routes) v6_routes=${2:?}; shift 2 ;;
    --poll)      poll=${2:?}; shift 2 ;;
    --prefixes-per-path) ppp=${2:?}; shift 2 ;;
    --timeout)   bound=${2:?}; shift 2 ;;
    --seed)      seed=${2:?}; shift 2 ;;
    --cache)     cache=${2:?}; shift 2 ;;
    --keep)      keep=1; shift ;;
    --churn-rate) churn_rate=${2:?}; shift 2 ;;
    --churn-seconds) churn_seconds=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option '$1' (try --help)" ;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || fail "--rounds must be a positive integer"
[[ $PEERS =~ ^[1-9][0-9]*$ ]] && [ "$PEERS" -le 200 ] || fail "--peers must be 1..200"
[ -n "$bound" ] || bound=$(( PEERS == 1 ? 300 : 300 + 60 * PEERS ))
[[ $v4_routes =~ ^[0-9]+$ ]] && [ "$v4_routes" -ge 1000 ] && [ "$v4_routes" -le 2000000 ] || fail "--v4-routes must be 1000..2000000"
[[ $v6_routes =~ ^[0-9]+$ ]] && [ "$v6_routes" -le 1000000 ] || fail "--v6-routes must be 0..1000000"
[[ $poll =~ ^[0-9]*\.?[0-9]+$ ]] || fail "--poll must be a number of seconds"
[[ $ppp =~ ^[0-9]*\.?[0-9]+$ ]] || fail "--prefixes-per-path must be a positive number"
[[ $bound =~ ^[1-9][0-9]*$ ]] || fail "--timeout must be a positive number of seconds"
[[ $seed =~ ^[0-9]+$ ]] || fail "--seed must be a non-negative integer"
bench_journal_check || fail "JUNCTION_BENCH_JOURNAL: on (the default) or off"
[[ $churn_rate =~ ^[0-9]+$ ]] && [ "$churn_rate" -le 100000 ] || fail "--churn-rate must be 0..100000 UPDATEs a second"
[[ $churn_seconds =~ ^[1-9][0-9]*$ ]] && [ "$churn_seconds" -le 3600 ] || fail "--churn-seconds must be 1..3600"
[ "$churn_rate" = 0 ] || [ "$PEERS" = 1 ] || fail "--churn-rate needs one peer"
CHURN_P99=()
RECEIVERS=()
for r in bird frr gobgp junction; do [[ ,$only, == *,$r,* ]] && RECEIVERS+=("$r"); done
for r in ${only//,/ }; do [[ " bird frr gobgp junction " == *" $r "* ]] || fail "--only: unknown receiver '$r'"; done
[ ${#RECEIVERS[@]} -gt 0 ] || fail "--only names no receiver"
TOTAL=$(( v4_routes + v6_routes ))
(( PEERS * TOTAL <= 30000000 )) || fail "--peers x (--v4-routes + --v6-routes) must be at most 30M routes"

jn_require_root || exit 1
for t in "$PY" timeout flock awk sha1sum ip ss; do command -v "$t" >/dev/null || fail "'$t' not found"; done
declare -A BIN=([bird]=/usr/sbin/bird [frr]=/usr/lib/frr/bgpd [gobgp]=/usr/bin/gobgpd)
declare -A DISABLED=()
for r in bird frr gobgp; do
  [ -x "${BIN[$r]}" ] || DISABLED[$r]="${BIN[$r]} is missing (./junction setup installs bird2, frr, gobgpd)"
done
JAVA_HOME_25=$(find_java)
bench_jar_find || fail "the benchmarks module is not built with the injector: run ./junction build (or ./junction bench bgp)"
[ -d "$MRT_DIR" ] || fail "the RIPE RIS MRT dumps are missing ($MRT_DIR: ../shared/data/mrt beside the checkout; set JUNCTION_SHARED_DATA or JUNCTION_MRT_DIR): the injector draws its AS paths from them"

exec 9>/tmp/jn-bench-bgp.lock
flock -n 9 || fail "another bench bgp is running (lock /tmp/jn-bench-bgp.lock)"

# ---------------------------------------------------------------- inputs (bench fib's tables, cached)
bench_table_inputs

# ---------------------------------------------------------------- topology, processes, cleanup
PREFIX=jn-bench-bgp-
NS_I=${PREFIX}inj NS_R=${PREFIX}rcv
INJ_V4=198.18.255.1 RCV_V4=198.18.255.2 INJ_V6=2001:db8:ff::1 RCV_V6=2001:db8:ff::2
INJ_AS=4200000100 RCV_AS=4200000200
JN_NAME=jbench-bgp JN_NEIGHBOR=injector JN_RUN=/run/junction/jbench-bgp
WORK=$(mktemp -d /tmp/jn-bench-bgp.XXXXXX)
jn_cleanup_trap
jn_cleanup_push jn_ns_del_matching "$PREFIX"       # kills whatever still runs in them
if [ "$keep" = 1 ]; then jn_cleanup_push note "kept $WORK"; else jn_cleanup_push rm -rf -- "$WORK"; fi
jn_ns_del_matching "$PREFIX"                        # left by a killed run
peers_init                                          # PEER_V4, PEER_AS, ..., EXPECT_PATHS


# turn R ROUND: one receiver, one table; sets TURN_S, TURN_RSS, TURN_CPU (0 on failure) and, for
# Junction, TURN_FIB_MB (its FIB's tables at the end of the turn, in its data plane's RSS, not in TURN_RSS).
turn() {
  local r=$1 round=$2 d=$WORK/$1 t_start deadline count=0 t_done="" first last sent_s fib_text=""
  TURN_S=0 TURN_RSS=0 TURN_CPU=0 TURN_FIB_MB=0 JN_ACC_MS="" JN_PROGRESS="" JN_FIB_BYTES=-1
  topology_up "$r"
  INJ_EXTRA=() JN_METRICS=""
  if [ "$churn_rate" != 0 ] && [ "$r" = junction ]; then
    INJ_EXTRA=(--churn-rate "$churn_rate" --churn-seconds "$churn_seconds")
    JN_METRICS="metrics: {listen: 127.0.0.1:$JN_METRICS_PORT}   # --churn-rate: the UPDATE-to-FIB latency"
  fi
  write_receiver_config "$r"
  if ! start_receiver "$r"; then
    if [ "$r" != junction ] || [ -z "$JUNCTION_NOTE" ]; then   # Junction's refusal has its own note
      note "$r did not start (log $d/out.log)"; tail -n 5 "$d/out.log" >&2 2>/dev/null || true
    fi
    topology_down; return 1
  fi
  start_injector
  t_start=$(date +%s)
  deadline=$(( t_start + bound ))
  if ! jn_wait_for_line 120 "$WORK/injector.log" 'established_epoch_ms=' "$INJ_PID"; then
    note "$r: no session with the injector"; tail -n 5 "$WORK/injector.log" >&2
    topology_down; return 1
  fi
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if [ "$r" = junction ]; then jn_poll; count=$JN_COUNT; else count=$(prefix_count "$r" || true); fi
    if [ -n "$count" ] && [ "$count" -ge "$EXPECT_PATHS" ]; then t_done=$(now_ms); break; fi
    if ! jn_alive "$INJ_PID"; then note "$r: the injector ended early"; tail -n 3 "$WORK/injector.log" >&2; break; fi
    if ! kill -0 "$RCV_PID" 2>/dev/null; then note "$r: the receiver died"; break; fi
    sleep "$poll"
  done
  TURN_RSS=$(hwm_mb "$RCV_PID"); TURN_CPU=$(cpu_s "$RCV_PID")
  if [ "$r" = junction ]; then
    # Junction's RSS and CPU are its control plane's (BGP, RIB, the JVM), as issue 17 compares them; its data
    # plane (DPDK, the FIB, a worker that polls) is another process, said apart.
    [ "${JN_FIB_BYTES:--1}" -ge 0 ] && TURN_FIB_MB=$(( JN_FIB_BYTES / 1000000 ))
    fib_text=" (control plane; data plane peak RSS $(hwm_mb "$JN_DP_PID") MB, FIB tables $TURN_FIB_MB MB of it)"
  fi
  # Junction: the accepted counts come from control.json, up to a second old; the FIB counters are
  # live. Done is the later of the two: the poll that saw the FIB complete, and the write of the
  # first control.json with every prefix accepted.
  if [ "$r" = junction ] && [ -n "$t_done" ] && [ -n "$JN_ACC_MS" ]; then
    first=$(inj_value first_update_epoch_ms)
    [ -n "$first" ] && note "junction: FIB complete at the poll $(awk -v a="$t_done" -v b="$first" \
      'BEGIN { printf "%.2f", (a - b) / 1000 }') s after the first UPDATE; the first control.json with every prefix accepted written at $(awk -v a="$JN_ACC_MS" -v b="$first" 'BEGIN { printf "%.2f", (a - b) / 1000 }') s"
    [ "$JN_ACC_MS" -gt "$t_done" ] && t_done=$JN_ACC_MS
  fi
  [ "$r" = junction ] && [ -n "$JN_PROGRESS" ] && note "junction: last poll: $JN_PROGRESS"
  first=$(inj_value first_update_epoch_ms); last=$(inj_value last_byte_epoch_ms)
  if [ -n "$t_done" ] && [ -n "$first" ]; then
    TURN_S=$(awk -v a="$t_done" -v b="$first" 'BEGIN { printf "%.2f", (a - b) / 1000 }')
    sent_s=$(awk -v a="$last" -v b="$first" 'BEGIN { printf "%.2f", (a - b) / 1000 }')
    printf 'round %d %-8s %7.2f s to %d prefixes%s (injector done sending after %s s), peak RSS %d MB%s, CPU %s s\n' \
      "$round" "$r" "$TURN_S" "$TOTAL" "$( [ "$PEERS" -gt 1 ] && echo " x $PEERS peers")" "$sent_s" "$TURN_RSS" "$fib_text" "$TURN_CPU"
  else
    note "$r: holds ${count:-?} of $EXPECT_PATHS routes when the turn ended (bound ${bound} s)"
    printf 'round %d %-8s FAILED (%s of %d routes), peak RSS %d MB\n' "$round" "$r" "${count:-?}" "$EXPECT_PATHS" "$TURN_RSS"
    TURN_S=0
  fi
  [ "${#INJ_EXTRA[@]}" = 0 ] || [ "$TURN_S" = 0 ] || churn_turn "$round"
  cp "$WORK/injector.log" "$d/injector-round$round.log" 2>/dev/null || true
  topology_down
  # The next turn must not meet this one's receiver: Junction, told to stop while it still journals
  # the injector's withdrawal of the whole table, can outlive the namespace's deletion by seconds
  # (its next start then refuses: "a router named ... already runs").
  local p
  for p in ${RCV_PID:-} $( [ "$r" = junction ] && echo "${JN_DP_PID:-}"); do
    if ! jn_wait_for 60 receiver_gone "$p"; then
      note "$r: its process $p still runs 60 s after the turn; killing it"; kill -KILL "$p" 2>/dev/null || true
    fi
  done
  [ "$TURN_S" != 0 ]
}
receiver_gone() { ! kill -0 "$1" 2>/dev/null; }

# churn_turn ROUND: Junction holds the table and the injector churns it; once the injector says its churn was
# sent (its replay line) and a second more has passed, Junction's UPDATE-to-FIB summary is read from its metrics.
churn_turn() {
  local m q50 q90 q99 qmax batches
  if ! jn_wait_for_line $(( churn_seconds + 120 )) "$WORK/injector.log" 'replay updates=' "$INJ_PID"; then
    note "junction: the injector did not finish its churn"; return 0
  fi
  sleep 1
  m=$(ip netns exec "$NS_R" curl -s --max-time 10 "http://127.0.0.1:$JN_METRICS_PORT/metrics" || true)
  q() { awk -v q="$1" '$1 == "junction_update_to_fib_latency_seconds{quantile=\"" q "\"}" { printf "%.3f", $2 * 1000 }' <<<"$m"; }
  q50=$(q 0.5); q90=$(q 0.9); q99=$(q 0.99); qmax=$(q 1.0)
  [ -n "$qmax" ] || qmax=$(q 1)
  batches=$(awk '$1 == "junction_update_to_fib_latency_seconds_count" { printf "%d", $2 }' <<<"$m")
  if [ -z "$q99" ]; then note "junction: no UPDATE-to-FIB summary in its metrics"; return 0; fi
  printf 'round %d churn    %s UPDATEs/s for %s s (%s): UPDATE-to-FIB p50 %s ms, p90 %s ms, p99 %s ms, max %s ms (%s FIB batches since the start)\n' \
    "$round" "$churn_rate" "$churn_seconds" "$(grep -o 'replay updates=[0-9]*' "$WORK/injector.log" | tail -1)" "$q50" "$q90" "$q99" "$qmax" "$batches"
  CHURN_P99+=("$q99")
}

# ---------------------------------------------------------------- rounds
declare -A SECS=() RSS=() CPU=()
JUNCTION_NOTE=""
# How busy the machine is before the rounds (all CPUs, over 1 s): others' work slows the receivers.
busy_jiffies() { awk '/^cpu / { print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8 }' /proc/stat; }
read -r b0 a0 < <(busy_jiffies); sleep 1; read -r b1 a1 < <(busy_jiffies)
busy=$(( (b1 - b0) * 100 / ( (a1 - a0) > 0 ? (a1 - a0) : 1 ) ))
peers_text="one eBGP injector"
[ "$PEERS" -gt 1 ] && peers_text="each of $PEERS eBGP peers (one path per peer, ${EXPECT_PATHS} routes in all)"
echo "bench bgp: $v4_routes IPv4 + $v6_routes IPv6 prefixes from $peers_text, receivers ${RECEIVERS[*]} (Junction's route journal ${JUNCTION_BENCH_JOURNAL:-on}), $rounds round(s), poll every $poll s; machine ${busy}% busy before the rounds; table $IN"
[ "$busy" -ge 20 ] && note "warning: the machine is ${busy}% busy: receivers' wall times stretch (their CPU seconds less so)"
for round in $(seq 1 "$rounds"); do
  for r in "${RECEIVERS[@]}"; do
    if [ -n "${DISABLED[$r]:-}" ]; then continue; fi
    if turn "$r" "$round"; then
      SECS[$r]="${SECS[$r]:-} $TURN_S"; RSS[$r]="${RSS[$r]:-} $TURN_RSS"; CPU[$r]="${CPU[$r]:-} $TURN_CPU"
      [ "$r" != junction ] || [ "$TURN_FIB_MB" -le 0 ] || FIB_MB="${FIB_MB:-} $TURN_FIB_MB"
    elif [ "$r" = junction ] && [ -n "$JUNCTION_NOTE" ]; then
      DISABLED[junction]=$JUNCTION_NOTE        # refused the config: no use trying again
      note "junction: $JUNCTION_NOTE"
    fi
  done
done

declare -A MS=() MR=()
for r in bird frr gobgp junction; do
  MS[$r]=$(median <<<"${SECS[$r]:-}"); MR[$r]=$(median <<<"${RSS[$r]:-}")
  if [[ " ${RECEIVERS[*]} " == *" $r "* ]]; then
    if [ -n "${SECS[$r]:-}" ]; then
      printf 'median %-8s %7.2f s, peak RSS %.0f MB, CPU %s s  (%d of %d rounds)\n' "$r" "${MS[$r]}" "${MR[$r]}" \
        "$(median <<<"${CPU[$r]}")" "$(wc -w <<<"${SECS[$r]}")" "$rounds"
    else
      printf 'median %-8s    0.00 s  (no successful round%s)\n' "$r" "${DISABLED[$r]:+: ${DISABLED[$r]}}"
    fi
  fi
done
ratio=$(awk -v a="${MS[junction]}" -v b="${MS[bird]}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print 0 }')
if [ "$PEERS" -gt 1 ]; then
  printf 'bgp%d-all junction_s=%.2f bird_s=%.2f frr_s=%.2f gobgp_s=%.2f junction_rss_mb=%.0f bird_rss_mb=%.0f frr_rss_mb=%.0f gobgp_rss_mb=%.0f\n' \
    "$PEERS" "${MS[junction]}" "${MS[bird]}" "${MS[frr]}" "${MS[gobgp]}" "${MR[junction]%.*}" "${MR[bird]%.*}" "${MR[frr]%.*}" "${MR[gobgp]%.*}"
  printf 'bgp%d junction_s=%.2f bird_s=%.2f ratio_vs_bird=%s junction_rss_mb=%.0f bird_rss_mb=%.0f\n' \
    "$PEERS" "${MS[junction]}" "${MS[bird]}" "$ratio" "${MR[junction]%.*}" "${MR[bird]%.*}"
  exit 0
fi
if [ "$churn_rate" != 0 ]; then
  printf 'churn junction_p99_ms=%s rate=%s seconds=%s rounds=%d\n' "$(median <<<"${CHURN_P99[*]:-}")" "$churn_rate" "$churn_seconds" "${#CHURN_P99[@]}"
fi
printf 'bgp junction_s=%.2f bird_s=%.2f frr_s=%.2f gobgp_s=%.2f ratio_vs_bird=%s junction_rss_mb=%.0f bird_rss_mb=%.0f fib_mb=%.0f\n' \
  "${MS[junction]}" "${MS[bird]}" "${MS[frr]}" "${MS[gobgp]}" "$ratio" "${MR[junction]%.*}" "${MR[bird]%.*}" "$(median <<<"${FIB_MB:-}")"
