#!/usr/bin/env bash
# ./junction bench api: how fast a router answers its operators while a full table loads. Each
# contender (BIRD 2, GoBGP, Junction) in its turn takes in bench bgp's table (1M IPv4 + 250k IPv6,
# real AS paths from the RIPE RIS dumps) from the same injector, set up as bench bgp sets it up
# (benchmarks/scripts/bench-receivers.sh); from the injector's session up until the contender holds
# every prefix, a client in the contender's namespace asks, in a loop:
#   - a longest-match route lookup of an address of the table by a CLI process:
#     `junction show route ADDRESS` (the launcher, a JVM, the API on its UNIX socket),
#     `birdc show route for ADDRESS`, `gobgp global rib ADDRESS`;
#   - every second time, the neighbor list by a CLI process: `junction show neighbors`,
#     `birdc show protocols`, `gobgp neighbor`;
#   - the same two through a warm client holding its connection open: Junction's API over HTTP/1.1
#     keep-alive on its UNIX socket (GET /v1/routes/lookup, GET /v1/bgp/neighbors), BIRD's control
#     socket spoken to directly (what birdc sends); GoBGP has none here (gRPC: its CLI is its client).
# Then, Junction only, on the full table: a change preview through the API (POST
# /v1/config/validate?preview=true; nothing applied) of an import policy setting LOCAL_PREF on every
# route, the router's first preview since it started, then the same again; then two policy commits
# through the API toward an observer (a
# BIRD peering with Junction from the injector's namespace, over IPv4 and IPv6): the export policy
# from reject to accept (the observer gets the full table), then to one that tags every route with a
# community; each timed from the commit's POST until the observer holds every prefix as changed.
#
#   benchmarks/scripts/bench-api.sh [--rounds N] [--only LIST] [--v4-routes N] [--v6-routes N]
#        [--samples N] [--interval S] [--poll S] [--timeout S] [--no-commit] [--seed S] [--cache DIR] [--keep]
#
#   --rounds N      rounds; each runs every contender once, in turn (default 3)
#   --only LIST     contenders, comma-separated: bird, gobgp, junction (default all)
#   --v4-routes N   IPv4 prefixes in the table (default 1000000)
#   --v6-routes N   IPv6 prefixes in the table (default 250000)
#   --samples N     at most N loop passes of the client per turn (default 2000)
#   --interval S    pause between two passes of the client (default 0.05)
#   --poll S        seconds between two prefix-count polls, as bench bgp (default 0.5; the observer: 1)
#   --timeout S     bound of one turn's load, and of each commit until the observer has it (default 300)
#   --no-commit     skip the previews and the commits
#   --seed S        table seed (default 1)
#   --cache DIR     generated tables (default /var/tmp/junction-bench-fib, shared with bench fib, bgp)
#   --keep          keep the temp folder (configs, logs, samples) and print its path
#
# Output: per turn a line; per kind of request and contender `n`, p50, p99 (nearest rank, ms) over
# every round's answers started while the table loaded (an answer "no route" counts: the prefix has
# not arrived yet; a failed request does not, and is counted); the previews' and commits' medians; and as the
# last line exactly
#   api junction_p99_ms=A bird_p99_ms=B gobgp_p99_ms=C commit_full_table_s=D
# A-C: p99 of the lookups by CLI process (like with like); D: median seconds of the tagging commit
# until the observer holds every prefix tagged. A contender or commit that fails reports 0 with a
# note. A benchmark never fails for being slow. Details: docs/benchmarks.md.
set -euo pipefail

