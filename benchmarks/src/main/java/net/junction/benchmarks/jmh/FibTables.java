/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import net.junction.benchmarks.fib.RouteFiles;
import net.junction.benchmarks.fib.RouteFiles.Routes4;
import net.junction.benchmarks.fib.RouteFiles.Routes6;

/**
 * The route tables of the JMH benchmarks: the ones {@code ./junction bench fib} measures, made by
 * the same generator ({@code benchmarks/fib/gen-inputs.py}: IPv4 about 60% /24 with half of the
 * routes more-specifics of another, IPv6 /48-heavy inside the RIR blocks) and kept in the same
 * cache, so that the 1M table is byte for byte the one of bench fib. A missing table is
 * generated on first use (about 30 s for 1M + 250k, a few seconds for 100k + 25k); setup time,
 * never measured.
 *
 * <p>A table size is the {@code table} parameter of the benchmarks: {@code 100k}, {@code 1M} or a
 * number of IPv4 routes; the IPv6 table is a quarter of it (1M IPv4 comes with 250k IPv6, as in
 * bench fib), at least 1000.
 *
 * <p>Lookup addresses are drawn here (not read from the lookup files) so that their count and
 * seed are the benchmark's own: 90% a random address inside a uniformly chosen route, 10%
 * uniformly random (IPv6: inside 2000::/3), the mix of gen-inputs.py.
 *
 * <p>System properties: {@code junction.home} (the checkout, for the generator; default: found
 * from the jar's place, {@code benchmarks/target}), {@code junction.bench.cache} (default
 * {@code $JUNCTION_BENCH_CACHE} or {@code /var/tmp/junction-bench-fib}, as bench-fib.sh).
 */
final class FibTables
{
    /** Lookup addresses per family: 2^20, as bench fib; 4 MiB (IPv4), 16 MiB (IPv6): beyond L2. */
    static final int ADDRESSES = 1 << 20;
    /** Addresses per {@code lookupBurst} call. */
    static final int BURST = 32;
    /** gen-inputs.py's --lookups and --seed as bench-fib.sh passes them: the same cached folder. */
    private static final int FILE_LOOKUPS = 1 << 20;
    private static final int FILE_SEED = 1;
    private static final long ADDRESS_SEED = 0x6a756e6374696f6eL;
    private static final long GENERATE_TIMEOUT_SECONDS = 900;

    private FibTables()
    {
    }

    /** IPv4 routes in a table of this size ("100k", "1M", or a number). */
    static int v4Routes(final String table)
    {
        final String t = table.strip().toLowerCase(Locale.ROOT);
        final int n;
        if (t.endsWith("k"))
        {
            n = Integer.parseInt(t, 0, t.length() - 1, 10) * 1000;
        }
        else if (t.endsWith("m"))
        {
            n = Integer.parseInt(t, 0, t.length() - 1, 10) * 1_000_000;
        }
        else
        {
            n = Integer.parseInt(t);
        }
        if (n < 1000 || n > 2_000_000)
        {
            throw new IllegalArgumentException("table " + table + ": 1000..2000000 IPv4 routes (100k, 1M, ...)");
        }
        return n;
    }

    static int v6Routes(final String table)
    {
        return Math.max(1000, v4Routes(table) / 4);
    }

    static Routes4 routes4(final String table) throws IOException
    {
        return RouteFiles.readRoutes4(folder(table).resolve("routes4.txt"));
    }

    static Routes6 routes6(final String table) throws IOException
    {
        return RouteFiles.readRoutes6(folder(table).resolve("routes6.txt"));
    }

    /** {@link #ADDRESSES} IPv4 lookup addresses: 90% inside a route of the table, 10% any. */
    static int[] addresses4(final Routes4 routes)
    {
        final SplittableRandom rng = new SplittableRandom(ADDRESS_SEED);
        final int[] networks = routes.addresses();
        final int[] lengths = routes.lengths();
        final int[] out = new int[ADDRESSES];
        for (int i = 0; i < out.length; i++)
        {
            if (rng.nextInt(10) == 0)
            {
                out[i] = rng.nextInt();
            }
            else
            {
                final int r = rng.nextInt(networks.length);
                final int length = lengths[r];
                out[i] = length == 32 ? networks[r] : networks[r] | (rng.nextInt() >>> length);
            }
        }
        return out;
    }

    /** {@link #ADDRESSES} IPv6 lookup addresses, as {highs, lows}: 90% inside a route, 10% in 2000::/3. */
    static long[][] addresses6(final Routes6 routes)
    {
        final SplittableRandom rng = new SplittableRandom(ADDRESS_SEED);
        final long[] highs = new long[ADDRESSES];
        final long[] lows = new long[ADDRESSES];
        for (int i = 0; i < ADDRESSES; i++)
        {
            if (rng.nextInt(10) == 0)
            {
                highs[i] = (1L << 61) | (rng.nextLong() >>> 3);
                lows[i] = rng.nextLong();
                continue;
            }
            final int r = rng.nextInt(routes.size());
            final int length = routes.lengths()[r];
            long high = routes.highs()[r];
            long low = routes.lows()[r];
            if (length < 64)
            {
                high |= rng.nextLong() >>> length;
                low = rng.nextLong();
            }
            else if (length == 64)
            {
                low = rng.nextLong();
            }
            else if (length < 128)
            {
                low |= rng.nextLong() >>> (length - 64);
            }
            highs[i] = high;
            lows[i] = low;
        }
        return new long[][] {highs, lows};
    }

