/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import net.junction.routing.Ip4;
import net.junction.routing.NextHop;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a frame can be malformed is refused with {@link MalformedFibMessageException} naming the
 * problem, and the handler sees nothing of the frame, not even its valid messages before the bad one.
 */
class FibUpdateDecoderMalformedTest
{
    private final RecordingFibUpdates received = new RecordingFibUpdates();
    private final FibUpdateDecoder decoder = new FibUpdateDecoder(received);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private int frameLength;
    private int lastMessageOffset;

    @BeforeEach
    void writeAValidFrame()
    {
        // A valid prefix the bad message follows, to prove nothing is applied before validation ends.
        final FibUpdateEncoder encoder = new FibUpdateEncoder(buffer, (b, o, l) ->
        {
            frameLength = l;
            return true;
        });
        encoder.nextHopSet(0, new NextHop.Gateway4(1, Ip4.parse("198.18.2.2")));
        encoder.route4Set(Ip4.parse("198.18.100.0"), 24, 0);
        encoder.commit();
        lastMessageOffset = frameLength;
    }

    @Test
    void shouldAcceptTheUnmodifiedFrame()
    {
        assertEquals(3, decoder.decode(buffer, 0, frameLength));
        assertEquals(3, received.calls().size());
    }

    @Test
    void shouldRefuseATruncatedHeader()
    {
        assertMalformed("truncated header", frameLength + 3, b -> b.putByte(frameLength, (byte)1));
    }

    @Test
    void shouldRefuseATruncatedMessage()
    {
        assertMalformed("runs past the end of the frame", frameLength - FibMessageFlyweight.COMMIT_LENGTH - 1, b -> { });
    }

    @Test
    void shouldRefuseAnUnknownVersion()
    {
        assertMalformed("unsupported version 2", appendRoute4Set(b -> b.putByte(lastMessageOffset, (byte)2)));
    }

    @Test
    void shouldRefuseAnUnknownType()
    {
        assertMalformed("unknown message type 99", appendRoute4Set(b -> b.putByte(lastMessageOffset + 1, (byte)99)));
        assertMalformed("unknown message type 0", appendRoute4Set(b -> b.putByte(lastMessageOffset + 1, (byte)0)));
    }

    @Test
    void shouldRefuseALengthThatDoesNotMatchTheType()
    {
        assertMalformed("has length 12, expected 16",
            appendRoute4Set(b -> b.putShort(lastMessageOffset + 2, (short)12, LITTLE_ENDIAN)));
        assertMalformed("has length 0, expected 16",
            appendRoute4Set(b -> b.putShort(lastMessageOffset + 2, (short)0, LITTLE_ENDIAN)));
    }

    @Test
    void shouldRefuseIpv4PrefixesWithHostBitsOrBadLengths()
    {
        assertMalformed("host bits set past /24", appendRoute4Set(b -> b.putInt(lastMessageOffset + 4, 0x0A000001, LITTLE_ENDIAN)));
        assertMalformed("prefix length 33 is outside 0..32", appendRoute4Set(b -> b.putByte(lastMessageOffset + 8, (byte)33)));
        assertMalformed("reserved field is not zero", appendRoute4Set(b -> b.putByte(lastMessageOffset + 10, (byte)1)));
        assertMalformed("next-hop index -1 is negative", appendRoute4Set(b -> b.putInt(lastMessageOffset + 12, -1, LITTLE_ENDIAN)));
    }

    @Test
    void shouldRefuseIpv6PrefixesWithHostBitsOrBadLengths()
    {
        assertMalformed("host bits set past /48", appendRoute6Set(b -> b.putLong(lastMessageOffset + 16, 1, LITTLE_ENDIAN)));
        assertMalformed("prefix length 129 is outside 0..128", appendRoute6Set(b -> b.putByte(lastMessageOffset + 4, (byte)129)));
        assertMalformed("reserved field is not zero", appendRoute6Set(b -> b.putByte(lastMessageOffset + 7, (byte)1)));
        assertMalformed("next-hop index", appendRoute6Set(b -> b.putInt(lastMessageOffset + 24, Integer.MIN_VALUE, LITTLE_ENDIAN)));
    }

    @Test
    void shouldRefuseInconsistentNextHops()
    {
        assertMalformed("unknown next-hop type 9", appendNextHopSet(NextHop.LOCAL, b -> b.putByte(lastMessageOffset + 8, (byte)9)));
        assertMalformed("LOCAL next hop with port id 0", appendNextHopSet(NextHop.LOCAL, b -> b.putInt(lastMessageOffset + 12, 0, LITTLE_ENDIAN)));
        assertMalformed("BLACKHOLE next hop carries a gateway", appendNextHopSet(NextHop.BLACKHOLE, b -> b.putByte(lastMessageOffset + 31, (byte)1)));
        assertMalformed("DIRECT next hop carries a gateway", appendNextHopSet(new NextHop.Direct(1), b -> b.putByte(lastMessageOffset + 9, (byte)1)));
        assertMalformed("port id 65536 is outside 0..65535",
            appendNextHopSet(new NextHop.Direct(1), b -> b.putInt(lastMessageOffset + 12, 65536, LITTLE_ENDIAN)));
        assertMalformed("GATEWAY next hop with AFI 0",
            appendNextHopSet(new NextHop.Gateway4(1, 1), b -> b.putByte(lastMessageOffset + 9, (byte)0)));
        assertMalformed("IPv4 gateway field has bytes past the address",
            appendNextHopSet(new NextHop.Gateway4(1, 1), b -> b.putByte(lastMessageOffset + 20, (byte)1)));
        assertMalformed("reserved field is not zero", appendNextHopSet(NextHop.LOCAL, b -> b.putByte(lastMessageOffset + 11, (byte)1)));
        assertMalformed("next-hop index -7 is negative", appendNextHopSet(NextHop.LOCAL, b -> b.putInt(lastMessageOffset + 4, -7, LITTLE_ENDIAN)));
    }

