#!/bin/bash
# ./junction run --config FILE | --name NAME [--state-dir DIR]: a router as its two processes (docs/dataplane.md
# "Two processes"), supervised here as systemd's units would (scripts/systemd):
#   - the data plane (`junction dataplane`: DPDK, ports, workers, FIB, the Aeron media driver) starts first;
#   - once it printed "junction: data plane ready", the control plane (`junction control`: BGP, RIB, config,
#     API) starts with the same arguments and prints "junction: ready";
#   - a control plane that ends (kill -9, a crash, SIGHUP or `junction restart control`, POST /v1/control/restart)
#     is started again after RESTART_S while the data plane forwards: it takes the FIB over;
#   - a data plane that fails after it was ready is started again (the control plane, which stops when its data
#     plane goes, follows and pushes the FIB again); one that stops by itself (exit 0) ends the router;
#   - SIGTERM/SIGINT stop the control plane, then the data plane; SIGHUP hands the control plane over to a new one.
# Both children get PR_SET_PDEATHSIG=KILL (setpriv): if this supervisor is killed, the router dies with it as a
# crash would, never leaving a data plane nobody watches. Exits with the data plane's code, or with the first
# failure that leaves nothing to supervise (a process that ends before it was ever ready, or fails too often).
# Both print into this process's stdout and stderr.
set -uo pipefail
# Our messages and the children's stderr go to fd 3 (the caller's stderr); fd 2 is bash's own, where it reports a
# child killed by a signal ("Killed" with its command line): the lines below say it better.
exec 3>&2 2>/dev/null
die() { echo "junction run: $*" >&3; exit 1; }
[ -n "${JUNCTION_HOME:-}" ] || die "run through ./junction run"

RESTART_S=${JUNCTION_RESTART_S:-1}        # systemd's RestartSec=1
BURST=5 BURST_WINDOW_S=60                 # systemd's StartLimitBurst/IntervalSec: more failures stop trying
POLL_S=0.1

args=("$@")
tmp=$(mktemp -d /tmp/junction-run.XXXXXX) || die "no temporary directory"
dp="" cp="" stopping=0 handover=0
dp_failures=() cp_failures=()

# start_child KIND READY-LINE: the child `junction KIND ARGS...`, its stdout copied to ours line by line, and
# $tmp/KIND.ready created when it prints READY-LINE. Sets the pid in $dp or $cp.
start_child() {
  local kind=$1 ready=$2
  rm -f "$tmp/$kind.ready"
  JUNCTION_NO_BUILD=1 setpriv --pdeathsig KILL "$JUNCTION_HOME/junction" "$kind" "${args[@]}" </dev/null 2>&3 3>&- \
    > >(while IFS= read -r line; do
          printf '%s\n' "$line"
          [ "$line" = "$ready" ] && : > "$tmp/$kind.ready"
        done) &
  if [ "$kind" = dataplane ]; then dp=$!; else cp=$!; fi
}

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# stop_child PID: SIGTERM, up to 30 s (systemd's TimeoutStopSec), then SIGKILL; prints nothing.
stop_child() {
  local pid=$1 i
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 300; i++)); do alive "$pid" || break; sleep 0.1; done
  alive "$pid" && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

# too_often NAME-OF-ARRAY: records a failure now; true when BURST of them fell within BURST_WINDOW_S.
too_often() {
  local -n times=$1
  local now; now=$(date +%s)
  times+=("$now")
  local recent=() t
  for t in "${times[@]}"; do [ $((now - t)) -lt $BURST_WINDOW_S ] && recent+=("$t"); done
  times=("${recent[@]}")
  [ ${#times[@]} -ge $BURST ]
}

finish() {  # finish CODE: stop what runs, clean up, exit
  trap - TERM INT HUP
  stop_child "$cp"
  stop_child "$dp"
  rm -rf "$tmp"
  exit "$1"
}

trap 'stopping=1' TERM INT
trap 'handover=1' HUP

# The data plane, then the control plane once the data plane is ready.
start_dataplane_and_wait() {
  start_child dataplane "junction: data plane ready"
  while [ ! -e "$tmp/dataplane.ready" ]; do
    [ $stopping = 1 ] && finish 0
    if ! alive "$dp"; then
      wait "$dp"; local rc=$?
      echo "junction run: the data plane ended (exit $rc) before it was ready: the router does not run" >&3
      finish $((rc == 0 ? 1 : rc))
    fi
    sleep $POLL_S
  done
}

start_dataplane_and_wait
start_child control "junction: ready"
cp_ready_once=0
while true; do
  sleep $POLL_S
  [ $stopping = 1 ] && finish 0
  if [ $handover = 1 ]; then
    handover=0
    alive "$cp" && kill -HUP "$cp" 2>/dev/null
  fi
  [ -e "$tmp/control.ready" ] && cp_ready_once=1
  if ! alive "$dp"; then
    wait "$dp"; rc=$?
    [ $stopping = 1 ] && finish 0
    if [ $rc = 0 ]; then
      echo "junction run: the data plane stopped (exit 0): stopping the router" >&3
      finish 0
    fi
    # A crash: the control plane stops within about a second by itself (it has nothing to control); then both
    # start again, and the new control plane says how long the data plane was without its FIB.
    echo "junction run: the data plane failed (exit $rc): starting it again" >&3
    if too_often dp_failures; then
      echo "junction run: the data plane failed $BURST times within $BURST_WINDOW_S s: giving up" >&3
      finish "$rc"
    fi
    for ((i = 0; i < 50; i++)); do alive "$cp" || break; sleep 0.1; done
    stop_child "$cp"
    sleep "$RESTART_S"
    start_dataplane_and_wait
    start_child control "junction: ready"
    continue
  fi
  if ! alive "$cp"; then
    wait "$cp"; rc=$?
    [ $stopping = 1 ] && finish 0
    if [ $cp_ready_once = 0 ]; then
      # It never ran: its configuration, its state directory or its data plane refused it. Nothing to supervise.
      echo "junction run: the control plane ended (exit $rc) before it was ready: stopping the data plane" >&3
      finish $((rc == 0 ? 1 : rc))
    fi
    if [ ! -e "$tmp/control.ready" ] && too_often cp_failures; then
      echo "junction run: the control plane failed $BURST times within $BURST_WINDOW_S s without getting ready: giving up" >&3
      finish "$rc"
    fi
    alive "$dp" || continue   # the data plane went too: handled above
    echo "junction run: the control plane ended (exit $rc): starting it again; the data plane forwards meanwhile" >&3
    sleep "$RESTART_S"
    [ $stopping = 1 ] && finish 0
    start_child control "junction: ready"
  fi
done
