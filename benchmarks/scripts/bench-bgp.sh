#!/usr/bin/env bash
# ./junction bench bgp: how fast a BGP speaker takes in a full table from one eBGP peer. Each
# receiver (BIRD 2, FRR's bgpd, GoBGP, Junction) runs in its own namespace, joined by a veth to
# the injector's namespace; the same injector (benchmarks: net.junction.benchmarks.bgp.BgpInjector,
# Junction's wire codec) streams the same pre-encoded table to each: bench fib's generated 1M IPv4
# + 250k IPv6 prefixes with real AS paths and communities drawn from the RIPE RIS MRT dumps.
#
#   benchmarks/scripts/bench-bgp.sh [--rounds N] [--only LIST] [--v4-routes N] [--v6-routes N]
#        [--prefixes-per-path N] [--poll S] [--timeout S] [--seed S] [--cache DIR] [--keep]
#
#   --rounds N        rounds; each runs every receiver once, in turn (default 3)
#   --only LIST       receivers to run, comma-separated: bird, frr, gobgp, junction (default all)
#   --v4-routes N     IPv4 prefixes in the table (default 1000000)
#   --v6-routes N     IPv6 prefixes in the table (default 250000; 0 for none)
#   --prefixes-per-path N  prefixes per distinct attribute set the injector aims at (default 4;
#                     the RIS dumps alone give about 17k sets; see docs/benchmarks.md)
#   --poll S          seconds between two prefix-count polls of the receiver (default 0.5)
#   --timeout S       bound of one turn, from the receiver's start to its last prefix (default 300)
#   --seed S          table seed: bench fib's generator and the path draw (default 1)
#   --cache DIR       generated tables (default /var/tmp/junction-bench-fib, shared with bench fib)
#   --keep            keep the temp folder (configs, logs) and print its path
#
# Measured per turn: seconds from the injector's first UPDATE to the poll that sees the receiver
# holding every prefix (BIRD: birdc show route count; FRR: show bgp summary json, pfxRcd of both
# families; GoBGP: gobgp global rib summary, both families; Junction: prefixes_accepted of both
# families from its control.json AND counters.fib_routes4/6 from its counters file, read by
# junction-bgp-progress.py as `junction status --json` would, without a JVM per poll), so the figure
# is late by at most one poll interval (Junction: or by control.json's age, at most a second); the
# receiver's peak RSS (VmHWM of its process) and CPU seconds. Receivers run one at a time.
# Output: per-turn lines, medians, and as the last line exactly
#   bgp junction_s=A bird_s=B frr_s=C gobgp_s=D ratio_vs_bird=A/B junction_rss_mb=E bird_rss_mb=F
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
PY=/usr/bin/python3

note() { echo "bench-bgp: $*" >&2; }
fail() { note "$*"; exit 1; }

rounds=3 only=bird,frr,gobgp,junction v4_routes=1000000 v6_routes=250000 poll=0.5 bound=300 seed=1 keep=0 ppp=4
cache=${JUNCTION_BENCH_CACHE:-/var/tmp/junction-bench-fib}
MRT_DIR=${JUNCTION_MRT_DIR:-$(shared_data mrt)}
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds)    rounds=${2:?}; shift 2 ;;
    --only)      only=${2:?}; shift 2 ;;
    --v4-routes) v4_routes=${2:?}; shift 2 ;;
    --v6-routes) v6_routes=${2:?}; shift 2 ;;
    --poll)      poll=${2:?}; shift 2 ;;
    --prefixes-per-path) ppp=${2:?}; shift 2 ;;
    --timeout)   bound=${2:?}; shift 2 ;;
    --seed)      seed=${2:?}; shift 2 ;;
    --cache)     cache=${2:?}; shift 2 ;;
    --keep)      keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option '$1' (try --help)" ;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || fail "--rounds must be a positive integer"
