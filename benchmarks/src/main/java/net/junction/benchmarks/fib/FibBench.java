/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.fib;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

import com.sun.management.HotSpotDiagnosticMXBean;

import net.junction.benchmarks.fib.Fibs.Fib4;
import net.junction.benchmarks.fib.Fibs.Fib6;
import net.junction.benchmarks.fib.RouteFiles.Addresses6;
import net.junction.benchmarks.fib.RouteFiles.Routes4;
import net.junction.benchmarks.fib.RouteFiles.Routes6;
import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;

/**
 * Junction's side of {@code ./junction bench fib}: loads the route files into Junction's FIBs
 * (see {@link Fibs}) and looks up the addresses, with the method {@code benchmarks/fib/fib-anchor.c}
 * applies to DPDK's rte_fib on the same files, line for line.
 *
 * <pre>
 * FibBench --dir DIR [--fib4 dir24|dxr|dxr16..dxr20|reference] [--fib6 mtrie|reference] [--warmup-seconds 2]
 *          [--samples 7] [--sample-seconds 0.25] [--load-timeout 600] [--only v4,v6] [--core C]
 *          [--expected4 FILE] [--expected6 FILE] [--reference-sample 65536]
 * </pre>
 *
 * DIR holds routes4.txt, routes6.txt, lookup4.txt, lookup6.txt (benchmarks/fib/gen-inputs.py).
 * Measures, single-threaded, on the thread that loaded the tables (pinned to CPU C with
 * {@code --core}, as EAL pins the anchor's main lcore):
 * <ul>
 *   <li>load: the routes put one by one in file order; routes/s per family;</li>
 *   <li>memory: heap (plus direct buffers) in use after a full GC, before and after each load,
 *   plus what the FIB maps off-heap itself ({@code nativeBytes()}, e.g. Ip4Dir24's 64 MiB
 *   first level): everything the FIB holds, lookup tables and the writer's rule maps; the FIB's
 *   own {@code footprintBytes()} is printed beside when it has one. Which of it is on transparent
 *   huge pages is read from {@code /proc/self/smaps} (Ip4Dir24's tbl24 mapping, the process);</li>
 *   <li>correctness, before any timing: every single and burst result against rte_fib's next hop
 *   for the same address ({@code --expected4/6}, written by the anchor), and after the timings a
 *   sample of {@code --reference-sample} addresses against Ip4ReferenceTrie / Ip6ReferenceTrie
 *   loaded with the same routes (see {@link LookupCheck}); any difference fails the family;</li>
 *   <li>lookups: a pass is one tight loop over the whole address array, every result summed
 *   into a sink; after a warm-up (at least 3 passes and {@code --warmup-seconds}), one pass to
 *   calibrate, then {@code --samples} timed samples of k passes each (k such that a sample lasts
 *   {@code --sample-seconds}), median reported. The same for the FIB's burst lookup (64
 *   addresses per call) when it has one.</li>
 * </ul>
 * A family whose load, lookups or check fails is reported FAILED (its figures are 0 and must not
 * be read); the exit status is then 3. Last stdout line: {@code fibbench result key=value...},
 * read by bench-fib.sh.
 */
public final class FibBench
{
    private static final int BURST = 64;
    /** Ip4Dir24's tbl24: 2^24 entries of 4 bytes. */
    private static final long TBL24_KB = 64 * 1024;
    private static volatile long sink;