    @Test
    void shouldRefuseInconsistentGroups()
    {
        assertMalformed("ECMP group of 1 members, expected 2..16", appendGroupSet(5, new int[]{0}, b -> { }));
        assertMalformed("ECMP group of 17 members", appendGroupSet(5, new int[17], b -> { }));
        assertMalformed("ECMP group 5 lists itself", appendGroupSet(5, new int[]{0, 5}, b -> { }));
        assertMalformed("lists member 3 twice", appendGroupSet(5, new int[]{3, 4, 3}, b -> { }));
        assertMalformed("next-hop index -2 is negative", appendGroupSet(5, new int[]{0, -2}, b -> { }));
        assertMalformed("reserved field is not zero",
            appendGroupSet(5, new int[]{0, 1}, b -> b.putByte(lastMessageOffset + 10, (byte)1)));
        assertMalformed("has length 16, expected 20",
            appendGroupSet(5, new int[]{0, 1}, b -> b.putShort(lastMessageOffset + 2, (short)16, LITTLE_ENDIAN)));
        assertMalformed("has length 20, expected 24",
            appendGroupSet(5, new int[]{0, 1}, b -> b.putShort(lastMessageOffset + 8, (short)3, LITTLE_ENDIAN)));
        assertMalformed("truncated ECMP group", lastMessageOffset + 8,
            b -> b.putInt(lastMessageOffset, 1 | (8 << 8) | (20 << 16), LITTLE_ENDIAN));
    }

    @Test
    void shouldDecodeAGroupOfSixteen()
    {
        final int[] members = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        final int length = appendGroupSet(40, members, b -> { });
        assertEquals(4, decoder.decode(buffer, 0, length));
        assertEquals("nextHopGroupSet 40 " + java.util.Arrays.toString(members), received.calls().getLast());
    }

    /** Appends a group message written by hand: the encoder refuses the bad ones under test. */
    private int appendGroupSet(final int index, final int[] members, final Consumer<UnsafeBuffer> corruption)
    {
        final int length = NextHopGroupMessageFlyweight.length(members.length);
        final NextHopGroupMessageFlyweight message = new NextHopGroupMessageFlyweight().wrap(buffer, lastMessageOffset);
        message.header(FibMessageFlyweight.TYPE_NEXT_HOP_GROUP_SET, length);
        message.index(index).count(members.length).reserved(0);
        for (int i = 0; i < members.length; i++)
        {
            message.member(i, members[i]);
        }
        corruption.accept(buffer);
        return lastMessageOffset + length;
    }

    @Test
    void shouldRefuseAFrameOutsideTheBuffer()
    {
        assertThrows(MalformedFibMessageException.class, () -> decoder.decode(buffer, 250, 16));
        assertThrows(MalformedFibMessageException.class, () -> decoder.decode(buffer, -1, 4));
        assertThrows(MalformedFibMessageException.class, () -> decoder.decode(buffer, 0, -4));
    }

    @Test
    void shouldReportTheOffsetOfTheBadMessage()
    {
        final int length = appendRoute4Set(b -> b.putByte(lastMessageOffset, (byte)9));
        final MalformedFibMessageException ex =
            assertThrows(MalformedFibMessageException.class, () -> decoder.decode(buffer, 0, length));
        assertEquals(lastMessageOffset, ex.messageOffset());
    }

    private int appendRoute4Set(final Consumer<UnsafeBuffer> corruption)
    {
        new Route4MessageFlyweight().wrap(buffer, lastMessageOffset)
            .address(0x0A000000).prefixLength(24).nextHopIndex(0)
            .header(FibMessageFlyweight.TYPE_ROUTE4_SET, Route4MessageFlyweight.SET_LENGTH);
        corruption.accept(buffer);
        return lastMessageOffset + Route4MessageFlyweight.SET_LENGTH;
    }

    private int appendRoute6Set(final Consumer<UnsafeBuffer> corruption)
    {
        new Route6MessageFlyweight().wrap(buffer, lastMessageOffset)
            .prefixLength(48).high(0x20010DB801000000L).low(0).nextHopIndex(0)
            .header(FibMessageFlyweight.TYPE_ROUTE6_SET, Route6MessageFlyweight.SET_LENGTH);
        corruption.accept(buffer);
        return lastMessageOffset + Route6MessageFlyweight.SET_LENGTH;
    }

    private int appendNextHopSet(final NextHop nextHop, final Consumer<UnsafeBuffer> corruption)
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[FibMessageFlyweight.MAX_MESSAGE_LENGTH]);
        final FibUpdateEncoder encoder = new FibUpdateEncoder(scratch, (b, o, l) -> true);
        encoder.nextHopSet(1, nextHop);
        buffer.putBytes(lastMessageOffset, scratch, 0, NextHopMessageFlyweight.SET_LENGTH);
        corruption.accept(buffer);
        return lastMessageOffset + NextHopMessageFlyweight.SET_LENGTH;
    }

    private void assertMalformed(final String reason, final int length)
    {
        final MalformedFibMessageException ex =
            assertThrows(MalformedFibMessageException.class, () -> decoder.decode(buffer, 0, length));
        assertTrue(ex.getMessage().contains(reason), ex.getMessage());
        assertTrue(received.calls().isEmpty(), "applied part of a bad frame: " + received.calls());
    }

    private void assertMalformed(final String reason, final int length, final Consumer<UnsafeBuffer> corruption)
    {
        corruption.accept(buffer);
        assertMalformed(reason, length);
    }
}
