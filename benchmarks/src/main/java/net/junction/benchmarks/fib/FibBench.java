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
import java.util.Locale;
import java.util.function.LongSupplier;

import net.junction.benchmarks.fib.Fibs.Fib4;
import net.junction.benchmarks.fib.Fibs.Fib6;
import net.junction.benchmarks.fib.RouteFiles.Addresses6;
import net.junction.benchmarks.fib.RouteFiles.Routes4;
import net.junction.benchmarks.fib.RouteFiles.Routes6;

/**
 * Junction's side of {@code ./junction bench fib}: loads the route files dpdk-test-fib loads
 * into Junction's FIBs (see {@link Fibs}) and looks up the addresses it looks up.
 *
 * <pre>
 * FibBench --dir DIR [--fib4 dir24|reference] [--fib6 mtrie|reference] [--warmup-seconds 2]
 *          [--samples 7] [--sample-seconds 0.25] [--load-timeout 600] [--only v4,v6]
 * </pre>
 *
 * DIR holds routes4.txt, routes6.txt, lookup4.txt, lookup6.txt (benchmarks/fib/gen-inputs.py).
 * Measures, single-threaded, on the thread that loaded the tables:
 * <ul>
 *   <li>load: the routes put one by one in file order; routes/s per family;</li>
 *   <li>memory: heap (plus direct buffers) in use after a full GC, before and after each load,
 *   plus what the FIB maps off-heap itself ({@code nativeBytes()}, e.g. Ip4Dir24's 64 MiB
 *   first level): everything the FIB holds; the FIB's own {@code footprintBytes()} is printed
 *   beside when it has one;</li>
 *   <li>lookups: a pass is one tight loop over the whole address array, every result summed
 *   into a sink; after a warm-up, {@code --samples} timed samples of k passes each (k such that a
 *   sample lasts {@code --sample-seconds}), median reported. The same for the FIB's burst lookup
 *   (64 addresses per call, like rte_fib_lookup_bulk in dpdk-test-fib) when it has one.</li>
 * </ul>
 * Last stdout line: {@code fibbench result key=value...}, read by bench-fib.sh.
 */
