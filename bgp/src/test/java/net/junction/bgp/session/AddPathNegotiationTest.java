/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.config.AddPathConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.Capability;
import net.junction.bgp.wire.OpenMessage;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 7911 §4: ADD-PATH is advertised per family from the neighbor's settings, and a direction is used only
 * when our side and the peer's agree on it (receive with its send, send with its receive).
 */
class AddPathNegotiationTest
{
    private static final int LOCAL_AS = 65000;
    private static final int PEER_AS = 65001;
    private static final Set<AfiSafi> BOTH = Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);

    private static PeerConfig peer(final AddPathConfig addPath)
    {
        return PeerConfig.of("p", IpAddress.parse("198.18.0.2"), PEER_AS).withAddPath(addPath);
    }

    private static OpenMessage theirOpen(final Capability.AddPath addPath)
    {
        final List<Capability> capabilities = new ArrayList<>(List.of(
            new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST), new Capability.Multiprotocol(AfiSafi.IPV6_UNICAST),
            new Capability.FourOctetAs(PEER_AS)));
        if (addPath != null)
        {
            capabilities.add(addPath);
        }
        return OpenMessage.of(PEER_AS, 90, Ip4.parse("198.18.0.2"), capabilities);
    }

    private static Negotiated check(final PeerConfig peer, final Capability.AddPath theirs)
    {
        return OpenNegotiation.check(theirOpen(theirs), peer, LOCAL_AS, Ip4.parse("198.18.0.1"),
            IpAddress.parse("198.18.0.1"), IpAddress.parse("198.18.0.2")).negotiated();
    }

    private static Capability.AddPath both(final int v4, final int v6)
    {
        return new Capability.AddPath(List.of(new Capability.AddPath.Family(AfiSafi.IPV4_UNICAST, v4),
            new Capability.AddPath.Family(AfiSafi.IPV6_UNICAST, v6)));
    }

    @Test
    void shouldAdvertiseReceiveForTheConfiguredFamiliesOnly()
    {
        assertNull(OpenNegotiation.localOpen(peer(AddPathConfig.NONE), LOCAL_AS, 1, Set.of(), false)
            .capability(Capability.AddPath.class), "off: no capability at all");
        assertEquals(both(Capability.AddPath.RECEIVE, Capability.AddPath.RECEIVE),
            OpenNegotiation.localOpen(peer(new AddPathConfig(true, BOTH)), LOCAL_AS, 1, Set.of(), false)
                .capability(Capability.AddPath.class), "receive only: this speaker sends one path per prefix");
        assertEquals(new Capability.AddPath(List.of(
                new Capability.AddPath.Family(AfiSafi.IPV6_UNICAST, Capability.AddPath.RECEIVE))),
            OpenNegotiation.localOpen(peer(new AddPathConfig(true, Set.of(AfiSafi.IPV6_UNICAST))), LOCAL_AS, 1,
                Set.of(), false).capability(Capability.AddPath.class));
    }

    @Test
    void shouldReceiveOnlyWhereThePeerSaysSend()
    {
        final Negotiated full = check(peer(new AddPathConfig(true, BOTH)), both(3, 3));
        assertTrue(full.addPathReceive(AfiSafi.IPV4_UNICAST));
        assertTrue(full.addPathReceive(AfiSafi.IPV6_UNICAST));
        assertFalse(full.addPathSend(AfiSafi.IPV4_UNICAST), "we never said send: no path ids towards the peer");
        assertEquals(Set.of(), full.codec().sendPathIds());

        // They send IPv4 only and only receive IPv6.
        final Negotiated crossed = check(peer(new AddPathConfig(true, BOTH)),
            both(Capability.AddPath.SEND, Capability.AddPath.RECEIVE));
        assertTrue(crossed.addPathReceive(AfiSafi.IPV4_UNICAST));
        assertFalse(crossed.addPathReceive(AfiSafi.IPV6_UNICAST));
        assertFalse(crossed.addPathSend(AfiSafi.IPV6_UNICAST));

        // Without their capability, or without ours, nothing.
        assertEquals(Set.of(), check(peer(new AddPathConfig(true, BOTH)), null).codec().receivePathIds());
        assertEquals(Set.of(), check(peer(AddPathConfig.NONE), both(3, 3)).codec().receivePathIds());

        // A family configured for it but not negotiated (not among our families) gets none either.
        final PeerConfig v4Only = PeerConfig.builder("p", IpAddress.parse("198.18.0.2"), PEER_AS)
            .localAddress(java.util.Optional.empty())
            .localAs(java.util.Optional.empty())
            .password(java.util.Optional.empty())
            .ttlSecurityHops(java.util.Optional.empty())
            .families(Set.of(AfiSafi.IPV4_UNICAST))
            .maxPrefixes(java.util.Map.of())
            .importPolicy(java.util.Optional.empty())
            .exportPolicy(java.util.Optional.empty())
            .build().withAddPath(new AddPathConfig(true, Set.of(AfiSafi.IPV4_UNICAST)));
        assertEquals(Set.of(AfiSafi.IPV4_UNICAST), check(v4Only, both(3, 3)).codec().receivePathIds());
    }

    @Test
    void shouldAdvertiseSendOrBothAsConfigured()
    {
        assertEquals(both(Capability.AddPath.SEND, Capability.AddPath.SEND),
            OpenNegotiation.localOpen(peer(new AddPathConfig(false, 4, BOTH)), LOCAL_AS, 1, Set.of(), false)
                .capability(Capability.AddPath.class));
        assertEquals(both(3, 3), OpenNegotiation.localOpen(peer(new AddPathConfig(true, AddPathConfig.SEND_ALL, BOTH)),
            LOCAL_AS, 1, Set.of(), false).capability(Capability.AddPath.class));
    }

    @Test
    void shouldSendOnlyWhereThePeerSaysReceive()
    {
        // They receive IPv4 and only send IPv6: path ids go to them for IPv4 only; none come from them (we only send).
        final Negotiated crossed = check(peer(new AddPathConfig(false, 2, BOTH)),
            both(Capability.AddPath.RECEIVE, Capability.AddPath.SEND));
        assertTrue(crossed.addPathSend(AfiSafi.IPV4_UNICAST));
        assertFalse(crossed.addPathSend(AfiSafi.IPV6_UNICAST), "they do not receive IPv6 paths");
        assertEquals(Set.of(), crossed.codec().receivePathIds(), "we did not say receive");

        final Negotiated full = check(peer(new AddPathConfig(true, 2, BOTH)), both(3, 3));
        assertEquals(BOTH, full.codec().sendPathIds());
        assertEquals(BOTH, full.codec().receivePathIds());

        // A peer without the capability gets one path per prefix without identifiers.
        assertEquals(Set.of(), check(peer(new AddPathConfig(true, 2, BOTH)), null).codec().sendPathIds());
    }

    @Test
    void shouldResetTheSessionOnlyWhenWhatTheOpenSaysChanges()
    {
        final PeerConfig two = peer(new AddPathConfig(true, 2, BOTH));
        assertEquals(List.of(), two.sessionFieldsChanged(peer(new AddPathConfig(true, AddPathConfig.SEND_ALL, BOTH))),
            "the count is not in the OPEN: applied live");
        assertEquals(List.of("add-path"), two.sessionFieldsChanged(peer(new AddPathConfig(true, BOTH))));
        assertEquals(List.of("add-path"), two.sessionFieldsChanged(peer(new AddPathConfig(false, 2, BOTH))));
    }

    @Test
    void shouldRefuseACountOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> new AddPathConfig(false, -1, BOTH));
        assertThrows(IllegalArgumentException.class, () -> new AddPathConfig(false, AddPathConfig.MAX_SEND + 1, BOTH));
    }
}
