#!/usr/bin/env bash
# The lab: two hosts in their own network namespaces, routed through Junction.
#
#   ./junction lab [--check] [--duration SECONDS] [--keep] [--only CHECK,...]
#                  [--ready-timeout SECONDS] [--iperf-seconds SECONDS] [--kernel-router]
#   ./junction lab --down
#
#   jn-lab-h1  eth0 198.18.1.2/24 2001:db8:1::2/64 ──veth── r-h1 ┐
#                                                             jn-lab-r: junction dataplane + junction
#   jn-lab-h2  eth0 198.18.2.2/24 2001:db8:2::2/64 ──veth── r-h2 ┘  control (p0, p1 on net_af_packet; TAPs jt-p0, jt-p1)
#              lo 198.19.100.1/32 2001:db8:100::1/128; BIRD 2 (AS 4200000002) announces 198.19.100.0/24
#              and 2001:db8:100::/48 over eBGP sessions to the router's 198.18.2.1 and 2001:db8:2::1
#              (AS 4200000001, which announces h1's networks), through the exception path
#   (and the router's p2, a bond toward h3, for lacp-failover; its p3, a memif server, 198.18.5.1/24, whose client
#    is copp-flood's generator in h1: shared memory, no kernel between them)
#
# Runs the checks, prints one line per check on stdout ("PASS <check> ..." or "FAIL <check> ...";
# the first two words are stable: Junction's *IT tests parse them), then:
#   (default)        prints the router's counters and stays up until Ctrl-C or --duration
#   --check          exits at once: 0 when every check passed, 1 otherwise
#   --keep           leaves everything up after the checks (remove it with --down)
#   --only C1,C2     runs only those checks; --iperf-seconds N (default 5);
#   --ready-timeout N   bound on the wait for the router's "junction: ready" (default 60 s)
# arp/nd send raw requests and want Junction's reply counters to grow by as many, and the router's own table
#   (junction show arp/nd) to list h1 with its MAC, learned; exception-tcp wants
#   the TAP's address and the exception-path counters; counters wants the ping checks' packets forwarded.
# Checks, in order: ping4 ping6 arp nd traceroute4 traceroute6 ttl-exceeded4 ttl-exceeded6
#   unreachable4 unreachable6 exception-tcp iperf3 link-down counters
#   bgp-session bgp-routes bgp-reach4 bgp-reach6 bgp-export
#   api-commit api-rollback metrics mcp-explain mcp-propose-commit api-confirm-expiry journal-why
#   fragment4 pmtu4 pmtu6 (the router's port toward h2, p1, at MTU 1280 through an API commit, rolled back after:
#   a 1500-byte UDP datagram from h1 with DF clear reaches h2 in fragments Junction made and h2's kernel
#   reassembled, equal byte for byte; ping -M do from h1 gets Fragmentation Needed / Packet Too Big with mtu 1280)
#   capture (`junction capture p0 -c 10 -w FILE --name lab` while h1 pings h2: tshark reads the file and finds
#   echo requests received and echo replies sent on p0)
#   nsf-kill nsf-restart (`junction run` runs the router as two processes, docs/dataplane.md "Two processes":
#   its control plane killed, started again by junction run, then restarted through the CLI, while h1 pings
#   h2's BGP-learned address; after each, the FIB check of the new epoch in the metrics finds nothing off)
#   vlan (802.1Q: the router's p0.100, VLAN 100 of p0, against h1's Linux VLAN interface eth0.100 (198.18.3.2,
#   2001:db8:3::2, source-routed to h2 through it): pings h2 both families, connects over TCP to a kernel socket on
#   the router's TAP jt-p0.100 (its exception path), a static route committed through the
#   API via 198.18.3.2 reached from h2 with its gateway's ARP entry on p0.100 shown by `show route --explain`, and
#   with it a BGP neighbor h1-vlan (a BIRD in h1 on 198.18.3.2): established over p0.100, its 198.18.254.0/24
#   reached from h2; then rolled back; ARP requests from h1 tagged 999 are unanswered and counted in drops.vlan_unknown; where
#   the kernel has no 802.1Q, eth0.100 is a TAP whose tag labtool's vlan-relay pushes and pops)
#   rfc8950 (an IPv4 route whose gateway is IPv6, RFC 8950's next hop: a static route to 198.18.250.0/24 via h2's
#   2001:db8:2::2 committed through the API; h1 pings 198.18.250.1 (h2's lo) through it, the router sending the IPv4
#   packets to the MAC of h2's ND entry; `show route --explain` shows the IPv6 gateway on p1, p1's tx and the
#   router's forwarded counter grow by the pings; then rolled back)
#   rpki (stayrtr in the router's namespace serves a ROA file covering h2's IPv4 network: the router's RTR
#   session is synced, `junction show route` shows h2's IPv4 route valid and its IPv6 one not-found)
#   copp-flood (h1 floods the router's p3 address with TCP SYNs, UDP and ICMP echo requests from dpdk-testpmd for
#   10 s, over memif (p3 is a memif server, testpmd its client), at >= 1 Mpps, while BIRD's sessions on p1 must stay
#   Established and Junction's keepalives reach BIRD on time; prints the offered rate, what the router received and
#   its per-class passes and drops)
#   lacp-failover (port p2 is an 802.3ad bond of r-b0 and r-b1, net_af_packet, toward h3's own bond of eth0 and
#   eth1: a Linux bond when the kernel has one, else DPDK's bonding PMD in testpmd; LACP negotiates both members,
#   h3 pings h1 100 times a second across the bond and BIRD in h3 holds an eBGP session over it while the busier
#   member goes down for 3 s and comes back: few pings lost, the session never drops, the member rejoins)
#   ("setup" is reported as FAIL when the lab itself could not be built or the router not started.)
# --kernel-router   debug option for the lab itself: no Junction; the router namespace forwards
#                   with the kernel (addresses on r-h1/r-h2, ip_forward=1). link-down and counters
#                   then read a stand-in of `junction status --json` built from the kernel. There is
#                   no BGP speaker then: no BIRD is started and the bgp-* checks are left out.
# Progress and diagnostics go to stderr. Everything made is removed on exit, on failure and on
# Ctrl-C; a lab left behind (--keep, or a killed run) is removed first.
# shellcheck disable=SC2317  # functions run through jn_wait_for and the cleanup registry
set -euo pipefail
JUNCTION_HOME=${JUNCTION_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
export JUNCTION_HOME
# shellcheck source=scripts/lib.sh
source "$JUNCTION_HOME/scripts/lib.sh"
# shellcheck source=scripts/netns.sh
source "$JUNCTION_HOME/scripts/netns.sh"

LABTOOL=(/usr/bin/python3 "$JUNCTION_HOME/scripts/lab/labtool.py")
ALL_CHECKS=(ping4 ping6 arp nd traceroute4 traceroute6 ttl-exceeded4 ttl-exceeded6
  unreachable4 unreachable6 exception-tcp iperf3 link-down counters)
BGP_CHECKS=(bgp-session bgp-routes bgp-reach4 bgp-reach6 bgp-export rpki)
# Junction's API (through the `junction` CLI, or `junction mcp` as an agent's MCP client starts it) and
# metrics; api-confirm-expiry waits out a 1-minute window. journal-why has BIRD withdraw and announce
# again one of its prefixes and asks the router's route journal about it.
API_CHECKS=(api-commit api-rollback metrics mcp-explain mcp-propose-commit api-confirm-expiry journal-why)
# Non-stop forwarding: the control plane killed (SIGKILL) and started again by junction run, then restarted through
# `junction restart control`, while h1 pings h2's BGP-learned address; none may be lost, nor BIRD's route.
NSF_CHECKS=(nsf-kill nsf-restart)
# Packet capture from the data plane (docs/dataplane.md "Packet capture"): Junction only.
CAPTURE_CHECKS=(capture)
# Path MTU: p1 (toward h2) at a smaller MTU than the hosts' links for these checks only. They run with the
# kernel stand-in too (r-h2's MTU set directly).
FRAG_CHECKS=(fragment4 pmtu4 pmtu6)
# 802.1Q sub-interfaces (docs/dataplane.md "VLAN sub-interfaces"): Junction only (the kernel stand-in has no p0.100).
VLAN_CHECKS=(vlan)
# IPv4 via an IPv6 gateway (docs/dataplane.md "IPv4 routes via IPv6 next hops"): a commit through the API, Junction only.
RFC8950_CHECKS=(rfc8950)
# Control-plane policing (docs/dataplane.md "Control-plane policing"): a flood at the router's address from h1 while
# BIRD's sessions must stay up with Junction's keepalives on time. Junction only; dpdk-testpmd is the generator.
COPP_CHECKS=(copp-flood)
# Link aggregation (docs/dataplane.md "Link aggregation"): Junction only.
LACP_CHECKS=(lacp-failover)

NAME=lab
PREFIX=jn-lab-
NS_H1=${PREFIX}h1 NS_H2=${PREFIX}h2 NS_R=${PREFIX}r
H1_V4=198.18.1.2 H1_V6=2001:db8:1::2 R1_V4=198.18.1.1 R1_V6=2001:db8:1::1
H2_V4=198.18.2.2 H2_V6=2001:db8:2::2 R2_V4=198.18.2.1 R2_V6=2001:db8:2::1
NOROUTE_V4=198.18.99.1 NOROUTE_V6=2001:db8:99::1
# BGP: h2 runs BIRD and announces these networks; h2 answers on the lo addresses in them.
R_AS=4200000001 H2_AS=4200000002
H2_NET4=198.19.100.0/24 H2_NET6=2001:db8:100::/48 H2_LO4=198.19.100.1 H2_LO6=2001:db8:100::1
H1_NET4=198.18.1.0/24 H1_NET6=2001:db8:1::/64 EXPORT_LC=4200000001:1:1
# API checks: a static route committed live to a destination h2 answers on (its lo), not routed before.
API_NET4=198.18.251.0/24 API_DST4=198.18.251.1
# mcp-propose-commit: the same through MCP, with a destination of its own.
MCP_NET4=198.18.252.0/24 MCP_DST4=198.18.252.1
METRICS_LISTEN=127.0.0.1:9273   # in the router's namespace
RPKI_PORT=8323                  # stayrtr's RTR port, on the router namespace's loopback
TCP_PORT=7179 IPERF_PORT=5201
# lacp-failover: h3 behind the router's bond port p2 (members r-b0, r-b1); BIRD in h3 peers over it.
NS_H3=${PREFIX}h3 R3_V4=198.18.4.1 H3_V4=198.18.4.2 H3_AS=4200000004
# copp-flood: the router's port p3 is a memif server (DPDK's shared-memory PMD; socket MEMIF_SOCK in the lab's temp
# dir, set once WORK exists) whose client is the flood generator in h1; h1's side of it has H5_V4, unknown to h1's kernel.
R5_V4=198.18.5.1 H5_V4=198.18.5.2 R5_MAC=02:00:00:00:05:01 H5_MAC=02:00:00:00:05:02
LACP_PINGS=1200 LACP_MAX_LOST=50   # 12 s at 100/s; at most 0.5 s of them lost
KEPT_FILE=/run/jn-lab.kept   # temp dir of a lab left up with --keep, removed by --down
# vlan: the router's sub-interface p0.100 and h1's eth0.100; VLAN 999 is known to h1 only; a static route committed
# through the API via h1's VLAN address to a destination h1 answers on (its lo).
VLAN_ID=100 VLAN_UNKNOWN_ID=999
H1_VLAN_V4=198.18.3.2 H1_VLAN_V6=2001:db8:3::2 R_VLAN_V4=198.18.3.1 R_VLAN_V6=2001:db8:3::1
H1_UNKNOWN_VLAN_V4=198.18.9.2 UNKNOWN_VLAN_DST4=198.18.9.1   # ARP in VLAN 999, sent raw from h1
VLAN_NET4=198.18.253.0/24 VLAN_DST4=198.18.253.1
# and BGP over the VLAN: a BIRD in h1 (AS 4200000003) on 198.18.3.2, announcing h1's lo network VLAN_BGP_NET4
H1_VLAN_AS=4200000003 VLAN_BGP_NET4=198.18.254.0/24 VLAN_BGP_DST4=198.18.254.1
# rfc8950: a static route to RFC8950_NET4 via h2's IPv6 address; h2 answers on RFC8950_DST4 (its lo).
RFC8950_NET4=198.18.250.0/24 RFC8950_DST4=198.18.250.1

MODE=interactive DURATION='' KEEP=0 KERNEL=0 READY_TIMEOUT=60 IPERF_SECONDS=5 ONLY=''
usage() { awk 'NR == 1 {next} /^# shellcheck/ || !/^#/ {exit} {sub(/^# ?/, ""); print}' "$0"; }
while [ $# -gt 0 ]; do
  case $1 in
    --check) MODE=check ;;
    --duration) DURATION=${2:?--duration needs SECONDS}; shift ;;
    --duration=*) DURATION=${1#*=} ;;
    --keep) KEEP=1 ;;
    --kernel-router) KERNEL=1 ;;
    --down) MODE=down ;;
    --only) ONLY=${2:?--only needs CHECK,...}; shift ;;
    --only=*) ONLY=${1#*=} ;;
    --ready-timeout) READY_TIMEOUT=${2:?}; shift ;;
    --iperf-seconds) IPERF_SECONDS=${2:?}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "lab: unknown option '$1' (try --help)" ;;
  esac
  shift
done
[ "$KERNEL" = 1 ] || ALL_CHECKS+=("${BGP_CHECKS[@]}" "${API_CHECKS[@]}")
ALL_CHECKS+=("${FRAG_CHECKS[@]}")
[ "$KERNEL" = 1 ] || ALL_CHECKS+=("${CAPTURE_CHECKS[@]}" "${NSF_CHECKS[@]}")
[ "$KERNEL" = 1 ] || ALL_CHECKS+=("${VLAN_CHECKS[@]}")
[ "$KERNEL" = 1 ] || ALL_CHECKS+=("${RFC8950_CHECKS[@]}")
[ "$KERNEL" = 1 ] || ALL_CHECKS+=("${COPP_CHECKS[@]}")
[ "$KERNEL" = 1 ] || ALL_CHECKS+=("${LACP_CHECKS[@]}")
for n in ${DURATION:+"$DURATION"} "$READY_TIMEOUT" "$IPERF_SECONDS"; do
  [[ $n =~ ^[0-9]+$ ]] || die "lab: '$n' is not a number of seconds"
