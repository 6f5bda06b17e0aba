# Shared shell functions of the launcher and the lab/bench scripts. Source, don't run.

die() { echo "junction: $*" >&2; exit 1; }
log() { echo "junction: $*" >&2; }

# Debian packages the project needs on a fresh machine (root installs them, others get the command).
JUNCTION_PACKAGES=(dpdk libdpdk-dev dpdk-dev dpdk-doc pkg-config gcc make iproute2 nftables iputils-ping
  traceroute iperf3 ethtool tcpdump tshark python3-scapy tcpreplay procps psmisc libpcap-dev)

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
  if ! apt-get install -y -q "${JUNCTION_PACKAGES[@]}" >/tmp/junction-apt.log 2>&1; then
    log "apt-get install failed once; updating package lists and retrying"
    apt-get update -q >>/tmp/junction-apt.log 2>&1 || true
    apt-get install -y -q "${JUNCTION_PACKAGES[@]}" >>/tmp/junction-apt.log 2>&1 \
      || { tail -20 /tmp/junction-apt.log >&2; die "apt-get install failed (log: /tmp/junction-apt.log)"; }
  fi
}

# Print the home of a JDK >= 25: JAVA_HOME first, then /usr/lib/jvm/*. Fail clearly without one.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'; }
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
  if [ -z "$force" ] && [ -f "$JUNCTION_AGENT_JAR" ] \
     && [ -z "$(find "$JUNCTION_HOME" -path "$JUNCTION_HOME/.git" -prune -o \( -name '*.java' -o -name '*.c' -o -name '*.h' -o -name pom.xml -o -path '*/src/main/resources/*' \) -newer "$JUNCTION_AGENT_JAR" -print -quit)" ]; then
    return 0
  fi
  log "building (mvn package, tests skipped; ./junction test runs them)"
  # Build output goes to stderr: stdout belongs to the command that asked (status --json, lab lines).
  ( cd "$JUNCTION_HOME" && run_mvn -q -B -Dstyle.color=never -DskipTests package ) >&2 || die "build failed"
}

JUNCTION_JVM_FLAGS=(--enable-native-access=ALL-UNNAMED --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED -Dchronicle.analytics.disable=true)

run_java() {
  local jh; jh=$(find_java)
  exec "$jh/bin/java" "${JUNCTION_JVM_FLAGS[@]}" ${JUNCTION_JAVA_OPTS:-} -cp "$JUNCTION_AGENT_JAR:$JUNCTION_LIB/*" "$@"
}
