/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random batches survive encoding and decoding through frames of random sizes; random corruption of a
 * valid frame is either refused whole with {@link MalformedFibMessageException} or decoded whole, and
 * never fails any other way (the decoder's fuzz target).
 */
class FibUpdateCodecPropertyTest
{
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