done
if [ -n "$ONLY" ]; then
  for c in ${ONLY//,/ }; do
    if [ "$KERNEL" = 1 ] && [[ " ${BGP_CHECKS[*]} ${API_CHECKS[*]} ${NSF_CHECKS[*]} ${CAPTURE_CHECKS[*]} ${VLAN_CHECKS[*]} ${RFC8950_CHECKS[*]} ${COPP_CHECKS[*]} ${LACP_CHECKS[*]} " == *" $c "* ]]; then
      die "lab: check '$c' needs Junction's BGP speaker, API or data plane; --kernel-router has none"
    fi
    [[ " ${ALL_CHECKS[*]} " == *" $c "* ]] || die "lab: unknown check '$c' (checks: ${ALL_CHECKS[*]})"
  done
fi

jn_require_root || exit 1
for tool in ip ethtool sysctl ping traceroute iperf3 ss timeout /usr/bin/python3; do
  command -v "$tool" >/dev/null || die "lab: '$tool' is missing (./junction setup installs it)"
done
if [ "$KERNEL" = 0 ]; then
  for tool in bird birdc stayrtr; do
    command -v "$tool" >/dev/null || die "lab: '$tool' is missing (./junction setup installs bird2 and stayrtr)"
  done
fi

# ---------------------------------------------------------------- results
FAILED=()
pass() { local c=$1; shift; echo "PASS $c $*"; }
fail() { local c=$1; shift; echo "FAIL $c $*"; FAILED+=("$c"); }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
in_h1() { ip netns exec "$NS_H1" "$@"; }

# ---------------------------------------------------------------- teardown of what an earlier lab left
remove_stale() {
  local kept
  jn_ns_del_matching "$PREFIX"
  if [ -f "$KEPT_FILE" ]; then
    kept=$(cat "$KEPT_FILE")
    case $kept in */jn-lab.*) rm -rf -- "$kept" ;; esac
    rm -f "$KEPT_FILE"
  fi
}
if [ "$MODE" = down ]; then
  remove_stale
  log "lab removed"
  exit 0
fi

jn_cleanup_trap
# Registered first, so it runs last: a lab that could not be built says so on stdout too.
SETUP_DONE=0
setup_guard() { [ "$SETUP_DONE" = 1 ] || echo "FAIL setup the lab could not be built (see stderr)"; }
jn_cleanup_push setup_guard
remove_stale
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jn-lab.XXXXXX")
jn_cleanup_push rm -rf -- "$WORK"
CONFIG=$WORK/lab.yaml ROUTER_LOG=$WORK/router.log ROUTER_PID= MEMIF_SOCK=$WORK/memif.sock
BIRD_CONF=$WORK/bird.conf BIRD_SOCK=$WORK/bird.ctl BIRD_LOG=$WORK/bird.log BIRD_PID=
STATUS_BEFORE_BGP=$WORK/status-before-bgp.json

setup_fail() {
  fail setup "$*"
  SETUP_DONE=1   # reported
  exit 1
}

# ---------------------------------------------------------------- topology
build_topology() {
  local ns
  for ns in "$NS_H1" "$NS_H2" "$NS_R"; do jn_ns_add "$ns"; done
  for ns in "$NS_H1" "$NS_H2"; do
    # Addresses usable at once (no DAD), no router advertisements, ICMP errors never rate-limited.
    jn_sysctl "$ns" net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
      net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 \
      net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
  done
  if [ "$KERNEL" = 1 ]; then
    jn_sysctl "$NS_R" net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
      net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
  fi
  jn_veth "$NS_H1" eth0 "$NS_R" r-h1
  jn_veth "$NS_H2" eth0 "$NS_R" r-h2

  setup_host "$NS_H1" "$H1_V4" "$H1_V6" "$R1_V4" "$R1_V6"
  setup_host "$NS_H2" "$H2_V4" "$H2_V6" "$R2_V4" "$R2_V6"
  ip -n "$NS_H2" addr add "$H2_LO4/32" dev lo
  ip -n "$NS_H2" -6 addr add "$H2_LO6/128" dev lo
  ip -n "$NS_H2" addr add "$API_DST4/32" dev lo
  ip -n "$NS_H2" addr add "$MCP_DST4/32" dev lo
  ip -n "$NS_H2" addr add "$RFC8950_DST4/32" dev lo

  if [ "$KERNEL" = 1 ]; then
    ip -n "$NS_R" addr add "$R1_V4/24" dev r-h1
    ip -n "$NS_R" -6 addr add "$R1_V6/64" dev r-h1
    ip -n "$NS_R" addr add "$R2_V4/24" dev r-h2
    ip -n "$NS_R" -6 addr add "$R2_V6/64" dev r-h2
    jn_sysctl "$NS_R" net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  else
    # net_af_packet only copies frames, and the router's addresses (on its TAPs) would be answered
    # for by this namespace's kernel on r-h1/r-h2 too (weak host model). The lab leaves every
    # sysctl of the veths at its default on purpose: Junction's kernel claim (nftables ingress
    # drop, IPv6 off; dataplane KernelClaim) must keep the kernel silent there, and the arp/nd
    # checks see duplicate replies when it does not.
    jn_sysctl "$NS_R" net.ipv4.ip_forward=0 net.ipv6.conf.all.forwarding=0
  fi
  jn_wait_for 10 links_up || setup_fail "veth links did not come up within 10 s"
}

setup_host() {
  local ns=$1 v4=$2 v6=$3 gw4=$4 gw6=$5
  jn_sysctl "$ns" net.ipv6.conf.eth0.accept_dad=0 net.ipv6.conf.eth0.accept_ra=0
  ip -n "$ns" addr add "$v4/24" dev eth0
  ip -n "$ns" -6 addr add "$v6/64" dev eth0
  ip -n "$ns" route add default via "$gw4" dev eth0
  ip -n "$ns" -6 route add default via "$gw6" dev eth0
}

links_up() {
  local pair
  for pair in "$NS_H1:eth0" "$NS_H2:eth0" "$NS_R:r-h1" "$NS_R:r-h2"; do
    ip -n "${pair%%:*}" link show "${pair#*:}" | grep -q 'state UP' || return 1
  done
}

# ---------------------------------------------------------------- router
write_config() {
  local core=1
  [ "$(nproc)" -le 1 ] && core=0
  cat >"$CONFIG" <<EOF
# Written by scripts/lab.sh: the router of the lab, run inside namespace $NS_R.
name: $NAME
dpdk:
  memory-mb: 512
  hugepages: false
  extra-args: []
cores: [$core]
ports:
  - name: p0
    device: net_af_packet0,iface=r-h1
    addresses: [$R1_V4/24, $R1_V6/64]
    vlans:
      - {id: $VLAN_ID, addresses: [$R_VLAN_V4/24, '$R_VLAN_V6/64']}
  - name: p1
    device: net_af_packet1,iface=r-h2
    addresses: [$R2_V4/24, $R2_V6/64]
  - name: p2
    bond: {mode: 802.3ad, members: ['net_af_packet2,iface=r-b0', 'net_af_packet3,iface=r-b1']}
    addresses: [$R3_V4/24]
  - name: p3
    device: 'net_memif0,role=server,id=0,socket=$MEMIF_SOCK,socket-abstract=no,mac=$R5_MAC'
    addresses: [$R5_V4/24]
bgp:
  local-as: $R_AS
  router-id: $R2_V4
  networks: [$H1_NET4, '$H1_NET6']
  rpki:
    caches: [{address: 127.0.0.1, port: $RPKI_PORT, retry: 2}]
  neighbors:
    - {name: h2-v4, address: $H2_V4, remote-as: $H2_AS, hold-time: 9, connect-retry: 1,
       families: [ipv4-unicast], import: from-h2, export: to-h2}
    - {name: h2-v6, address: '$H2_V6', remote-as: $H2_AS, hold-time: 9, connect-retry: 1,
       families: [ipv6-unicast], import: from-h2, export: to-h2}
  policies:
    from-h2:
      terms:
        - {name: rpki-invalid, match: {rpki: invalid}, then: reject}
        - {name: h2-nets, match: {prefixes: ["198.19.0.0/16 le 24", "2001:db8:100::/40 le 64"]}, then: accept}
      otherwise: reject
    to-h2:
      terms:
        - {name: tag, set: {add-large-communities: ["$EXPORT_LC"]}, then: accept}
      otherwise: reject
metrics:
  listen: $METRICS_LISTEN
EOF
}

# BIRD 2 in h2: blackhole statics for h2's networks, exported over one IPv4 and one IPv6 eBGP
# session to the router (BIRD sets itself as next hop); everything is imported into BIRD's own
# tables (no kernel protocol: h2's kernel keeps its default route through the router).
write_bird_config() {
  cat >"$BIRD_CONF" <<EOF
# Written by scripts/lab.sh: the BGP peer of the lab, run inside namespace $NS_H2.
log "$BIRD_LOG" all;
debug protocols { states, events };
router id $H2_V4;
protocol device { scan time 10; }
protocol static s4 { ipv4; route $H2_NET4 blackhole; }
protocol static s6 { ipv6; route $H2_NET6 blackhole; }
template bgp junction {
  local as $H2_AS;
  hold time 9;
  connect retry time 1;
  connect delay time 1;
  error wait time 1, 5;
  graceful restart on;   # BIRD keeps Junction's routes while its control plane restarts (nsf-*)
}
protocol bgp r4 from junction {
  neighbor $R2_V4 as $R_AS;
  ipv4 { import all; export where source = RTS_STATIC; };
}
protocol bgp r6 from junction {
  neighbor $R2_V6 as $R_AS;
  ipv6 { import all; export where source = RTS_STATIC; };
}
EOF
}

# stayrtr, the lab's RPKI cache, in the router's namespace: a ROA for h2's IPv4 network (its AS), none for its
# IPv6 one, so h2's routes show RPKI states valid and not-found (check rpki). Started before the router.
start_stayrtr() {
  cat >"$WORK/roas.json" <<EOF
{"metadata": {"generated": 1765000000}, "roas": [
 {"prefix": "$H2_NET4", "maxLength": 24, "asn": $H2_AS, "ta": "lab"},
 {"prefix": "198.19.0.0/16", "maxLength": 16, "asn": 64496, "ta": "lab"}]}
EOF
  log "starting stayrtr in $NS_R (127.0.0.1:$RPKI_PORT, ROAs $WORK/roas.json)"
  jn_bg "$NS_R" "$WORK/stayrtr.log" stayrtr -bind "127.0.0.1:$RPKI_PORT" -cache "$WORK/roas.json" -refresh 5 \
    -checktime=false -metrics.addr 127.0.0.1:0
}

birdc_lab() { timeout 10 birdc -s "$BIRD_SOCK" "$@"; }
bird_up() { birdc_lab show status 2>/dev/null | grep -q 'Daemon is up and running'; }

# Started once the router is ready and its status saved, so bgp-routes can compare the FIB
# before and after BGP (Junction's own connects are refused until BIRD listens).
start_bird() {
  write_bird_config
  log "starting BIRD in $NS_H2 (config $BIRD_CONF, log $BIRD_LOG)"
  jn_bg "$NS_H2" "$WORK/bird.out" bird -f -c "$BIRD_CONF" -s "$BIRD_SOCK" -P "$WORK/bird.pid"
  BIRD_PID=$JN_LAST_PID
  jn_wait_for 10 bird_up || setup_fail "BIRD did not answer on $BIRD_SOCK within 10 s: $(tr '\n' ' ' <"$WORK/bird.out" | cut -c1-300)"
}

# The router: `junction run`, its two processes supervised (docs/dataplane.md "Two processes"): the data plane,
# then its control plane, which the supervisor starts again whenever it ends (the nsf-* checks kill it). Their
# output goes to ROUTER_LOG; ROUTER_PID is the supervisor's.
start_router() {
  local rc=0 t0
  t0=$(now_ms)
  log "starting the router in $NS_R: junction run (config $CONFIG, log $ROUTER_LOG)"
  # Its commits live in the lab's own folder (removed with it), never in /var/lib/junction.
  JN_STOP_TIMEOUT=40 jn_bg "$NS_R" "$ROUTER_LOG" "$JUNCTION_HOME/junction" run --config "$CONFIG" --state-dir "$WORK/state"
  ROUTER_PID=$JN_LAST_PID
  jn_wait_for_line "$READY_TIMEOUT" "$ROUTER_LOG" '^junction: ready' "$ROUTER_PID" || rc=$?
  case $rc in
    0) log "router ready in $(( $(now_ms) - t0 )) ms (supervisor pid $ROUTER_PID, data plane pid" \
         "$(cat "/run/junction/$NAME/dataplane.pid" 2>/dev/null), control plane pid $(control_pid))" ;;
    1) tail -n 30 "$ROUTER_LOG" | sed 's/^/  router: /' >&2
       setup_fail "router printed no 'junction: ready' within $READY_TIMEOUT s (log above)" ;;
    *) local st=0; wait "$ROUTER_PID" || st=$?
       tail -n 30 "$ROUTER_LOG" | sed 's/^/  router: /' >&2
       setup_fail "router exited with status $st before it was ready (log above)" ;;
  esac
}

control_pid() { cat "/run/junction/$NAME/control.pid" 2>/dev/null; }

# The router's status as JSON in FILE: `junction status --json`, or the kernel's stand-in.
status_json() {
  if [ "$KERNEL" = 1 ]; then
    "${LABTOOL[@]}" kernel-status "$NAME" "$NS_R" p0=r-h1 p1=r-h2 >"$1" 2>"$1.err"
  else
    timeout 60 "$JUNCTION_HOME/junction" status --name "$NAME" --json >"$1" 2>"$1.err"
  fi
}

# counters.KEY of the router grew by at least MIN since the status in BEFORE; prints the change.
# The kernel stand-in has no such counters: there it prints that and succeeds.
counter_grew() {  # before-file key min
  local f=$WORK/status-delta.json
  if [ "$KERNEL" = 1 ]; then echo "$2 (no counter: kernel stand-in)"; return 0; fi
  status_json "$f" || { echo "status failed: $(tr '\n' ' ' <"$f.err" | cut -c1-200)"; return 1; }
  "${LABTOOL[@]}" counter-delta "$1" "$f" "$2" "$3"
}
# Packets the passing ping checks had the router forward (requests and replies): counters wants them.
PINGS_FORWARDED=0

# Where the lab reads the router's MAC on port p0: net_af_packet takes the veth's own MAC.
router_mac_p0() { jn_mac "$NS_R" r-h1; }