[[ $v4_routes =~ ^[0-9]+$ ]] && [ "$v4_routes" -ge 1000 ] && [ "$v4_routes" -le 2000000 ] || fail "--v4-routes must be 1000..2000000"
[[ $v6_routes =~ ^[0-9]+$ ]] && [ "$v6_routes" -le 1000000 ] || fail "--v6-routes must be 0..1000000"
[[ $poll =~ ^[0-9]*\.?[0-9]+$ ]] || fail "--poll must be a number of seconds"
[[ $ppp =~ ^[0-9]*\.?[0-9]+$ ]] || fail "--prefixes-per-path must be a positive number"
[[ $bound =~ ^[1-9][0-9]*$ ]] || fail "--timeout must be a positive number of seconds"
[[ $seed =~ ^[0-9]+$ ]] || fail "--seed must be a non-negative integer"
RECEIVERS=()
for r in bird frr gobgp junction; do [[ ,$only, == *,$r,* ]] && RECEIVERS+=("$r"); done
for r in ${only//,/ }; do [[ " bird frr gobgp junction " == *" $r "* ]] || fail "--only: unknown receiver '$r'"; done
[ ${#RECEIVERS[@]} -gt 0 ] || fail "--only names no receiver"
TOTAL=$(( v4_routes + v6_routes ))

jn_require_root || exit 1
for t in "$PY" timeout flock awk sha1sum ip ss; do command -v "$t" >/dev/null || fail "'$t' not found"; done
declare -A BIN=([bird]=/usr/sbin/bird [frr]=/usr/lib/frr/bgpd [gobgp]=/usr/bin/gobgpd)
declare -A DISABLED=()
for r in bird frr gobgp; do
  [ -x "${BIN[$r]}" ] || DISABLED[$r]="${BIN[$r]} is missing (./junction setup installs bird2, frr, gobgpd)"
done
JAVA_HOME_25=$(find_java)
BENCH_JAR=""
for j in "$JUNCTION_HOME"/benchmarks/target/junction-benchmarks-*.jar; do
  case "$j" in *-sources.jar|*-javadoc.jar) ;; *) [ -f "$j" ] && BENCH_JAR=$j ;; esac
done
[ -n "$BENCH_JAR" ] && [ -f "$JUNCTION_HOME/benchmarks/target/lib/junction-bgp-0.1.0-SNAPSHOT.jar" ] \
  || fail "the benchmarks module is not built with the injector: run ./junction build (or ./junction bench bgp)"
[ -d "$MRT_DIR" ] || fail "the RIPE RIS MRT dumps are missing ($MRT_DIR: ../shared/data/mrt beside the checkout; set JUNCTION_SHARED_DATA or JUNCTION_MRT_DIR): the injector draws its AS paths from them"

exec 9>/tmp/jn-bench-bgp.lock
flock -n 9 || fail "another bench bgp is running (lock /tmp/jn-bench-bgp.lock)"

# ---------------------------------------------------------------- inputs (bench fib's tables, cached)
gen_hash=$(sha1sum "$JUNCTION_HOME/benchmarks/fib/gen-inputs.py" | cut -c1-10)
if [ "$v4_routes" -le 1000000 ] && [ "$v6_routes" -le 250000 ]; then gv4=1000000 gv6=250000; else gv4=$v4_routes gv6=$v6_routes; fi
IN=""
for d in "$cache/v4-$gv4.v6-$gv6.l"*".s$seed.g$gen_hash"; do [ -s "$d/meta.txt" ] && IN=$d && break; done
if [ -z "$IN" ]; then
  IN="$cache/v4-$gv4.v6-$gv6.l64.s$seed.g$gen_hash"
  mkdir -p "$cache"
  GEN_TMP=$(mktemp -d "$cache/.gen.XXXXXX")
  note "generating a $gv4 + $gv6 route table into $IN (once; about 30 s)"
  timeout "$bound" "$PY" "$JUNCTION_HOME/benchmarks/fib/gen-inputs.py" --out "$GEN_TMP" --v4-routes "$gv4" \
    --v6-routes "$gv6" --lookups 64 --seed "$seed" >&2 || { rm -rf "$GEN_TMP"; fail "gen-inputs.py failed"; }
  rm -rf "$IN"; mv "$GEN_TMP" "$IN"
fi

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

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

topology_up() {  # $1: junction (the receiver's veth without addresses: the data plane owns it)
  jn_ns_del_matching "$PREFIX"
  ip netns add "$NS_I"; ip netns add "$NS_R"
  ip -n "$NS_I" link set lo up; ip -n "$NS_R" link set lo up
  jn_sysctl "$NS_I" net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
  jn_sysctl "$NS_R" net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
  jn_veth "$NS_I" inj0 "$NS_R" rcv0      # offloads off on both ends
  # The injector's TX checksum offload must be off: with it, its TCP segments reach Junction's
  # af_packet port with partial checksums, and Junction's kernel side (the TAP) drops them.
  ip netns exec "$NS_I" ethtool -k inj0 | grep -q '^tx-checksumming: off' \
    || fail "tx checksum offload still on for inj0 (ethtool -K inj0 tx off failed)"
  ip -n "$NS_I" addr add "$INJ_V4/24" dev inj0
  ip -n "$NS_I" -6 addr add "$INJ_V6/64" dev inj0 nodad
  if [ "${1:-}" = junction ]; then
    # As in the lab: rcv0's sysctls stay at their defaults; Junction's kernel claim (dataplane
    # KernelClaim: nftables ingress drop, IPv6 off) keeps this namespace's kernel off the port.
    jn_sysctl "$NS_R" net.ipv4.ip_forward=0
  else
    ip -n "$NS_R" addr add "$RCV_V4/24" dev rcv0
    ip -n "$NS_R" -6 addr add "$RCV_V6/64" dev rcv0 nodad
  fi
}

topology_down() { jn_ns_del "$NS_I"; jn_ns_del "$NS_R"; }

# bg NS LOG CMD...: start CMD in NS, bounded by the turn's timeout, output to LOG; sets BG_PID.
bg() {
  local ns=$1 logf=$2; shift 2
  ip netns exec "$ns" timeout -k 5 "$bound" "$@" </dev/null >"$logf" 2>&1 {JN_OUT}>&- {JN_ERR}>&- &
  BG_PID=$!
  disown "$BG_PID" 2>/dev/null || true    # no "Killed" job notice when its namespace is deleted
}

# The pid of the process named COMM running in NS (the daemon under `timeout`).
pid_in_ns() {
  local ns=$1 comm=$2 p
  for p in $(ip netns pids "$ns" 2>/dev/null); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$comm" ] && { echo "$p"; return 0; }
  done
  return 1
}
hwm_mb() { awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# jn_overlap 4|6 PREFIX...: how many of the router's own prefixes the injected table repeats (the FIB
# counts such a prefix once). Prefixes are compared as written, which holds for this table's
# canonical forms.
jn_overlap() {
  local f=$1 n; shift
  n=$([ "$f" = 4 ] && echo "$v4_routes" || echo "$v6_routes")
  head -n "$n" "$IN/routes$f.txt" | awk -v list="$*" 'BEGIN { split(list, p, " "); for (i in p) want[p[i]] = 1 }
    ($1 in want) { c++ } END { print c + 0 }'
}

# ---------------------------------------------------------------- receivers
write_receiver_config() {
  local r=$1 d=$WORK/$1
  mkdir -p "$d"
  case $r in
    bird) cat >"$d/bird.conf" <<EOF
# bench bgp: BIRD receives everything, exports nothing
log "$d/bird.log" { info, remote, warning, error, auth, fatal, bug };
router id $RCV_V4;
protocol device {}
protocol bgp inj {
  local $RCV_V4 as $RCV_AS;
  neighbor $INJ_V4 as $INJ_AS;
  passive on;
  hold time 240;
  ipv4 { import all; export none; };
  ipv6 { import all; export none; };
}
EOF
    ;;
    frr) cat >"$d/bgpd.conf" <<EOF
! bench bgp: FRR's bgpd (no zebra) receives everything, exports nothing
frr defaults traditional
hostname jn-bench-frr
log file $d/bgpd.log informational
route-map JN-NONE deny 10
exit
router bgp $RCV_AS
 bgp router-id $RCV_V4
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 neighbor $INJ_V4 remote-as $INJ_AS
 neighbor $INJ_V4 passive
 neighbor $INJ_V4 timers 80 240
 address-family ipv4 unicast
  neighbor $INJ_V4 activate
  neighbor $INJ_V4 route-map JN-NONE out
 exit-address-family
 address-family ipv6 unicast
  neighbor $INJ_V4 activate
  neighbor $INJ_V4 route-map JN-NONE out
 exit-address-family
!
EOF
    ;;
    gobgp) cat >"$d/gobgpd.toml" <<EOF
