/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.worker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * The only way other threads change what a worker or the slow path reads (CONVENTIONS: "other
 * components reach a worker only through a command queue", Aeron's {@code CommandProxy}): the control
 * path {@link #submit}s a command, the owning agent runs it between two bursts in {@link #drain}, on
 * its own thread, and completes its future. So a worker never sees a port's MTU or address change
 * in the middle of a burst, and no field it reads has a second writer.
 * <p>
 * Commands are rare (a commit), so a command is an object; the owner's side allocates nothing.
 */
public final class CommandQueue
{
    /** Commands waiting at most; a full queue refuses, it never blocks the owner. */
    public static final int CAPACITY = 64;
    /** Commands an owner runs per duty cycle at most. */
    public static final int DRAIN_LIMIT = 8;

    private record Command(Runnable action, CompletableFuture<Void> done)
    {
    }

    private final ManyToOneConcurrentArrayQueue<Command> queue = new ManyToOneConcurrentArrayQueue<>(CAPACITY);
    private final String owner;

    /** @param owner the agent's role name, for messages. */
    public CommandQueue(final String owner)
    {
        this.owner = owner;
    }

    /**
     * From any thread.
     *
     * @param action run on the owner's thread.
     * @return completed once it ran there (exceptionally with what it threw), or at once, exceptionally,
     *     when the queue is full.
     */
    public CompletableFuture<Void> submit(final Runnable action)
    {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        if (!queue.offer(new Command(action, done)))
        {
            done.completeExceptionally(new IllegalStateException(owner + "'s command queue is full"));
        }
        return done;
    }

    /**
     * Runs a command on the owner's thread and waits for it.
     *
     * @throws IllegalStateException when it failed or did not run in time.
     */
    public void run(final Runnable action, final long timeoutMs)
    {
        await(submit(action), owner, timeoutMs);
    }

    /**
     * @param done      a submitted command's future.
     * @param owner     for the message.
     * @param timeoutMs longest wait.
     * @throws IllegalStateException when it failed or did not run in time.
     */
    public static void await(final CompletableFuture<Void> done, final String owner, final long timeoutMs)
    {
        try
        {
            done.get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + owner, ex);
        }
        catch (final ExecutionException ex)
        {
            throw ex.getCause() instanceof RuntimeException r ? r : new IllegalStateException(ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalStateException(owner + " did not take the command in " + timeoutMs + " ms");
        }
    }

    /**
     * On the owner's thread, at the start of its duty cycle.
     *
     * @return commands run.
     */
    public int drain()
    {
        if (queue.isEmpty())
        {
            return 0;
        }
        int count = 0;
        Command command;
        while (count < DRAIN_LIMIT && null != (command = queue.poll()))
        {
            count++;
            try
            {
                command.action().run();
                command.done().complete(null);
            }
            catch (final RuntimeException ex)
            {
                command.done().completeExceptionally(ex);
            }
        }
        return count;
    }
}
