package net.junction.dataplane.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.junction.dataplane.DropReason;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counters file as {@code ./junction status} sees it: created by the router, mapped a second
 * time the way another process maps it, counters summed over workers by label, gauges reported
 * as they are.
 */
class CountersFileTest
{
    @TempDir
    Path directory;

    @Test
    void shouldWriteAHeaderAnotherMappingRecognises() throws IOException
    {
        final Path path = directory.resolve("run/counters.dat");
        try (CountersFile writer = CountersFile.create(path, 16);
            CountersFile reader = CountersFile.open(path))
        {
            assertEquals(ProcessHandle.current().pid(), reader.pid());
            assertTrue(Math.abs(System.currentTimeMillis() - reader.startTimeMs()) < 60_000);
            assertEquals(writer.startTimeMs(), reader.startTimeMs());
            assertEquals(CountersFile.HEADER_LENGTH + 16L * (CountersReader.COUNTER_LENGTH + CountersReader.METADATA_LENGTH),
                Files.size(path),
                "header, then 16 values and 16 metadata records");
            assertThrows(IllegalStateException.class, reader::manager, "a reader cannot allocate");
        }
    }

    @Test
    void shouldRefuseAFileThatIsNotACountersFile() throws IOException
    {
        final Path path = directory.resolve("other.dat");
        Files.write(path, new byte[8192]);
        assertThrows(IllegalStateException.class, () -> CountersFile.open(path));
    }

    @Test
    void shouldReplaceAnOldFileOnCreate()
    {
        final Path path = directory.resolve("counters.dat");
        try (CountersFile first = CountersFile.create(path, 8))
        {
            first.values().putLong(first.allocate("dp.forwarded", CountersFile.TYPE_COUNTER, 0), 99);
        }
        try (CountersFile second = CountersFile.create(path, 8))
        {
            assertEquals(0, CounterSnapshot.read(second).values().size(), "a fresh file has no counters");
        }
    }

    @Test
    void shouldSumCountersOverWorkersAndNotGauges()
    {
        final Path path = directory.resolve("counters.dat");
        try (CountersFile writer = CountersFile.create(path, 32);
            CountersFile reader = CountersFile.open(path))
        {
            final int w0 = writer.allocate("dp.forwarded", CountersFile.TYPE_COUNTER, 0);
            final int w1 = writer.allocate("dp.forwarded", CountersFile.TYPE_COUNTER, 1);
            final int w2 = writer.allocate("dp.forwarded", CountersFile.TYPE_COUNTER, 2);
            final int gaugeA = writer.allocate("port.p0.link", CountersFile.TYPE_GAUGE, 0);
            final int gaugeB = writer.allocate("neighbors.size", CountersFile.TYPE_GAUGE, 1);
            writer.values().putLongRelease(w0, 10);
            writer.values().putLongRelease(w1, 32);
            writer.values().putLongRelease(w2, 100);
            writer.values().putLongRelease(gaugeA, 1);
            writer.values().putLongRelease(gaugeB, 7);

            final CounterSnapshot snapshot = CounterSnapshot.read(reader);

            assertEquals(142, snapshot.get("dp.forwarded"));
            assertEquals(1, snapshot.get("port.p0.link"), "a gauge is its value");
            assertEquals(7, snapshot.get("neighbors.size"));
            assertEquals(0, snapshot.get("no.such.counter"));
            assertEquals(writer.pid(), snapshot.pid());

            writer.values().putLongRelease(w1, 33);
            writer.values().putLongRelease(gaugeA, 0);
            final CounterSnapshot later = CounterSnapshot.read(reader);
            assertEquals(143, later.get("dp.forwarded"), "the reader's mapping sees live values");
            assertEquals(0, later.get("port.p0.link"));
        }
    }

    @Test
    void shouldReportTheLatestGaugeNotTheirSum()
    {
        final Path path = directory.resolve("counters.dat");
        try (CountersFile file = CountersFile.create(path, 8))
        {
            final int a = file.allocate("port.p0.link", CountersFile.TYPE_GAUGE, 0);
            final int b = file.allocate("port.p0.link", CountersFile.TYPE_GAUGE, 1);
            file.values().putLong(a, 1);
            file.values().putLong(b, 1);

            assertEquals(1, CounterSnapshot.read(file).get("port.p0.link"));
        }
    }

    @Test
    void shouldLabelEveryWorkerCounterAndSumThemAcrossWorkers()
    {
        final Path path = directory.resolve("counters.dat");
        final List<String> ports = List.of("p0", "uplink");
        try (CountersFile file = CountersFile.create(path, 256);
            CountersFile reader = CountersFile.open(path))
        {
            final WorkerCounters worker0 = new WorkerCounters(file, 0, ports);
            final WorkerCounters worker1 = new WorkerCounters(file, 1, ports);
            worker0.port(1, WorkerCounters.PORT_TX_BYTES, 1500);
            worker1.port(1, WorkerCounters.PORT_TX_BYTES, 60);
            worker0.dp(WorkerCounters.FORWARDED, 5);
            worker0.dp(WorkerCounters.FORWARDED, 2);
            worker1.dp(WorkerCounters.FORWARDED, 1);
            worker0.drop(DropReason.NO_ROUTE);
            worker1.drop(DropReason.NO_ROUTE, 4);
            worker1.drop(DropReason.MULTI_SEGMENT);

            final CounterSnapshot snapshot = CounterSnapshot.read(reader);

            assertEquals(1560, snapshot.get("port.uplink.tx_bytes"));
            assertEquals(8, snapshot.get("dp.forwarded"));
            assertEquals(5, snapshot.get("drop.no_route"));
            assertEquals(1, snapshot.get("drop.multi_segment"));
            assertEquals(7, worker0.dpValue(WorkerCounters.FORWARDED), "each worker keeps its own");
            assertEquals(1, worker1.dpValue(WorkerCounters.FORWARDED));
            assertEquals(4, worker1.dropValue(DropReason.NO_ROUTE));
            assertEquals(1500, worker0.portValue(1, WorkerCounters.PORT_TX_BYTES));
            for (final String counter : WorkerCounters.PORT_COUNTERS)
            {
                assertTrue(snapshot.values().containsKey("port.p0." + counter), counter);
            }
            for (final String counter : WorkerCounters.DP_COUNTERS)
            {
                assertTrue(snapshot.values().containsKey("dp." + counter), counter);
            }
            for (int reason = 1; reason < DropReason.COUNT; reason++)
            {
                assertTrue(snapshot.values().containsKey("drop." + DropReason.name(reason)), DropReason.name(reason));
            }
            assertEquals(2 * 4 + WorkerCounters.DP_COUNTERS.length + DropReason.COUNT - 1, snapshot.values().size(),
                "one label per counter, whatever the number of workers");
        }
    }
}