# ---------------------------------------------------------------- checks
check_ping() {  # check family destination
  local c=$1 fam=$2 dst=$3 out sent recv avg dups
  if ! jn_wait_for 10 in_h1 ping "-$fam" -c1 -W1 "$dst"; then
    fail "$c" "h1->h2 $dst: no reply within 10 s"; return
  fi
  out=$(in_h1 ping "-$fam" -c3 -i0.2 -W2 "$dst" 2>&1) || true
  sent=$(sed -n 's/^\([0-9]\+\) packets transmitted.*/\1/p' <<<"$out")
  recv=$(sed -n 's/.* \([0-9]\+\) received.*/\1/p' <<<"$out")
  dups=$(sed -n 's/.* +\([0-9]\+\) duplicates.*/\1/p' <<<"$out")
  avg=$(sed -n 's|^rtt [^=]*= [0-9.]*/\([0-9.]*\)/.*|\1|p' <<<"$out")
  if [ -n "$dups" ]; then
    fail "$c" "h1->h2 $dst: $dups duplicate replies (does the router namespace's kernel answer too?)"
  elif [ -n "$sent" ] && [ "${recv:-0}" = "$sent" ]; then
    PINGS_FORWARDED=$(( PINGS_FORWARDED + 2 * sent ))
    pass "$c" "h1->h2 $dst ($recv/$sent replies, rtt avg ${avg:-?} ms)"
  else
    fail "$c" "h1->h2 $dst: ${recv:-0}/${sent:-3} replies"
  fi
}

# h1 sends PROBES raw ARP requests (or neighbor solicitations) for the router's address on p0:
# every one must get exactly one reply, from the router's MAC, and the router's own reply counter
# must grow by at least as many (the kernel answering instead would not move it).
NEIGH_PROBES=5
check_neigh() {  # check family router-address
  local c=$1 fam=$2 addr=$3 want before=$WORK/status-$1.json out n macs delta key seen=""
  want=$(router_mac_p0)
  if [ "$KERNEL" = 0 ] && ! status_json "$before"; then
    fail "$c" "status failed: $(tr '\n' ' ' <"$before.err" | cut -c1-200)"; return
  fi
  if [ "$fam" = 4 ]; then
    out=$(in_h1 timeout 20 "${LABTOOL[@]}" arp-probe eth0 "$H1_V4" "$addr" "$NEIGH_PROBES" 2>&1) || true
    key=arp_replies_sent
  else
    out=$(in_h1 timeout 20 "${LABTOOL[@]}" nd-probe eth0 "$H1_V6" "$addr" "$NEIGH_PROBES" 2>&1) || true
    key=nd_replies_sent
  fi
  read -r n macs <<<"$out"
  if [ "$n" != "$NEIGH_PROBES" ] || [ "${macs,,}" != "${want,,}" ]; then
    fail "$c" "h1 asked $NEIGH_PROBES times for $addr: got '$out' (want $NEIGH_PROBES replies from the router's p0 $want only)"
  elif ! delta=$(counter_grew "$before" "$key" "$NEIGH_PROBES"); then
    fail "$c" "h1 got $n replies for $addr from $macs, but Junction did not count them: $delta"
  elif [ "$KERNEL" = 0 ] && ! seen=$(router_lists_h1 "$fam"); then
    fail "$c" "h1 got $n replies for $addr from $macs; $delta; but the router's own table: $seen"
  else
    pass "$c" "h1 asked $NEIGH_PROBES times for $addr: $n replies from the router's MAC $macs; $delta${seen:+; $seen}"
  fi
}
# The router's own view (`junction show arp|nd ADDRESS --json`, GET /v1/ip-neighbors): h1, whose requests it
# answered, is listed on p0 with h1's MAC, learned (not static), in a state packets may use. Prints what it saw.
router_lists_h1() {  # family
  local cmd=arp h1=$H1_V4 mac out
  [ "$1" = 6 ] && cmd=nd h1=$H1_V6
  mac=$(ip -n "$NS_H1" -o link show eth0 | sed -n 's|.*link/ether \([0-9a-f:]*\).*|\1|p')
  out=$(jn_cli show "$cmd" "$h1" --json 2>&1) || { echo "show $cmd failed: $(tr '\n' ' ' <<<"$out" | cut -c1-200)"; return 1; }
  /usr/bin/python3 -c '
import json, sys
want_addr, want_mac, cmd = sys.argv[1:4]
entries = json.loads(sys.stdin.read())
hits = [e for e in entries if e["address"] == want_addr and e["port"] == "p0"]
if len(hits) != 1:
    print(f"show {cmd} {want_addr}: want one entry on p0, got {entries}")
    sys.exit(1)
e = hits[0]
if e.get("mac") != want_mac or e["static"] or e["state"] not in ("reachable", "stale", "delay", "probe"):
    print(f"show {cmd} {want_addr}: want MAC {want_mac}, learned, usable; got {e}")
    sys.exit(1)
state, ago = e["state"], e.get("confirmed_ago_ms", "-")
print(f"show {cmd} lists {want_addr} {state} on p0 at {want_mac}, confirmed {ago} ms ago")
' "$h1" "$mac" "$cmd" <<<"$out"
}
h1_has_lladdr() { ip -n "$NS_H1" "-$1" neigh show "$2" dev eth0 | grep -q lladdr; }

check_traceroute() {  # check family destination first-hop
  local c=$1 fam=$2 dst=$3 hop1=$4 out mode first last
  for mode in udp icmp; do
    local args=(-n -q1 -w1 -m4)
    [ "$fam" = 6 ] && args=(-6 "${args[@]}")
    [ "$mode" = icmp ] && args+=(-I)
    out=$(in_h1 timeout 30 traceroute "${args[@]}" "$dst" 2>&1) || true
    first=$(awk '$1 == "1" {print $2}' <<<"$out")
    last=$(awk '$1 ~ /^[0-9]+$/ {l = $2} END {print l}' <<<"$out")
    if [ "$first" = "$hop1" ] && [ "$last" = "$dst" ]; then
      local note=""
      [ "$mode" = icmp ] && note=", ICMP mode: UDP probes did not get through"
      pass "$c" "h1->$dst: hop 1 $first, then $last ($mode$note)"
      return
    fi
  done
  fail "$c" "h1->$dst: want hop 1 $hop1 and last $dst, got: $(tr -s ' \n' ' ' <<<"$out")"
}

check_icmp_error() {  # check family destination ttl-or-empty expected-from regex description
  local c=$1 fam=$2 dst=$3 ttl=$4 from=$5 re=$6 what=$7 out i
  local args=("-$fam" -c1 -W1)
  [ -n "$ttl" ] && args+=(-t "$ttl")
  for i in 1 2 3; do   # up to 3 probes: an ICMP error may be rate-limited or lost
    out=$(in_h1 ping "${args[@]}" "$dst" 2>&1) || true
    if grep -Eq "^From ${from//./\\.}( |:).*($re)" <<<"$out"; then
      pass "$c" "h1 $dst${ttl:+ ttl $ttl}: $what from $from (probe $i)"
      return
    fi
  done
  fail "$c" "h1 $dst${ttl:+ ttl $ttl}: no $what from $from in 3 probes; last: $(grep -E '^From|received' <<<"$out" | tr '\n' ' ')"
}

check_exception_tcp() {
  local c=exception-tcp dev ready=$WORK/tcp.ready out pid before=$WORK/status-exception.json d1 d2
  if [ "$KERNEL" = 0 ] && ! status_json "$before"; then
    fail "$c" "status failed: $(tr '\n' ' ' <"$before.err" | cut -c1-200)"; return
  fi
  if ! jn_wait_for 10 addr_in_router "$R1_V4"; then
    fail "$c" "$R1_V4 is not configured on any interface in $NS_R (no TAP jt-p0?)"; return
  fi
  dev=$(ip -n "$NS_R" -o addr show to "$R1_V4" | awk '{print $2; exit}')
  rm -f "$ready"
  jn_bg "$NS_R" "$WORK/tcp-server.log" "${LABTOOL[@]}" tcp-server "$R1_V4" "$TCP_PORT" "$ready" 15
  pid=$JN_LAST_PID
  if ! jn_wait_for 5 test -e "$ready"; then
    fail "$c" "listener on $R1_V4:$TCP_PORT in $NS_R did not start: $(tr '\n' ' ' <"$WORK/tcp-server.log")"
    jn_stop_pid "$pid" 2; return
  fi
  out=$(in_h1 "${LABTOOL[@]}" tcp-client "$R1_V4" "$TCP_PORT" 5 2>&1) || true
  jn_stop_pid "$pid" 2
  if [ "$out" != "junction-lab-ok $H1_V4" ]; then
    fail "$c" "h1 -> $R1_V4:$TCP_PORT (listener on $dev): ${out:-no answer}"
  elif [ "$KERNEL" = 0 ] && [ "$dev" != jt-p0 ]; then
    fail "$c" "h1 connected, but $R1_V4 is on $dev, not on the TAP jt-p0"
  elif ! d1=$(counter_grew "$before" exception_to_tap 3) || ! d2=$(counter_grew "$before" exception_from_tap 3); then
    # a TCP exchange is at least SYN, ACK, data, FIN each way through the TAP
    fail "$c" "h1 connected to $R1_V4:$TCP_PORT on $dev, but not through the exception path: $d1; $d2"
  else
    pass "$c" "h1 connected to the listener on $R1_V4:$TCP_PORT in $NS_R (on $dev), which saw $H1_V4; $d1; $d2"
  fi
}
addr_in_router() { [ -n "$(ip -n "$NS_R" -o addr show to "$1")" ]; }

check_iperf3() {
  local c=iperf3 pid json=$WORK/iperf3.json res mbps retr bytes
  jn_bg "$NS_H2" "$WORK/iperf3-server.log" iperf3 -s -1 -B "$H2_V4" -p "$IPERF_PORT"
  pid=$JN_LAST_PID
  if ! jn_wait_for 5 jn_tcp_listening "$NS_H2" "$IPERF_PORT"; then
    fail "$c" "iperf3 server in $NS_H2 did not listen: $(tr '\n' ' ' <"$WORK/iperf3-server.log")"
    jn_stop_pid "$pid" 2; return
  fi
  in_h1 timeout $(( IPERF_SECONDS + 30 )) iperf3 -c "$H2_V4" -p "$IPERF_PORT" -t "$IPERF_SECONDS" \
    -J --connect-timeout 3000 >"$json" 2>"$WORK/iperf3-client.err" || true
  jn_stop_pid "$pid" 2
  if res=$("${LABTOOL[@]}" iperf3 "$json"); then
    read -r mbps retr bytes <<<"$res"
    pass "$c" "h1->h2 TCP ${IPERF_SECONDS} s: $mbps Mbit/s ($bytes bytes received, $retr retransmits)"
  else
    fail "$c" "h1->h2 TCP: $res $(tr '\n' ' ' <"$WORK/iperf3-client.err")"
  fi
}

port_link_is() {  # port state
  local f=$WORK/status-link.json
  status_json "$f" || return 1
  [ "$("${LABTOOL[@]}" status-link "$f" "$1")" = "$2" ]
}

check_link_down() {
  local c=link-down t0 down_ms up_ms src=""
  [ "$KERNEL" = 1 ] && src=" (kernel stand-in)"
  if ! port_link_is p1 up; then
    fail "$c" "p1 is not 'up' before the test: $(link_report)"; return
  fi
  t0=$(now_ms)
  ip -n "$NS_R" link set r-h2 down
  if jn_wait_for 10 port_link_is p1 down; then
    down_ms=$(( $(now_ms) - t0 ))
  else
    ip -n "$NS_R" link set r-h2 up
    fail "$c" "r-h2 set down, but status still shows p1 link '$(link_report)' after 10 s$src"
    return
  fi
  t0=$(now_ms)
  ip -n "$NS_R" link set r-h2 up
  if jn_wait_for 10 port_link_is p1 up; then
    up_ms=$(( $(now_ms) - t0 ))
  else
    fail "$c" "p1 seen down in $down_ms ms, but not up again within 10 s: '$(link_report)'$src"
    return
  fi
  if jn_wait_for 10 in_h1 ping -c1 -W1 "$H2_V4"; then
    pass "$c" "r-h2 down: p1 link down in $down_ms ms; up again: p1 up in $up_ms ms, h1->h2 forwarding again$src"
  else
    fail "$c" "p1 went down ($down_ms ms) and up ($up_ms ms), but h1->h2 ping fails 10 s later$src"
  fi
}
link_report() {
  local f=$WORK/status-link.json
  if status_json "$f"; then "${LABTOOL[@]}" status-link "$f" p1 || true
  else echo "status failed: $(tr '\n' ' ' <"$f.err" | cut -c1-300)"; fi
}

check_counters() {
  local c=counters f=$WORK/status.json sum src="" delta=""
  [ "$KERNEL" = 1 ] && src=" (kernel stand-in)"
  if ! status_json "$f"; then
    fail "$c" "status --name $NAME --json failed: $(tr '\n' ' ' <"$f.err" | cut -c1-300)"; return
  fi
  if ! sum=$("${LABTOOL[@]}" status-summary "$f" p0 p1); then
    fail "$c" "want rx > 0 on every port and forwarded > 0: $sum$src"
  elif [ "$KERNEL" = 0 ] && ! delta=$("${LABTOOL[@]}" counter-delta "$STATUS_BEFORE_BGP" "$f" forwarded "$PINGS_FORWARDED"); then
    fail "$c" "want forwarded to grow by at least the $PINGS_FORWARDED packets of the ping checks: $delta; $sum"
  else
    pass "$c" "$sum$src${delta:+; $delta (ping checks: $PINGS_FORWARDED)}"
  fi
}

# ---------------------------------------------------------------- BGP checks (Junction only)
bird_established() {  # protocol
  [ "$(birdc_lab show protocols "$1" 2>/dev/null | awk -v p="$1" '$1 == p {print $NF}')" = Established ]
}
bgp_all_established() {
  local f=$WORK/status-bgp.json
  status_json "$f" && "${LABTOOL[@]}" bgp-neighbors "$f" h2-v4 h2-v6 >/dev/null &&
    bird_established r4 && bird_established r6
}

# link-down (run before) takes h2's carrier away for a moment: BIRD then drops its directly
# connected sessions (Cease) and they come back within seconds, hence the wait.
check_bgp_session() {
  local c=bgp-session f=$WORK/status-bgp.json t0 ms junction bird
  t0=$(now_ms)
  jn_wait_for 30 bgp_all_established || true
  ms=$(( $(now_ms) - t0 ))
  if status_json "$f"; then
    junction=$("${LABTOOL[@]}" bgp-neighbors "$f" h2-v4 h2-v6) || true
  else
    junction="status failed: $(tr '\n' ' ' <"$f.err" | cut -c1-200)"
  fi
  bird="r4 $(birdc_lab show protocols r4 2>&1 | awk '$1 == "r4" {print $NF}'),"
  bird+=" r6 $(birdc_lab show protocols r6 2>&1 | awk '$1 == "r6" {print $NF}')"
  if bgp_all_established; then
    pass "$c" "Junction: $junction; BIRD: $bird (waited $ms ms)"
  else
    fail "$c" "after $ms ms, Junction: $junction; BIRD: $bird"
  fi
}

