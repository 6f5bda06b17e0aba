/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.Policies;
import net.junction.bgp.session.Negotiated;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.BgpMessage;
import net.junction.bgp.wire.UpdateMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static net.junction.bgp.rib.Routes.announce;
import static net.junction.bgp.rib.Routes.announce6;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.p;
import static net.junction.bgp.rib.Routes.withPolicies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graceful restart as the restarting speaker (RFC 4724 §4.1): route selection deferred until every
 * graceful-restart peer's End-of-RIB (or the deferral timer), nothing sent and nothing installed before, then
 * the whole outcome at once, each peer's table followed by its End-of-RIB.
 */
class RestartingSpeakerTest
{
    static final AfiSafi V4 = AfiSafi.IPV4_UNICAST;
    static final AfiSafi V6 = AfiSafi.IPV6_UNICAST;
    /** A helper (RFC 4724 §4.2): graceful restart, not restarting itself, forwarding state kept for both families. */
    static final Negotiated.PeerRestart HELPER = new Negotiated.PeerRestart(120, false, Map.of(V4, true, V6, true));

    static PeerConfig noGracefulRestart(final PeerConfig c)
    {
        return c.toBuilder().gracefulRestart(false).build();
    }

    /** An eBGP neighbor that takes and sends everything. */
    static PeerConfig peer(final String name, final String address, final int as)
    {
        return withPolicies(ebgp(name, address, as), "all", "all");
    }

    static Harness harness(final PeerConfig... peers)
    {
        return new Harness(config(1, List.of(peers), Map.of("all", Policies.ACCEPT_ALL), List.of()));
    }

    /** Two eBGP helpers a and b; the speaker restarted and defers selection. */
    static Harness restarted()
    {
        final Harness h = harness(peer("a", "198.18.0.1", 65001), peer("b", "198.18.0.2", 65002));
        h.rib.deferSelection();
        h.sessions.values().forEach(s -> s.peerRestart = HELPER);
        return h;
    }

    static long updatesOf(final FakeSession s)
    {
        return s.sent.stream().filter(m -> m instanceof UpdateMessage u && u.endOfRibFamily() == null).count();
    }

    @Test
    void shouldDeferSelectionUntilEveryHelperSentEndOfRib()
    {
        final Harness h = restarted();
        assertTrue(h.rib.restarting());
        assertEquals(Map.of(V4, List.of("a", "b"), V6, List.of("a", "b")), h.rib.awaited());

        final FakeSession a = h.up("a", 1);
        h.send("a", announce(attrs(65001), "198.18.0.1", "198.18.100.0/24", "198.18.101.0/24"));
        h.send("a", announce6(attrs(65001), "2001:db8::1", null, "2001:db8:100::/48"));
        h.rib.endOfRib(a, V4);
        h.rib.endOfRib(a, V6);
        final FakeSession b = h.up("b", 2);
        h.send("b", announce(attrs(65002, 64999), "198.18.0.2", "198.18.100.0/24", "198.18.102.0/24"));

        // Nothing selected, installed or sent yet: b's End-of-RIB is awaited.
        assertEquals(Map.of(V4, List.of("b"), V6, List.of("b")), h.rib.awaited());
        assertEquals(0, h.rib.locRibSize(V4));
        assertEquals(0, h.listener.calls, "the data plane forwards on what it kept");
        assertEquals(List.of(), a.sent, "no UPDATE and no End-of-RIB before selection");
        assertEquals(List.of(), b.sent);
        assertEquals(3, h.rib.adjRibInSize("a", V4) + h.rib.adjRibInSize("a", V6), "routes kept as they arrive");

        h.rib.endOfRib(b, V4);
        // IPv4 selected and sent; IPv6 still waits for b.
        assertEquals(Map.of(V6, List.of("b")), h.rib.awaited());
        assertTrue(h.rib.restarting());
        assertEquals(3, h.rib.locRibSize(V4));
        assertEquals("a", h.bestPeer("198.18.100.0/24"), "the shorter AS path wins, decided over both peers");
        assertEquals(3, h.listener.table.size());
        assertEquals(0, h.rib.locRibSize(V6));
        assertEquals(List.of(V4), a.endOfRibs);
        assertEquals(List.of(V4), b.endOfRibs);
        assertEquals(java.util.Set.of(p("198.18.102.0/24")), a.view.keySet(), "a gets b's best, not its own");
        assertEquals(java.util.Set.of(p("198.18.100.0/24"), p("198.18.101.0/24")), b.view.keySet());
        assertEndOfRibLast(a.sent, V4);

        h.rib.endOfRib(b, V6);
        assertFalse(h.rib.restarting());
        assertEquals(Map.of(), h.rib.awaited());
        assertEquals(1, h.rib.locRibSize(V6));
        assertNotNull(h.listener.table.get(p("2001:db8:100::/48")));
        assertEquals(List.of(V4, V6), b.endOfRibs);
        assertTrue(b.view.containsKey(p("2001:db8:100::/48")));

        // Selection runs as routes arrive from now on.
        h.send("b", announce(attrs(65002), "198.18.0.2", "198.18.103.0/24"));
        assertTrue(a.view.containsKey(p("198.18.103.0/24")));
    }