    private FibBench()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        Locale.setDefault(Locale.ROOT);
        Path dir = null;
        String fib4Name = Fibs.DEFAULT4;
        String fib6Name = Fibs.DEFAULT6;
        double warmupSeconds = 2;
        int samples = 7;
        double sampleSeconds = 0.25;
        double loadTimeout = 600;
        String only = "v4,v6";
        int core = -1;
        Path expected4File = null;
        Path expected6File = null;
        int referenceSample = 65536;
        for (int i = 0; i < args.length; i++)
        {
            final String a = args[i];
            if (i + 1 >= args.length && !a.equals("-h") && !a.equals("--help"))
            {
                usage("option " + a + " needs a value");
            }
            switch (a)
            {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--fib4" -> fib4Name = args[++i];
                case "--fib6" -> fib6Name = args[++i];
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--sample-seconds" -> sampleSeconds = Double.parseDouble(args[++i]);
                case "--load-timeout" -> loadTimeout = Double.parseDouble(args[++i]);
                case "--only" -> only = args[++i];
                case "--core" -> core = Integer.parseInt(args[++i]);
                case "--expected4" -> expected4File = Path.of(args[++i]);
                case "--expected6" -> expected6File = Path.of(args[++i]);
                case "--reference-sample" -> referenceSample = Integer.parseInt(args[++i]);
                case "-h", "--help" -> usage(null);
                default -> usage("unknown option " + a);
            }
        }
        if (dir == null)
        {
            usage("--dir is required");
        }
        if (samples < 1)
        {
            usage("--samples must be at least 1");
        }
        final boolean doV4 = (',' + only + ',').contains(",v4,");
        final boolean doV6 = (',' + only + ',').contains(",v6,");

        final Runtime rt = Runtime.getRuntime();
        final int cpus = rt.availableProcessors();
        final Result r = new Result();
        if (core >= 0)
        {
            r.pinned = ProcessMemory.pinCurrentThread(core);
            if (!r.pinned)
            {
                r.fail("setup", "cannot pin the measuring thread to CPU " + core);
            }
        }
        System.out.printf("fibbench: java %s, %s, max heap %d MiB, %d CPUs, measuring thread %s, " +
                "JVM UseTransparentHugePages=%s, junction.lpm.hugePages=%s%n", Runtime.version(),
            ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList(),
            rt.maxMemory() >> 20, cpus, r.pinned ? "pinned to CPU " + core : "not pinned",
            vmOption("UseTransparentHugePages"), System.getProperty("junction.lpm.hugePages", "true (default)"));

        long t = System.nanoTime();
        final Routes4 routes4 = doV4 ? RouteFiles.readRoutes4(dir.resolve("routes4.txt")) : null;
        final int[] lookups4 = doV4 ? RouteFiles.readLookups4(dir.resolve("lookup4.txt")) : null;
        final Routes6 routes6 = doV6 ? RouteFiles.readRoutes6(dir.resolve("routes6.txt")) : null;
        final Addresses6 lookups6 = doV6 ? RouteFiles.readLookups6(dir.resolve("lookup6.txt")) : null;
        final int[] expected4 = doV4 && expected4File != null ? LookupCheck.readExpected(expected4File, lookups4.length) : null;
        final int[] expected6 = doV6 && expected6File != null ? LookupCheck.readExpected(expected6File, lookups6.size()) : null;
        System.out.printf("fibbench: read %s in %.1f s (not measured)%n", String.join(", ",
            doV4 ? routes4.size() + " IPv4 routes, " + lookups4.length + " IPv4 addresses" : "no IPv4",
            doV6 ? routes6.size() + " IPv6 routes, " + lookups6.size() + " IPv6 addresses" : "no IPv6",
            "rte_fib next hops " + (expected4 != null ? "v4 " : "") + (expected6 != null ? "v6" : "") +
                (expected4 == null && expected6 == null ? "none (not compared with rte_fib)" : "")),
            (System.nanoTime() - t) / 1e9);

