/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 *
 * fib-anchor: DPDK's side of `./junction bench fib`, measured exactly as FibBench measures
 * Junction's side (net.junction.benchmarks.fib.FibBench). Built by bench-fib.sh at run time
 * with `pkg-config --cflags --libs libdpdk` into its temp folder.
 *
 *   fib-anchor [EAL options] -- -4|-6 -f ROUTES -t ADDRESSES -g TBL8 [-o NEXTHOPS.bin]
 *              [-w WARMUP_S] [-s SAMPLES] [-p SAMPLE_S] [-T LOAD_TIMEOUT_S]
 *
 * The FIB is configured as DPDK 22.11's app/test-fib configures it (run_v4/run_v6 there):
 * rte_fib DIR24_8 (IPv4) or rte_fib6 TRIE (IPv6), default_nh 0, max_routes = 2 x routes,
 * rib_ext_sz 0, 4-byte next hops (nh_sz = ctz(4)), num_tbl8 = min(-g, 2^21 - 1), the library's
 * default lookup function. The files are read as test-fib reads them (fgets, strtok,
 * inet_pton): an IPv4 route's address is converted to host order, an IPv4 lookup address is
 * NOT (test-fib 22.11 hands inet_pton's network-order word to rte_fib_lookup_bulk as is; see
 * "Byte order" in gen-inputs.py, which writes lookup4.txt for that). Routes and addresses sit
 * in rte_malloc memory, as in test-fib.
 *
 * Then, on the EAL main lcore (pinned by -l):
 *  1. load: every route with rte_fib_add / rte_fib6_add in file order, one wall-clock interval
 *     (CLOCK_MONOTONIC, as Java's System.nanoTime);
 *  2. memory: bytes allocated from DPDK's malloc heaps (rte_malloc_get_socket_stats,
 *     heap_allocsz_bytes summed over sockets) after the load minus before rte_fib_create: the
 *     lookup tables (tbl24, the preallocated tbl8 pool) and the RIB with its node pool;
 *  3. one cold pass as dpdk-test-fib times it (bursts of 64, rte_rdtsc_precise around each),
 *     printed for comparison with dpdk-test-fib's "AVG FIB lookup", never used in a ratio;
 *  4. the next hop of every address (single lookups), checked against the bulk lookups, and
 *     written to NEXTHOPS.bin (-o): one little-endian uint32 per address in file order, the
 *     raw rte_fib value (0 = default_nh = no route; the bench's next hops are 1..64);
 *  5. lookups, single and in bursts of 64, each with FibBench's method: warm-up passes until at
 *     least 3 passes and WARMUP_S seconds, one more pass to calibrate, then SAMPLES samples of k
 *     passes (k = ceil(SAMPLE_S / pass time)), median in millions of lookups per second. A pass
 *     sums every next hop into a sink. "Single" is rte_fib_lookup_bulk(fib, &ip, &nh, 1) per
 *     address: rte_fib has no other single-address lookup.
 *
 * Output: human lines, then `anchor result key=value...` (status=ok) read by bench-fib.sh; on
 * any failure a line `anchor result family=vN status=FAILED reason=...` and a non-zero exit.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_fib.h>
#include <rte_fib6.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_version.h>

#define BURST 64
#define MAX_TBL8 ((1U << 21) - 1)       /* test-fib's get_max_nh(4-byte entries) */

static volatile uint64_t sink;
static int family = 4;
static const char *family_name = "v4";

static struct {
	const char *routes_file;
	const char *lookups_file;
	const char *out_file;
	uint32_t tbl8;
	double warmup_s;
	int samples;
	double sample_s;
	double load_timeout_s;
} opt = { NULL, NULL, NULL, 100000, 2.0, 7, 0.25, 600.0 };

static void
failed(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void
failed(const char *fmt, ...)
{
	char why[512];
	va_list ap;
	char *c;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	printf("%s: FAILED: %s\n", family_name, why);
	for (c = why; *c != '\0'; c++)
		if (*c == ' ')
			*c = '_';
	printf("anchor result family=%s status=FAILED reason=%s\n", family_name, why);
	fflush(stdout);
	exit(3);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t
malloc_heap_bytes(void)
{
	struct rte_malloc_socket_stats st;
	size_t total = 0;
	unsigned int i;

	for (i = 0; i < rte_socket_count(); i++)
		if (rte_malloc_get_socket_stats(rte_socket_id_by_idx(i), &st) == 0)
			total += st.heap_allocsz_bytes;
	return total;
}

/* One field of /proc/self/smaps_rollup in kB (-1 if absent). */
static long
rollup_kb(const char *field)
{
	char buf[256];
	size_t n = strlen(field);
	long kb = -1;
	FILE *f = fopen("/proc/self/smaps_rollup", "r");

	if (f == NULL)
		return -1;
	while (fgets(buf, sizeof(buf), f) != NULL)
		if (strncmp(buf, field, n) == 0 && buf[n] == ':')
			kb = strtol(buf + n + 1, NULL, 10);
	fclose(f);
	return kb;
}

static uint32_t
count_lines(FILE *f)
{
	static char line[LINE_MAX];
	uint32_t n = 0;

	while (fgets(line, sizeof(line), f) != NULL)
		n++;
	rewind(f);
	return n;
}

/* ------------------------------------------------------------------ files, as test-fib */

struct route4 { uint32_t addr; uint8_t depth; uint64_t nh; };
struct route6 { uint8_t addr[16]; uint8_t depth; uint64_t nh; };

static int
parse_prefix(int af, char *prefix, void *addr)
{
	char *sp, *s, *end;
	unsigned long depth;

	s = strtok_r(prefix, "/", &sp);
	if (s == NULL || inet_pton(af, s, addr) != 1)
		return -1;
	s = strtok_r(NULL, "/", &sp);
	if (s == NULL)
		return -1;
	errno = 0;
	depth = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || depth > (af == AF_INET ? 32UL : 128UL))
		return -1;
	return (int)depth;
}

static void *
read_routes(const char *file, uint32_t *count)
{
	static char line[LINE_MAX];
	size_t sz = family == 4 ? sizeof(struct route4) : sizeof(struct route6);
	FILE *f = fopen(file, "r");
	uint8_t *rt;
	uint32_t n, i = 0;

	if (f == NULL)
		failed("cannot open %s: %s", file, strerror(errno));
	n = count_lines(f);
	rt = rte_malloc(NULL, sz * (n ? n : 1), 0);
	if (rt == NULL)
		failed("rte_malloc of the route array (%u routes) failed", n);
	while (fgets(line, sizeof(line), f) != NULL && i < n) {
		char *sp, *pfx = strtok_r(line, " \t\n", &sp);
		char *nh = strtok_r(NULL, " \t\n", &sp);
		char *end;
		int depth;
		uint64_t v;

		if (pfx == NULL || nh == NULL)
			failed("%s:%u: not 'prefix/len nexthop'", file, i + 1);
		errno = 0;
		v = strtoull(nh, &end, 10);
		if (errno != 0 || *end != '\0' || v > UINT32_MAX)
			failed("%s:%u: bad next hop", file, i + 1);
		if (family == 4) {
			struct route4 *r = (struct route4 *)rt + i;

			depth = parse_prefix(AF_INET, pfx, &r->addr);
			r->addr = rte_be_to_cpu_32(r->addr);
			r->depth = depth;
			r->nh = v;
		} else {
			struct route6 *r = (struct route6 *)rt + i;

			depth = parse_prefix(AF_INET6, pfx, r->addr);
			r->depth = depth;
			r->nh = v;
		}
		if (depth < 0)
			failed("%s:%u: bad prefix", file, i + 1);
		if (v == 0)
			failed("%s:%u: next hop 0 is rte_fib's default_nh (no route) here", file, i + 1);
		i++;
	}
	fclose(f);
	*count = i;
	return rt;
}

static uint8_t *
read_lookups(const char *file, uint32_t *count)
{
	static char line[LINE_MAX];
	int step = family == 4 ? 4 : 16;
	FILE *f = fopen(file, "r");
	uint8_t *tbl;
	uint32_t n, i = 0;

	if (f == NULL)
		failed("cannot open %s: %s", file, strerror(errno));
	n = count_lines(f);
	if (n == 0 || n % BURST != 0)
		failed("%s: %u addresses, not a positive multiple of %d", file, n, BURST);
	tbl = rte_malloc(NULL, (size_t)step * n, 0);
	if (tbl == NULL)
		failed("rte_malloc of the address array (%u addresses) failed", n);
	while (fgets(line, sizeof(line), f) != NULL && i < n) {
		char *s = strtok(line, " \t\n");

		/* IPv4: inet_pton's network-order bytes, used as a host-order word (test-fib 22.11) */
		if (s == NULL || inet_pton(family == 4 ? AF_INET : AF_INET6, s, tbl + (size_t)i * step) != 1)
			failed("%s:%u: bad address", file, i + 1);
		i++;
	}
	fclose(f);
	*count = i;
	return tbl;
}

/* ------------------------------------------------------------------ passes */

struct fib_ops {
	struct rte_fib *fib4;
	struct rte_fib6 *fib6;
	uint8_t *addrs;          /* uint32_t words (v4) or 16-byte addresses (v6) */
	uint32_t n;
};

static inline void
lookup_bulk(const struct fib_ops *o, uint32_t i, uint64_t *nh, int count)
{
	if (family == 4)
		rte_fib_lookup_bulk(o->fib4, (uint32_t *)o->addrs + i, nh, count);
	else
		rte_fib6_lookup_bulk(o->fib6, (uint8_t (*)[16])(o->addrs + (size_t)i * 16), nh, count);
}

/*
 * The family's FIB as app/test-fib 22.11 configures it (run_v4/run_v6): DIR24_8 for IPv4, TRIE
 * for IPv6, default_nh 0, max_routes = 2 x routes, rib_ext_sz 0, 4-byte next hops, num_tbl8 =
 * min(-g, 2^21 - 1). Every other step of the bench is the same code for both families.
 */
static void
fib_create(struct fib_ops *o, uint32_t nroutes)
{
	const uint32_t num_tbl8 = RTE_MIN(opt.tbl8, MAX_TBL8);
	const int max_routes = (int)(nroutes * 2);

	if (family == 4) {
		struct rte_fib_conf conf = { .type = RTE_FIB_DIR24_8, .default_nh = 0, .max_routes = max_routes,
			.dir24_8 = { .nh_sz = __builtin_ctz(4), .num_tbl8 = num_tbl8 } };

		o->fib4 = rte_fib_create("jn_anchor4", -1, &conf);
	} else {
		struct rte_fib6_conf conf = { .type = RTE_FIB6_TRIE, .default_nh = 0, .max_routes = max_routes,
			.trie = { .nh_sz = __builtin_ctz(4), .num_tbl8 = num_tbl8 } };

		o->fib6 = rte_fib6_create("jn_anchor6", -1, &conf);
	}
	if (o->fib4 == NULL && o->fib6 == NULL)
		failed("rte_fib%s_create failed: %s (num_tbl8 %u, max_routes %d)", family == 4 ? "" : "6",
			rte_strerror(rte_errno), num_tbl8, max_routes);
}

/* Adds route i of the array read_routes returned; 0 or rte_fib's negative errno. */
static int
fib_add(const struct fib_ops *o, const void *routes, uint32_t i)
{
	if (family == 4) {
		const struct route4 *r = (const struct route4 *)routes + i;

		return rte_fib_add(o->fib4, r->addr, r->depth, r->nh);
	}
	const struct route6 *r6 = (const struct route6 *)routes + i;

	return rte_fib6_add(o->fib6, r6->addr, r6->depth, r6->nh);
}

static void
fib_free(struct fib_ops *o)
{
	if (family == 4)
		rte_fib_free(o->fib4);
	else
		rte_fib6_free(o->fib6);
}

/* One address per call, as FibBench's tight loop over Fib.lookup. */
static uint64_t
pass_single(const struct fib_ops *o)
{
	uint64_t sum = 0, nh;
	uint32_t i;

	for (i = 0; i < o->n; i++) {
		lookup_bulk(o, i, &nh, 1);
		sum += nh;
	}
	return sum;
}

/* Bursts of 64, as FibBench's lookupBurst pass (and dpdk-test-fib's burst size). */
static uint64_t
pass_burst(const struct fib_ops *o)
{
	uint64_t sum = 0, nh[BURST];
	uint32_t i;
	int j;

	for (i = 0; i + BURST <= o->n; i += BURST) {
		lookup_bulk(o, i, nh, BURST);
		for (j = 0; j < BURST; j++)
			sum += nh[j];
	}
	return sum;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* FibBench.Timing.measure, line for line: the median Mlps of the samples. */
static double
measure(const char *what, const struct fib_ops *o, uint64_t (*pass)(const struct fib_ops *))
{
	double warm_start = now_s(), t, pass_s, median, mlps[64], sorted[64];
	int passes = 0, s;
	long k, i;

	while (passes < 3 || now_s() - warm_start < opt.warmup_s) {
		sink += pass(o);
		passes++;
	}
	t = now_s();
	sink += pass(o);
	pass_s = now_s() - t;
	k = (long)ceil(opt.sample_s / pass_s);
	if (k < 1)
		k = 1;
	for (s = 0; s < opt.samples; s++) {
		t = now_s();
		for (i = 0; i < k; i++)
			sink += pass(o);
		mlps[s] = (double)k * o->n / ((now_s() - t) * 1e6);
	}
	memcpy(sorted, mlps, sizeof(double) * opt.samples);
	qsort(sorted, opt.samples, sizeof(double), cmp_double);
	median = opt.samples % 2 ? sorted[opt.samples / 2] :
		(sorted[opt.samples / 2 - 1] + sorted[opt.samples / 2]) / 2;
	printf("%s: median %.2f Mlps (%.1f ns/lookup); %d samples of %ld passes over %u addresses "
		"after %d warm-up passes:", what, median, 1e3 / median, opt.samples, k, o->n, passes);
	for (s = 0; s < opt.samples; s++)
		printf(" %.2f", mlps[s]);
	printf("\n");
	fflush(stdout);
	return median;
}

/* ------------------------------------------------------------------ main */

static void
usage(const char *prg)
{
	fprintf(stderr, "usage: %s [EAL options] -- -4|-6 -f ROUTES -t ADDRESSES -g TBL8 [-o NEXTHOPS.bin]\n"
		"       [-w WARMUP_S] [-s SAMPLES] [-p SAMPLE_S] [-T LOAD_TIMEOUT_S]\n", prg);
	exit(2);
}

static void
parse_args(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "46f:t:g:o:w:s:p:T:")) != -1) {
		switch (c) {
		case '4': family = 4; family_name = "v4"; break;
		case '6': family = 6; family_name = "v6"; break;
		case 'f': opt.routes_file = optarg; break;
		case 't': opt.lookups_file = optarg; break;
		case 'o': opt.out_file = optarg; break;
		case 'g': opt.tbl8 = strtoul(optarg, NULL, 10); break;
		case 'w': opt.warmup_s = atof(optarg); break;
		case 's': opt.samples = atoi(optarg); break;
		case 'p': opt.sample_s = atof(optarg); break;
		case 'T': opt.load_timeout_s = atof(optarg); break;
		default: usage(argv[0]);
		}
	}
	if (opt.routes_file == NULL || opt.lookups_file == NULL || opt.tbl8 == 0 ||
			opt.samples < 1 || opt.samples > 64 || opt.sample_s <= 0 || opt.warmup_s < 0)
		usage(argv[0]);
}

