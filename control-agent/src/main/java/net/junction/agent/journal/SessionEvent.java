/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import net.junction.routing.IpAddress;

/**
 * A BGP session changed state.
 *
 * @param timeNs   when.
 * @param neighbor the neighbor's address.
 * @param from     the state it left (e.g. {@code ESTABLISHED}); at most 32 characters.
 * @param to       the state it entered (e.g. {@code IDLE}); at most 32 characters.
 * @param reason   why (a NOTIFICATION's text, hold timer expired, admin down); at most 1024 characters.
 */
public record SessionEvent(long timeNs, IpAddress neighbor, String from, String to, String reason)
    implements JournalRecord
{
    /** @throws IllegalArgumentException naming what is wrong. */
    public SessionEvent
    {
        JournalRecord.requireTime(timeNs);
        JournalRecord.requireNeighbor(neighbor);
        JournalRecord.requireText("a session event's from-state", from, 32);
        JournalRecord.requireText("a session event's to-state", to, 32);
        JournalRecord.requireText("a session event's reason", reason, 1024);
    }
}
