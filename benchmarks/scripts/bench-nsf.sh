#!/usr/bin/env bash
# ./junction bench nsf: non-stop forwarding across a crash of the control plane. A full table is installed
# and counted traffic flows through the router to a BGP route of it; the control plane is killed (kill -9)
# and started again with the same arguments. Measured: packets lost, the time until the control plane is
# back and has resynced the forwarding table, and the time until the peer has its End-of-RIB.
#
# Two contenders, in turns, each in fresh namespaces, fed by the same full-table source:
#   junction  `junction dataplane` + `junction control` (docs/dataplane.md "Two processes"): the control
#             plane is killed; the data plane forwards on what it holds; the new control plane comes up as
#             the restarting speaker of graceful restart and resyncs the FIB in a new epoch
#   bird      BIRD 2 in a namespace whose kernel forwards (ip_forward=1), its kernel protocols exporting the
#             table with `graceful restart` and `persist`; bird is killed and started again with -R
#             (graceful restart recovery): the kernel keeps BIRD's routes meanwhile
# The source is the bench's injector (benchmarks: net.junction.benchmarks.bgp.BgpInjector, as bench bgp)
# with graceful restart as the receiving speaker (RFC 4724 §4.2): the Graceful Restart capability in its
# OPEN, a new session as soon as the receiver listens again, then the whole table and End-of-RIB again.
# The table: bench fib's generated 1M IPv4 + 250k IPv6 prefixes with RIS paths, plus 198.19.200.0/24,
# the traffic's destination (the sink's address 198.19.200.1 sits on the injector's namespace's lo).
#
#   benchmarks/scripts/bench-nsf.sh [--prefixes N] [--v4-routes N] [--v6-routes N] [--only LIST]
#        [--rounds N] [--rate PPS] [--timeout S] [--seed S] [--cache DIR] [--keep]
#
#   --prefixes N      table size: N - N/5 IPv4 + N/5 IPv6 prefixes (default 1250000: 1M + 250k; e.g.
#                     --prefixes 50000 for a quick run)
#   --v4-routes N / --v6-routes N   the two families' sizes directly (default 1000000 / 250000)
#   --only LIST       contenders, comma-separated: junction, bird (default both)
#   --rounds N        rounds; each runs every contender once, in turn; medians reported (default 1)
#   --rate PPS        pings a second from the host to the sink across the router (default 200)
#   --timeout S       bound of each wait: the table's load, the restart, the resync (default 600)
#   --seed S / --cache DIR   table seed and cache, as bench bgp (default 1, /var/tmp/junction-bench-fib)
#   --keep            keep the temp folder (configs, logs) and print its path
#
# Topology (addresses in 198.18.0.0/15 and 2001:db8::/32 only):
#   host ns  h0 198.18.1.2/24 --- rtr1 198.18.1.1/24  router ns  rtr0 198.18.255.2/24 --- inj0 198.18.255.1/24 injector ns
#            (default via the router)                 (Junction's ports p1, p0; or the kernel)      lo 198.19.200.1/32 (sink)
# Traffic: ping from the host to 198.19.200.1 at --rate, from 2 s before the kill until 2 s after both
# the resync and the injector's End-of-RIB (bounded by --timeout in time and count). nftables counters
# count the echo requests leaving the host and those reaching the sink: lost = sent - received (one way,
# the requests; ping's own round-trip summary is printed too).
#
# Measured from the kill (the bench's clock just before kill -9), polled every 0.1 s:
#   resync   Junction: the data plane has ended the new epoch's resync (counters.fib_resyncs_ended: the new
#            control plane's whole table applied, what the old epoch left swept), after the control plane's
#            route selection, which waits for the injector's End-of-RIB (its "junction: FIB resynced" line,
#            when the table is sent, is printed too);
#            BIRD: the first prune of both kernel tables after "Graceful restart done" has ended (BIRD's
#            log shows "Pruning table master4/6", then birdc answers: BIRD 2 is single-threaded), i.e. BIRD
#            has compared its whole table with the kernel's and fixed what differs
#   eor      the injector receives the restarted speaker's End-of-RIB for every family (its own clock)
# Output: per-turn lines, medians, and as the last line exactly
#   nsf junction_lost=A junction_resync_s=B bird_lost=C bird_resync_s=D
# A contender whose turn failed (or was not run) reports -1 for both, with a note. Details: docs/benchmarks.md.
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
source "$JUNCTION_HOME/benchmarks/scripts/bench-receivers.sh"   # the table, the injector's jar, bg, pid_in_ns
PY=/usr/bin/python3

