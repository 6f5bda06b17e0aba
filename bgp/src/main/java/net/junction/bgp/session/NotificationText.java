/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.wire.NotificationMessage;

import static net.junction.bgp.wire.NotificationMessage.CEASE;

/**
 * Human-readable NOTIFICATIONs for logs and {@code lastError}: the IANA names of the code and subcode,
 * the RFC 9003 shutdown communication, and the cause inside an RFC 8538 Hard Reset.
 */
final class NotificationText
{
    private static final String[] CODES = {
        "0", "Message Header Error", "OPEN Message Error", "UPDATE Message Error", "Hold Timer Expired",
        "Finite State Machine Error", "Cease", "ROUTE-REFRESH Message Error"};
    private static final String[] CEASE_SUBCODES = {
        "", "Maximum Number of Prefixes Reached", "Administrative Shutdown", "Peer De-configured",
        "Administrative Reset", "Connection Rejected", "Other Configuration Change",
        "Connection Collision Resolution", "Out of Resources", "Hard Reset", "BFD Down"};
    /** RFC 4271 §6.2 and RFC 9234 §4.2 (5, 8, 9 and 10 are deprecated or unassigned: their numbers are shown). */
    private static final String[] OPEN_SUBCODES = {
        "", "Unsupported Version Number", "Bad Peer AS", "Bad BGP Identifier", "Unsupported Optional Parameter",
        "", "Unacceptable Hold Time", "Unsupported Capability", "", "", "", "Role Mismatch"};

    private NotificationText()
    {
    }

    static String describe(final NotificationMessage n)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(n.code() < CODES.length ? CODES[n.code()] : Integer.toString(n.code()));
        if (n.code() == CEASE && n.subcode() > 0 && n.subcode() < CEASE_SUBCODES.length)
        {
            sb.append('/').append(CEASE_SUBCODES[n.subcode()]);
        }
        else if (n.code() == NotificationMessage.OPEN_MESSAGE_ERROR && n.subcode() > 0 &&
            n.subcode() < OPEN_SUBCODES.length && !OPEN_SUBCODES[n.subcode()].isEmpty())
        {
            sb.append('/').append(OPEN_SUBCODES[n.subcode()]);
        }
        else if (n.subcode() != 0)
        {
            sb.append('/').append(n.subcode());
        }
        final NotificationMessage cause = n.hardResetCause();
        if (cause != null)
        {
            sb.append(" (").append(describe(cause)).append(')');
        }
        final String text = n.shutdownCommunication();
        if (text != null && !text.isEmpty())
        {
            sb.append(": \"").append(text).append('"');
        }
        return sb.toString();
    }
}
