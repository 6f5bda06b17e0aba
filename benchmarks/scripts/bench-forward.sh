#!/usr/bin/env bash
# ./junction bench forward: IPv4 forwarding rate of Junction's data plane on one worker core,
# against DPDK's l3fwd (the anchor) and testpmd io forwarding (the ceiling), same run, same
# packets, same routes, same devices: net_pcap (pcap replayed forever) in, net_null out, the
# same kind of memory pages.
#
#   benchmarks/scripts/bench-forward.sh [--rounds N] [--seconds S] [--warmup S] [--routes N]
#        [--table N] [--packets N] [--core C] [--only junction,l3fwd,testpmd] [--quiet-wait S]
#        [--no-huge] [--keep] [--ports IN,OUT [--gen-port PCI [--gen-cores A,B]]] [--dry-run]
#
#   --rounds N        rounds; each runs every contender once, in turn (default 5)
#   --seconds S       measurement window per contender and round (default 5)
#   --warmup S        seconds between "forwarding" and the window (default 1)
#   --table N         a realistic IPv4 table of N routes (bench fib's generator, cached), all
#                     out of the same port on both sides (default 1000000; 0: use --routes)
#   --routes N        with --table 0: /24 routes in 198.19.0.0/16, 1..256 (default 256)
#   --packets N       distinct packets in the pcap (default 65536 with a table, else 4096)
#   --core C          the one worker core (default 1); helpers run on the other cores
#   --only LIST       run only these contenders (comma-separated)
#   --quiet-wait S    before each turn, wait up to S s for the machine to be < 10% busy
#                     (a shared machine; default 0: don't wait)
#   --no-huge         every contender on 4 KiB pages: DPDK's --no-huge for all three, and
#                     Junction's FIB without transparent huge pages (-Djunction.lpm.hugePages=false).
#                     Default: 2 MiB huge pages for all: the bench reserves hugetlbfs pages (and
#                     mounts /dev/hugepages if needed) for the EALs, Junction's FIB asks for THP,
#                     and everything reserved is given back at exit
#   --keep            keep the temp folder (inputs, l3fwd build, logs) and print its path
#   --ports IN,OUT    real ports instead of net_pcap/net_null: two PCI addresses (such as
#                     0000:03:00.0,0000:03:00.1) bound to a DPDK driver (vfio-pci, uio_pci_generic,
#                     igb_uio; Mellanox mlx4/mlx5 stay on their kernel driver). IN receives the
#                     traffic, OUT sends what is forwarded (its link must be up: cable it to the
#                     generator or anything else); the rate is OUT's transmitted packets, as with
#                     net_null. Refused, with how to bind them, when they are not usable. Huge pages
#                     only. The traffic: --gen-port, or a generator of your own replaying the pcap
#                     this bench writes (--keep prints where) into IN, started before the rounds
#                     (each turn waits up to 60 s for packets). docs/benchmarks.md, "Real NICs".
#   --gen-port PCI    a local generator: testpmd replays the pcap at full speed out of this port
#                     (cabled to IN), on two more cores (--gen-cores, default the two highest),
#                     for the whole run; needs 4 CPUs or more
#   --gen-cores A,B   the generator's main and forwarding lcores
#   --dry-run         check the arguments and the ports, write the inputs, print each command
#                     line (generator and contenders), start nothing
#
# Contenders run one at a time (never two spinning DPDK processes on 2 cores), alternating
# junction, l3fwd, testpmd, junction, ... Every process runs in its own session under
# `timeout` and is stopped (TERM, then KILL) when its turn ends and at exit, Ctrl-C included.
# Every contender's counters are read the same cheap way (no process per reading): the DPDK
# apps' telemetry socket, Junction's counters file (benchmarks/forward/sample-rate.py).
# Output: per-round figures (with the memory each contender has on huge pages), the medians,
# and as the last line exactly
#   forward junction_mpps=X l3fwd_mpps=Y testpmd_mpps=Z ratio=R pages=P
# (R = junction/l3fwd; P = 2MiB-hugepages, or 4KiB-pages with --no-huge)
# A contender that fails reports 0 (with a note on stderr); the line keeps its format.
# Details: docs/benchmarks.md.
set -euo pipefail

JUNCTION_HOME=${JUNCTION_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
export JUNCTION_HOME
FWD_DIR="$JUNCTION_HOME/benchmarks/forward"
# shellcheck source=bench-lib.sh
source "$JUNCTION_HOME/benchmarks/scripts/bench-lib.sh"   # median, cpu_busy_pct, huge pages, page_kind
PY=/usr/bin/python3
DPDK_EXAMPLES=${DPDK_EXAMPLES:-/usr/share/dpdk/examples}

note() { echo "bench-forward: $*" >&2; }
fail() { note "$*"; exit 1; }

rounds=5 seconds=5 warmup=1 table=1000000 routes=256 packets="" core=1 only=junction,l3fwd,testpmd keep=0 quiet_wait=0 huge=1
ports="" gen_port="" gen_cores="" dry_run=0
ready_timeout=60            # DPDK apps: from start to forwarding
junction_ready_timeout=${JUNCTION_BENCH_READY_TIMEOUT:-300}   # JVM + EAL (no rebuild: JUNCTION_NO_BUILD after prepare)
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds)  rounds=${2:?}; shift 2 ;;
    --seconds) seconds=${2:?}; shift 2 ;;
    --warmup)  warmup=${2:?}; shift 2 ;;
    --routes)  routes=${2:?}; shift 2 ;;
    --table)   table=${2:?}; shift 2 ;;
    --packets) packets=${2:?}; shift 2 ;;
    --core)    core=${2:?}; shift 2 ;;
    --only)    only=${2:?}; shift 2 ;;
    --keep)    keep=1; shift ;;
    --no-huge) huge=0; shift ;;
    --quiet-wait) quiet_wait=${2:?}; shift 2 ;;
    --ports)     ports=${2:?}; shift 2 ;;
    --gen-port)  gen_port=${2:?}; shift 2 ;;
    --gen-cores) gen_cores=${2:?}; shift 2 ;;
    --dry-run)   dry_run=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option '$1' (try --help)" ;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || fail "--rounds must be a positive integer"
