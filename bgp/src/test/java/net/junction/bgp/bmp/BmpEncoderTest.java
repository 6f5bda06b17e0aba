/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.bmp;

import net.junction.bgp.rib.Path;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.Capability;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.MessageDecoder;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.NotificationMessage;
import net.junction.bgp.wire.OpenMessage;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BmpEncoderTest
{
    /** NEXT_HOP, well-known transitive, 4 octets: 0.0.0.0. */
    static final byte[] NEXT_HOP_UNSPECIFIED = {0x40, 0x03, 0x04, 0, 0, 0, 0};

    private static final HexFormat HEX = HexFormat.of();
    /** 2023-11-14T22:13:20.123456Z. */
    private static final long TIMESTAMP_MICROS = 1_700_000_000_123_456L;
    private static final int PEER_ID = Ip4Address.parse("198.18.0.2").value();

    private final BmpEncoder encoder = new BmpEncoder();

    private static byte[] hex(final String s)
    {
        return HEX.parseHex(s.replace(" ", ""));
    }

    private static BmpEncoder.PeerHeader ipv4Peer(final int flags)
    {
        return new BmpEncoder.PeerHeader(BmpEncoder.PEER_TYPE_GLOBAL_INSTANCE, flags, 0,
            Ip4Address.parse("198.18.0.2"), 65001, PEER_ID, TIMESTAMP_MICROS);
    }

    /** The 42-octet per-peer header of {@link #ipv4Peer} (RFC 7854 §4.2), after the type and flags. */
    private static final String IPV4_PEER_REST =
        "0000000000000000" + "000000000000000000000000c6120002" + "0000fde9" + "c6120002" + "6553f100" + "0001e240";

    @Test
    void shouldEncodeInitiationWithSysDescrAndSysName()
    {
        // RFC 7854 §4.1 common header, §4.3/§4.4 TLVs: type 1 sysDescr, type 2 sysName.
        assertArrayEquals(hex("03 00000018 04" + "0001 0008 4a756e6374696f6e" + "0002 0002 7231"),
            encoder.initiation("r1", "Junction"));
    }

    @Test
    void shouldEncodeRouteMonitoringWithPostPolicyIpv4PeerHeader()
    {
        final byte[] eor = MessageEncoder.encode(UpdateMessage.endOfRib(AfiSafi.IPV4_UNICAST), CodecOptions.DEFAULT);
        assertEquals(23, eor.length);
        final byte[] bmp = encoder.routeMonitoring(ipv4Peer(BmpEncoder.PEER_FLAG_L), eor);
        assertArrayEquals(hex("03 00000047 00" + "00 40" + IPV4_PEER_REST + HEX.formatHex(eor)), bmp);
    }

    @Test
    void shouldSetTheVFlagAndWholeAddressForAnIpv6Peer()
    {
        final BmpEncoder.PeerHeader header = new BmpEncoder.PeerHeader(BmpEncoder.PEER_TYPE_GLOBAL_INSTANCE,
            BmpEncoder.PEER_FLAG_V, 0, Ip6Address.parse("2001:db8::1"), 65001, PEER_ID, TIMESTAMP_MICROS);
        final BmpTestReader.Message m = BmpTestReader.parse(encoder.peerDown(header,
            BmpEncoder.DOWN_REMOTE_NO_NOTIFICATION, new byte[0]));
        assertEquals(BmpEncoder.PEER_DOWN_NOTIFICATION, m.type());
        assertEquals(0x80, m.peerFlags());
        assertArrayEquals(hex("20010db8000000000000000000000001"), m.peerAddress());
        assertArrayEquals(new byte[]{4}, m.body());
    }

    @Test
    void shouldEncodePeerDownWithTheNotificationSent()
    {
        final byte[] cease = MessageEncoder.encode(NotificationMessage.of(NotificationMessage.CEASE,
            NotificationMessage.CEASE_ADMIN_RESET), CodecOptions.DEFAULT);
        final byte[] bmp = encoder.peerDown(ipv4Peer(0), BmpEncoder.DOWN_LOCAL_NOTIFICATION, cease);
        // §4.9: reason 1, then the whole NOTIFICATION PDU.
        assertArrayEquals(hex("03 " + String.format("%08x", 6 + 42 + 1 + cease.length) + " 02" + "00 00" +
            IPV4_PEER_REST + "01" + HEX.formatHex(cease)), bmp);
    }

    @Test
    void shouldEncodeCountersGaugesAndPerFamilyGauges()
    {
        final byte[] bmp = encoder.statisticsReport(ipv4Peer(0), List.of(
            new BmpEncoder.Stat(BmpEncoder.STAT_REJECTED_PREFIXES, null, 5),
            new BmpEncoder.Stat(BmpEncoder.STAT_ADJ_RIB_IN_ROUTES, null, 10),
            new BmpEncoder.Stat(BmpEncoder.STAT_AFI_SAFI_ADJ_RIB_IN_ROUTES, AfiSafi.IPV6_UNICAST, 3)));
        // §4.8: a 32-bit counter, a 64-bit gauge, and AFI (2) SAFI (1) gauge (8).
        assertArrayEquals(hex("03 00000057 01" + "00 00" + IPV4_PEER_REST + "00000003" +
            "0000 0004 00000005" + "0007 0008 000000000000000a" + "0009 000b 0002 01 0000000000000003"), bmp);
    }

    @Test
    void shouldEncodePeerUpWithBothOpensAndDecodeThemBack()
    {
        final OpenMessage sent = OpenMessage.of(65000, 90, Ip4Address.parse("198.18.0.1").value(),
            List.of(new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST)));
        final OpenMessage received = OpenMessage.of(65001, 30, PEER_ID,
            List.of(new Capability.Multiprotocol(AfiSafi.IPV6_UNICAST)));
        final byte[] sentBytes = MessageEncoder.encode(sent, CodecOptions.DEFAULT);
        final byte[] receivedBytes = MessageEncoder.encode(received, CodecOptions.DEFAULT);
        final byte[] bmp = encoder.peerUp(ipv4Peer(0), Ip4Address.parse("198.18.0.1"), 179, 40123, sentBytes,
            receivedBytes, "global");

        final BmpTestReader.Message m = BmpTestReader.parse(bmp);
        assertEquals(BmpEncoder.PEER_UP_NOTIFICATION, m.type());
        // §4.10: local address (IPv4 in the last 4 of 16), local port, remote port.
        assertArrayEquals(hex("000000000000000000000000c6120001" + "00b3" + "9cbb"),
            java.util.Arrays.copyOf(m.body(), 20));
        final byte[] first = BmpTestReader.bgpMessage(m.body(), 20);
        final byte[] second = BmpTestReader.bgpMessage(m.body(), 20 + first.length);
        assertEquals(sent, MessageDecoder.decode(first, CodecOptions.DEFAULT).message());
        assertEquals(received, MessageDecoder.decode(second, CodecOptions.DEFAULT).message());
        final List<BmpTestReader.Tlv> tlvs = BmpTestReader.tlvs(m.body(), 20 + first.length + second.length);
        assertEquals(1, tlvs.size());
        assertEquals(BmpEncoder.INFO_VRF_TABLE_NAME, tlvs.getFirst().type());
        assertEquals("global", tlvs.getFirst().text());
    }

    @Test
    void shouldEncodeTerminationWithStringAndReason()
    {
        assertArrayEquals(hex("03 00000013 05" + "0000 0003 627965" + "0001 0002 0000"),
            encoder.termination(BmpEncoder.TERM_ADMINISTRATIVELY_CLOSED, "bye"));
        assertArrayEquals(hex("03 0000000c 05" + "0001 0002 0002"), encoder.termination(BmpEncoder.TERM_OUT_OF_RESOURCES, ""));
    }

    @Test
    void shouldEncodeTheLocRibInstanceHeaderWithPeerTypeThree()
    {
        final BmpEncoder.PeerHeader header = new BmpEncoder.PeerHeader(BmpEncoder.PEER_TYPE_LOC_RIB_INSTANCE, 0, 0,
            new Ip4Address(0), 65000, Ip4Address.parse("198.18.0.1").value(), TIMESTAMP_MICROS);
        final BmpTestReader.Message m = BmpTestReader.parse(encoder.routeMonitoring(header, new byte[0]));
        assertEquals(3, m.peerType());
        assertEquals(0, m.peerFlags());
        assertEquals(0, m.distinguisher());
        assertArrayEquals(new byte[16], m.peerAddress());
        assertEquals(65000, m.peerAs());
        assertEquals(1_700_000_000L, m.seconds());
        assertEquals(123_456L, m.micros());
    }

    @Test
    void shouldTurnRoutesIntoUpdatesThatDecodeBack()
    {
        final PathAttributes attributes = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            PathAttribute.AsPath.sequence(65001, (int)4_200_000_000L));
        final Prefix4 v4 = Prefix4.parse("198.18.10.0/24");
        final UpdateMessage announced = (UpdateMessage)MessageDecoder.decode(
            BmpMonitor.updateOf(v4, new Path(attributes, Ip4Address.parse("198.18.0.2"), null)),
            CodecOptions.FOUR_OCTET_EBGP).message();
        assertEquals(List.of(v4), announced.nlri());
        assertEquals(attributes.asPath(), announced.attributes().asPath());
        assertEquals(Ip4Address.parse("198.18.0.2").value(), announced.attributes().nextHop().address());

        final UpdateMessage withdrawn = (UpdateMessage)MessageDecoder.decode(BmpMonitor.updateOf(v4, null),
            CodecOptions.FOUR_OCTET_EBGP).message();
        assertEquals(List.of(v4), withdrawn.withdrawn());

        final Prefix6 v6 = Prefix6.parse("2001:db8:10::/48");
        final UpdateMessage six = (UpdateMessage)MessageDecoder.decode(
            BmpMonitor.updateOf(v6, new Path(attributes, Ip6Address.parse("2001:db8::2"), null)),
            CodecOptions.FOUR_OCTET_EBGP).message();
        assertEquals(List.of(v6), six.mpReach().nlri());
        assertEquals(Ip6Address.parse("2001:db8::2"), six.mpReach().nextHop());
        final UpdateMessage sixGone = (UpdateMessage)MessageDecoder.decode(BmpMonitor.updateOf(v6, null),
            CodecOptions.FOUR_OCTET_EBGP).message();
        assertEquals(List.of(v6), sixGone.mpUnreach().withdrawn());
        assertNull(sixGone.mpReach());

        // A local network has no next hop: the unspecified address stands in (for a station, not a BGP peer: a BGP
        // speaker's decoder treats a NEXT_HOP of 0.0.0.0 as withdraw, RFC 7606 §7.3).
        final byte[] local = BmpMonitor.updateOf(v4, new Path(attributes, null, null));
        assertTrue(BmpMonitorTest.contains(local, NEXT_HOP_UNSPECIFIED), "NEXT_HOP 0.0.0.0");
        final UpdateMessage decoded = (UpdateMessage)MessageDecoder.decode(local, CodecOptions.FOUR_OCTET_EBGP).message();
        assertInstanceOf(UpdateMessage.class, decoded);
        assertTrue(decoded.withdrawn().isEmpty());
    }

    @Test
    void shouldWriteAnAddPathNeighborsRoutesWithTheirPathIdentifiers()
    {
        final PathAttributes attributes = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            PathAttribute.AsPath.sequence(65001));
        // The session receives Path Identifiers for IPv4 only: its Route Monitoring says so for IPv4 NLRI alone.
        final CodecOptions monitoring = new CodecOptions(true, true, false, java.util.Set.of(),
            java.util.Set.of(net.junction.bgp.wire.AfiSafi.IPV4_UNICAST));
        final CodecOptions station = new CodecOptions(true, true, false,
            java.util.Set.of(net.junction.bgp.wire.AfiSafi.IPV4_UNICAST), java.util.Set.of());
        final Prefix4 v4 = Prefix4.parse("198.18.10.0/24");
        final UpdateMessage announced = (UpdateMessage)MessageDecoder.decode(BmpMonitor.updateOf(v4,
            new Path(attributes, Ip4Address.parse("198.18.0.2"), null), 0xFFFFFFFEL, monitoring), station).message();
        assertEquals(List.of(v4), announced.nlri());
        assertEquals(List.of(-2), announced.nlriPathIds(), "the identifier as received (4294967294)");
        final UpdateMessage withdrawn = (UpdateMessage)MessageDecoder.decode(BmpMonitor.updateOf(v4, null, 3, monitoring),
            station).message();
        assertEquals(List.of(3), withdrawn.withdrawnPathIds());
        final Prefix6 v6 = Prefix6.parse("2001:db8:10::/48");
        final UpdateMessage six = (UpdateMessage)MessageDecoder.decode(BmpMonitor.updateOf(v6,
            new Path(attributes, Ip6Address.parse("2001:db8::2"), null), -1, monitoring), station).message();
        assertEquals(List.of(v6), six.mpReach().nlri());
        assertEquals(List.of(), six.mpReach().pathIds(), "IPv6 without ADD-PATH: none");
    }
}
