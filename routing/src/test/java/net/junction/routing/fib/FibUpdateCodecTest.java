/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix6;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FibUpdateCodecTest
{
    private static final Ip6Address GATEWAY6 = Ip6Address.parse("2001:db8:2::2");
    private static final Prefix6 PREFIX6 = Prefix6.parse("2001:db8:100::/48");

    private final RecordingFibUpdates received = new RecordingFibUpdates();
    private final FibUpdateDecoder decoder = new FibUpdateDecoder(received);
    private final List<byte[]> frames = new ArrayList<>();
    private final FibMessageSink decodingSink = (buffer, offset, length) ->
    {
        final byte[] frame = new byte[length];
        buffer.getBytes(offset, frame);
        frames.add(frame);
        decoder.decode(buffer, offset, length);
        return true;
    };

    @Test
    void shouldRoundTripEveryMessageType()
    {
        final FibUpdateEncoder encoder = new FibUpdateEncoder(new UnsafeBuffer(new byte[4096]), decodingSink);
        final RecordingFibUpdates expected = new RecordingFibUpdates();

        for (final FibUpdates target : new FibUpdates[]{encoder, expected})
        {
            target.nextHopSet(0, new NextHop.Gateway4(1, Ip4.parse("198.18.2.2")));
            target.nextHopSet(1, new NextHop.Gateway6(NextHop.MAX_PORT_ID, GATEWAY6));
            target.nextHopSet(2, new NextHop.Direct(0));
            target.nextHopSet(3, NextHop.LOCAL);
            target.nextHopSet(Integer.MAX_VALUE, NextHop.BLACKHOLE);
            target.route4Set(Ip4.parse("198.18.100.0"), 24, 0);
            target.route4Set(0, 0, 2);
            target.route4Set(-1, 32, 3);
            target.route6Set(PREFIX6.high(), PREFIX6.low(), PREFIX6.length(), 1);
            target.route6Set(-1L, -1L, 128, 3);
            target.route4Delete(Ip4.parse("198.18.100.0"), 24);
            target.route6Delete(PREFIX6.high(), PREFIX6.low(), PREFIX6.length());
            target.nextHopDelete(0);
            target.commit();
        }

        assertEquals(expected.calls(), received.calls());
        assertEquals(1, frames.size());
        assertEquals(1, encoder.framesSent());
        assertEquals(0, encoder.pendingBytes());
    }

    @Test
    void shouldWriteTheDocumentedLittleEndianLayout()
    {
        final FibUpdateEncoder encoder = new FibUpdateEncoder(new UnsafeBuffer(new byte[256]), decodingSink);

        encoder.route4Set(Ip4.parse("198.18.100.0"), 24, 0x0102);
        encoder.nextHopSet(5, new NextHop.Gateway4(3, Ip4.parse("198.18.2.2")));
        encoder.route6Delete(PREFIX6.high(), PREFIX6.low(), PREFIX6.length());
        encoder.commit();

        assertArrayEquals(bytes(
            // route4 set: version 1, type 3, length 16; 198.18.100.0 as LE int; /24 + 3 reserved; index 0x102
            1, 3, 16, 0, 0x00, 0x64, 0x12, 0xC6, 24, 0, 0, 0, 0x02, 0x01, 0, 0,
            // next hop set: version 1, type 1, length 32; index 5; GATEWAY(1), AFI 1, reserved; port 3; gateway
            1, 1, 32, 0, 5, 0, 0, 0, 1, 1, 0, 0, 3, 0, 0, 0,
            0x02, 0x02, 0x12, 0xC6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            // route6 delete: version 1, type 6, length 24; /48 + reserved; high LE; low LE
            1, 6, 24, 0, 48, 0, 0, 0, 0, 0, 0, 0x01, 0xB8, 0x0D, 0x01, 0x20, 0, 0, 0, 0, 0, 0, 0, 0,
            // commit: version 1, type 7, length 4
            1, 7, 4, 0), frames.get(0));
    }

    @Test
    void shouldSplitABatchLargerThanTheBufferIntoFramesOfWholeMessages()
    {
        final FibUpdateEncoder encoder = new FibUpdateEncoder(new UnsafeBuffer(new byte[80]), decodingSink);
        final RecordingFibUpdates expected = new RecordingFibUpdates();

        for (final FibUpdates target : new FibUpdates[]{encoder, expected})
        {
            target.nextHopSet(7, new NextHop.Direct(2));
            target.nextHopSet(8, new NextHop.Direct(3));
            target.nextHopGroupSet(9, new int[]{7, 8, 99}, 2);
            for (int i = 0; i < 30; i++)
            {
                target.route4Set(0x0A000000 | (i << 8), 24, 7 + i % 3);
            }
            target.nextHopGroupSet(10, new int[]{8, 7, 1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16, 17, 18}, 16);
            target.commit();
        }

        assertEquals(expected.calls(), received.calls());
        assertTrue(frames.size() > 3, "frames: " + frames.size());
        for (final byte[] frame : frames)
        {
            assertTrue(frame.length <= 80);
        }
        final byte[] last = frames.get(frames.size() - 1);
        assertEquals(FibMessageFlyweight.TYPE_COMMIT, last[last.length - FibMessageFlyweight.COMMIT_LENGTH + 1]);
    }

    @Test
    void shouldOfferARefusedFrameAgainUntilTheSinkTakesIt()
    {
        final AtomicInteger refusals = new AtomicInteger(3);
        final AtomicInteger idles = new AtomicInteger();
        final FibMessageSink sink = (buffer, offset, length) ->
            refusals.getAndDecrement() <= 0 && decodingSink.offer(buffer, offset, length);
        final FibUpdateEncoder encoder = new FibUpdateEncoder(
            new UnsafeBuffer(new byte[256]), sink, countingIdle(idles), System::nanoTime, 1_000_000_000L);

        encoder.nextHopSet(0, NextHop.BLACKHOLE);
        encoder.route4Set(0, 0, 0);
        encoder.commit();

        assertEquals(List.of("nextHopSet 0 blackhole", "routeSet 0.0.0.0/0 0", "commit"), received.calls());
        assertEquals(3, idles.get());
    }

    @Test
    void shouldReportAFrameRefusedForTheWholeTimeoutAndCarryOn()
    {
        final AtomicLong nowNs = new AtomicLong();
        final AtomicInteger idles = new AtomicInteger();
        final boolean[] accept = {false};
        final FibMessageSink sink = (buffer, offset, length) -> accept[0] && decodingSink.offer(buffer, offset, length);
        final IdleStrategy advancingIdle = new CountingIdle(idles)
        {
            public void idle()
            {
                super.idle();
                nowNs.addAndGet(1_000);
            }
        };
        final FibUpdateEncoder encoder = new FibUpdateEncoder(
            new UnsafeBuffer(new byte[256]), sink, advancingIdle, nowNs::get, 10_000);

        encoder.nextHopSet(0, NextHop.BLACKHOLE);
        final FibBackPressureException ex = assertThrows(FibBackPressureException.class, encoder::commit);

        assertEquals(NextHopMessageFlyweight.SET_LENGTH + FibMessageFlyweight.COMMIT_LENGTH, ex.lostBytes());
        assertEquals(10, idles.get());
        assertEquals(0, encoder.pendingBytes());
        assertTrue(received.calls().isEmpty());

        accept[0] = true;
        encoder.nextHopSet(1, NextHop.LOCAL);
        encoder.commit();
        assertEquals(List.of("nextHopSet 1 local", "commit"), received.calls());
    }

    @Test
    void shouldRefuseInvalidArgumentsWithoutWritingAnything()
    {
        final FibUpdateEncoder encoder = new FibUpdateEncoder(new UnsafeBuffer(new byte[256]), decodingSink);

        assertThrows(IllegalArgumentException.class, () -> encoder.route4Set(0x0A000001, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> encoder.route4Set(0, 33, 0));
        assertThrows(IllegalArgumentException.class, () -> encoder.route4Set(0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> encoder.route6Set(0, 1, 64, 0));
        assertThrows(IllegalArgumentException.class, () -> encoder.route6Delete(0, 0, 129));
        assertThrows(IllegalArgumentException.class, () -> encoder.nextHopSet(-1, NextHop.LOCAL));
        assertThrows(NullPointerException.class, () -> encoder.nextHopSet(0, null));
        assertThrows(IllegalArgumentException.class, () -> encoder.nextHopDelete(-2));

        assertEquals(0, encoder.pendingBytes());
        assertThrows(IllegalArgumentException.class, () -> new FibUpdateEncoder(new UnsafeBuffer(new byte[16]), decodingSink));
    }

    @Test
    void shouldDecodeAnEmptyFrameAsNothing()
    {
        assertEquals(0, decoder.decode(new UnsafeBuffer(new byte[8]), 8, 0));
        assertTrue(received.calls().isEmpty());
    }

    @Test
    void shouldDecodeAFrameAtAnOffsetInsideALargerBuffer()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final int offset = 13;
        new FibMessageFlyweight().wrap(buffer, offset).header(FibMessageFlyweight.TYPE_COMMIT, 4);
        buffer.putByte(offset + 4, (byte)0x55); // outside the frame, must not be read

        assertEquals(1, decoder.decode(buffer, offset, 4));
        assertEquals(List.of("commit"), received.calls());
    }

    private static byte[] bytes(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return bytes;
    }

    private static IdleStrategy countingIdle(final AtomicInteger idles)
    {
        return new CountingIdle(idles);
    }

    private static class CountingIdle implements IdleStrategy
    {
        private final AtomicInteger idles;

        CountingIdle(final AtomicInteger idles)
        {
            this.idles = idles;
        }

        public void idle(final int workCount)
        {
            if (workCount <= 0)
            {
                idle();
            }
        }

        public void idle()
        {
            idles.incrementAndGet();
        }

        public void reset()
        {
        }
    }
}
