package net.junction.dataplane.worker;

import static net.junction.dataplane.worker.TestRouter.HOST_IP;
import static net.junction.dataplane.worker.TestRouter.HOST_MAC;
import static net.junction.dataplane.worker.TestRouter.P0;
import static net.junction.dataplane.worker.TestRouter.P0_IP;
import static net.junction.dataplane.worker.TestRouter.P0_MAC;
import static net.junction.dataplane.worker.TestRouter.P1;
import static net.junction.dataplane.worker.TestRouter.SERVER_IP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import net.junction.dataplane.capture.Capture;
import net.junction.dataplane.capture.CaptureFilter;
import net.junction.dataplane.capture.CaptureRing;
import net.junction.dataplane.capture.CaptureSession;
import net.junction.dataplane.capture.PcapngReader;
import net.junction.dataplane.capture.PcapngWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packet capture in the worker: nothing copied while off; received and sent frames of the port while on. */
class WorkerCaptureTest
{
    @TempDir
    Path directory;

    private TestRouter router;
    private Capture capture;

    private record Frame(int port, int direction, int originalLength, byte[] data)
    {
    }

    @AfterEach
    void tearDown()
    {
        router.close();
    }

    private void start(final int ringBytes)
    {
        router = new TestRouter(directory);
        capture = new Capture(1, ringBytes);
        router.worker.capture(capture, capture.ring(0));
    }

    private static byte[] echoRequest()
    {
        return Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
            Frames.ip4Packet(HOST_IP, P0_IP, 64, Frames.PROTO_ICMP, Frames.icmp4Echo(8, 0x4242, 7, Frames.data(56, 3))));
    }

    private List<Frame> drain()
    {
        final List<Frame> frames = new ArrayList<>();
        capture.drain((ts, port, direction, original, buffer, offset, length) ->
        {
            final byte[] data = new byte[length];
            buffer.getBytes(offset, data);
            frames.add(new Frame(port, direction, original, data));
        }, 1000);
        return frames;
    }

    @Test
    void shouldCopyNothingWhileOff()
    {
        start(1 << 16);
        router.receive(P0, echoRequest());
        router.worker.doWork();

        assertEquals(1, router.sent(P0).size());
        assertEquals(List.of(), drain());
        assertEquals(0, capture.captured());
    }

    @Test
    void shouldCopyWhatThePortReceivesAndSends()
    {
        start(1 << 16);
        capture.start(1L << P0, Capture.DEFAULT_SNAP_LENGTH);
        final byte[] request = echoRequest();
        router.receive(P0, request);
        router.worker.doWork();

        final byte[] reply = router.sent(P0).getFirst();
        final List<Frame> frames = drain();
        assertEquals(2, frames.size());
        assertEquals(P0, frames.get(0).port());
        assertEquals(CaptureRing.RX, frames.get(0).direction());
        assertArrayEquals(request, frames.get(0).data(), "as received, before the pipeline answered in place");
        assertEquals(CaptureRing.TX, frames.get(1).direction());
        assertArrayEquals(reply, frames.get(1).data());
        assertEquals(2, capture.captured());

        capture.stop();
        router.receive(P0, request);
        router.worker.doWork();
        assertEquals(List.of(), drain());
    }

    @Test
    void shouldCopyOnlyThePortsAskedForAndCutAtTheSnapLength()
    {
        start(1 << 16);
        capture.start(1L << P1, 20);
        final byte[] packet = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 300);
        router.receive(P0, packet);
        router.worker.doWork();

        final byte[] forwarded = router.sent(P1).getFirst();
        final List<Frame> frames = drain();
        assertEquals(1, frames.size(), "p0's frame is not captured");
        assertEquals(P1, frames.getFirst().port());
        assertEquals(CaptureRing.TX, frames.getFirst().direction());
        assertEquals(forwarded.length, frames.getFirst().originalLength());
        assertArrayEquals(Arrays.copyOf(forwarded, 20), frames.getFirst().data());
    }

    @Test
    void shouldCountFramesAFullRingDropped()
    {
        start(4096);
        capture.start(1L << P0, Capture.DEFAULT_SNAP_LENGTH);
        for (int i = 0; i < Worker.BURST; i++)
        {
            router.receive(P0, echoRequest());
        }
        router.worker.doWork();

        assertEquals(2 * Worker.BURST, capture.captured() + capture.dropped());
        assertTrue(capture.dropped() > 0, "dropped " + capture.dropped());
        assertEquals(capture.captured(), drain().size());
        assertThrows(IllegalStateException.class, () -> capture.start(1, 64), "one capture at a time");
    }

    @Test
    void shouldWriteASessionToPcapngAndSwitchOffAtTheCount() throws Exception
    {
        start(1 << 16);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final CompletableFuture<CaptureSession.Result> session = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return CaptureSession.run(capture, 1L << P0, List.of("p0", "p1"), 128, CaptureFilter.parse("icmp"),
                    4, 0, () -> false, new PcapngWriter(out));
            }
            catch (final Exception ex)
            {
                throw new RuntimeException(ex);
            }
        });
        while (capture.portMask() == 0)
        {
            Thread.onSpinWait();
        }
        router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 30)); // not icmp
        while (!session.isDone())
        {
            router.receive(P0, echoRequest());
            router.worker.doWork();
            Thread.sleep(1);
        }
        final CaptureSession.Result result = session.get(10, TimeUnit.SECONDS);

        assertEquals(0, capture.portMask(), "off when it ends");
        assertEquals(4, result.written());
        final PcapngReader file = new PcapngReader(out.toByteArray());
        assertEquals(List.of("p0", "p1"), file.interfaces);
        assertEquals(4, file.packets.size());
        assertEquals(PcapngWriter.EPB_INBOUND, file.packets.get(0).flags());
        assertEquals(PcapngWriter.EPB_OUTBOUND, file.packets.get(1).flags());
        final long nowNs = System.currentTimeMillis() * 1_000_000L;
        assertTrue(Math.abs(file.packets.get(0).timestampNs() - nowNs) < 60_000_000_000L, "a wall-clock time");
    }
}
