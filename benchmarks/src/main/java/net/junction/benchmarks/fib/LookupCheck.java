/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.fib;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * Checks that Junction's FIB answered right: every result against the next hops DPDK's rte_fib
 * gave for the same table and addresses ({@code benchmarks/fib/fib-anchor.c}, option {@code -o}),
 * and a sample against the binary reference tries of routing/.
 *
 * <p>The anchor's file holds one little-endian uint32 per address, in the order of the address
 * file: rte_fib's raw next hop. rte_fib answers a miss with its {@code default_nh}, which the
 * anchor sets to 0 as dpdk-test-fib does; Junction answers {@link Fibs#NO_ROUTE}. The bench's
 * next hops are 1..64 (gen-inputs.py), so 0 is read as "no route"; a table with a next hop 0
 * would make the two indistinguishable, and the anchor refuses it.
 */
final class LookupCheck
{
    /** rte_fib's default_nh as the anchor (and dpdk-test-fib) configure it: the "no route" answer. */
    static final int DPDK_DEFAULT_NH = 0;
    /** Mismatches printed per comparison. */
    static final int SHOWN = 5;

    private LookupCheck()
    {
    }

    /** The anchor's next hops for {@code count} addresses, a miss as {@link Fibs#NO_ROUTE}. */
    static int[] readExpected(final Path file, final int count) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != count * (long)Integer.BYTES)
        {
            throw new IOException(file + ": " + bytes.length + " bytes, expected " + count + " next hops of 4 bytes");
        }
        final IntBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        final int[] out = new int[count];
        for (int i = 0; i < count; i++)
        {
            final int nh = in.get(i);
            out[i] = nh == DPDK_DEFAULT_NH ? Fibs.NO_ROUTE : nh;
        }
        return out;
    }

    /**
     * Compares {@code got} with {@code expected}, element by element; prints the first
     * {@link #SHOWN} differences as (address, expected, got) and a summary line.
     *
     * @return the number of differences.
     */
    static int compare(final String what, final int[] expected, final int[] got, final IntFunction<String> address,
        final PrintStream out)
    {
        if (expected.length != got.length)
        {
            out.printf("%s: MISMATCH: %d results against %d expected%n", what, got.length, expected.length);
            return Math.max(1, Math.abs(expected.length - got.length));
        }
        int bad = 0;
        for (int i = 0; i < got.length; i++)
        {
            if (got[i] != expected[i])
            {
                if (bad < SHOWN)
                {
                    out.printf("%s: MISMATCH at #%d: address %s expected %s got %s%n", what, i, address.apply(i),
                        text(expected[i]), text(got[i]));
                }
                bad++;
            }
        }
        if (bad > 0)
        {
            out.printf("%s: %d of %d differ%n", what, bad, got.length);
        }
        else
        {
            out.printf("%s: all %d agree%n", what, got.length);
        }
        return bad;
    }

    private static String text(final int nextHop)
    {
        return nextHop == Fibs.NO_ROUTE ? "no-route" : Integer.toString(nextHop);
    }

    /** The indexes of an evenly spread sample of at most {@code size} out of {@code count}. */
    static int[] sample(final int count, final int size)
    {
        final int n = Math.min(count, Math.max(0, size));
        final int[] out = new int[n];
        for (int i = 0; i < n; i++)
        {
            out[i] = (int)((long)i * count / n);
        }
        return out;
    }
}
