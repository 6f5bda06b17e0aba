# shellcheck shell=bash
# Network-namespace helpers for Junction's labs and end-to-end tests. Source, don't run:
#   source "$JUNCTION_HOME/scripts/netns.sh"
# Needs root, iproute2, ethtool and procps (sysctl). Every wait is a bounded poll, never a fixed
# sleep. Everything a helper creates is registered in a cleanup registry that jn_cleanup_run
# undoes in reverse order; jn_cleanup_trap runs it on EXIT, INT and TERM. The registry lives in
# shell variables: call the creating helpers in the main shell, not in $(...) or a pipeline.
#
#   jn_require_root                          fail unless uid 0
#   jn_cleanup_push CMD [ARG...]             register a command for cleanup (run last-in first-out)
#   jn_cleanup_run                           run and forget every registered command (idempotent)
#   jn_cleanup_forget                        forget every registered command (leave things up)
#   jn_cleanup_trap                          run the registry on EXIT; on INT/TERM too, then exit
#   jn_wait_for SECONDS CMD [ARG...]         poll CMD until it succeeds; 1 on timeout
#   jn_wait_for_line SECONDS FILE REGEX [PID]  wait for a line in FILE; 2 if PID died first
#   jn_ns_add NS                             create NS with lo up (a stale NS of that name is removed)
#   jn_ns_del NS                             kill the processes in NS, then delete it
#   jn_ns_del_matching PREFIX                jn_ns_del every namespace whose name starts with PREFIX
#   jn_ns_exists NS
#   jn_veth NS_A IF_A NS_B IF_B              veth pair IF_A (in NS_A) <-> IF_B (in NS_B), offloads off, up
#   jn_offloads_off NS IF                    ethtool -K: checksum/TSO/GSO/GRO off (net_af_packet needs it)
#   jn_sysctl NS KEY=VALUE...                sysctl -w inside NS
#   jn_mac NS IF                             print IF's MAC address
#   jn_bg NS LOG CMD [ARG...]                start CMD in NS in the background (stdin /dev/null, output
#                                            to LOG), set JN_LAST_PID, register its stop for cleanup
#                                            (stopped with a bound of JN_STOP_TIMEOUT s, default 10)
#   jn_stop_pid PID [SECONDS]                SIGTERM, wait up to SECONDS (default 10), then SIGKILL
#   jn_alive PID                             true while PID runs (an exited, unreaped child is not)
#   jn_tcp_listening NS PORT                 true when something listens on TCP PORT in NS
#
# The `jn_` prefix is this library's; variables it keeps are JN_*.

JN_CLEANUP=()
JN_POLL_INTERVAL=${JN_POLL_INTERVAL:-0.1}
JN_LAST_PID=

jn_require_root() {
  [ "$(id -u)" = 0 ] || { echo "junction: this needs root (network namespaces)" >&2; return 1; }
}

# Store the command quoted, so arguments with spaces survive the trip through eval.
jn_cleanup_push() {
  local q
  q=$(printf '%q ' "$@")
  JN_CLEANUP+=("$q")
}

jn_cleanup_run() {
  local i cmd opts=$-
  set +e
  for (( i=${#JN_CLEANUP[@]}-1; i>=0; i-- )); do
    cmd=${JN_CLEANUP[i]}
    unset 'JN_CLEANUP[i]'
    eval "$cmd" || true
  done
  JN_CLEANUP=()
  case $opts in *e*) set -e ;; esac
  return 0
}

jn_cleanup_forget() { JN_CLEANUP=(); }

# A signal can arrive while a function runs with its output redirected (f >file): cleanup and
# its messages go back to the script's own stdout/stderr, saved by jn_cleanup_trap.
jn__restore_fds() {
  if [ -n "${JN_OUT:-}" ]; then exec 1>&"$JN_OUT" 2>&"$JN_ERR"; fi
}
jn__on_exit() { local rc=$?; jn__restore_fds; jn_cleanup_run; exit "$rc"; }
jn__on_signal() {
  trap - INT TERM
  jn__restore_fds
  echo "junction: interrupted ($1), cleaning up" >&2
  jn_cleanup_run
  case $1 in INT) exit 130 ;; *) exit 143 ;; esac
}
JN_OUT='' JN_ERR=''
jn_cleanup_trap() {
  exec {JN_OUT}>&1 {JN_ERR}>&2
  trap jn__on_exit EXIT
  trap 'jn__on_signal INT' INT
  trap 'jn__on_signal TERM' TERM
}

