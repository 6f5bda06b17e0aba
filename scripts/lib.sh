# Shared shell functions of the launcher and the lab/bench scripts. Source, don't run.

die() { echo "junction: $*" >&2; exit 1; }
log() { echo "junction: $*" >&2; }

# Debian packages the project needs on a fresh machine (root installs them, others get the command).
JUNCTION_PACKAGES=(dpdk libdpdk-dev dpdk-dev dpdk-doc pkg-config gcc make iproute2 nftables iputils-ping
  traceroute iperf3 ethtool tcpdump tshark python3-scapy tcpreplay procps psmisc libpcap-dev curl)
# Real BGP peers for the interop tests and `bench bgp`, and stayrtr, the RPKI cache of RpkiStayrtrIT and
# the lab. They run only inside namespaces or on loopback, started
# by the tests themselves: the install must leave none running on the host (see ensure_packages).
JUNCTION_BGP_PACKAGES=(bird2 frr gobgpd exabgp openbgpd stayrtr)
JUNCTION_BGP_SERVICES=(bird frr gobgpd exabgp openbgpd stayrtr)
JUNCTION_PACKAGES+=("${JUNCTION_BGP_PACKAGES[@]}")
# A real Prometheus for the metrics IT (MetricsPrometheusIT starts its own on loopback with a temp
# config). Like the peers it never runs as a host service, nor does the node exporter it recommends.
JUNCTION_METRICS_PACKAGES=(prometheus)
JUNCTION_METRICS_SERVICES=(prometheus prometheus-node-exporter)
JUNCTION_PACKAGES+=("${JUNCTION_METRICS_PACKAGES[@]}")
# bgpdump (libbgpdump) reads back the MRT dumps Junction writes (BgpdumpIT).
JUNCTION_PACKAGES+=(bgpdump)
# pmacct's pmbmpd is the BMP station of BmpPmbmpdIT (started by the test on loopback, its own temp config);
# the package's collectors (nfacctd, pmacctd, sfacctd, uacctd, pmbgpd, pmbmpd, pmtelemetryd) never run as
# host services.
JUNCTION_PACKAGES+=(pmacct)
JUNCTION_PMACCT_SERVICES=(nfacctd pmacctd sfacctd uacctd pmbgpd pmbmpd pmtelemetryd)
# The appliance image (`./junction image`, images/): a Debian system installed into a folder, filesystems filled
# from folders and a GPT disk put together without loop devices or mounts, and qemu with UEFI firmware for the
# boot test.
JUNCTION_IMAGE_PACKAGES=(mmdebstrap e2fsprogs dosfstools mtools gdisk fdisk qemu-utils qemu-system-x86 ovmf systemd-boot)
JUNCTION_PACKAGES+=("${JUNCTION_IMAGE_PACKAGES[@]}")