    /** After the last End-of-RIB of the family, at least one UPDATE went before it. */
    static void assertEndOfRibLast(final List<BgpMessage> sent, final AfiSafi family)
    {
        int eor = -1;
        int lastUpdate = -1;
        for (int i = 0; i < sent.size(); i++)
        {
            if (sent.get(i) instanceof UpdateMessage u)
            {
                if (family.equals(u.endOfRibFamily()))
                {
                    eor = i;
                }
                else if (u.endOfRibFamily() == null)
                {
                    lastUpdate = i;
                }
            }
        }
        assertTrue(lastUpdate >= 0 && eor > lastUpdate, "End-of-RIB after the table: " + sent);
    }

    @Test
    void shouldNotWaitForPeersWithoutGracefulRestartOrRestartingThemselves()
    {
        final Harness h = harness(peer("a", "198.18.0.1", 65001), peer("b", "198.18.0.2", 65002),
            peer("c", "198.18.0.3", 65003), noGracefulRestart(peer("d", "198.18.0.4", 65004)));
        h.rib.deferSelection();
        assertEquals(List.of("a", "b", "c"), h.rib.awaited().get(V4), "d is not configured for graceful restart");
        h.sessions.get("a").peerRestart = HELPER;
        h.sessions.get("b").peerRestart = null; // its OPEN has no graceful restart capability
        h.sessions.get("c").peerRestart = new Negotiated.PeerRestart(120, true, Map.of(V4, true)); // restarting too
        h.up("b", 2);
        h.up("c", 3);
        assertEquals(List.of("a"), h.rib.awaited().get(V4));
        h.send("b", announce(attrs(65002), "198.18.0.2", "198.18.110.0/24"));
        assertEquals(0, h.rib.locRibSize(V4));
        final FakeSession a = h.up("a", 1);
        h.rib.endOfRib(a, V4);
        h.rib.endOfRib(a, V6);
        assertFalse(h.rib.restarting());
        assertEquals(1, h.rib.locRibSize(V4));
        assertTrue(a.view.containsKey(p("198.18.110.0/24")));
    }

    @Test
    void shouldSelectWhenTheDeferralTimerEndsItWithoutEveryEndOfRib()
    {
        final Harness h = restarted();
        final FakeSession a = h.up("a", 1);
        h.send("a", announce(attrs(65001), "198.18.0.1", "198.18.120.0/24"));
        // b never comes up: the Selection_Deferral_Timer (the speaker's) ends the wait.
        h.rib.endSelectionDeferral("test timer");
        assertFalse(h.rib.restarting());
        assertEquals(1, h.rib.locRibSize(V4));
        assertEquals(1, h.listener.table.size());
        assertEquals(List.of(V4, V6), a.endOfRibs, "End-of-RIB for both families, nothing to send a of its own");
        // The late End-of-RIB changes nothing.
        h.rib.endOfRib(a, V4);
        assertEquals(1, h.rib.locRibSize(V4));
    }

    @Test
    void shouldStopWaitingForARemovedNeighbor()
    {
        final Harness h = restarted();
        final FakeSession a = h.up("a", 1);
        h.send("a", announce(attrs(65001), "198.18.0.1", "198.18.130.0/24"));
        h.rib.endOfRib(a, V4);
        h.rib.endOfRib(a, V6);
        assertTrue(h.rib.restarting());
        h.rib.removeNeighbor("b");
        assertFalse(h.rib.restarting());
        assertEquals(1, h.rib.locRibSize(V4));
    }

    @Test
    void shouldNotDeferWithoutGracefulRestartNeighbors()
    {
        final Harness h = harness(noGracefulRestart(peer("d", "198.18.0.4", 65004)));
        h.rib.deferSelection();
        assertFalse(h.rib.restarting(), "no neighbor would send an End-of-RIB to wait for");
        h.up("d", 4);
        h.send("d", announce(attrs(65004), "198.18.0.4", "198.18.140.0/24"));
        assertEquals(1, h.rib.locRibSize(V4));
    }
}