[[ $seconds =~ ^[0-9]+(\.[0-9]+)?$ ]] && [ "${seconds%%.*}" -le 600 ] || fail "--seconds must be a number of seconds (<= 600)"
[[ $warmup =~ ^[0-9]+(\.[0-9]+)?$ ]] || fail "--warmup must be a number of seconds"
[[ $quiet_wait =~ ^[0-9]+$ ]] || fail "--quiet-wait must be a whole number of seconds"
# A full table gets more distinct destinations, so lookups are not served from a few cache lines.
[ -n "$packets" ] || { if [ "$table" -gt 0 ]; then packets=65536; else packets=4096; fi; }
[[ $packets =~ ^[1-9][0-9]*$ ]] && [ "$packets" -le 1000000 ] || fail "--packets must be 1..1000000"
[[ $routes =~ ^[1-9][0-9]*$ ]] && [ "$routes" -le 256 ] || fail "--routes must be 1..256"
[[ $table =~ ^[0-9]+$ ]] && [ "$table" -le 2000000 ] || fail "--table must be 0..2000000"
ncpu=$(nproc --all)
[[ $core =~ ^[0-9]+$ ]] && [ "$core" -lt "$ncpu" ] || fail "--core must be a CPU 0..$((ncpu - 1))"
[ "$ncpu" -ge 2 ] || fail "needs at least 2 CPUs (one worker, one for EAL/JVM housekeeping and the sampler)"

# ---------------------------------------------------------------- real ports (--ports)
# PCI_SYSFS: where the PCI devices are listed (a test points it at a fake tree).
PCI_SYSFS=${JUNCTION_PCI_SYSFS:-/sys/bus/pci/devices}
# pci_address ADDR: the full, lower-case form DDDD:BB:DD.F (the domain added when left out), or fail
pci_address() {
  local a=${1,,}
  [[ $a =~ ^[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$ ]] && a=0000:$a
  [[ $a =~ ^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$ ]] || fail "'$1' is not a PCI address (DDDD:BB:DD.F, such as 0000:03:00.0)"
  echo "$a"
}
# pci_usable ADDR ROLE: fail, saying how to fix it, unless a DPDK PMD can drive the device
pci_usable() {
  local a=$1 role=$2 dir drv ifs bind
  dir=$PCI_SYSFS/$a
  [ -e "$dir" ] || fail "$role: no PCI device $a on this machine (lspci -D lists them; dpdk-devbind.py --status says which DPDK can use)"
  drv=none
  [ -e "$dir/driver" ] && drv=$(basename "$(readlink -f "$dir/driver")")
  case $drv in
    vfio-pci|uio_pci_generic|igb_uio) return 0 ;;
    mlx4_core|mlx5_core) note "$role $a: $drv, bifurcated (DPDK's mlx PMD drives it beside the kernel driver)"; return 0 ;;
  esac
  ifs=$({ ls "$dir/net" 2>/dev/null || true; } | paste -sd, -)
  bind="bind it to a DPDK driver first, for instance: modprobe vfio-pci; ${ifs:+ip link set ${ifs%%,*} down; }dpdk-devbind.py --bind=vfio-pci $a (without an IOMMU: echo 1 > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode first, or modprobe uio_pci_generic and --bind=uio_pci_generic). dpdk-devbind.py is in Debian's dpdk package"
  if [ "$drv" = none ]; then
    fail "$role: $a is bound to no driver: $bind"
  fi
  fail "$role: $a is bound to the kernel driver $drv${ifs:+ (interface $ifs)}, which DPDK cannot use: $bind"
}
IN_ID=0 OUT_ID=1           # DPDK port ids of the input and output ports (l3fwd, testpmd, the sampler)
if [ -n "$ports" ]; then
  [[ $ports == *,* ]] && [[ $ports != *,*,* ]] || fail "--ports takes two PCI addresses: IN,OUT"
  PORT_IN=$(pci_address "${ports%%,*}"); PORT_OUT=$(pci_address "${ports#*,}")
  [ "$PORT_IN" != "$PORT_OUT" ] || fail "--ports: IN and OUT are the same device"
  [ "$huge" = 1 ] || fail "--no-huge with --ports: real NICs need DMA-able huge pages; run without --no-huge"
  pci_usable "$PORT_IN" "--ports IN"; pci_usable "$PORT_OUT" "--ports OUT"
  # the EAL numbers PCI ports in bus order, whatever the order of the -a options
  if [[ $PORT_OUT < $PORT_IN ]]; then IN_ID=1 OUT_ID=0; fi
  if [ -n "$gen_port" ]; then
    GEN_PORT=$(pci_address "$gen_port")
    [ "$GEN_PORT" != "$PORT_IN" ] && [ "$GEN_PORT" != "$PORT_OUT" ] || fail "--gen-port must be a third port, cabled to IN"
    pci_usable "$GEN_PORT" "--gen-port"
    [ "$ncpu" -ge 4 ] || fail "--gen-port needs 4 CPUs or more (the worker, housekeeping and the generator's two); this machine has $ncpu. Run the generator on a second machine instead (docs/benchmarks.md, \"Real NICs\")"
    [ -n "$gen_cores" ] || gen_cores="$((ncpu - 2)),$((ncpu - 1))"
    [[ $gen_cores =~ ^[0-9]+,[0-9]+$ ]] || fail "--gen-cores takes two CPUs: A,B"
    for c in ${gen_cores/,/ }; do
      [ "$c" -lt "$ncpu" ] && [ "$c" != "$core" ] || fail "--gen-cores: $c is not a CPU of this machine other than the worker's ($core)"
    done
  fi
