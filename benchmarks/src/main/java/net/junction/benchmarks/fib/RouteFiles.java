/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.fib;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import net.junction.routing.Ip6Address;

/**
 * Reads the files of {@code benchmarks/fib/gen-inputs.py}, in the formats dpdk-test-fib reads
 * ({@code -f}: "prefix/len nexthop" per line; {@code -t}: one address per line), and reads them
 * the way dpdk-test-fib does, so both contenders look up the same 32-bit and 128-bit values.
 * Public for the JMH benchmarks ({@code net.junction.benchmarks.jmh}), which load the same tables.
 */
public final class RouteFiles
{
    private RouteFiles()
    {
    }

    /** IPv4 routes: parallel arrays. */
    public record Routes4(int[] addresses, int[] lengths, int[] values)
    {
        public int size()
        {
            return addresses.length;
        }
    }

    /** IPv6 routes: parallel arrays. */
    public record Routes6(long[] highs, long[] lows, int[] lengths, int[] values)
    {
        public int size()
        {
            return highs.length;
        }
    }

    /** IPv6 lookup addresses. */
    public record Addresses6(long[] highs, long[] lows)
    {
        public int size()
        {
            return highs.length;
        }
    }

    public static Routes4 readRoutes4(final Path file) throws IOException
    {
        final byte[] text = Files.readAllBytes(file);
        int[] addresses = new int[1 << 16];
        int[] lengths = new int[1 << 16];
        int[] values = new int[1 << 16];
        int n = 0;
        int line = 1;
        int i = 0;
        final int[] pos = new int[1];
        while (i < text.length)
        {
            if (n == addresses.length)
            {
                addresses = Arrays.copyOf(addresses, n * 2);
                lengths = Arrays.copyOf(lengths, n * 2);
                values = Arrays.copyOf(values, n * 2);
            }
            pos[0] = i;
            final int address = dottedQuad(text, pos, file, line);
            i = pos[0];
            expect(text, i++, (byte)'/', file, line);
            pos[0] = i;
            final int length = number(text, pos, file, line);
            i = pos[0];
            expect(text, i++, (byte)' ', file, line);
            pos[0] = i;
            final int value = number(text, pos, file, line);
            i = pos[0];
            expect(text, i++, (byte)'\n', file, line);
            addresses[n] = address;
            lengths[n] = length;
            values[n] = value;
            n++;
            line++;
        }
        return new Routes4(Arrays.copyOf(addresses, n), Arrays.copyOf(lengths, n), Arrays.copyOf(values, n));
    }

    /**
     * IPv4 lookup addresses as dpdk-test-fib 22.11 looks them up: it stores inet_pton's four bytes
     * (network order) and hands them to rte_fib_lookup_bulk as a host-order word, so on a
     * little-endian machine the line "a.b.c.d" is the address d.c.b.a. The generator writes the
     * lines so that this is the address it meant; read here the same way.
     */
    public static int[] readLookups4(final Path file) throws IOException
    {
        final byte[] text = Files.readAllBytes(file);
        int[] out = new int[1 << 16];
        int n = 0;
        int line = 1;
        final int[] pos = {0};
        while (pos[0] < text.length)
        {
            if (n == out.length)
            {
                out = Arrays.copyOf(out, n * 2);
            }
            final int asWritten = dottedQuad(text, pos, file, line);
            expect(text, pos[0]++, (byte)'\n', file, line);
            out[n++] = Integer.reverseBytes(asWritten);
            line++;
        }
        return Arrays.copyOf(out, n);
    }

    public static Routes6 readRoutes6(final Path file) throws IOException
    {
        long[] highs = new long[1 << 16];
        long[] lows = new long[1 << 16];
        int[] lengths = new int[1 << 16];
        int[] values = new int[1 << 16];
        int n = 0;
        int line = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII))
        {
            for (String s = in.readLine(); s != null; s = in.readLine())
            {
                line++;
                final int slash = s.indexOf('/');
                final int space = s.indexOf(' ', slash + 1);
                if (slash < 0 || space < 0)
                {
                    throw new IOException(file + ":" + line + ": not 'prefix/len nexthop': " + s);
                }
                if (n == highs.length)
                {
                    highs = Arrays.copyOf(highs, n * 2);
                    lows = Arrays.copyOf(lows, n * 2);
                    lengths = Arrays.copyOf(lengths, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                }
                final Ip6Address address = Ip6Address.parse(s.substring(0, slash));
                highs[n] = address.high();
                lows[n] = address.low();
                lengths[n] = Integer.parseInt(s, slash + 1, space, 10);
                values[n] = Integer.parseInt(s, space + 1, s.length(), 10);
                n++;
            }
        }
        return new Routes6(Arrays.copyOf(highs, n), Arrays.copyOf(lows, n), Arrays.copyOf(lengths, n),
            Arrays.copyOf(values, n));
    }

    public static Addresses6 readLookups6(final Path file) throws IOException
    {
        long[] highs = new long[1 << 16];
        long[] lows = new long[1 << 16];
        int n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII))
        {
            for (String s = in.readLine(); s != null; s = in.readLine())
            {
                if (n == highs.length)
                {
                    highs = Arrays.copyOf(highs, n * 2);
                    lows = Arrays.copyOf(lows, n * 2);
                }
                final Ip6Address address = Ip6Address.parse(s.strip());
                highs[n] = address.high();
                lows[n] = address.low();
                n++;
            }
        }
        return new Addresses6(Arrays.copyOf(highs, n), Arrays.copyOf(lows, n));
    }

    /** "a.b.c.d" at pos[0] as a.b.c.d (a in the top byte); pos[0] moves past it. */
    private static int dottedQuad(final byte[] text, final int[] pos, final Path file, final int line)
        throws IOException
    {
        int address = 0;
        for (int part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                expect(text, pos[0]++, (byte)'.', file, line);
            }
            final int octet = number(text, pos, file, line);
            if (octet > 255)
            {
                throw new IOException(file + ":" + line + ": octet " + octet + " > 255");
            }
            address = (address << 8) | octet;
        }
        return address;
    }

    private static int number(final byte[] text, final int[] pos, final Path file, final int line)
        throws IOException
    {
        int i = pos[0];
        int value = 0;
        final int start = i;
        while (i < text.length && text[i] >= '0' && text[i] <= '9' && i - start < 10)
        {
            value = value * 10 + (text[i] - '0');
            i++;
        }
        if (i == start)
        {
            throw new IOException(file + ":" + line + ": a number expected at byte " + start);
        }
        pos[0] = i;
        return value;
    }

    private static void expect(final byte[] text, final int i, final byte b, final Path file, final int line)
        throws IOException
    {
        if (i >= text.length || text[i] != b)
        {
            throw new IOException(file + ":" + line + ": '" + (char)b + "' expected at byte " + i);
        }
    }
}