bgp_routes_in() { "${LABTOOL[@]}" bgp-routes "$STATUS_BEFORE_BGP" "$1" h2-v4=ipv4-unicast h2-v6=ipv6-unicast; }
bgp_routes_ok() {
  local f=$WORK/status-routes.json
  status_json "$f" && bgp_routes_in "$f" >/dev/null
}

check_bgp_routes() {
  local c=bgp-routes f=$WORK/status-routes.json sum
  jn_wait_for 15 bgp_routes_ok || true
  if ! status_json "$f"; then
    fail "$c" "status failed: $(tr '\n' ' ' <"$f.err" | cut -c1-300)"; return
  fi
  if sum=$(bgp_routes_in "$f"); then
    pass "$c" "$sum"
  else
    fail "$c" "want 1 prefix accepted per neighbor and the FIB grown: $sum"
  fi
}

# BIRD learns Junction's routes a moment after the session is up: poll its table.
bird_route_ok() {  # prefix
  birdc_lab show route all "$1" >"$WORK/bird-route.txt" 2>&1 &&
    "${LABTOOL[@]}" bird-route "$WORK/bird-route.txt" "$1" "$R_AS" "$EXPORT_LC" >/dev/null
}

check_bgp_export() {
  local c=bgp-export p out parts=() ok=1
  for p in "$H1_NET4" "$H1_NET6"; do
    jn_wait_for 15 bird_route_ok "$p" || ok=0
    birdc_lab show route all "$p" >"$WORK/bird-route.txt" 2>&1 || true
    out=$("${LABTOOL[@]}" bird-route "$WORK/bird-route.txt" "$p" "$R_AS" "$EXPORT_LC") || true
    parts+=("$out")
  done
  if [ "$ok" = 1 ]; then
    pass "$c" "BIRD learned from Junction: ${parts[0]}; ${parts[1]}"
  else
    fail "$c" "want AS path $R_AS and large community $EXPORT_LC at BIRD: ${parts[0]}; ${parts[1]}"
  fi
}

# ---------------------------------------------------------------- API and metrics checks
# Every change goes through the `junction` CLI, a client of the router's API on its UNIX socket.
jn_cli() { timeout 30 "$JUNCTION_HOME/junction" "$@" --name "$NAME"; }
# The running document with the API checks' static route added: a file to commit.
api_config_with_route() {  # out-file
  jn_cli show config >"$1.running" || return 1
  /usr/bin/python3 - "$1.running" "$1" "$API_NET4" "$H2_V4" <<'PY'
import sys
text = open(sys.argv[1]).read()
assert "\nroutes:" not in text, "the lab config has no static routes of its own"
route = "routes:\n  - {prefix: %s, via: %s}\n" % (sys.argv[3], sys.argv[4])
open(sys.argv[2], "w").write(text.replace("\nbgp:", "\n" + route + "bgp:", 1))
PY
}
# NAME=FLAPS of every BGP neighbor, sorted: equal before and after means no session went down.
neighbor_flaps() {
  jn_cli show neighbors --json | /usr/bin/python3 -c '
import json, sys
print(" ".join(sorted("%s=%s" % (n["name"], n["flaps"]) for n in json.load(sys.stdin))))'
}
running_version() {
  jn_cli show status --json | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["running_version"])'
}
ping_h1() { in_h1 ping -4 -c1 -W1 "$1"; }
API_BASE_VERSION=''

check_api_commit() {
  local c=api-commit flaps0 flaps1 out
  API_BASE_VERSION=$(running_version) || { fail "$c" "junction show status failed"; return; }
  if ping_h1 "$API_DST4" >/dev/null 2>&1; then fail "$c" "$API_DST4 answered before any route to it"; return; fi
  flaps0=$(neighbor_flaps) || { fail "$c" "junction show neighbors failed"; return; }
  api_config_with_route "$WORK/api-route.yaml" || { fail "$c" "could not write the candidate"; return; }
  if ! out=$(jn_cli config commit "$WORK/api-route.yaml" -m "lab: static route $API_NET4" 2>&1); then
    fail "$c" "commit refused: $out"; return
  fi
  if ! jn_cli show route "$API_DST4" >"$WORK/api-route.txt" 2>&1 || ! grep -q static "$WORK/api-route.txt"; then
    fail "$c" "after the commit, no static route to $API_DST4: $(head -c 200 "$WORK/api-route.txt")"; return
  fi
  if ! jn_wait_for 10 ping_h1 "$API_DST4"; then fail "$c" "h1->$API_DST4: no reply after the commit"; return; fi
  flaps1=$(neighbor_flaps)
  if [ "$flaps0" != "$flaps1" ]; then fail "$c" "BGP sessions flapped: $flaps0 -> $flaps1"; return; fi
  pass "$c" "${out%%$'\n'*}; h1 reaches $API_DST4 through it; BGP untouched ($flaps1)"
}

check_api_rollback() {
  local c=api-rollback flaps0 flaps1 out
  [ -n "$API_BASE_VERSION" ] || API_BASE_VERSION=$(running_version)
  flaps0=$(neighbor_flaps) || { fail "$c" "junction show neighbors failed"; return; }
  if ! out=$(jn_cli config rollback "$API_BASE_VERSION" 2>&1); then fail "$c" "rollback refused: $out"; return; fi
  if jn_cli show route "$API_DST4" 2>/dev/null | grep -q static; then fail "$c" "the static route to $API_DST4 is still there"; return; fi
  if ping_h1 "$API_DST4" >/dev/null 2>&1; then fail "$c" "$API_DST4 still answers after the rollback"; return; fi
  flaps1=$(neighbor_flaps)
  if [ "$flaps0" != "$flaps1" ]; then fail "$c" "BGP sessions flapped: $flaps0 -> $flaps1"; return; fi
  pass "$c" "${out%%$'\n'*}; $API_DST4 unreachable again; BGP untouched ($flaps1)"
}

# A commit with a 1-minute confirm window, never confirmed: the router rolls it back by itself.
confirm_rolled_back() { jn_cli config history | grep -q 'was not confirmed'; }
check_api_confirm_expiry() {
  local c=api-confirm-expiry out t0
  if jn_cli show route "$API_DST4" 2>/dev/null | grep -q static; then
    fail "$c" "a static route to $API_DST4 is there before the check"; return
  fi
  api_config_with_route "$WORK/api-confirm.yaml" || { fail "$c" "could not write the candidate"; return; }
  if ! out=$(jn_cli config commit "$WORK/api-confirm.yaml" -m "lab: confirm test" --confirm 1 2>&1); then
    fail "$c" "commit refused: $out"; return
  fi
  t0=$(now_ms)
  jn_wait_for 10 ping_h1 "$API_DST4" || { fail "$c" "h1->$API_DST4: no reply during the window"; return; }
  if ! jn_wait_for 90 confirm_rolled_back; then fail "$c" "no rollback 90 s after a 1-minute window"; return; fi
  if ping_h1 "$API_DST4" >/dev/null 2>&1; then fail "$c" "$API_DST4 still answers after the rollback"; return; fi
  pass "$c" "unconfirmed commit rolled back by the router after $(( ($(now_ms) - t0) / 1000 )) s; $API_DST4 unreachable again"
}

# An agent's session: labtool.py's MCP client starts `junction mcp --name lab` (stdio, JSON-RPC),
# initializes and calls tools; each check is one session, bounded (every answer within 30 s).
jn_mcp() { timeout 150 "${LABTOOL[@]}" "$@"; }

# The next hops must be resolved: one ping through each route first makes the router resolve h2's
# addresses (its ARP/ND entry for h2-v6's gateway exists only once traffic needed it).
check_mcp_explain() {
  local c=mcp-explain out
  in_h1 ping -4 -c1 -W1 "$H2_LO4" >/dev/null 2>&1 || true
  in_h1 ping -6 -c1 -W1 "$H2_LO6" >/dev/null 2>&1 || true
  if out=$(jn_mcp mcp-explain "$JUNCTION_HOME/junction" "$NAME" 15 "$H2_NET4=h2-v4=$H2_V4" "$H2_NET6=h2-v6=$H2_V6"); then
    pass "$c" "$out"
  else
    fail "$c" "${out:-no output (timed out?)}"
  fi
}

check_mcp_propose_commit() {
  local c=mcp-propose-commit out
  if out=$(jn_mcp mcp-propose-commit "$JUNCTION_HOME/junction" "$NAME" "$MCP_NET4" "$H2_V4" "$MCP_DST4" "$NS_H1"); then
    pass "$c" "$out"
  else
    fail "$c" "${out:-no output (timed out?)}"
  fi
}

# The route journal (on: the router runs with a state directory) through the `junction` CLI: BIRD
# withdraws h2's IPv4 network (`birdc disable s4`), `show route --why` names h2-v4's UPDATE and the
# route before, `--history` the announce and the withdrawal, `show routes --at` has the prefix between
# them and not at the withdrawal; BIRD announces it again and h1 reaches h2's lo through it, as before.
check_journal_why() {
  local c=journal-why out
  if out=$(timeout 240 "${LABTOOL[@]}" journal-why "$JUNCTION_HOME/junction" "$NAME" "$BIRD_SOCK" s4 "$H2_NET4" \
      "h2-v4=$H2_V4" "$H2_LO4" 45); then
    if jn_wait_for 10 in_h1 ping -4 -c1 -W1 "$H2_LO4"; then
      pass "$c" "$out; h1 reaches $H2_LO4 again"
    else
      fail "$c" "$out; but h1 gets no reply from $H2_LO4 10 s after"
    fi
  else
    birdc_lab enable s4 >/dev/null 2>&1 || true   # labtool re-enables it on a failure; not when it was killed
    fail "$c" "${out:-no output (timed out?)}"
  fi
}

# nsf-kill / nsf-restart: h1 pings h2's lo (a BGP route from BIRD) NSF_PINGS times at 100 a second while
# the control plane is killed and started again (kill; with a TCP transfer h1 -> h2 across it, iperf3 at
# 50 Mbit/s for NSF_TCP_SECONDS), or restarted through `junction restart control` (restart); meanwhile
# BIRD's table is read for h1's network (Junction's export). PASS: every ping answered, the transfer
# ended well, BIRD never without the route, and the new control plane resynced the FIB.
NSF_PINGS=2000 NSF_TCP_SECONDS=12
resynced_since() { [ "$(grep -c '^junction: FIB resynced' "$ROUTER_LOG")" -gt "$1" ]; }
# What BIRD's table says of h1's network: present, absent, or unanswered (birdc failed or timed out without
# an answer: a busy machine, not a lost route; counted apart). Any answer without the route is absent.
bird_h1_state() {
  local out
  out=$(birdc_lab show route "$H1_NET4" 2>&1) || { echo unanswered; return; }
  if grep -q "^$H1_NET4" <<<"$out"; then echo present
  elif grep -qiE "unable to connect|server is busy|bird is busy" <<<"$out"; then echo unanswered
  else echo absent; fi
}
# `junction capture p0 -c 10 -w FILE` while h1 pings h2 (pings until the capture ends, 30 s at most): tshark reads
# the file; p0 received echo requests (epb_flags inbound, p2p_dir 1) and sent echo replies (outbound, p2p_dir 0).
check_capture() {
  local c=capture f=$WORK/capture.pcapng pid rc=0 i=0 fields requests replies frames summary
  rm -f "$f"
  timeout 60 "$JUNCTION_HOME/junction" capture p0 -c 10 -w "$f" --name "$NAME" 2>"$f.err" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 150 ]; do
    in_h1 ping -4 -c1 -W1 "$H2_V4" >/dev/null 2>&1 || true
    sleep 0.1; i=$(( i + 1 ))
  done
  wait "$pid" || rc=$?
  summary=$(grep 'frames written' "$f.err" | tail -n1 || true)
  if [ "$rc" != 0 ]; then
    fail "$c" "junction capture exited $rc: $(tr '\n' ' ' <"$f.err" | cut -c1-300)"; return
  fi
  if ! fields=$(tshark -r "$f" -T fields -e frame.interface_name -e frame.p2p_dir -e icmp.type 2>"$f.tshark.err"); then
    fail "$c" "tshark -r $f failed: $(tr '\n' ' ' <"$f.tshark.err" | cut -c1-300)"; return
  fi
  frames=$(grep -c . <<<"$fields" || true)
  requests=$(grep -cP '^p0\t1\t8$' <<<"$fields" || true)
  replies=$(grep -cP '^p0\t0\t0$' <<<"$fields" || true)
  if [ "$frames" = 10 ] && [ "$requests" -gt 0 ] && [ "$replies" -gt 0 ]; then
    pass "$c" "tshark read $frames frames on p0: $requests echo requests in, $replies echo replies out ($summary)"
  else
    fail "$c" "want 10 frames with echo requests in and replies out on p0: $frames frames, $requests requests in, $replies replies out: $(tr '\n' ';' <<<"$fields" | cut -c1-300)"
  fi
}

