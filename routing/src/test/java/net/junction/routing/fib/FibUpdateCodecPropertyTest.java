/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random batches survive encoding and decoding through frames of random sizes; random corruption of a
 * valid frame is either refused whole with {@link MalformedFibMessageException} or decoded whole, and
 * never fails any other way (the decoder's fuzz target); and hand-written bytes of every message type
 * pin the layout both halves could otherwise agree on wrongly.
 */
class FibUpdateCodecPropertyTest
{
    /**
     * Every message type and every kind of next hop as bytes written by hand from the layouts documented
     * in {@link FibMessageFlyweight} and its subclasses (little-endian; addresses as their network-order
     * value): the decoder must read them as these calls, and the encoder must write these calls as them.
     * A layout bug shared by both halves passes the round trips below but not this.
     */
    @Example
    void shouldReadAndWriteHandWrittenBytesOfEveryMessageType()
    {
        final String frame =
            // next hop set: version 1, type 1, length 32 | index 7 | GATEWAY(1), AFI 1, reserved | port 3 |
            // gateway 198.18.2.2 (0xC6120202 little-endian), 12 zero bytes
            "01012000" + "07000000" + "01010000" + "03000000" + "020212c6" + "000000000000000000000000" +
            // next hop set | index 8 | GATEWAY(1), AFI 2 | port 4 | 2001:db8:2::2: high then low, each LE
            "01012000" + "08000000" + "01020000" + "04000000" + "00000200b80d0120" + "0200000000000000" +
            // next hop set | index 9 | DIRECT(2), AFI 0 | port 5 | no gateway
            "01012000" + "09000000" + "02000000" + "05000000" + "00".repeat(16) +
            // next hop set | index 10 | LOCAL(3) | port -1 | no gateway
            "01012000" + "0a000000" + "03000000" + "ffffffff" + "00".repeat(16) +
            // next hop set | index 11 | BLACKHOLE(4) | port -1 | no gateway
            "01012000" + "0b000000" + "04000000" + "ffffffff" + "00".repeat(16) +
            // group set: type 8, length 12 + 4 * 2 | index 12 | count 2, reserved | members 7, 9
            "01081400" + "0c000000" + "02000000" + "07000000" + "09000000" +
            // route4 set: type 3, length 16 | 198.51.100.0 (0xC6336400 LE) | /24, reserved | next hop 12
            "01031000" + "006433c6" + "18000000" + "0c000000" +
            // route6 set: type 5, length 28 | /48, reserved | high 0x20010db801000000 LE | low 0 | next hop 8
            "01051c00" + "30000000" + "00000001b80d0120" + "0000000000000000" + "08000000" +
            // route4 delete: type 4, length 12 | 198.51.100.0 | /24
            "01040c00" + "006433c6" + "18000000" +
            // route6 delete: type 6, length 24 | /48 | high | low
            "01061800" + "30000000" + "00000001b80d0120" + "0000000000000000" +
            // next hop delete: type 2, length 8 | index 12
            "01020800" + "0c000000" +
            // commit: type 7, length 4
            "01070400";
        final Consumer<FibUpdates> calls = target ->
        {
            target.nextHopSet(7, new NextHop.Gateway4(3, Ip4.parse("198.18.2.2")));
            target.nextHopSet(8, new NextHop.Gateway6(4, Ip6Address.parse("2001:db8:2::2")));
            target.nextHopSet(9, new NextHop.Direct(5));
            target.nextHopSet(10, NextHop.LOCAL);
            target.nextHopSet(11, NextHop.BLACKHOLE);
            target.nextHopGroupSet(12, new int[] {7, 9}, 2);
            target.route4Set(Ip4.parse("198.51.100.0"), 24, 12);
            final Prefix6 p6 = Prefix6.parse("2001:db8:100::/48");
            target.route6Set(p6.high(), p6.low(), p6.length(), 8);
            target.route4Delete(Ip4.parse("198.51.100.0"), 24);
            target.route6Delete(p6.high(), p6.low(), p6.length());
            target.nextHopDelete(12);
            target.commit();
        };

        final RecordingFibUpdates expected = new RecordingFibUpdates();
        calls.accept(expected);
        final RecordingFibUpdates decoded = new RecordingFibUpdates();
        final byte[] bytes = HexFormat.of().parseHex(frame);
        new FibUpdateDecoder(decoded).decode(new UnsafeBuffer(bytes), 0, bytes.length);
        assertEquals(expected.calls(), decoded.calls(), "decoded");

        final List<String> frames = new ArrayList<>();
        final FibUpdateEncoder encoder = new FibUpdateEncoder(new UnsafeBuffer(new byte[512]), (buffer, offset, length) ->
        {
            final byte[] out = new byte[length];
            buffer.getBytes(offset, out);
            frames.add(HexFormat.of().formatHex(out));
            return true;
        });
        calls.accept(encoder);
        assertEquals(List.of(frame), frames, "encoded");
    }

    @Property(tries = 300)
    void shouldRoundTripRandomBatches(
        @ForAll("batches") final List<Consumer<FibUpdates>> batch,
        @ForAll @IntRange(min = FibMessageFlyweight.MAX_MESSAGE_LENGTH, max = 512) final int frameCapacity)
    {
        final RecordingFibUpdates expected = new RecordingFibUpdates();
        final RecordingFibUpdates received = new RecordingFibUpdates();
        final FibUpdateDecoder decoder = new FibUpdateDecoder(received);
        final FibUpdateEncoder encoder = new FibUpdateEncoder(new UnsafeBuffer(new byte[frameCapacity]),
            (buffer, offset, length) ->
            {
                assertTrue(length <= frameCapacity);
                decoder.decode(buffer, offset, length);
                return true;
            });

        for (final Consumer<FibUpdates> call : batch)
        {
            call.accept(expected);
            call.accept(encoder);
        }
        expected.commit();
        encoder.commit();

        assertEquals(expected.calls(), received.calls());
    }

    @Property(tries = 2000)
    void shouldRefuseOrAcceptCorruptedFramesWhole(
        @ForAll("batches") final List<Consumer<FibUpdates>> batch,
        @ForAll("corruptions") final List<int[]> corruptions)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
        final int[] frameLength = new int[1];
        final FibUpdateEncoder encoder = new FibUpdateEncoder(buffer, (b, o, l) ->
        {
            frameLength[0] = l;
            return true;
        });
        batch.forEach(call -> call.accept(encoder));
        encoder.commit();

        for (final int[] corruption : corruptions)
        {
            final int index = Math.floorMod(corruption[0], frameLength[0]);
            buffer.putByte(index, (byte)(buffer.getByte(index) ^ corruption[1]));
        }
        final int length = Math.max(0, frameLength[0] - corruptions.size() % 3);

        final RecordingFibUpdates received = new RecordingFibUpdates();
        try
        {
            final int messages = new FibUpdateDecoder(received).decode(buffer, 0, length);
            assertEquals(messages, received.calls().size());
        }
        catch (final MalformedFibMessageException ex)
        {
            assertTrue(received.calls().isEmpty(), "partial application: " + received.calls());
        }
    }

    @Provide
    Arbitrary<List<int[]>> corruptions()
    {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(1, 255))
            .as((index, mask) -> new int[]{index, mask})
            .list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Consumer<FibUpdates>>> batches()
    {
        final Arbitrary<Integer> smallIndex = Arbitraries.oneOf(
            Arbitraries.integers().between(0, 100), Arbitraries.integers().between(0, Integer.MAX_VALUE));
        final Arbitrary<Integer> port = Arbitraries.integers().between(0, NextHop.MAX_PORT_ID);
        final Arbitrary<NextHop> nextHop = Arbitraries.oneOf(
            Combinators.combine(port, Arbitraries.integers()).as(NextHop.Gateway4::new),
            Combinators.combine(port, Arbitraries.longs(), Arbitraries.longs())
                .as((p, high, low) -> new NextHop.Gateway6(p, new Ip6Address(high, low))),
            port.map(NextHop.Direct::new),
            Arbitraries.just(NextHop.LOCAL),
            Arbitraries.just(NextHop.BLACKHOLE));
        final Arbitrary<Prefix4> prefix4 = Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
            .as(Prefix4::network);
        final Arbitrary<Prefix6> prefix6 =
            Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers().between(0, 128))
                .as(Prefix6::network);

        final Arbitrary<Consumer<FibUpdates>> call = Arbitraries.oneOf(
            Combinators.combine(smallIndex, nextHop).as((i, nh) -> f -> f.nextHopSet(i, nh)),
            smallIndex.map(i -> f -> f.nextHopDelete(i)),
            Combinators.combine(smallIndex, Arbitraries.integers().between(0, 1000).set()
                    .ofMinSize(2).ofMaxSize(FibUpdates.MAX_GROUP_MEMBERS))
                .as((i, members) -> members.contains(i) ? f -> f.commit() :
                    f -> f.nextHopGroupSet(i, members.stream().mapToInt(Integer::intValue).toArray(), members.size())),
            Combinators.combine(prefix4, smallIndex).as((p, i) -> f -> f.route4Set(p.address(), p.length(), i)),
            prefix4.map(p -> f -> f.route4Delete(p.address(), p.length())),
            Combinators.combine(prefix6, smallIndex).as((p, i) -> f -> f.route6Set(p.high(), p.low(), p.length(), i)),
            prefix6.map(p -> f -> f.route6Delete(p.high(), p.low(), p.length())),
            Arbitraries.just(FibUpdates::commit));

        return call.list().ofMaxSize(60).map(ArrayList::new);
    }
}
