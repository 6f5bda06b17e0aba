/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

/**
 * One problem found while decoding a message, with the RFC 7606 action that answers it.
 *
 * @param action        what the session must do.
 * @param notification  the NOTIFICATION RFC 4271 §6 assigns to the error: to send on {@link ErrorAction#SESSION_RESET}
 *                      (or a failed {@link ErrorAction#AFI_SAFI_DISABLE}), for the log otherwise.
 * @param attributeType the path attribute concerned, or -1.
 * @param afiSafi       the family to disable on {@link ErrorAction#AFI_SAFI_DISABLE}, else null.
 * @param reason        a short human-readable description.
 */
public record DecodeProblem(
    ErrorAction action, NotificationMessage notification, int attributeType, AfiSafi afiSafi, String reason)
{
    /**
     * @param notification to send.
     * @param reason       description.
     * @return a session-reset problem not tied to an attribute.
     */
    public static DecodeProblem sessionReset(final NotificationMessage notification, final String reason)
    {
        return new DecodeProblem(ErrorAction.SESSION_RESET, notification, -1, null, reason);
    }
}
