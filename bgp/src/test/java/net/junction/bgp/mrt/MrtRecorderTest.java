/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.rib.Path;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recorder against a clock the test moves: update files rotated at interval boundaries and renamed whole, table
 * dumps at theirs, old files pruned, and records dropped and counted when the disk does not take them.
 */
class MrtRecorderTest
{
    /** 20 s into a minute: 2023-11-14 22:13:20 UTC. */
    private static final long T = 1_700_000_000L;
    private static final long MINUTE = 1_699_999_980L;
    private static final byte[] END_OF_RIB = HexFormat.of().parseHex("ffffffffffffffffffffffffffffffff" + "0017" + "02" + "00000000");
    private static final IpAddress PEER = IpAddress.parse("198.18.1.1");
    private static final IpAddress LOCAL = IpAddress.parse("198.18.1.2");

    @TempDir
    java.nio.file.Path dir;

    private final AtomicLong nowMs = new AtomicLong(T * 1000);
    private final List<BgpRib.DumpedRoute> table = List.of(new BgpRib.DumpedRoute(IpPrefix.parse("198.19.0.0/16"), "a",
        PEER, 65001, Ip4Address.parse("198.18.0.2").value(),
        new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP), PEER, null)));
    private MrtRecorder recorder;

    @AfterEach
    void close()
    {
        if (recorder != null)
        {
            recorder.close();
        }
    }

    private MrtRecorder recorder(final int ringCapacity)
    {
        recorder = new MrtRecorder(() -> new RibDump(table, 1, nowMs.get() / 1000), nowMs::get, ringCapacity);
        return recorder;
    }

    @Test
    void shouldRotateTheUpdateLogAndDumpTheTableAtTheirBoundaries() throws Exception
    {
        final MrtRecorder r = recorder(MrtRecorder.RING_CAPACITY);
        r.configure(new MrtConfig(Optional.of(dir), 60, true, 60, 2));
        assertTrue(r.recordStateChange(65001, 65000, PEER, LOCAL, 5, 6));
        for (int i = 0; i < 3; i++)
        {
            assertTrue(r.recordMessage(65001, 65000, PEER, LOCAL, new UnsafeBuffer(END_OF_RIB), 0, END_OF_RIB.length));
        }
        await("the records written", () -> r.status().updateRecords() == 4);
        assertEquals(List.of(".updates.20231114.2213.part"), names(), "nothing whole yet: a hidden partial file");

        nowMs.set((MINUTE + 60) * 1000);
        await("the first file whole and a table dump", () -> names().containsAll(List.of("bview.20231114.2214", "updates.20231114.2213")));
        final List<Record> records = records(dir.resolve("updates.20231114.2213"));
        assertEquals(4, records.size());
        assertEquals(List.of(5, 4, 4, 4), records.stream().map(Record::subtype).toList());
        assertTrue(records.stream().allMatch(x -> x.type() == Bgp4mp.BGP4MP && x.timestamp() == T));
        assertEquals("0000fde9" + "0000fde8" + "0000" + "0001" + "c6120101" + "c6120102" + HexFormat.of().formatHex(END_OF_RIB),
            HexFormat.of().formatHex(records.get(1).body()));
        final List<Record> dump = records(dir.resolve("bview.20231114.2214"));
        assertEquals(List.of(TableDumpV2Writer.PEER_INDEX_TABLE, TableDumpV2Writer.RIB_IPV4_UNICAST),
            dump.stream().map(Record::subtype).toList());
        await("the dump counted", () -> r.status().tableDumps() == 1);
        assertEquals(Files.size(dir.resolve("bview.20231114.2214")), r.status().tableDumpBytes());

        // Two more minutes: keep 2 of each kind.
        for (int m = 2; m <= 3; m++)
        {
            nowMs.set((MINUTE + 60L * m) * 1000);
            final String name = "updates.20231114.22" + (13 + m - 1);
            await(name, () -> names().contains(name));
            final long dumps = m;
            await("dump " + m, () -> r.status().tableDumps() == dumps && noDumpThread()); // else the next one is skipped
        }
        await("pruned to two of each", () -> names().equals(List.of(".updates.20231114.2216.part", "bview.20231114.2215",
            "bview.20231114.2216", "updates.20231114.2214", "updates.20231114.2215")));
        final MrtRecorder.Status status = r.status();
        assertTrue(status.enabled());
        assertEquals(0, status.updateDrops());
        assertEquals(3, status.updateFiles());
        assertEquals("", status.lastError());

        r.configure(MrtConfig.NONE);
        assertFalse(r.recordMessage(65001, 65000, PEER, LOCAL, new UnsafeBuffer(END_OF_RIB), 0, END_OF_RIB.length),
            "off: nothing recorded");
        assertTrue(names().contains("updates.20231114.2216"), "the open file completed when the log was turned off");
        assertFalse(r.status().enabled());
    }

    @Test
    void shouldDumpTheTableAloneWithoutAnUpdateLog() throws Exception
    {
        final MrtRecorder r = recorder(MrtRecorder.RING_CAPACITY);
        r.configure(new MrtConfig(Optional.of(dir), 60, false, 60, 2));
        assertFalse(r.recordMessage(65001, 65000, PEER, LOCAL, new UnsafeBuffer(END_OF_RIB), 0, END_OF_RIB.length),
            "no update log: nothing recorded");
        nowMs.set((MINUTE + 60) * 1000);
        await("the table dump", () -> names().equals(List.of("bview.20231114.2214")));
        await("the dump done", () -> r.status().tableDumps() == 1 && noDumpThread()); // else the next one is skipped
        nowMs.set((MINUTE + 120) * 1000);
        await("the next", () -> names().equals(List.of("bview.20231114.2214", "bview.20231114.2215")));
        assertEquals(0, r.status().updateFiles());
        assertEquals(0, r.status().updateDrops());
    }

    @Test
    void shouldDropAndCountWhenTheDiskDoesNotKeepUpNeverWaiting() throws Exception
    {
        // The update file is a FIFO nobody reads: the writer blocks opening it, as on a disk that does not answer.
        final java.nio.file.Path fifo = dir.resolve(".updates.20231114.2213.part");
        final Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        final MrtRecorder r = recorder(4096);
        r.configure(new MrtConfig(Optional.of(dir), 0, true, 60, 2));
        final long start = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 1000; i++)
        {
            accepted += r.recordMessage(65001, 65000, PEER, LOCAL, new UnsafeBuffer(END_OF_RIB), 0, END_OF_RIB.length) ? 1 : 0;
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "the producer never waits");
        assertTrue(accepted < 1000 && accepted > 0, "accepted " + accepted);
        assertEquals(1000 - accepted, r.status().updateDrops());

        // The reader comes: the writer opens the file and writes what the ring held.
        final Thread reader = Thread.ofPlatform().start(() ->
        {
            try (InputStream in = Files.newInputStream(fifo))
            {
                in.transferTo(OutputStream.nullOutputStream());
            }
            catch (final java.io.IOException ignored)
            {
                // the test fails on the counts below
            }
        });
        final int held = accepted;
        await("what the ring held written", () -> r.status().updateRecords() == held);
        r.close();
        reader.join(10_000);
    }

    private List<String> names() throws java.io.IOException
    {
        try (Stream<java.nio.file.Path> files = Files.list(dir))
        {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    record Record(long timestamp, int type, int subtype, byte[] body)
    {
    }

    static List<Record> records(final java.nio.file.Path file) throws java.io.IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        final List<Record> out = new ArrayList<>();
        while (b.hasRemaining())
        {
            final long time = b.getInt() & 0xFFFFFFFFL;
            final int type = b.getShort() & 0xFFFF;
            final int subtype = b.getShort() & 0xFFFF;
            final byte[] body = new byte[b.getInt()];
            b.get(body);
            out.add(new Record(time, type, subtype, body));
        }
        return out;
    }

    /** The recorder's dump thread has ended (it is alive a moment after its file is in place and counted). */
    private static boolean noDumpThread()
    {
        return Thread.getAllStackTraces().keySet().stream().noneMatch(t -> "junction-mrt-dump".equals(t.getName()));
    }

    private static void await(final String what, final Check check) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!check.ok())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @FunctionalInterface
    interface Check
    {
        boolean ok() throws Exception;
    }
}