int
main(int argc, char **argv)
{
	struct fib_ops o = { NULL, NULL, NULL, 0 };
	uint32_t nroutes, i, misses = 0, *ref;
	uint64_t nh[BURST], cycles = 0, start;
	size_t before, after;
	double t0, load_s, deadline, single, burst, cold_mlps, tsc_hz;
	void *rt;
	int ret, j;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		/* the family is not known yet: the script names it */
		printf("anchor result family=? status=FAILED reason=rte_eal_init_failed:_%s\n", rte_strerror(rte_errno));
		return 3;
	}
	parse_args(argc - ret, argv + ret);
	printf("anchor: %s, rte_fib%s %s, lcore %u, EAL memory on %s\n", rte_version(), family == 4 ? "" : "6",
		family == 4 ? "DIR24_8" : "TRIE", rte_lcore_id(), rte_eal_has_hugepages() ? "huge pages" : "4 KiB pages (--no-huge)");

	rt = read_routes(opt.routes_file, &nroutes);
	o.addrs = read_lookups(opt.lookups_file, &o.n);
	printf("anchor: read %u routes, %u addresses (not measured)\n", nroutes, o.n);

	/* ---- create and load, as test-fib's run_v4/run_v6 configure it */
	before = malloc_heap_bytes();
	fib_create(&o, nroutes);
	t0 = now_s();
	deadline = t0 + opt.load_timeout_s;
	for (i = 0; i < nroutes; i++) {
		ret = fib_add(&o, rt, i);
		if (ret != 0)
			failed("route %u of %u not added: err %d (%s)", i + 1, nroutes, ret, rte_strerror(-ret));
		if ((i & 1023) == 0 && now_s() > deadline)
			failed("load not done after %.0f s (%u of %u routes)", opt.load_timeout_s, i + 1, nroutes);
	}
	load_s = now_s() - t0;
	after = malloc_heap_bytes();
	printf("%s load: %u routes in %.2f s = %.0f routes/s; memory %.1f MiB = %.1f B/route (DPDK malloc heap "
		"bytes allocated by the FIB: tables, tbl8 pool, RIB and its node pool)\n", family_name, nroutes, load_s,
		nroutes / load_s, (after - before) / 1048576.0, (double)(after - before) / nroutes);

	/* ---- one cold pass the way dpdk-test-fib times it (a cross-check figure, not a result) */
	tsc_hz = (double)rte_get_tsc_hz();
	for (i = 0; i < o.n; i += BURST) {
		start = rte_rdtsc_precise();
		lookup_bulk(&o, i, nh, BURST);
		cycles += rte_rdtsc_precise() - start;
	}
	cold_mlps = tsc_hz / ((double)cycles / o.n) / 1e6;
	printf("%s cold pass (dpdk-test-fib's method: first pass, bursts of 64, fenced TSC reads): %.1f cycles/lookup "
		"= %.2f Mlps at %.0f MHz TSC\n", family_name, (double)cycles / o.n, cold_mlps, tsc_hz / 1e6);

	/* ---- the next hop of every address: single lookups, checked against bursts, written out */
	ref = malloc(sizeof(uint32_t) * o.n);
	if (ref == NULL)
		failed("malloc of %u next hops failed", o.n);
	for (i = 0; i < o.n; i++) {
		lookup_bulk(&o, i, nh, 1);
		if (nh[0] > UINT32_MAX)
			failed("next hop %" PRIu64 " of address %u does not fit 32 bits", nh[0], i);
		ref[i] = (uint32_t)nh[0];
		misses += ref[i] == 0;
	}
	for (i = 0; i < o.n; i += BURST) {
		lookup_bulk(&o, i, nh, BURST);
		for (j = 0; j < BURST; j++)
			if (nh[j] != ref[i + j])
				failed("rte_fib bulk and single lookups disagree on address %u: %" PRIu64 " vs %u",
					i + j, nh[j], ref[i + j]);
	}
	printf("%s lookup: %.1f%% of the %u addresses match a route\n", family_name, 100.0 * (o.n - misses) / o.n, o.n);
	if (opt.out_file != NULL) {
		FILE *f = fopen(opt.out_file, "wb");

		if (f == NULL || fwrite(ref, sizeof(uint32_t), o.n, f) != o.n || fclose(f) != 0)
			failed("cannot write %s", opt.out_file);
	}
	free(ref);

	/* ---- the measured lookups, FibBench's method */
	single = measure(family == 4 ? "v4 lookup, single (rte_fib_lookup_bulk n=1)" :
		"v6 lookup, single (rte_fib6_lookup_bulk n=1)", &o, pass_single);
	burst = measure(family == 4 ? "v4 lookup, bursts of 64" : "v6 lookup, bursts of 64", &o, pass_burst);

	printf("anchor result family=%s status=ok algo=%s routes=%u load_s=%.3f mlps=%.2f burst_mlps=%.2f "
		"bytes=%zu cold_mlps=%.2f cold_cycles=%.1f tsc_mhz=%.0f hit_pct=%.1f anon_huge_kb=%ld hugetlb_kb=%ld\n",
		family_name, family == 4 ? "DIR24_8" : "TRIE", nroutes, load_s, single, burst, after - before,
		cold_mlps, (double)cycles / o.n, tsc_hz / 1e6, 100.0 * (o.n - misses) / o.n,
		rollup_kb("AnonHugePages"), rollup_kb("Private_Hugetlb") + (rollup_kb("Shared_Hugetlb") > 0 ?
		rollup_kb("Shared_Hugetlb") : 0));
	fflush(stdout);

	fib_free(&o);
	rte_free(rt);
	rte_free(o.addrs);
	rte_eal_cleanup();
	return 0;
}