# The FIB check the control plane ran after taking the FIB over (docs/dataplane.md "Two processes"), as its metrics
# expose it: the check of this epoch, nothing missing, stale or differing. Prints the figures; fails otherwise.
fib_check_clean() {  # epoch
  ip netns exec "$NS_R" curl -sf "http://$METRICS_LISTEN/metrics" 2>/dev/null | awk -v e="$1" '
    /^junction_fib_check_(epoch|missing_routes|stale_routes|differing_routes) / {v[$1] = $2 + 0}
    END {m = v["junction_fib_check_missing_routes"]; s = v["junction_fib_check_stale_routes"]
         d = v["junction_fib_check_differing_routes"]
         printf "junction_fib_check_* of epoch %s: %d missing, %d stale, %d differing", v["junction_fib_check_epoch"], m, s, d
         exit (!("junction_fib_check_epoch" in v) || v["junction_fib_check_epoch"] != e || m + s + d > 0)}'
}
check_nsf() {  # check kill|restart
  local c=$1 how=$2 pid new_pid resynced ping_pid watch_pid received gaps unanswered out="" iperf_pid="" iperf_server="" tcp="" mbps retr bytes epoch fib
  pid=$(control_pid) || { fail "$c" "no control plane pid in /run/junction/$NAME/control.pid"; return; }
  jn_wait_for 15 in_h1 ping -4 -c1 -W1 "$H2_LO4" || { fail "$c" "h1 does not reach $H2_LO4 before the restart"; return; }
  in_h1 ping -4 -n -q -c "$NSF_PINGS" -i 0.01 -W 2 "$H2_LO4" >"$WORK/$c.ping" 2>&1 &
  ping_pid=$!
  if [ "$how" = kill ]; then
    # And a TCP transfer across the kill (bounded in rate and time): it must end well.
    jn_bg "$NS_H2" "$WORK/$c-iperf3-server.log" iperf3 -s -1 -B "$H2_V4" -p "$IPERF_PORT"
    iperf_server=$JN_LAST_PID
    jn_wait_for 5 jn_tcp_listening "$NS_H2" "$IPERF_PORT" || true
    in_h1 timeout 60 iperf3 -c "$H2_V4" -p "$IPERF_PORT" -t "$NSF_TCP_SECONDS" -b 50M -J --connect-timeout 3000 \
      >"$WORK/$c-iperf3.json" 2>"$WORK/$c-iperf3.err" &
    iperf_pid=$!
  fi
  ( while kill -0 "$ping_pid" 2>/dev/null; do
      case $(bird_h1_state) in absent) echo "gap $(date +%T.%N)" ;; unanswered) echo "unanswered $(date +%T.%N)" ;; esac
      sleep 0.05
    done ) >"$WORK/$c.bird" 2>&1 &
  watch_pid=$!
  sleep 0.5
  resynced=$(grep -c '^junction: FIB resynced' "$ROUTER_LOG" || true)
  if [ "$how" = kill ]; then
    # junction run's supervisor starts the next control plane by itself.
    kill -KILL "$pid" 2>/dev/null || true
  else
    out=$(ip netns exec "$NS_R" env JUNCTION_NO_BUILD=1 "$JUNCTION_HOME/junction" restart control --name "$NAME" 2>&1) ||
      { kill "$ping_pid" 2>/dev/null; wait "$ping_pid" "$watch_pid" 2>/dev/null; fail "$c" "junction restart control failed: $out"; return; }
  fi
  if ! jn_wait_for 60 resynced_since "$resynced"; then
    kill "$ping_pid" 2>/dev/null; wait "$ping_pid" "$watch_pid" 2>/dev/null
    fail "$c" "no FIB resync by a new control plane within 60 s (log $ROUTER_LOG)"; return
  fi
  new_pid=$(control_pid)
  wait "$ping_pid" 2>/dev/null || true
  wait "$watch_pid" 2>/dev/null || true
  received=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$WORK/$c.ping")
  gaps=$(grep -c '^gap' "$WORK/$c.bird" || true)
  unanswered=$(grep -c '^unanswered' "$WORK/$c.bird" || true)
  if [ -n "$iperf_pid" ]; then
    wait "$iperf_pid" 2>/dev/null || true
    jn_stop_pid "$iperf_server" 2
    if tcp=$("${LABTOOL[@]}" iperf3 "$WORK/$c-iperf3.json"); then
      read -r mbps retr bytes <<<"$tcp"
      tcp="a TCP transfer across it ended well: $NSF_TCP_SECONDS s, $mbps Mbit/s, $bytes bytes, $retr retransmits"
    else
      fail "$c" "the TCP transfer across the kill failed: $tcp $(tr '\n' ' ' <"$WORK/$c-iperf3.err" | cut -c1-200)"; return
    fi
  fi
  epoch=$(grep '^junction: FIB resynced' "$ROUTER_LOG" | tail -n 1 | sed -n 's/.*(epoch \([0-9]*\),.*/\1/p')
  jn_wait_for 20 fib_check_clean "$epoch" || true
  if ! fib=$(fib_check_clean "$epoch"); then
    fail "$c" "the FIB check after the resync (epoch ${epoch:-?}), from the metrics: ${fib:-no answer}"
  elif [ "${received:-0}" = "$NSF_PINGS" ] && [ "$gaps" = 0 ]; then
    pass "$c" "$NSF_PINGS/$NSF_PINGS pings to $H2_LO4 answered across the control plane's ${how}; BIRD kept $H1_NET4 throughout$([ "$unanswered" -gt 0 ] && echo " ($unanswered reads unanswered)");${tcp:+ $tcp;} FIB resynced ($(grep '^junction: FIB resynced' "$ROUTER_LOG" | tail -n 1 | sed 's/.*(\(epoch [^)]*\)).*/\1/'), control plane pid $pid -> $new_pid${out:+; ${out#junction: }}); $fib"
  else
    fail "$c" "${received:-no} of $NSF_PINGS pings answered; BIRD lacked $H1_NET4 $gaps time(s) (first $(grep -m1 '^gap' "$WORK/$c.bird" | cut -d' ' -f2); $unanswered reads unanswered) ($(head -c 300 "$WORK/$c.ping" | tr '\n' ' '))"
  fi
}

# ---------------------------------------------------------------- fragmentation and path MTU
# p1 runs SMALL_MTU while these checks run: a commit of the running document with p1's mtu set, through the
# `junction` CLI (the data plane applies it to the port, its veth r-h2 and its TAP), rolled back to the version
# before once the next check is of another kind, or at the end.
SMALL_MTU=1280 FRAG_UDP_PORT=7180 FRAG_UDP_LENGTH=1472   # 1500-byte IPv4 packets: h1's link takes them whole
SMALL_MTU_BASE=''
r_h2_mtu_is() { ip -n "$NS_R" -o link show r-h2 | grep -q " mtu $1 "; }
small_mtu_on() {  # prints why it failed
  local base out
  [ -z "$SMALL_MTU_BASE" ] || return 0
  if [ "$KERNEL" = 1 ]; then
    ip -n "$NS_R" link set r-h2 mtu "$SMALL_MTU"
    SMALL_MTU_BASE=kernel
    return 0
  fi
  base=$(running_version) || { echo "junction show status failed"; return 1; }
  jn_cli show config >"$WORK/mtu.running" || { echo "junction show config failed"; return 1; }
  /usr/bin/python3 - "$WORK/mtu.running" "$WORK/mtu.yaml" "$SMALL_MTU" <<'PY' || { echo "could not write the candidate"; return 1; }
import re, sys
lines = open(sys.argv[1]).read().split("\n")
at = next(i for i, l in enumerate(lines) if "iface=r-h2" in l)
indent = len(lines[at]) - len(lines[at].lstrip(" -"))
start = at
while not lines[start].lstrip().startswith("- "):
    start -= 1
end = at + 1
while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip(" ")) >= indent \
        and not lines[end].lstrip().startswith("- "):
    end += 1
mtu = [i for i in range(start, end) if re.match(r"^[ -]*mtu:", lines[i])]
if mtu:
    lines[mtu[0]] = re.sub(r"mtu:.*", "mtu: " + sys.argv[3], lines[mtu[0]])
else:
    lines.insert(at + 1, " " * indent + "mtu: " + sys.argv[3])
open(sys.argv[2], "w").write("\n".join(lines))
PY
  if ! out=$(jn_cli config commit "$WORK/mtu.yaml" -m "lab: p1 MTU $SMALL_MTU" 2>&1); then
    echo "commit of p1 MTU $SMALL_MTU refused: $out"; return 1
  fi
  SMALL_MTU_BASE=$base
  jn_wait_for 10 r_h2_mtu_is "$SMALL_MTU" || { echo "p1 MTU $SMALL_MTU committed, but r-h2 is not at it 10 s later"; return 1; }
}
small_mtu_off() {
  [ -n "$SMALL_MTU_BASE" ] || return 0
  if [ "$KERNEL" = 1 ]; then
    ip -n "$NS_R" link set r-h2 mtu 1500
  else
    jn_cli config rollback "$SMALL_MTU_BASE" >"$WORK/mtu-rollback.out" 2>&1 ||
      log "lab: rolling p1's MTU back failed: $(tr '\n' ' ' <"$WORK/mtu-rollback.out" | cut -c1-200)"
  fi
  SMALL_MTU_BASE=''
  jn_wait_for 10 r_h2_mtu_is 1500 || log "lab: r-h2 is not back at MTU 1500 after the rollback"
  # Forget the path MTUs pmtu4/pmtu6 taught h1.
  in_h1 ip -4 route flush cache >/dev/null 2>&1 || true
  in_h1 ip -6 route flush cache >/dev/null 2>&1 || true
}
h2_reasm_oks() {
  ip netns exec "$NS_H2" awk '$1 == "Ip:" { if (!h) { for (i = 2; i <= NF; i++) k[i] = $i; h = 1 }
    else for (i = 2; i <= NF; i++) if (k[i] == "ReasmOKs") print $i }' /proc/net/snmp
}

check_fragment4() {
  local c=fragment4 before=$WORK/status-frag.json ready=$WORK/udp.ready pid st=0 out reasm0 reasm1 d1 d2
  small_mtu_on >"$WORK/mtu.err" 2>&1 || { fail "$c" "$(tr '\n' ' ' <"$WORK/mtu.err")"; return; }
  jn_wait_for 10 in_h1 ping -4 -c1 -W1 "$H2_V4" >/dev/null 2>&1 || true   # h2's neighbor entry resolved
  if [ "$KERNEL" = 0 ] && ! status_json "$before"; then
    fail "$c" "status failed: $(tr '\n' ' ' <"$before.err" | cut -c1-200)"; return
  fi
  reasm0=$(h2_reasm_oks)
  rm -f "$ready"
  jn_bg "$NS_H2" "$WORK/udp-receive.log" "${LABTOOL[@]}" udp-receive "$H2_V4" "$FRAG_UDP_PORT" "$FRAG_UDP_LENGTH" "$ready" 10
  pid=$JN_LAST_PID
  if ! jn_wait_for 5 test -e "$ready"; then
    fail "$c" "UDP receiver in $NS_H2 did not start: $(tr '\n' ' ' <"$WORK/udp-receive.log")"
    jn_stop_pid "$pid" 2; return
  fi
  in_h1 "${LABTOOL[@]}" udp-send "$H2_V4" "$FRAG_UDP_PORT" "$FRAG_UDP_LENGTH" 3 || true
  wait "$pid" || st=$?
  out=$(tr '\n' ' ' <"$WORK/udp-receive.log")
  reasm1=$(h2_reasm_oks)
  local what="h1->h2 UDP, $(( FRAG_UDP_LENGTH + 28 ))-byte IPv4 packets with DF clear, p1 at MTU $SMALL_MTU"
  if [ "$st" != 0 ]; then
    fail "$c" "$what: $out"
  elif [ "${reasm1:-0}" -le "${reasm0:-0}" ]; then
    fail "$c" "$what: h2 got the datagram, but reassembled nothing (IpReasmOKs $reasm0 -> $reasm1): not fragmented?"
  elif ! d1=$(counter_grew "$before" ip4_fragmented 1) || ! d2=$(counter_grew "$before" ip4_fragments 2); then
    fail "$c" "$what: h2 reassembled it, but the router counted no fragmentation: $d1; ${d2:-}"
  else
    pass "$c" "$what: h2 reassembled them (IpReasmOKs +$(( reasm1 - reasm0 ))), ${out% }; $d1; $d2"
  fi
}

# ping -M do (DF set) from h1, bigger than p1's MTU: the router's answer must name that MTU.
check_pmtu() {  # check family destination size from regex description
  local c=$1 fam=$2 dst=$3 size=$4 from=$5 re=$6 what=$7 out i
  small_mtu_on >"$WORK/mtu.err" 2>&1 || { fail "$c" "$(tr '\n' ' ' <"$WORK/mtu.err")"; return; }
  for i in 1 2 3; do   # up to 3 probes: an ICMP error may be rate-limited or lost
    in_h1 ip "-$fam" route flush cache >/dev/null 2>&1 || true   # else h1 refuses locally with the MTU it learned
    out=$(in_h1 ping "-$fam" -M do -s "$size" -c1 -W1 "$dst" 2>&1) || true
    if grep -Eq "^From ${from//./\\.}( |:).*($re)" <<<"$out"; then
      pass "$c" "h1 $dst, $size bytes of ICMP data with DF: $what from $from, p1 at MTU $SMALL_MTU (probe $i): $(grep -E '^From' <<<"$out" | head -1)"
      return
    fi
  done
  fail "$c" "h1 $dst, $size bytes with DF: no $what from $from in 3 probes; last: $(grep -Ei '^From|error|received' <<<"$out" | tr '\n' ' ')"
}

check_metrics() {
  local c=metrics port bgp
  if ! ip netns exec "$NS_R" curl -sf "http://$METRICS_LISTEN/metrics" >"$WORK/metrics.txt" 2>&1; then
    fail "$c" "GET http://$METRICS_LISTEN/metrics in $NS_R failed"; return
  fi
  port=$(grep -E '^junction_port_rx_packets_total\{port="p0"\} [1-9]' "$WORK/metrics.txt" | head -1)
  bgp=$(grep -E '^junction_bgp_neighbor_state\{neighbor="h2-v4",state="established"\} 6' "$WORK/metrics.txt" | head -1)
  if [ -n "$port" ] && [ -n "$bgp" ]; then
    pass "$c" "$(grep -c '^junction_' "$WORK/metrics.txt") junction samples; $port; $bgp"
  else
    fail "$c" "want p0's rx packets > 0 and h2-v4 established: ${port:-no port sample}; ${bgp:-no bgp sample}"
  fi
}