# Install, don't "install if missing": apt-get install -y is idempotent and cheap when all is there.
# A fresh machine has no package lists yet: update once and retry when the first attempt fails.
ensure_packages() {
  [ "${JUNCTION_SKIP_APT:-0}" = 1 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    local missing=()
    for p in "${JUNCTION_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    die "missing Debian packages; as root run: DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Daemon packages start their service on install (bird and gobgpd would listen on port 179 of
  # the host). A policy-rc.d that answers 101 stops that; one already there (containers) stays.
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# junction: no service starts while packages install (scripts/lib.sh)\nexit 101\n' >"$policy"
    chmod 755 "$policy"; own_policy=1
  fi
  local rc=0
  ( ensure_packages_apt ) || rc=$?     # a subshell: its die must not skip the policy's removal
  [ "$own_policy" = 1 ] && rm -f "$policy"
  [ "$rc" = 0 ] || exit "$rc"
  bgp_services_off
}

ensure_packages_apt() {
  if ! apt-get install -y -q "${JUNCTION_PACKAGES[@]}" >/tmp/junction-apt.log 2>&1; then
    log "apt-get install failed once; updating package lists and retrying"
    apt-get update -q >>/tmp/junction-apt.log 2>&1 || true
    apt-get install -y -q "${JUNCTION_PACKAGES[@]}" >>/tmp/junction-apt.log 2>&1 \
      || { tail -20 /tmp/junction-apt.log >&2; die "apt-get install failed (log: /tmp/junction-apt.log)"; }
  fi
}

# The peer daemons and Prometheus never run as host services: stop and disable each one the packages
# installed (a machine set up before policy-rc.d was in place may have them running).
bgp_services_off() {
  local s
  for s in "${JUNCTION_BGP_SERVICES[@]}" "${JUNCTION_METRICS_SERVICES[@]}" "${JUNCTION_PMACCT_SERVICES[@]}"; do
    if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
      systemctl list-unit-files "$s.service" >/dev/null 2>&1 || continue
      if systemctl is-enabled -q "$s.service" 2>/dev/null || systemctl is-active -q "$s.service" 2>/dev/null; then
        systemctl disable --now -q "$s.service" >>/tmp/junction-apt.log 2>&1 || true
      fi
    elif [ -x "/etc/init.d/$s" ]; then
      # Only a running host service is stopped: the tests' own daemons keep their pid files elsewhere.
      if "/etc/init.d/$s" status >/dev/null 2>&1; then "/etc/init.d/$s" stop >>/tmp/junction-apt.log 2>&1 || true; fi
      update-rc.d "$s" disable >>/tmp/junction-apt.log 2>&1 || true
    fi
  done
  if command -v ss >/dev/null && [ -n "$(ss -Hltn 'sport = :179' 2>/dev/null)" ]; then
    log "warning: something listens on TCP port 179 of the host: $(ss -Hltnp 'sport = :179' | tr -s ' ' | head -2)"
  fi
}

# Print the home of a JDK >= 25: JAVA_HOME first, then /usr/lib/jvm/*. Fail clearly without one.
# A JDK's release file names its version: reading it costs nothing, starting that JDK's java ~0.1 s.
java_major() {
  local line v=""
  if [ -f "$1/release" ]; then
    while IFS= read -r line; do
      case $line in JAVA_VERSION=*) v=${line#JAVA_VERSION=\"}; v=${v%%[.\"]*}; break ;; esac
    done <"$1/release"
  fi
  [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  echo "$v"
}
find_java() {
  if [ -n "${JUNCTION_JAVA_HOME:-}" ]; then echo "$JUNCTION_JAVA_HOME"; return 0; fi
  local c v
  for c in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$(java_major "$c"); v=${v%%.*}
    if [ -n "$v" ] && [ "$v" -ge 25 ] 2>/dev/null; then
      export JUNCTION_JAVA_HOME="$c"; echo "$c"; return 0
    fi
  done
  die "no JDK >= 25 found (looked at JAVA_HOME and /usr/lib/jvm/*). Junction needs the final FFM API: install Temurin 25 (or any JDK 25+) and set JAVA_HOME."
}

run_mvn() {
  local jh; jh=$(find_java)
  command -v mvn >/dev/null || die "Maven (mvn) is not on PATH: apt-get install -y maven"
  # Maven's bundled Guava touches sun.misc.Unsafe: keep JDK 25 from warning about it on every run.
  JAVA_HOME="$jh" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -Djunction.home="$JUNCTION_HOME" "$@"
}

JUNCTION_LIB="$JUNCTION_HOME/control-agent/target/lib"
JUNCTION_AGENT_JAR="$JUNCTION_HOME/control-agent/target/junction-control-agent-0.1.0-SNAPSHOT.jar"

# Build when the runtime jars are missing or any source/pom is newer than them.
build_if_needed() {
  local force=${1:-}
  # Tests run from inside `mvn verify`, after packaging: never start a nested build there.
  if [ "${JUNCTION_NO_BUILD:-0}" = 1 ]; then
    [ -f "$JUNCTION_AGENT_JAR" ] || die "JUNCTION_NO_BUILD=1 but $JUNCTION_AGENT_JAR is missing"
    return 0
  fi
  # Every target/ is pruned: generated sources there (benchmarks' JMH classes) are always newer
  # than the jar and made this rebuild on every call; so is .git.
  if [ -z "$force" ] && [ -f "$JUNCTION_AGENT_JAR" ] \
     && [ -z "$(find "$JUNCTION_HOME" \( -name .git -o -name target \) -prune -o \( -name '*.java' -o -name '*.c' -o -name '*.h' -o -name pom.xml -o -path '*/src/main/resources/*' \) -newer "$JUNCTION_AGENT_JAR" -print -quit)" ]; then
    return 0
  fi
  log "building (mvn package, tests skipped; ./junction test runs them)"
  # Build output goes to stderr: stdout belongs to the command that asked (status --json, lab lines).
  ( cd "$JUNCTION_HOME" && run_mvn -q -B -Dstyle.color=never -DskipTests package ) >&2 || die "build failed"
}

# The JVM flags: jvm.properties at the root is their one source (Maven reads it too). Its
# junction.jvm.flags is expanded (${name} from the same file) and split on blanks into the array
# JUNCTION_JVM_FLAGS; junction.router.jvm.flags (the router process only: its heap and collector)
# into JUNCTION_ROUTER_JVM_FLAGS.
# Found beside this file, so it does not depend on JUNCTION_HOME being set.
load_jvm_flags() {
  local file=$1 key value line
  [ -f "$file" ] || die "$file is missing: it holds the JVM flags every Junction JVM runs with"
  local -A props=()
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    case "$line" in ''|'#'*|'!'*) continue ;; esac
    key=${line%%=*}; value=${line#*=}
    props[${key//[[:space:]]/}]=$value
  done <"$file"
  local pair flags array
  for pair in junction.jvm.flags=JUNCTION_JVM_FLAGS junction.router.jvm.flags=JUNCTION_ROUTER_JVM_FLAGS; do
    flags=${pair%%=*}; array=${pair#*=}
    value=${props[$flags]:-}
    [ -n "$value" ] || die "$file has no $flags"
    local guard=0
    while [[ $value =~ \$\{([^}]+)\} ]]; do
      key=${BASH_REMATCH[1]}
      [ -n "${props[$key]+set}" ] || die "$file: $flags refers to \${$key}, which it does not define"
      value=${value//"\${$key}"/${props[$key]}}
      guard=$((guard + 1)); [ "$guard" -lt 100 ] || die "$file: \${...} references loop"
    done
    read -r -a "$array" <<<"$value"
  done
}
load_jvm_flags "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/jvm.properties"

# run_java [--router] MAIN ARGS...: --router adds the router's own flags (heap, collector), and
# JUNCTION_HEAP (such as 6g), when set, as its heap (the last -Xmx counts).
run_java() {
  local jh; jh=$(find_java)
  local router=()
  if [ "${1:-}" = --router ]; then
    router=("${JUNCTION_ROUTER_JVM_FLAGS[@]}"); shift
    if [ -n "${JUNCTION_HEAP:-}" ]; then
      [[ $JUNCTION_HEAP =~ ^[1-9][0-9]*[mMgG]$ ]] || die "JUNCTION_HEAP='$JUNCTION_HEAP': give the router's heap as a size such as 3g or 4096m"
      router+=("-Xmx$JUNCTION_HEAP")
    fi
  fi
  exec "$jh/bin/java" "${JUNCTION_JVM_FLAGS[@]}" "${router[@]}" ${JUNCTION_JAVA_OPTS:-} -cp "$JUNCTION_AGENT_JAR:$JUNCTION_LIB/*" "$@"
}

# The client commands (show, config, neighbor, token, completion; and mcp, an MCP server on stdio
# that lives as long as the agent's session and must print nothing but JSON-RPC on stdout, which
# these flags keep: JVM logs go to stderr) are short-lived JVMs: C1 only,
# the serial GC, and an AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) of
# what a show command does. While there is none, or it is older than the jar, a show command that
# succeeded is run once more in the background as a training run that writes the cache (a few
# CPU-seconds, once; only `show`, which changes nothing on the router, is ever repeated); later runs
# map it. Without a writable target/ they run without one. JVM log lines go to stderr only, never
# into a --json answer. A `show` command reaches this only when the launcher's thin client could not
# answer it (./junction, docs/cli.md "How show runs").
JUNCTION_CLI_AOT="$JUNCTION_HOME/control-agent/target/junction-cli.aot"
run_client() {
  local jh; jh=$(find_java)
  local cp="$JUNCTION_AGENT_JAR:$JUNCTION_LIB/*" main=net.junction.agent.cli.client.JunctionCli
  local flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss1m -XX:-UsePerfData -Xlog:disable -Xlog:all=error:stderr)
  local target="$JUNCTION_HOME/control-agent/target"
  if [ -f "$JUNCTION_CLI_AOT" ] && [ "$JUNCTION_CLI_AOT" -nt "$JUNCTION_AGENT_JAR" ]; then
    exec "$jh/bin/java" "${flags[@]}" -XX:AOTCache="$JUNCTION_CLI_AOT" ${JUNCTION_JAVA_OPTS:-} -cp "$cp" $main "$@"
  fi
  if [ "${1:-}" != show ] || [ ! -w "$target" ] || [ "${JUNCTION_CLI_AOT_OFF:-0}" = 1 ]; then
    exec "$jh/bin/java" "${flags[@]}" ${JUNCTION_JAVA_OPTS:-} -cp "$cp" $main "$@"
  fi
  local rc=0
  "$jh/bin/java" "${flags[@]}" ${JUNCTION_JAVA_OPTS:-} -cp "$cp" $main "$@" || rc=$?
  if [ "$rc" = 0 ]; then
    # One trainer at a time; it writes beside the cache and renames, so no run maps a half-written one.
    ( flock -n 9 || exit 0
      "$jh/bin/java" "${flags[@]}" -XX:AOTCacheOutput="$JUNCTION_CLI_AOT.tmp" -cp "$cp" $main "$@" \
        && [ -s "$JUNCTION_CLI_AOT.tmp" ] && mv -f "$JUNCTION_CLI_AOT.tmp" "$JUNCTION_CLI_AOT"
      rm -f "$JUNCTION_CLI_AOT.tmp" "$JUNCTION_CLI_AOT.tmp.config"
    ) 9>"$target/junction-cli.aot.lock" >/dev/null 2>&1 </dev/null &
  fi
  exit "$rc"
}

# bash completion of the client commands (`junction completion bash`), for junction and ./junction:
# system-wide as root, else for this user (bash-completion loads either on the next shell).
install_completion() {
  local dir=/etc/bash_completion.d
  [ "$(id -u)" = 0 ] || dir="${XDG_DATA_HOME:-$HOME/.local/share}/bash-completion/completions"
  mkdir -p "$dir" && ( run_client completion bash ) >"$dir/junction.tmp" && mv "$dir/junction.tmp" "$dir/junction" \
    && log "bash completion installed in $dir/junction" || log "warning: bash completion not installed in $dir"
}
