/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpdatePackerTest
{
    static final PathAttributes ATTRIBUTES = PathAttributes.of(
        PathAttribute.Origin.ORIGIN_IGP,
        PathAttribute.AsPath.sequence(65001, 4_200_000_00),
        new PathAttribute.NextHop(Ip4.parse("198.18.0.1")),
        new PathAttribute.Communities(new int[] {PathAttribute.Communities.NO_EXPORT}));

    static List<Prefix4> prefixes4(final int count)
    {
        final List<Prefix4> out = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            out.add(new Prefix4(0xC6120000 + (i << 8), 24));
        }
        return out;
    }

    static List<IpPrefix> prefixes6(final int count)
    {
        final List<IpPrefix> out = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            out.add(new Prefix6(0x20010DB8_00000000L | ((long)i << 16), 0, 48));
        }
        return out;
    }

    static List<UpdateMessage> decodeAll(final List<byte[]> messages, final CodecOptions options)
    {
        final List<UpdateMessage> out = new ArrayList<>();
        for (final byte[] m : messages)
        {
            assertTrue(m.length <= options.maxMessageLength(), "message of " + m.length);
            final DecodeResult r = MessageDecoder.decode(m, options);
            assertTrue(r.isClean(), r.problems().toString());
            out.add((UpdateMessage)r.message());
        }
        return out;
    }

    @Test
    void shouldPackIpv4RoutesIntoAsFewMessagesAsFit()
    {
        for (final CodecOptions options : new CodecOptions[] {CodecOptions.FOUR_OCTET_EBGP, CodecOptions.DEFAULT,
            new CodecOptions(true, true, true)})
        {
            final List<Prefix4> prefixes = prefixes4(5000);
            final List<byte[]> messages = new UpdatePacker(options).announce(ATTRIBUTES, prefixes);
            final List<UpdateMessage> updates = decodeAll(messages, options);
            final List<Prefix4> seen = new ArrayList<>();
            for (final UpdateMessage u : updates)
            {
                assertEquals(ATTRIBUTES, net.junction.bgp.wire.attribute.AsPaths.reconstruct(u.attributes()));
                seen.addAll(u.nlri());
            }
            assertEquals(prefixes, seen);
            // Each /24 takes 4 octets: every message but the last is within one prefix of full.
            for (int i = 0; i < messages.size() - 1; i++)
            {
                assertTrue(messages.get(i).length > options.maxMessageLength() - 4, "message " + i + " underfilled");
            }
            final int perMessage = (options.maxMessageLength() - 23 - (messages.getFirst().length - 23 -
                4 * updates.getFirst().nlri().size())) / 4;
            assertEquals((prefixes.size() + perMessage - 1) / perMessage, messages.size());
        }
    }

    @Test
    void shouldPackIpv6RoutesInMpReachAndWithdrawalsInMpUnreach()
    {
        final CodecOptions options = CodecOptions.FOUR_OCTET_EBGP;
        final UpdatePacker packer = new UpdatePacker(options);
        final List<IpPrefix> prefixes = prefixes6(3000);
        final List<byte[]> messages = new ArrayList<>();
        packer.announce(ATTRIBUTES, AfiSafi.IPV6_UNICAST, IpAddress.parse("2001:db8::1"), IpAddress.parse("fe80::1"),
            prefixes, UpdatePacker.collectInto(messages));
        final List<IpPrefix> seen = new ArrayList<>();
        for (final UpdateMessage u : decodeAll(messages, options))
        {
            assertEquals(ATTRIBUTES.without(PathAttribute.NEXT_HOP), u.attributes());
            assertEquals(IpAddress.parse("fe80::1"), u.mpReach().linkLocalNextHop());
            seen.addAll(u.mpReach().nlri());
        }
        assertEquals(prefixes, seen);
        assertTrue(messages.size() <= (3000 * 7) / (4096 - 100) + 1, messages.size() + " messages");

        final List<byte[]> withdrawals = new ArrayList<>();
        packer.withdraw(AfiSafi.IPV6_UNICAST, prefixes, UpdatePacker.collectInto(withdrawals));
        final List<IpPrefix> withdrawn = new ArrayList<>();
        decodeAll(withdrawals, options).forEach(u -> withdrawn.addAll(u.mpUnreach().withdrawn()));
        assertEquals(prefixes, withdrawn);
    }

    @Test
    void shouldPackIpv4Withdrawals()
    {
        final List<Prefix4> prefixes = prefixes4(3000);
        final List<byte[]> messages = new ArrayList<>();
        assertEquals(3, new UpdatePacker(CodecOptions.DEFAULT).withdraw(prefixes, UpdatePacker.collectInto(messages)));
        final List<Prefix4> withdrawn = new ArrayList<>();
        decodeAll(messages, CodecOptions.DEFAULT).forEach(u -> withdrawn.addAll(u.withdrawn()));
        assertEquals(prefixes, withdrawn);
    }

    @Test
    void shouldRefuseAttributesThatLeaveNoRoomForAPrefix()
    {
        final PathAttributes huge = ATTRIBUTES.with(new PathAttribute.Communities(new int[1100]));
        assertThrows(IllegalArgumentException.class,
            () -> new UpdatePacker(CodecOptions.DEFAULT).announce(huge, prefixes4(1)));
        assertEquals(1, new UpdatePacker(new CodecOptions(true, true, true)).announce(huge, prefixes4(1)).size());
    }

    @Test
    void shouldPackIntoTheBytesRfc4271AndRfc4760Describe()
    {
        // Independent of the decoder: the bytes written by hand, field by field.
        final String marker = "ffffffffffffffffffffffffffffffff";
        final List<byte[]> announced = new UpdatePacker(CodecOptions.FOUR_OCTET_EBGP).announce(ATTRIBUTES, prefixes4(2));
        assertEquals(1, announced.size());
        assertEquals(marker + "003e" + "02" +
                "0000" + "001f" +                             // no withdrawn routes; 31 octets of attributes
                "400101" + "00" +                             // ORIGIN IGP
                "40020a" + "0202" + "0000fde9" + "1908b100" + // AS_PATH: AS_SEQUENCE 65001 420000000
                "400304" + "c6120001" +                       // NEXT_HOP 198.18.0.1
                "c00804" + "ffffff01" +                       // COMMUNITIES NO_EXPORT
                "18" + "c61200" + "18" + "c61201",            // NLRI 198.18.0.0/24 198.18.1.0/24
            HexFormat.of().formatHex(announced.getFirst()));

        final List<byte[]> withdrawn = new ArrayList<>();
        new UpdatePacker(CodecOptions.DEFAULT).withdraw(prefixes4(2), UpdatePacker.collectInto(withdrawn));
        assertEquals(marker + "001f" + "02" + "0008" + "18c61200" + "18c61201" + "0000",
            HexFormat.of().formatHex(withdrawn.getFirst()));

        final List<byte[]> withdrawn6 = new ArrayList<>();
        new UpdatePacker(CodecOptions.DEFAULT).withdraw(AfiSafi.IPV6_UNICAST, prefixes6(2),
            UpdatePacker.collectInto(withdrawn6));
        assertEquals(marker + "002c" + "02" + "0000" + "0015" +
                "900f" + "0011" + "0002" + "01" +             // MP_UNREACH_NLRI, 17 octets: AFI 2, SAFI 1
                "30" + "20010db80000" + "30" + "20010db80001", // 2001:db8::/48 2001:db8:1::/48
            HexFormat.of().formatHex(withdrawn6.getFirst()));
    }
}
