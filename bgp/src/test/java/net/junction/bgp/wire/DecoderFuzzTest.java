/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A million mutated messages through the decoders, seeded so any failure replays: every decode must
 * return a message or a structured problem, never throw; a clean decode must survive encode and decode
 * again. Seeds come from tcpdump's captures and from the encoder. Mutations keep the header's length
 * field consistent most of the time, so that they reach the OPEN and UPDATE bodies instead of dying at
 * the header check.
 */
class DecoderFuzzTest
{
    static final long SEED = Long.getLong("junction.fuzz.seed", 0x5EED_B6B0L);
    static final int ITERATIONS = Integer.getInteger("junction.fuzz.iterations", 1_000_000);

    static final CodecOptions[] OPTIONS = {
        new CodecOptions(false, false, true),
        new CodecOptions(true, false, true),
        new CodecOptions(true, true, false),
        new CodecOptions(false, true, false),
    };

    static List<byte[]> corpus() throws IOException
    {
        final List<byte[]> corpus = new ArrayList<>();
        // In CI the captures must be there: a fuzzer seeded only by the encoder would miss what real routers send.
        if (SharedData.availableOrFailInCi(SharedData.BGP_PCAP))
        {
            for (final String file : PcapGoldenTest.captures().toList())
            {
                for (final PcapReader.Frame f : PcapReader.bgpFrames(PcapGoldenTest.DIR.resolve(file)))
                {
                    if (f.bytes().length <= MessageHeader.MAX_EXTENDED_MESSAGE_LENGTH)
                    {
                        corpus.add(f.bytes());
                    }
                }
            }
        }
        final CodecOptions o = OPTIONS[2];
        final PathAttributes attributes = PathAttributes.of(
            PathAttribute.Origin.ORIGIN_IGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 70000), AsPathSegment.set(1, 2))),
            new PathAttribute.NextHop(Ip4.parse("198.18.0.1")),
            new PathAttribute.MultiExitDisc(5), new PathAttribute.LocalPref(100),
            PathAttribute.AtomicAggregate.INSTANCE, new PathAttribute.Aggregator(65001, 1),
            new PathAttribute.Communities(new int[] {PathAttribute.Communities.NO_EXPORT}),
            new PathAttribute.OriginatorId(1), new PathAttribute.ClusterList(new int[] {2}),
            new PathAttribute.ExtendedCommunities(new long[] {7}),
            new PathAttribute.LargeCommunities(new int[] {1, 2, 3}),
            new PathAttribute.Unknown(0xC0, 99, new byte[] {1}));
        corpus.add(MessageEncoder.encode(UpdateMessage.announce(attributes,
            List.of(Prefix4.parse("198.18.0.0/15"), Prefix4.parse("198.51.100.0/24"))), o));
        corpus.add(MessageEncoder.encode(new UpdateMessage(List.of(Prefix4.parse("198.19.0.0/16")),
            attributes.without(PathAttribute.NEXT_HOP), List.of(),
            new MpReachNlri(AfiSafi.IPV6_UNICAST, IpAddress.parse("2001:db8::1"), IpAddress.parse("fe80::1"),
                List.of(IpPrefix.parse("2001:db8::/32"))),
            new MpUnreachNlri(AfiSafi.IPV6_UNICAST, List.of(IpPrefix.parse("2001:db8:1::/48")))), o));
        corpus.add(MessageEncoder.encode(UpdateMessage.announce(attributes.with(
            new PathAttribute.As4Path(List.of(AsPathSegment.sequence(70000)))), List.of(Prefix4.parse("198.18.0.0/15"))),
            OPTIONS[0]));
        corpus.add(MessageEncoder.encode(OpenMessage.of(65001, 90, 1, List.of(
            new Capability.Multiprotocol(AfiSafi.IPV6_UNICAST), new Capability.RouteRefresh(),
            new Capability.GracefulRestart(8, 120, List.of(new Capability.GracefulRestart.Family(AfiSafi.IPV4_UNICAST, 0x80))),
            new Capability.ExtendedMessage(), new Capability.EnhancedRouteRefresh())), o));
        corpus.add(MessageEncoder.encode(NotificationMessage.shutdown(2, "bye"), o));
        corpus.add(MessageEncoder.encode(new RouteRefreshMessage(AfiSafi.IPV4_UNICAST, 1), o));
        corpus.add(MessageEncoder.encode(KeepaliveMessage.INSTANCE, o));
        return corpus;
    }

    @Test
    void shouldNeverThrowOnAMillionMutatedMessages() throws IOException
    {
        final List<byte[]> corpus = corpus();
        assertFalse(corpus.isEmpty());
        final SplittableRandom random = new SplittableRandom(SEED);
        final byte[] scratch = new byte[MessageHeader.MAX_EXTENDED_MESSAGE_LENGTH + 64];
        final UnsafeBuffer buffer = new UnsafeBuffer(scratch);
        final int[] actions = new int[ErrorAction.values().length + 1];
        final long startNs = System.nanoTime();

        for (int i = 0; i < ITERATIONS; i++)
        {
            final byte[] seed = corpus.get(random.nextInt(corpus.size()));
            final int length = mutate(seed, scratch, random);
            final CodecOptions options = OPTIONS[random.nextInt(OPTIONS.length)];
            final DecodeResult result;
            try
            {
                MessageHeader.frameLength(buffer, 0, length, options);
                result = MessageDecoder.decode(buffer, 0, length, options);
            }
            catch (final RuntimeException ex)
            {
                throw new AssertionError("iteration " + i + " (seed " + SEED + ") threw on " +
                    java.util.HexFormat.of().formatHex(scratch, 0, length), ex);
            }
            check(result, i);
            final ErrorAction action = result.action();
            actions[action == null ? 0 : action.ordinal() + 1]++;
            if (result.isClean() && (i & 7) == 0)
            {
                roundTrip(result.message(), options, i);
            }
        }

        final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        System.out.printf("fuzz: %d inputs in %d ms; clean %d, discard %d, withdraw %d, disable %d, reset %d%n",
            ITERATIONS, elapsedMs, actions[0], actions[1], actions[2], actions[3], actions[4]);
        assertTrue(actions[0] > 0 && actions[4] > 0, "the mutations reach both outcomes");
    }

    static void check(final DecodeResult result, final int iteration)
    {
        assertNotNull(result, "iteration " + iteration);
        if (result.isClean())
        {
            assertNotNull(result.message(), "iteration " + iteration);
            return;
        }
        for (final DecodeProblem p : result.problems())
        {
            if (p.action() == null || p.notification() == null || p.reason() == null)
            {
                fail("iteration " + iteration + ": incomplete problem " + p);
            }
            if (p.action() == ErrorAction.AFI_SAFI_DISABLE)
            {
                assertNotNull(p.afiSafi());
            }
        }
        if (result.isSessionReset())
        {
            assertNull(result.message(), "iteration " + iteration);
        }
        else
        {
            assertNotNull(result.message(), "iteration " + iteration);
        }
    }

    static void roundTrip(final BgpMessage message, final CodecOptions options, final int iteration)
    {
        // Re-encoding may use an extended length where the input did not: let it be as long as it needs.
        final CodecOptions roomy = new CodecOptions(options.fourOctetAs(), true, options.externalPeer());
        if (message instanceof OpenMessage || message instanceof KeepaliveMessage)
        {
            final byte[] bytes = MessageEncoder.encode(message, options);
            assertEquals(message, MessageDecoder.decode(bytes, options).message(), "iteration " + iteration);
            return;
        }
        final byte[] bytes = MessageEncoder.encode(message, roomy);
        final DecodeResult again = MessageDecoder.decode(bytes, roomy);
        assertTrue(again.isClean(), () -> "iteration " + iteration + ": " + again.problems());
        assertEquals(message, again.message(), "iteration " + iteration);
    }

    /**
     * @return length of the mutated message in {@code out}.
     */
    private static int mutate(final byte[] seed, final byte[] out, final SplittableRandom random)
    {
        int length = seed.length;
        System.arraycopy(seed, 0, out, 0, length);
        final int kind = random.nextInt(10);
        final int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++)
        {
            switch (kind)
            {
                case 0, 1, 2 ->
                {
                    // Flip bytes in the body.
                    if (length > 19)
                    {
                        out[19 + random.nextInt(length - 19)] = (byte)random.nextInt(256);
                    }
                }
                case 3 ->
                {
                    // Small numbers where lengths and counts live.
                    if (length > 19)
                    {
                        out[19 + random.nextInt(length - 19)] = (byte)random.nextInt(-2, 6);
                    }
                }
                case 4 -> length = 19 + random.nextInt(Math.max(1, length - 18));
                case 5 ->
                {
                    final int extra = random.nextInt(1, 64);
                    for (int i = 0; i < extra && length < out.length - 64; i++)
                    {
                        out[length++] = (byte)random.nextInt(256);
                    }
                }
                case 6 ->
                {
                    // Any byte anywhere, header included.
                    out[random.nextInt(length)] = (byte)random.nextInt(256);
                }
                case 7 ->
                {
                    // Flip one bit of a flags or type octet near the start of the body.
                    if (length > 19)
                    {
                        final int at = 19 + random.nextInt(Math.min(64, length - 19));
                        out[at] ^= (byte)(1 << random.nextInt(8));
                    }
                }
                case 8 ->
                {
                    // Splice a chunk of the message over another place.
                    if (length > 24)
                    {
                        final int from = 19 + random.nextInt(length - 19);
                        final int to = 19 + random.nextInt(length - 19);
                        final int n = Math.min(random.nextInt(1, 16), Math.min(length - from, length - to));
                        System.arraycopy(out, from, out, to, n);
                    }
                }
                default ->
                {
                    // Random bytes behind a valid header.
                    length = 19 + random.nextInt(80);
                    for (int i = 19; i < length; i++)
                    {
                        out[i] = (byte)random.nextInt(256);
                    }
                    out[18] = (byte)random.nextInt(1, 6);
                }
            }
        }
        if (random.nextInt(8) != 0)
        {
            out[16] = (byte)(length >>> 8);
            out[17] = (byte)length;
        }
        return length;
    }
}
