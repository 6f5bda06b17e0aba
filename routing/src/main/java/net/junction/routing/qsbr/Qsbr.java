/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.qsbr;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Quiescent-state-based reclamation: tells the single FIB writer when no worker can still hold
 * memory it has unlinked, so the memory can be reused (the pattern of DPDK's {@code rte_rcu_qsbr},
 * see the DPDK Programmer's Guide, "Read-Copy-Update Library").
 *
 * <h2>Why QSBR</h2>
 * A worker's lookups are short and happen inside a duty cycle that returns to the same point once
 * per burst. Between two bursts the worker holds no reference into the FIB: it is in a
 * <em>quiescent state</em>. Saying so costs one store per burst ({@link #quiescent}), nothing per
 * lookup: no reference counts, no hazard pointers, no read-side lock or epoch enter/exit. The
 * price is paid by the writer, which cannot reuse a retired ply until every worker has been seen
 * quiescent since the ply was unlinked; with bursts of 32 packets that is microseconds.
 *
 * <h2>Protocol</h2>
 * A global token starts at {@link #INITIAL_TOKEN}. Each reader owns one counter, {@link #OFFLINE}
 * ({@code 0}) while it does not read shared memory, else the last token it reported.
 * <ol>
 *   <li>The writer unlinks memory (release stores of the FIB entries that pointed to it), then
 *       calls {@link #start()}, which increments the token and returns the new value {@code T}.</li>
 *   <li>Each online reader, between bursts, calls {@link #quiescent}: it loads the token and
 *       stores it into its counter.</li>
 *   <li>{@link #check}{@code (T)} is true once every counter is {@link #OFFLINE} or {@code >= T};
 *       the writer may then reuse everything it unlinked before taking {@code T}
 *       ({@link DeferredReclaimer} keeps that list).</li>
 * </ol>
 *
 * <h2>Memory ordering</h2>
 * <ul>
 *   <li><b>Reader, quiescent:</b> the counter store is a <em>release</em>, so every load the
 *       reader made of shared memory during the burst happens before it; the writer reads counters
 *       with <em>acquire</em>, so once it sees {@code counter >= T} those loads are complete and
 *       its writes into reused memory cannot be seen by them.</li>
 *   <li><b>Token order:</b> {@link #start()} increments the token with release after the unlink,
 *       and the reader loads the token with acquire. A reader that reports {@code T} has therefore
 *       seen the unlink: its later lookups cannot reach the unlinked memory. A reader that loaded
 *       an older token reports less than {@code T}, and the writer waits for its next burst.</li>
 *   <li><b>Going online:</b> here the reader stores its counter and then <em>loads</em> shared
 *       memory, while the writer stores (unlinks) and then loads counters: a store-load pattern
 *       (Dekker's) that acquire/release does not order. Both sides put a full fence between their
 *       store and their load ({@link #online} after the counter store, {@link #check} before
 *       reading counters), so either the writer sees the reader's counter (and waits for it), or
 *       the reader's loads see the unlink.</li>
 *   <li><b>Going offline:</b> a release store of {@link #OFFLINE}; the reader's earlier loads
 *       happen before the writer's acquire that sees it.</li>
 * </ul>
 *
 * <h2>Layout</h2>
 * The token, the writer's cache of the last token known complete and each reader's counter sit in
 * one {@code long[]}, 16 longs (128 bytes) apart, so no two share a cache line or an
 * adjacent-line prefetch pair: a reader's store never invalidates another reader's line, and the
 * token's line is written only by {@link #start()}.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>{@link #register}/{@link #unregister}: control path, any thread, thread safe.</li>
 *   <li>{@link #quiescent}, {@link #online}, {@link #offline}: the reader owning the id.
 *       <b>Fast path</b>: no allocation, no lock, no syscall, never blocks.</li>
 *   <li>{@link #start()}, {@link #check}, {@link #synchronize}: the writer. {@link #start()} and
 *       {@link #check} allocate nothing and never block; {@link #synchronize} waits, for the
 *       control path only.</li>
 * </ul>
 * A reader that blocks (waits for a command, is parked, stops) must go {@link #offline} first, or
 * the writer stalls; it must not touch shared memory until it is {@link #online} again.
 */
public final class Qsbr
{
    /** A reader's counter while it holds no reference into shared memory. */
    public static final long OFFLINE = 0;
    /** The token before the first {@link #start()}; {@link #start()} returns tokens above it. */
    public static final long INITIAL_TOKEN = 1;
    /** Most readers one instance supports. */
    public static final int MAX_READERS = 4096;
    /** Default bound on {@link #synchronize}: a worker silent for this long is stuck. */
    public static final long DEFAULT_SYNCHRONIZE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);

    /** Longs between two hot values: 128 bytes, two cache lines (adjacent-line prefetch). */
    static final int STRIDE = 16;
    private static final int TOKEN_INDEX = STRIDE;
    private static final int COMPLETED_INDEX = 2 * STRIDE;
    private static final int FIRST_READER_INDEX = 3 * STRIDE;
    private static final VarHandle SEQUENCES = MethodHandles.arrayElementVarHandle(long[].class);

    /** Padding, token, padding, completed token, padding, then one counter per reader, padded. */
    private final long[] sequences;
    private final int maxReaders;
    private final NanoClock clock;
    private final long synchronizeTimeoutNs;
    /** Guarded by itself: which ids are taken. */
    private final boolean[] registered;
    private int readerCount;
    /** One past the highest registered id: {@link #check} scans counters below it. */
    private volatile int readerLimit;

    /**
     * An instance with the system clock and {@link #DEFAULT_SYNCHRONIZE_TIMEOUT_NS}.
     *
     * @param maxReaders how many readers may be registered at once, 1 to {@link #MAX_READERS}.
     */
    public Qsbr(final int maxReaders)
    {
        this(maxReaders, new SystemNanoClock(), DEFAULT_SYNCHRONIZE_TIMEOUT_NS);
    }

    /**
     * @param maxReaders           how many readers may be registered at once, 1 to {@link #MAX_READERS}.
     * @param clock                for the {@link #synchronize} timeout.
     * @param synchronizeTimeoutNs how long {@link #synchronize} waits before it names a stuck reader.
     */
    public Qsbr(final int maxReaders, final NanoClock clock, final long synchronizeTimeoutNs)
    {
        if (maxReaders < 1 || maxReaders > MAX_READERS)
        {
            throw new IllegalArgumentException("maxReaders must be 1 to " + MAX_READERS + ": " + maxReaders);
        }
        if (synchronizeTimeoutNs < 0)
        {
            throw new IllegalArgumentException("synchronize timeout must not be negative: " + synchronizeTimeoutNs);
        }
        this.maxReaders = maxReaders;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.synchronizeTimeoutNs = synchronizeTimeoutNs;
        this.registered = new boolean[maxReaders];
        this.sequences = new long[FIRST_READER_INDEX + (maxReaders + 1) * STRIDE];
        sequences[TOKEN_INDEX] = INITIAL_TOKEN;
        sequences[COMPLETED_INDEX] = INITIAL_TOKEN; // published with the final field
    }

    public int maxReaders()
    {
        return maxReaders;
    }

    /** Readers registered now. Control path. */
    public int readerCount()
    {
        synchronized (registered)
        {
            return readerCount;
        }
    }

    /**
     * Takes the lowest free reader id. The reader starts {@link #OFFLINE}: it calls {@link #online}
     * before its first read of shared memory. Control path, thread safe.
     *
     * @return an id from 0 to {@code maxReaders() - 1}.
     * @throws IllegalStateException when all {@link #maxReaders()} ids are taken.
     */
    public int register()
    {
        synchronized (registered)
        {
            for (int id = 0; id < maxReaders; id++)
            {
                if (!registered[id])
                {
                    registered[id] = true;
                    readerCount++;
                    SEQUENCES.setRelease(sequences, readerIndex(id), OFFLINE);
                    if (id >= readerLimit)
                    {
                        readerLimit = id + 1;
                    }
                    return id;
                }
            }
            throw new IllegalStateException("all " + maxReaders + " QSBR reader ids are registered");
        }
    }

    /**
     * Gives the id back; the writer stops waiting for it. Call it once the reader no longer reads
     * shared memory (after its last burst). Control path, thread safe.
     *
     * @throws IllegalArgumentException when the id is not registered.
     */
    public void unregister(final int readerId)
    {
        synchronized (registered)
        {
            if (readerId < 0 || readerId >= maxReaders || !registered[readerId])
            {
                throw new IllegalArgumentException("QSBR reader " + readerId + " is not registered");
            }
            registered[readerId] = false;
            readerCount--;
            SEQUENCES.setRelease(sequences, readerIndex(readerId), OFFLINE);
            int limit = readerLimit;
            while (limit > 0 && !registered[limit - 1])
            {
                limit--;
            }
            readerLimit = limit;
        }
    }

    /** @return whether the id is registered now. Control path. */
    public boolean isRegistered(final int readerId)
    {
        synchronized (registered)
        {
            return readerId >= 0 && readerId < maxReaders && registered[readerId];
        }
    }

    /**
     * Reports a quiescent state: the calling reader holds no reference into shared memory taken
     * before this call. Called by the reader once per burst, after the burst's last lookup, while
     * {@link #online}.
     *
     * <p>Fast path: an acquire load of the token, a load of the reader's own counter, and a release
     * store only when the token has moved since the last report (so a reader does not keep
     * invalidating the line the writer polls).
     *
     * @throws IllegalStateException when the reader is offline (a bug: see {@link #online}).
     */
    public void quiescent(final int readerId)
    {
        final long[] sequences = this.sequences;
        final int index = readerIndex(Objects.checkIndex(readerId, maxReaders));
        final long token = (long)SEQUENCES.getAcquire(sequences, TOKEN_INDEX);
        final long reported = sequences[index]; // only this reader writes it
        if (reported != token)
        {
            if (reported == OFFLINE)
            {
                throw new IllegalStateException("QSBR reader " + readerId + " reported quiescent while offline");
            }
            SEQUENCES.setRelease(sequences, index, token);
        }
    }

    /**
     * The reader will read shared memory again: from now on the writer waits for it. Call it
     * before the first lookup after {@link #register} or {@link #offline}.
     *
     * <p>Fast path (no allocation, no lock), though it costs a full fence: call it when the worker
     * wakes up, not per burst.
     */
    public void online(final int readerId)
    {
        final long[] sequences = this.sequences;
        final int index = readerIndex(Objects.checkIndex(readerId, maxReaders));
        final long token = (long)SEQUENCES.getAcquire(sequences, TOKEN_INDEX);
        SEQUENCES.setRelease(sequences, index, token);
        VarHandle.fullFence(); // store-load: the counter is visible before our next load of shared memory
    }

    /**
     * The reader stops reading shared memory (it is about to block, sleep or stop): the writer no
     * longer waits for it. It must call {@link #online} before its next lookup.
     *
     * <p>Fast path: one release store.
     */
    public void offline(final int readerId)
    {
        SEQUENCES.setRelease(sequences, readerIndex(Objects.checkIndex(readerId, maxReaders)), OFFLINE);
    }

    /**
     * Starts a grace period: call it after unlinking memory. Writer side; allocates nothing.
     *
     * @return the token to {@link #check}: once it passes, no reader holds memory unlinked before
     * this call.
     */
    public long start()
    {
        return (long)SEQUENCES.getAndAddRelease(sequences, TOKEN_INDEX, 1L) + 1;
    }

    /** @return the last token {@link #start()} returned, or {@link #INITIAL_TOKEN}. Diagnostics. */
    public long currentToken()
    {
        return (long)SEQUENCES.getAcquire(sequences, TOKEN_INDEX);
    }

    /**
     * Whether the grace period of a token is over: every registered reader is {@link #OFFLINE} or
     * has reported a token at least as new. A true answer covers every older token too. Writer
     * side; never blocks, allocates nothing.
     *
     * @param token a value {@link #start()} returned.
     */
    public boolean check(final long token)
    {
        if (token <= (long)SEQUENCES.getAcquire(sequences, COMPLETED_INDEX))
        {
            return true;
        }
        return laggingReader(token) < 0;
    }

    /**
     * Scans the readers for one that has not passed the token yet.
     *
     * @return the lowest such reader id, or -1 when the token's grace period is over.
     */
    public int laggingReader(final long token)
    {
        final long[] sequences = this.sequences;
        VarHandle.fullFence(); // store-load: our unlinks are visible before we read any counter
        final long issued = (long)SEQUENCES.getAcquire(sequences, TOKEN_INDEX);
        final int limit = readerLimit;
        for (int id = 0; id < limit; id++)
        {
            final long reported = (long)SEQUENCES.getAcquire(sequences, readerIndex(id));
            if (reported != OFFLINE && reported < token)
            {
                return id;
            }
        }
        // Remember the pass, but never for a token not issued yet: a reader offline now could be
        // online, holding memory unlinked before that token, by the time it is.
        if (token <= issued)
        {
            long completed = (long)SEQUENCES.getAcquire(sequences, COMPLETED_INDEX);
            while (completed < token && !SEQUENCES.compareAndSet(sequences, COMPLETED_INDEX, completed, token))
            {
                completed = (long)SEQUENCES.getAcquire(sequences, COMPLETED_INDEX);
            }
        }
        return -1;
    }

    /** @return the last token a reader reported, or {@link #OFFLINE}. Diagnostics. */
    public long readerToken(final int readerId)
    {
        return (long)SEQUENCES.getAcquire(sequences, readerIndex(Objects.checkIndex(readerId, maxReaders)));
    }

    /**
     * Waits until the token's grace period is over, idling between checks, for at most the
     * configured timeout. Control path only. A thread that is itself an online reader must report
     * {@link #quiescent} or go {@link #offline} first, or it waits for itself.
     *
     * @throws QsbrTimeoutException naming the reader that had not passed the token at the timeout.
     */
    public void synchronize(final long token, final IdleStrategy idleStrategy)
    {
        if (check(token))
        {
            return;
        }
        final long deadlineNs = clock.nanoTime() + synchronizeTimeoutNs;
        idleStrategy.reset();
        while (true)
        {
            final int lagging = laggingReader(token);
            if (lagging < 0)
            {
                return;
            }
            if (clock.nanoTime() - deadlineNs >= 0)
            {
                throw new QsbrTimeoutException(lagging, token, readerToken(lagging), synchronizeTimeoutNs);
            }
            idleStrategy.idle();
        }
    }

    private static int readerIndex(final int readerId)
    {
        return FIRST_READER_INDEX + readerId * STRIDE;
    }
}
