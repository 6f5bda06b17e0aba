/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

/**
 * What a session does about a problem found in a message (RFC 7606 §2), least severe first so that
 * {@code compareTo} picks the one that wins.
 */
public enum ErrorAction
{
    /** The attribute was dropped from the decoded message; the routes are accepted without it. */
    ATTRIBUTE_DISCARD,
    /** Every route the UPDATE announces (IPv4 NLRI and MP_REACH_NLRI) is to be treated as withdrawn. */
    TREAT_AS_WITHDRAW,
    /**
     * The family's routes from this peer are to be removed and the family ignored until the session
     * restarts (RFC 4760 §7); a session that cannot do this resets instead with the problem's NOTIFICATION.
     */
    AFI_SAFI_DISABLE,
    /** Send the problem's NOTIFICATION and close the session; the message was not decoded. */
    SESSION_RESET
}
