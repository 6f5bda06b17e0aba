/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

/**
 * A configuration commit was made.
 *
 * @param timeNs  when.
 * @param number  the commit's number (positive).
 * @param author  who made it (a token's name, an agent's identity); at most 256 characters.
 * @param message its message; at most 4096 characters.
 */
public record CommitEvent(long timeNs, long number, String author, String message) implements JournalRecord
{
    /** @throws IllegalArgumentException naming what is wrong. */
    public CommitEvent
    {
        JournalRecord.requireTime(timeNs);
        if (number <= 0)
        {
            throw new IllegalArgumentException("a commit number is positive, not " + number);
        }
        JournalRecord.requireText("a commit's author", author, 256);
        JournalRecord.requireText("a commit's message", message, 4096);
    }
}
