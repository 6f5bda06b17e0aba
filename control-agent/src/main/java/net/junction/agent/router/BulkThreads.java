/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gives the router's bulk work a lower CPU priority (a higher nice value) than the work someone waits for.
 * <p>
 * Why. While a full table loads, the BGP thread, the route journal and the JVM's garbage collector and JIT
 * compilers keep every CPU of a small box busy; an operator's {@code junction show}, the API's threads and the
 * data-plane worker then wait for a CPU like everyone else (measured, {@code ./junction bench api}, 2 CPUs: a
 * CLI lookup p50 19 ms, p99 57 ms; with these threads at nice 10: p50 11 ms, p99 37 ms, the load as fast). The
 * scheduler still gives a nice-10 thread about a tenth of a CPU that others want, and all of an idle one, so
 * bulk work only yields when something else is waiting. Not lowered: the data-plane worker and slow path (they
 * carry the packets, BGP's included), the API, the commit path, timers.
 * <p>
 * How. Linux sets a nice value per thread ({@code setpriority(PRIO_PROCESS, tid, nice)}; raising it needs no
 * privilege). The threads are found by name in {@code /proc/self/task}, the JVM's own among them, at
 * {@link #start} and then every few seconds, since the JVM starts GC and compiler threads as it needs them.
 * A thread once lowered is not touched again. Off when the nice value is 0 ({@code -Djunction.bulkNice=0}).
 */
public final class BulkThreads implements AutoCloseable
{
    /** The nice value given to bulk threads by default (0 is the normal priority, 19 the lowest). */
    public static final int DEFAULT_NICE = 10;
    /** System property that sets the nice value; 0 turns this off. */
    public static final String NICE_PROPERTY = "junction.bulkNice";
    /** How often new threads are looked for. */
    static final long RESCAN_SECONDS = 5;

    /**
     * The names of bulk threads, as {@code /proc} shows them (the first 15 bytes): the BGP event loop, the route
     * journal, ZGC's workers and drivers, the JIT compilers.
     */
    static final List<String> NAME_PREFIXES = List.of(
        "bgp-sessions", "junction-journa", "ZWorker", "ZDriver", "ZDirector", "C1 CompilerThre", "C2 CompilerThre");

    private static final int PRIO_PROCESS = 0;
    private static final MethodHandle SETPRIORITY;

    static
    {
        final Linker linker = Linker.nativeLinker();
        SETPRIORITY = linker.downcallHandle(linker.defaultLookup().find("setpriority").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private final int nice;
    private final Path tasks;
    private final List<String> namePrefixes;
    private final Set<Integer> lowered = new HashSet<>();
    private ScheduledExecutorService rescans;

    /**
     * @param nice         the nice value for bulk threads, 1 to 19.
     * @param tasks        the process's task folder ({@code /proc/self/task}).
     * @param namePrefixes the names of the threads to lower, as {@code /proc} shows them ({@link #NAME_PREFIXES}).
     */
    BulkThreads(final int nice, final Path tasks, final List<String> namePrefixes)
    {
        if (nice < 1 || nice > 19)
        {
            throw new IllegalArgumentException(NICE_PROPERTY + ": 0 (off) or 1 to 19, not " + nice);
        }
        this.nice = nice;
        this.tasks = tasks;
        this.namePrefixes = List.copyOf(namePrefixes);
    }

    /**
     * @return the router's: the nice value of {@link #NICE_PROPERTY} (default {@link #DEFAULT_NICE}), or null
     *     when it is 0 or there is no {@code /proc/self/task} (not Linux).
     * @throws IllegalArgumentException when the property is not a number from 0 to 19.
     */
    public static BulkThreads fromSystemProperty()
    {
        final String text = System.getProperty(NICE_PROPERTY, Integer.toString(DEFAULT_NICE)).strip();
        final int nice;
        try
        {
            nice = Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(NICE_PROPERTY + ": 0 (off) or 1 to 19, not '" + text + "'", ex);
        }
        final Path tasks = Path.of("/proc/self/task");
        return 0 == nice || !Files.isDirectory(tasks) ? null : new BulkThreads(nice, tasks, NAME_PREFIXES);
    }

    /**
     * @return the nice value bulk threads get.
     */
    public int nice()
    {
        return nice;
    }

    /**
     * Lowers the bulk threads there are now, then looks for new ones every {@link #RESCAN_SECONDS} on a
     * daemon thread of its own.
     */
    public void start()
    {
        lowerNew();
        rescans = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread thread = new Thread(r, "junction-priorities");
            thread.setDaemon(true);
            return thread;
        });
        rescans.scheduleWithFixedDelay(this::lowerNew, RESCAN_SECONDS, RESCAN_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * One scan: every bulk thread not lowered yet gets the nice value.
     *
     * @return how many threads it lowered.
     */
    synchronized int lowerNew()
    {
        int count = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks))
        {
            for (final Path thread : threads)
            {
                final int tid = Integer.parseInt(thread.getFileName().toString());
                if (!lowered.contains(tid) && isBulk(name(thread), namePrefixes) && setNice(tid))
                {
                    lowered.add(tid);
                    count++;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // Best effort: a thread that ended mid-scan, /proc unreadable; the next scan tries again.
        }
        return count;
    }

    private static String name(final Path thread)
    {
        try
        {
            return new String(Files.readAllBytes(thread.resolve("comm")), StandardCharsets.UTF_8).strip();
        }
        catch (final IOException ex)
        {
            return ""; // it ended
        }
    }

    static boolean isBulk(final String name, final List<String> namePrefixes)
    {
        for (final String prefix : namePrefixes)
        {
            if (name.startsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }

    private boolean setNice(final int tid)
    {
        try
        {
            return 0 == (int)SETPRIORITY.invokeExact(PRIO_PROCESS, tid, nice);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("setpriority failed", t);
        }
    }

    @Override
    public void close()
    {
        if (null != rescans)
        {
            rescans.shutdownNow();
        }
    }
}