note() { echo "bench-nsf: $*" >&2; }
fail() { note "$*"; exit 1; }

prefixes="" v4_routes=1000000 v6_routes=250000 only=junction,bird rounds=1 rate=200 bound=600 seed=1 keep=0 ppp=4
cache=${JUNCTION_BENCH_CACHE:-/var/tmp/junction-bench-fib}
MRT_DIR=${JUNCTION_MRT_DIR:-$(shared_data mrt)}
while [ $# -gt 0 ]; do
  case "$1" in
    --prefixes)  prefixes=${2:?}; shift 2 ;;
    --v4-routes) v4_routes=${2:?}; shift 2 ;;
    --v6-routes) v6_routes=${2:?}; shift 2 ;;
    --only)      only=${2:?}; shift 2 ;;
    --rounds)    rounds=${2:?}; shift 2 ;;
    --rate)      rate=${2:?}; shift 2 ;;
    --timeout)   bound=${2:?}; shift 2 ;;
    --seed)      seed=${2:?}; shift 2 ;;
    --cache)     cache=${2:?}; shift 2 ;;
    --keep)      keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option '$1' (try --help)" ;;
  esac
done
if [ -n "$prefixes" ]; then
  [[ $prefixes =~ ^[0-9]+$ ]] && [ "$prefixes" -ge 1250 ] && [ "$prefixes" -le 1250000 ] || fail "--prefixes must be 1250..1250000"
  v6_routes=$(( prefixes / 5 )); v4_routes=$(( prefixes - v6_routes ))