# bench bgp: GoBGP receives everything, exports nothing
[global.config]
  as = $RCV_AS
  router-id = "$RCV_V4"
  port = 179
  local-address-list = ["$RCV_V4"]
[global.apply-policy.config]
  default-import-policy = "accept-route"
  default-export-policy = "reject-route"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$INJ_V4"
    peer-as = $INJ_AS
  [neighbors.transport.config]
    passive-mode = true
  [neighbors.timers.config]
    hold-time = 240
    keepalive-interval = 80
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
EOF
    ;;
    junction) cat >"$d/junction.yaml" <<EOF
# bench bgp: Junction receives everything from the injector (passive, like the others), exports nothing
name: $JN_NAME
dpdk:
  memory-mb: 512
  hugepages: false
  extra-args: []
cores: [1]
ports:
  - name: p0
    device: net_af_packet0,iface=rcv0
    addresses: [$RCV_V4/24, $RCV_V6/64]
bgp:
  local-as: $RCV_AS
  router-id: $RCV_V4
  neighbors:
    - name: $JN_NEIGHBOR
      address: $INJ_V4
      remote-as: $INJ_AS
      passive: true
      hold-time: 240
      families: [ipv4-unicast, ipv6-unicast]
      import: accept-all
      export: reject-all
  policies:
    accept-all: {otherwise: accept}
    reject-all: {otherwise: reject}
