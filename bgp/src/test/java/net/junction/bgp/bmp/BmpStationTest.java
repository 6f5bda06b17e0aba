/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.bmp;

import net.junction.routing.Ip4Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class BmpStationTest
{
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final LinkedBlockingQueue<Integer> generations = new LinkedBlockingQueue<>();

    @AfterEach
    void tearDown() throws Exception
    {
        for (final AutoCloseable c : closeAfter.reversed())
        {
            c.close();
        }
    }

    private ServerSocket listen() throws IOException
    {
        final ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        closeAfter.add(server);
        return server;
    }

    private BmpStation station(final int port, final int queueLimit, final BmpStation.Connector connector)
    {
        final BmpConfig.Station config = new BmpConfig.Station(Ip4Address.parse("127.0.0.1"), port, true, true, true,
            0, 1, queueLimit);
        final BmpStation station = new BmpStation(config, "r1", "Junction test", connector, generations::add);
        closeAfter.add(station);
        return station;
    }

    private static BmpStation.Item message(final int size)
    {
        return (encoder, out) -> out.message(encoder.termination(BmpEncoder.TERM_UNSPECIFIED, "x".repeat(size)));
    }

    @Test
    void shouldSendInitiationThenWhatIsOfferedThenTerminationOnClose() throws Exception
    {
        final ServerSocket server = listen();
        final BmpStation station = station(server.getLocalPort(), 1000, BmpStation.Connector.TCP);
        station.start();
        try (Socket s = server.accept())
        {
            final InputStream in = s.getInputStream();
            final BmpTestReader.Message init = BmpTestReader.parse(BmpTestReader.next(in));
            assertEquals(BmpEncoder.INITIATION, init.type());
            final List<BmpTestReader.Tlv> tlvs = BmpTestReader.tlvs(init.body(), 0);
            assertEquals("Junction test", tlvs.get(0).text());
            assertEquals("r1", tlvs.get(1).text());

            final int generation = generations.poll(5, TimeUnit.SECONDS);
            assertTrue(station.offer(generation, message(3)));
            assertFalse(station.offer(generation + 1, message(3)), "no connection of that generation");
            final BmpTestReader.Message first = BmpTestReader.parse(BmpTestReader.next(in));
            assertEquals("xxx", BmpTestReader.tlvs(first.body(), 0).getFirst().text());
            assertTrue(station.offer(generation, message(4)));

            station.close();
            assertEquals("xxxx", BmpTestReader.tlvs(BmpTestReader.parse(BmpTestReader.next(in)).body(), 0)
                .getFirst().text());
            final BmpTestReader.Message term = BmpTestReader.parse(BmpTestReader.next(in));
            assertEquals(BmpEncoder.TERMINATION, term.type());
            assertNull(BmpTestReader.next(in), "the connection ends after the Termination");
            final BmpStation.Status status = station.status();
            assertEquals(4, status.messagesSent());
            assertEquals(1, status.connects());
            assertEquals(0, status.resyncs());
            assertFalse(station.offer(generation, message(1)), "closed");
        }
    }

    @Test
    void shouldDropASlowStationWithoutWaitingAndResyncOnTheNextConnection() throws Exception
    {
        final ServerSocket server = listen();
        final BmpStation station = station(server.getLocalPort(), 1000, BmpStation.Connector.TCP);
        station.start();
        final Socket stalled = server.accept(); // reads nothing: the kernel's buffers fill, then the queue
        closeAfter.add(stalled);
        final int generation = generations.poll(5, TimeUnit.SECONDS);
        int offered = 0;
        final long started = System.nanoTime();
        while (station.offer(generation, message(16_000)))
        {
            offered++;
            assertTrue(offered < 100_000, "the queue must fill: it is bounded");
        }
        final long offerMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(offered >= 1000, "at least the queue's limit was taken: " + offered);
        assertTrue(offerMs < 10_000, "offering never waits for the station: " + offerMs + " ms");
        assertFalse(station.live(generation));
        assertFalse(station.offer(generation, message(1)), "nothing more for a dropped connection");

        // The connection is dropped, and the station connects again for a full resync.
        try (Socket second = server.accept())
        {
            final int next = generations.poll(10, TimeUnit.SECONDS);
            assertTrue(next > generation);
            assertEquals(BmpEncoder.INITIATION, BmpTestReader.parse(BmpTestReader.next(second.getInputStream())).type());
            assertTrue(station.offer(next, message(2)));
            assertEquals(BmpEncoder.TERMINATION,
                BmpTestReader.parse(BmpTestReader.next(second.getInputStream())).type());
            final BmpStation.Status status = station.status();
            assertEquals(1, status.resyncs());
            assertEquals(2, status.connects());
            assertTrue(status.lastError().contains("too slow"), status.lastError());
        }
    }

    @Test
    void shouldDropAStationThatReadsNothingOnceAWriteMakesNoProgress() throws Exception
    {
        final ServerSocket server = listen();
        final BmpConfig.Station config = new BmpConfig.Station(Ip4Address.parse("127.0.0.1"), server.getLocalPort(),
            true, true, true, 0, 1, 1_000_000);
        final BmpStation station = new BmpStation(config, "r1", "Junction test", BmpStation.Connector.TCP,
            generations::add, TimeUnit.MILLISECONDS.toNanos(300));
        closeAfter.add(station);
        station.start();
        final Socket stalled = server.accept();
        closeAfter.add(stalled);
        final int generation = generations.poll(5, TimeUnit.SECONDS);
        // Far below the queue's limit, but more than the kernel's buffers: the station's writer blocks.
        int offered = 0;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (station.offer(generation, message(16_000)))
        {
            offered++;
            assertTrue(System.nanoTime() < deadline, "a blocked write must end the connection");
            if (offered % 100 == 0)
            {
                Thread.sleep(10);
            }
        }
        assertTrue(offered < 1_000_000, "dropped before the queue filled: " + offered);
        try (Socket second = server.accept())
        {
            assertTrue(generations.poll(10, TimeUnit.SECONDS) > generation, "reconnected for a resync");
            assertEquals(BmpEncoder.INITIATION, BmpTestReader.parse(BmpTestReader.next(second.getInputStream())).type());
            assertEquals(1, station.status().resyncs());
            assertTrue(station.status().lastError().contains("no progress writing"), station.status().lastError());
        }
    }

    @Test
    void shouldSkipAndCountWhatCannotBeEncodedAndKeepTheConnection() throws Exception
    {
        final ServerSocket server = listen();
        final BmpStation station = station(server.getLocalPort(), 1000, BmpStation.Connector.TCP);
        station.start();
        try (Socket s = server.accept())
        {
            final InputStream in = s.getInputStream();
            assertEquals(BmpEncoder.INITIATION, BmpTestReader.parse(BmpTestReader.next(in)).type());
            final int generation = generations.poll(5, TimeUnit.SECONDS);
            assertTrue(station.offer(generation, (encoder, out) ->
            {
                throw new IllegalArgumentException("a route the encoder refuses");
            }));
            assertTrue(station.offer(generation, message(5)));
            assertEquals("xxxxx", BmpTestReader.tlvs(BmpTestReader.parse(BmpTestReader.next(in)).body(), 0)
                .getFirst().text());
            final BmpStation.Status status = station.status();
            assertEquals(1, status.skipped());
            assertEquals(1, status.connects(), "the same connection");
            assertEquals(0, status.resyncs());
        }
    }

    @Test
    void shouldRetryWithBackoffWhileTheStationIsDown() throws Exception
    {
        final List<Long> attempts = new CopyOnWriteArrayList<>();
        final BmpStation station = station(11019, 1000, config ->
        {
            attempts.add(System.nanoTime());
            throw new ConnectException("Connection refused");
        });
        station.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (attempts.size() < 3 && System.nanoTime() < deadline)
        {
            Thread.sleep(50);
        }
        assertEquals(3, attempts.size(), "connects at 0, 1 s and 3 s");
        final long firstGapMs = (attempts.get(1) - attempts.get(0)) / 1_000_000;
        final long secondGapMs = (attempts.get(2) - attempts.get(1)) / 1_000_000;
        assertTrue(firstGapMs >= 900 && firstGapMs < 1900, "retry time first: " + firstGapMs);
        assertTrue(secondGapMs >= 1900 && secondGapMs < 2900, "then doubled: " + secondGapMs);
        final BmpStation.Status status = station.status();
        assertEquals("idle", status.state());
        assertEquals(0, status.connects());
        assertTrue(status.lastError().contains("Connection refused"), status.lastError());
        assertNotNull(status.name());
        assertFalse(station.offer(1, message(1)), "never connected");
    }
}
