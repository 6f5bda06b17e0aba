/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.concurrent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeqLockTest
{
    /** Two fields the owner always changes together: a reader must never see them differ. */
    private static final class Pair
    {
        long a;
        long b;
    }

    @Test
    @Timeout(60)
    void shouldNeverLetAReaderSeeHalfAChange() throws Exception
    {
        final SeqLock lock = new SeqLock();
        final Pair pair = new Pair();
        long changes = 0;
        final ConcurrentReaders readers = ConcurrentReaders.start(2, 500, 1_000, i ->
        {
            final long[] seen = lock.read(() -> new long[] {pair.a, pair.b});
            return seen[0] == seen[1] ? null : "half a change: " + seen[0] + " " + seen[1];
        });
        try
        {
            while (readers.wanted())
            {
                lock.beginWrite();
                pair.a++;
                Thread.onSpinWait(); // widen the window in which the pair differs
                pair.b++;
                lock.endWrite();
                changes++;
            }
        }
        finally
        {
            readers.close();
        }
        assertEquals(List.of(), readers.wrong());
        assertEquals(2 * changes, lock.version(), "two steps per change, even at rest");
    }

    @Test
    @Timeout(30)
    void shouldWaitOutAChangeInProgress() throws Exception
    {
        final SeqLock lock = new SeqLock();
        final Pair pair = new Pair();
        lock.beginWrite();
        pair.a = 1;
        final CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> lock.read(() -> pair.a + pair.b));
        Thread.sleep(50); // the reader spins, then parks, while the version is odd
        assertFalse(read.isDone(), "a read while a change is in progress must wait for its end");
        pair.b = 1;
        lock.endWrite();
        assertEquals(2L, read.get(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldThrowWhatAReaderThrowsWhenNothingChanged()
    {
        final SeqLock lock = new SeqLock();
        final IllegalArgumentException bug = new IllegalArgumentException("a bug in the reader");
        final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> lock.read(() ->
        {
            throw bug;
        }));
        assertSame(bug, thrown);
    }

    @Test
    void shouldReadAgainWhenAReadThrewWhileTheOwnerChangedTheStructure()
    {
        final SeqLock lock = new SeqLock();
        final int[] calls = {0};
        final String found = lock.read(() ->
        {
            if (++calls[0] == 1)
            {
                // the owner changes the structure under this first read, which trips on it
                lock.beginWrite();
                lock.endWrite();
                throw new ArrayIndexOutOfBoundsException("torn");
            }
            return "consistent";
        });
        assertEquals("consistent", found);
        assertEquals(2, calls[0]);
    }

    @Test
    @Timeout(30)
    void shouldGiveUpWhenTheOwnerNeverEndsItsChange()
    {
        final SeqLock lock = new SeqLock(TimeUnit.MILLISECONDS.toNanos(100));
        lock.beginWrite();
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> lock.read(() -> "never"));
        assertTrue(ex.getMessage().contains("100 ms"), ex.getMessage());
    }

    @Test
    void shouldRefuseATimeoutThatIsNotPositive()
    {
        assertThrows(IllegalArgumentException.class, () -> new SeqLock(0));
    }
}
