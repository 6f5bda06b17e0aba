#!/usr/bin/env bash
# Patch a temporary copy of DPDK 22.11's examples/l3fwd so it runs on virtual devices
# (net_pcap in, net_null out) for ./junction bench forward.
#
#   benchmarks/forward/patch-l3fwd.sh DIR      DIR holds l3fwd/ and common/ side by side
#
# Every patch is an exact string replacement that must match exactly once (the script fails
# otherwise, e.g. on another DPDK version). None touches l3fwd's per-packet work: the
# forwarding loop, the LPM lookup, the RFC 1812 checks/TTL/checksum update and the MAC
# rewrite are built as shipped. The patches, with why:
#
#  1. main.c, port_conf.rxmode.offloads: RTE_ETH_RX_OFFLOAD_CHECKSUM -> 0.
#     l3fwd asks the NIC for IPv4/UDP/TCP RX checksum offload; net_pcap offers none and
#     rte_eth_dev_configure() refuses the port ("Ethdev port_id=0 requested Rx offloads
#     0xe doesn't match Rx offloads capabilities 0x0"). l3fwd never reads the checksum
#     flags (rfc1812_process checks version/IHL/length only), so nothing per packet changes.
#  2. main.c, NB_MBUF(): the 8192 floor of the mbuf pool becomes L3FWD_BENCH_MIN_MBUF
#     (default 8192, i.e. unchanged unless the bench passes -DL3FWD_BENCH_MIN_MBUF=N).
#     net_pcap infinite_rx keeps one mbuf per pcap packet out of the pool for its whole
#     life; a big pcap would starve the 8192-mbuf pool. Pool size only, set up once.
#  3. l3fwd_fib.c, the IPv4 rte_fib's max_routes (1 << 16) becomes L3FWD_BENCH_FIB_MAX_ROUTES
#     (default 1 << 16, unchanged). With a full table (--table) the bench runs l3fwd with
#     --lookup=fib and -DL3FWD_BENCH_FIB_MAX_ROUTES=1.25N: rte_fib (DIR-24-8 under a RIB) loads 1M
#     routes in seconds, while the default --lookup=lpm keeps its rules in a per-depth array that
#     rte_lpm_add searches linearly, so 1M routes took more than a minute for the first 450k
#     here. Table size only, set up once; the lookup is rte_fib_lookup_bulk as shipped.
#
# Not patched (checked): the LPM sizes (IPV4_L3FWD_LPM_MAX_RULES 1024 >= the at most 256 /24
# routes the bench gives the lpm lookup, which need no tbl8); RSS (l3fwd masks rss_hf with the device's
# capabilities, 0 for net_pcap, and configure accepts that); ptype (the bench passes
# --parse-ptype, l3fwd's own software parser, since net_pcap reports no packet types).
# The routes come from --rule_ipv4/--rule_ipv6 files (both are needed: with only one,
# l3fwd silently falls back to its built-in table).
set -euo pipefail
dir=${1:?usage: patch-l3fwd.sh DIR (holding l3fwd/ and common/)}
[ -f "$dir/l3fwd/main.c" ] && [ -d "$dir/common" ] || { echo "patch-l3fwd: $dir has no l3fwd/main.c or common/" >&2; exit 1; }

# replace FILE OLD NEW: exact, exactly one occurrence
replace() {
  local file=$1 old=$2 new=$3
  OLD=$old NEW=$new perl -0777 -i -pe '
    BEGIN { $o = $ENV{OLD}; $n = $ENV{NEW}; }
    $c = () = /\Q$o\E/g;
    die "patch-l3fwd: expected 1 match in $ARGV, found $c: $o\n" unless $c == 1;
    s/\Q$o\E/$n/;' "$file"
}

# 1. no RX checksum offload request
replace "$dir/l3fwd/main.c" \
  '.offloads = RTE_ETH_RX_OFFLOAD_CHECKSUM,' \
  '.offloads = 0, /* junction bench: net_pcap has no RX checksum offload */'

# 2. mbuf pool floor configurable (pcap mbufs are held by net_pcap infinite_rx)
replace "$dir/l3fwd/main.c" \
  '	(unsigned)8192)' \
  '	(unsigned)L3FWD_BENCH_MIN_MBUF)
#ifndef L3FWD_BENCH_MIN_MBUF
#define L3FWD_BENCH_MIN_MBUF 8192 /* junction bench: pool floor, see patch-l3fwd.sh */
#endif'

# 3. rte_fib's route capacity overridable (a full table is ~1M routes)
replace "$dir/l3fwd/l3fwd_fib.c" \
  '	config_ipv4.max_routes = (1 << 16);' \
  '	config_ipv4.max_routes = L3FWD_BENCH_FIB_MAX_ROUTES; /* junction bench: see patch-l3fwd.sh */'
replace "$dir/l3fwd/l3fwd_fib.c" \
  '#define FIB_DEFAULT_HOP 999' \
  '#define FIB_DEFAULT_HOP 999
#ifndef L3FWD_BENCH_FIB_MAX_ROUTES
#define L3FWD_BENCH_FIB_MAX_ROUTES (1 << 16)
#endif'

echo "patch-l3fwd: 3 patches applied to $dir/l3fwd"
