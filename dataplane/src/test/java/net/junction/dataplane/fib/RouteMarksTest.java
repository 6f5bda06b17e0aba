/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The resync's route marks: what was added is found, through growth and resets, for every prefix
 * length of both families, and nothing else is.
 */
class RouteMarksTest
{
    @Test
    void shouldFindEveryMarkOfEveryLengthThroughGrowth()
    {
        // Found by the property test: lengths above 126 are stored past a signed byte's range.
        final RouteMarks marks = new RouteMarks(true);
        final SplittableRandom random = new SplittableRandom(3);
        final long[] highs = new long[10_000];
        final long[] lows = new long[highs.length];
        for (int i = 0; i < highs.length; i++)
        {
            highs[i] = 0x2001_0db8_0000_0000L | random.nextLong() >>> 32;
            lows[i] = random.nextLong();
            assertTrue(marks.add(highs[i], lows[i], i % 129));
        }
        assertEquals(highs.length, marks.size());
        for (int i = 0; i < highs.length; i++)
        {
            assertTrue(marks.contains(highs[i], lows[i], i % 129), "mark " + i);
            assertFalse(marks.add(highs[i], lows[i], i % 129));
            assertFalse(marks.contains(highs[i], lows[i], (i + 1) % 129));
            assertFalse(marks.contains(highs[i], ~lows[i], i % 129));
        }
    }

    @Test
    void shouldForgetOnResetAndRelease()
    {
        final RouteMarks marks = new RouteMarks(false);
        for (int i = 0; i < 1000; i++)
        {
            marks.add(0xC612_0000L | i, 0, 32);
        }
        final long grown = marks.footprintBytes();
        marks.reset(10);
        assertEquals(0, marks.size());
        assertFalse(marks.contains(0xC612_0000L, 0, 32));
        assertEquals(grown, marks.footprintBytes(), "a reset keeps the arrays");

        marks.reset(100_000);
        assertTrue(marks.footprintBytes() >= 200_000 * 9L, "sized for the routes expected: " + marks.footprintBytes());
        marks.release();
        assertTrue(marks.footprintBytes() < 1000, "released: " + marks.footprintBytes());
        assertTrue(marks.add(0xC612_0000L, 0, 0));
        assertTrue(marks.contains(0xC612_0000L, 0, 0));
    }
}