fi
[[ $v4_routes =~ ^[0-9]+$ ]] && [ "$v4_routes" -ge 1000 ] && [ "$v4_routes" -le 1000000 ] || fail "--v4-routes must be 1000..1000000"
[[ $v6_routes =~ ^[0-9]+$ ]] && [ "$v6_routes" -le 250000 ] || fail "--v6-routes must be 0..250000"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || fail "--rounds must be a positive integer"
[[ $rate =~ ^[1-9][0-9]*$ ]] && [ "$rate" -le 1000 ] || fail "--rate must be 1..1000 packets a second"
[[ $bound =~ ^[1-9][0-9]*$ ]] || fail "--timeout must be a positive number of seconds"
[[ $seed =~ ^[0-9]+$ ]] || fail "--seed must be a non-negative integer"
CONTENDERS=()
for c in ${only//,/ }; do [[ " junction bird " == *" $c "* ]] || fail "--only: unknown contender '$c'"; done
for c in junction bird; do [[ ,$only, == *,$c,* ]] && CONTENDERS+=("$c"); done
[ ${#CONTENDERS[@]} -gt 0 ] || fail "--only names no contender"

jn_require_root || exit 1
for t in "$PY" timeout flock awk ip ss nft ping; do command -v "$t" >/dev/null || fail "'$t' not found"; done
JAVA_HOME_25=$(find_java)
bench_jar_find || fail "the benchmarks module is not built with the injector: run ./junction build (or ./junction bench nsf)"
[ -d "$MRT_DIR" ] || fail "the RIPE RIS MRT dumps are missing ($MRT_DIR: ../shared/data/mrt beside the checkout; set JUNCTION_SHARED_DATA or JUNCTION_MRT_DIR): the injector draws its AS paths from them"
declare -A DISABLED=()
[ -x /usr/sbin/bird ] || DISABLED[bird]="/usr/sbin/bird is missing (./junction setup installs bird2)"

exec 9>/tmp/jn-bench-nsf.lock
flock -n 9 || fail "another bench nsf is running (lock /tmp/jn-bench-nsf.lock)"

bench_table_inputs      # IN: bench fib's generated table (cached)

# ---------------------------------------------------------------- topology, processes, cleanup
PREFIX=jn-bench-nsf-
NS_I=${PREFIX}inj NS_R=${PREFIX}rtr NS_H=${PREFIX}host
INJ_V4=198.18.255.1 RCV_V4=198.18.255.2 INJ_V6=2001:db8:ff::1 RCV_V6=2001:db8:ff::2
HOST_V4=198.18.1.2 RTR1_V4=198.18.1.1
SINK_NET=198.19.200.0/24 SINK=198.19.200.1
INJ_AS=4200000100 RCV_AS=4200000200
JN_NAME=jbench-nsf JN_NEIGHBOR=injector JN_RUN=/run/junction/jbench-nsf
V4=$(( v4_routes + 1 ))          # the table's IPv4 prefixes with the sink's
TOTAL=$(( V4 + v6_routes ))
POLL=0.1
WORK=$(mktemp -d /tmp/jn-bench-nsf.XXXXXX)
jn_cleanup_trap
jn_cleanup_push jn_ns_del_matching "$PREFIX"       # kills whatever still runs in them
if [ "$keep" = 1 ]; then jn_cleanup_push note "kept $WORK"; else jn_cleanup_push rm -rf -- "$WORK"; fi
jn_ns_del_matching "$PREFIX"                        # left by a killed run

nsf_topology_up() {  # $1: junction (the router's veths without addresses: the data plane owns them) | bird
  local ns
  jn_ns_del_matching "$PREFIX"
  for ns in "$NS_I" "$NS_R" "$NS_H"; do
    ip netns add "$ns"; ip -n "$ns" link set lo up
    jn_sysctl "$ns" net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
  done
  jn_veth "$NS_I" inj0 "$NS_R" rtr0
  jn_veth "$NS_H" h0 "$NS_R" rtr1
  ip -n "$NS_I" addr add "$INJ_V4/24" dev inj0
  ip -n "$NS_I" -6 addr add "$INJ_V6/64" dev inj0 nodad
  ip -n "$NS_I" addr add "$SINK/32" dev lo
  ip -n "$NS_I" route add 198.18.1.0/24 via "$RCV_V4"
  ip -n "$NS_H" addr add "$HOST_V4/24" dev h0
  ip -n "$NS_H" route add default via "$RTR1_V4"
  if [ "$1" = junction ]; then
    jn_sysctl "$NS_R" net.ipv4.ip_forward=0
  else
    ip -n "$NS_R" addr add "$RCV_V4/24" dev rtr0
    ip -n "$NS_R" -6 addr add "$RCV_V6/64" dev rtr0 nodad
    ip -n "$NS_R" addr add "$RTR1_V4/24" dev rtr1
    jn_sysctl "$NS_R" net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  fi
  # The traffic's counters: echo requests leaving the host, and reaching the sink.
  nft_counter "$NS_H" out output || return 1
  nft_counter "$NS_I" in input || return 1
}
nft_counter() {  # NS CHAIN HOOK: count the echo requests to the sink in NS at HOOK
  ip netns exec "$1" nft -f - <<EOF || { note "nft failed in $1"; return 1; }
table inet jnbench {
  chain $2 {
    type filter hook $3 priority 0; policy accept;
    ip daddr $SINK icmp type echo-request counter
  }
}
EOF
}
# nsf_bg NS LOG CMD...: as bench-receivers.sh's bg, bounded by a whole turn (the load, the restart, the
# resync: three waits of --timeout at most); sets BG_PID.
nsf_bg() {
  local ns=$1 logf=$2; shift 2
  ip netns exec "$ns" timeout -k 5 $(( bound * 3 + 60 )) "$@" </dev/null >"$logf" 2>&1 {JN_OUT}>&- {JN_ERR}>&- &
  BG_PID=$!
  disown "$BG_PID" 2>/dev/null || true    # no "Killed" job notice when its namespace is deleted
}
nsf_topology_down() { jn_ns_del "$NS_H"; jn_ns_del "$NS_I"; jn_ns_del "$NS_R"; }
nft_packets() { ip netns exec "$1" nft list chain inet jnbench "$2" | sed -n 's/.*counter packets \([0-9]*\).*/\1/p' | head -n 1; }

# The injector: the table with the sink's prefix, graceful restart, a new session after each loss.
start_nsf_injector() {
  nsf_bg "$NS_I" "$WORK/injector.log" "$JAVA_HOME_25/bin/java" "${JUNCTION_JVM_FLAGS[@]}" -Xms1g -Xmx3g -XX:+UseParallelGC \
    -cp "$BENCH_JAR:$JUNCTION_HOME/benchmarks/target/lib/*" net.junction.benchmarks.bgp.BgpInjector \
    --connect "$RCV_V4" --as "$INJ_AS" --local "$INJ_V4" --router-id "$INJ_V4" --next-hop4 "$INJ_V4" --next-hop6 "$INJ_V6" \
    --routes4 "$IN/routes4.txt" --routes6 "$IN/routes6.txt" --v4-routes "$v4_routes" --v6-routes "$v6_routes" \
    --extra4 "$SINK_NET" --mrt "$MRT_DIR" --seed "$seed" --prefixes-per-path "$ppp" \
    --graceful-restart 300 --reconnect "$bound" --linger "$(( bound * 4 ))" --hold 240
  INJ_PID=$BG_PID
}
inj_session_value() {  # SESSION KEY: the injector's KEY=value on its session SESSION's lines
  sed -n "s/^injector: session=$1 .*$2=\([0-9.]*\).*/\1/p" "$WORK/injector.log" | tail -n 1
}
# The injector's last session that came up again after a loss (its number counts connection attempts).
inj_last_session() { sed -n 's/^injector: session=\([0-9]*\) established_epoch_ms=.*/\1/p' "$WORK/injector.log" | tail -n 1; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (a - b) / 1000 }'; }   # (A - B) ms in s

# ---------------------------------------------------------------- Junction
write_junction_config() {
  cat >"$1" <<EOF
# bench nsf: Junction as two processes; the injector's table, a host behind p1
name: $JN_NAME
dpdk:
  memory-mb: 512
  hugepages: false
  extra-args: []
cores: [1]
ports:
  - name: p0
    device: net_af_packet0,iface=rtr0
    addresses: [$RCV_V4/24, $RCV_V6/64]
  - name: p1
    device: net_af_packet1,iface=rtr1
    addresses: [$RTR1_V4/24]
bgp:
  local-as: $RCV_AS
  router-id: $RCV_V4
  neighbors:
    - name: $JN_NEIGHBOR
      address: $INJ_V4
      remote-as: $INJ_AS
      passive: true
      hold-time: 240
      graceful-restart: true
      families: [ipv4-unicast, ipv6-unicast]
      import: accept-all
      export: reject-all
  policies:
    accept-all: {otherwise: accept}
    reject-all: {otherwise: reject}
EOF
}

jn_progress() { "$PY" "$JUNCTION_HOME/benchmarks/scripts/junction-bgp-progress.py" "$JN_RUN" "$JN_NEIGHBOR"; }

# junction_loaded: the control plane accepted the whole table and the FIB holds it
junction_loaded() {
  local acc4 acc6 fib4 fib6 mt fb
  read -r acc4 acc6 fib4 fib6 mt fb < <(jn_progress) || return 1
  JN_PROGRESS="accepted $acc4 + $acc6, FIB $fib4 + $fib6 (done at $V4 + $v6_routes accepted, FIB $JN_FIB4 + $JN_FIB6)"
  [ "$acc4" = "$V4" ] && [ "$acc6" = "$v6_routes" ] && [ "$fib4" -ge "$JN_FIB4" ] && [ "$fib6" -ge "$JN_FIB6" ]
}

start_junction_control() {  # LOG: start `junction control`; sets CONTROL_BG
  JUNCTION_NO_BUILD=1 nsf_bg "$NS_R" "$1" "$JUNCTION_HOME/junction" control --config "$d/junction.yaml" --state-dir "$d/state"
  CONTROL_BG=$BG_PID
}

# junction_up: data plane, control plane, the table loaded; 1 with a note otherwise
junction_up() {
  local rc=0 base4=-1 base6=-1 acc4 acc6 mt fb t
  write_junction_config "$d/junction.yaml"
  if ! JUNCTION_NO_BUILD=1 "$JUNCTION_HOME/junction" validate --config "$d/junction.yaml" >"$d/validate.log" 2>&1; then
    note "junction: ./junction validate refused the bench's config: $(tr '\n' ' ' <"$d/validate.log" | cut -c1-300)"; return 1
  fi
  JUNCTION_NO_BUILD=1 nsf_bg "$NS_R" "$d/dataplane.log" "$JUNCTION_HOME/junction" dataplane --config "$d/junction.yaml"
  DATAPLANE_BG=$BG_PID
  jn_wait_for_line 180 "$d/dataplane.log" '^junction: data plane ready' "$DATAPLANE_BG" || rc=$?
  [ "$rc" = 0 ] || { note "junction: no 'data plane ready' (log $d/dataplane.log)"; tail -n 5 "$d/dataplane.log" >&2; return 1; }
  start_junction_control "$d/control-1.log"
  jn_wait_for_line 180 "$d/control-1.log" '^junction: ready' "$CONTROL_BG" || rc=$?
  [ "$rc" = 0 ] || { note "junction: no 'junction: ready' (log $d/control-1.log)"; tail -n 5 "$d/control-1.log" >&2; return 1; }
  for t in $(seq 1 50); do
    read -r acc4 acc6 base4 base6 mt fb < <(jn_progress)
    [ "$base4" -ge 0 ] && [ "$base6" -ge 0 ] && break
    sleep 0.2
  done
  [ "$base4" -ge 0 ] && [ "$base6" -ge 0 ] || { note "junction: no fib_routes4/6 in $JN_RUN/counters.dat"; return 1; }
  JN_FIB4=$(( base4 + V4 - $(jn_overlap 4 "$RCV_V4/24" "$RCV_V4/32" "$RTR1_V4/24" "$RTR1_V4/32") ))
  JN_FIB6=$(( base6 + v6_routes - $(jn_overlap 6 "$RCV_V6/64" "$RCV_V6/128") ))
  start_nsf_injector
  if ! jn_wait_for "$bound" junction_loaded; then
    note "junction: the table is not loaded after $bound s: ${JN_PROGRESS:-no progress read}"; return 1
  fi
  note "junction: table loaded: $JN_PROGRESS"
}

junction_kill_restart() {  # the kill and the start again; sets T_KILL
  local pid
  pid=$(cat "$JN_RUN/control.pid" 2>/dev/null) || { note "junction: no $JN_RUN/control.pid"; return 1; }
  T_KILL=$(now_ms)
  kill -KILL "$pid"
  jn_wait_for 10 receiver_gone "$pid" || true
  start_junction_control "$d/control-2.log"
}

# junction_resynced: the data plane ended the new epoch's resync (applied the table, swept the rest):
# counters.fib_resyncs_ended, 0 until then on this turn's fresh data plane
junction_resynced() {
  local ended
  ended=$("$PY" "$JUNCTION_HOME/benchmarks/scripts/junction-bgp-progress.py" --counters "$JN_RUN" fib_resyncs_ended)
  [ "${ended:--1}" -ge 1 ]
}
junction_resync_printed() { grep -q '^junction: FIB resynced' "$d/control-2.log"; }

# ---------------------------------------------------------------- BIRD
write_bird_config() {
  cat >"$1" <<EOF
# bench nsf: BIRD 2 routes in its namespace's kernel; the kernel keeps BIRD's routes while BIRD restarts
log "$d/bird.log" { info, remote, warning, error, auth, fatal, bug, trace };
router id $RCV_V4;
protocol device {}
protocol kernel kernel4 {
  ipv4 { import none; export all; };
  persist;                  # routes stay in the kernel when BIRD stops
  graceful restart on;      # in recovery (bird -R), sync with the kernel only once the table is whole
  debug { events };         # "Pruning table": the sync with the kernel (bench nsf's resync mark)
}
protocol kernel kernel6 {
  ipv6 { import none; export all; };
  persist;
  graceful restart on;
  debug { events };
}
protocol bgp inj {
  local $RCV_V4 as $RCV_AS;
  neighbor $INJ_V4 as $INJ_AS;
  passive on;
  hold time 240;
  graceful restart on;
  ipv4 { import all; export none; };
  ipv6 { import all; export none; };
}
EOF
}

birdc_n() { timeout 30 birdc -s "$d/bird.ctl" "$@"; }
bird_exported() {  # PROTOCOL: routes the kernel protocol exported
  birdc_n show protocols all "$1" 2>/dev/null | awk '$1 == "Routes:" { print $4; exit }'
}
bird_loaded() {
  local e4 e6
  e4=$(bird_exported kernel4); e6=$(bird_exported kernel6)
  BIRD_PROGRESS="exported to the kernel $e4 + $e6 of $V4 + $v6_routes"
  [ "${e4:-0}" -ge "$V4" ] && [ "${e6:-0}" -ge "$v6_routes" ]
}

start_bird() {  # [-R]
  nsf_bg "$NS_R" "$d/bird-out.log" bird -f "$@" -c "$d/bird.conf" -s "$d/bird.ctl" -P "$d/bird.pid"
  jn_wait_for 30 birdc_n show status || return 1
  BIRD_PID=$(pid_in_ns "$NS_R" bird)
}

bird_up() {
  write_bird_config "$d/bird.conf"
  start_bird || { note "bird: did not start (log $d/bird-out.log)"; tail -n 5 "$d/bird-out.log" >&2; return 1; }
  start_nsf_injector
  if ! jn_wait_for "$bound" bird_loaded; then note "bird: the table is not in the kernel after $bound s: ${BIRD_PROGRESS:-?}"; return 1; fi
  note "bird: table loaded: $BIRD_PROGRESS; the kernel holds $(ip -n "$NS_R" -4 route show proto bird | wc -l) + $(ip -n "$NS_R" -6 route show proto bird | wc -l) routes of BIRD's"
}

bird_kill_restart() {
  BIRD_LOG_MARK=$(wc -l <"$d/bird.log")
  T_KILL=$(now_ms)
  kill -KILL "$BIRD_PID"
  jn_wait_for 10 receiver_gone "$BIRD_PID" || true
  rm -f "$d/bird.ctl"
  start_bird -R
}

# bird_resynced: after "Graceful restart done", both kernel tables pruned (synced) and BIRD answering again
bird_resynced() {
  tail -n +"$(( BIRD_LOG_MARK + 1 ))" "$d/bird.log" | awk '
    /Graceful restart done/ { done = 1 } done && /kernel4: Pruning table/ { p4 = 1 } done && /kernel6: Pruning table/ { p6 = 1 }
    END { exit !(p4 && p6) }' || return 1
  birdc_n show status >/dev/null 2>&1
}

# ---------------------------------------------------------------- one turn
receiver_gone() { ! kill -0 "$1" 2>/dev/null; }

# turn C ROUND: sets TURN_LOST and TURN_RESYNC (-1 on failure), TURN_EOR
turn() {
  local c=$1 round=$2 s="" ping_pid t_resync="" t_printed="" eor4 eor6 t_eor sent recvd deadline summary rc=0
  d=$WORK/$c-$round; mkdir -p "$d"
  TURN_LOST=-1 TURN_RESYNC=-1 TURN_EOR=-1
  if ! nsf_topology_up "$c" || ! "${c}_up"; then nsf_topology_down; return 1; fi
  if ! jn_wait_for 20 ip netns exec "$NS_H" ping -c 1 -W 1 "$SINK"; then
    note "$c: the host does not reach $SINK before the kill"; nsf_topology_down; return 1
  fi
  ip netns exec "$NS_H" nft reset counters table inet jnbench >/dev/null
  ip netns exec "$NS_I" nft reset counters table inet jnbench >/dev/null
  # Bounded in count and time: at most --timeout x 3 seconds of pings; stopped (SIGINT) once done.
  ip netns exec "$NS_H" ping -n -q -i "$(awk -v r="$rate" 'BEGIN { printf "%.4f", 1 / r }')" -c $(( rate * bound * 3 )) \
    -w $(( bound * 3 )) "$SINK" >"$d/ping.log" 2>&1 &
  ping_pid=$!
  sleep 2
  if ! "${c}_kill_restart"; then kill -INT "$ping_pid" 2>/dev/null; wait "$ping_pid" 2>/dev/null; nsf_topology_down; return 1; fi
  deadline=$(( $(date +%s) + bound ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if [ -z "$t_resync" ] && "${c}_resynced"; then t_resync=$(now_ms); fi
    if [ "$c" = junction ] && [ -z "$t_printed" ] && junction_resync_printed; then t_printed=$(now_ms); fi
    s=$(inj_last_session)
    eor4="" eor6=""
    [ -n "$s" ] && eor4=$(inj_session_value "$s" eor4_epoch_ms) && eor6=$(inj_session_value "$s" eor6_epoch_ms)
    [ "$v6_routes" = 0 ] && eor6=${eor4:-}
    [ -n "$t_resync" ] && [ -n "$eor4" ] && [ -n "$eor6" ] && break
    sleep "$POLL"
  done
  sleep 2
  kill -INT "$ping_pid" 2>/dev/null || true
  wait "$ping_pid" 2>/dev/null || true
  sleep 1
  sent=$(nft_packets "$NS_H" out); recvd=$(nft_packets "$NS_I" in)
  summary=$(grep -E 'packets transmitted' "$d/ping.log" || echo "no ping summary")
  [ -n "$sent" ] && [ -n "$recvd" ] && TURN_LOST=$(( sent - recvd ))
  if [ -n "$t_resync" ]; then TURN_RESYNC=$(secs "$t_resync" "$T_KILL"); else rc=1; note "$c: no resync within $bound s"; fi
  if [ -n "$eor4" ] && [ -n "$eor6" ]; then
    t_eor=$(awk -v a="$eor4" -v b="$eor6" 'BEGIN { print (a > b ? a : b) }'); TURN_EOR=$(secs "$t_eor" "$T_KILL")
  else
    rc=1; note "$c: the injector has no End-of-RIB of both families from the restarted speaker within $bound s"
  fi
  local back
  s=$(inj_last_session)
  back=""; [ -n "$s" ] && back=$(inj_session_value "$s" established_epoch_ms)
  printf 'round %d %-8s lost %s of %s (received %s), resync %s s, End-of-RIB at the peer %s s, session back %s s after the kill; ping: %s\n' \
    "$round" "$c" "$TURN_LOST" "${sent:-?}" "${recvd:-?}" "$TURN_RESYNC" "$TURN_EOR" \
    "$( [ -n "$back" ] && secs "$back" "$T_KILL" || echo '?')" "$summary"
  if [ "$c" = junction ]; then
    echo "  $(grep -m1 '^junction: FIB resynced' "$d/control-2.log") (printed $( [ -n "$t_printed" ] && secs "$t_printed" "$T_KILL" || echo '?') s after the kill)"
  fi
  cp "$WORK/injector.log" "$d/injector.log" 2>/dev/null || true
  nsf_topology_down
  return "$rc"
}

# ---------------------------------------------------------------- rounds
declare -A LOST=() RESYNC=() EOR=()
read -r b0 a0 < <(awk '/^cpu / { print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8 }' /proc/stat); sleep 1
read -r b1 a1 < <(awk '/^cpu / { print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8 }' /proc/stat)
busy=$(( (b1 - b0) * 100 / ( (a1 - a0) > 0 ? (a1 - a0) : 1 ) ))
echo "bench nsf: $V4 IPv4 (with $SINK_NET) + $v6_routes IPv6 prefixes from one graceful-restart eBGP injector; contenders ${CONTENDERS[*]}; $rounds round(s); pings at $rate/s to $SINK; machine ${busy}% busy before the rounds; table $IN"
for round in $(seq 1 "$rounds"); do
  for c in "${CONTENDERS[@]}"; do
    if [ -n "${DISABLED[$c]:-}" ]; then note "$c: ${DISABLED[$c]}"; continue; fi
    if turn "$c" "$round"; then
      LOST[$c]="${LOST[$c]:-} $TURN_LOST"; RESYNC[$c]="${RESYNC[$c]:-} $TURN_RESYNC"; EOR[$c]="${EOR[$c]:-} $TURN_EOR"
    else
      note "$c: round $round failed (logs in $WORK/$c-$round; --keep keeps them)"
    fi
  done
done

declare -A ML=() MR=()
for c in junction bird; do
  if [ -n "${RESYNC[$c]:-}" ]; then
    ML[$c]=$(median <<<"${LOST[$c]}"); MR[$c]=$(median <<<"${RESYNC[$c]}")
    printf 'median %-8s lost %s packets, resync %.2f s, End-of-RIB at the peer %.2f s  (%d of %d rounds)\n' "$c" "${ML[$c]}" \
      "${MR[$c]}" "$(median <<<"${EOR[$c]}")" "$(wc -w <<<"${RESYNC[$c]}")" "$rounds"
  else
    ML[$c]=-1 MR[$c]=-1
    [[ " ${CONTENDERS[*]} " == *" $c "* ]] && printf 'median %-8s no successful round\n' "$c"
  fi
done
s2() { if [ "$1" = -1 ]; then echo -1; else printf '%.2f' "$1"; fi; }
printf 'nsf junction_lost=%s junction_resync_s=%s bird_lost=%s bird_resync_s=%s\n' \
  "${ML[junction]%.*}" "$(s2 "${MR[junction]}")" "${ML[bird]%.*}" "$(s2 "${MR[bird]}")"