public final class FibBench
{
    private static final int BURST = 64;
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
                case "-h", "--help" -> usage(null);
                default -> usage("unknown option " + a);
            }
        }
        if (dir == null)
        {
            usage("--dir is required");
        }
        final boolean doV4 = (',' + only + ',').contains(",v4,");
        final boolean doV6 = (',' + only + ',').contains(",v6,");

        final Runtime rt = Runtime.getRuntime();
        System.out.printf("fibbench: java %s, %s, max heap %d MiB, %d CPUs%n", Runtime.version(),
            ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList(),
            rt.maxMemory() >> 20, rt.availableProcessors());

        long t = System.nanoTime();
        final Routes4 routes4 = doV4 ? RouteFiles.readRoutes4(dir.resolve("routes4.txt")) : null;
        final int[] lookups4 = doV4 ? RouteFiles.readLookups4(dir.resolve("lookup4.txt")) : null;
        final Routes6 routes6 = doV6 ? RouteFiles.readRoutes6(dir.resolve("routes6.txt")) : null;
        final Addresses6 lookups6 = doV6 ? RouteFiles.readLookups6(dir.resolve("lookup6.txt")) : null;
        System.out.printf("fibbench: read %s in %.1f s (not measured)%n", String.join(", ",
            doV4 ? routes4.size() + " IPv4 routes, " + lookups4.length + " IPv4 addresses" : "no IPv4",
            doV6 ? routes6.size() + " IPv6 routes, " + lookups6.size() + " IPv6 addresses" : "no IPv6"),
            (System.nanoTime() - t) / 1e9);

        final Result r = new Result();
        // ---------------------------------------------------------------- loads and memory
        long before = usedAfterGc();
        Fib4 fib4 = null;
        if (doV4)
        {
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
            }
            catch (final LoadTimeout ex)
            {
                r.fail("v4", "load not done after " + loadTimeout + " s (" + ex.routes + " of " + routes4.size() + " routes)");
            }
            catch (final OutOfMemoryError ex)
            {
                r.fail("v4", "OutOfMemoryError while loading (max heap " + (rt.maxMemory() >> 20) + " MiB)");
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
                r.bytes6 = usedAfterGc() - before;
                r.footprint6 = f.footprintBytes();
                fib6 = f;
                System.out.printf("v6 load: %d routes in %.2f s = %.0f routes/s; memory %.1f MiB = %.1f B/route " +
                    "(heap+direct in use after full GC, delta)%s%n", r.routes6, r.load6Seconds,
                    r.routes6 / r.load6Seconds, r.bytes6 / 1048576.0, (double)r.bytes6 / r.routes6,
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
        }

        // ---------------------------------------------------------------- lookups
        final Timing timing = new Timing(warmupSeconds, samples, sampleSeconds);
        if (fib4 != null)
        {
            final Fib4 f = fib4;
            final int[] a = lookups4;
            final int[] results = new int[a.length];
            int hits = 0;
            for (int i = 0; i < a.length; i++)
            {
                results[i] = f.lookup(a[i]);
                hits += results[i] != Fibs.NO_ROUTE ? 1 : 0;
            }
            System.out.printf("v4 lookup: %.1f%% of the %d addresses match a route%n", 100.0 * hits / a.length, a.length);
            r.v4Mlps = timing.measure("v4 lookup, tight loop", a.length, () -> pass4(f, a));
            final int[][] chunks = chunks(a);
            final int[] out = new int[BURST];
            if (f.lookupBurst(chunks[0], out, BURST))
            {
                for (int c = 0; c < chunks.length; c++)
                {
                    f.lookupBurst(chunks[c], out, BURST);
                    for (int j = 0; j < BURST; j++)
                    {
                        if (out[j] != results[c * BURST + j])
                        {
                            throw new IllegalStateException("v4 lookupBurst and lookup disagree on address " + (c * BURST + j));
                        }
                    }
                }
                r.v4BurstMlps = timing.measure("v4 lookup, bursts of " + BURST, a.length, () -> passBurst4(f, chunks, out));
            }
        }
        if (fib6 != null)
        {
            final Fib6 f = fib6;
            final long[] h = lookups6.highs();
            final long[] lo = lookups6.lows();
            final int[] results = new int[h.length];
            int hits = 0;
            for (int i = 0; i < h.length; i++)
            {
                results[i] = f.lookup(h[i], lo[i]);
                hits += results[i] != Fibs.NO_ROUTE ? 1 : 0;
            }
            System.out.printf("v6 lookup: %.1f%% of the %d addresses match a route%n", 100.0 * hits / h.length, h.length);
            r.v6Mlps = timing.measure("v6 lookup, tight loop", h.length, () -> pass6(f, h, lo));
            final long[][] ch = chunks(h);
            final long[][] cl = chunks(lo);
            final int[] out = new int[BURST];
            if (f.lookupBurst(ch[0], cl[0], out, BURST))
            {
                for (int c = 0; c < ch.length; c++)
                {
                    f.lookupBurst(ch[c], cl[c], out, BURST);
                    for (int j = 0; j < BURST; j++)
                    {
                        if (out[j] != results[c * BURST + j])
                        {
                            throw new IllegalStateException("v6 lookupBurst and lookup disagree on address " + (c * BURST + j));
                        }
                    }
                }
                r.v6BurstMlps = timing.measure("v6 lookup, bursts of " + BURST, h.length, () -> passBurst6(f, ch, cl, out));
            }
        }
        System.out.println(r.line());
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
        String failed = "";

        void fail(final String family, final String why)
        {
            System.out.printf("%s: FAILED: %s%n", family, why);
            failed += (failed.isEmpty() ? "" : ";") + family + ":" + why.replace(' ', '_');
        }

        String line()
        {
            final int routes = routes4 + routes6;
            final double seconds = load4Seconds + load6Seconds;
            return String.format("fibbench result fib4=%s fib6=%s v4_mlps=%.2f v6_mlps=%.2f v4_burst_mlps=%.2f " +
                    "v6_burst_mlps=%.2f load_routes_per_s=%d bytes_per_route=%d v4_routes=%d v6_routes=%d " +
                    "v4_load_s=%.3f v6_load_s=%.3f v4_bytes=%d v6_bytes=%d v4_footprint=%d v6_footprint=%d " +
                    "memory=heap+direct-delta-after-full-gc failed=%s",
                fib4, fib6, v4Mlps, v6Mlps, v4BurstMlps, v6BurstMlps,
                seconds > 0 ? Math.round(routes / seconds) : 0,
                routes > 0 ? Math.round((double)(bytes4 + bytes6) / routes) : 0,
                routes4, routes6, load4Seconds, load6Seconds, bytes4, bytes6, footprint4, footprint6,
                failed.isEmpty() ? "none" : failed);
        }
    }

    private static void usage(final String error)
    {
        final String text = """
            usage: FibBench --dir DIR [--fib4 dir24|reference] [--fib6 mtrie|reference]
                            [--warmup-seconds 2] [--samples 7] [--sample-seconds 0.25]
                            [--load-timeout 600] [--only v4,v6]
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