    /** The addresses cut into bursts of {@link #BURST} (lookupBurst reads from index 0). */
    static int[][] bursts(final int[] addresses)
    {
        final int[][] out = new int[addresses.length / BURST][BURST];
        for (int c = 0; c < out.length; c++)
        {
            System.arraycopy(addresses, c * BURST, out[c], 0, BURST);
        }
        return out;
    }

    static long[][] bursts(final long[] addresses)
    {
        final long[][] out = new long[addresses.length / BURST][BURST];
        for (int c = 0; c < out.length; c++)
        {
            System.arraycopy(addresses, c * BURST, out[c], 0, BURST);
        }
        return out;
    }

    /** A permutation of the route indexes: by prefix length, shortest first, file order within a length. */
    static int[] byLength(final int[] lengths)
    {
        final int[] start = new int[130];
        for (final int l : lengths)
        {
            start[l + 1]++;
        }
        for (int l = 1; l < start.length; l++)
        {
            start[l] += start[l - 1];
        }
        final int[] order = new int[lengths.length];
        for (int i = 0; i < lengths.length; i++)
        {
            order[start[lengths[i]]++] = i;
        }
        return order;
    }

    /** A seeded shuffle of the indexes of the routes of this length. */
    static int[] shuffledOfLength(final int[] lengths, final int length)
    {
        int n = 0;
        for (final int l : lengths)
        {
            n += l == length ? 1 : 0;
        }
        final int[] out = new int[n];
        n = 0;
        for (int i = 0; i < lengths.length; i++)
        {
            if (lengths[i] == length)
            {
                out[n++] = i;
            }
        }
        final SplittableRandom rng = new SplittableRandom(ADDRESS_SEED);
        for (int i = out.length - 1; i > 0; i--)
        {
            final int j = rng.nextInt(i + 1);
            final int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    // -------------------------------------------------------------------- the cached files

    /** The folder bench-fib.sh would use for these sizes; generated here when missing. */
    private static Path folder(final String table) throws IOException
    {
        final int v4 = v4Routes(table);
        final int v6 = v6Routes(table);
        final Path generator = home().resolve("benchmarks/fib/gen-inputs.py");
        if (!Files.isRegularFile(generator))
        {
            throw new IOException("generator not found: " + generator + " (set -Djunction.home=CHECKOUT)");
        }
        final Path cache = cache();
        final Path dir = cache.resolve(String.format("v4-%d.v6-%d.l%d.s%d.g%s", v4, v6, FILE_LOOKUPS, FILE_SEED,
            sha1Prefix(generator)));
        final Path meta = dir.resolve("meta.txt");
        if (Files.isRegularFile(meta) && Files.size(meta) > 0)
        {
            return dir;
        }
        Files.createDirectories(cache);
        final Path tmp = Files.createTempDirectory(cache, ".gen.");
        System.out.printf("FibTables: generating the %s table into %s (once; not measured)%n", table, dir);
        final String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        final Process p = new ProcessBuilder(python, generator.toString(), "--out", tmp.toString(),
            "--v4-routes", Integer.toString(v4), "--v6-routes", Integer.toString(v6),
            "--lookups", Integer.toString(FILE_LOOKUPS), "--seed", Integer.toString(FILE_SEED))
            .inheritIO().start();
        try
        {
            if (!p.waitFor(GENERATE_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                throw new IOException("gen-inputs.py did not finish in " + GENERATE_TIMEOUT_SECONDS + " s");
            }
        }
        catch (final InterruptedException ex)
        {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating " + dir, ex);
        }
        if (p.exitValue() != 0)
        {
            throw new IOException("gen-inputs.py failed (exit " + p.exitValue() + ")");
        }
        try
        {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            if (!Files.isRegularFile(dir.resolve("meta.txt")))
            {
                throw ex;
            }
            // another run made it meanwhile: keep theirs
        }
        return dir;
    }

    private static Path cache()
    {
        final String property = System.getProperty("junction.bench.cache");
        if (property != null && !property.isBlank())
        {
            return Path.of(property);
        }
        final String env = System.getenv("JUNCTION_BENCH_CACHE");
        return Path.of(env != null && !env.isBlank() ? env : "/var/tmp/junction-bench-fib");
    }

    private static Path home() throws IOException
    {
        final String property = System.getProperty("junction.home");
        if (property != null && !property.isBlank())
        {
            return Path.of(property);
        }
        try
        {
            // benchmarks/target/junction-benchmarks-*.jar or benchmarks/target/classes
            final Path code = Path.of(FibTables.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.toAbsolutePath().getParent().getParent().getParent();
        }
        catch (final URISyntaxException | SecurityException | NullPointerException ex)
        {
            throw new IOException("cannot tell where the checkout is: set -Djunction.home=CHECKOUT", ex);
        }
    }

    /** The first 10 hex digits of the file's SHA-1, as bench-fib.sh names its cache folders. */
    private static String sha1Prefix(final Path file) throws IOException
    {
        try (InputStream in = Files.newInputStream(file))
        {
            final MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(in.readAllBytes())).substring(0, 10);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IOException(ex);
        }
    }
}
