/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code STATE_DIR/audit.log}: one JSON line per write made through the API and per refusal
 * (authentication and authorization refusals too), appended and forced to disk before the answer
 * is sent, so a change the client saw acknowledged is on record. Append-only; never rotated by
 * the router (logrotate with {@code copytruncate} works, as lines are whole).
 */
final class AuditLog implements AutoCloseable
{
    static final String FILE_NAME = "audit.log";

    /**
     * One line of the log.
     *
     * @param time   when the answer was sent.
     * @param who    {@code unix:root}, {@code token:NAME}, {@code anonymous}.
     * @param role   the caller's role, {@code none} when unauthenticated.
     * @param method HTTP method.
     * @param path   request path, without the query.
     * @param action what was asked: {@code commit}, {@code neighbor.reset}, {@code token.create}...
     * @param result {@code ok}, {@code refused} (4xx), {@code failed} (5xx).
     * @param status the HTTP status answered.
     * @param detail what happened: the commit made, or the problem's detail.
     * @param agent  the AI agent acting through the caller's credentials, as its MCP client named
     *               itself (header {@code X-Junction-Agent}, sent by {@code junction mcp}); absent otherwise.
     */
    record Entry(
        Instant time, String who, String role, String method, String path, String action, String result, int status,
        String detail, Optional<String> agent)
    {
    }

    /** Longest agent name kept. */
    static final int MAX_AGENT_CHARS = 64;

    /**
     * @param header an {@code X-Junction-Agent} value, or null.
     * @return it without control characters, cut to {@value #MAX_AGENT_CHARS} characters; empty when nothing is left.
     */
    static Optional<String> agentName(final String header)
    {
        if (null == header)
        {
            return Optional.empty();
        }
        final String clean = header.codePoints().filter(c -> !Character.isISOControl(c))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        return clean.isEmpty() ? Optional.empty() :
            Optional.of(clean.length() > MAX_AGENT_CHARS ? clean.substring(0, MAX_AGENT_CHARS) : clean);
    }

    private final Path file;
    private final FileChannel channel;

    private AuditLog(final Path file, final FileChannel channel)
    {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating, mode 0600) {@code stateDirectory/audit.log} for appending. */
    static AuditLog open(final Path stateDirectory) throws IOException
    {
        final Path file = stateDirectory.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return new AuditLog(file, FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    Path file()
    {
        return file;
    }

    /**
     * Appends one line and forces it to disk.
     *
     * @throws IOException when it cannot: the caller must not report success then.
     */
    synchronized void append(final Entry entry) throws IOException
    {
        Objects.requireNonNull(entry, "entry");
        final ByteBuffer line = ByteBuffer.wrap((Json.write(entry) + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining())
        {
            channel.write(line);
        }
        channel.force(false);
    }

    /**
     * @param limit at most this many.
     * @return the last {@code limit} entries, newest first; a damaged line is skipped.
     */
    synchronized List<Entry> newest(final int limit) throws IOException
    {
        final Deque<String> last = new ArrayDeque<>(Math.min(limit, 1024));
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                if (last.size() == limit)
                {
                    last.removeFirst();
                }
                last.addLast(line);
            }
        }
        final List<Entry> entries = new ArrayList<>(last.size());
        last.descendingIterator().forEachRemaining(line ->
        {
            try
            {
                entries.add(Json.MAPPER.readValue(line, Entry.class));
            }
            catch (final IOException ignored)
            {
                // a line cut short by a crash before its fsync: not a record
            }
        });
        return entries;
    }

    @Override
    public synchronized void close() throws IOException
    {
        channel.close();
    }
}
