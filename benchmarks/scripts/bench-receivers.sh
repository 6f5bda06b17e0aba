# shellcheck shell=bash
# The full-table BGP set-up shared by bench bgp and bench api: the injector's and the receiver's
# namespaces, the receivers (BIRD, FRR's bgpd, GoBGP, Junction) with their configs, start-up and
# prefix counts, the injector (benchmarks: BgpInjector) and the generated table it streams. Source,
# don't run, after scripts/lib.sh, bench-lib.sh and scripts/netns.sh.
#
# The sourcing script sets: PY, WORK, PREFIX, NS_I, NS_R, INJ_V4, RCV_V4, INJ_V6, RCV_V6, INJ_AS,
# RCV_AS, JN_NAME, JN_NEIGHBOR, JN_RUN, bound, seed, cache, v4_routes, v6_routes, ppp, MRT_DIR,
# JAVA_HOME_25, TOTAL, and defines fail and note. Optional: JN_EXTRA_NEIGHBORS and JN_EXTRA_POLICIES,
# YAML lines added to Junction's neighbors and policies (bench api's observer); PEERS (default 1), the
# number of injector sessions (bench bgp --peers): with more than one, peer i (1..N) speaks from
# 198.18.255.(10+i) and 2001:db8:ff::a:i with AS INJ_AS+i-1, Junction's neighbor JN_NEIGHBOR<i>, and
# every receiver is configured with all of them. Call peers_init before topology_up.
# The environment's JUNCTION_BENCH_JOURNAL=on|off (default on) keeps or turns off Junction's route journal
# (docs/journal.md): off writes `journal: {enabled: false}` at the top of its config, to measure what
# journaling costs a full-table load; bench_journal_check refuses any other value.
#
#   bench_journal_check            JUNCTION_BENCH_JOURNAL is on, off or unset; 1 (with a message) otherwise
#   bench_jar_find                 set BENCH_JAR (the benchmarks jar with the injector); 1 when not built
#   bench_table_inputs             set IN: bench fib's generated table, made once and cached
#   topology_up [junction] / topology_down
#   write_receiver_config R / start_receiver R / prefix_count R / jn_poll
#   start_injector                 stream the table from NS_I to RCV_V4; sets INJ_PID
#   inj_value KEY                  a key=value the injector printed
#   peers_init                     set PEER_V4, PEER_V6, PEER_AS, PEER_NAME (arrays, one per peer) and
#                                  EXPECT_PATHS (PEERS x TOTAL: the routes a receiver holds when done)

bench_journal_check() {
  case ${JUNCTION_BENCH_JOURNAL:-on} in
    on|off) return 0 ;;
    *) echo "JUNCTION_BENCH_JOURNAL must be 'on' or 'off', not '$JUNCTION_BENCH_JOURNAL'" >&2; return 1 ;;
  esac
}

bench_jar_find() {
  BENCH_JAR=""
  local j
  for j in "$JUNCTION_HOME"/benchmarks/target/junction-benchmarks-*.jar; do
    case "$j" in *-sources.jar|*-javadoc.jar) ;; *) [ -f "$j" ] && BENCH_JAR=$j ;; esac
  done
  [ -n "$BENCH_JAR" ] && [ -f "$JUNCTION_HOME/benchmarks/target/lib/junction-bgp-0.1.0-SNAPSHOT.jar" ]
}

# bench fib's tables, cached: IN is the folder with routes4.txt, routes6.txt, lookup4.txt, lookup6.txt.
bench_table_inputs() {
  local gen_hash gv4 gv6 d
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
}

peers_init() {
  local i
  PEERS=${PEERS:-1}
  EXPECT_PATHS=$(( PEERS * TOTAL ))
  if [ "$PEERS" = 1 ]; then
    PEER_V4=("$INJ_V4") PEER_V6=("$INJ_V6") PEER_AS=("$INJ_AS") PEER_NAME=("$JN_NEIGHBOR")
    return 0
  fi
  PEER_V4=() PEER_V6=() PEER_AS=() PEER_NAME=()
  for i in $(seq 1 "$PEERS"); do
    PEER_V4+=("198.18.255.$(( 10 + i ))") PEER_V6+=("2001:db8:ff::a:$i") PEER_AS+=("$(( INJ_AS + i - 1 ))")
    PEER_NAME+=("$JN_NEIGHBOR$i")
  done
}

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
  if [ "${PEERS:-1}" -gt 1 ]; then    # the peers' own addresses, one batch
    local i
    for i in "${!PEER_V4[@]}"; do
      echo "addr add ${PEER_V4[$i]}/24 dev inj0"; echo "addr add ${PEER_V6[$i]}/64 dev inj0 nodad"
    done | ip -n "$NS_I" -batch -
  fi
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
EOF
      local i name
      for i in "${!PEER_V4[@]}"; do
        name=inj; [ "${PEERS:-1}" -gt 1 ] && name=inj$(( i + 1 ))
        cat >>"$d/bird.conf" <<EOF
