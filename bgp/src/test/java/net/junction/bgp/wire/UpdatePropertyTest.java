/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.AsPaths;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.Prefix4;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated attribute sets and prefixes: encode, decode, and (over a 2-octet session) reconstruct give
 * back what went in, and the packer loses or reorders no prefix.
 */
class UpdatePropertyTest
{
    @Provide
    Arbitrary<PathAttributes> attributeSets()
    {
        // AS 0 is malformed (RFC 7607), and so is a next hop that is no host address (RFC 4271 §6.3).
        final Arbitrary<Integer> asn = Arbitraries.oneOf(Arbitraries.integers().between(1, 65535),
            Arbitraries.integers().filter(a -> a != 0));
        final Arbitrary<AsPathSegment> segment = Combinators.combine(
            Arbitraries.of(AsPathSegment.AS_SEQUENCE, AsPathSegment.AS_SET),
            asn.list().ofMinSize(1).ofMaxSize(12)).as((type, asns) ->
                new AsPathSegment(type, asns.stream().mapToInt(Integer::intValue).toArray()));
        final Arbitrary<PathAttribute> asPath = segment.list().ofMaxSize(4).map(s -> new PathAttribute.AsPath(s));
        final Arbitrary<PathAttribute> communities = Arbitraries.integers().array(int[].class).ofMinSize(1)
            .ofMaxSize(40).map(PathAttribute.Communities::new);
        final Arbitrary<PathAttribute> large = Arbitraries.integers().array(int[].class).ofMinSize(1).ofMaxSize(10)
            .map(a -> { final int[] v = new int[a.length * 3]; for (int i = 0; i < v.length; i++) { v[i] = a[i / 3] + i; }
                return new PathAttribute.LargeCommunities(v); });
        final Arbitrary<PathAttribute> extended = Arbitraries.longs().array(long[].class).ofMinSize(1).ofMaxSize(40)
            .map(PathAttribute.ExtendedCommunities::new);
        final Arbitrary<PathAttribute> med = Arbitraries.integers().map(PathAttribute.MultiExitDisc::new);
        final Arbitrary<PathAttribute> aggregator = Combinators.combine(asn, Arbitraries.integers())
            .as(PathAttribute.Aggregator::new);
        // The registered attributes the decoder checks are not unknown: random bytes would be malformed ones.
        final Arbitrary<PathAttribute> unknown = Combinators.combine(
            Arbitraries.integers().between(33, 255).filter(t -> CheckedAttribute.of(t) == null),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(300), Arbitraries.of(false, true))
            .as((type, value, partial) -> new PathAttribute.Unknown(0xC0 | (partial ? 0x20 : 0), type, value));
        final Arbitrary<List<PathAttribute>> optional = Arbitraries.oneOf(communities, large, extended, med,
            aggregator, unknown, Arbitraries.just(PathAttribute.AtomicAggregate.INSTANCE)).list().ofMaxSize(6);
        return Combinators.combine(Arbitraries.integers().between(0, 2), asPath,
            Arbitraries.integers().filter(UpdateDecoder::isHostAddress4), optional)
            .as((origin, path, nextHop, others) ->
            {
                final PathAttributes.Builder b = PathAttributes.builder()
                    .put(PathAttribute.Origin.of(origin)).put(path).put(new PathAttribute.NextHop(nextHop));
                others.forEach(b::put);
                return b.build();
            });
    }

    @Provide
    Arbitrary<List<Prefix4>> prefixLists()
    {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
            .as(Prefix4::network).list().ofMaxSize(3000);
    }