        // ---------------------------------------------------------------- loads and memory
        long before = usedAfterGc();
        Fib4 fib4 = null;
        if (doV4)
        {
            final Map<Long, ProcessMemory.Vma> mapsBefore = ProcessMemory.mappings();
            final Fib4 f = Fibs.newFib4(fib4Name);
            r.fib4 = f.implementation().getName();
            try
            {
                final long deadline = System.nanoTime() + (long)(loadTimeout * 1e9);
                t = System.nanoTime();
                final int[] a = routes4.addresses();
                final int[] l = routes4.lengths();
                final int[] v = routes4.values();
                for (int i = 0; i < a.length; i++)
                {
                    f.put(a[i], l[i], v[i]);
                    if ((i & 1023) == 0 && System.nanoTime() > deadline)
                    {
                        throw new LoadTimeout(i + 1);
                    }
                }
                r.load4Seconds = (System.nanoTime() - t) / 1e9;
                r.routes4 = a.length;
                final long after = usedAfterGc();
                final long nativeBytes = f.nativeBytes();
                r.bytes4 = after - before + nativeBytes;
                before = after;
                r.footprint4 = f.footprintBytes();
                fib4 = f;
                System.out.printf("v4 load: %d routes in %.2f s = %.0f routes/s; memory %.1f MiB = %.1f B/route " +
                    "(heap+direct in use after full GC, delta%s)%s%n", r.routes4, r.load4Seconds,
                    r.routes4 / r.load4Seconds, r.bytes4 / 1048576.0, (double)r.bytes4 / r.routes4,
                    nativeBytes == 0 ? "" : String.format(", plus %.1f MiB mapped off-heap", nativeBytes / 1048576.0),
                    r.footprint4 < 0 ? "" : String.format("; %s.footprintBytes() %.1f MiB = %.1f B/route",
                        f.implementation().getSimpleName(), r.footprint4 / 1048576.0, (double)r.footprint4 / r.routes4));
                // The first level: a read-write mapping of 64 to 68 MiB made by the constructor
                // (Ip4Dir24's tbl24: 64 MiB, mapped with 2 MiB of slack for alignment; with the
                // advice, the 2 MiB-aligned 64 MiB is a mapping of its own). Not the heap's.
                final List<ProcessMemory.Vma> tbl24 = ProcessMemory.newMappings(mapsBefore, ProcessMemory.mappings(), TBL24_KB)
                    .stream().filter(m -> m.sizeKb() <= TBL24_KB + 4096 && m.flags().contains("rd") && m.flags().contains("wr"))
                    .toList();
                r.tbl24Kb = tbl24.stream().mapToLong(ProcessMemory.Vma::sizeKb).sum();
                r.tbl24HugeKb = tbl24.stream().mapToLong(ProcessMemory.Vma::anonHugeKb).sum();
                System.out.printf("v4 pages: huge-page advice %s; first-level mapping(s) %d kB, of which on " +
                    "transparent huge pages (AnonHugePages) %d kB%n", f.hugePageAdvice() ? "accepted" : "not asked or refused",
                    r.tbl24Kb, r.tbl24HugeKb);
            }
            catch (final LoadTimeout ex)
            {
                r.fail("v4", "load not done after " + loadTimeout + " s (" + ex.routes + " of " + routes4.size() + " routes)");
            }
            catch (final OutOfMemoryError ex)
            {
                r.fail("v4", "OutOfMemoryError while loading (max heap " + (rt.maxMemory() >> 20) + " MiB)");
            }
            catch (final RuntimeException ex)
            {
                r.fail("v4", "load: " + ex);
            }
        }
        Fib6 fib6 = null;
        if (doV6)
        {
            before = usedAfterGc();
            final Fib6 f = Fibs.newFib6(fib6Name);
            r.fib6 = f.implementation().getName();
            try
            {
                final long deadline = System.nanoTime() + (long)(loadTimeout * 1e9);
                t = System.nanoTime();
                final long[] h = routes6.highs();
                final long[] lo = routes6.lows();
                final int[] l = routes6.lengths();
                final int[] v = routes6.values();
                for (int i = 0; i < h.length; i++)
                {
                    f.put(h[i], lo[i], l[i], v[i]);
                    if ((i & 1023) == 0 && System.nanoTime() > deadline)
                    {
                        throw new LoadTimeout(i + 1);
                    }
                }
                r.load6Seconds = (System.nanoTime() - t) / 1e9;
                r.routes6 = h.length;
                final long nativeBytes = f.nativeBytes();
                r.bytes6 = usedAfterGc() - before + nativeBytes;
                r.footprint6 = f.footprintBytes();
                fib6 = f;
                System.out.printf("v6 load: %d routes in %.2f s = %.0f routes/s; memory %.1f MiB = %.1f B/route " +
                    "(heap+direct in use after full GC, delta%s)%s%n", r.routes6, r.load6Seconds,
                    r.routes6 / r.load6Seconds, r.bytes6 / 1048576.0, (double)r.bytes6 / r.routes6,
                    nativeBytes == 0 ? "" : String.format(", plus %.1f MiB mapped off-heap", nativeBytes / 1048576.0),
                    r.footprint6 < 0 ? "" : String.format("; %s.footprintBytes() %.1f MiB = %.1f B/route",
                        f.implementation().getSimpleName(), r.footprint6 / 1048576.0, (double)r.footprint6 / r.routes6));
            }
            catch (final LoadTimeout ex)
            {
                r.fail("v6", "load not done after " + loadTimeout + " s (" + ex.routes + " of " + routes6.size() + " routes)");
            }
            catch (final OutOfMemoryError ex)
            {
                r.fail("v6", "OutOfMemoryError while loading (max heap " + (rt.maxMemory() >> 20) + " MiB)");
            }
            catch (final RuntimeException ex)
            {
                r.fail("v6", "load: " + ex);
            }
        }
        r.anonHugeKb = ProcessMemory.rollupKb("AnonHugePages");
        System.out.printf("pages: the process has %d kB on transparent huge pages after the loads (AnonHugePages)%n",
            r.anonHugeKb);