elif [ -n "$gen_port" ] || [ -n "$gen_cores" ]; then
  fail "--gen-port and --gen-cores go with --ports"
fi
housekeeping=$(seq 0 $((ncpu - 1)) | grep -vx "$core" | { if [ -n "$gen_cores" ]; then grep -vx -e "${gen_cores%,*}" -e "${gen_cores#*,}"; else cat; fi; } | paste -sd, -)
[ -n "$housekeeping" ] || fail "no CPU left for housekeeping besides the worker and the generator"
main_lcore=${housekeeping%%,*}
contenders=()
for c in junction l3fwd testpmd; do [[ ,$only, == *,$c,* ]] && contenders+=("$c"); done
[ ${#contenders[@]} -gt 0 ] || fail "--only names none of junction, l3fwd, testpmd"

for t in "$PY" dpdk-testpmd pkg-config make gcc timeout setsid taskset flock perl; do
  command -v "$t" >/dev/null || fail "'$t' not found (./junction setup installs what is missing)"
done
[ -d "$DPDK_EXAMPLES/l3fwd" ] || fail "no DPDK example sources in $DPDK_EXAMPLES (Debian package dpdk-doc)"

# One bench at a time: two would spin on the same core and share file prefixes (--dry-run starts nothing).
if [ "$dry_run" = 0 ]; then
  exec 9>/tmp/jn-bench-forward.lock
  flock -n 9 || fail "another bench forward is running (lock /tmp/jn-bench-forward.lock)"
fi

# ---------------------------------------------------------------- processes and cleanup
WORK=$(mktemp -d /tmp/jn-bench-forward.XXXXXX)
DPDK_RUN_ROOT=/var/run/dpdk               # EAL's runtime folders as root (sample-rate.py: runtime_dir)
[ -d "$DPDK_RUN_ROOT" ] && dpdk_root_existed=1 || dpdk_root_existed=0
CUR_PID=""          # the contender running now (session leader: kill -- -PID reaches all of it)
SAMPLER_PID=""      # sample-rate.py while it runs
JN_NAME=bench-fwd
JN_RUN_DIR=/run/junction/$JN_NAME         # StatusCommand.RUN_ROOT/NAME: counters.dat
# DPDK file prefixes: runtime folders and hugetlbfs page files (Junction derives its own, EalArguments)
PREFIXES=(jn-bench-l3fwd jn-bench-testpmd "junction-$JN_NAME" jn-bench-gen)
GEN_PID=""          # the local generator (--gen-port), for the whole run

stop_current() {
  local pid=$CUR_PID i
  [ -n "$pid" ] || return 0
  CUR_PID=""
  kill -TERM -- "-$pid" 2>/dev/null || true
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    note "process $pid did not stop on TERM within 10 s: KILL"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# remove_page_files PREFIX: a stopped DPDK process's hugetlbfs files (<prefix>map_N). EAL does
# not unlink them at exit and they keep their pages: the next contender would find too few free.
remove_page_files() { rm -f "$HP_MOUNT/${1}map_"* 2>/dev/null || true; }

# page_files PREFIX: how many hugetlbfs page files a running DPDK process has
page_files() { { compgen -G "$HP_MOUNT/${1}map_*" || true; } | wc -l; }

cleanup() {
  local rc=$?
  trap - EXIT
  trap '' INT TERM            # a second Ctrl-C must not cut the release of the huge pages short
  if [ -n "$SAMPLER_PID" ]; then kill "$SAMPLER_PID" 2>/dev/null || true; fi
  stop_current
  if [ -n "$GEN_PID" ]; then CUR_PID=$GEN_PID; GEN_PID=""; stop_current; fi
  local p
  for p in "${PREFIXES[@]}"; do rm -rf "$DPDK_RUN_ROOT/$p" "${XDG_RUNTIME_DIR:-/tmp}/dpdk/$p" 2>/dev/null || true; done
  [ "$dpdk_root_existed" = 1 ] || rmdir "$DPDK_RUN_ROOT" 2>/dev/null || true   # only when empty
  hugepages_release "${PREFIXES[@]}"      # page files of the prefixes, nr_hugepages, the mount
  if [ "$keep" = 1 ]; then note "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'note "interrupted"; exit 130' INT
trap 'note "terminated"; exit 143' TERM

# start LOG BOUND CMD...: run CMD in its own session, bounded to BOUND seconds; sets CUR_PID
start() {
  local log=$1 bound=$2; shift 2
  setsid timeout -k 5 "$bound" "$@" >"$log" 2>&1 </dev/null &
  CUR_PID=$!
}

# sample ARGS...: the rate of the running contender into RATE_MPPS / RATE_RATIO, or return 1
# with LAST_NOTE. Runs in the background and is waited for, so a TERM to this script is
# handled at once.
sample() {
  local out="$WORK/sample.out" line
  taskset -c "$housekeeping" "$PY" "$FWD_DIR/sample-rate.py" --pid "$CUR_PID" \
    --seconds "$seconds" --warmup "$warmup" --worker-cpu "$core" --other-cpus "$housekeeping" \
    "$@" >"$out" 2>&1 &
  SAMPLER_PID=$!
  if ! wait "$SAMPLER_PID"; then
    SAMPLER_PID=""
    LAST_NOTE=$(grep -v '^\s*$' "$out" | tail -3 | tr '\n' ' ')
    return 1
  fi
  SAMPLER_PID=""
  line=$(grep '^rate ' "$out" | tail -1)
  [ -n "$line" ] || { LAST_NOTE="no rate in: $(tr '\n' ' ' <"$out")"; return 1; }
  RATE_MPPS=$(sed -n 's/.* mpps=\([0-9.]*\).*/\1/p' <<<"$line")
  RATE_RATIO=$(sed -n 's/.* fwd_ratio=\([0-9.]*\).*/\1/p' <<<"$line")
  RATE_OTHERS=$(sed -n 's/.* others_busy_pct=\([0-9]*\).*/\1/p' <<<"$line")
  RATE_STEAL=$(sed -n 's/.* worker_steal_pct=\([0-9]*\).*/\1/p' <<<"$line")
  RATE_WORKER=$(sed -n 's/.* worker_cpu_pct=\([0-9]*\).*/\1/p' <<<"$line")
  RATE_NORM=$(sed -n 's/.* mpps_per_worker_cpu=\([0-9.]*\).*/\1/p' <<<"$line")
  RATE_HUGETLB=$(sed -n 's/.* hugetlb_mb=\([0-9]*\).*/\1/p' <<<"$line")
  RATE_THP=$(sed -n 's/.* thp_mb=\([0-9]*\).*/\1/p' <<<"$line")
  RATE_CYCLES=$(sed -n 's/.* cycles_per_pkt=\([0-9.]*\).*/\1/p' <<<"$line")
  RATE_INSNS=$(sed -n 's/.* instructions_per_pkt=\([0-9.]*\).*/\1/p' <<<"$line")
}

# end_turn PREFIX: count the running contender's hugetlbfs page files (TURN_FILES), stop it,
# remove its page files (they would keep their pages from the next contender)
end_turn() {
  TURN_FILES=$(page_files "$1")
  stop_current
  remove_page_files "$1"
}

# pages_note CONTENDER: why the memory a turn saw is not the kind asked for ("" when it is).
# Huge pages: the EAL's memory on hugetlbfs, and Junction's FIB (64 MiB tbl24) on THP.
# --no-huge: neither. Uses RATE_HUGETLB / RATE_THP / TURN_FILES of the turn.
pages_note() {
  local h=${RATE_HUGETLB:-} t=${RATE_THP:-}
  [ -n "$h" ] || { echo "pages not read"; return; }
  if [ "$huge" = 1 ]; then
    [ "$h" -gt 0 ] && [ "${TURN_FILES:-0}" -gt 0 ] || { echo "EAL memory NOT on hugetlbfs"; return; }
    [ "$1" != junction ] || [ "$t" -ge 64 ] || { echo "FIB NOT (fully) on THP"; return; }
  else
    [ "$h" -eq 0 ] && [ "$t" -eq 0 ] || { echo "huge pages used despite --no-huge"; return; }
  fi
  echo ""
}

tail_log() { echo "--- last lines of $1:" >&2; tail -n "${2:-15}" "$1" >&2 || true; }
# dpdk_failed LOG: after a failed turn of a DPDK app, add its rte_exit cause to the note
dpdk_failed() {
  local cause; cause=$(grep -m1 'Cause:' "$1" | sed 's/^ *//')
  [ -n "$cause" ] && LAST_NOTE="$cause; $LAST_NOTE"
  tail_log "$1"
}

# ---------------------------------------------------------------- inputs
mem_mb=$(( 512 + packets / 256 ))                  # 4 KiB per pcap packet on top of 512 MB
pool_mbufs=$(( packets + 8192 ))                   # pcap mbufs (held by infinite_rx) + l3fwd's own floor
table_args=() l3fwd_cflags="" l3fwd_lookup=()
if [ "$table" -gt 0 ]; then
  # The full table of bench fib, generated once and cached (same generator, same seed).
  fib_cache=${JUNCTION_BENCH_CACHE:-/var/tmp/junction-bench-fib}
  fib_gen="$JUNCTION_HOME/benchmarks/fib/gen-inputs.py"
  table_dir="$fib_cache/forward-v4-$table.s1.g$(sha1sum "$fib_gen" | cut -c1-10)"
  if [ ! -f "$table_dir/routes4.txt" ]; then
    mkdir -p "$fib_cache"
    gen_tmp=$(mktemp -d "$fib_cache/.gen.XXXXXX")
    note "generating a $table-route IPv4 table (once; cached in $table_dir)"
    timeout 1800 "$PY" "$fib_gen" --out "$gen_tmp" --v4-routes "$table" --v6-routes 1000 --lookups 64 --seed 1 >&2 \
      || { rm -rf "$gen_tmp"; fail "benchmarks/fib/gen-inputs.py failed"; }
    rm -rf "$table_dir"; mv "$gen_tmp" "$table_dir"
  fi
  table_args=(--table "$table_dir/routes4.txt")
  mem_mb=$(( mem_mb + 1024 ))                     # rte_fib: 64 MiB tbl24, 32k tbl8s (32 MiB), its RIB nodes
  l3fwd_cflags="-DL3FWD_BENCH_FIB_MAX_ROUTES=$(( table + table / 4 ))"
  l3fwd_lookup=(--lookup=fib)                     # rte_lpm_add is linear per depth: see patch-l3fwd.sh
fi

# The same kind of pages for every contender (docs/benchmarks.md, "Equal between contenders"):
# 2 MiB pages by default (hugetlbfs for the three EALs' memory: mbufs, rings, l3fwd's rte_fib;
# transparent huge pages for Junction's FIB, which lives outside the EAL), or 4 KiB pages for all.
PAGES=$(page_kind "$huge")
thp_mode=$(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true)
thp_mode=${thp_mode:-unknown}
junction_page_args=()
if [ "$huge" = 1 ]; then
  EAL_PAGE_ARGS=(--huge-dir="$HP_MOUNT")
  junction_page_args=(--huge-dir "$HP_MOUNT")
  # the last -D wins: Junction's FIB asks for THP (madvise) whatever the caller's options say
  export JUNCTION_JAVA_OPTS="${JUNCTION_JAVA_OPTS:+$JUNCTION_JAVA_OPTS }-Djunction.lpm.hugePages=true"
  page_note="DPDK memory of all three on hugetlbfs ($HP_MOUNT), Junction's FIB on THP (mode $thp_mode)"
  [[ $thp_mode == always || $thp_mode == madvise ]] \
    || note "warning: transparent huge pages are '$thp_mode': Junction's FIB will be on 4 KiB pages, the anchors' on 2 MiB"
else
  EAL_PAGE_ARGS=(--no-huge)
  export JUNCTION_JAVA_OPTS="${JUNCTION_JAVA_OPTS:+$JUNCTION_JAVA_OPTS }-Djunction.lpm.hugePages=false"
  page_note="--no-huge for all three, Junction's FIB without THP advice (mode $thp_mode)"
  [ "$thp_mode" != always ] \
    || note "warning: transparent huge pages are 'always': the kernel may back any side's memory with 2 MiB pages anyway"
fi
port_args=()
[ -z "$ports" ] || port_args=(--ports "$PORT_IN,$PORT_OUT" --l3fwd-out-port "$OUT_ID")
"$PY" "$FWD_DIR/gen-inputs.py" --out "$WORK/in" --routes "$routes" --packets "$packets" \
  --name "$JN_NAME" --memory-mb "$mem_mb" --core "$core" "${table_args[@]}" "${junction_page_args[@]}" "${port_args[@]}" >&2
route_count=$(grep -vc '^#' "$WORK/in/l3fwd-v4.rules")
PCAP="$WORK/in/forward.pcap"
# The two ports of l3fwd and testpmd: the pcap replayed forever in and a null device out, or the
# real ports (then l3fwd runs promiscuous, as testpmd does and as Junction's p0 takes the frames'
# destination MAC as its own).
if [ -z "$ports" ]; then
  # shellcheck disable=SC2054  # commas inside the vdev strings, not separators
  DEV_ARGS=(--no-pci --vdev="net_pcap0,rx_pcap=$PCAP,infinite_rx=1" --vdev=net_null0,no-rx=1)
  devices_note="net_pcap -> net_null"
  l3fwd_promisc=()
else
  DEV_ARGS=(-a "$PORT_IN" -a "$PORT_OUT")
  devices_note="$PORT_IN -> $PORT_OUT (port ids $IN_ID -> $OUT_ID), traffic from ${GEN_PORT:-a generator of your own}"
  l3fwd_promisc=(-P)
fi
gen_mem_mb=$(( 256 + packets / 256 ))
bound=$(awk -v r="$ready_timeout" -v w="$warmup" -v s="$seconds" 'BEGIN { printf "%d", r + w + s + 60 }')
jbound=$(awk -v r="$junction_ready_timeout" -v w="$warmup" -v s="$seconds" 'BEGIN { printf "%d", r + w + s + 90 }')

# ---------------------------------------------------------------- contenders
# Each contender function runs one turn (in this shell, never in a subshell, so the traps
# know the process): RATE_MPPS / RATE_RATIO on success, or return 1 with LAST_NOTE set.
# The process is stopped before the function returns.
declare -A DISABLED=()     # contender -> why it is skipped for the rest of the run
LAST_NOTE=""

prepare_l3fwd() {
  local d="$WORK/l3fwd-src"
  mkdir -p "$d"
  cp -r "$DPDK_EXAMPLES/l3fwd" "$DPDK_EXAMPLES/common" "$d/"
  "$FWD_DIR/patch-l3fwd.sh" "$d" >&2 || { DISABLED[l3fwd]="patch-l3fwd.sh failed"; return 0; }
  # shared build: like testpmd (Debian's) and Junction (FFM on the shared libs); the Makefile's
  # static target needs libsystemd-dev on Debian 12.
  if ! CFLAGS="-DL3FWD_BENCH_MIN_MBUF=$pool_mbufs $l3fwd_cflags" timeout 600 make -C "$d/l3fwd" shared >"$WORK/l3fwd-build.log" 2>&1; then
    tail_log "$WORK/l3fwd-build.log"; DISABLED[l3fwd]="l3fwd build failed"; return 0
  fi
  L3FWD_BIN="$d/l3fwd/build/l3fwd-shared"
  note "built l3fwd ($L3FWD_BIN)"
}

# cmd_CONTENDER: its command line into CMD (run_CONTENDER starts it; --dry-run prints it)
cmd_l3fwd() {
  CMD=("${L3FWD_BIN:-$WORK/l3fwd-src/l3fwd/build/l3fwd-shared}" "${EAL_PAGE_ARGS[@]}" -m "$mem_mb" --file-prefix=jn-bench-l3fwd \
    "${DEV_ARGS[@]}" -l "$core" -- -p 0x3 "${l3fwd_promisc[@]}" --config="(0,0,$core),(1,0,$core)" --parse-ptype \
    --rule_ipv4="$WORK/in/l3fwd-v4.rules" --rule_ipv6="$WORK/in/l3fwd-v6.rules" \
    --eth-dest="$OUT_ID,02:00:00:00:00:02" "${l3fwd_lookup[@]}")
}

run_l3fwd() {
  local log="$WORK/l3fwd-r$1.log"
  cmd_l3fwd; start "$log" "$bound" "${CMD[@]}"
  if ! sample --ready-timeout "$ready_timeout" --telemetry jn-bench-l3fwd --in-port "$IN_ID" --out-port "$OUT_ID"; then
    end_turn jn-bench-l3fwd; dpdk_failed "$log"; return 1
  fi
  end_turn jn-bench-l3fwd
}

prepare_testpmd() { :; }   # Debian's dpdk-testpmd, checked above

cmd_testpmd() {
  # main lcore on a housekeeping core (it sleeps in the stats loop), one forwarding lcore.
  CMD=(dpdk-testpmd "${EAL_PAGE_ARGS[@]}" -m "$mem_mb" --file-prefix=jn-bench-testpmd \
    "${DEV_ARGS[@]}" -l "$main_lcore,$core" --main-lcore="$main_lcore" -- \
    --forward-mode=io --auto-start --stats-period=3600 --nb-cores=1 --rxq=1 --txq=1 \
    --total-num-mbufs="$pool_mbufs")
}

run_testpmd() {
  local log="$WORK/testpmd-r$1.log"
  cmd_testpmd; start "$log" "$bound" "${CMD[@]}"
  if ! sample --ready-timeout "$ready_timeout" --telemetry jn-bench-testpmd --in-port "$IN_ID" --out-port "$OUT_ID"; then
    end_turn jn-bench-testpmd; dpdk_failed "$log"; return 1
  fi
  end_turn jn-bench-testpmd
}

prepare_junction() {
  # A config Junction refuses (or a launcher that cannot run it yet) disables the contender.
  local log="$WORK/junction-validate.log"
  if ! timeout 600 "$JUNCTION_HOME/junction" validate --config "$WORK/in/junction.yaml" >"$log" 2>&1; then
    sed -i 's/\x1b\[[0-9;]*m//g' "$log"
    tail_log "$log" 10
    DISABLED[junction]="'junction validate --config' failed: $(grep -v '^\s*$' "$log" | tail -1 | cut -c1-160)"
  fi
}

cmd_junction() {  # $1: the round
  # a state directory per run, in $WORK (removed on exit): nothing left in /var/lib/junction
  CMD=("$JUNCTION_HOME/junction" run --config "$WORK/in/junction.yaml" --state-dir "$WORK/state-r$1")
}

run_junction() {
  local log="$WORK/junction-r$1.log" i
  cmd_junction "$1"; start "$log" "$jbound" "${CMD[@]}"
  # readiness: the line "junction: ready" on its stdout (polled)
  for ((i = 0; i < junction_ready_timeout * 5; i++)); do
    grep -qx 'junction: ready' "$log" && break
    kill -0 "$CUR_PID" 2>/dev/null || break
    sleep 0.2
  done
  if ! grep -qx 'junction: ready' "$log"; then
    if kill -0 "$CUR_PID" 2>/dev/null; then LAST_NOTE="no 'junction: ready' within ${junction_ready_timeout} s"
    else LAST_NOTE="'junction run' exited before 'junction: ready'"; fi
    end_turn "junction-$JN_NAME"; tail_log "$log"; return 1
  fi
  # its counters file, read in place like the anchors' telemetry (no `junction status` JVM)
  if ! sample --ready-timeout 30 --counters-file "$JN_RUN_DIR/counters.dat" --in-port p0 --out-port p1; then
    end_turn "junction-$JN_NAME"; tail_log "$log"; return 1
  fi
  end_turn "junction-$JN_NAME"
}

# The local generator (--gen-port): testpmd forwards the pcap, replayed forever, out of the
# generator's port (PCI ports are numbered before vdevs: port 0 is the PCI one, 1 the pcap; what
# comes back into port 0 is dropped by the pcap device, which has no TX file).
cmd_gen() {
  local a=${gen_cores%,*} b=${gen_cores#*,}
  CMD=(dpdk-testpmd --huge-dir="$HP_MOUNT" -m "$gen_mem_mb" --file-prefix=jn-bench-gen -a "$GEN_PORT" \
    --vdev="net_pcap0,rx_pcap=$PCAP,infinite_rx=1" -l "$a,$b" --main-lcore="$a" -- \
    --forward-mode=io --auto-start --stats-period=3600 --nb-cores=1 --rxq=1 --txq=1 --total-num-mbufs="$pool_mbufs")
}

if [ "$dry_run" = 1 ]; then
  echo "bench forward --dry-run: $packets packets over $route_count routes, $devices_note, worker core $core, pages=$PAGES; nothing started"
  if [ -n "$gen_port" ]; then cmd_gen; printf 'generator:'; printf ' %q' "${CMD[@]}"; echo; fi
  for c in "${contenders[@]}"; do
    "cmd_$c" 1; printf '%s:' "$c"; printf ' %q' "${CMD[@]}"; echo
  done
  echo "junction config: $WORK/in/junction.yaml (the inputs are removed at exit; --keep keeps them)"
  sed 's/^/  /' "$WORK/in/junction.yaml" | grep -E 'device:|extra-args:|hugepages:'
  exit 0
fi

# ---------------------------------------------------------------- rounds
for c in "${contenders[@]}"; do "prepare_$c"; done
# prepare_junction built what was stale (`junction validate`); no rebuild between turns after that
export JUNCTION_NO_BUILD=1
if [ "$huge" = 1 ]; then
  # one contender at a time, and each turn's page files are removed after it: one -m's worth
  gen_reserve=0; [ -z "$gen_port" ] || gen_reserve=$(( gen_mem_mb + 64 ))
  hugepages_reserve $(( mem_mb + 64 + gen_reserve )) || fail "no huge pages for the rounds (--no-huge runs every contender on 4 KiB pages)"
  note "huge pages: $(hugepages_free_mb) MB free in $HP_MOUNT for -m $mem_mb"
fi
if [ -n "$gen_port" ]; then
  cmd_gen
  setsid timeout -k 5 $(( (rounds * ${#contenders[@]}) * (jbound + 30) + 120 )) "${CMD[@]}" >"$WORK/generator.log" 2>&1 </dev/null &
  GEN_PID=$!
  for ((i = 0; i < ready_timeout * 5; i++)); do
    grep -q 'Start automatic packet forwarding\|Press enter to exit' "$WORK/generator.log" && break
    kill -0 "$GEN_PID" 2>/dev/null || break
    sleep 0.2
  done
  grep -q 'Start automatic packet forwarding\|Press enter to exit' "$WORK/generator.log" \
    || { tail_log "$WORK/generator.log"; fail "the generator (testpmd on $GEN_PORT) did not start forwarding within ${ready_timeout} s"; }
  note "generator: testpmd replays the pcap out of $GEN_PORT on cores $gen_cores"
fi
# Anything else running on this machine skews every figure: measure the CPU use for 1 s
# (from /proc/stat; the load average would count our own preparation) and say so.
busy=$(cpu_busy_pct); busy=${busy:-0}
if [ "$busy" -gt 10 ]; then
  note "warning: the machine is ${busy}% busy before the rounds (all CPUs): other work skews the figures"
fi
declare -A RESULTS=()      # contender -> space-separated Mpps of the successful rounds
declare -A NORM=()         # the same, per CPU-second the worker thread actually got
declare -A CYCLES=()       # cycles per packet of the rounds (worker CPU time x nominal clock / packets)
declare -A INSNS=()        # instructions per packet (hardware counters, where the machine has them)
disturbed=0                # turns during which other work ran (see sample-rate.py)
pages_off=0                # turns whose memory was not the kind asked for (pages_note)
echo "bench forward: $packets packets x 64 B over $route_count routes, $devices_note, worker core $core, $rounds rounds x ${seconds} s (warm-up ${warmup} s), pages=$PAGES ($page_note); machine ${busy}% busy before the rounds"
for ((round = 1; round <= rounds; round++)); do
  for c in "${contenders[@]}"; do
    if [ -n "${DISABLED[$c]:-}" ]; then
      printf 'round %d/%d  %-8s   0.00 Mpps  (skipped: %s)\n' "$round" "$rounds" "$c" "${DISABLED[$c]:0:100}"
      continue
    fi
    LAST_NOTE=""
    if [ "$quiet_wait" -gt 0 ]; then
      waited=0
      while b=$(cpu_busy_pct) && [ "${b:-0}" -ge 10 ] && [ "$waited" -lt "$quiet_wait" ]; do waited=$((waited + 1)); done
      [ "$waited" -gt 0 ] && note "waited ${waited} s for a quiet machine before $c (now ${b}% busy)"
    fi
    if "run_$c" "$round"; then
      RESULTS[$c]="${RESULTS[$c]:-} $RATE_MPPS"
      flag=""
      if [ "${RATE_WORKER:-100}" -lt 95 ] || [ "${RATE_STEAL:-0}" -gt 5 ]; then
        flag="  DISTURBED"; disturbed=$((disturbed + 1))
      fi
      NORM[$c]="${NORM[$c]:-} ${RATE_NORM:-$RATE_MPPS}"
      [ -z "${RATE_CYCLES:-}" ] || CYCLES[$c]="${CYCLES[$c]:-} $RATE_CYCLES"
      [ -z "${RATE_INSNS:-}" ] || INSNS[$c]="${INSNS[$c]:-} $RATE_INSNS"
      cost="${RATE_CYCLES:-?} cycles/packet${RATE_INSNS:+, $RATE_INSNS instructions/packet}"
      pn=$(pages_note "$c")
      if [ -n "$pn" ]; then flag="$flag  PAGES: $pn"; pages_off=$((pages_off + 1)); fi
      printf 'round %d/%d  %-8s %6.2f Mpps  (%s; out/in %s; worker got %s%% of its core, steal %s%%, other CPUs %s%% busy; hugetlb %s MB in %s files, THP %s MB)%s\n' \
        "$round" "$rounds" "$c" "$RATE_MPPS" "$cost" "$RATE_RATIO" "${RATE_WORKER:-?}" "${RATE_STEAL:-?}" "${RATE_OTHERS:-?}" \
        "${RATE_HUGETLB:-?}" "${TURN_FILES:-?}" "${RATE_THP:-?}" "$flag"
    else
      printf 'round %d/%d  %-8s   0.00 Mpps  (failed: %s)\n' "$round" "$rounds" "$c" "${LAST_NOTE:-see above}"
      # a contender that fails its first turn will fail them all: stop paying for it
      [ -z "${RESULTS[$c]:-}" ] && DISABLED[$c]="failed in round $round: ${LAST_NOTE:-see above}"
    fi
  done
done

declare -A MED=([junction]=0 [l3fwd]=0 [testpmd]=0)
for c in "${contenders[@]}"; do
  vals=${RESULTS[$c]:-}
  n=$(wc -w <<<"$vals")
  if [ "$n" -gt 0 ]; then
    MED[$c]=$(median <<<"$vals")
    cost=""
    [ -z "${CYCLES[$c]:-}" ] || cost="; $(median <<<"${CYCLES[$c]}") cycles/packet"
    [ -z "${INSNS[$c]:-}" ] || cost="$cost, $(median <<<"${INSNS[$c]}") instructions/packet"
    printf 'median %-8s %6.2f Mpps  (%d of %d rounds; min %.2f, max %.2f%s)\n' "$c" "${MED[$c]}" "$n" "$rounds" \
      "$(tr ' ' '\n' <<<"$vals" | grep . | sort -g | head -1)" "$(tr ' ' '\n' <<<"$vals" | grep . | sort -g | tail -1)" "$cost"
  else
    printf 'median %-8s   0.00 Mpps  (no successful round)\n' "$c"
  fi
done
if [ "$disturbed" -gt 0 ]; then
  echo "note: $disturbed turn(s) DISTURBED: the worker thread got < 95% of its core (other work ran there) or the hypervisor stole > 5%; record figures from a quiet machine. Medians per worker CPU-second (corrected for time-sharing only):"
  for c in "${contenders[@]}"; do
    [ -n "${NORM[$c]:-}" ] && printf '  %-8s %6.2f Mpps per worker CPU-second\n' "$c" "$(median <<<"${NORM[$c]}")"
  done
fi
if [ "$pages_off" -gt 0 ]; then
  echo "note: $pages_off turn(s) marked PAGES ran on another kind of memory than pages=$PAGES: the contenders were not on equal memory there"
fi
if [[ " ${contenders[*]} " == *" junction "* ]] && [ -z "${RESULTS[junction]:-}" ]; then
  echo "note: Junction did not forward in any round, so junction_mpps=0 and ratio=0 (${DISABLED[junction]:-see the notes above})"
fi
ratio=$(awk -v j="${MED[junction]}" -v l="${MED[l3fwd]}" 'BEGIN { printf "%.2f", (l > 0) ? j / l : 0 }')
printf 'forward junction_mpps=%.2f l3fwd_mpps=%.2f testpmd_mpps=%.2f ratio=%s pages=%s\n' \
  "${MED[junction]}" "${MED[l3fwd]}" "${MED[testpmd]}" "$ratio" "$PAGES"
