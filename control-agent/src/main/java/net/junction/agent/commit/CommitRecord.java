/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One commit of the history: the whole document as it was committed, and who, when and why.
 *
 * @param number    1, 2, 3... never reused; the running commit's number is the running version
 *                  (the ETag a candidate names as its base).
 * @param author    who committed it.
 * @param time      when.
 * @param message   why.
 * @param confirm   for a commit made with {@code --confirm MINUTES}: its deadline and where its window
 *                  stands (pending, confirmed, rolled back...), kept up to date by the state directory.
 * @param directory where a relative {@code routes-file} of the document is found.
 * @param document  the configuration text, byte for byte as committed (YAML or JSON).
 */
public record CommitRecord(
    long number, String author, Instant time, String message, Optional<ConfirmWindow> confirm, Path directory, String document)
{
    public CommitRecord
    {
        if (number < 1)
        {
            throw new IllegalArgumentException("commit numbers start at 1: " + number);
        }
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(confirm, "confirm");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(document, "document");
    }

    /**
     * @return for a commit made with a confirm window: when it is rolled back unless confirmed.
     */
    public Optional<Instant> confirmBy()
    {
        return confirm.map(ConfirmWindow::by);
    }

    /**
     * @param window the window as it stands now.
     * @return this commit with it.
     */
    public CommitRecord withConfirm(final ConfirmWindow window)
    {
        return new CommitRecord(number, author, time, message, Optional.of(window), directory, document);
    }

    /**
     * @return such as {@code commit 7 (2026-12-05T09:30:00Z, by alice: raise mtu)}.
     */
    public String describe()
    {
        return "commit " + number + " (" + time + ", by " + author + ": " + message + ")";
    }
}