        // ---------------------------------------------------------------- checks, then lookups
        final Timing timing = new Timing(warmupSeconds, samples, sampleSeconds);
        int[] results4 = null;
        if (fib4 != null)
        {
            final Fib4 f = fib4;
            final int[] a = lookups4;
            final IntFunction<String> address = i -> Ip4.format(a[i]);
            try
            {
                final int[] single = new int[a.length];
                int hits = 0;
                for (int i = 0; i < a.length; i++)
                {
                    single[i] = f.lookup(a[i]);
                    hits += single[i] != Fibs.NO_ROUTE ? 1 : 0;
                }
                System.out.printf("v4 lookup: %.1f%% of the %d addresses match a route%n", 100.0 * hits / a.length, a.length);
                final int[][] chunks = chunks(a);
                final int[] out = new int[BURST];
                int[] burst = null;
                if (f.lookupBurst(chunks[0], out, BURST))
                {
                    burst = new int[chunks.length * BURST];
                    for (int c = 0; c < chunks.length; c++)
                    {
                        f.lookupBurst(chunks[c], out, BURST);
                        System.arraycopy(out, 0, burst, c * BURST, BURST);
                    }
                }
                final int bad = check("v4", expected4, single, burst, address, r);
                results4 = single;
                if (bad == 0)
                {
                    r.v4Mlps = timing.measure("v4 lookup, tight loop", a.length, () -> pass4(f, a));
                    if (burst != null)
                    {
                        r.v4BurstMlps = timing.measure("v4 lookup, bursts of " + BURST, a.length, () -> passBurst4(f, chunks, out));
                    }
                }
            }
            catch (final OutOfMemoryError | RuntimeException ex)
            {
                r.fail("v4", "lookups: " + ex);
            }
        }
        int[] results6 = null;
        if (fib6 != null)
        {
            final Fib6 f = fib6;
            final long[] h = lookups6.highs();
            final long[] lo = lookups6.lows();
            final IntFunction<String> address = i -> Ip6Address.format(h[i], lo[i]);
            try
            {
                final int[] single = new int[h.length];
                int hits = 0;
                for (int i = 0; i < h.length; i++)
                {
                    single[i] = f.lookup(h[i], lo[i]);
                    hits += single[i] != Fibs.NO_ROUTE ? 1 : 0;
                }
                System.out.printf("v6 lookup: %.1f%% of the %d addresses match a route%n", 100.0 * hits / h.length, h.length);
                final long[][] ch = chunks(h);
                final long[][] cl = chunks(lo);
                final int[] out = new int[BURST];
                int[] burst = null;
                if (f.lookupBurst(ch[0], cl[0], out, BURST))
                {
                    burst = new int[ch.length * BURST];
                    for (int c = 0; c < ch.length; c++)
                    {
                        f.lookupBurst(ch[c], cl[c], out, BURST);
                        System.arraycopy(out, 0, burst, c * BURST, BURST);
                    }
                }
                final int bad = check("v6", expected6, single, burst, address, r);
                results6 = single;
                if (bad == 0)
                {
                    r.v6Mlps = timing.measure("v6 lookup, tight loop", h.length, () -> pass6(f, h, lo));
                    if (burst != null)
                    {
                        r.v6BurstMlps = timing.measure("v6 lookup, bursts of " + BURST, h.length, () -> passBurst6(f, ch, cl, out));
                    }
                }
            }
            catch (final OutOfMemoryError | RuntimeException ex)
            {
                r.fail("v6", "lookups: " + ex);
            }
        }