JUNCTION_HOME=${JUNCTION_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
export JUNCTION_HOME
# shellcheck source=../../scripts/lib.sh
source "$JUNCTION_HOME/scripts/lib.sh"      # find_java, JUNCTION_JVM_FLAGS
# shellcheck source=bench-lib.sh
source "$JUNCTION_HOME/benchmarks/scripts/bench-lib.sh"   # median, shared_data
# shellcheck source=../../scripts/netns.sh
source "$JUNCTION_HOME/scripts/netns.sh"    # namespaces, veth, cleanup registry
# shellcheck source=bench-receivers.sh
source "$JUNCTION_HOME/benchmarks/scripts/bench-receivers.sh"   # the receivers, the injector, the table
PY=/usr/bin/python3
APIBENCH=$JUNCTION_HOME/benchmarks/api/apibench.py

note() { echo "bench-api: $*" >&2; }
fail() { note "$*"; exit 1; }

rounds=3 only=bird,gobgp,junction v4_routes=1000000 v6_routes=250000 samples=2000 interval=0.05 poll=0.5
bound=300 commits=1 seed=1 keep=0 ppp=4
cache=${JUNCTION_BENCH_CACHE:-/var/tmp/junction-bench-fib}
MRT_DIR=${JUNCTION_MRT_DIR:-$(shared_data mrt)}
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds)    rounds=${2:?}; shift 2 ;;
    --only)      only=${2:?}; shift 2 ;;
    --v4-routes) v4_routes=${2:?}; shift 2 ;;
    --v6-routes) v6_routes=${2:?}; shift 2 ;;
    --samples)   samples=${2:?}; shift 2 ;;
    --interval)  interval=${2:?}; shift 2 ;;
    --poll)      poll=${2:?}; shift 2 ;;
    --timeout)   bound=${2:?}; shift 2 ;;
    --no-commit) commits=0; shift ;;
    --seed)      seed=${2:?}; shift 2 ;;
    --cache)     cache=${2:?}; shift 2 ;;
    --keep)      keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option '$1' (try --help)" ;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] && [ "$rounds" -le 20 ] || fail "--rounds must be 1..20"
