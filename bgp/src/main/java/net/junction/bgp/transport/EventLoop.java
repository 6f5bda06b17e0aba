/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that owns every BGP socket, session and timer of a speaker.
 * <p>
 * Design: a duty cycle in a fixed order, as Aeron's agents: read the clock once, run the tasks other
 * threads queued with {@link #execute}, then the continuations the last turn left with
 * {@link #nextTurn} (work that stopped at its share of a turn), fire the timers whose deadline passed, then wait in
 * {@link Selector#select(long)} until the next deadline (or a wake-up by {@link #execute}) and hand each
 * ready key to its {@link IoHandler}; a turn that did work ends with the {@link #afterWork} hook. Timers live in
 * an indexed binary heap ordered by deadline, so re-arming one (a hold timer on every message) costs O(log n)
 * and no allocation.
 * <p>
 * Time comes from an injectable {@link NanoClock}. A test that drives the loop by hand never calls
 * {@link #start()}: it advances its clock and calls {@link #doWork(long)} or {@link #runDueTimers()} on its
 * own thread, which then counts as the loop thread.
 * <p>
 * Threading: {@link #execute}, {@link #start()}, {@link #close()} and {@link #inLoop()} from any thread;
 * everything else on the loop thread only.
 */
public final class EventLoop implements AutoCloseable
{
    private static final Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final int MAX_TASKS_PER_TURN = 1024;
    private static final long MAX_WAIT_MS = 1000;

    private final String name;
    private final NanoClock clock;
    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private Timer[] heap = new Timer[16];
    private int heapSize;
    private long nowNs;
    private ArrayList<Runnable> nextTurn = new ArrayList<>();
    private ArrayList<Runnable> thisTurn = new ArrayList<>();
    private Runnable afterWork;
    private volatile Thread thread;
    private volatile boolean running;

    /**
     * @param name  of the thread.
     * @param clock time source of the timers.
     */
    public EventLoop(final String name, final NanoClock clock)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        try
        {
            this.selector = Selector.open();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open a selector", ex);
        }
        this.nowNs = clock.nanoTime();
    }

    /**
     * Start the loop's thread (a platform daemon thread named after the loop).
     */
    public synchronized void start()
    {
        if (thread != null)
        {
            throw new IllegalStateException("event loop " + name + " already started");
        }
        running = true;
        final Thread t = new Thread(this::run, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Stop the thread (after the turn in progress), then close every channel still registered and the
     * selector. Waits up to 5 s for the thread. Idempotent.
     */
    public void close()
    {
        final Thread t;
        synchronized (this)
        {
            running = false;
            t = thread;
        }
        selector.wakeup();
        if (t != null && t != Thread.currentThread())
        {
            try
            {
                t.join(TimeUnit.SECONDS.toMillis(5));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        if (selector.isOpen())
        {
            for (final SelectionKey key : selector.keys())
            {
                closeQuietly(key.channel());
            }
            try
            {
                selector.close();
            }
            catch (final IOException ex)
            {
                LOG.log(Level.DEBUG, "closing the selector", ex);
            }
        }
    }

    /**
     * Run {@code task} on the loop thread at its next turn, in submission order. Any thread.
     *
     * @param task to run.
     */
    public void execute(final Runnable task)
    {
        tasks.add(Objects.requireNonNull(task, "task"));
        if (Thread.currentThread() != thread)
        {
            selector.wakeup();
        }
    }

    /**
     * @return true on the loop's thread, or on any thread while the loop was never started (driven by hand).
     */
    public boolean inLoop()
    {
        final Thread t = thread;
        return t == null || t == Thread.currentThread();
    }

    /**
     * @return true only on the loop's own thread (false while it was never started).
     */
    public boolean onLoopThread()
    {
        return Thread.currentThread() == thread;
    }

    /**
     * @return the clock reading of this turn (refreshed at the start of each turn and before timers fire).
     */
    public long nowNs()
    {
        return nowNs;
    }

    /**
     * @return the clock read now (not the turn's reading): for work that bounds its own length within a turn.
     */
    public long clockNs()
    {
        return clock.nanoTime();
    }

    /**
     * @param timerName for logs.
     * @param action    run on the loop thread when the timer fires.
     * @return a stopped timer.
     */
    public Timer timer(final String timerName, final Runnable action)
    {
        return new Timer(this, timerName, action);
    }

    /**
     * Register a channel with the loop's selector.
     *
     * @param channel non-blocking.
     * @param ops     interest set.
     * @param handler called when ready.
     * @return the key.
     * @throws ClosedChannelException if the channel is closed.
     */
    public SelectionKey register(final SelectableChannel channel, final int ops, final IoHandler handler)
        throws ClosedChannelException
    {
        return channel.register(selector, ops, handler);
    }

    /**
     * One turn: tasks, due timers, then I/O, waiting at most {@code maxWaitMs} (0: do not wait) or until the
     * next deadline.
     *
     * @param maxWaitMs longest wait for I/O.
     * @return units of work done.
     */
    public int doWork(final long maxWaitMs)
    {
        final ArrayList<Runnable> due = nextTurn;
        nextTurn = thisTurn;
        thisTurn = due;
        int work = runTasks();
        work += runContinuations(due);
        work += runDueTimers();
        long waitMs = maxWaitMs;
        if (heapSize > 0)
        {
            final long untilNs = heap[0].deadlineNs - clock.nanoTime();
            waitMs = Math.min(waitMs, Math.max(0, TimeUnit.NANOSECONDS.toMillis(untilNs + 999_999)));
        }
        if (!tasks.isEmpty() || !nextTurn.isEmpty())
        {
            waitMs = 0;
        }
        try
        {
            final int ready = waitMs <= 0 ? selector.selectNow() : selector.select(waitMs);
            if (ready > 0)
            {
                nowNs = clock.nanoTime();
                for (final var it = selector.selectedKeys().iterator(); it.hasNext(); )
                {
                    final SelectionKey key = it.next();
                    it.remove();
                    if (key.isValid())
                    {
                        dispatch(key);
                        work++;
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            LOG.log(Level.WARNING, "select failed on " + name, ex);
        }
        if (work > 0 && null != afterWork)
        {
            try
            {
                afterWork.run();
            }
            catch (final RuntimeException ex)
            {
                LOG.log(Level.ERROR, "after-turn hook failed on " + name, ex);
            }
        }
        return work;
    }

    /**
     * Run {@code hook} on the loop thread at the end of every turn that did some work (after its I/O): short
     * bookkeeping that sums a turn up, such as publishing status for other threads. Set once, before the
     * loop starts.
     *
     * @param hook run at the end of each such turn; it must be short and not block.
     */
    public void afterWork(final Runnable hook)
    {
        if (null != afterWork)
        {
            throw new IllegalStateException("event loop " + name + " already has an after-work hook");
        }
        afterWork = Objects.requireNonNull(hook, "hook");
    }

    /**
     * Run work on the loop thread at the start of the next turn, after the tasks other threads queued
     * before it: the rest of something that stopped at its share of this turn (a connection's reads).
     * Unlike {@link #execute}, what it queues never runs in the turn that queued it.
     *
     * @param continuation run once, on the loop thread.
     */
    public void nextTurn(final Runnable continuation)
    {
        nextTurn.add(Objects.requireNonNull(continuation, "continuation"));
    }

    private int runContinuations(final ArrayList<Runnable> due)
    {
        final int n = due.size();
        for (int i = 0; i < n; i++)
        {
            try
            {
                due.get(i).run();
            }
            catch (final RuntimeException ex)
            {
                LOG.log(Level.ERROR, "continuation failed on " + name, ex);
            }
        }
        due.clear();
        return n;
    }

    /**
     * Run the queued tasks (at most a bounded number, so I/O is not starved).
     *
     * @return tasks run.
     */
    public int runTasks()
    {
        nowNs = clock.nanoTime();
        int n = 0;
        Runnable task;
        while (n < MAX_TASKS_PER_TURN && (task = tasks.poll()) != null)
        {
            n++;
            try
            {
                task.run();
            }
            catch (final RuntimeException ex)
            {
                LOG.log(Level.ERROR, "task failed on " + name, ex);
            }
        }
        return n;
    }

    /**
     * Fire every timer whose deadline is not after the clock's current reading, earliest first.
     *
     * @return timers fired.
     */
    public int runDueTimers()
    {
        nowNs = clock.nanoTime();
        int n = 0;
        while (heapSize > 0 && heap[0].deadlineNs - nowNs <= 0)
        {
            final Timer t = heap[0];
            removeAt(0);
            n++;
            try
            {
                t.fire();
            }
            catch (final RuntimeException ex)
            {
                LOG.log(Level.ERROR, "timer " + t + " failed on " + name, ex);
            }
        }
        return n;
    }

    private void run()
    {
        try
        {
            while (running)
            {
                doWork(MAX_WAIT_MS);
            }
        }
        catch (final Throwable t)
        {
            LOG.log(Level.ERROR, "event loop " + name + " died", t);
            throw t;
        }
    }

    private void dispatch(final SelectionKey key)
    {
        try
        {
            ((IoHandler)key.attachment()).onReady(key);
        }
        catch (final RuntimeException ex)
        {
            LOG.log(Level.ERROR, "I/O handler failed on " + name, ex);
        }
    }

    void arm(final Timer timer, final long deadlineNs)
    {
        if (timer.heapIndex >= 0)
        {
            final long old = timer.deadlineNs;
            timer.deadlineNs = deadlineNs;
            if (deadlineNs - old < 0)
            {
                siftUp(timer.heapIndex);
            }
            else
            {
                siftDown(timer.heapIndex);
            }
            return;
        }
        if (heapSize == heap.length)
        {
            heap = Arrays.copyOf(heap, heapSize * 2);
        }
        timer.deadlineNs = deadlineNs;
        timer.heapIndex = heapSize;
        heap[heapSize++] = timer;
        siftUp(timer.heapIndex);
    }

    void disarm(final Timer timer)
    {
        if (timer.heapIndex >= 0)
        {
            removeAt(timer.heapIndex);
        }
    }

    /**
     * @return timers armed (for tests and status).
     */
    public int armedTimers()
    {
        return heapSize;
    }

    private void removeAt(final int index)
    {
        final Timer removed = heap[index];
        removed.heapIndex = -1;
        heapSize--;
        if (index == heapSize)
        {
            heap[heapSize] = null;
            return;
        }
        final Timer last = heap[heapSize];
        heap[heapSize] = null;
        heap[index] = last;
        last.heapIndex = index;
        siftDown(index);
        if (heap[index] == last)
        {
            siftUp(index);
        }
    }

    private void siftUp(final int start)
    {
        int i = start;
        final Timer t = heap[i];
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            final Timer p = heap[parent];
            if (t.deadlineNs - p.deadlineNs >= 0)
            {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void siftDown(final int start)
    {
        int i = start;
        final Timer t = heap[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= heapSize)
            {
                break;
            }
            if (child + 1 < heapSize && heap[child + 1].deadlineNs - heap[child].deadlineNs < 0)
            {
                child++;
            }
            final Timer c = heap[child];
            if (c.deadlineNs - t.deadlineNs >= 0)
            {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    /**
     * Close a channel, logging instead of throwing.
     *
     * @param channel to close, or null.
     */
    public static void closeQuietly(final java.nio.channels.Channel channel)
    {
        if (channel == null)
        {
            return;
        }
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            LOG.log(Level.DEBUG, "close failed", ex);
        }
    }

    public String toString()
    {
        return "EventLoop[" + name + "]";
    }
}