# h1's side of the vlan check: eth0.100 with its addresses, whose sources route to h2 through the router's
# p0.100 (policy table 100, so every other check keeps eth0); the static route's destination on lo. eth0.100 is a
# Linux VLAN interface where the kernel has 802.1Q (CONFIG_VLAN_8021Q); where it has not ("Unknown device type"),
# a TAP of that name in h1, its tag pushed and popped by labtool's vlan-relay on eth0 (VLAN_MODE says which).
VLAN_MODE=''
vlan_setup_h1() {
  local dev=eth0.$VLAN_ID
  [ -n "$VLAN_MODE" ] && return 0
  if ip -n "$NS_H1" link add link eth0 name "$dev" type vlan id "$VLAN_ID" 2>"$WORK/vlan-link.err"; then
    VLAN_MODE="Linux VLAN interface $dev"
  else
    log "h1: no 802.1Q in this kernel ($(tr '\n' ' ' <"$WORK/vlan-link.err")): $dev is a TAP relayed by labtool vlan-relay"
    jn_bg "$NS_H1" "$WORK/vlan-relay.out" "${LABTOOL[@]}" vlan-relay eth0 "$dev" "$VLAN_ID" "$WORK/vlan-relay.stop" 900
    jn_wait_for_line 10 "$WORK/vlan-relay.out" '^ready' "$JN_LAST_PID" || return 1
    VLAN_MODE="TAP $dev relayed with tag $VLAN_ID (the kernel has no 802.1Q)"
  fi
  ip -n "$NS_H1" addr add "$H1_VLAN_V4/24" dev "$dev" &&
  ip -n "$NS_H1" -6 addr add "$H1_VLAN_V6/64" dev "$dev" nodad &&
  ip -n "$NS_H1" link set "$dev" up &&
  ip -n "$NS_H1" rule add from "$H1_VLAN_V4" table "$VLAN_ID" &&
  ip -n "$NS_H1" route add default via "$R_VLAN_V4" dev "$dev" table "$VLAN_ID" &&
  ip -n "$NS_H1" -6 rule add from "$H1_VLAN_V6" table "$VLAN_ID" &&
  ip -n "$NS_H1" -6 route add default via "$R_VLAN_V6" dev "$dev" table "$VLAN_ID" &&
  ip -n "$NS_H1" addr add "$VLAN_DST4/32" dev lo &&
  ip -n "$NS_H1" addr add "$VLAN_BGP_DST4/32" dev lo
}
# The running document with the vlan check's static route via h1's VLAN address and BGP neighbor h1-vlan (h1's
# BIRD on that address, its network accepted): a file to commit.
vlan_config_with_route() {  # out-file
  jn_cli show config >"$1.running" || return 1
  /usr/bin/python3 - "$1.running" "$1" "$VLAN_NET4" "$H1_VLAN_V4" "$H1_VLAN_AS" "$VLAN_BGP_NET4" <<'PY'
import sys
text = open(sys.argv[1]).read()
route = "  - {prefix: %s, via: %s}\n" % (sys.argv[3], sys.argv[4])
if "\nroutes:\n" in text:
    text = text.replace("\nroutes:\n", "\nroutes:\n" + route, 1)
else:
    text = text.replace("\nbgp:", "\nroutes:\n" + route + "bgp:", 1)
neighbor = ("    - {name: h1-vlan, address: %s, remote-as: %s, hold-time: 9, connect-retry: 1,\n"
            "       families: [ipv4-unicast], import: from-h1-vlan, export: to-h2}\n" % (sys.argv[4], sys.argv[5]))
policy = ("    from-h1-vlan:\n      terms:\n"
          "        - {name: h1-vlan-net, match: {prefixes: [\"%s\"]}, then: accept}\n      otherwise: reject\n" % sys.argv[6])
assert "\n  neighbors:\n" in text and "\n  policies:\n" in text, "the lab's bgp section has neighbors and policies"
text = text.replace("\n  neighbors:\n", "\n  neighbors:\n" + neighbor, 1).replace("\n  policies:\n", "\n  policies:\n" + policy, 1)
open(sys.argv[2], "w").write(text)
PY
}
# BIRD 2 in h1 on its VLAN address: an eBGP session over p0.100 to the router's 198.18.3.1, announcing VLAN_BGP_NET4.
start_vlan_bird() {
  cat >"$WORK/bird-vlan.conf" <<EOF
# Written by scripts/lab.sh: the vlan check's BGP peer, run inside namespace $NS_H1 on eth0.$VLAN_ID.
log "$WORK/bird-vlan.log" all;
router id $H1_VLAN_V4;
protocol device { scan time 10; }
protocol static s4 { ipv4; route $VLAN_BGP_NET4 blackhole; }
protocol bgp r4 {
  local $H1_VLAN_V4 as $H1_VLAN_AS;
  neighbor $R_VLAN_V4 as $R_AS;
  hold time 9;
  connect retry time 1;
  connect delay time 1;
  error wait time 1, 5;
  ipv4 { import all; export where source = RTS_STATIC; };
}
EOF
  jn_bg "$NS_H1" "$WORK/bird-vlan.out" bird -f -c "$WORK/bird-vlan.conf" -s "$WORK/bird-vlan.ctl" -P "$WORK/bird-vlan.pid"
  VLAN_BIRD_PID=$JN_LAST_PID
}
VLAN_BIRD_PID=''
vlan_bgp_established() { status_json "$WORK/status-vlan-bgp.json" && "${LABTOOL[@]}" bgp-neighbors "$WORK/status-vlan-bgp.json" h1-vlan >/dev/null; }
ping_h2() { ip netns exec "$NS_H2" ping -4 -c1 -W1 "$1"; }
check_vlan() {
  local c=vlan before=$WORK/status-vlan.json after=$WORK/status-vlan-after.json fam src dst out sent recv pings=()
  local version explain state drops rx unknown dev pid tcp bgp bgp_explain bgp_reach
  vlan_setup_h1 || { fail "$c" "could not make h1's VLAN interface eth0.$VLAN_ID: $(tr '\n' ' ' <"$WORK/vlan-relay.out" 2>/dev/null | cut -c1-200)"; return; }
  status_json "$before" || { fail "$c" "status failed: $(tr '\n' ' ' <"$before.err" | cut -c1-200)"; return; }
  for fam in 4 6; do
    if [ "$fam" = 4 ]; then src=$H1_VLAN_V4 dst=$H2_V4; else src=$H1_VLAN_V6 dst=$H2_V6; fi
    if ! jn_wait_for 10 in_h1 ping "-$fam" -c1 -W1 -I "$src" "$dst"; then
      fail "$c" "h1 eth0.$VLAN_ID $src -> h2 $dst: no reply within 10 s"; return
    fi
    out=$(in_h1 ping "-$fam" -c3 -i0.2 -W2 -I "$src" "$dst" 2>&1) || true
    sent=$(sed -n 's/^\([0-9]\+\) packets transmitted.*/\1/p' <<<"$out")
    recv=$(sed -n 's/.* \([0-9]\+\) received.*/\1/p' <<<"$out")
    if [ -z "$sent" ] || [ "${recv:-0}" != "$sent" ] || grep -q duplicates <<<"$out"; then
      fail "$c" "h1 eth0.$VLAN_ID $src -> h2 $dst: $(grep -E 'received' <<<"$out")"; return
    fi
    pings+=("$src->$dst $recv/$sent")
  done
  # The exception path of p0.100: a kernel socket on its TAP jt-p0.$VLAN_ID answers h1's VLAN address.
  dev=$(ip -n "$NS_R" -o addr show to "$R_VLAN_V4" | awk '{print $2; exit}')
  if [ "$dev" != "jt-p0.$VLAN_ID" ]; then fail "$c" "$R_VLAN_V4 is on '${dev:-nothing}' in $NS_R, not on the TAP jt-p0.$VLAN_ID"; return; fi
  rm -f "$WORK/vlan-tcp.ready"
  jn_bg "$NS_R" "$WORK/vlan-tcp.log" "${LABTOOL[@]}" tcp-server "$R_VLAN_V4" "$TCP_PORT" "$WORK/vlan-tcp.ready" 15
  pid=$JN_LAST_PID
  jn_wait_for 5 test -e "$WORK/vlan-tcp.ready" || true
  tcp=$(in_h1 "${LABTOOL[@]}" tcp-client "$R_VLAN_V4" "$TCP_PORT" 5 2>&1) || true
  jn_stop_pid "$pid" 2
  if [ "$tcp" != "junction-lab-ok $H1_VLAN_V4" ]; then
    fail "$c" "h1 -> $R_VLAN_V4:$TCP_PORT (a listener on jt-p0.$VLAN_ID): ${tcp:-no answer} $(tr '\n' ' ' <"$WORK/vlan-tcp.log")"; return
  fi
  version=$(running_version) || { fail "$c" "junction show status failed"; return; }
  vlan_config_with_route "$WORK/vlan-route.yaml" || { fail "$c" "could not write the candidate"; return; }
  if ! out=$(jn_cli config commit "$WORK/vlan-route.yaml" -m "lab: static route $VLAN_NET4 via $H1_VLAN_V4 on p0.$VLAN_ID, BGP neighbor h1-vlan" 2>&1); then
    fail "$c" "commit of $VLAN_NET4 via $H1_VLAN_V4 and BGP neighbor h1-vlan refused: $out"; return
  fi
  start_vlan_bird
  if ! jn_wait_for 10 ping_h2 "$VLAN_DST4"; then
    fail "$c" "h2 -> $VLAN_DST4 (static route via $H1_VLAN_V4 on p0.$VLAN_ID): no reply"
    jn_stop_pid "$VLAN_BIRD_PID" 5; jn_cli config rollback "$version" >/dev/null 2>&1 || true; return
  fi
  explain=$(jn_cli show route "$VLAN_DST4" --explain 2>&1) || true
  state=$(grep -E "$H1_VLAN_V4" <<<"$explain" | grep -E "p0\.$VLAN_ID" | grep -Eo 'reachable|stale|delay|probe' | head -1)
  jn_wait_for 30 vlan_bgp_established || true
  bgp=$("${LABTOOL[@]}" bgp-neighbors "$WORK/status-vlan-bgp.json" h1-vlan 2>&1) || bgp="FAILED $bgp"
  bgp_reach=no
  jn_wait_for 10 ping_h2 "$VLAN_BGP_DST4" && bgp_reach=yes
  bgp_explain=$(jn_cli show route "$VLAN_BGP_DST4" --explain 2>&1) || true
  jn_stop_pid "$VLAN_BIRD_PID" 5
  jn_cli config rollback "$version" >/dev/null 2>&1 || { fail "$c" "rollback to $version refused"; return; }
  if [ -z "$state" ]; then
    fail "$c" "show route $VLAN_DST4 --explain: want gateway $H1_VLAN_V4 on p0.$VLAN_ID with its ARP state: $(tr -s ' \n' ' ' <<<"$explain" | cut -c1-300)"
    return
  fi
  if [[ $bgp == FAILED* ]] || [ "$bgp_reach" != yes ] || ! grep -E "$H1_VLAN_V4" <<<"$bgp_explain" | grep -q "p0\.$VLAN_ID"; then
    fail "$c" "BGP over p0.$VLAN_ID: $bgp; h2 -> $VLAN_BGP_DST4 answered: $bgp_reach; show route --explain: $(tr -s ' \n' ' ' <<<"$bgp_explain" | cut -c1-300); BIRD: $(tail -n 5 "$WORK/bird-vlan.log" 2>/dev/null | tr '\n' ' ' | cut -c1-300)"
    return
  fi
  unknown=$(in_h1 timeout 20 "${LABTOOL[@]}" vlan-arp-probe eth0 "$VLAN_UNKNOWN_ID" "$H1_UNKNOWN_VLAN_V4" \
    "$UNKNOWN_VLAN_DST4" 3 2>&1) || true
  status_json "$after" || { fail "$c" "status failed: $(tr '\n' ' ' <"$after.err" | cut -c1-200)"; return; }
  if [ "${unknown%% *}" != 0 ] || ! drops=$("${LABTOOL[@]}" counter-delta "$before" "$after" drops.vlan_unknown 3); then
    fail "$c" "3 ARP requests tagged $VLAN_UNKNOWN_ID from h1: replies '$unknown', drops ${drops:-?}"; return
  fi
  rx=$("${LABTOOL[@]}" counter-delta "$before" "$after" "ports.p0.$VLAN_ID.rx" 6) || {
    fail "$c" "p0.$VLAN_ID's rx counter: $rx"; return; }
  pass "$c" "h1 $VLAN_MODE: ${pings[*]} through p0.$VLAN_ID; TCP from $H1_VLAN_V4 to a listener on jt-p0.$VLAN_ID; h2 -> $VLAN_DST4 via $H1_VLAN_V4, its ARP entry on p0.$VLAN_ID $state; BGP $bgp, $VLAN_BGP_NET4 from it reached from h2 (committed, rolled back); $drops; $rx"
}
# RFC 8950's next hop in the data plane: an IPv4 static route whose gateway is h2's IPv6 address.
rfc8950_config_with_route() {  # out-file
  jn_cli show config >"$1.running" || return 1
  /usr/bin/python3 - "$1.running" "$1" "$RFC8950_NET4" "$H2_V6" <<'PY'
import sys
text = open(sys.argv[1]).read()
assert "\nroutes:" not in text, "the lab config has no static routes of its own"
route = "routes:\n  - {prefix: %s, via: '%s'}\n" % (sys.argv[3], sys.argv[4])
open(sys.argv[2], "w").write(text.replace("\nbgp:", "\n" + route + "bgp:", 1))
PY
}
check_rfc8950() {
  local c=rfc8950 before=$WORK/status-rfc8950.json after=$WORK/status-rfc8950-after.json version out explain
  local sent recv tx fwd
  version=$(running_version) || { fail "$c" "junction show status failed"; return; }
  if ping_h1 "$RFC8950_DST4" >/dev/null 2>&1; then fail "$c" "$RFC8950_DST4 answered before any route to it"; return; fi
  rfc8950_config_with_route "$WORK/rfc8950.yaml" || { fail "$c" "could not write the candidate"; return; }
  if ! out=$(jn_cli config commit "$WORK/rfc8950.yaml" -m "lab: $RFC8950_NET4 via $H2_V6 (RFC 8950)" 2>&1); then
    fail "$c" "commit of $RFC8950_NET4 via $H2_V6 refused: $out"; return
  fi
  if ! jn_wait_for 10 ping_h1 "$RFC8950_DST4"; then
    fail "$c" "h1 -> $RFC8950_DST4 (via $H2_V6): no reply within 10 s"
    jn_cli config rollback "$version" >/dev/null 2>&1 || true; return
  fi
  status_json "$before" || { fail "$c" "status failed"; jn_cli config rollback "$version" >/dev/null 2>&1 || true; return; }
  out=$(in_h1 ping -4 -c10 -i0.2 -W2 "$RFC8950_DST4" 2>&1) || true
  status_json "$after" || { fail "$c" "status failed"; jn_cli config rollback "$version" >/dev/null 2>&1 || true; return; }
  explain=$(jn_cli show route "$RFC8950_DST4" --explain 2>&1) || true
  jn_cli config rollback "$version" >/dev/null 2>&1 || { fail "$c" "rollback to $version refused"; return; }
  sent=$(sed -n 's/^\([0-9]\+\) packets transmitted.*/\1/p' <<<"$out")
  recv=$(sed -n 's/.* \([0-9]\+\) received.*/\1/p' <<<"$out")
  if [ -z "$sent" ] || [ "${recv:-0}" != "$sent" ] || grep -q duplicates <<<"$out"; then
    fail "$c" "h1 -> $RFC8950_DST4 via $H2_V6: $(grep -E 'received' <<<"$out")"; return
  fi
  if ! grep -F "$H2_V6" <<<"$explain" | grep -q "p1"; then
    fail "$c" "show route $RFC8950_DST4 --explain: want gateway $H2_V6 on p1: $(tr -s ' \n' ' ' <<<"$explain" | cut -c1-300)"
    return
  fi
  tx=$("${LABTOOL[@]}" counter-delta "$before" "$after" ports.p1.tx 10) || { fail "$c" "p1's tx counter: $tx"; return; }
  fwd=$("${LABTOOL[@]}" counter-delta "$before" "$after" forwarded 20) || { fail "$c" "forwarded: $fwd"; return; }
  if ping_h1 "$RFC8950_DST4" >/dev/null 2>&1; then fail "$c" "$RFC8950_DST4 still answers after the rollback"; return; fi
  pass "$c" "h1 -> $RFC8950_DST4 $recv/$sent through $RFC8950_NET4 via $H2_V6 on p1 (IPv4 packets to h2's ND entry); $tx; $fwd (echo requests and replies); rolled back"
}
# RPKI: the router's RTR session with stayrtr is synced, and h2's routes carry their states.
rpki_states() {  # prints "CACHE-STATE VRPS4 V4-STATE V6-STATE"
  local cache v4 v6
  cache=$(jn_cli show rpki --json | /usr/bin/python3 -c '
import json, sys
s = json.load(sys.stdin); c = s["caches"][0] if s["caches"] else {"state": "none"}
print(c["state"], s["vrps4"])') || return 1
  v4=$(jn_cli show route "$H2_LO4" --json | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["bgp"].get("rpki", "none"))') || return 1
  v6=$(jn_cli show route "$H2_LO6" --json | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["bgp"].get("rpki", "none"))') || return 1
  echo "$cache $v4 $v6"
}
rpki_ok() { [ "$(rpki_states 2>/dev/null)" = "synced 2 valid not-found" ]; }
check_rpki() {
  local c=rpki got
  jn_wait_for 20 rpki_ok || true
  got=$(rpki_states 2>&1) || true
  if [ "$got" = "synced 2 valid not-found" ]; then
    pass "$c" "stayrtr synced, 2 IPv4 VRPs; $H2_NET4 valid, $H2_NET6 not-found"
  else
    fail "$c" "want 'synced 2 valid not-found' (cache state, IPv4 VRPs, $H2_NET4, $H2_NET6): $got"
  fi
}
# ---------------------------------------------------------------- control-plane policing (Junction only)
# copp-flood: h1 floods the router's p3 address (198.18.5.1) with 64-byte frames, a third each TCP SYN (to ports
# 1..1023 and 179: h1 is no BGP neighbor, so its port-179 SYNs are class other), UDP and ICMP echo requests. The
# generator is dpdk-testpmd in h1: a pcap of COPP_FRAMES frames replayed without end (net_pcap, infinite_rx) and sent
# by memif, the client of the router's p3 (its server; shared memory, no kernel on the way), io forwarding, its lcores
# on CPU 0 (the router's worker has CPU 1), under `timeout`, for about COPP_SECONDS. (The flood used to reach the router
# through h1's veth and net_af_packet on p0: the kernel's veth and af_packet work, ~3.4 us a packet, held it to about
# 0.5 Mpps offered and 0.3 Mpps received on 2 vCPUs.) Every half second, from 4 s before the flood to 3 s after, a
# monitor reads testpmd's memif TX counter (the offered rate; its telemetry socket), the router's p3 RX counter (what
# reached the router; its metrics) and BIRD's sessions: state, and its hold timer, whose time since the last message
# from Junction is the silence. The sessions must stay Established at both ends (Junction's uptimes go on), the longest
# silence under COPP_MAX_SILENCE_MS (two of Junction's 3 s keepalive intervals, the lab's hold time being 9 s: at most
# one keepalive late, never near expiry, while the generator spins), the router must have counted the flood in its copp
# classes, dropped no BGP packet and never found its punt ring full (the ring BGP's packets share with the flood's
# passes), and the offered rate must reach COPP_MIN_PPS, the issue's 1 Mpps.
COPP_SECONDS=${JN_LAB_COPP_SECONDS:-10} COPP_MIN_PPS=${JN_LAB_COPP_MIN_PPS:-1000000} COPP_MAX_SILENCE_MS=6000
COPP_FRAMES=3000 COPP_PREFIX=jn-lab-copp
bird_session() {  # protocol: "STATE HOLD_LEFT_S" from `birdc show protocols all`
  birdc_lab show protocols all "$1" 2>/dev/null |
    awk -v p="$1" '$1 == p {state = $NF} /Hold timer:/ {hold = $3} END {print (state ? state : "?"), (hold ? hold : "?")}'
}
copp_monitor() {  # out-file stop-file frozen-file: one line each half second until stop-file exists
  local tx=0 rx=0 v r4 r6
  while [ ! -e "$2" ]; do
    # testpmd's memif port (port 1) TX; before testpmd starts and once it is frozen, the last value read.
    if [ ! -e "$3" ]; then
      v=$("${LABTOOL[@]}" dpdk-opackets "$COPP_PREFIX" 1 2>/dev/null) && [[ $v =~ ^[0-9]+$ ]] && tx=$v
    fi
    v=$(ip netns exec "$NS_R" curl -sf --max-time 1 "http://$METRICS_LISTEN/metrics" 2>/dev/null |
      awk '$1 == "junction_port_rx_packets_total{port=\"p3\"}" {printf "%.0f", $2; exit}') && [[ $v =~ ^[0-9]+$ ]] && rx=$v
    r4=$(bird_session r4) r6=$(bird_session r6)
    echo "$(now_ms) $tx $rx $r4 $r6" >>"$1"
    sleep 0.5
  done
}
copp_generator_sending() {  # testpmd alive and its memif port's TX counter past 0
  local v
  jn_alive "$gen_pid" && v=$("${LABTOOL[@]}" dpdk-opackets "$COPP_PREFIX" 1 2>/dev/null) && [[ $v =~ ^[1-9][0-9]*$ ]]
}
check_copp_flood() {
  local c=copp-flood pcap=$WORK/copp.pcap before=$WORK/status-copp0.json after=$WORK/status-copp1.json
  local samples=$WORK/copp.samples stop=$WORK/copp.stop frozen=$WORK/copp.frozen gen_log=$WORK/copp-testpmd.log
  local gen_pid mon_pid st=0 res
  command -v dpdk-testpmd >/dev/null || { fail "$c" "dpdk-testpmd is missing (./junction setup installs dpdk)"; return; }
  jn_wait_for 30 bgp_all_established || { fail "$c" "the BGP sessions are not Established before the flood"; return; }
  "${LABTOOL[@]}" copp-pcap "$pcap" "$R5_MAC" "$H5_MAC" "$H5_V4" "$R5_V4" "$COPP_FRAMES" >/dev/null ||
    { fail "$c" "could not write the flood's pcap"; return; }
  status_json "$before" || { fail "$c" "status failed: $(tr '\n' ' ' <"$before.err" | cut -c1-200)"; return; }
  rm -f "$samples" "$stop" "$frozen"
  copp_monitor "$samples" "$stop" "$frozen" &
  mon_pid=$!
  jn_cleanup_push touch "$stop"
  sleep 4   # the sessions before the flood, for comparison
  # testpmd: EAL start-up (~4 s with --no-huge), then forwarding from the moment its memif port connects.
  # Port 0 is the pcap, port 1 the memif client (id 0 on the router's socket; the router's p3 is its server).
  jn_bg "$NS_H1" "$gen_log" dpdk-testpmd --lcores '0@0,1@0' --no-huge -m 256 --no-pci --file-prefix "$COPP_PREFIX" \
    --log-level=lib.eal:error \
    --vdev "net_pcap0,rx_pcap=$pcap,infinite_rx=1" \
    --vdev "net_memif0,role=client,id=0,socket=$MEMIF_SOCK,socket-abstract=no,mac=$H5_MAC" \
    -- --forward-mode=io --nb-cores=1 --rxq=1 --txq=1 --burst=64 --rxd=1024 --txd=1024 --total-num-mbufs=16384 \
    --stats-period=1 --no-lsc-interrupt
  gen_pid=$JN_LAST_PID
  # The flood ends with testpmd frozen (SIGSTOP), its memif still connected, not with testpmd ending: DPDK 22.11's
  # memif server unmaps the shared memory from its interrupt thread when the client disconnects, while the router's
  # worker may be reading the rings in rte_eth_rx_burst: the data plane died of SIGSEGV in librte_net_memif so here
  # (docs/dataplane.md "Control-plane policing"). The client goes away only after the router stopped: at the lab's
  # teardown, first the router (these two run last pushed first), then testpmd.
  jn_cleanup_push kill -KILL "$gen_pid"
  jn_cleanup_push jn_stop_pid "$ROUTER_PID" 40
  if jn_wait_for 30 copp_generator_sending; then
    sleep "$COPP_SECONDS"
    touch "$frozen"; kill -STOP "$gen_pid" 2>/dev/null || st=1
  else
    st=1; kill -KILL "$gen_pid" 2>/dev/null
  fi
  sleep 3   # the sessions must still be up after the flood, and keepalives go on
  touch "$stop"; wait "$mon_pid" 2>/dev/null || true
  if [ "$st" != 0 ]; then
    fail "$c" "dpdk-testpmd sent nothing on memif within 30 s or ended: $(grep -iE 'error|cannot|fail' "$gen_log" | head -3 | tr '\n' ' ' | cut -c1-300)"; return
  fi
  status_json "$after" || { fail "$c" "status failed after the flood: $(tr '\n' ' ' <"$after.err" | cut -c1-200)"; return; }
  res=$("${LABTOOL[@]}" copp-verdict "$samples" "$before" "$after" p3 "$COPP_MIN_PPS" "$COPP_MAX_SILENCE_MS" h2-v4 h2-v6) && st=0 || st=$?
  if [ "$st" = 0 ]; then pass "$c" "$res"; else fail "$c" "$res"; fi
}

# ---------------------------------------------------------------- link aggregation (Junction only)
# h3 has the other ends of the bond's veths, eth0 and eth1, in a bond of its own (lag0) with 198.18.4.2.
# The kernel may lack bonding (CONFIG_BONDING, as on the machines this was written on): then h3's bond is DPDK's
# bonding PMD in testpmd (mode 4, net_af_packet on eth0/eth1, forwarding to a TAP lag0 that carries the address),
# whose af_packet members report no carrier: a loop stands in for the Linux bond's miimon and takes a member whose
# carrier went out of testpmd's bond and back (remove/add bonding slave).
build_lacp_topology() {
  jn_ns_add "$NS_H3"
  jn_veth "$NS_H3" eth0 "$NS_R" r-b0
  jn_veth "$NS_H3" eth1 "$NS_R" r-b1
  # eth0/eth1 carry no address of h3's: its kernel must not answer ARP for lag0's address on them.
  jn_sysctl "$NS_H3" net.ipv6.conf.eth0.disable_ipv6=1 net.ipv6.conf.eth1.disable_ipv6=1 \
    net.ipv4.conf.all.arp_ignore=1 net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
}

LACP_PARTNER='' LACP_TESTPMD_PID='' LACP_MIIMON_PID='' BIRD3_PID='' LACP_TP_FD='' LACP_NUDGE_PID=''
lacp_kernel_bond() { ip -n "$NS_H3" link add lag0 type bond mode 802.3ad lacp_rate fast miimon 100 2>/dev/null; }
lacp_tp() { echo "$*" >&"$LACP_TP_FD"; }
# Runs in the check's shell (not a subshell): it sets the pids lacp_partner_stop needs. Prints why on failure.
lacp_partner_start() {
  if lacp_kernel_bond; then
    LACP_PARTNER="Linux bond (802.3ad, lacp_rate fast, miimon 100)"
    ip -n "$NS_H3" link set eth0 down; ip -n "$NS_H3" link set eth1 down
    ip -n "$NS_H3" link set eth0 master lag0; ip -n "$NS_H3" link set eth1 master lag0
    ip -n "$NS_H3" link set eth0 up; ip -n "$NS_H3" link set eth1 up
  else
    LACP_PARTNER="DPDK bonding PMD (mode 4) in testpmd, the kernel has no bonding"
    command -v dpdk-testpmd >/dev/null || { echo "no Linux bond and no dpdk-testpmd"; return 1; }
    mkfifo "$WORK/testpmd.in"
    exec {LACP_TP_FD}<>"$WORK/testpmd.in"
    # Its forwarding lcore spins on CPU 0 for the check's ~25 s; the router's worker has CPU 1.
    ip netns exec "$NS_H3" dpdk-testpmd --no-huge -m 256 --no-pci --file-prefix=jn-lab-h3 --lcores '0@0,1@0' \
      --vdev net_af_packet_h3a,iface=eth0 --vdev net_af_packet_h3b,iface=eth1 \
      --vdev 'net_bonding_h3,mode=4,slave=net_af_packet_h3a,slave=net_af_packet_h3b' --vdev net_tap_h3,iface=lag0 \
      -- -i --portlist=2,3 --forward-mode=io --total-num-mbufs=4096 <&"$LACP_TP_FD" >"$WORK/testpmd.log" 2>&1 &
    LACP_TESTPMD_PID=$!
    jn_cleanup_push jn_stop_pid "$LACP_TESTPMD_PID" 10
    jn_wait_for 30 ip -n "$NS_H3" link show lag0 || { echo "testpmd made no lag0: $(tail -n 5 "$WORK/testpmd.log" | tr '\n' ' ')"; return 1; }
    jn_wait_for 30 grep -q 'Checking link statuses' "$WORK/testpmd.log" || { echo "testpmd did not start its ports"; return 1; }
    lacp_tp start
    ( declare -A up=([0]=1 [1]=1)
      while :; do
        for i in 0 1; do
          c=$(ip netns exec "$NS_H3" cat "/sys/class/net/eth$i/carrier" 2>/dev/null || echo 0)
          if [ "$c" != "${up[$i]}" ]; then
            up[$i]=$c
            if [ "$c" = 1 ]; then lacp_tp "add bonding slave $i 2"; else lacp_tp "remove bonding slave $i 2"; fi
          fi
        done
        sleep 0.1
      done ) &
    LACP_MIIMON_PID=$!
    jn_cleanup_push jn_stop_pid "$LACP_MIIMON_PID" 2
  fi
  jn_sysctl "$NS_H3" net.ipv6.conf.lag0.disable_ipv6=1
  ip -n "$NS_H3" addr add "$H3_V4/24" dev lag0
  ip -n "$NS_H3" link set lag0 up
  ip -n "$NS_H3" route add default via "$R3_V4" dev lag0
  if [ -n "$LACP_TESTPMD_PID" ]; then
    # testpmd's io forwarding calls TX burst on its bond only for frames it received from lag0, and the bonding
    # PMD sends its LACPDUs from inside TX burst: without traffic from h3's kernel they never leave. 10 pings a
    # second keep them going (the router's own bond has no such need: its worker bursts TX every 10 ms).
    ip netns exec "$NS_H3" ping -4 -q -i 0.1 "$R3_V4" >/dev/null 2>&1 &
    LACP_NUDGE_PID=$!
    jn_cleanup_push jn_stop_pid "$LACP_NUDGE_PID" 2
  fi
}
lacp_partner_stop() {
  if [ -n "$LACP_MIIMON_PID" ]; then jn_stop_pid "$LACP_MIIMON_PID" 2; fi
  if [ -n "$LACP_NUDGE_PID" ]; then jn_stop_pid "$LACP_NUDGE_PID" 2; fi
  if [ -n "$LACP_TESTPMD_PID" ]; then lacp_tp quit 2>/dev/null || true; jn_stop_pid "$LACP_TESTPMD_PID" 10; fi
  if [ -n "$BIRD3_PID" ]; then jn_stop_pid "$BIRD3_PID" 10; fi
  if [ -n "$LACP_TP_FD" ]; then exec {LACP_TP_FD}>&-; rm -f "$WORK/testpmd.in"; fi
  LACP_MIIMON_PID='' LACP_TESTPMD_PID='' BIRD3_PID='' LACP_TP_FD='' LACP_NUDGE_PID=''
}

# ports.p2.KEY of the router's status (lacp_members, lacp_distributing, ...).
p2_gauge() {
  local f=$WORK/status-lacp.json
  status_json "$f" &&
    /usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["ports"]["p2"][sys.argv[2]])' "$f" "$1"
}
p2_members() { [ "$(p2_gauge lacp_members)" = "$1" ] && [ "$(p2_gauge lacp_distributing)" = "$1" ]; }
h3_ping_router() { ip netns exec "$NS_H3" ping -4 -c1 -W1 "$R3_V4"; }
bird3_established() {
  [ "$(timeout 10 birdc -s "$WORK/bird3.ctl" show protocols r3 2>/dev/null | awk '$1 == "r3" {print $NF}')" = Established ]
}
h3_flaps() { neighbor_flaps | tr ' ' '\n' | sed -n 's/^h3-v4=//p'; }
rx_of() { ip netns exec "$NS_R" cat "/sys/class/net/$1/statistics/rx_packets"; }