EOF
    ;;
  esac
}

# start_receiver R: start it in NS_R and wait until it answers; sets RCV_PID (the daemon) or returns 1.
start_receiver() {
  local r=$1 d=$WORK/$1
  RCV_PID=""
  case $r in
    bird)
      bg "$NS_R" "$d/out.log" bird -f -c "$d/bird.conf" -s "$d/bird.ctl" -P "$d/bird.pid"
      jn_wait_for 20 birdc -s "$d/bird.ctl" show status || return 1
      RCV_PID=$(pid_in_ns "$NS_R" bird) ;;
    frr)
      bg "$NS_R" "$d/out.log" /usr/lib/frr/bgpd -Z -n -S -f "$d/bgpd.conf" -i "$d/bgpd.pid" --vty_socket "$d" -P 0 -p 179
      jn_wait_for 20 vtysh --vty_socket "$d" -d bgpd -c 'show bgp summary json' || return 1
      RCV_PID=$(pid_in_ns "$NS_R" bgpd) ;;
    gobgp)
      bg "$NS_R" "$d/out.log" gobgpd -f "$d/gobgpd.toml" -t toml -p -l warn --api-hosts 127.0.0.1:50051 --pprof-disable
      jn_wait_for 20 ip netns exec "$NS_R" gobgp -u 127.0.0.1 -p 50051 global || return 1
      RCV_PID=$(pid_in_ns "$NS_R" gobgpd) ;;
    junction)
      # ./junction bench built everything before this script: never start a build inside a turn.
      if ! JUNCTION_NO_BUILD=1 "$JUNCTION_HOME/junction" validate --config "$d/junction.yaml" >"$d/validate.log" 2>&1; then
        JUNCTION_NOTE="./junction validate refused the bench's config: $(tr '\n' ' ' <"$d/validate.log" | cut -c1-400)"
        return 1
      fi
      # its commits stay in the turn's folder (removed with $WORK), never in /var/lib/junction
      JUNCTION_NO_BUILD=1 bg "$NS_R" "$d/out.log" "$JUNCTION_HOME/junction" run --config "$d/junction.yaml" \
        --state-dir "$d/state"
      local rc=0
      jn_wait_for_line 180 "$d/out.log" '^junction: ready' "$BG_PID" || rc=$?
      if [ "$rc" != 0 ]; then
        JUNCTION_NOTE="./junction run refused or failed with the bgp config ($( [ "$rc" = 2 ] && echo "exited" || echo "no 'junction: ready' in 180 s"); last lines: $(sed 's/\x1b\[[0-9;]*m//g' "$d/out.log" | grep -v '^\s*$' | tail -n 3 | tr '\n' ' ' | cut -c1-400))"
        return 1
      fi
      RCV_PID=$(pid_in_ns "$NS_R" java)
      # The FIB's own routes before any BGP route (connected and local routes of p0's addresses):
      # the turn ends when the FIB holds these plus every injected prefix.
      local base4=-1 base6=-1 acc4 acc6 mt t
      for t in $(seq 1 50); do
        read -r acc4 acc6 base4 base6 mt < <("$PY" "$JUNCTION_HOME/benchmarks/scripts/junction-bgp-progress.py" \
          "$JN_RUN" "$JN_NEIGHBOR")
        [ "$base4" -ge 0 ] && [ "$base6" -ge 0 ] && [ "$acc4" -ge 0 ] && break
        sleep 0.2
      done
      [ "$base4" -ge 0 ] && [ "$base6" -ge 0 ] || { note "junction: no fib_routes4/6 in $JN_RUN/counters.dat"; return 1; }
      JN_FIB4=$(( base4 + v4_routes - $(jn_overlap 4 "$RCV_V4/24" "$RCV_V4/32") ))
      JN_FIB6=$(( base6 + v6_routes - $(jn_overlap 6 "$RCV_V6/64" "$RCV_V6/128") ))
      note "junction: FIB holds $base4 + $base6 routes of its own before the table; done at $JN_FIB4 + $JN_FIB6" ;;
  esac
  [ -n "$RCV_PID" ] || return 1
  jn_wait_for 20 jn_tcp_listening "$NS_R" 179 || [ "$r" = junction ] || return 1
}

