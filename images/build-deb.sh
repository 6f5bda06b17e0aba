#!/bin/bash
# images/build-deb.sh [--out DIR] [--version-suffix S]: the `junction` Debian package from this checkout's build
# (S appended to its version: the boot test's second image, to upgrade to, is told apart so).
#
# What the package holds (dpkg-deb --build from a staged folder; docs/appliance.md "What is in the image"):
#   /opt/junction/junction, scripts/{lib,run-router,restart-control}.sh, jvm.properties   the launcher, as in a checkout
#   /opt/junction/control-agent/target/{junction-control-agent-*.jar,lib/,junction-show}  the jars and the thin client
#   /opt/junction/runtime/       a Java runtime jlinked from the build's JDK with only the modules the jars need
#   /usr/bin/junction            runs the launcher on that runtime, never building (JUNCTION_NO_BUILD=1)
#   /lib/systemd/system/junction-{dataplane,control}@.service   scripts/systemd's units, on that runtime
#   /etc/junction/               the routers' configurations (NAME.yaml); conffiles none: the seed writes them
#   /var/lib/junction/           state (commits, journal), owned by the `junction` system user made in postinst
# The JDK the build uses has no jmods: jlink links from its runtime image (JDK 25, JEP 493).
# Reproducible enough to compare: file times are the commit's (SOURCE_DATE_EPOCH), owners root.
# Prints the path of the .deb on stdout, and its size and the runtime's on stderr.
set -euo pipefail
JUNCTION_HOME=${JUNCTION_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
export JUNCTION_HOME
# shellcheck source=../scripts/lib.sh
source "$JUNCTION_HOME/scripts/lib.sh"

out=/var/tmp/junction-image suffix=""
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=${2:?--out needs a folder}; shift 2 ;;
    --version-suffix) suffix=${2:?--version-suffix needs a suffix}; shift 2
                      [[ $suffix =~ ^[a-z0-9.+~]+$ ]] || die "build-deb: '$suffix' cannot end a Debian version (a-z 0-9 . + ~)" ;;
    *) die "build-deb: unknown argument '$1' (usage: images/build-deb.sh [--out DIR] [--version-suffix S])" ;;
  esac
done

# The modules the runtime holds. jdeps finds what the jars use (below, checked on every build); these add what
# it cannot see: jdk.unsupported (sun.misc.Unsafe, reached reflectively by Agrona, Aeron and Chronicle),
# jdk.crypto.ec (TLS for the API's TCP listener), jdk.localedata is left out (English messages only),
# jdk.zipfs (jar: file systems some libraries open).
JUNCTION_RUNTIME_EXTRA_MODULES=jdk.unsupported,jdk.crypto.ec,jdk.zipfs

jh=$(find_java)
build_if_needed
target="$JUNCTION_HOME/control-agent/target"
[ -x "$target/junction-show" ] || die "build-deb: $target/junction-show is missing (the build makes it)"

version_base=$(sed -n 's:.*<version>\([0-9][0-9.]*\)\(-SNAPSHOT\)\{0,1\}</version>.*:\1:p' "$JUNCTION_HOME/pom.xml" | head -1)
[ -n "$version_base" ] || die "build-deb: no version in pom.xml"
commit=$(git -C "$JUNCTION_HOME" rev-parse --short=10 HEAD 2>/dev/null || echo unknown)
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$JUNCTION_HOME" log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH
dirty=""
git -C "$JUNCTION_HOME" diff --quiet HEAD 2>/dev/null || dirty=".dirty"
# ~ sorts before anything: 0.1.0~git... < 0.1.0, the release this snapshot leads to.
version="${version_base}~git$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y%m%d%H%M%S).${commit}${dirty}${suffix}"