[[ $v4_routes =~ ^[0-9]+$ ]] && [ "$v4_routes" -ge 1000 ] && [ "$v4_routes" -le 2000000 ] || fail "--v4-routes must be 1000..2000000"
[[ $v6_routes =~ ^[0-9]+$ ]] && [ "$v6_routes" -le 1000000 ] || fail "--v6-routes must be 0..1000000"
[[ $samples =~ ^[1-9][0-9]*$ ]] && [ "$samples" -le 100000 ] || fail "--samples must be 1..100000"
[[ $interval =~ ^[0-9]*\.?[0-9]+$ ]] || fail "--interval must be a number of seconds"
[[ $poll =~ ^[0-9]*\.?[0-9]+$ ]] || fail "--poll must be a number of seconds"
[[ $bound =~ ^[1-9][0-9]*$ ]] && [ "$bound" -le 3600 ] || fail "--timeout must be 1..3600 seconds"
[[ $seed =~ ^[0-9]+$ ]] || fail "--seed must be a non-negative integer"
bench_journal_check || fail "JUNCTION_BENCH_JOURNAL: on (the default) or off"
CONTENDERS=()
for r in bird gobgp junction; do [[ ,$only, == *,$r,* ]] && CONTENDERS+=("$r"); done
for r in ${only//,/ }; do [[ " bird gobgp junction " == *" $r "* ]] || fail "--only: unknown contender '$r'"; done
[ ${#CONTENDERS[@]} -gt 0 ] || fail "--only names no contender"
TOTAL=$(( v4_routes + v6_routes ))
# --timeout bounds the load and each commit; every process of a turn (bench-receivers.sh's `bg`) is
# bounded by the whole turn: the load and both commits, plus start-up.
load_bound=$bound
bound=$(( 3 * load_bound + 180 ))

jn_require_root || exit 1
for t in "$PY" timeout flock awk sed sha1sum ip ss birdc; do command -v "$t" >/dev/null || fail "'$t' not found"; done
declare -A BIN=([bird]=/usr/sbin/bird [gobgp]=/usr/bin/gobgpd) DISABLED=()
for r in bird gobgp; do
  [ -x "${BIN[$r]}" ] || DISABLED[$r]="${BIN[$r]} is missing (./junction setup installs bird2, gobgpd)"
done
[ -x /usr/sbin/bird ] || { DISABLED[junction]="the observer is a BIRD: /usr/sbin/bird is missing"; commits=0; }
JAVA_HOME_25=$(find_java)
bench_jar_find || fail "the benchmarks module is not built with the injector: run ./junction build (or ./junction bench api)"
[ -d "$MRT_DIR" ] || fail "the RIPE RIS MRT dumps are missing ($MRT_DIR: ../shared/data/mrt beside the checkout; set JUNCTION_SHARED_DATA or JUNCTION_MRT_DIR): the injector draws its AS paths from them"

# One full-table bench at a time: bench bgp's receivers use the same addresses and port 179.
exec 9>/tmp/jn-bench-bgp.lock
flock -n 9 || fail "another bench bgp or bench api is running (lock /tmp/jn-bench-bgp.lock)"

bench_table_inputs

# ---------------------------------------------------------------- topology, processes, cleanup
PREFIX=jn-bench-api-
NS_I=${PREFIX}inj NS_R=${PREFIX}rcv
INJ_V4=198.18.255.1 RCV_V4=198.18.255.2 INJ_V6=2001:db8:ff::1 RCV_V6=2001:db8:ff::2
OBS_V4=198.18.255.3 OBS_V6=2001:db8:ff::3
INJ_AS=4200000100 RCV_AS=4200000200 OBS_AS=4200000300
JN_NAME=jbench-api JN_NEIGHBOR=injector JN_RUN=/run/junction/jbench-api
peers_init          # one injector session (bench-receivers.sh: PEER_V4, PEER_NAME, ...)
OBS_TAG=65000:301
JN_EXTRA_NEIGHBORS="    - {name: observer, address: $OBS_V4, remote-as: $OBS_AS, hold-time: 240, families: [ipv4-unicast], import: reject-all, export: to-observer}
    - {name: observer6, address: '$OBS_V6', remote-as: $OBS_AS, hold-time: 240, families: [ipv6-unicast], import: reject-all, export: to-observer}"
JN_EXTRA_POLICIES="    to-observer: {otherwise: reject}"
WORK=$(mktemp -d /tmp/jn-bench-api.XXXXXX)
jn_cleanup_trap
jn_cleanup_push jn_ns_del_matching "$PREFIX"       # kills whatever still runs in them
if [ "$keep" = 1 ]; then jn_cleanup_push note "kept $WORK"; else jn_cleanup_push rm -rf -- "$WORK"; fi
jn_ns_del_matching "$PREFIX"                        # left by a killed run

# The addresses asked for: inside 256 IPv4 prefixes spread over the injected table (each prefix's
# first address + 1), so every lookup has an answer once that prefix has arrived.
awk -v n="$v4_routes" 'BEGIN { step = int(n / 256); if (step < 1) step = 1 }
  NR > n { exit } (NR - 1) % step == 0 { split($1, p, "/"); split(p[1], o, ".");
    if (p[2] < 32) o[4] = o[4] + 1; print o[1] "." o[2] "." o[3] "." o[4] }' "$IN/routes4.txt" | head -n 256 >"$WORK/addresses.txt"
[ -s "$WORK/addresses.txt" ] || fail "no lookup addresses from $IN/routes4.txt"

# The client's commands, per contender, run inside the contender's namespace.
client_args() {  # R: the arguments of apibench.py sample for R
  local r=$1 d=$WORK/$1
  case $r in
    bird) printf '%s\0' --cli-lookup "birdc -s $d/bird.ctl show route for {addr}" \
            --cli-neighbors "birdc -s $d/bird.ctl show protocols" --warm-bird "$d/bird.ctl" --no-route 'Network not found' ;;
    gobgp) printf '%s\0' --cli-lookup "gobgp -u 127.0.0.1 -p 50051 global rib {addr}" \
            --cli-neighbors "gobgp -u 127.0.0.1 -p 50051 neighbor" --no-route 'Network not in table' ;;
    junction) printf '%s\0' --cli-lookup "$JUNCTION_HOME/junction show route {addr} --name $JN_NAME" \
            --cli-neighbors "$JUNCTION_HOME/junction show neighbors --name $JN_NAME" \
            --warm-junction "$JN_RUN/api.sock" --no-route '(?i)\bno route\b|not found' ;;
  esac
}

# ---------------------------------------------------------------- the observer (Junction's commits)
observer_start() {
  local d=$WORK/observer
  mkdir -p "$d"
  ip -n "$NS_I" addr add "$OBS_V4/24" dev inj0
  ip -n "$NS_I" -6 addr add "$OBS_V6/64" dev inj0 nodad
  cat >"$d/bird.conf" <<EOF
# bench api: the observer takes what Junction exports to it, exports nothing
log "$d/bird.log" { info, remote, warning, error, auth, fatal, bug };
router id $OBS_V4;
protocol device {}
protocol bgp obs4 {
  local $OBS_V4 as $OBS_AS;
  neighbor $RCV_V4 as $RCV_AS;
  hold time 240;
  ipv4 { import all; export none; };
}
protocol bgp obs6 {
  local $OBS_V6 as $OBS_AS;
  neighbor $RCV_V6 as $RCV_AS;
  hold time 240;
  ipv6 { import all; export none; };
}
EOF
  bg "$NS_I" "$d/out.log" bird -f -c "$d/bird.conf" -s "$d/bird.ctl" -P "$d/bird.pid"
  jn_wait_for 20 birdc -s "$d/bird.ctl" show status >/dev/null
}

