/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.UpdateMessage;

/**
 * What a session tells the routing side (Adj-RIB-In, decision process, Adj-RIB-Out). Every call
 * comes on the speaker's event-loop thread, the one thread that owns sessions and RIBs, so
 * implementations need no locks.
 */
public interface SessionListener
{
    /**
     * The session reached Established. The listener may send at once (its Adj-RIB-Out, then an
     * End-of-RIB per family).
     *
     * @param session    the session.
     * @param negotiated what the OPEN exchange settled.
     */
    void established(PeerSession session, Negotiated negotiated);

    /**
     * An UPDATE arrived and decoded. Treat-as-withdraw (RFC 7606) is already applied: such an
     * UPDATE arrives as the withdrawal of every prefix it carried. Discarded attributes are gone.
     * An End-of-RIB marker arrives as {@link #endOfRib}, not here.
     *
     * @param session the session.
     * @param update  announcements and withdrawals.
     */
    void update(PeerSession session, UpdateMessage update);

    /**
     * The peer finished its initial table for a family (RFC 4724 End-of-RIB), or its re-advertisement
     * after a route refresh (RFC 7313 EoRR arrives as {@link #routeRefreshEnd}).
     *
     * @param session the session.
     * @param family  the family.
     */
    void endOfRib(PeerSession session, AfiSafi family);

    /**
     * The peer asks for our routes again (RFC 2918 ROUTE-REFRESH): resend the Adj-RIB-Out of the
     * family, framed by BoRR/EoRR when {@link Negotiated#enhancedRouteRefresh()}.
     *
     * @param session the session.
     * @param family  the family.
     */
    void routeRefreshRequested(PeerSession session, AfiSafi family);

    /**
     * The peer starts re-advertising a family (RFC 7313 BoRR): mark its routes of that family stale;
     * {@link #routeRefreshEnd} removes those still stale.
     *
     * @param session the session.
     * @param family  the family.
     */
    void routeRefreshBegin(PeerSession session, AfiSafi family);

    /**
     * The peer finished re-advertising a family (RFC 7313 EoRR): purge routes still stale.
     *
     * @param session the session.
     * @param family  the family.
     */
    void routeRefreshEnd(PeerSession session, AfiSafi family);

    /**
     * The session left Established.
     *
     * @param session        the session.
     * @param reason         why, for logs and status (e.g. "hold timer expired", "received
     *                       NOTIFICATION Cease/Administrative Shutdown: maintenance").
     * @param keepRoutesStale true when graceful restart applies (RFC 4724 §4.2: the peer
     *                        advertised it and the session did not end with a NOTIFICATION, or
     *                        with one RFC 8538 allows): keep its routes, marked stale, for
     *                        {@link #staleTimeout}; false: flush them now.
     */
    void down(PeerSession session, String reason, boolean keepRoutesStale);

    /**
     * Graceful restart gave up on the peer (its restart time passed without a new session, or the
     * new session did not keep forwarding state for a family): flush its stale routes of the family.
     * After the End-of-RIB of a family from a restarted peer, the session calls this too so routes
     * not refreshed are purged.
     *
     * @param session the session.
     * @param family  the family.
     */
    void staleTimeout(PeerSession session, AfiSafi family);

    /**
     * @return whether this speaker has just restarted and still defers route selection: the OPENs it sends now
     *     carry the Restart State bit (RFC 4724 §3). False unless the listener says otherwise.
     */
    default boolean restarting()
    {
        return false;
    }
}
