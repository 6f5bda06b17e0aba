/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import net.junction.routing.Ip4;
import net.junction.routing.NextHop;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch origin message: the UPDATE's receive time travelling with the FIB batch it caused. */
class FibBatchOriginTest
{
    private final List<String> calls = new ArrayList<>();
    private final FibUpdates handler = new FibUpdates()
    {
        public void nextHopSet(final int index, final NextHop nextHop)
        {
            calls.add("nextHopSet " + index);
        }

        public void nextHopGroupSet(final int index, final int[] members, final int count)
        {
            calls.add("nextHopGroupSet " + index);
        }

        public void nextHopDelete(final int index)
        {
            calls.add("nextHopDelete " + index);
        }

        public void route4Set(final int address, final int length, final int nextHopIndex)
        {
            calls.add("route4Set /" + length);
        }

        public void route4Delete(final int address, final int length)
        {
            calls.add("route4Delete /" + length);
        }

        public void route6Set(final long high, final long low, final int length, final int nextHopIndex)
        {
            calls.add("route6Set /" + length);
        }

        public void route6Delete(final long high, final long low, final int length)
        {
            calls.add("route6Delete /" + length);
        }

        public void commit()
        {
            calls.add("commit");
        }

        public void batchOrigin(final long receivedNs)
        {
            calls.add("batchOrigin " + receivedNs);
        }
    };
    private final FibUpdateDecoder decoder = new FibUpdateDecoder(handler);
    private final List<byte[]> frames = new ArrayList<>();
    private final FibMessageSink sink = (buffer, offset, length) ->
    {
        final byte[] frame = new byte[length];
        buffer.getBytes(offset, frame);
        frames.add(frame);
        decoder.decode(buffer, offset, length);
        return true;
    };

    @Test
    void shouldCarryTheOriginJustBeforeTheCommitOfItsBatchOnly()
    {
        final FibUpdateEncoder encoder = new FibUpdateEncoder(new UnsafeBuffer(new byte[256]), sink);

        encoder.batchOrigin(-123_456_789_012L);
        encoder.nextHopSet(1, new NextHop.Direct(0));
        encoder.route4Set(Ip4.parse("198.18.100.0"), 24, 1);
        encoder.commit();
        encoder.route4Delete(Ip4.parse("198.18.100.0"), 24);
        encoder.commit();

        assertEquals(List.of("nextHopSet 1", "route4Set /24", "batchOrigin -123456789012", "commit",
            "route4Delete /24", "commit"), calls);
    }

    @Test
    void shouldWriteTheDocumentedLayout()
    {
        final FibUpdateEncoder encoder = new FibUpdateEncoder(new UnsafeBuffer(new byte[256]), sink);

        encoder.batchOrigin(0x0102030405060708L);
        encoder.commit();

        final UnsafeBuffer frame = new UnsafeBuffer(frames.get(0));
        assertEquals(BatchOriginMessageFlyweight.LENGTH + FibMessageFlyweight.COMMIT_LENGTH, frame.capacity());
        assertEquals(FibMessageFlyweight.CURRENT_VERSION, frame.getByte(0));
        assertEquals(FibMessageFlyweight.TYPE_BATCH_ORIGIN, frame.getByte(1));
        assertEquals(16, frame.getShort(2, LITTLE_ENDIAN));
        assertEquals(0, frame.getInt(4, LITTLE_ENDIAN));
        assertEquals(0x0102030405060708L, frame.getLong(8, LITTLE_ENDIAN));
        assertEquals(0x08, frame.getByte(8));
        assertEquals(FibMessageFlyweight.TYPE_COMMIT, frame.getByte(17));
    }

    @Test
    void shouldForgetAWithdrawnOrigin()
    {
        final FibUpdateEncoder encoder = new FibUpdateEncoder(new UnsafeBuffer(new byte[256]), sink);

        encoder.batchOrigin(42);
        encoder.batchOrigin(FibUpdates.NO_ORIGIN);
        encoder.commit();

        assertEquals(List.of("commit"), calls);
    }

    @Test
    void shouldKeepTheOriginWhenTheBatchSpansFrames()
    {
        // Room for the longest message and a little more: a batch of routes spans many frames.
        final FibUpdateEncoder encoder = new FibUpdateEncoder(new UnsafeBuffer(new byte[FibMessageFlyweight.MAX_MESSAGE_LENGTH]), sink);

        encoder.batchOrigin(7);
        encoder.nextHopSet(1, new NextHop.Direct(0));
        for (int i = 0; i < 20; i++)
        {
            encoder.route4Set(Ip4.parse("198.18.0.0") + (i << 8), 24, 1);
        }
        encoder.commit();

        assertTrue(frames.size() > 2);
        assertEquals(List.of("batchOrigin 7", "commit"), calls.subList(calls.size() - 2, calls.size()));
    }

    @Test
    void shouldRefuseAnOriginWithReservedBitsOrABadLength()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[BatchOriginMessageFlyweight.LENGTH]);
        final BatchOriginMessageFlyweight message = new BatchOriginMessageFlyweight().wrap(frame, 0);
        message.header(FibMessageFlyweight.TYPE_BATCH_ORIGIN, BatchOriginMessageFlyweight.LENGTH);
        message.reserved(1).receivedNs(5);
        assertThrows(MalformedFibMessageException.class, () -> decoder.decode(frame, 0, frame.capacity()));

        message.reserved(0).header(FibMessageFlyweight.TYPE_BATCH_ORIGIN, 12);
        assertThrows(MalformedFibMessageException.class, () -> decoder.decode(frame, 0, 12));
        assertEquals(List.of(), calls);
    }
}