# observer_count [FILTER]: routes the observer holds (both tables), only those FILTER matches when given.
observer_count() {
  local c=$WORK/observer/bird.ctl
  if [ -n "${1:-}" ]; then birdc -s "$c" show route where "$1" count 2>/dev/null; else birdc -s "$c" show route count 2>/dev/null; fi \
    | awk '/ routes for / && /in table/ { n += $1 } END { print n + 0 }'
}

observer_established() {
  birdc -s "$WORK/observer/bird.ctl" show protocols 2>/dev/null | awk '$1 ~ /^obs[46]$/ && /Established/ { n++ } END { exit n != 2 }'
}

# commit_policy LABEL POLICY_YAML FILTER: commit Junction's running document with to-observer set to
# POLICY_YAML, through the API; sets COMMIT_S (POST to the observer holding TOTAL routes matching
# FILTER; 0 on failure) and COMMIT_ANSWER_S (POST to the API's answer).
commit_policy() {
  local label=$1 policy=$2 filter=$3 doc=$WORK/junction/commit-$1.yaml t0 out n=0 deadline
  COMMIT_S=0 COMMIT_ANSWER_S=0
  REPL=$policy awk '/^    to-observer:/ { print ENVIRON["REPL"]; skip = 1; next }
    skip && /^      / { next } { skip = 0; print }' "$WORK/junction/junction.yaml" >"$doc"
  t0=$(now_ms)
  if ! out=$("$PY" "$APIBENCH" commit --socket "$JN_RUN/api.sock" --document "$doc" --message "bench api: $label" 2>&1); then
    note "junction: commit '$label' refused or failed: $out"; return 1
  fi
  COMMIT_ANSWER_S=$(awk -v ms="$(sed -n 's/.*elapsed_ms=\([0-9]*\).*/\1/p' <<<"$out")" 'BEGIN { printf "%.2f", ms / 1000 }')
  deadline=$(( $(date +%s) + load_bound ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    n=$(observer_count "$filter")
    if [ "$n" -ge "$TOTAL" ]; then
      COMMIT_S=$(awk -v a="$(now_ms)" -v b="$t0" 'BEGIN { printf "%.2f", (a - b) / 1000 }')
      return 0
    fi
    kill -0 "$RCV_PID" 2>/dev/null || { note "junction died during the commit '$label'"; return 1; }
    sleep 1
  done
  note "junction: commit '$label': the observer holds $n of $TOTAL routes after ${load_bound} s"
  return 1
}

# preview_policy LABEL NAME POLICY_YAML: preview (validate?preview=true, nothing applied) Junction's
# running document with policy NAME replaced by POLICY_YAML; sets PREVIEW_S (the API's answer; 0 on
# failure) and PREVIEW_N (the Loc-RIB changes it counts).
preview_policy() {
  local label=$1 name=$2 policy=$3 doc=$WORK/junction/preview-$1.yaml out
  PREVIEW_S=0 PREVIEW_N=0
  NAME="    $name:" REPL=$policy awk '$0 == ENVIRON["NAME"] || index($0, ENVIRON["NAME"] " ") == 1 { print ENVIRON["REPL"]; skip = 1; next }
    skip && /^      / { next } { skip = 0; print }' "$WORK/junction/junction.yaml" >"$doc"
  if ! out=$("$PY" "$APIBENCH" preview --socket "$JN_RUN/api.sock" --document "$doc" 2>&1); then
    note "junction: preview '$label' failed: $out"; return 1
  fi
  PREVIEW_S=$(awk -v ms="$(sed -n 's/.*elapsed_ms=\([0-9]*\).*/\1/p' <<<"$out")" 'BEGIN { printf "%.2f", ms / 1000 }')
  PREVIEW_N=$(sed -n 's/.*best_changes=\([0-9]*\).*/\1/p' <<<"$out")
}

# ---------------------------------------------------------------- a turn
# turn R ROUND: one contender loads the table while the client asks; appends its samples to
# $WORK/R.samples and, for Junction, the commits' times to COMMIT_A / COMMIT_B.
turn() {
  local r=$1 round=$2 d=$WORK/$1 deadline count=0 t_done="" first sampler stats load_s unfinished=0
  JN_ACC_MS="" JN_PROGRESS=""
  topology_up "$r"
  write_receiver_config "$r"
  if ! start_receiver "$r"; then
    if [ "$r" != junction ] || [ -z "$JUNCTION_NOTE" ]; then
      note "$r did not start (log $d/out.log)"; tail -n 5 "$d/out.log" >&2 2>/dev/null || true
    fi
    topology_down; return 1
  fi
  if [ "$r" = junction ]; then
    if ! "$PY" "$APIBENCH" wait-socket "$JN_RUN/api.sock" 60; then
      JUNCTION_NOTE="no API on $JN_RUN/api.sock within 60 s of 'junction: ready'"
      topology_down; return 1
    fi
    [ "$commits" = 1 ] && { observer_start || note "the observer BIRD did not start (log $WORK/observer/out.log)"; }
  fi
  # The client starts first (its requests before the first UPDATE are left out): a contender that
  # loads in two seconds must not lose them to the client's own start-up.
  rm -f "$WORK/stop"
  mapfile -d '' args < <(client_args "$r")
  # JUNCTION_NO_BUILD=1 for Junction's CLI processes (as on an installed router) from the client's
  # environment, not an `env` in each command line: birdc and gobgp are run without one either.
  JUNCTION_NO_BUILD=1 ip netns exec "$NS_R" timeout -k 5 "$(( load_bound + 150 ))" "$PY" "$APIBENCH" sample --out "$d/samples-$round.tsv" \
    --stop "$WORK/stop" --addresses "$WORK/addresses.txt" --max-samples "$samples" --max-seconds "$(( load_bound + 120 ))" \
    --interval "$interval" "${args[@]}" </dev/null >"$d/sampler-$round.log" 2>&1 &
  sampler=$!
  start_injector
  deadline=$(( $(date +%s) + load_bound ))
  if ! jn_wait_for_line 120 "$WORK/injector.log" 'established_epoch_ms=' "$INJ_PID"; then
    note "$r: no session with the injector"; tail -n 5 "$WORK/injector.log" >&2
    touch "$WORK/stop"; wait "$sampler" 2>/dev/null || true
    topology_down; return 1
  fi
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if [ "$r" = junction ]; then jn_poll; count=$JN_COUNT; else count=$(prefix_count "$r" || true); fi
    if [ -n "$count" ] && [ "$count" -ge "$TOTAL" ]; then t_done=$(now_ms); break; fi
    if ! jn_alive "$INJ_PID"; then note "$r: the injector ended early"; tail -n 3 "$WORK/injector.log" >&2; break; fi
    if ! kill -0 "$RCV_PID" 2>/dev/null; then note "$r: the receiver died"; break; fi
    sleep "$poll"
  done
  touch "$WORK/stop"
  wait "$sampler" 2>/dev/null || true
  [ "$r" = junction ] && [ -n "$t_done" ] && [ -n "$JN_ACC_MS" ] && [ "$JN_ACC_MS" -gt "$t_done" ] && t_done=$JN_ACC_MS
  first=$(inj_value first_update_epoch_ms); first=${first%.*}
  if [ -z "$first" ]; then
    note "$r: the injector sent no UPDATE (log $WORK/injector.log)"
    printf 'round %d %-8s FAILED (no UPDATE sent)\n' "$round" "$r"
    topology_down; return 1
  fi
  if [ -z "$t_done" ]; then
    # Still loading when the bound came: its requests so far were all made under the load; they count.
    note "$r: holds ${count:-?} of $TOTAL prefixes when the turn ended (bound ${load_bound} s); its requests until then count"
    t_done=$(now_ms) unfinished=1
  fi
  # Only the requests started while the table loaded: from the first UPDATE to the last prefix held.
  awk -F'\t' -v a="$first" -v b="$t_done" '$2 >= a && $2 <= b' "$d/samples-$round.tsv" >>"$WORK/$r.samples" 2>/dev/null || true
  if [ -s "$d/samples-$round.tsv.failures" ]; then
    note "$r: failed requests this round (first 3):"; head -n 3 "$d/samples-$round.tsv.failures" >&2
  fi
  load_s=$(awk -v a="$t_done" -v b="$first" 'BEGIN { printf "%.2f", (a - b) / 1000 }')
  stats=$("$PY" "$APIBENCH" stats --in "$d/samples-$round.tsv" --from "$first" --to "$t_done" | awk '$1 == "cli_lookup"')
  n=0 p50=0 p99=0 failed=0
  read -r _ n p50 p99 _ _ failed <<<"$stats" || true
  n=${n:-0} p50=${p50:-0} p99=${p99:-0} failed=${failed:-0}
  printf 'round %d %-8s table %s %6.2f s; meanwhile %d lookups by CLI process, p50 %s ms, p99 %s ms (%d failed)\n' \
    "$round" "$r" "$([ "$unfinished" = 1 ] && echo "NOT loaded after" || echo "loaded in")" "$load_s" "$n" "$p50" "$p99" "$failed"
  [ "$unfinished" = 1 ] && { topology_down; return 1; }
  if [ "$r" = junction ] && [ "$commits" = 1 ]; then
    if jn_wait_for 60 observer_established; then
      # The router's first change preview since it started: the injector's import policy sets LOCAL_PREF, so
      # every route is imported and decided again (issue 11's case: under 2 s on a full table from one peer).
      if preview_policy import-lp accept-all "    accept-all:
      terms:
        - {name: lp, set: {local-pref: 200}, then: accept}
      otherwise: reject"; then
        PREVIEW_A="${PREVIEW_A:-} $PREVIEW_S"
        printf 'round %d junction preview: the import policy sets LOCAL_PREF on every route: answered in %s s (%s Loc-RIB changes), the first preview since the router started\n' \
          "$round" "$PREVIEW_S" "$PREVIEW_N"
        preview_policy import-lp-again accept-all "    accept-all:
      terms:
        - {name: lp, set: {local-pref: 200}, then: accept}
      otherwise: reject" && PREVIEW_B="${PREVIEW_B:-} $PREVIEW_S" &&
          printf 'round %d junction preview: the same again: answered in %s s\n' "$round" "$PREVIEW_S"
      fi
      if commit_policy export-all "    to-observer: {otherwise: accept}" ""; then
        COMMIT_A="${COMMIT_A:-} $COMMIT_S"
        printf 'round %d junction commit: export the full table to the observer: answered in %s s, observer has it all after %s s\n' \
          "$round" "$COMMIT_ANSWER_S" "$COMMIT_S"
        if commit_policy tag "    to-observer:
      terms:
        - {name: tag, set: {add-communities: ['$OBS_TAG']}, then: accept}
      otherwise: reject" "bgp_community ~ [(${OBS_TAG/:/,})]"; then
          COMMIT_B="${COMMIT_B:-} $COMMIT_S"
          printf 'round %d junction commit: tag every route to the observer: answered in %s s, observer has them all changed after %s s\n' \
            "$round" "$COMMIT_ANSWER_S" "$COMMIT_S"
        fi
      fi
    else
      note "junction: the observer's sessions did not come up (log $WORK/observer/bird.log)"
    fi
  fi
  topology_down
}

# ---------------------------------------------------------------- rounds
JUNCTION_NOTE="" COMMIT_A="" COMMIT_B="" PREVIEW_A="" PREVIEW_B=""
read -r b0 a0 < <(awk '/^cpu / { print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8 }' /proc/stat); sleep 1
read -r b1 a1 < <(awk '/^cpu / { print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8 }' /proc/stat)
busy=$(( (b1 - b0) * 100 / ( (a1 - a0) > 0 ? (a1 - a0) : 1 ) ))
echo "bench api: $v4_routes IPv4 + $v6_routes IPv6 prefixes from one eBGP injector into ${CONTENDERS[*]}, $rounds round(s); client every $interval s, at most $samples passes a turn; machine ${busy}% busy before the rounds"
[ "$busy" -ge 20 ] && note "warning: the machine is ${busy}% busy: every figure stretches"
for round in $(seq 1 "$rounds"); do
  for r in "${CONTENDERS[@]}"; do
    [ -n "${DISABLED[$r]:-}" ] && continue
    if ! turn "$r" "$round" && [ "$r" = junction ] && [ -n "$JUNCTION_NOTE" ]; then
      DISABLED[junction]=$JUNCTION_NOTE; note "junction: $JUNCTION_NOTE"
    fi
  done
done

# ---------------------------------------------------------------- results
declare -A P99=([bird]=0 [gobgp]=0 [junction]=0)
declare -A WHAT_CLI_LOOKUP=([junction]="./junction show route ADDRESS (launcher, junction-show thin client, POST /v1/cli on api.sock; JVM client if that fails)"
  [bird]="birdc show route for ADDRESS" [gobgp]="gobgp global rib ADDRESS")
declare -A WHAT_CLI_NEIGHBORS=([junction]="./junction show neighbors" [bird]="birdc show protocols" [gobgp]="gobgp neighbor")
declare -A WHAT_WARM_LOOKUP=([junction]="HTTP/1.1 keep-alive on api.sock: GET /v1/routes/lookup?address=ADDRESS"
  [bird]="BIRD's control socket, one connection: show route for ADDRESS" [gobgp]="n/a: GoBGP's API is gRPC, its CLI is its client")
declare -A WHAT_WARM_NEIGHBORS=([junction]="HTTP/1.1 keep-alive on api.sock: GET /v1/bgp/neighbors"
  [bird]="BIRD's control socket, one connection: show protocols" [gobgp]="n/a: GoBGP's API is gRPC, its CLI is its client")
echo "while the table loads, all rounds (ms, nearest rank; no-route answers count, failures do not):"
for kind in cli_lookup cli_neighbors warm_lookup warm_neighbors; do
  for r in "${CONTENDERS[@]}"; do
    case $kind in
      cli_lookup) what=${WHAT_CLI_LOOKUP[$r]} ;; cli_neighbors) what=${WHAT_CLI_NEIGHBORS[$r]} ;;
      warm_lookup) what=${WHAT_WARM_LOOKUP[$r]} ;; warm_neighbors) what=${WHAT_WARM_NEIGHBORS[$r]} ;;
    esac
    n=0 p50=0 p99=0 max=0 none=0 failed=0
    if [ -s "$WORK/$r.samples" ]; then
      read -r _ n p50 p99 max none failed < <("$PY" "$APIBENCH" stats --in "$WORK/$r.samples" | awk -v k="$kind" '$1 == k') || true
    fi
    if [ "$n" = 0 ] && [ "$r" = gobgp ] && [[ $kind == warm_* ]]; then
      printf '%-15s %-8s %s\n' "${kind/_/ }" "$r" "$what"
    else
      printf '%-15s %-8s n=%-5s p50=%-8s p99=%-8s max=%-8s (no route %s, failed %s)  %s%s\n' "${kind/_/ }" "$r" "$n" "$p50" \
        "$p99" "$max" "$none" "$failed" "$what" "${DISABLED[$r]:+  [$r: ${DISABLED[$r]}]}"
    fi
    [ "$kind" = cli_lookup ] && P99[$r]=$p99
  done
