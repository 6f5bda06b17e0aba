/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.worker;

import static net.junction.dataplane.worker.TestRouter.GATEWAY_IP;
import static net.junction.dataplane.worker.TestRouter.GATEWAY_MAC;
import static net.junction.dataplane.worker.TestRouter.HOST_IP;
import static net.junction.dataplane.worker.TestRouter.HOST_MAC;
import static net.junction.dataplane.worker.TestRouter.P0;
import static net.junction.dataplane.worker.TestRouter.P0_MAC;
import static net.junction.dataplane.worker.TestRouter.P1;
import static net.junction.dataplane.worker.TestRouter.P1_IP;
import static net.junction.dataplane.worker.TestRouter.P1_MAC;
import static net.junction.dataplane.worker.TestRouter.SERVER_IP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import net.junction.dataplane.DropReason;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.neighbor.NeighborTable;
import net.junction.dataplane.port.PortTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live changes reach the agents only through their command queues, between two duty cycles: a
 * port's MTU in a worker's table, the slow path's addresses (ARP answers) and static neighbors.
 */
class WorkerCommandTest
{
    private static final int NEW_IP = Frames.ip4("198.18.2.9");

    @TempDir
    Path directory;

    private TestRouter router;

    @AfterEach
    void tearDown()
    {
        if (router != null)
        {
            router.close();
        }
    }

    private static byte[] dontFragment(final int size)
    {
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, size - 28);
        Frames.put16(frame, 14 + 6, 0x4000);
        Frames.put16(frame, 14 + 10, 0);
        Frames.put16(frame, 14 + 10, Frames.checksum(frame, 14, 20, 0));
        return frame;
    }

    @Test
    void shouldTakeAnMtuChangeAtTheStartOfItsNextCycleOnly()
    {
        router = new TestRouter(directory);
        router.worker.doWork();
        final CompletableFuture<Void> done = router.worker.commands().submit(() -> router.ports.mtu(1, 1700));
        assertFalse(done.isDone(), "nothing runs on the caller's thread");
        assertEquals(1500, router.ports.mtu(1));

        router.receive(P0, dontFragment(1600));
        router.run();

        assertTrue(done.isDone());
        assertEquals(0, router.drops(DropReason.MTU_EXCEEDED), "the 1600-byte packet went out: the new MTU was in force");
        assertEquals(1, router.sent(P1).stream().filter(f -> f.length >= 1600).count());
    }

    @Test
    void shouldCountDutyCyclesAndBusyCycles()
    {
        router = new TestRouter(directory);
        router.worker.doWork();
        router.receive(P0, dontFragment(100));
        router.worker.doWork();
        assertEquals(2, router.workerCounters.dpValue(WorkerCounters.DUTY_CYCLES));
        assertEquals(1, router.workerCounters.dpValue(WorkerCounters.BUSY_CYCLES));
    }

    @Test
    void shouldAnswerArpForAnAddressAddedOnTheSlowPath()
    {
        router = new TestRouter(directory);
        final byte[] request = Frames.arp(-1L & 0xFFFF_FFFF_FFFFL, GATEWAY_MAC, 1, GATEWAY_MAC, GATEWAY_IP, 0, NEW_IP);
        router.receive(P1, request);
        router.run();
        assertTrue(router.sent(P1).isEmpty(), "not ours yet");

        router.slowPath.commands().submit(() -> router.resolver.addresses(1, new int[] {P1_IP, NEW_IP},
            new long[] {router.linkLocal(1).high(), router.linkLocal(1).low()}));
        router.receive(P1, request);
        router.run();

        final List<byte[]> sent = router.sent(P1);
        assertEquals(1, sent.size());
        assertEquals(2, Frames.u16(sent.getFirst(), 14 + 6), "an ARP reply");
        assertEquals(P1_MAC, Frames.srcMac(sent.getFirst()));
    }

    @Test
    void shouldAddAndForgetAStaticNeighbor()
    {
        router = new TestRouter(directory);
        router.slowPath.commands().submit(() -> router.resolver.addPermanent4(1, NEW_IP, 0x02_00_00_00_00_09L));
        router.run();
        assertEquals(NeighborTable.PERMANENT, router.state4(1, NEW_IP));

        router.slowPath.commands().submit(() -> router.resolver.removePermanent4(1, NEW_IP));
        router.run();
        assertEquals(NeighborTable.NONE, router.state4(1, NEW_IP));
    }

    @Test
    void shouldRefuseWhenFullAndReportWhatACommandThrew()
    {
        final CommandQueue queue = new CommandQueue("test-agent");
        for (int i = 0; i < CommandQueue.CAPACITY; i++)
        {
            queue.submit(() ->
            {
            });
        }
        final CompletableFuture<Void> refused = queue.submit(() ->
        {
        });
        assertTrue(refused.isCompletedExceptionally());
        int drained = 0;
        while (queue.drain() > 0)
        {
            drained++;
        }
        assertEquals(CommandQueue.CAPACITY / CommandQueue.DRAIN_LIMIT, drained, "a bounded number per cycle");

        final CompletableFuture<Void> failing = queue.submit(() ->
        {
            throw new IllegalStateException("no");
        });
        queue.drain();
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> CommandQueue.await(failing, "test-agent", 100));
        assertEquals("no", ex.getMessage());
        final IllegalStateException late = assertThrows(IllegalStateException.class,
            () -> queue.run(() ->
            {
            }, 10));
        assertTrue(late.getMessage().contains("did not take the command"), late.getMessage());
    }

    @Test
    void shouldShareOnlyTheLinkStateWithAWorkersCopy()
    {
        final PortTable table = new PortTable(1);
        table.define(0, "p0", 0, P0_MAC, 1500, HOST_IP, 0, 0);
        final PortTable copy = table.copyForWorker();
        table.mtu(0, 9000);
        table.ip4Source(0, SERVER_IP);
        assertEquals(1500, copy.mtu(0));
        assertEquals(HOST_IP, copy.ip4Source(0));
        table.linkUp(0, true);
        assertTrue(copy.linkUp(0));
        assertEquals(P0, copy.devicePort(0));
    }
}