protocol bgp $name {
  local $RCV_V4 as $RCV_AS;
  neighbor ${PEER_V4[$i]} as ${PEER_AS[$i]};
  passive on;
  hold time 240;
  ipv4 { import all; export none; };
  ipv6 { import all; export none; };
}
EOF
      done
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
$(for i in "${!PEER_V4[@]}"; do printf ' neighbor %s remote-as %s\n neighbor %s passive\n neighbor %s timers 80 240\n' \
    "${PEER_V4[$i]}" "${PEER_AS[$i]}" "${PEER_V4[$i]}" "${PEER_V4[$i]}"; done)
 address-family ipv4 unicast
$(for n in "${PEER_V4[@]}"; do printf '  neighbor %s activate\n  neighbor %s route-map JN-NONE out\n' "$n" "$n"; done)
 exit-address-family
 address-family ipv6 unicast
$(for n in "${PEER_V4[@]}"; do printf '  neighbor %s activate\n  neighbor %s route-map JN-NONE out\n' "$n" "$n"; done)
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
EOF
      local i
      for i in "${!PEER_V4[@]}"; do
        cat >>"$d/gobgpd.toml" <<EOF
[[neighbors]]
  [neighbors.config]
    neighbor-address = "${PEER_V4[$i]}"
    peer-as = ${PEER_AS[$i]}
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
      done
    ;;
    junction)
      bench_journal_check || return 1
      local journal=""
      [ "${JUNCTION_BENCH_JOURNAL:-on}" = off ] && journal="journal: {enabled: false}   # JUNCTION_BENCH_JOURNAL=off"
      cat >"$d/junction.yaml" <<EOF
# bench bgp: Junction receives everything from the injector (passive, like the others), exports nothing
$journal
${JN_METRICS:-}
name: $JN_NAME
dpdk:
  memory-mb: 512
  hugepages: false
  extra-args: []
  poll: ${JUNCTION_BENCH_POLL:-adaptive}   # JUNCTION_BENCH_POLL=busy: the worker spins even with no packet
cores: [1]
ports:
  - name: p0
    device: net_af_packet0,iface=rcv0
    addresses: [$RCV_V4/24, $RCV_V6/64]
bgp:
  local-as: $RCV_AS
  router-id: $RCV_V4
  neighbors:
$(for i in "${!PEER_V4[@]}"; do cat <<NEIGHBOR
    - name: ${PEER_NAME[$i]}
      address: ${PEER_V4[$i]}
      remote-as: ${PEER_AS[$i]}
      passive: true
      hold-time: 240
      families: [ipv4-unicast, ipv6-unicast]
      import: accept-all
      export: reject-all
NEIGHBOR
done)
${JN_EXTRA_NEIGHBORS:-}
  policies:
    accept-all: {otherwise: accept}
    reject-all: {otherwise: reject}
${JN_EXTRA_POLICIES:-}
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
      # JUNCTION_BENCH_ROUTER_OPTS: JVM options for the router only (a JFR recording, GC logs), never the clients
      JUNCTION_NO_BUILD=1 JUNCTION_JAVA_OPTS="${JUNCTION_BENCH_ROUTER_OPTS:-}" bg "$NS_R" "$d/out.log" \
        "$JUNCTION_HOME/junction" run --config "$d/junction.yaml" --state-dir "$d/state"
      local rc=0
      jn_wait_for_line 180 "$d/out.log" '^junction: ready' "$BG_PID" || rc=$?
      if [ "$rc" != 0 ]; then
        JUNCTION_NOTE="./junction run refused or failed with the bgp config ($( [ "$rc" = 2 ] && echo "exited" || echo "no 'junction: ready' in 180 s"); last lines: $(sed 's/\x1b\[[0-9;]*m//g' "$d/out.log" | grep -v '^\s*$' | tail -n 3 | tr '\n' ' ' | cut -c1-400))"
        return 1
      fi
      # `junction run` runs the router as two processes (docs/dataplane.md "Two processes"): the control plane
      # (BGP, RIB: what is compared with the other daemons) is RCV_PID, the data plane (DPDK, FIB) JN_DP_PID.
      RCV_PID=$(cat "$JN_RUN/control.pid" 2>/dev/null) JN_DP_PID=$(cat "$JN_RUN/dataplane.pid" 2>/dev/null)
      [ -n "$RCV_PID" ] && [ -n "$JN_DP_PID" ] || { note "junction: no control.pid or dataplane.pid in $JN_RUN"; return 1; }
      # The FIB's own routes before any BGP route (connected and local routes of p0's addresses):
      # the turn ends when the FIB holds these plus every injected prefix.
      local base4=-1 base6=-1 acc4 acc6 mt fb t
      for t in $(seq 1 50); do
        read -r acc4 acc6 base4 base6 mt fb < <("$PY" "$JUNCTION_HOME/benchmarks/scripts/junction-bgp-progress.py" \
          "$JN_RUN" "${PEER_NAME[@]}")
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
      if [ "${PEERS:-1}" = 1 ]; then
      birdc -s "$d/bird.ctl" show route count 2>/dev/null \
        | awk '/ routes for / { n += $1 } END { print n + 0 }'
    else   # every peer's routes: "Routes: 100000 imported, 0 exported, 1000 preferred" per channel
      birdc -s "$d/bird.ctl" show protocols all 2>/dev/null | awk '$1 == "Routes:" { n += $2 } END { print n + 0 }'
    fi ;;
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