    /**
     * The shapes the generators make, as bytes written by hand (RFC 4271 §4.3), so that the property
     * above is not the only judge of them: a 2-octet session, an AS_SET, a 2-octet AGGREGATOR, an
     * extended-length COMMUNITIES (RFC 4271 §4.3: flag 0x10, 2-octet length), an unknown optional
     * transitive attribute passed on with the Partial bit (§5), NLRI of lengths 0, 15 and 25.
     */
    @Example
    void shouldDecodeAndEncodeHandWrittenUpdatesOfTheGeneratedShapes()
    {
        final int[] communities = new int[64];
        final StringBuilder communityBytes = new StringBuilder();
        for (int i = 0; i < communities.length; i++)
        {
            communities[i] = PathAttribute.Communities.community(65001, i);
            communityBytes.append("fde9").append(String.format("%04x", i));   // AS 65001, value i
        }
        final PathAttributes attributes = PathAttributes.builder()
            .put(PathAttribute.Origin.ORIGIN_EGP)
            .put(new PathAttribute.AsPath(List.of(AsPathSegment.set(1, 65535))))
            .put(new PathAttribute.NextHop(Ip4.parse("198.18.0.1")))
            .put(new PathAttribute.Aggregator(65001, Ip4.parse("198.18.0.9")))
            .put(new PathAttribute.Communities(communities))
            .put(new PathAttribute.Unknown(0xE0, 99, new byte[] {1, 2, 3}))
            .build();
        final List<Prefix4> nlri = List.of(Prefix4.parse("0.0.0.0/0"), Prefix4.parse("198.18.0.0/15"),
            Prefix4.parse("198.51.100.128/25"));
        final String hex = "ffffffffffffffffffffffffffffffff" + "0147" + "02" +
            "0000" + "0127" +                           // no withdrawn routes; 295 octets of attributes
            "400101" + "01" +                           // ORIGIN EGP
            "400206" + "0102" + "0001" + "ffff" +       // AS_PATH: AS_SET of 2, 2-octet ASes 1 65535
            "400304" + "c6120001" +                     // NEXT_HOP 198.18.0.1
            "c00706" + "fde9" + "c6120009" +            // AGGREGATOR, 2-octet AS 65001, 198.18.0.9
            "d0080100" + communityBytes +               // COMMUNITIES, extended length 256: 64 communities
            "e06303" + "010203" +                       // type 99, optional transitive partial, 3 octets
            "00" + "0fc612" + "19c6336480";             // 0.0.0.0/0 198.18.0.0/15 198.51.100.128/25
        final CodecOptions options = new CodecOptions(false, false, false);
        assertEquals(hex, HexFormat.of().formatHex(MessageEncoder.encode(UpdateMessage.announce(attributes, nlri), options)));
        final DecodeResult r = MessageDecoder.decode(HexFormat.of().parseHex(hex), options);
        assertTrue(r.isClean(), r.problems().toString());
        assertEquals(attributes, ((UpdateMessage)r.message()).attributes());
        assertEquals(nlri, ((UpdateMessage)r.message()).nlri());
    }

    @Property(tries = 300)
    void shouldRoundTripGeneratedUpdates(
        @ForAll("attributeSets") final PathAttributes attributes, @ForAll("prefixLists") final List<Prefix4> prefixes,
        @ForAll final boolean fourOctetAs)
    {
        final CodecOptions options = new CodecOptions(fourOctetAs, true, false);
        final List<Prefix4> sent = prefixes.subList(0, Math.min(prefixes.size(), 200));
        final byte[] bytes = MessageEncoder.encode(UpdateMessage.announce(attributes, sent), options);
        final DecodeResult r = MessageDecoder.decode(bytes, options);
        assertTrue(r.isClean(), r.problems().toString());
        final UpdateMessage decoded = (UpdateMessage)r.message();
        PathAttributes expected = attributes;
        if (!fourOctetAs && attributes.aggregator() != null && !AsPaths.isFourOctet(attributes.aggregator().asNumber()))
        {
            // RFC 6793 §4.2.3: an AGGREGATOR other than AS_TRANS voids AS4_PATH, so the receiver keeps
            // AS_TRANS in the path; the RFC's price for detecting aggregation by an OLD speaker.
            expected = attributes.with(AsPaths.toTwoOctet(attributes.asPath()));
        }
        assertEquals(expected, fourOctetAs ? decoded.attributes() : AsPaths.reconstruct(decoded.attributes()));
        assertEquals(sent, decoded.nlri());
    }

    @Property(tries = 100)
    void shouldPackEveryPrefixInOrder(
        @ForAll("attributeSets") final PathAttributes attributes, @ForAll("prefixLists") final List<Prefix4> prefixes)
    {
        final CodecOptions options = CodecOptions.FOUR_OCTET_EBGP;
        final List<Prefix4> received = new ArrayList<>();
        final List<byte[]> messages;
        try
        {
            messages = new UpdatePacker(options).announce(attributes, prefixes);
        }
        catch (final IllegalArgumentException ex)
        {
            // Attributes bigger than a message: nothing to pack.
            return;
        }
        for (final byte[] m : messages)
        {
            assertTrue(m.length <= options.maxMessageLength());
            received.addAll(((UpdateMessage)MessageDecoder.decode(m, options).message()).nlri());
        }
        assertEquals(prefixes, received);
    }
}
