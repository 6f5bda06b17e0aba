/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Crash-safe file replacement, the usual POSIX recipe: write a temporary file beside the target,
 * {@code fsync} it, {@code rename} it over the target (atomic within one file system), then
 * {@code fsync} the directory so the rename itself is durable. A crash at any point leaves the
 * old file or the new one, never a mix; what it can leave besides is a temporary file, whose name
 * starts with {@link #TEMP_PREFIX} and which readers skip and {@link #removeTemporaries} deletes.
 * Without the first {@code fsync}, ext4 and XFS may make the rename durable before the data and
 * leave an empty file after a power cut.
 */
final class DurableFiles
{
    /** Every temporary file's name starts with this; no stored file's name does. */
    static final String TEMP_PREFIX = ".tmp-";

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private DurableFiles()
    {
    }

    /**
     * Replaces {@code target} with {@code content}, or leaves it as it was.
     *
     * @throws IOException when it could not; {@code target} is then unchanged.
     */
    static void write(final Path target, final byte[] content) throws IOException
    {
        final Path directory = target.toAbsolutePath().getParent();
        final Path temp = directory.resolve(TEMP_PREFIX + target.getFileName() + "-" + ProcessHandle.current().pid() + "-" +
            SEQUENCE.incrementAndGet());
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
            {
                final ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try
            {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                throw new IOException("cannot replace " + target + " atomically: " + ex.getMessage(), ex);
            }
        }
        finally
        {
            Files.deleteIfExists(temp);
        }
        syncDirectory(directory);
    }

    /** Deletes {@code file} if it exists, durably. */
    static void delete(final Path file) throws IOException
    {
        if (Files.deleteIfExists(file))
        {
            syncDirectory(file.toAbsolutePath().getParent());
        }
    }

    /** Deletes what an interrupted {@link #write} left in {@code directory}. */
    static int removeTemporaries(final Path directory) throws IOException
    {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, TEMP_PREFIX + "*"))
        {
            for (final Path file : files)
            {
                Files.deleteIfExists(file);
                removed++;
            }
        }
        if (removed > 0)
        {
            syncDirectory(directory);
        }
        return removed;
    }

    /** Makes the directory's entries (a rename, a new or deleted file) durable. */
    static void syncDirectory(final Path directory) throws IOException
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }
}
