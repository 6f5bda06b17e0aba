#!/bin/bash
# images/test-deb.sh [DEB]: checks the junction package (images/build-deb.sh) without installing it: its control
# fields and maintainer scripts, the files the units and the launcher expect, and that its jlinked runtime runs
# Junction itself from the unpacked tree (`junction validate` of a configuration, through /usr/bin/junction's
# launcher, so the runtime's modules, the JVM flags of jvm.properties and the jars are all exercised).
# One line per check; non-zero if any fails. Without DEB it builds one.
set -euo pipefail
JUNCTION_HOME=${JUNCTION_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
export JUNCTION_HOME
deb=${1:-}
tmp=$(mktemp -d /var/tmp/junction-test-deb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
[ -n "$deb" ] || deb=$("$JUNCTION_HOME/images/build-deb.sh" --out "$tmp")
failed=0
check() {  # check NAME DESCRIPTION CMD...
  local name=$1 what=$2; shift 2
  if "$@" >"$tmp/out" 2>&1; then printf 'PASS %-10s %s\n' "$name" "$what"
  else printf 'FAIL %-10s %s: %s\n' "$name" "$what" "$(tr '\n' ' ' <"$tmp/out" | cut -c1-300)"; failed=1; fi
}
dpkg-deb --info "$deb" >"$tmp/info"
dpkg-deb --contents "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$tmp/contents"
dpkg-deb -x "$deb" "$tmp/root"
dpkg-deb -e "$deb" "$tmp/control"

has() { grep -qx -- "$1" "$tmp/contents"; }
check control "Package junction, amd64, depends on DPDK's EAL, ethdev and virtio PMD" \
  grep -qE '^ Depends: .*librte-eal23.*librte-ethdev23.*librte-net-virtio23' "$tmp/info"
check files "launcher, scripts, jvm.properties, jars, thin client, runtime, units, /etc/junction, /var/lib/junction, tmpfiles.d" \
  bash -c 'for f in /usr/bin/junction /opt/junction/junction /opt/junction/scripts/lib.sh /opt/junction/scripts/run-router.sh \
    /opt/junction/jvm.properties /opt/junction/control-agent/target/junction-show /opt/junction/runtime/bin/java \
    /lib/systemd/system/junction-dataplane@.service /lib/systemd/system/junction-control@.service /etc/junction/ \
    /var/lib/junction/ /usr/lib/tmpfiles.d/junction.conf; do grep -qx -- "$f" "$0" || { echo "missing $f"; exit 1; }; done' "$tmp/contents"
check jars "the agent's jar and its libraries" \
  bash -c '[ "$(grep -c "^/opt/junction/control-agent/target/lib/.*\.jar$" "$0")" -ge 10 ] && grep -q "^/opt/junction/control-agent/target/junction-control-agent-.*\.jar$" "$0"' "$tmp/contents"
check units "both units run /opt/junction/junction on the package's runtime; control after data plane, Restart=always" \
  bash -c 'd=$0/lib/systemd/system; grep -q "^Environment=.*JUNCTION_JAVA_HOME=/opt/junction/runtime" $d/junction-dataplane@.service &&
    grep -q "^Environment=.*JUNCTION_JAVA_HOME=/opt/junction/runtime" $d/junction-control@.service &&
    grep -q "^ExecStart=/opt/junction/junction dataplane --config /etc/junction/%i.yaml" $d/junction-dataplane@.service &&
    grep -q "^After=junction-dataplane@%i.service" $d/junction-control@.service && grep -q "^Restart=always" $d/junction-control@.service' "$tmp/root"
check privileges "the control plane runs as junction with port 179 only; the data plane as root in group junction" \
  bash -c 'd=$0/lib/systemd/system; c=$d/junction-control@.service; grep -qx "User=junction" $c && grep -qx "Group=junction" $c &&
    grep -qx "AmbientCapabilities=CAP_NET_BIND_SERVICE" $c && grep -qx "CapabilityBoundingSet=CAP_NET_BIND_SERVICE" $c &&
    grep -qx "StateDirectory=junction/%i" $c && grep -qx "UMask=0007" $c &&
    ! grep -q "^User=" $d/junction-dataplane@.service && grep -qx "Group=junction" $d/junction-dataplane@.service &&
    grep -qx "UMask=0007" $d/junction-dataplane@.service' "$tmp/root"
check user "postinst makes the junction system user and gives it /var/lib/junction" \
  bash -c 'grep -q "adduser --system --group --home /var/lib/junction" "$0/postinst" && grep -q "chown junction:junction /var/lib/junction" "$0/postinst" && sh -n "$0/postinst" && sh -n "$0/postrm"' "$tmp/control"
check runtime "the jlinked runtime has no compiler, has jdk.unsupported and jdk.httpserver" \
  bash -c '! [ -e "$0/opt/junction/runtime/bin/javac" ] && "$0/opt/junction/runtime/bin/java" --list-modules | grep -q "^jdk.unsupported@" &&
    "$0/opt/junction/runtime/bin/java" --list-modules | grep -q "^jdk.httpserver@"' "$tmp/root"
cat >"$tmp/router.yaml" <<YAML
name: deb-test
dpdk: {memory-mb: 256, hugepages: true}
cores: [1]
ports:
  - {name: p0, device: '0000:00:03.0', addresses: [198.18.41.1/24]}
  - {name: p1, device: '0000:00:04.0', addresses: [198.18.42.1/24]}
bgp:
  local-as: 4200000001
  router-id: 198.18.41.1
  neighbors:
    - {name: peer, address: 198.18.42.2, remote-as: 64512, import: all, export: all}
  policies:
    all: {terms: [], otherwise: accept}
YAML
# The unpacked launcher as /usr/bin/junction runs it, from the unpacked tree (its home is found beside it).
check validate "the package's launcher and runtime validate a configuration" \
  bash -c 'out=$(env -u JAVA_HOME -u JUNCTION_HOME JUNCTION_JAVA_HOME="$0/opt/junction/runtime" JUNCTION_NO_BUILD=1 JUNCTION_SKIP_APT=1 \
    "$0/opt/junction/junction" validate --config "$1" 2>&1) && grep -q "is valid: router .deb-test., 2 ports" <<<"$out" || { echo "$out"; exit 1; }' "$tmp/root" "$tmp/router.yaml"
exit $failed
