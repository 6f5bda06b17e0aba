#!/bin/bash
# ./junction restart control [--name NAME]: the planned restart of a router's control plane while its data
# plane forwards (docs/dataplane.md "Two processes"), the upgrade path: the running control plane hands over
# (SIGHUP: it stops without a NOTIFICATION, so BGP peers keep Junction's routes by graceful restart), then
# the control plane on the build installed now starts, with the arguments the old one had, and takes the
# FIB over. Under systemd (junction-control@NAME) systemd starts it (Restart=always), under `junction run` its
# supervisor (scripts/run-router.sh); otherwise this does, detached, its output appended to /run/junction/NAME/control.log. Prints how long the restart took.
set -euo pipefail
die() { echo "junction restart control: $*" >&2; exit 1; }
name=""
while [ $# -gt 0 ]; do
  case $1 in
    --name) name=${2:?--name needs a router name}; shift 2 ;;
    *) echo "junction restart control: unknown argument '$1' (usage: ./junction restart control [--name NAME])" >&2; exit 2 ;;
  esac
done
root=/run/junction
if [ -z "$name" ]; then
  found=()
  for f in "$root"/*/control.pid; do [ -f "$f" ] && found+=("$(basename "$(dirname "$f")")"); done
  [ ${#found[@]} -eq 1 ] || die "give --name NAME (routers with a control plane here: ${found[*]:-none})"
  name=${found[0]}
fi
[[ $name =~ ^[a-z0-9-]{1,32}$ ]] || die "'$name' is not a router name"
run=$root/$name
pid=$(cat "$run/control.pid" 2>/dev/null) || die "no control plane runs for router '$name' (no $run/control.pid; junction run --one-process has none apart)"
[ -d "/proc/$pid" ] || die "the control plane of '$name' (pid $pid) does not run"
# How it was started: the arguments after "net.junction.agent.Main control".
mapfile -d '' cmdline < "/proc/$pid/cmdline"
args=()
for i in "${!cmdline[@]}"; do
  if [ "${cmdline[$i]}" = net.junction.agent.Main ] && [ "${cmdline[$((i + 1))]:-}" = control ]; then
    args=("${cmdline[@]:$((i + 2))}")
    break
  fi
done
[ ${#args[@]} -gt 0 ] || die "pid $pid is not a junction control plane"
# Who starts the next one: systemd (junction-control@NAME), `junction run`'s supervisor (its parent), or this.
by=""
grep -q 'junction-control@' "/proc/$pid/cgroup" 2>/dev/null && by="systemd"
parent=$(awk '{ sub(/.*\) /, ""); print $2 }' "/proc/$pid/stat" 2>/dev/null || true)
[ -n "$parent" ] && tr '\0' ' ' < "/proc/$parent/cmdline" 2>/dev/null | grep -q 'scripts/run-router.sh' && by="junction run (pid $parent)"

start=$(date +%s%N)
kill -HUP "$pid"
for _ in $(seq 1 300); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
[ -d "/proc/$pid" ] && die "the control plane (pid $pid) did not hand over within 30 s"
if [ -z "$by" ]; then
  setsid "$JUNCTION_HOME/junction" control "${args[@]}" >> "$run/control.log" 2>&1 < /dev/null &
fi
# Ready: a new control plane whose state file is newer than the hand-over (it writes it once it runs).
new=""
for _ in $(seq 1 600); do
  new=$(cat "$run/control.pid" 2>/dev/null || true)
  if [ -n "$new" ] && [ "$new" != "$pid" ] && [ -d "/proc/$new" ] && [ -f "$run/control.json" ] &&
     [ "$(stat -c %Y "$run/control.json")" -ge $((start / 1000000000)) ] && [ -S "$run/api.sock" ]; then
    break
  fi
  new=""
  sleep 0.1
done
[ -n "$new" ] || die "no new control plane got ready within 60 s$([ -z "$by" ] && echo " (its output: $run/control.log)")"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "junction: control plane of router '$name' restarted in $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s (pid $pid -> $new)$([ -n "$by" ] && echo ", by $by"); the data plane forwarded throughout"
