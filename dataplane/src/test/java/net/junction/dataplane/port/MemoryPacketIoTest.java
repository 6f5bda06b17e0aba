package net.junction.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import net.junction.bindings.RawMemory;
import net.junction.bindings.dpdk.RteMbuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The in-memory ports every worker test stands on: mbufs laid out as DPDK's, frames in and out
 * byte for byte, the leak count the tests rely on, and refusal of double frees.
 */
class MemoryPacketIoTest
{
    private final MemoryPacketIo io = new MemoryPacketIo(2, 8);
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment burst = arena.allocate(ValueLayout.JAVA_LONG, 16);

    @AfterEach
    void close()
    {
        arena.close();
        io.close();
    }

    @Test
    void shouldReceiveInjectedFramesAsDpdkMbufs()
    {
        final byte[] frame = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
        io.inject(1, frame);

        assertEquals(0, io.rxBurst(0, 0, burst, 16), "nothing on port 0");
        assertEquals(1, io.rxBurst(1, 0, burst, 16));

        final long mbuf = burst.getAtIndex(ValueLayout.JAVA_LONG, 0);
        assertEquals(frame.length, Mbuf.dataLength(mbuf));
        assertEquals(frame.length, Mbuf.packetLength(mbuf));
        assertEquals(1, Mbuf.segments(mbuf));
        assertEquals(1, RteMbuf.port(mbuf));
        assertEquals(MemoryPacketIo.HEADROOM, Mbuf.headroom(mbuf));
        assertEquals(MemoryPacketIo.DATA_ROOM, Mbuf.room(mbuf));
        for (int i = 0; i < frame.length; i++)
        {
            assertEquals(frame[i], (byte)RawMemory.getByte(Mbuf.data(mbuf) + i));
        }
        assertEquals(1, io.inUse());
        io.free(mbuf);
        assertEquals(0, io.inUse());
    }

    @Test
    void shouldRecordSentFramesAndReturnTheirMbufs()
    {
        io.inject(0, new byte[] {9, 8, 7});
        io.rxBurst(0, 0, burst, 16);
        final long mbuf = burst.getAtIndex(ValueLayout.JAVA_LONG, 0);
        Mbuf.reframe(mbuf, -2, 5); // two bytes prepended into the headroom
        RawMemory.putShortBe(Mbuf.data(mbuf), 0x0102);

        assertEquals(1, io.txBurst(1, 0, burst, 1));

        final List<byte[]> sent = io.sent(1);
        assertEquals(1, sent.size());
        assertArrayEquals(new byte[] {1, 2, 9, 8, 7}, sent.getFirst());
        assertTrue(io.sent(1).isEmpty(), "sent() hands frames over once");
        assertEquals(1, io.sentCount(1));
        assertEquals(0, io.inUse());
    }

    @Test
    void shouldRefuseEverythingWhenTxBlocked()
    {
        io.inject(0, new byte[60]);
        io.rxBurst(0, 0, burst, 16);
        io.txBlocked(1, true);

        assertEquals(0, io.txBurst(1, 0, burst, 1));
        assertEquals(1, io.inUse(), "the caller still owns it");
        io.freeBulk(burst, 1);
        assertEquals(0, io.inUse());
    }

    @Test
    void shouldRunDryAndRecover()
    {
        final long[] taken = new long[8];
        for (int i = 0; i < 8; i++)
        {
            taken[i] = io.alloc();
            assertTrue(taken[i] != 0);
        }
        assertEquals(0, io.alloc(), "pool empty");
        io.inject(0, new byte[60]);
        assertEquals(0, io.rxBurst(0, 0, burst, 16), "no mbuf to receive into");

        io.free(taken[0]);
        assertEquals(1, io.rxBurst(0, 0, burst, 16));
    }

    @Test
    void shouldReplayFramesForever()
    {
        io.replay(0, List.of(new byte[] {1}, new byte[] {2, 2}));
        io.countOnly(true);

        assertEquals(5, io.rxBurst(0, 0, burst, 5));
        final int[] lengths = new int[5];
        for (int i = 0; i < 5; i++)
        {
            lengths[i] = Mbuf.dataLength(burst.getAtIndex(ValueLayout.JAVA_LONG, i));
        }
        assertArrayEquals(new int[] {1, 2, 1, 2, 1}, lengths);
        assertEquals(5, io.txBurst(1, 0, burst, 5));
        assertTrue(io.sent(1).isEmpty(), "counted, not kept");
        assertEquals(5, io.sentCount(1));
    }

    @Test
    void shouldRefuseDoubleFreeAndForeignAddresses()
    {
        final long mbuf = io.alloc();
        io.free(mbuf);

        assertThrows(IllegalStateException.class, () -> io.free(mbuf));
        assertThrows(IllegalArgumentException.class, () -> io.free(mbuf + 8));
        assertEquals(0, io.inUse());
    }
}