done
commit_a=$(median <<<"$COMMIT_A"); commit_b=$(median <<<"$COMMIT_B")
if [ "$commits" = 1 ] && [[ " ${CONTENDERS[*]} " == *" junction "* ]]; then
  printf 'preview import-lp  median %6.2f s over %d round(s) (first since the start), then %6.2f s (second): import policy sets LOCAL_PREF on all %d prefixes\n' \
    "$(median <<<"$PREVIEW_A")" "$(wc -w <<<"$PREVIEW_A")" "$(median <<<"$PREVIEW_B")" "$TOTAL"
  printf 'commit export-all  median %6.2f s over %d round(s): export policy reject -> accept, until the observer holds all %d prefixes\n' \
    "$commit_a" "$(wc -w <<<"$COMMIT_A")" "$TOTAL"
  printf 'commit tag-all     median %6.2f s over %d round(s): export policy adds community %s, until the observer holds all %d tagged\n' \
    "$commit_b" "$(wc -w <<<"$COMMIT_B")" "$OBS_TAG" "$TOTAL"
fi
printf 'api junction_p99_ms=%s bird_p99_ms=%s gobgp_p99_ms=%s commit_full_table_s=%.2f\n' \
  "${P99[junction]}" "${P99[bird]}" "${P99[gobgp]}" "$commit_b"