mkdir -p "$out"
stage=$(mktemp -d "$out/deb-stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
opt="$root/opt/junction"
mkdir -p "$opt/scripts" "$opt/control-agent/target/lib" "$root/usr/bin" "$root/lib/systemd/system" \
  "$root/etc/junction" "$root/var/lib/junction" "$root/DEBIAN" "$root/usr/share/doc/junction" "$root/usr/lib/tmpfiles.d"

install -m 755 "$JUNCTION_HOME/junction" "$opt/junction"
install -m 644 "$JUNCTION_HOME/scripts/lib.sh" "$JUNCTION_HOME/jvm.properties" -t "$opt/scripts"
mv "$opt/scripts/jvm.properties" "$opt/jvm.properties"
install -m 755 "$JUNCTION_HOME/scripts/run-router.sh" "$JUNCTION_HOME/scripts/restart-control.sh" "$opt/scripts"
jar=$(basename "$JUNCTION_AGENT_JAR")
install -m 644 "$JUNCTION_AGENT_JAR" "$opt/control-agent/target/$jar"
install -m 644 "$JUNCTION_LIB"/*.jar "$opt/control-agent/target/lib"
install -m 755 "$target/junction-show" "$opt/control-agent/target/junction-show"
install -m 644 "$JUNCTION_HOME/LICENSE" "$root/usr/share/doc/junction/copyright"

# The runtime: the modules jdeps finds in the jars, and the extra ones above.
modules=$("$jh/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
  --class-path "$JUNCTION_LIB/*" "$JUNCTION_AGENT_JAR" "$JUNCTION_LIB"/*.jar 2>/dev/null | tail -1)
[[ $modules =~ ^[a-z.,]+$ ]] || die "build-deb: jdeps found no module list (got '$modules')"
modules=$(tr , "\n" <<<"$modules,$JUNCTION_RUNTIME_EXTRA_MODULES" | sort -u | paste -sd,)
"$jh/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --output "$opt/runtime" >/dev/null \
  || die "build-deb: jlink failed (modules: $modules)"
# The runtime must start the router's JVM flags (jvm.properties): a module they name and the runtime lacks
# fails here, not on the box.
"$opt/runtime/bin/java" "${JUNCTION_JVM_FLAGS[@]}" "${JUNCTION_ROUTER_JVM_FLAGS[@]}" -version >/dev/null 2>&1 \
  || die "build-deb: the jlinked runtime does not start with jvm.properties' flags (modules: $modules)"

cat >"$root/usr/bin/junction" <<'WRAPPER'
#!/bin/sh
# junction: the launcher of the installed package (/opt/junction), on its own Java runtime, never building.
JUNCTION_JAVA_HOME=/opt/junction/runtime JUNCTION_NO_BUILD=1 JUNCTION_SKIP_APT=1 JUNCTION_CLI_AOT_OFF=1
export JUNCTION_JAVA_HOME JUNCTION_NO_BUILD JUNCTION_SKIP_APT JUNCTION_CLI_AOT_OFF
exec /opt/junction/junction "$@"
WRAPPER
chmod 755 "$root/usr/bin/junction"

# scripts/systemd's units, on the package's runtime.
for unit in junction-dataplane@.service junction-control@.service; do
  sed -e 's|^Environment=JUNCTION_NO_BUILD=1$|Environment=JUNCTION_NO_BUILD=1 JUNCTION_SKIP_APT=1 JUNCTION_JAVA_HOME=/opt/junction/runtime|' \
    "$JUNCTION_HOME/scripts/systemd/$unit" >"$root/lib/systemd/system/$unit"
  grep -q 'JUNCTION_JAVA_HOME=/opt/junction/runtime' "$root/lib/systemd/system/$unit" \
    || die "build-deb: $unit has no Environment=JUNCTION_NO_BUILD=1 line to extend"
done

# At every boot, before the routers start (systemd-tmpfiles-setup): the configurations readable by the control
# plane's user, the state its own, whatever made them (a version whose control plane was root, a copy from another
# A/B slot whose users have other numbers). postinst applies it too.
cat >"$root/usr/lib/tmpfiles.d/junction.conf" <<'TMPFILES'
# Junction: the control plane runs as the user junction (docs/appliance.md).
z /etc/junction/*.yaml 0640 root junction -
Z /var/lib/junction - junction junction -
TMPFILES

# Runtime dependencies: the packages of the libraries the shim links (dpkg -S, as dpkg-shlibdeps would find
# them), the DPDK drivers EAL loads as plugins (a bus, a mempool, the PMDs of the ports the appliance drives:
# virtio for VMs, the common Intel NICs, TAP for the exception path, af_packet, bonding for LAG), and the
# commands the scripts run.
shim_so=$(find "$JUNCTION_HOME/bindings/target" -name libjunction_shim.so -print -quit)
[ -n "$shim_so" ] || die "build-deb: bindings/target has no libjunction_shim.so"
declare -A deps=()
while read -r lib; do
  pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1) || true
  [ -n "$pkg" ] && deps[$pkg]=1
done < <(ldd "$shim_so" | awk '$3 ~ /^\// {print $3}' | xargs -r realpath)
for pkg in librte-bus-pci23 librte-bus-vdev23 librte-mempool-ring23 librte-net-virtio23 librte-net-tap23 \
  librte-net-af-packet23 librte-net-bond23 librte-net-ixgbe23 librte-net-i40e23 librte-net-ice23 librte-net-e1000-23 \
  iproute2 kmod pciutils; do
  deps[$pkg]=1
done
depends=$(printf '%s\n' "${!deps[@]}" | sort | paste -sd, | sed 's/,/, /g')

cat >"$root/DEBIAN/control" <<CONTROL
Package: junction
Version: $version
Architecture: amd64
Maintainer: Junction <junction@localhost>
Section: net
Priority: optional
Depends: $depends
Description: Junction router: DPDK data plane, BGP speaker, control agent
 A bare-metal router in Java: a DPDK data plane driven through the FFM API, a BGP speaker,
 and a control agent (HTTP API, CLI, MCP, metrics, route journal). Built from commit $commit.
 Its systemd units run a router named NAME from /etc/junction/NAME.yaml:
 junction-dataplane@NAME (which starts junction-control@NAME).
CONTROL

cat >"$root/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  # The control plane's user (the data plane runs as root, in its group: DPDK and the TAPs need root; the control
  # plane needs only port 179, which its unit grants). It owns the state; it reads the configurations.
  if ! getent passwd junction >/dev/null; then
    adduser --system --group --home /var/lib/junction --no-create-home --gecos "Junction router" junction >/dev/null
  fi
  chown junction:junction /var/lib/junction
  chmod 0750 /var/lib/junction
  # The configurations group junction's, the state junction's (usr/lib/tmpfiles.d/junction.conf, also at boot).
  if command -v systemd-tmpfiles >/dev/null; then systemd-tmpfiles --create /usr/lib/tmpfiles.d/junction.conf || true; fi
  # A data plane started by an earlier version runs as root:root with umask 022: its files are not the group's.
  # Its control plane, now the user junction, cannot take them over: restart the data plane once (an outage).
  for u in $(systemctl list-units --plain --no-legend 'junction-dataplane@*.service' 2>/dev/null | awk '{print $1}'); do
    pid=$(systemctl show -p MainPID --value "$u" 2>/dev/null)
    if [ -n "$pid" ] && [ "$pid" != 0 ] && [ "$(stat -c %G "/proc/$pid" 2>/dev/null)" != junction ]; then
      echo "junction: $u runs as an earlier version did; restart it once (systemctl restart $u) so its control plane, now user junction, can take over" >&2
    fi
  done
  if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
fi
exit 0
POSTINST
cat >"$root/DEBIAN/postrm" <<'POSTRM'
#!/bin/sh
set -e
if [ "$1" = purge ]; then
  rm -rf /var/lib/junction
  if getent passwd junction >/dev/null; then deluser --system junction >/dev/null 2>&1 || true; fi
fi
if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
exit 0
POSTRM
chmod 755 "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"
sed -i "s/^Depends: .*/&, adduser/" "$root/DEBIAN/control"
echo "Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)" >>"$root/DEBIAN/control"

find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
deb="$out/junction_${version}_amd64.deb"
rm -f "$out"/junction_*_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
log "package $deb: $(du -h "$deb" | cut -f1) (runtime $(du -sh "$opt/runtime" | cut -f1), modules $modules)"
echo "$deb"
