/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Lets other threads read a structure that one thread owns and changes without locks: a sequence lock,
 * as the kernel's {@code seqcount_t} (Documentation/locking/seqlock.rst) and the optimistic read of
 * {@link java.util.concurrent.locks.StampedLock}, for one writer that must never wait.
 * <p>
 * Protocol. The owner makes the version odd ({@link #beginWrite}) before it changes anything a reader
 * looks at, and even again after ({@link #endWrite}). A reader ({@link #read}) reads the version with
 * acquire, then the structure, then, after a load-load fence, the version again; it keeps what it read only
 * if the version was even and has not moved, and otherwise reads again. So a reader never acts on half a
 * change, and the owner never waits for a reader.
 * <p>
 * Memory ordering. The odd version is stored before the change's stores (a store-store fence after it), and
 * the even one after them (a release store): a reader that saw the same even version before and after its
 * reads saw no store of a change (its reads are ordered between the two version loads by the acquire and
 * the load-load fence). On x86 both fences are only compiler barriers: the owner pays two ordinary stores
 * per change and no atomic instruction.
 * <p>
 * What a reader reads meanwhile may be torn: a reference from before a change and one from after, an array
 * of another length, a slot mid-shift. The reading code must therefore end whatever it reads (bounded loops,
 * never trust that a free slot exists) and may throw: an exception inside a read whose version moved is a
 * retry, inside a read whose version did not move it is a real error and is thrown. It must not change
 * anything, nor hand out what it read before it is validated.
 * <p>
 * Only the owner calls {@link #beginWrite} and {@link #endWrite}, never nested; any thread calls
 * {@link #read}.
 */
public final class SeqLock
{
    /** How long {@link #read} tries before it gives up, by default. */
    public static final long READ_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    /** Reads tried by spinning before a reader parks between tries (a change is a few stores). */
    private static final int SPINS = 100;
    /** How long a reader parks between tries once spinning did not do (a hash table growing). */
    private static final long PARK_NS = 50_000;

    private static final VarHandle VERSION;

    static
    {
        try
        {
            VERSION = MethodHandles.lookup().findVarHandle(SeqLock.class, "version", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final long readTimeoutNs;
    /** Odd while the owner changes the structure. Only the owner writes it, so it reads it plain. */
    private long version;

    /** A lock whose readers give up after {@link #READ_TIMEOUT_NS}. */
    public SeqLock()
    {
        this(READ_TIMEOUT_NS);
    }

    /**
     * @param readTimeoutNs how long {@link #read} tries before it gives up.
     */
    public SeqLock(final long readTimeoutNs)
    {
        if (readTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("readTimeoutNs must be positive: " + readTimeoutNs);
        }
        this.readTimeoutNs = readTimeoutNs;
    }

    /** The owner starts a change that readers must not see half of. */
    public void beginWrite()
    {
        VERSION.setOpaque(this, version + 1);
        VarHandle.storeStoreFence(); // the change's stores stay after the odd version
    }

    /** The owner's change is complete: readers may keep what they read from now on. */
    public void endWrite()
    {
        VERSION.setRelease(this, version + 1);
    }

    /**
     * Reads the structure consistently, from any thread, however often the owner changes it: the read is
     * made again until no change overlapped it; a change in progress is waited out, spinning briefly, then
     * parking.
     *
     * @param reader reads the structure and returns what it found (not yet validated: it must not act on it).
     * @param <T>    what it returns.
     * @return what one read returned, a read during which the structure did not change.
     * @throws IllegalStateException when no read could be made in the lock's read timeout (the owner
     *                               changing the structure all along); a RuntimeException the reader threw
     *                               on a structure that did not change is thrown as it is.
     */
    public <T> T read(final Supplier<T> reader)
    {
        final long deadlineNs = System.nanoTime() + readTimeoutNs;
        for (int attempt = 0; ; attempt++)
        {
            final long before = (long)VERSION.getAcquire(this);
            if ((before & 1) == 0)
            {
                T found = null;
                RuntimeException failed = null;
                try
                {
                    found = reader.get();
                }
                catch (final RuntimeException ex)
                {
                    failed = ex; // torn (an array of another length...) unless the version says otherwise
                }
                VarHandle.loadLoadFence(); // the reader's loads come before the second version load
                if ((long)VERSION.getOpaque(this) == before)
                {
                    if (null != failed)
                    {
                        throw failed;
                    }
                    return found;
                }
            }
            if (attempt < SPINS)
            {
                Thread.onSpinWait();
            }
            else if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("no consistent read in " +
                    TimeUnit.NANOSECONDS.toMillis(readTimeoutNs) + " ms: the owner was changing the structure all along");
            }
            else
            {
                LockSupport.parkNanos(PARK_NS);
            }
        }
    }

    /**
     * @return the version: even when no change is in progress; it moves by two per change (for tests).
     */
    public long version()
    {
        return (long)VERSION.getOpaque(this);
    }
}