        // ---------------------------------------------------------------- a sample against the reference tries
        // After the timings: the tries are large and slow to build, and must not be in the heap
        // while the FIB's memory is measured.
        fib4 = null;
        fib6 = null;
        if (results4 != null)
        {
            try
            {
                final Fib4 reference = Fibs.newFib4("reference");
                final int[] a = routes4.addresses();
                final int[] l = routes4.lengths();
                final int[] v = routes4.values();
                for (int i = 0; i < a.length; i++)
                {
                    reference.put(a[i], l[i], v[i]);
                }
                final int[] idx = LookupCheck.sample(lookups4.length, referenceSample);
                final int[] want = new int[idx.length];
                final int[] got = new int[idx.length];
                for (int s = 0; s < idx.length; s++)
                {
                    want[s] = reference.lookup(lookups4[idx[s]]);
                    got[s] = results4[idx[s]];
                }
                r.refSample4 = idx.length;
                final int bad = LookupCheck.compare("v4 check: a sample of single lookups vs " +
                    reference.implementation().getSimpleName(), want, got, s -> Ip4.format(lookups4[idx[s]]), System.out);
                if (bad > 0)
                {
                    r.fail("v4", bad + " of " + idx.length + " sampled lookups differ from the reference trie");
                }
            }
            catch (final OutOfMemoryError | RuntimeException ex)
            {
                r.fail("v4", "reference check: " + ex);
            }
        }
        if (results6 != null)
        {
            try
            {
                final Fib6 reference = Fibs.newFib6("reference");
                final long[] h = routes6.highs();
                final long[] lo = routes6.lows();
                final int[] l = routes6.lengths();
                final int[] v = routes6.values();
                for (int i = 0; i < h.length; i++)
                {
                    reference.put(h[i], lo[i], l[i], v[i]);
                }
                final long[] lh = lookups6.highs();
                final long[] ll = lookups6.lows();
                final int[] idx = LookupCheck.sample(lh.length, referenceSample);
                final int[] want = new int[idx.length];
                final int[] got = new int[idx.length];
                for (int s = 0; s < idx.length; s++)
                {
                    want[s] = reference.lookup(lh[idx[s]], ll[idx[s]]);
                    got[s] = results6[idx[s]];
                }
                r.refSample6 = idx.length;
                final int bad = LookupCheck.compare("v6 check: a sample of single lookups vs " +
                    reference.implementation().getSimpleName(), want, got, s -> Ip6Address.format(lh[idx[s]], ll[idx[s]]),
                    System.out);
                if (bad > 0)
                {
                    r.fail("v6", bad + " of " + idx.length + " sampled lookups differ from the reference trie");
                }
            }
            catch (final OutOfMemoryError | RuntimeException ex)
            {
                r.fail("v6", "reference check: " + ex);
            }
        }
        System.out.println(r.line());
        System.out.flush();
        if (!r.failed.isEmpty())
        {
            System.exit(3);
        }
    }

    /**
     * Single and burst results against rte_fib's next hops (every address), or, without them,
     * bursts against single lookups. Fails the family on any difference.
     *
     * @return the number of differences.
     */
    private static int check(final String family, final int[] expected, final int[] single, final int[] burst,
        final IntFunction<String> address, final Result r)
    {
        int bad = 0;
        if (expected != null)
        {
            bad += LookupCheck.compare(family + " check: single lookups vs rte_fib", expected, single, address, System.out);
            if (burst != null)
            {
                bad += LookupCheck.compare(family + " check: bursts of " + BURST + " vs rte_fib",
                    Arrays.copyOf(expected, burst.length), burst, address, System.out);
            }
            r.checked(family, single.length);
        }
        else
        {
            System.out.printf("%s check: not compared with rte_fib (no next hops from the anchor)%n", family);
            if (burst != null)
            {
                bad += LookupCheck.compare(family + " check: bursts of " + BURST + " vs single lookups",
                    Arrays.copyOf(single, burst.length), burst, address, System.out);
            }
        }
        if (bad > 0)
        {
            r.fail(family, "wrong lookups: " + bad + " results differ (see the MISMATCH lines)");
        }
        return bad;
    }

    // -------------------------------------------------------------------- passes (hot loops)

    private static long pass4(final Fib4 fib, final int[] addresses)
    {
        long sum = 0;
        for (int i = 0; i < addresses.length; i++)
        {
            sum += fib.lookup(addresses[i]);
        }
        return sum;
    }

    private static long pass6(final Fib6 fib, final long[] highs, final long[] lows)
    {
        long sum = 0;
        for (int i = 0; i < highs.length; i++)
        {
            sum += fib.lookup(highs[i], lows[i]);
        }
        return sum;
    }

    private static long passBurst4(final Fib4 fib, final int[][] chunks, final int[] out)
    {
        long sum = 0;
        for (final int[] chunk : chunks)
        {
            fib.lookupBurst(chunk, out, BURST);
            for (int j = 0; j < BURST; j++)
            {
                sum += out[j];
            }
        }
        return sum;
    }

    private static long passBurst6(final Fib6 fib, final long[][] highs, final long[][] lows, final int[] out)
    {
        long sum = 0;
        for (int c = 0; c < highs.length; c++)
        {
            fib.lookupBurst(highs[c], lows[c], out, BURST);
            for (int j = 0; j < BURST; j++)
            {
                sum += out[j];
            }
        }
        return sum;
    }

    /** The addresses in bursts of 64 (the files hold a multiple of 64; a tail is left out). */
    private static int[][] chunks(final int[] a)
    {
        final int[][] out = new int[a.length / BURST][];
        for (int c = 0; c < out.length; c++)
        {
            out[c] = Arrays.copyOfRange(a, c * BURST, (c + 1) * BURST);
        }
        return out;
    }

    private static long[][] chunks(final long[] a)
    {
        final long[][] out = new long[a.length / BURST][];
        for (int c = 0; c < out.length; c++)
        {
            out[c] = Arrays.copyOfRange(a, c * BURST, (c + 1) * BURST);
        }
        return out;
    }

    // -------------------------------------------------------------------- helpers

    /** A HotSpot flag's value, or "?" when it cannot be read. */
    private static String vmOption(final String name)
    {
        try
        {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        }
        catch (final RuntimeException ex)
        {
            return "?";
        }
    }

    /** Heap plus direct/mapped buffers in use after full collections (G1: System.gc() is a full GC). */
    private static long usedAfterGc()
    {
        long used = 0;
        for (int i = 0; i < 3; i++)
        {
            System.gc();
            used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            used += Math.max(0, pool.getMemoryUsed());
        }
        return used;
    }

    private static final class Timing
    {
        private final double warmupSeconds;
        private final int samples;
        private final double sampleSeconds;

        Timing(final double warmupSeconds, final int samples, final double sampleSeconds)
        {
            this.warmupSeconds = warmupSeconds;
            this.samples = samples;
            this.sampleSeconds = sampleSeconds;
        }

        /** Median Mlps of the samples; prints them. */
        double measure(final String what, final int lookupsPerPass, final LongSupplier pass)
        {
            final long warmStart = System.nanoTime();
            int passes = 0;
            while (passes < 3 || System.nanoTime() - warmStart < warmupSeconds * 1e9)
            {
                sink += pass.getAsLong();
                passes++;
            }
            // calibrate on the last passes only (the first ones ran in the interpreter)
            long t = System.nanoTime();
            sink += pass.getAsLong();
            final double passSeconds = (System.nanoTime() - t) / 1e9;
            final int k = (int)Math.max(1, Math.ceil(sampleSeconds / passSeconds));
            final double[] mlps = new double[samples];
            for (int s = 0; s < samples; s++)
            {
                t = System.nanoTime();
                for (int i = 0; i < k; i++)
                {
                    sink += pass.getAsLong();
                }
                mlps[s] = (double)k * lookupsPerPass / ((System.nanoTime() - t) / 1e3);
            }
            final double[] sorted = mlps.clone();
            Arrays.sort(sorted);
            final double median = samples % 2 == 1 ? sorted[samples / 2] : (sorted[samples / 2 - 1] + sorted[samples / 2]) / 2;
            final StringBuilder all = new StringBuilder();
            for (final double m : mlps)
            {
                all.append(all.isEmpty() ? "" : " ").append(String.format("%.2f", m));
            }
            System.out.printf("%s: median %.2f Mlps (%.1f ns/lookup); %d samples of %d passes over %d addresses " +
                "after %d warm-up passes: %s%n", what, median, 1e3 / median, samples, k, lookupsPerPass, passes, all);
            return median;
        }
    }

    private static final class LoadTimeout extends Exception
    {
        private static final long serialVersionUID = 1L;
        final int routes;

        LoadTimeout(final int routes)
        {
            super(null, null, false, false);
            this.routes = routes;
        }
    }

    private static final class Result
    {
        String fib4 = "-";
        String fib6 = "-";
        int routes4;
        int routes6;
        double load4Seconds;
        double load6Seconds;
        long bytes4;
        long bytes6;
        long footprint4 = -1;
        long footprint6 = -1;
        double v4Mlps;
        double v6Mlps;
        double v4BurstMlps;
        double v6BurstMlps;
        boolean pinned;
        long tbl24Kb = -1;
        long tbl24HugeKb = -1;
        long anonHugeKb = -1;
        int checked4;
        int checked6;
        int refSample4;
        int refSample6;
        boolean v4Failed;
        boolean v6Failed;
        String failed = "";

        /** Marks a family ("v4", "v6", or "setup": both) failed: its figures are not to be read. */
        void fail(final String family, final String why)
        {
            System.out.printf("%s: FAILED: %s%n", family, why);
            failed += (failed.isEmpty() ? "" : ";") + family + ":" + why.replace(' ', '_');
            v4Failed |= !family.equals("v6");
            v6Failed |= !family.equals("v4");
        }

        void checked(final String family, final int count)
        {
            if (family.equals("v4"))
            {
                checked4 = count;
            }
            else
            {
                checked6 = count;
            }
        }

        String line()
        {
            final int routes = routes4 + routes6;
            final double seconds = load4Seconds + load6Seconds;
            return String.format("fibbench result fib4=%s fib6=%s v4_mlps=%.2f v6_mlps=%.2f v4_burst_mlps=%.2f " +
                    "v6_burst_mlps=%.2f load_routes_per_s=%d bytes_per_route=%d v4_routes=%d v6_routes=%d " +
                    "v4_load_s=%.3f v6_load_s=%.3f v4_bytes=%d v6_bytes=%d v4_footprint=%d v6_footprint=%d " +
                    "memory=heap+direct-delta-after-full-gc+native v4_status=%s v6_status=%s v4_checked=%d " +
                    "v6_checked=%d v4_ref_sample=%d v6_ref_sample=%d tbl24_kb=%d tbl24_thp_kb=%d anon_huge_kb=%d " +
                    "pinned=%s failed=%s",
                fib4, fib6, v4Mlps, v6Mlps, v4BurstMlps, v6BurstMlps,
                seconds > 0 ? Math.round(routes / seconds) : 0,
                routes > 0 ? Math.round((double)(bytes4 + bytes6) / routes) : 0,
                routes4, routes6, load4Seconds, load6Seconds, bytes4, bytes6, footprint4, footprint6,
                v4Failed ? "FAILED" : "ok", v6Failed ? "FAILED" : "ok", checked4, checked6, refSample4, refSample6,
                tbl24Kb, tbl24HugeKb, anonHugeKb, pinned, failed.isEmpty() ? "none" : failed);
        }
    }

    private static void usage(final String error)
    {
        final String text = """
            usage: FibBench --dir DIR [--fib4 dir24|dxr|dxr16..dxr20|reference] [--fib6 mtrie|reference]
                            [--warmup-seconds 2] [--samples 7] [--sample-seconds 0.25]
                            [--load-timeout 600] [--only v4,v6] [--core C]
                            [--expected4 FILE] [--expected6 FILE] [--reference-sample 65536]
            DIR holds routes4.txt routes6.txt lookup4.txt lookup6.txt (benchmarks/fib/gen-inputs.py)""";
        if (error != null)
        {
            System.err.println("fibbench: " + error);
            System.err.println(text);
            System.exit(2);
        }
        System.out.println(text);
        System.exit(0);
    }
}