# prefix_count R: prefixes the receiver holds now (both families), or nothing when it cannot say.
prefix_count() {
  local r=$1 d=$WORK/$1
  case $r in
    bird)   # "1250000 of 1250000 routes for 1250000 networks in table master4" (one line per table)
      birdc -s "$d/bird.ctl" show route count 2>/dev/null \
        | awk '/ routes for / { n += $1 } END { print n + 0 }' ;;
    frr)
      timeout 20 vtysh --vty_socket "$d" -d bgpd -c 'show bgp summary json' 2>/dev/null | "$PY" -c '
import json, sys
j = json.load(sys.stdin)
print(sum(p.get("pfxRcd", 0) for af in ("ipv4Unicast", "ipv6Unicast") for p in j.get(af, {}).get("peers", {}).values()))' 2>/dev/null ;;
    gobgp)
      local a n t=0
      for a in ipv4 ipv6; do
        n=$(timeout 20 ip netns exec "$NS_R" gobgp -u 127.0.0.1 -p 50051 -j global rib summary -a "$a" 2>/dev/null \
          | "$PY" -c 'import json, sys; print(json.load(sys.stdin).get("num_path", 0))' 2>/dev/null) || return 0
        t=$(( t + n ))
      done
      echo "$t" ;;
    junction) jn_poll; echo "$JN_COUNT" ;;   # (turn calls jn_poll itself: it keeps state)
  esac
}

