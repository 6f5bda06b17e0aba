/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import net.junction.routing.Ip4;
import net.junction.routing.NextHop;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resync messages (begin and end of an epoch): their bytes, their round trip, and the decoder's
 * epoch checks. A frame that breaks them is refused whole, the handler sees nothing of it, and the
 * decoder's epoch stays where it was; malformed bytes and out-of-sequence epochs are told apart.
 */
class FibResyncCodecTest
{
    private final RecordingFibUpdates received = new RecordingFibUpdates();
    private final FibUpdateDecoder decoder = new FibUpdateDecoder(received);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[1024]);
    private int frameLength;
    private final FibUpdateEncoder encoder = new FibUpdateEncoder(buffer, (b, o, l) ->
    {
        frame.putBytes(0, b, o, l);
        frameLength = l;
        return true;
    });

    @Test
    void shouldWriteTheDocumentedBytes()
    {
        encoder.resyncBegin(0x0102_0304_0506_0708L);
        encoder.resyncEnd(0x0102_0304_0506_0708L);
        encoder.commit();

        final byte[] bytes = new byte[frameLength];
        frame.getBytes(0, bytes);
        assertArrayEquals(new byte[]{
            // begin: version 1, type 10, length 16 | reserved | epoch, little-endian
            1, 10, 16, 0, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1,
            // end: type 11
            1, 11, 16, 0, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1,
            // commit
            1, 7, 4, 0}, bytes);
    }

    @Test
    void shouldRoundTripAResync()
    {
        encoder.resyncBegin(7);
        encoder.nextHopSet(0, new NextHop.Gateway4(1, Ip4.parse("198.18.2.2")));
        encoder.route4Set(Ip4.parse("198.18.100.0"), 24, 0);
        encoder.resyncEnd(7);
        encoder.commit();

        assertEquals(5, decoder.decode(frame, 0, frameLength));
        assertEquals(List.of("resyncBegin 7", "nextHopSet 0 " + new NextHop.Gateway4(1, Ip4.parse("198.18.2.2")),
            "routeSet 198.18.100.0/24 0", "resyncEnd 7", "commit"), received.drain());
        assertEquals(7, decoder.epoch());
        assertFalse(decoder.resyncing());
    }

    @Test
    void shouldFollowAResyncOverSeveralFrames()
    {
        decode(b -> encoder.resyncBegin(3));
        assertTrue(decoder.resyncing());
        decode(b -> encoder.route4Set(Ip4.parse("198.18.0.0"), 15, 0));
        decode(b -> encoder.resyncEnd(3));
        assertFalse(decoder.resyncing());
        assertEquals(List.of("resyncBegin 3", "commit", "routeSet 198.18.0.0/15 0", "commit", "resyncEnd 3", "commit"),
            received.drain());
    }

    @Test
    void shouldStartOverWhenANewEpochBeginsDuringAResync()
    {
        decode(b -> encoder.resyncBegin(3));
        decode(b -> encoder.resyncBegin(4));
        assertRefusedOutOfSequence("the resync in progress is of epoch 4", b -> encoder.resyncEnd(3));
        decode(b -> encoder.resyncEnd(4));
        assertEquals(4, decoder.epoch());
    }

    @Test
    void shouldCompareEpochsUnsigned()
    {
        decode(b -> encoder.resyncBegin(5));
        decode(b -> encoder.resyncBegin(0x8000_0000_0000_0000L));
        assertEquals(0x8000_0000_0000_0000L, decoder.epoch());
        assertRefusedOutOfSequence("stale epoch 5 ", b -> encoder.resyncBegin(5));
    }

    @Test
    void shouldRefuseAnEndWithoutABegin()
    {
        assertRefusedOutOfSequence("end of resync 1 without a begin", b -> encoder.resyncEnd(1));
        decode(b -> encoder.resyncBegin(1));
        decode(b -> encoder.resyncEnd(1));
        assertRefusedOutOfSequence("end of resync 1 without a begin", b -> encoder.resyncEnd(1));
    }

    @Test
    void shouldRefuseAnEndOfAnotherEpoch()
    {
        decode(b -> encoder.resyncBegin(9));
        assertRefusedOutOfSequence("end of resync 8, but the resync in progress is of epoch 9", b -> encoder.resyncEnd(8));
        assertTrue(decoder.resyncing(), "the resync of 9 goes on");
    }

    @Test
    void shouldRefuseAStaleEpoch()
    {
        decode(b -> encoder.resyncBegin(9));
        decode(b -> encoder.resyncEnd(9));
        assertRefusedOutOfSequence("stale epoch 9 begins a resync", b -> encoder.resyncBegin(9));
        assertRefusedOutOfSequence("stale epoch 2 begins a resync", b -> encoder.resyncBegin(2));
        assertEquals(9, decoder.epoch());
    }

    @Test
    void shouldRefuseTheWholeFrameAndKeepTheEpochWhenALaterMessageIsBad()
    {
        encoder.resyncBegin(4);
        encoder.route4Set(Ip4.parse("198.18.1.0"), 24, 0);
        encoder.resyncEnd(5); // the frame's own begin is 4
        encoder.commit();

        final MalformedFibMessageException ex =
            assertThrows(MalformedFibMessageException.class, () -> decoder.decode(frame, 0, frameLength));
        assertTrue(ex.outOfSequence());
        assertTrue(received.calls().isEmpty());
        assertEquals(0, decoder.epoch(), "the frame's begin did not count");
        assertFalse(decoder.resyncing());
    }

    @Test
    void shouldRefuseMalformedResyncMessages()
    {
        encoder.resyncBegin(4);
        encoder.commit();
        frame.putShort(2, (short)12, LITTLE_ENDIAN);
        assertMalformed("message type 10 has length 12, expected 16");

        encoder.resyncBegin(4);
        encoder.commit();
        frame.putByte(4, (byte)1);
        assertMalformed("reserved field is not zero");

        encoder.resyncBegin(4);
        encoder.commit();
        frame.putLong(8, 0, LITTLE_ENDIAN);
        assertMalformed("resync epoch 0");

        encoder.resyncEnd(4);
        encoder.commit();
        frameLength = 12;
        assertMalformed("runs past the end of the frame");
    }

    @Test
    void shouldRefuseEpochZeroAtTheEncoder()
    {
        assertThrows(IllegalArgumentException.class, () -> encoder.resyncBegin(0));
        assertThrows(IllegalArgumentException.class, () -> encoder.resyncEnd(0));
        assertEquals(0, encoder.pendingBytes(), "nothing written");
    }

    private void decode(final java.util.function.Consumer<FibUpdateEncoder> messages)
    {
        messages.accept(encoder);
        encoder.commit();
        decoder.decode(frame, 0, frameLength);
    }

    private void assertRefusedOutOfSequence(final String reason, final java.util.function.Consumer<FibUpdateEncoder> messages)
    {
        received.drain();
        final long epoch = decoder.epoch();
        final boolean resyncing = decoder.resyncing();
        messages.accept(encoder);
        encoder.commit();
        final MalformedFibMessageException ex =
            assertThrows(MalformedFibMessageException.class, () -> decoder.decode(frame, 0, frameLength));
        assertTrue(ex.getMessage().contains(reason), ex.getMessage());
        assertTrue(ex.outOfSequence(), ex.getMessage());
        assertTrue(received.calls().isEmpty(), "nothing of the frame applied");
        assertEquals(epoch, decoder.epoch());
        assertEquals(resyncing, decoder.resyncing());
    }

    private void assertMalformed(final String reason)
    {
        received.drain();
        final MalformedFibMessageException ex =
            assertThrows(MalformedFibMessageException.class, () -> decoder.decode(frame, 0, frameLength));
        assertTrue(ex.getMessage().contains(reason), ex.getMessage());
        assertFalse(ex.outOfSequence(), ex.getMessage());
        assertTrue(received.calls().isEmpty(), "nothing of the frame applied");
        assertEquals(0, decoder.epoch());
    }
}
