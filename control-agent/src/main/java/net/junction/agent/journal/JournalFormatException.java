/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The journal folder holds a queue of another format than this Junction reads and writes
 * ({@link RouteJournal#FORMAT}): an older Junction's, or a newer one's. Nothing in it was changed. Its
 * message says what to do: move the folder away (an older Junction can still read it), and a new journal
 * starts at the next start.
 */
public final class JournalFormatException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final long found;

    /**
     * @param directory the journal's folder.
     * @param found     the format found there.
     */
    public JournalFormatException(final Path directory, final long found)
    {
        super("the route journal in " + directory + " is in format " + found + ", this Junction reads and writes format " +
            RecordCodec.FORMAT + ": move that folder away (e.g. to " + directory.getFileName() + ".format" + found +
            ") to start a new journal; nothing in it was changed");
        this.found = found;
    }

    /** @return the format found in the folder. */
    public long found()
    {
        return found;
    }
}