# jn_poll: one poll of Junction; sets JN_COUNT (EXPECT_PATHS only when both families are accepted in
# full from every peer AND the FIB holds every prefix, else the accepted count), JN_ACC_MS (the write time of the first
# control.json with every prefix accepted), JN_PROGRESS (for a note) and JN_FIB_BYTES (the FIB's
# tables, -1 when not read).
jn_poll() {
  local acc4 acc6 fib4 fib6 mt
  JN_COUNT=""
  read -r acc4 acc6 fib4 fib6 mt JN_FIB_BYTES < <("$PY" "$JUNCTION_HOME/benchmarks/scripts/junction-bgp-progress.py" \
    "$JN_RUN" "${PEER_NAME[@]}") || return 0
  JN_PROGRESS="accepted $acc4 + $acc6, FIB $fib4 + $fib6 (expected $JN_FIB4 + $JN_FIB6)"
  local peers=${PEERS:-1} expect=$(( ${PEERS:-1} * TOTAL ))
  if [ "$acc4" = "$(( peers * v4_routes ))" ] && [ "$acc6" = "$(( peers * v6_routes ))" ] && [ -z "$JN_ACC_MS" ]; then JN_ACC_MS=$mt; fi
  if [ -n "$JN_ACC_MS" ] && [ "$fib4" -ge "$JN_FIB4" ] && [ "$fib6" -ge "$JN_FIB6" ]; then
    JN_COUNT=$expect
  else
    # Every prefix accepted but the FIB still behind is not done: never report the full count from here.
    JN_COUNT=$(( (acc4 > 0 ? acc4 : 0) + (acc6 > 0 ? acc6 : 0) ))
    [ "$JN_COUNT" -ge "$expect" ] && JN_COUNT=$(( expect - 1 ))
  fi
}

inj_value() { sed -n "s/^injector: .*$1=\([0-9.]*\).*/\1/p" "$WORK/injector.log" | tail -n 1; }

# start_injector: the injector streams the table to the receiver (RCV_V4) from NS_I, one session per
# peer; sets INJ_PID.
start_injector() {
  local peer_args=(--local "$INJ_V4" --router-id "$INJ_V4" --next-hop4 "$INJ_V4" --next-hop6 "$INJ_V6")
  if [ "${PEERS:-1}" -gt 1 ]; then
    peer_args=(--peers "$PEERS" --local "$(IFS=,; echo "${PEER_V4[*]}")" --next-hop6 "$(IFS=,; echo "${PEER_V6[*]}")")
  fi
  bg "$NS_I" "$WORK/injector.log" "$JAVA_HOME_25/bin/java" "${JUNCTION_JVM_FLAGS[@]}" -Xms2g -Xmx3g -XX:+UseParallelGC \
    -cp "$BENCH_JAR:$JUNCTION_HOME/benchmarks/target/lib/*" net.junction.benchmarks.bgp.BgpInjector \
    --connect "$RCV_V4" --as "$INJ_AS" "${peer_args[@]}" --routes4 "$IN/routes4.txt" --routes6 "$IN/routes6.txt" \
    --v4-routes "$v4_routes" --v6-routes "$v6_routes" --mrt "$MRT_DIR" --seed "$seed" --prefixes-per-path "$ppp" \
    ${INJ_EXTRA[@]+"${INJ_EXTRA[@]}"}
  INJ_PID=$BG_PID
}
