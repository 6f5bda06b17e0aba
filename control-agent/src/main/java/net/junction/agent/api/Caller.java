/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

/**
 * Who made a request, as the audit log and commit authors name them.
 *
 * @param who  {@code unix:root} (a process of uid 0 on the UNIX socket, from its credentials),
 *             {@code token:NAME}, or {@code anonymous} before authentication.
 * @param role what it may do; {@code null} only for an anonymous caller.
 */
record Caller(String who, Role role)
{
    static final Caller ANONYMOUS = new Caller("anonymous", null);

    boolean may(final Role needed)
    {
        return null != role && role.allows(needed);
    }

    String roleText()
    {
        return null == role ? "none" : role.text();
    }
}
