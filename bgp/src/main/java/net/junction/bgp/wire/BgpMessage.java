/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

/**
 * A decoded BGP message (RFC 4271 §4): immutable values, made by {@link MessageDecoder} and written
 * by {@link MessageEncoder}.
 */
public sealed interface BgpMessage
    permits OpenMessage, UpdateMessage, NotificationMessage, KeepaliveMessage, RouteRefreshMessage
{
    /**
     * @return the message type code of the header ({@link MessageHeader#TYPE_OPEN} ...).
     */
    int type();
}
