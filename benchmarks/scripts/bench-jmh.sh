#!/usr/bin/env bash
# ./junction bench jmh: JMH micro-benchmarks of the FIB, one thread, on bench fib's tables
# (benchmarks/fib/gen-inputs.py: 1M IPv4 routes, about 60% /24, with 250k IPv6 routes; or a
# 100k + 25k cut of the same shape; generated into the bench fib cache on first use).
#
#   benchmarks/scripts/bench-jmh.sh [JMH options and benchmark regexps...]
#
#   Lookup4Bench.single|burst   IPv4 lookups, one per call / lookupBurst of 32 (ops/us = Mlps)
#   Lookup6Bench.single|burst   IPv6 lookups, the same
#   Put4Bench.sorted|shuffled   a whole table put into an empty FIB; ":routes" = routes/s
#   Put6Bench.sorted|shuffled   the same for IPv6
#   Churn4Bench.removeAndPut    remove + put back a /24 in the loaded 1M table (ops/s)
#   Churn6Bench.removeAndPut    remove + put back a /48 in the loaded 250k IPv6 table (ops/s)
#
# With no options: every benchmark, 1 fork, 2 warm-up + 3 measured iterations of 1 s (about
# 3 minutes; a smoke run). Everything is passed to JMH (org.openjdk.jmh.Main), e.g.
#   ./junction bench jmh Lookup4 -p table=1M -f 3 -wi 5 -i 10     figures worth recording
#   ./junction bench jmh -p fib=reference Lookup                   another FIB of Fibs.java
#   ./junction bench jmh -l | -lp | -h                             list, list with params, JMH help
# Forks inherit the project's JVM flags (jvm.properties) from this JVM and add the heap of the
# benchmarks' @Fork (BenchmarkDefaults.java); add JVM options with -jvmArgsPrepend
# (-jvmArgsAppend would replace the @Fork's).
# Environment: JUNCTION_BENCH_CACHE (default /var/tmp/junction-bench-fib). Details:
# docs/benchmarks.md.
set -euo pipefail

JUNCTION_HOME=${JUNCTION_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
export JUNCTION_HOME
# shellcheck source=../../scripts/lib.sh
source "$JUNCTION_HOME/scripts/lib.sh"      # find_java, run_mvn

note() { echo "bench-jmh: $*" >&2; }
fail() { note "$*"; exit 1; }

if [ "${1:-}" = --help ]; then sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0; fi

JH=$(find_java)
cache=${JUNCTION_BENCH_CACHE:-/var/tmp/junction-bench-fib}

bench_jar() {
  BENCH_JAR=""
  local j
  for j in "$JUNCTION_HOME"/benchmarks/target/junction-benchmarks-*.jar; do
    case "$j" in *-sources.jar|*-javadoc.jar) ;; *) [ -f "$j" ] && BENCH_JAR=$j ;; esac
  done
}
# Build the benchmarks module (and what it depends on) when its jar is missing or older than
# a source it is made of; ./junction bench has already built the rest if needed.
bench_jar
if [ -z "$BENCH_JAR" ] || [ ! -d "$JUNCTION_HOME/benchmarks/target/lib" ] || [ -n "$(find \
     "$JUNCTION_HOME/benchmarks/src" "$JUNCTION_HOME/routing/src/main" "$JUNCTION_HOME/dataplane/src/main" \
     "$JUNCTION_HOME/bindings/src/main" "$JUNCTION_HOME/pom.xml" "$JUNCTION_HOME/benchmarks/pom.xml" \
     -newer "${BENCH_JAR:-/nonexistent}" -print -quit 2>/dev/null || echo missing)" ]; then
  note "building the benchmarks module (mvn -pl benchmarks -am package, tests skipped)"
  ( cd "$JUNCTION_HOME" && run_mvn -q -B -Dstyle.color=never -pl benchmarks -am -DskipTests package ) >&2 \
    || fail "build failed"
  bench_jar
  [ -n "$BENCH_JAR" ] || fail "the build made no benchmarks jar"
fi

# One JMH run at a time: two would share the 2 CPUs and skew each other.
exec 9>/tmp/jn-bench-jmh.lock
flock -n 9 || fail "another bench jmh is running (lock /tmp/jn-bench-jmh.lock)"

note "$(git -C "$JUNCTION_HOME" rev-parse --short HEAD 2>/dev/null || echo '?') $(git -C "$JUNCTION_HOME" status --porcelain 2>/dev/null | grep -q . && echo '(modified)'), $("$JH/bin/java" -version 2>&1 | head -1), $(nproc) CPUs, tables cached in $cache"
# The forks inherit this JVM's options (JMH's default): the project's flags (JUNCTION_JVM_FLAGS, from
# jvm.properties); JMH itself calls sun.misc.Unsafe, which JDK 25 warns about unless allowed.
exec "$JH/bin/java" "${JUNCTION_JVM_FLAGS[@]}" --sun-misc-unsafe-memory-access=allow -Djunction.home="$JUNCTION_HOME" -Djunction.bench.cache="$cache" \
  -cp "$BENCH_JAR:$JUNCTION_HOME/benchmarks/target/lib/*" org.openjdk.jmh.Main "$@"