jn_wait_for() {
  local timeout=$1; shift
  local deadline=$(( $(date +%s%N) + timeout * 1000000000 ))
  while :; do
    "$@" >/dev/null 2>&1 && return 0
    [ "$(date +%s%N)" -ge "$deadline" ] && return 1
    sleep "$JN_POLL_INTERVAL"
  done
}

jn_wait_for_line() {
  local timeout=$1 file=$2 regex=$3 pid=${4:-}
  local deadline=$(( $(date +%s%N) + timeout * 1000000000 ))
  while :; do
    [ -f "$file" ] && grep -Eq -- "$regex" "$file" && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      # One last look: the line may have come just before the process ended.
      [ -f "$file" ] && grep -Eq -- "$regex" "$file" && return 0
      return 2
    fi
    [ "$(date +%s%N)" -ge "$deadline" ] && return 1
    sleep "$JN_POLL_INTERVAL"
  done
}

jn_ns_exists() { ip netns list 2>/dev/null | awk '{print $1}' | grep -qx -- "$1"; }

jn_ns_del() {
  local ns=$1 pids p
  jn_ns_exists "$ns" || return 0
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  if [ -n "$pids" ]; then
    for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
    jn_wait_for 10 jn__ns_empty "$ns" || {
      for p in $(ip netns pids "$ns" 2>/dev/null || true); do kill -KILL "$p" 2>/dev/null || true; done
      jn_wait_for 5 jn__ns_empty "$ns" || true
    }
  fi
  ip netns del "$ns" 2>/dev/null || true
}
jn__ns_empty() { [ -z "$(ip netns pids "$1" 2>/dev/null)" ]; }

jn_ns_del_matching() {
  local prefix=$1 ns
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
    case $ns in "$prefix"*) jn_ns_del "$ns" ;; esac
  done
}

jn_ns_add() {
  local ns=$1
  jn_ns_del "$ns"
  ip netns add "$ns"
  jn_cleanup_push jn_ns_del "$ns"
  ip -n "$ns" link set lo up
}

jn_sysctl() {
  local ns=$1; shift
  ip netns exec "$ns" sysctl -qw "$@" >/dev/null
}

jn_offloads_off() {
  local ns=$1 ifname=$2
  ip netns exec "$ns" ethtool -K "$ifname" rx off tx off tso off gso off gro off >/dev/null 2>&1 \
    || ip netns exec "$ns" ethtool -K "$ifname" tx off tso off gso off gro off >/dev/null
}

# Both ends are created directly inside their namespaces: nothing appears in the caller's
# namespace, even for a moment, so no name there can clash or be touched.
jn_veth() {
  local ns_a=$1 if_a=$2 ns_b=$3 if_b=$4
  ip link add name "$if_a" netns "$ns_a" type veth peer name "$if_b" netns "$ns_b"
  jn_offloads_off "$ns_a" "$if_a"
  jn_offloads_off "$ns_b" "$if_b"
  ip -n "$ns_a" link set "$if_a" up
  ip -n "$ns_b" link set "$if_b" up
}

jn_mac() { ip -n "$1" link show "$2" | awk '/link\/ether/ {print $2; exit}'; }

jn_bg() {
  local ns=$1 logf=$2; shift 2
  # `ip netns exec` execs the command: $! is the command's own pid.
  # Closing the saved stdout/stderr keeps a long-lived child from holding the caller's pipes open.
  if [ -n "$JN_OUT" ]; then
    ip netns exec "$ns" "$@" </dev/null >"$logf" 2>&1 {JN_OUT}>&- {JN_ERR}>&- &
  else
    ip netns exec "$ns" "$@" </dev/null >"$logf" 2>&1 &
  fi
  JN_LAST_PID=$!
  jn_cleanup_push jn_stop_pid "$JN_LAST_PID" "${JN_STOP_TIMEOUT:-10}"
}

jn_stop_pid() {
  local pid=$1 timeout=${2:-10}
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  if ! jn_wait_for "$timeout" jn__pid_gone "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
    jn_wait_for 5 jn__pid_gone "$pid" || true
  fi
  wait "$pid" 2>/dev/null || true
}
jn_alive() { ! jn__pid_gone "$1"; }
# A child that exited stays a zombie until waited for, and kill -0 still succeeds on a zombie.
jn__pid_gone() {
  kill -0 "$1" 2>/dev/null || return 0
  local st
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 0
  [ "${st%% *}" = Z ]
}

jn_tcp_listening() {
  [ -n "$(ip netns exec "$1" ss -Hltn "sport = :$2" 2>/dev/null)" ]
}
