/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import net.junction.bgp.config.BgpRole;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.Capability;
import net.junction.bgp.wire.NotificationMessage;
import net.junction.bgp.wire.OpenMessage;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;

/** RFC 9234 §4: the BGP Role capability sent, and the pairs of roles accepted and refused. */
class RoleNegotiationTest
{
    static final int LOCAL_AS = 65000;
    static final int PEER_AS = 65001;

    static PeerConfig peer(final BgpRole role, final boolean strict)
    {
        return PeerConfig.builder("n", IpAddress.parse("198.18.1.2"), PEER_AS)
            .families(Set.of(AfiSafi.IPV4_UNICAST))
            .role(Optional.ofNullable(role))
            .strictRole(strict)
            .build();
    }

    static OpenNegotiation.Result check(final PeerConfig peer, final int... theirRoles)
    {
        final List<Capability> caps = new ArrayList<>(List.of(new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST),
            new Capability.FourOctetAs(PEER_AS)));
        for (final int r : theirRoles)
        {
            caps.add(new Capability.Role(r));
        }
        return OpenNegotiation.check(OpenMessage.of(PEER_AS, 90, Ip4.parse("198.18.0.2"), caps), peer, LOCAL_AS,
            Ip4.parse("198.18.0.1"), IpAddress.parse("198.18.1.1"), IpAddress.parse("198.18.1.2"));
    }

    static void assertMismatch(final OpenNegotiation.Result r, final String gist)
    {
        assertNull(r.negotiated());
        assertEquals(NotificationMessage.OPEN_MESSAGE_ERROR, r.error().code());
        assertEquals(NotificationMessage.OPEN_ROLE_MISMATCH, r.error().subcode());
        assertTrue(r.reason().contains(gist), r.reason());
    }

    @Test
    void shouldAnnounceTheConfiguredRoleOnly()
    {
        final OpenMessage open = OpenNegotiation.localOpen(peer(BgpRole.CUSTOMER, false), LOCAL_AS, 1, Set.of(), false);
        assertEquals(new Capability.Role(3), open.capability(Capability.Role.class));
        assertNull(OpenNegotiation.localOpen(peer(null, false), LOCAL_AS, 1, Set.of(), false)
            .capability(Capability.Role.class), "no role configured: no capability");
    }

    @Test
    void shouldAcceptEachRoleWithItsCounterpartOnly()
    {
        for (final BgpRole ours : BgpRole.values())
        {
            for (final BgpRole theirs : BgpRole.values())
            {
                final OpenNegotiation.Result r = check(peer(ours, true), theirs.value());
                final boolean fits = switch (ours)
                {
                    case PROVIDER -> theirs == BgpRole.CUSTOMER;
                    case CUSTOMER -> theirs == BgpRole.PROVIDER;
                    case RS_SERVER -> theirs == BgpRole.RS_CLIENT;
                    case RS_CLIENT -> theirs == BgpRole.RS_SERVER;
                    case PEER -> theirs == BgpRole.PEER;
                };
                if (fits)
                {
                    assertNotNull(r.negotiated(), ours + " with " + theirs);
                }
                else
                {
                    assertMismatch(r, "we are " + ours + ", the peer announced " + theirs);
                }
            }
        }
    }

    @Test
    void shouldRefuseUnassignedAndConflictingRolesAndAMissingOneInStrictMode()
    {
        assertMismatch(check(peer(BgpRole.PEER, false), 5), "unassigned role 5");
        assertMismatch(check(peer(BgpRole.PEER, false), 4, 3), "announced customer");
        assertNotNull(check(peer(BgpRole.PEER, false), 4, 4).negotiated(), "the same role twice is one role");
        assertNotNull(check(peer(BgpRole.PEER, false)).negotiated(), "no role from the peer: fine unless strict");
        assertMismatch(check(peer(BgpRole.PEER, true)), "strict mode and the peer announced no role");
        assertNotNull(check(peer(null, false), 3).negotiated(), "no role configured: the peer's is not checked");
    }

    @Test
    void shouldDescribeTheNotification()
    {
        assertEquals("OPEN Message Error/Role Mismatch",
            NotificationText.describe(new NotificationMessage(NotificationMessage.OPEN_MESSAGE_ERROR,
                NotificationMessage.OPEN_ROLE_MISMATCH, new byte[0])));
    }
}
