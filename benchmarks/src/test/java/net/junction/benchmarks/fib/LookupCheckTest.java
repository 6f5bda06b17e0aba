/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.fib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LookupCheckTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadTheAnchorsNextHopsWithItsDefaultAsNoRoute() throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(7).putInt(0).putInt(64).putInt(1);
        final Path file = dir.resolve("nexthops.bin");
        Files.write(file, b.array());

        assertArrayEquals(new int[] {7, Fibs.NO_ROUTE, 64, 1}, LookupCheck.readExpected(file, 4));
    }

    @Test
    void shouldRefuseAFileOfAnotherLength() throws IOException
    {
        final Path file = dir.resolve("short.bin");
        Files.write(file, new byte[12]);

        assertThrows(IOException.class, () -> LookupCheck.readExpected(file, 4));
    }

    @Test
    void shouldCountAndShowTheFirstMismatches()
    {
        final int[] expected = new int[20];
        final int[] got = new int[20];
        for (int i = 0; i < 20; i++)
        {
            expected[i] = i;
            got[i] = i < 8 ? Fibs.NO_ROUTE : i;
        }
        final ByteArrayOutputStream text = new ByteArrayOutputStream();

        final int bad = LookupCheck.compare("v4 check", expected, got, i -> "addr" + i,
            new PrintStream(text, true, StandardCharsets.UTF_8));

        assertEquals(8, bad);
        final String out = text.toString(StandardCharsets.UTF_8);
        assertEquals(LookupCheck.SHOWN, out.lines().filter(l -> l.contains("MISMATCH")).count());
        assertTrue(out.contains("address addr1 expected 1 got no-route"), out);
        assertTrue(out.contains("8 of 20 differ"), out);
    }

    @Test
    void shouldReportAgreement()
    {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();

        assertEquals(0, LookupCheck.compare("v6 check", new int[] {1, -1}, new int[] {1, -1}, i -> "a",
            new PrintStream(text, true, StandardCharsets.UTF_8)));
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("all 2 agree"));
    }

    @Test
    void shouldSpreadTheSampleOverTheWholeArray()
    {
        assertArrayEquals(new int[] {0, 25, 50, 75}, LookupCheck.sample(100, 4));
        assertEquals(10, LookupCheck.sample(10, 65536).length);
    }
}
