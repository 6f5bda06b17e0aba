/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The state directory on disk, one writer at a time:
 * <pre>
 * STATE/
 *   lock                       held (FileChannel.tryLock) by the one process that may write here
 *   commits/0000000042.commit  one file per commit, the last {@value #HISTORY} kept; the highest runs
 *   confirmed                  "confirmed: N": commit N, made with --confirm, was confirmed (the last one;
 *                              kept for routers of before confirm states, read only for commits without them)
 *   candidates/NAME.candidate  named drafts
 *   journal/                   the route journal, kept by the running router, not by this class
 *                              (net.junction.agent.journal.RouteJournal, docs/journal.md): Chronicle
 *                              cycle files (20261206F.cq4, one per UTC day) and metadata.cq4t
 * </pre>
 * Each commit or candidate file is a header of {@code key: value} lines, an empty line, and the
 * document byte for byte; the header carries the document's length and SHA-256, checked on every
 * read. Every change is one {@link DurableFiles#write} or delete, so each state on disk is a whole
 * one: a commit is recorded exactly when its file is renamed into place, and the running version
 * is simply the highest commit number. There is no separate "running" pointer to keep in step.
 * <p>
 * Confirm windows ({@link ConfirmWindow}): a commit made with one carries {@code confirm-by}, and
 * {@code confirmed-at} once confirmed (its file is written again then, the document unchanged). A
 * commit that ends a window unconfirmed (a rollback, the router's own at the deadline, or
 * {@code junction run} with another file) carries {@code ends-confirm: N HOW} ({@code expired},
 * {@code rolled-back}, {@code replaced}), so that the end is recorded by the same write as the commit.
 * Each commit's window is worked out from these when the directory is read; commits recorded before
 * these keys existed get theirs from the {@code confirmed} file and the router's rollback messages,
 * else {@link ConfirmWindow.State#UNKNOWN}.
 * <p>
 * The contents are read once, at {@link #open}, and kept in memory; the lock guarantees nobody
 * else changes them. Not thread-safe: {@link ConfigLifecycle} serializes calls.
 */
final class StateDirectory implements AutoCloseable
{
    /** Commits kept; older ones are deleted once a newer one is recorded. */
    static final int HISTORY = 100;

    static final String LOCK_FILE = "lock";
    static final String COMMITS = "commits";
    static final String CANDIDATES = "candidates";
    static final String CONFIRMED_FILE = "confirmed";

    private static final String COMMIT_MAGIC = "junction-commit 1";
    private static final String CANDIDATE_MAGIC = "junction-candidate 1";
    private static final String COMMIT_SUFFIX = ".commit";
    private static final String CANDIDATE_SUFFIX = ".candidate";
    private static final System.Logger LOG = System.getLogger(StateDirectory.class.getName());
    private static final Pattern COMMIT_NAME = Pattern.compile("[0-9]{10,19}\\.commit");
    static final Pattern CANDIDATE_NAME = Pattern.compile("[a-z0-9-]{1,32}");

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final NavigableMap<Long, CommitRecord> commits = new TreeMap<>();
    /** By the number of the commit that ended it: a confirm window it ended unconfirmed. */
    private final Map<Long, WindowEnd> windowEnds = new HashMap<>();
    private long confirmed;

    /**
     * A commit's record that it ended another's confirm window unconfirmed.
     *
     * @param commit the commit whose window it ended.
     * @param how    {@link ConfirmWindow.State#EXPIRED}, {@link ConfirmWindow.State#ROLLED_BACK} or
     *               {@link ConfirmWindow.State#REPLACED}.
     */
    record WindowEnd(long commit, ConfirmWindow.State how)
    {
        WindowEnd
        {
            if (!how.endedByACommit())
            {
                throw new IllegalArgumentException("a window does not end " + how.text());
            }
        }
    }

    private StateDirectory(final Path root, final FileChannel lockChannel, final FileLock lock)
    {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed, takes its lock, removes what an interrupted write left, and
     * reads every commit.
     *
     * @throws IOException when it cannot be created or read, when another process (or another
     *                     instance in this one) holds it, or when a stored file is damaged.
     */
    static StateDirectory open(final Path root) throws IOException
    {
        Files.createDirectories(root.resolve(COMMITS));
        Files.createDirectories(root.resolve(CANDIDATES));
        final FileChannel channel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        final FileLock lock;
        try
        {
            lock = channel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            channel.close();
            throw new IOException("the state directory " + root + " is already open in this process");
        }
        catch (final IOException ex)
        {
            channel.close();
            throw ex;
        }
        if (null == lock)
        {
            channel.close();
            throw new IOException("the state directory " + root + " is in use by another process (it holds " +
                root.resolve(LOCK_FILE) + ")");
        }
        final StateDirectory state = new StateDirectory(root, channel, lock);
        try
        {
            state.load();
        }
        catch (final IOException | RuntimeException ex)
        {
            state.close();
            throw ex;
        }
        return state;
    }

    /**
     * The document of the highest commit, read without the lock (the writer renames whole files into place, so
     * what is read is a whole commit): what a data plane started by name runs while its control plane holds the
     * directory.
     *
     * @return empty when the directory holds no commit.
     * @throws IOException when it cannot be read or the commit file is damaged.
     */
    static Optional<Stored> lastCommit(final Path root) throws IOException
    {
        final Path commitsDirectory = root.resolve(COMMITS);
        if (!Files.isDirectory(commitsDirectory))
        {
            return Optional.empty();
        }
        Path last = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(commitsDirectory))
        {
            for (final Path file : files)
            {
                final String name = file.getFileName().toString();
                if (COMMIT_NAME.matcher(name).matches() && (null == last || commitNumber(file) > commitNumber(last)))
                {
                    last = file;
                }
            }
        }
        return null == last ? Optional.empty() : Optional.of(decode(last, COMMIT_MAGIC));
    }

    private static long commitNumber(final Path file)
    {
        final String name = file.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - COMMIT_SUFFIX.length()));
    }

    private void load() throws IOException
    {
        DurableFiles.removeTemporaries(root);
        DurableFiles.removeTemporaries(root.resolve(COMMITS));
        DurableFiles.removeTemporaries(root.resolve(CANDIDATES));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve(COMMITS)))
        {
            for (final Path file : files)
            {
                if (COMMIT_NAME.matcher(file.getFileName().toString()).matches())
                {
                    final CommitRecord record = readCommit(file);
                    commits.put(record.number(), record);
                }
            }
        }
        confirmed = readConfirmed();
        prune(); // a crash between recording a commit and pruning leaves one too many
        workOutConfirmWindows();
    }

    /**
     * Each kept commit's confirm window as the files tell it: confirmed ({@code confirmed-at}), ended by a later
     * commit ({@code ends-confirm}), pending (the running commit); for commits recorded before those keys, the
     * {@code confirmed} file and the message of the router's own rollback, else unknown.
     */
    private void workOutConfirmWindows()
    {
        final Map<Long, Map.Entry<Long, WindowEnd>> endedBy = new HashMap<>();
        windowEnds.forEach((by, end) -> endedBy.put(end.commit(), Map.entry(by, end)));
        final long latest = commits.isEmpty() ? 0 : commits.lastKey();
        for (final CommitRecord record : List.copyOf(commits.values()))
        {
            if (record.confirm().isEmpty() || record.confirm().get().state() == ConfirmWindow.State.CONFIRMED)
            {
                continue;
            }
            final ConfirmWindow window = record.confirm().get();
            final long n = record.number();
            final Map.Entry<Long, WindowEnd> end = endedBy.get(n);
            final CommitRecord next = commits.get(n + 1);
            final ConfirmWindow now;
            if (null != end)
            {
                now = window.ended(end.getValue().how(), end.getKey());
            }
            else if (confirmed == n)
            {
                now = window.confirmed(Optional.empty());
            }
            else if (n == latest)
            {
                now = ConfirmWindow.pending(window.by());
            }
            else if (null != next && ConfigLifecycle.SYSTEM_AUTHOR.equals(next.author()) &&
                next.message().startsWith("commit " + n + " was not confirmed by "))
            {
                now = window.ended(ConfirmWindow.State.EXPIRED, next.number());
            }
            else
            {
                now = window.unknown();
            }
            commits.put(n, record.withConfirm(now));
        }
    }

    Path root()
    {
        return root;
    }

    /** Kept commits, oldest first. */
    List<CommitRecord> commits()
    {
        return List.copyOf(commits.values());
    }

    Optional<CommitRecord> latest()
    {
        return Optional.ofNullable(commits.lastEntry()).map(Map.Entry::getValue);
    }

    Optional<CommitRecord> commit(final long number)
    {
        return Optional.ofNullable(commits.get(number));
    }

    /** The number of the last commit confirmed, 0 if none. */
    long confirmed()
    {
        return confirmed;
    }

    /** Records a commit: after this returns it is on disk; if this throws, nothing changed. */
    void record(final CommitRecord record) throws IOException
    {
        record(record, Optional.empty());
    }

    /**
     * Records a commit that may end the running commit's confirm window unconfirmed, in the same write.
     *
     * @param record the new commit.
     * @param ends   the window it ends, if it does.
     * @throws IOException when it cannot be written; nothing changed then.
     */
    void record(final CommitRecord record, final Optional<WindowEnd> ends) throws IOException
    {
        if (!commits.isEmpty() && record.number() <= commits.lastKey())
        {
            throw new IllegalArgumentException("commit " + record.number() + " is not after " + commits.lastKey());
        }
        final Optional<CommitRecord> ended = ends.map(e -> commits.get(e.commit()));
        if (ends.isPresent() && (ended.isEmpty() || ended.get().confirm().map(w -> w.state() != ConfirmWindow.State.PENDING)
            .orElse(true)))
        {
            throw new IllegalArgumentException("commit " + ends.get().commit() + " does not await confirmation");
        }
        DurableFiles.write(commitFile(record.number()), encodeCommit(record, ends));
        commits.put(record.number(), record);
        ends.ifPresent(e ->
        {
            windowEnds.put(record.number(), e);
            commits.put(e.commit(), ended.get().withConfirm(ended.get().confirm().get().ended(e.how(), record.number())));
        });
        prune();
    }

    /**
     * Records that commit {@code number}, awaiting confirmation, was confirmed: its file gets {@code confirmed-at}
     * (written again, the document unchanged), then the {@code confirmed} file says so for routers of before.
     *
     * @param number the commit.
     * @param at     when.
     * @return the commit with its window confirmed.
     * @throws IOException when its file cannot be written; nothing changed then.
     */
    CommitRecord recordConfirmed(final long number, final Instant at) throws IOException
    {
        final CommitRecord record = commits.get(number);
        if (null == record || record.confirm().map(w -> w.state() != ConfirmWindow.State.PENDING).orElse(true))
        {
            throw new IllegalArgumentException("commit " + number + " does not await confirmation");
        }
        final CommitRecord confirmedRecord = record.withConfirm(record.confirm().get().confirmed(Optional.of(at)));
        DurableFiles.write(commitFile(number), encodeCommit(confirmedRecord, Optional.ofNullable(windowEnds.get(number))));
        commits.put(number, confirmedRecord);
        try
        {
            DurableFiles.write(root.resolve(CONFIRMED_FILE), ("confirmed: " + number + "\n").getBytes(StandardCharsets.UTF_8));
            confirmed = number;
        }
        catch (final IOException ex)
        {
            // The commit's own file says it is confirmed, and that is what this class reads; only an older router
            // reading this directory would miss it.
            LOG.log(System.Logger.Level.WARNING, "commit " + number + " is confirmed, but " + root.resolve(CONFIRMED_FILE) +
                " could not be written for older routers: " + ex.getMessage());
        }
        return confirmedRecord;
    }

    private void prune() throws IOException
    {
        while (commits.size() > HISTORY)
        {
            final long oldest = commits.firstKey();
            DurableFiles.delete(commitFile(oldest));
            commits.remove(oldest);
            windowEnds.remove(oldest);
        }
    }

    private Path commitFile(final long number)
    {
        return root.resolve(COMMITS).resolve(String.format("%010d", number) + COMMIT_SUFFIX);
    }

    // ------------------------------------------------------------------------------------ candidates

    void saveCandidate(final Candidate candidate) throws IOException
    {
        DurableFiles.write(candidateFile(candidate.name()), encodeCandidate(candidate));
    }

    Optional<Candidate> candidate(final String name) throws IOException
    {
        final Path file = candidateFile(name);
        if (!Files.exists(file))
        {
            return Optional.empty();
        }
        return Optional.of(readCandidate(file));
    }

    List<String> candidateNames() throws IOException
    {
        final List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve(CANDIDATES), "*" + CANDIDATE_SUFFIX))
        {
            for (final Path file : files)
            {
                final String fileName = file.getFileName().toString();
                final String name = fileName.substring(0, fileName.length() - CANDIDATE_SUFFIX.length());
                if (CANDIDATE_NAME.matcher(name).matches())
                {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        return names;
    }

    boolean deleteCandidate(final String name) throws IOException
    {
        final Path file = candidateFile(name);
        final boolean existed = Files.exists(file);
        DurableFiles.delete(file);
        return existed;
    }

    private Path candidateFile(final String name)
    {
        if (!CANDIDATE_NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("a candidate name is 1 to 32 characters from a-z, 0-9 and '-': '" + name + "'");
        }
        return root.resolve(CANDIDATES).resolve(name + CANDIDATE_SUFFIX);
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            lock.release();
        }
        finally
        {
            lockChannel.close();
        }
    }

    // ----------------------------------------------------------------------------------------- codec

    private long readConfirmed() throws IOException
    {
        final Path file = root.resolve(CONFIRMED_FILE);
        final String text;
        try
        {
            text = Files.readString(file).strip();
        }
        catch (final NoSuchFileException ex)
        {
            return 0;
        }
        if (!text.startsWith("confirmed: "))
        {
            throw new IOException(file + " is damaged: expected 'confirmed: N', got '" + text + "'");
        }
        try
        {
            return Long.parseLong(text.substring("confirmed: ".length()));
        }
        catch (final NumberFormatException ex)
        {
            throw new IOException(file + " is damaged: expected 'confirmed: N', got '" + text + "'", ex);
        }
    }

    private static byte[] encodeCommit(final CommitRecord record, final Optional<WindowEnd> ends)
    {
        final Map<String, String> header = new LinkedHashMap<>();
        header.put("number", Long.toString(record.number()));
        header.put("author", record.author());
        header.put("time", record.time().toString());
        header.put("message", record.message());
        record.confirm().ifPresent(window ->
        {
            header.put("confirm-by", window.by().toString());
            window.confirmedAt().ifPresent(at -> header.put("confirmed-at", at.toString()));
        });
        ends.ifPresent(end -> header.put("ends-confirm", end.commit() + " " + end.how().text()));
        header.put("directory", record.directory().toString());
        return encode(COMMIT_MAGIC, header, record.document());
    }

    /** Reads a commit file; its window is pending or confirmed as stored, {@link #workOutConfirmWindows} does the rest. */
    private CommitRecord readCommit(final Path file) throws IOException
    {
        final Stored stored = decode(file, COMMIT_MAGIC);
        final long number = stored.number("number");
        final String expectedName = String.format("%010d", number) + COMMIT_SUFFIX;
        if (!file.getFileName().toString().equals(expectedName))
        {
            throw new IOException(file + " is damaged: it holds commit " + number);
        }
        Optional<ConfirmWindow> window = Optional.empty();
        if (stored.header.containsKey("confirm-by"))
        {
            final ConfirmWindow pending = ConfirmWindow.pending(stored.instant("confirm-by"));
            window = Optional.of(stored.header.containsKey("confirmed-at") ?
                pending.confirmed(Optional.of(stored.instant("confirmed-at"))) : pending);
        }
        else if (stored.header.containsKey("confirmed-at"))
        {
            throw new IOException(file + " is damaged: 'confirmed-at' without 'confirm-by'");
        }
        if (stored.header.containsKey("ends-confirm"))
        {
            windowEnds.put(number, windowEnd(file, stored.text("ends-confirm")));
        }
        return new CommitRecord(number, stored.text("author"), stored.instant("time"), stored.text("message"),
            window, Path.of(stored.text("directory")), stored.document);
    }

    /** {@code ends-confirm: N HOW}. */
    private static WindowEnd windowEnd(final Path file, final String text) throws IOException
    {
        final String[] parts = text.split(" ", -1);
        try
        {
            if (parts.length == 2)
            {
                return new WindowEnd(Long.parseLong(parts[0]), ConfirmWindow.State.of(parts[1]));
            }
        }
        catch (final IllegalArgumentException ex)
        {
            // reported below
        }
        throw new IOException(file + " is damaged: 'ends-confirm' is '" + text + "', not 'N expired|rolled-back|replaced'");
    }

    private static byte[] encodeCandidate(final Candidate candidate)
    {
        final Map<String, String> header = new LinkedHashMap<>();
        header.put("name", candidate.name());
        header.put("base", Long.toString(candidate.baseVersion()));
        header.put("author", candidate.author());
        header.put("time", candidate.time().toString());
        return encode(CANDIDATE_MAGIC, header, candidate.document());
    }

    private static Candidate readCandidate(final Path file) throws IOException
    {
        final Stored stored = decode(file, CANDIDATE_MAGIC);
        return new Candidate(stored.text("name"), stored.number("base"), stored.text("author"), stored.instant("time"),
            stored.document);
    }

    private static byte[] encode(final String magic, final Map<String, String> header, final String document)
    {
        final byte[] body = document.getBytes(StandardCharsets.UTF_8);
        final StringBuilder text = new StringBuilder(256).append(magic).append('\n');
        header.forEach((key, value) -> text.append(key).append(": ").append(escape(value)).append('\n'));
        text.append("document-bytes: ").append(body.length).append('\n')
            .append("document-sha256: ").append(sha256(body)).append("\n\n");
        final byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        final byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    record Stored(Path file, Map<String, String> header, String document)
    {
        String text(final String key) throws IOException
        {
            final String value = header.get(key);
            if (null == value)
            {
                throw new IOException(file + " is damaged: no '" + key + "' in its header");
            }
            return value;
        }

        long number(final String key) throws IOException
        {
            try
            {
                return Long.parseLong(text(key));
            }
            catch (final NumberFormatException ex)
            {
                throw new IOException(file + " is damaged: '" + key + "' is not a number", ex);
            }
        }

        Instant instant(final String key) throws IOException
        {
            try
            {
                return Instant.parse(text(key));
            }
            catch (final DateTimeParseException ex)
            {
                throw new IOException(file + " is damaged: '" + key + "' is not a time", ex);
            }
        }
    }

    private static Stored decode(final Path file, final String magic) throws IOException
    {
        final byte[] all = Files.readAllBytes(file);
        int end = -1;
        for (int i = 0; i + 1 < all.length; i++)
        {
            if (all[i] == '\n' && all[i + 1] == '\n')
            {
                end = i;
                break;
            }
        }
        if (end < 0)
        {
            throw new IOException(file + " is damaged: no end of header");
        }
        final String[] lines = new String(all, 0, end, StandardCharsets.UTF_8).split("\n", -1);
        if (!magic.equals(lines[0]))
        {
            throw new IOException(file + " is damaged or not a Junction state file: it starts '" + lines[0] + "'");
        }
        final Map<String, String> header = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++)
        {
            final int colon = lines[i].indexOf(": ");
            if (colon < 0)
            {
                throw new IOException(file + " is damaged: header line '" + lines[i] + "'");
            }
            header.put(lines[i].substring(0, colon), unescape(lines[i].substring(colon + 2)));
        }
        final int start = end + 2;
        final byte[] body = new byte[all.length - start];
        System.arraycopy(all, start, body, 0, body.length);
        final Stored stored = new Stored(file, header, new String(body, StandardCharsets.UTF_8));
        if (stored.number("document-bytes") != body.length || !sha256(body).equals(stored.text("document-sha256")))
        {
            throw new IOException(file + " is damaged: its document does not match the length and SHA-256 in its header");
        }
        return stored;
    }

    private static String escape(final String value)
    {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(final String value)
    {
        final StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length())
            {
                final char next = value.charAt(++i);
                out.append(switch (next)
                {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            }
            else
            {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String sha256(final byte[] bytes)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
    }
}