write_bird3_config() {
  cat >"$WORK/bird3.conf" <<EOB
# Written by scripts/lab.sh: h3's BGP peer over the bond (lacp-failover), run inside namespace $NS_H3.
log "$WORK/bird3.log" all;
router id $H3_V4;
protocol device { scan time 10; }
protocol bgp r3 {
  local as $H3_AS;
  neighbor $R3_V4 as $R_AS;
  hold time 9;
  connect retry time 1;
  connect delay time 1;
  error wait time 1, 5;
  ipv4 { import all; export none; };
}
EOB
}

# The router's running config with BGP neighbor h3-v4 added: a file to commit.
lacp_config_with_neighbor() {  # out-file
  jn_cli show config >"$1.running" || return 1
  /usr/bin/python3 - "$1.running" "$1" "$H3_V4" "$H3_AS" <<'PY'
import sys
text = open(sys.argv[1]).read()
entry = ("    - {name: h3-v4, address: %s, remote-as: %s, hold-time: 9, connect-retry: 1,\n"
         "       families: [ipv4-unicast], import: from-h2, export: to-h2}\n") % (sys.argv[3], sys.argv[4])
assert "  neighbors:\n" in text, "the lab config has BGP neighbors"
open(sys.argv[2], "w").write(text.replace("  neighbors:\n", "  neighbors:\n" + entry, 1))
PY
}

