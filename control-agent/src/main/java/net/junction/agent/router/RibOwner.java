/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import net.junction.routing.IpAddress;
import net.junction.routing.rib.Rib;
import net.junction.routing.rib.RibRoute;

/**
 * The one thread that owns the router {@link Rib} (it is single-threaded), and the way every other
 * thread reaches it: a bounded command run there, whose answer the caller waits for. With BGP the
 * owner is the speaker's event loop ({@link #through} {@code BgpSpeaker::execute}, which also
 * re-evaluates BGP next hops after a change to connected or static routes); without BGP it is a
 * thread of its own ({@link #ownThread}). The API, the status writer and the commit path never
 * touch the RIB themselves, but for one read: {@link #lookup}, which the RIB answers on any thread
 * ({@link Rib#lookup}), so a longest-match lookup never waits for an owner that is busy with a full table.
 */
public final class RibOwner implements AutoCloseable
{
    /** How long a caller waits for its command by default. */
    public static final long CALL_TIMEOUT_MS = 5_000;

    private final Rib rib;
    private final Executor executor;
    private final ExecutorService ownThread;

    private RibOwner(final Rib rib, final Executor executor, final ExecutorService ownThread)
    {
        this.rib = Objects.requireNonNull(rib, "rib");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.ownThread = ownThread;
    }

    /**
     * @param rib      the RIB, from now on touched only by {@code executor}'s thread.
     * @param executor runs commands on the owner's thread (the BGP speaker's {@code execute}).
     * @return the owner.
     */
    public static RibOwner through(final Rib rib, final Executor executor)
    {
        return new RibOwner(rib, executor, null);
    }

    /**
     * @param rib the RIB, from now on touched only by a thread this creates.
     * @return the owner; closing it ends the thread.
     */
    public static RibOwner ownThread(final Rib rib)
    {
        final ExecutorService thread = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "junction-rib");
            t.setDaemon(true);
            return t;
        });
        return new RibOwner(rib, thread, thread);
    }

    /**
     * Longest match over what is installed, read on the caller's thread while the owner may be changing the
     * RIB ({@link Rib#lookup}).
     *
     * @param address an address.
     * @return the installed route for the longest prefix containing it, or null.
     */
    public RibRoute lookup(final IpAddress address)
    {
        return rib.lookup(address);
    }

    /**
     * Runs a command on the owner's thread and waits for its answer.
     *
     * @param task      reads or changes the RIB; bounded work (a page, a batch of a commit).
     * @param <T>       its answer.
     * @return what it returned.
     * @throws IllegalStateException when the owner did not start it within {@link #CALL_TIMEOUT_MS}
     *     (then it never runs; one that started is waited for to the end); a RuntimeException the
     *     task threw is rethrown as it is.
     */
    public <T> T call(final Function<Rib, T> task)
    {
        return call(task, CALL_TIMEOUT_MS);
    }

    /** {@link #call(Function)} with its own timeout. */
    public <T> T call(final Function<Rib, T> task, final long timeoutMs)
    {
        final CompletableFuture<T> answer = new CompletableFuture<>();
        final AtomicBoolean taken = new AtomicBoolean();
        try
        {
            executor.execute(() ->
            {
                if (!taken.compareAndSet(false, true))
                {
                    return; // the caller gave up before it started: it must not run late
                }
                try
                {
                    answer.complete(task.apply(rib));
                }
                catch (final RuntimeException | Error ex)
                {
                    answer.completeExceptionally(ex);
                }
            });
        }
        catch (final RejectedExecutionException ex)
        {
            throw new IllegalStateException("the RIB's owner has stopped", ex);
        }
        try
        {
            return answer.get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the RIB's owner", ex);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof RuntimeException r)
            {
                throw r;
            }
            throw new IllegalStateException(ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            if (taken.compareAndSet(false, true))
            {
                throw new IllegalStateException("the RIB's owner did not take the command in " + timeoutMs + " ms; it was not run");
            }
            // It started: a change half-reported is worse than a late answer.
            try
            {
                return answer.get();
            }
            catch (final InterruptedException ie)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the RIB's owner", ie);
            }
            catch (final ExecutionException ee)
            {
                throw ee.getCause() instanceof RuntimeException r ? r : new IllegalStateException(ee.getCause());
            }
        }
    }

    @Override
    public void close()
    {
        if (null != ownThread)
        {
            ownThread.shutdown();
            try
            {
                ownThread.awaitTermination(2, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
