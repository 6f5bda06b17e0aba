/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.wire.AfiSafi;

/**
 * What this speaker has advertised to one peer in one family (RFC 4271 §3.2 Adj-RIB-Out), and what
 * it still has to look at: the prefixes whose best path changed since ({@code dirty}). UPDATEs are
 * made lazily from the dirty set while the session can take them, so a slow peer costs a set of
 * prefixes, never a queue of messages.
 */
final class AdjRibOut
{
    /** Flag on a {@code sent} entry: advertise again even if unchanged (route refresh). */
    static final int RESEND = 1;

    final AfiSafi family;
    final PrefixMap<Path> sent;
    final PrefixMap<Boolean> dirty;
    final PathInterner interner;

    /** Send End-of-RIB once the dirty set is empty (initial table, RFC 4724 §2). */
    boolean endOfRibPending;
    /** Send EoRR once the dirty set is empty (enhanced route refresh, RFC 7313 §4). */
    boolean endOfRouteRefreshPending;

    AdjRibOut(final AfiSafi family, final PathInterner interner)
    {
        this.family = family;
        final boolean ipv6 = AfiSafi.AFI_IPV6 == family.afi();
        this.sent = new PrefixMap<>(ipv6);
        this.dirty = new PrefixMap<>(ipv6);
        this.interner = interner;
    }

    boolean hasWork()
    {
        return dirty.size() > 0 || endOfRibPending || endOfRouteRefreshPending;
    }
}