# jn_poll: one poll of Junction; sets JN_COUNT (TOTAL only when both families are accepted in full
# AND the FIB holds them, else the accepted count), JN_ACC_MS (the write time of the first
# control.json with every prefix accepted) and JN_PROGRESS (for a note).
jn_poll() {
  local acc4 acc6 fib4 fib6 mt
  JN_COUNT=""
  read -r acc4 acc6 fib4 fib6 mt < <("$PY" "$JUNCTION_HOME/benchmarks/scripts/junction-bgp-progress.py" \
    "$JN_RUN" "$JN_NEIGHBOR") || return 0
  JN_PROGRESS="accepted $acc4 + $acc6, FIB $fib4 + $fib6 (expected $JN_FIB4 + $JN_FIB6)"
  if [ "$acc4" = "$v4_routes" ] && [ "$acc6" = "$v6_routes" ] && [ -z "$JN_ACC_MS" ]; then JN_ACC_MS=$mt; fi
  if [ -n "$JN_ACC_MS" ] && [ "$fib4" -ge "$JN_FIB4" ] && [ "$fib6" -ge "$JN_FIB6" ]; then
    JN_COUNT=$TOTAL
  else
    JN_COUNT=$(( (acc4 > 0 ? acc4 : 0) + (acc6 > 0 ? acc6 : 0) ))
  fi
}

inj_value() { sed -n "s/^injector: .*$1=\([0-9.]*\).*/\1/p" "$WORK/injector.log" | tail -n 1; }

# turn R ROUND: one receiver, one table; sets TURN_S, TURN_RSS, TURN_CPU (0 on failure).
turn() {
  local r=$1 round=$2 d=$WORK/$1 t_start deadline count=0 t_done="" first last sent_s
  TURN_S=0 TURN_RSS=0 TURN_CPU=0 JN_ACC_MS="" JN_PROGRESS=""
  topology_up "$r"
  write_receiver_config "$r"
  if ! start_receiver "$r"; then
    if [ "$r" != junction ] || [ -z "$JUNCTION_NOTE" ]; then   # Junction's refusal has its own note
      note "$r did not start (log $d/out.log)"; tail -n 5 "$d/out.log" >&2 2>/dev/null || true
    fi
    topology_down; return 1
  fi
  bg "$NS_I" "$WORK/injector.log" "$JAVA_HOME_25/bin/java" "${JUNCTION_JVM_FLAGS[@]}" -Xms2g -Xmx3g -XX:+UseParallelGC \
    -cp "$BENCH_JAR:$JUNCTION_HOME/benchmarks/target/lib/*" net.junction.benchmarks.bgp.BgpInjector \
    --connect "$RCV_V4" --local "$INJ_V4" --as "$INJ_AS" --router-id "$INJ_V4" --next-hop4 "$INJ_V4" \
    --next-hop6 "$INJ_V6" --routes4 "$IN/routes4.txt" --routes6 "$IN/routes6.txt" \
    --v4-routes "$v4_routes" --v6-routes "$v6_routes" --mrt "$MRT_DIR" --seed "$seed" --prefixes-per-path "$ppp"
  INJ_PID=$BG_PID
  t_start=$(date +%s)
  deadline=$(( t_start + bound ))
  if ! jn_wait_for_line 120 "$WORK/injector.log" 'established_epoch_ms=' "$INJ_PID"; then
    note "$r: no session with the injector"; tail -n 5 "$WORK/injector.log" >&2
    topology_down; return 1
  fi
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if [ "$r" = junction ]; then jn_poll; count=$JN_COUNT; else count=$(prefix_count "$r" || true); fi
    if [ -n "$count" ] && [ "$count" -ge "$TOTAL" ]; then t_done=$(now_ms); break; fi
    if ! jn_alive "$INJ_PID"; then note "$r: the injector ended early"; tail -n 3 "$WORK/injector.log" >&2; break; fi
    if ! kill -0 "$RCV_PID" 2>/dev/null; then note "$r: the receiver died"; break; fi
    sleep "$poll"
  done
  TURN_RSS=$(hwm_mb "$RCV_PID"); TURN_CPU=$(cpu_s "$RCV_PID")
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
    printf 'round %d %-8s %7.2f s to %d prefixes (injector done sending after %s s), peak RSS %d MB, CPU %s s\n' \
      "$round" "$r" "$TURN_S" "$TOTAL" "$sent_s" "$TURN_RSS" "$TURN_CPU"
  else
    note "$r: holds ${count:-?} of $TOTAL prefixes when the turn ended (bound ${bound} s)"
    printf 'round %d %-8s FAILED (%s of %d prefixes), peak RSS %d MB\n' "$round" "$r" "${count:-?}" "$TOTAL" "$TURN_RSS"
    TURN_S=0
  fi
  cp "$WORK/injector.log" "$d/injector-round$round.log" 2>/dev/null || true
  topology_down
  [ "$TURN_S" != 0 ]
}

