# Shared shell functions of the bench scripts (bench-forward.sh, bench-fib.sh, bench-bgp.sh).
# Source, don't run. Each function says what it needs; none exits the caller by itself except
# through the caller's own `fail` (a function the sourcing script defines).

# median: the median of the numbers on stdin (whitespace- or newline-separated); 0 for none.
median() {
  tr ' ' '\n' | { grep . || true; } | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR == 0) print "0"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# cpu_busy_pct: how busy the whole machine was over the next second, in percent of all CPUs
# (from /proc/stat; the load average would count our own preparation).
cpu_busy_pct() {
  local a b
  a=$(awk '/^cpu / { print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8+$9 }' /proc/stat); sleep 1
  b=$(awk '/^cpu / { print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8+$9 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); d = y[2] - x[2];
    if (d <= 0) print 0; else printf "%d\n", 100 * (y[1] - x[1]) / d }'
}

# wait_quiet SECONDS: wait up to SECONDS for the machine to be < 10% busy; prints nothing.
wait_quiet() {
  local limit=${1:-0} waited=0 b
  [ "$limit" -gt 0 ] || return 0
  while b=$(cpu_busy_pct) && [ "${b:-0}" -ge 10 ] && [ "$waited" -lt "$limit" ]; do waited=$((waited + 1)); done
}

# shared_data CORPUS: the folder of a shared-data corpus (real captures and MRT dumps that may not
# be committed), resolved as the Java tests' SharedData resolves it: JUNCTION_SHARED_DATA/CORPUS
# when that variable is set, else ../shared/data/CORPUS beside the checkout ($JUNCTION_HOME).
# Prints the path, normalized when it exists, whether or not it does: the caller says what is missing.
shared_data() {
  local dir=${JUNCTION_SHARED_DATA:-$JUNCTION_HOME/../shared/data}/${1:?shared_data CORPUS}
  if [ -d "$dir" ]; then (cd "$dir" && pwd); else echo "$dir"; fi
}

# ---------------------------------------------------------------- huge pages
# Every contender of a bench runs on the same kind of memory (docs/benchmarks.md). On these
# machines 2 MiB pages can be reserved at run time (FIELD-NOTES): hugepages_reserve makes at
# least MB of them free and a hugetlbfs mount present, and remembers what it changed;
# hugepages_release puts back exactly that (call it from the bench's EXIT trap). The bench's
# own DPDK file prefixes are passed so that their leftover page files (a killed DPDK process
# leaves /dev/hugepages/<prefix>map_*) are removed too.
HP_MOUNT=${HP_MOUNT:-/dev/hugepages}
HP_SIZE_KB=$(awk '/^Hugepagesize:/ { print $2 }' /proc/meminfo 2>/dev/null || echo 2048)
HP_ORIG=""          # nr_hugepages before the bench (empty: nothing changed)
HP_MOUNTED=0        # 1 when the bench mounted hugetlbfs itself

hugepages_free_mb() { awk -v kb="$HP_SIZE_KB" '/^HugePages_Free:/ { print int($2 * kb / 1024) }' /proc/meminfo; }

# hugepages_reserve MB: returns non-zero (after a message on stderr) when the pages cannot be had.
hugepages_reserve() {
  local mb=${1:?hugepages_reserve MB} need have total
  [ "$(id -u)" = 0 ] || { echo "bench: huge pages need root (or pass --no-huge for 4 KiB pages on every side)" >&2; return 1; }
  need=$(( (mb * 1024 + HP_SIZE_KB - 1) / HP_SIZE_KB ))
  have=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
  if [ "$have" -lt "$need" ]; then
    total=$(cat /proc/sys/vm/nr_hugepages)
    [ -n "$HP_ORIG" ] || HP_ORIG=$total
    echo $((total + need - have)) >/proc/sys/vm/nr_hugepages 2>/dev/null || true
    have=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
    if [ "$have" -lt "$need" ]; then
      # Fragmented memory: drop the page cache and compact, then ask once more.
      sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
      echo 1 >/proc/sys/vm/compact_memory 2>/dev/null || true
      echo $((total + need - have)) >/proc/sys/vm/nr_hugepages 2>/dev/null || true
      have=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
    fi
    if [ "$have" -lt "$need" ]; then
      echo "bench: could reserve only $((have * HP_SIZE_KB / 1024)) of $mb MB of huge pages (--no-huge runs every side on 4 KiB pages)" >&2
      return 1
    fi
  fi
  if ! awk -v m="$HP_MOUNT" '$2 == m && $3 == "hugetlbfs" { found = 1 } END { exit !found }' /proc/mounts; then
    mkdir -p "$HP_MOUNT"
    mount -t hugetlbfs nodev "$HP_MOUNT" || { echo "bench: cannot mount hugetlbfs on $HP_MOUNT" >&2; return 1; }
    HP_MOUNTED=1
  fi
  return 0
}

# hugepages_release [PREFIX...]: remove the prefixes' page files, give back what was reserved.
hugepages_release() {
  local p
  for p in "$@"; do rm -f "$HP_MOUNT/${p}map_"* 2>/dev/null || true; done
  if [ -n "$HP_ORIG" ]; then echo "$HP_ORIG" >/proc/sys/vm/nr_hugepages 2>/dev/null || true; HP_ORIG=""; fi
  if [ "$HP_MOUNTED" = 1 ]; then umount "$HP_MOUNT" 2>/dev/null || true; HP_MOUNTED=0; fi
}

# page_kind HUGE: the label printed with every result ("2MiB-hugepages" or "4KiB-pages").
page_kind() { if [ "${1:-1}" = 1 ]; then echo "$((HP_SIZE_KB / 1024))MiB-hugepages"; else echo "4KiB-pages"; fi; }
