/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BulkThreadsTest
{
    private static final Path TASKS = Path.of("/proc/self/task");

    @Test
    void shouldLowerBulkThreadsOnlyAndEachOnce() throws Exception
    {
        // Names of this test's own: the JVM's GC and JIT threads, which the router lowers too, are left alone here.
        final CountDownLatch stop = new CountDownLatch(1);
        final Thread loop = parked("bulk-test-loop", stop);
        final Thread log = parked("bulk-test-log", stop);
        final Thread api = parked("api-test-7", stop);
        try
        {
            final BulkThreads bulk = new BulkThreads(7, TASKS, List.of("bulk-test-"));
            assertEquals(2, bulk.lowerNew());
            assertEquals(7, niceOf("bulk-test-loop"));
            assertEquals(7, niceOf("bulk-test-log"));
            assertEquals(0, niceOf("api-test-7"), "a thread of another name keeps the normal priority");
            assertEquals(0, bulk.lowerNew(), "a thread once lowered is not touched again");
        }
        finally
        {
            stop.countDown();
            loop.join();
            log.join();
            api.join();
        }
    }

    @Test
    void shouldKnowTheBulkThreadsByName()
    {
        final List<String> names = BulkThreads.NAME_PREFIXES;
        assertTrue(BulkThreads.isBulk("bgp-sessions", names));
        assertTrue(BulkThreads.isBulk("junction-journa", names), "junction-journal as /proc shows it (15 bytes)");
        assertTrue(BulkThreads.isBulk("ZWorkerYoung#0", names));
        assertTrue(BulkThreads.isBulk("C2 CompilerThre", names));
        assertFalse(BulkThreads.isBulk("junction-worker", names), "the data plane forwards");
        assertFalse(BulkThreads.isBulk("junction-slowpa", names), "the slow path carries BGP's own packets");
        assertFalse(BulkThreads.isBulk("junction-api-1", names));
    }

    @Test
    void shouldReadTheNiceValueFromItsPropertyAndRefuseABadOne()
    {
        final String before = System.getProperty(BulkThreads.NICE_PROPERTY);
        try
        {
            System.setProperty(BulkThreads.NICE_PROPERTY, "0");
            assertNull(BulkThreads.fromSystemProperty(), "0: off");
            System.setProperty(BulkThreads.NICE_PROPERTY, "12");
            assertEquals(12, BulkThreads.fromSystemProperty().nice());
            System.clearProperty(BulkThreads.NICE_PROPERTY);
            assertEquals(BulkThreads.DEFAULT_NICE, BulkThreads.fromSystemProperty().nice());
            System.setProperty(BulkThreads.NICE_PROPERTY, "20");
            final IllegalArgumentException high = assertThrows(IllegalArgumentException.class, BulkThreads::fromSystemProperty);
            assertTrue(high.getMessage().startsWith("junction.bulkNice: 0 (off) or 1 to 19"), high.getMessage());
            System.setProperty(BulkThreads.NICE_PROPERTY, "low");
            assertThrows(IllegalArgumentException.class, BulkThreads::fromSystemProperty);
        }
        finally
        {
            if (null == before)
            {
                System.clearProperty(BulkThreads.NICE_PROPERTY);
            }
            else
            {
                System.setProperty(BulkThreads.NICE_PROPERTY, before);
            }
        }
    }

    private static Thread parked(final String name, final CountDownLatch stop) throws InterruptedException
    {
        final CountDownLatch running = new CountDownLatch(1);
        final Thread thread = new Thread(() ->
        {
            running.countDown();
            try
            {
                stop.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.start();
        running.await();
        return thread;
    }

    /** The nice value of this process's thread of that name (field 19 of /proc/self/task/TID/stat). */
    private static int niceOf(final String comm) throws IOException
    {
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(TASKS))
        {
            for (final Path thread : threads)
            {
                final String name;
                final String stat;
                try
                {
                    name = new String(Files.readAllBytes(thread.resolve("comm")), StandardCharsets.UTF_8).strip();
                    stat = Files.readString(thread.resolve("stat"));
                }
                catch (final NoSuchFileException ex)
                {
                    continue; // a thread of the JVM (JIT, GC) that ended while the folder was listed
                }
                if (name.equals(comm))
                {
                    final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    return Integer.parseInt(fields[16]); // field 19: nice (fields after the name start at field 3)
                }
            }
        }
        throw new IllegalStateException("no thread named " + comm);
    }
}
