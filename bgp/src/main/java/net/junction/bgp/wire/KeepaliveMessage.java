/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

/**
 * KEEPALIVE (RFC 4271 §4.4): the header alone, 19 octets.
 */
public record KeepaliveMessage() implements BgpMessage
{
    /** The only value. */
    public static final KeepaliveMessage INSTANCE = new KeepaliveMessage();

    public int type()
    {
        return MessageHeader.TYPE_KEEPALIVE;
    }
}