# LACP negotiates p2 with h3's bond; h3 pings h1 at 100/s through it and BIRD in h3 holds a session over it while
# the member carrying h3's traffic goes down for 3 s (on the router's side) and comes back.
check_lacp_failover() {
  local c=lacp-failover out t0 ms_lacp ms_out ms_back flaps0 flaps1 ping_pid received lost a0 a1 b0 b1 member partner_mac
  local established=no distributing summary
  lacp_config_with_neighbor "$WORK/lacp.yaml" || { fail "$c" "could not write the candidate"; return; }
  if ! out=$(jn_cli config commit "$WORK/lacp.yaml" -m "lab: BGP neighbor h3 over the bond p2" 2>&1); then
    fail "$c" "commit of neighbor h3-v4 refused: $out"; return
  fi
  t0=$(now_ms)
  lacp_partner_start >"$WORK/lacp-partner.txt" 2>&1 || {
    fail "$c" "h3's bond did not start: $(tr '\n' ' ' <"$WORK/lacp-partner.txt" | cut -c1-300)"; lacp_partner_stop; return; }
  if ! jn_wait_for 30 p2_members 2; then
    fail "$c" "LACP did not put both members of p2 in collecting/distributing within 30 s ($LACP_PARTNER):" \
      "lacp_members $(p2_gauge lacp_members), lacp_distributing $(p2_gauge lacp_distributing)"; lacp_partner_stop; return
  fi
  ms_lacp=$(( $(now_ms) - t0 ))
  partner_mac=$(printf '%012x' "$(p2_gauge member0_partner_mac)" | sed 's/../&:/g; s/:$//')
  jn_wait_for 10 h3_ping_router || { fail "$c" "h3 does not reach $R3_V4 over the bond"; lacp_partner_stop; return; }
  write_bird3_config
  jn_bg "$NS_H3" "$WORK/bird3.out" bird -f -c "$WORK/bird3.conf" -s "$WORK/bird3.ctl" -P "$WORK/bird3.pid"
  BIRD3_PID=$JN_LAST_PID
  if ! jn_wait_for 30 bird3_established; then
    fail "$c" "BIRD in h3 not Established with $R3_V4 within 30 s (LACP up in $ms_lacp ms)"; lacp_partner_stop; return
  fi
  flaps0=$(h3_flaps)
  ip netns exec "$NS_H3" ping -4 -n -q -c "$LACP_PINGS" -i 0.01 -W 1 "$H1_V4" >"$WORK/lacp.ping" 2>&1 &
  ping_pid=$!
  sleep 1
  a0=$(rx_of r-b0) a1=$(rx_of r-b1); sleep 1; b0=$(rx_of r-b0) b1=$(rx_of r-b1)
  member=r-b0; [ $(( b1 - a1 )) -gt $(( b0 - a0 )) ] && member=r-b1
  t0=$(now_ms)
  ip -n "$NS_R" link set "$member" down
  jn_wait_for 5 p2_members 1 || true
  ms_out=$(( $(now_ms) - t0 ))
  sleep 3
  ip -n "$NS_R" link set "$member" up
  t0=$(now_ms)
  jn_wait_for 30 p2_members 2 || true
  ms_back=$(( $(now_ms) - t0 ))
  wait "$ping_pid" 2>/dev/null || true
  received=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$WORK/lacp.ping")
  lost=$(( LACP_PINGS - ${received:-0} ))
  flaps1=$(h3_flaps)
  bird3_established && established=yes
  distributing=$(p2_gauge lacp_distributing)
  lacp_partner_stop
  summary="partner: $LACP_PARTNER; LACP: both members distributing $ms_lacp ms after h3's bond started (partner $partner_mac);"
  summary+=" $member down: out of the bond in $ms_out ms, back and distributing $ms_back ms after it came up ($distributing of 2);"
  summary+=" h3->h1 pings at 100/s: $lost of $LACP_PINGS lost; BGP h3-v4 flaps $flaps0 -> $flaps1, BIRD r3 Established: $established"
  if [ "$lost" -le "$LACP_MAX_LOST" ] && [ "$flaps0" = "$flaps1" ] && [ "$established" = yes ] && [ "$distributing" = 2 ]; then
    pass "$c" "$summary"
  else
    fail "$c" "want at most $LACP_MAX_LOST lost, no flap, BIRD Established, 2 distributing: $summary"
  fi
}

run_check() {
  local c=$1
  if [ -n "$ONLY" ] && [[ ",$ONLY," != *",$c,"* ]]; then return 0; fi
  [[ " ${FRAG_CHECKS[*]} " == *" $c "* ]] || small_mtu_off
  case $c in
    ping4) check_ping ping4 4 "$H2_V4" ;;
    ping6) check_ping ping6 6 "$H2_V6" ;;
    arp) check_neigh arp 4 "$R1_V4" ;;
    nd) check_neigh nd 6 "$R1_V6" ;;
    traceroute4) check_traceroute traceroute4 4 "$H2_V4" "$R1_V4" ;;
    traceroute6) check_traceroute traceroute6 6 "$H2_V6" "$R1_V6" ;;
    ttl-exceeded4) check_icmp_error ttl-exceeded4 4 "$H2_V4" 1 "$R1_V4" 'Time to live exceeded' "time exceeded" ;;
    ttl-exceeded6) check_icmp_error ttl-exceeded6 6 "$H2_V6" 1 "$R1_V6" 'Time exceeded' "time exceeded" ;;
    unreachable4) check_icmp_error unreachable4 4 "$NOROUTE_V4" "" "$R1_V4" 'Destination Net Unreachable' "net unreachable" ;;
    unreachable6) check_icmp_error unreachable6 6 "$NOROUTE_V6" "" "$R1_V6" 'Destination unreachable: No route' "no route" ;;
    exception-tcp) check_exception_tcp ;;
    iperf3) check_iperf3 ;;
    link-down) check_link_down ;;
    counters) check_counters ;;
    bgp-session) check_bgp_session ;;
    bgp-routes) check_bgp_routes ;;
    bgp-reach4) check_ping bgp-reach4 4 "$H2_LO4" ;;
    bgp-reach6) check_ping bgp-reach6 6 "$H2_LO6" ;;
    bgp-export) check_bgp_export ;;
    api-commit) check_api_commit ;;
    api-rollback) check_api_rollback ;;
    api-confirm-expiry) check_api_confirm_expiry ;;
    metrics) check_metrics ;;
    mcp-explain) check_mcp_explain ;;
    mcp-propose-commit) check_mcp_propose_commit ;;
    journal-why) check_journal_why ;;
    fragment4) check_fragment4 ;;
    pmtu4) check_pmtu pmtu4 4 "$H2_V4" $(( SMALL_MTU + 100 - 28 )) "$R1_V4" "Frag needed and DF set \\(mtu = $SMALL_MTU\\)" "fragmentation needed" ;;
    pmtu6) check_pmtu pmtu6 6 "$H2_V6" $(( SMALL_MTU + 20 )) "$R1_V6" "Packet too big: mtu=$SMALL_MTU" "packet too big" ;;
    capture) check_capture ;;
    rpki) check_rpki ;;
    nsf-kill) check_nsf nsf-kill kill ;;
    nsf-restart) check_nsf nsf-restart restart ;;
    vlan) check_vlan ;;
    rfc8950) check_rfc8950 ;;
    copp-flood) check_copp_flood ;;
    lacp-failover) check_lacp_failover ;;
  esac
}

# ---------------------------------------------------------------- main
log "building the lab ($([ "$KERNEL" = 1 ] && echo "kernel stand-in router" || echo "Junction on net_af_packet"))"
build_topology
write_config
if [ "$KERNEL" = 1 ]; then
  log "--kernel-router: the kernel of $NS_R forwards; Junction is not started (config for reference: $CONFIG)"
else
  start_stayrtr
  build_lacp_topology
  start_router
  status_json "$STATUS_BEFORE_BGP" || setup_fail "status --name $NAME --json failed: $(tr '\n' ' ' <"$STATUS_BEFORE_BGP.err" | cut -c1-300)"
  start_bird
fi

SETUP_DONE=1
for c in "${ALL_CHECKS[@]}"; do run_check "$c" || true; done
small_mtu_off

if [ "${#FAILED[@]}" -gt 0 ] && [ -n "$ROUTER_PID" ]; then
  log "router log (last 20 lines):"
  tail -n 20 "$ROUTER_LOG" | sed 's/^/  router: /' >&2
fi
if [[ " ${FAILED[*]} " == *" bgp-"* ]] && [ -f "$BIRD_LOG" ]; then
  log "BIRD log (last 20 lines):"
  tail -n 20 "$BIRD_LOG" | sed 's/^/  bird: /' >&2
fi
rc=0
[ "${#FAILED[@]}" -eq 0 ] || rc=1
if [ "$MODE" = check ]; then
  log "${#FAILED[@]} check(s) failed${FAILED[*]:+: ${FAILED[*]}}"
fi

if [ "$MODE" = interactive ]; then
  echo
  echo "== counters of router '$NAME'"
  if [ "$KERNEL" = 1 ]; then
    ip -n "$NS_R" -s link show r-h1; ip -n "$NS_R" -s link show r-h2
  else
    timeout 60 "$JUNCTION_HOME/junction" status --name "$NAME" || echo "(status failed)"
  fi
  echo
  echo "== the lab is up${FAILED[*]:+ (failed: ${FAILED[*]})}. Try:"
  echo "  ip netns exec $NS_H1 ping $H2_V4"
  echo "  ip netns exec $NS_H1 ping $H2_V6"
  echo "  ip netns exec $NS_H1 traceroute -n $H2_V4"
  echo "  ip netns exec $NS_H2 iperf3 -s   # then: ip netns exec $NS_H1 iperf3 -c $H2_V4"
  if [ "$KERNEL" = 0 ]; then
    echo "  ./junction status --name $NAME"
    echo "  ./junction show neighbors --name $NAME      # the API: /run/junction/$NAME/api.sock (docs/cli.md, docs/api.md)"
    echo "  ./junction config history --name $NAME"
    echo "  ip netns exec $NS_R curl -s http://$METRICS_LISTEN/metrics   # Prometheus metrics (docs/metrics.md)"
  fi
  [ -n "$ROUTER_PID" ] && echo "  router log: $ROUTER_LOG"
  [ -n "$BIRD_PID" ] && echo "  birdc -s $BIRD_SOCK show route all   # BIRD in $NS_H2 (log $BIRD_LOG)"
fi

if [ "$KEEP" = 1 ]; then
  echo "$WORK" >"$KEPT_FILE"
  jn_cleanup_forget   # leave everything up
  log "--keep: the lab stays up${ROUTER_PID:+ (router pid $ROUTER_PID, log $ROUTER_LOG)}; remove it with ./junction lab --down"
  exit "$rc"
fi

if [ "$MODE" = interactive ]; then
  STOP=0
  trap 'STOP=1' INT TERM
  if [ -n "$DURATION" ]; then
    echo "== staying up for $DURATION s (Ctrl-C ends it sooner)"
    end=$(( $(date +%s) + DURATION ))
  else
    echo "== staying up until Ctrl-C"
    end=
  fi
  while [ "$STOP" = 0 ]; do
    if [ -n "$end" ] && [ "$(date +%s)" -ge "$end" ]; then break; fi
    if [ -n "$ROUTER_PID" ] && ! jn_alive "$ROUTER_PID"; then
      tail -n 20 "$ROUTER_LOG" | sed 's/^/  router: /' >&2
      log "the router exited while the lab was up"
      rc=1; break
    fi
    sleep 0.5 || true
  done
  trap - INT TERM
  echo
  log "stopping the lab"
fi
exit "$rc"