# ---------------------------------------------------------------- rounds
declare -A SECS=() RSS=() CPU=()
JUNCTION_NOTE=""
# How busy the machine is before the rounds (all CPUs, over 1 s): others' work slows the receivers.
busy_jiffies() { awk '/^cpu / { print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8 }' /proc/stat; }
read -r b0 a0 < <(busy_jiffies); sleep 1; read -r b1 a1 < <(busy_jiffies)
busy=$(( (b1 - b0) * 100 / ( (a1 - a0) > 0 ? (a1 - a0) : 1 ) ))
echo "bench bgp: $v4_routes IPv4 + $v6_routes IPv6 prefixes from one eBGP injector, receivers ${RECEIVERS[*]}, $rounds round(s), poll every $poll s; machine ${busy}% busy before the rounds; table $IN"
[ "$busy" -ge 20 ] && note "warning: the machine is ${busy}% busy: receivers' wall times stretch (their CPU seconds less so)"
for round in $(seq 1 "$rounds"); do
  for r in "${RECEIVERS[@]}"; do
    if [ -n "${DISABLED[$r]:-}" ]; then continue; fi
    if turn "$r" "$round"; then
      SECS[$r]="${SECS[$r]:-} $TURN_S"; RSS[$r]="${RSS[$r]:-} $TURN_RSS"; CPU[$r]="${CPU[$r]:-} $TURN_CPU"
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
      printf 'median %-8s %7.2f s, peak RSS %d MB, CPU %s s  (%d of %d rounds)\n' "$r" "${MS[$r]}" "${MR[$r]}" \
        "$(median <<<"${CPU[$r]}")" "$(wc -w <<<"${SECS[$r]}")" "$rounds"
    else
      printf 'median %-8s    0.00 s  (no successful round%s)\n' "$r" "${DISABLED[$r]:+: ${DISABLED[$r]}}"
    fi
  fi
done
ratio=$(awk -v a="${MS[junction]}" -v b="${MS[bird]}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print 0 }')
printf 'bgp junction_s=%.2f bird_s=%.2f frr_s=%.2f gobgp_s=%.2f ratio_vs_bird=%s junction_rss_mb=%d bird_rss_mb=%d\n' \
  "${MS[junction]}" "${MS[bird]}" "${MS[frr]}" "${MS[gobgp]}" "$ratio" "${MR[junction]%.*}" "${MR[bird]%.*}"
