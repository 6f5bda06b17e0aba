/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import net.junction.bgp.rib.BestPathHook;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The route journal: an append-only Chronicle Queue in {@code STATE/journal/} of every best-route
 * change (before, after, cause), every commit and every session event, with bounded retention.
 * <p>
 * One writer: the append methods must be called from one thread at a time (the BGP thread in the
 * router); each must be given times that never go backwards. Queries may run on any thread,
 * concurrently with the writer: each opens its own tailer and sees what was appended before it
 * started (route changes batched by {@link #add} are seen once {@link #flush}ed). Every query is a scan of the retained records (Chronicle has no secondary index):
 * {@link #history} and {@link #why} read backwards from the newest record and stop when they have
 * their answer, so recent changes are cheap; {@link #tableAt} replays forwards from the newest
 * table snapshot at or before T (or from the oldest retained record) up to T: time linear in the
 * records replayed, memory linear in the table.
 * <p>
 * Retention deletes whole cycle files, oldest first, that ended longer ago than the retention or
 * that do not fit in the size bound; it runs at open and whenever a new cycle starts. A table
 * answer is complete only back to the oldest snapshot kept: the writer should
 * {@link #appendSnapshot} the live table at start and now and then (e.g. on each new cycle,
 * {@link #cycleStarted}).
 * <p>
 * Format {@value #FORMAT} ({@link RecordCodec}): route changes batched, up to 1024 per record
 * ({@link RouteBatchEncoder}); the format is kept in the queue's metadata and a queue of another is
 * refused at open ({@link JournalFormatException}).
 */
public final class RouteJournal implements AutoCloseable
{
    /** The journal's folder inside the state directory. */
    public static final String DIRECTORY = "journal";

    /** The record format this journal reads and writes; a queue of another is refused. */
    public static final long FORMAT = RecordCodec.FORMAT;

    /** The most changes one {@link #history} query returns. */
    public static final int MAX_HISTORY = 10_000;

    private static final String CYCLE_SUFFIX = ".cq4";

    private final Path directory;
    private final JournalConfiguration configuration;
    private final LongSupplier clockNs;
    private final SingleChronicleQueue queue;
    private final DateTimeFormatter cycleNames;
    private final long cycleLengthMs;
    private final RouteBatchEncoder batch = new RouteBatchEncoder();
    /** A snapshot entry's prefix and state, built before they are copied into its document. */
    private final RecordBuffer snapshotEntry = new RecordBuffer(512);
    private ExcerptAppender appender;
    private long lastTimeNs;
    private int lastCycle;
    private boolean cycleStarted;
    private boolean closed;

    private RouteJournal(final Path directory, final JournalConfiguration configuration, final LongSupplier clockNs,
        final SingleChronicleQueue queue)
    {
        this.directory = directory;
        this.configuration = configuration;
        this.clockNs = clockNs;
        this.queue = queue;
        final RollCycle rollCycle = configuration.rollCycle();
        this.cycleNames = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        this.cycleLengthMs = rollCycle.lengthInMillis();
    }

    /**
     * Opens (creating it if needed) the journal in {@code stateDirectory/journal}, with the wall clock.
     *
     * @throws JournalFormatException when the folder holds a journal of another format (it is left as it is).
     * @throws IOException              when the folder cannot be made.
     */
    public static RouteJournal open(final Path stateDirectory, final JournalConfiguration configuration)
        throws IOException
    {
        return open(stateDirectory, configuration, () ->
        {
            final Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        });
    }

    /**
     * Opens (creating it if needed) the journal in {@code stateDirectory/journal}.
     *
     * @param clockNs nanoseconds since the epoch: decides which cycle file a record goes to and what
     *                retention deletes (tests pass a settable clock).
     * @throws JournalFormatException when the folder holds a journal of another format (it is left as it is).
     * @throws IOException              when the folder cannot be made.
     */
    public static RouteJournal open(final Path stateDirectory, final JournalConfiguration configuration,
        final LongSupplier clockNs) throws IOException
    {
        if (null == stateDirectory || null == configuration || null == clockNs)
        {
            throw new IllegalArgumentException("a journal needs a state directory, a configuration and a clock");
        }
        final Path directory = stateDirectory.resolve(DIRECTORY);
        Files.createDirectories(directory);
        final TimeProvider time = () -> clockNs.getAsLong() / 1_000_000L;
        final SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(configuration.rollCycle())
            .timeProvider(time)
            .build();
        try
        {
            checkFormat(directory, queue);
        }
        catch (final JournalFormatException ex)
        {
            queue.close();
            throw ex;
        }
        final RouteJournal journal = new RouteJournal(directory, configuration, clockNs, queue);
        journal.lastTimeNs = journal.newestTimeNs();
        journal.lastCycle = queue.cycle();
        journal.enforceRetention();
        return journal;
    }

    /**
     * The format is kept in the queue's metadata ({@code metadata.cq4t}, key {@value RecordCodec#FORMAT_KEY}).
     * A new (empty) queue takes this format; a queue with records and no key is format 1's (which wrote none).
     */
    private static void checkFormat(final Path directory, final SingleChronicleQueue queue) throws JournalFormatException
    {
        final long found = queue.tableStoreGet(RecordCodec.FORMAT_KEY);
        if (found == RecordCodec.FORMAT)
        {
            return;
        }
        if (found == Long.MIN_VALUE) // no key: the table store's "absent"
        {
            if (queue.firstCycle() != Integer.MAX_VALUE)
            {
                throw new JournalFormatException(directory, 1);
            }
            queue.tableStorePut(RecordCodec.FORMAT_KEY, RecordCodec.FORMAT);
            return;
        }
        throw new JournalFormatException(directory, found);
    }

    /** @return the folder the cycle files are in. */
    public Path directory()
    {
        return directory;
    }

    /** @return the configuration it was opened with. */
    public JournalConfiguration configuration()
    {
        return configuration;
    }

    /**
     * @return the time of the newest record (0 for an empty journal): an append must not be older. Writer
     *     thread only.
     */
    public long lastTimeNs()
    {
        return lastTimeNs;
    }

    /**
     * Appends a best-route change, at once (a batch of one: see {@link #add} for the writer's way).
     *
     * @throws IllegalArgumentException when its time is before the last record's.
     */
    public void append(final JournalRecord.RouteChange change)
    {
        add(change);
        flush();
    }

    /**
     * Adds a best-route change to the batch being built; it is appended when the batch is full (1024
     * changes or 32 KiB), at {@link #flush}, or before any other record. Queries see it from then on.
     *
     * @throws IllegalArgumentException when its time is before the last record's.
     */
    void add(final JournalRecord.RouteChange change)
    {
        checkAppend(change);
        batch.add(change);
        lastTimeNs = change.timeNs();
        flushIfFull();
    }

    /**
     * Adds a best-route change given as the Loc-RIB's entries (nothing converted; {@link JournalWriter} encodes
     * them so too, on the BGP thread, into batches it hands to {@link #append(RouteBatchEncoder.Batch)}), as
     * {@link #add(JournalRecord.RouteChange)} does. Nothing is added when it throws.
     *
     * @throws IllegalArgumentException when its time is before the last record's, or the change cannot be
     *                                  journaled (neither entry; more than 255 AS_PATH segments or next hops).
     */
    void add(final long timeNs, final IpPrefix prefix, final BestPathHook.Selection before,
        final BestPathHook.Selection after, final Cause cause)
    {
        JournalRecord.requireTime(timeNs);
        requireOrder(timeNs);
        appender(); // refuse before adding when closed
        batch.add(timeNs, prefix, before, after, cause);
        lastTimeNs = timeNs;
        flushIfFull();
    }

    /**
     * Appends a batch of route changes encoded on another thread ({@link RouteBatchEncoder#finish}) as one
     * record, after the changes added here so far. A batch older than the last record (a record another
     * thread made meanwhile was appended first) is appended with its changes' times raised to that record's
     * time (re-encoded: rare, so not fast). If the write fails its changes are lost (and the exception says so).
     */
    void append(final RouteBatchEncoder.Batch routes)
    {
        appender(); // refuse when closed
        flush();
        if (routes.firstNs() < lastTimeNs)
        {
            appendRetimed(routes);
            return;
        }
        try (DocumentContext dc = appender().writingDocument())
        {
            dc.wire().bytes().write(routes.record());
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException(routes.count() + " route change(s) not journaled: " + ex.getMessage(), ex);
        }
        lastTimeNs = routes.lastNs();
        afterAppend();
    }

    private void appendRetimed(final RouteBatchEncoder.Batch routes)
    {
        final long floorNs = lastTimeNs;
        final Bytes<byte[]> in = Bytes.wrapForRead(routes.record());
        in.readUnsignedByte(); // ROUTE_BATCH
        final RouteBatchDecoder changes = new RouteBatchDecoder().wrap(in, in.readLong());
        while (changes.next())
        {
            add(new JournalRecord.RouteChange(Math.max(changes.timeNs(), floorNs), changes.prefix(), changes.before(),
                changes.after(), changes.cause()));
        }
        flush();
    }

    /** @return route changes added and not appended yet. */
    int pending()
    {
        return batch.count();
    }

    /**
     * Appends the route changes added so far as one record (nothing when there are none). If the write
     * fails they are lost (and the exception says so).
     */
    public void flush()
    {
        if (0 == batch.count())
        {
            return;
        }
        final int count = batch.count();
        try (DocumentContext dc = appender().writingDocument())
        {
            batch.writeTo(dc.wire().bytes());
        }
        catch (final RuntimeException ex)
        {
            batch.clear();
            throw new IllegalStateException(count + " route change(s) not journaled: " + ex.getMessage(), ex);
        }
        afterAppend();
    }

    private void flushIfFull()
    {
        if (batch.isFull())
        {
            flush();
        }
    }

    /**
     * Appends a commit. Append it before the route changes it causes, so {@link #why} finds it.
     *
     * @throws IllegalArgumentException when its time is before the last record's.
     */
    public void append(final CommitEvent commit)
    {
        write(commit, RecordCodec::writeCommit);
    }

    /**
     * Appends a session event. Append it before the route changes it causes.
     *
     * @throws IllegalArgumentException when its time is before the last record's.
     */
    public void append(final SessionEvent event)
    {
        write(event, RecordCodec::writeSession);
    }

    /**
     * Appends the whole live table, so {@link #tableAt} can start there instead of at the oldest
     * record (needed once retention has deleted the records that built the table). One record per
     * route: a full table costs about as much as its load.
     *
     * @param timeNs when the table was live.
     * @param table  every installed route.
     * @throws IllegalArgumentException when the time is before the last record's or the table is null.
     */
    public void appendSnapshot(final long timeNs, final Map<IpPrefix, RouteState> table)
    {
        if (null == table)
        {
            throw new IllegalArgumentException("a snapshot needs a table (empty is fine)");
        }
        JournalRecord.requireTime(timeNs);
        requireOrder(timeNs);
        flush();
        final ExcerptAppender appender = appender();
        try (DocumentContext dc = appender.writingDocument())
        {
            RecordCodec.writeSnapshotBegin(dc.wire().bytes(), timeNs, table.size());
        }
        for (final Map.Entry<IpPrefix, RouteState> entry : table.entrySet())
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                RecordCodec.writeSnapshotEntry(dc.wire().bytes(), snapshotEntry, timeNs, entry.getKey(), entry.getValue());
            }
        }
        try (DocumentContext dc = appender.writingDocument())
        {
            RecordCodec.writeSnapshotEnd(dc.wire().bytes(), timeNs);
        }
        lastTimeNs = timeNs;
        afterAppend();
    }

    /**
     * @return true once after each append that started a new cycle file (the writer's cue to
     * {@link #appendSnapshot}); false otherwise.
     */
    public boolean cycleStarted()
    {
        final boolean started = cycleStarted;
        cycleStarted = false;
        return started;
    }

    /**
     * The changes of one prefix, newest first.
     *
     * @param prefix the prefix (exact match).
     * @param limit  at most this many, 1 to {@link #MAX_HISTORY}.
     * @throws IllegalArgumentException for a null prefix or a limit out of range.
     */
    public List<JournalRecord.RouteChange> history(final IpPrefix prefix, final int limit)
    {
        if (null == prefix)
        {
            throw new IllegalArgumentException("a history query needs a prefix");
        }
        if (limit < 1 || limit > MAX_HISTORY)
        {
            throw new IllegalArgumentException("a history limit is 1 to " + MAX_HISTORY + ", not " + limit);
        }
        final List<JournalRecord.RouteChange> changes = new ArrayList<>();
        final RouteBatchDecoder decoder = new RouteBatchDecoder();
        final List<JournalRecord.RouteChange> inBatch = new ArrayList<>();
        try (ExcerptTailer tailer = backwards())
        {
            while (changes.size() < limit)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> in = dc.wire().bytes();
                    if (RecordCodec.ROUTE_BATCH == in.readUnsignedByte())
                    {
                        decoder.wrap(in, in.readLong());
                        inBatch.clear();
                        while (decoder.next())
                        {
                            if (prefix.equals(decoder.prefix()))
                            {
                                inBatch.add(decoder.change());
                            }
                        }
                        for (int i = inBatch.size() - 1; i >= 0 && changes.size() < limit; i--)
                        {
                            changes.add(inBatch.get(i)); // newest first
                        }
                    }
                }
            }
        }
        return changes;
    }

    /**
     * The table (or the part of it inside {@code range}) as it was at {@code timeNs}: the routes
     * installed by the changes and snapshots at or before it. Replays from the newest snapshot at
     * or before T, or from the oldest retained record; see the class comment for the cost.
     *
     * @param timeNs nanoseconds since the epoch.
     * @param range  only prefixes equal to or inside it; null for the whole table.
     * @return prefix to route, in no particular order.
     * @throws IllegalArgumentException for a negative time.
     */
    public Map<IpPrefix, RouteState> tableAt(final long timeNs, final IpPrefix range)
    {
        JournalRecord.requireTime(timeNs);
        Map<IpPrefix, RouteState> table = new HashMap<>();
        final RouteBatchDecoder decoder = new RouteBatchDecoder();
        boolean done = false;
        try (ExcerptTailer tailer = queue.createTailer())
        {
            while (!done)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> in = dc.wire().bytes();
                    final int type = in.readUnsignedByte();
                    final long recordNs = in.readLong();
                    if (recordNs > timeNs)
                    {
                        break;
                    }
                    switch (type)
                    {
                        case RecordCodec.ROUTE_BATCH ->
                        {
                            decoder.wrap(in, recordNs);
                            while (decoder.next())
                            {
                                if (decoder.timeNs() > timeNs)
                                {
                                    done = true;
                                    break;
                                }
                                final IpPrefix prefix = decoder.prefix();
                                if (null == range || range.contains(prefix))
                                {
                                    if (decoder.withdrawn())
                                    {
                                        table.remove(prefix);
                                    }
                                    else
                                    {
                                        table.put(prefix, decoder.after());
                                    }
                                }
                            }
                        }
                        case RecordCodec.SNAPSHOT_BEGIN -> table = new HashMap<>();
                        case RecordCodec.SNAPSHOT_ENTRY ->
                        {
                            final IpPrefix prefix = RouteBatchDecoder.readPrefix(in);
                            if (null == range || range.contains(prefix))
                            {
                                table.put(prefix, RouteBatchDecoder.readState(in));
                            }
                        }
                        default ->
                        {
                        }
                    }
                }
            }
        }
        return table;
    }

    /**
     * Why a prefix's route changed: its newest change at or before {@code timeNs}, and the records
     * that explain it.
     *
     * @param prefix the prefix (exact match).
     * @param timeNs the change at or before this time; {@link Long#MAX_VALUE} for the last one.
     * @return empty when the journal holds no change of the prefix at or before T.
     * @throws IllegalArgumentException for a null prefix or a negative time.
     */
    public Optional<Explanation> why(final IpPrefix prefix, final long timeNs)
    {
        if (null == prefix)
        {
            throw new IllegalArgumentException("a why query needs a prefix");
        }
        JournalRecord.requireTime(timeNs);
        JournalRecord.RouteChange change = null;
        JournalRecord causeRecord = null;
        JournalRecord.RouteChange previous = null;
        final RouteBatchDecoder decoder = new RouteBatchDecoder();
        final List<JournalRecord.RouteChange> inBatch = new ArrayList<>();
        try (ExcerptTailer tailer = backwards())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> in = dc.wire().bytes();
                    final int type = in.readUnsignedByte();
                    final long recordNs = in.readLong();
                    if (recordNs > timeNs)
                    {
                        continue;
                    }
                    if (RecordCodec.ROUTE_BATCH == type)
                    {
                        decoder.wrap(in, recordNs);
                        inBatch.clear();
                        while (decoder.next() && decoder.timeNs() <= timeNs)
                        {
                            if (prefix.equals(decoder.prefix()))
                            {
                                inBatch.add(decoder.change());
                            }
                        }
                        for (int i = inBatch.size() - 1; i >= 0; i--) // newest first
                        {
                            if (null == change)
                            {
                                change = inBatch.get(i);
                            }
                            else if (null == previous)
                            {
                                previous = inBatch.get(i);
                            }
                        }
                    }
                    else if (null != change && null == causeRecord && RecordCodec.COMMIT == type)
                    {
                        final CommitEvent commit = RecordCodec.readCommitBody(in, recordNs);
                        if (change.cause() instanceof Cause.Commit(final long number) && number == commit.number())
                        {
                            causeRecord = commit;
                        }
                    }
                    else if (null != change && null == causeRecord && RecordCodec.SESSION == type)
                    {
                        final SessionEvent event = RecordCodec.readSessionBody(in, recordNs);
                        if (event.neighbor().equals(causeNeighbor(change.cause())))
                        {
                            causeRecord = event;
                        }
                    }
                }
                if (null != change && null != previous && (null != causeRecord || !hasCauseRecord(change.cause())))
                {
                    break;
                }
            }
        }
        if (null == change)
        {
            return Optional.empty();
        }
        final List<JournalRecord> chain = new ArrayList<>(3);
        chain.add(change);
        if (null != causeRecord)
        {
            chain.add(causeRecord);
        }
        if (null != previous)
        {
            chain.add(previous);
        }
        return Optional.of(new Explanation(change, causeRecord, previous, chain));
    }

    /**
     * The answer of {@link #why}.
     *
     * @param change      the change explained.
     * @param causeRecord the record behind its cause: the {@link CommitEvent} of a commit cause, the
     *                    neighbor's latest {@link SessionEvent} at or before the change for an UPDATE,
     *                    withdrawal or session-down cause; null when none is retained (or for a
     *                    next-hop change, which has none).
     * @param previous    the prefix's change before it, which installed {@code change.before()};
     *                    null when none is retained.
     * @param chain       the above in order, without the nulls: effect first, then its causes.
     */
    public record Explanation(JournalRecord.RouteChange change, JournalRecord causeRecord,
                              JournalRecord.RouteChange previous, List<JournalRecord> chain)
    {
        public Explanation
        {
            chain = List.copyOf(chain);
        }
    }

    /**
     * Deletes the cycle files that retention no longer allows (never the one being written).
     * Runs at open and when a new cycle starts; callable any time from the writer thread.
     *
     * @return how many files it deleted.
     */
    public int enforceRetention()
    {
        final long nowMs = clockNs.getAsLong() / 1_000_000L;
        final long oldestKeptMs = nowMs - configuration.retention().toMillis();
        final int current = queue.cycle();
        final LinkedHashMap<Integer, Path> older = new LinkedHashMap<>();
        long totalBytes = 0;
        try
        {
            if (queue.firstCycle() == Integer.MAX_VALUE)
            {
                return 0;
            }
            for (final long cycle : queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle()))
            {
                final Path file = cycleFile((int)cycle);
                if (!Files.exists(file))
                {
                    continue;
                }
                totalBytes += Files.size(file);
                if (cycle < current)
                {
                    older.put((int)cycle, file);
                }
            }
            int deleted = 0;
            for (final Map.Entry<Integer, Path> entry : older.entrySet())
            {
                final long cycleEndMs = (entry.getKey() + 1L) * cycleLengthMs;
                if (cycleEndMs <= oldestKeptMs || totalBytes > configuration.maxBytes())
                {
                    totalBytes -= Files.size(entry.getValue());
                    Files.delete(entry.getValue());
                    deleted++;
                }
            }
            if (deleted > 0)
            {
                queue.refreshDirectoryListing();
            }
            return deleted;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("journal retention in " + directory + " failed", ex);
        }
    }

    /** @return the cycle files present, oldest first. */
    public List<Path> cycleFiles()
    {
        final List<Path> files = new ArrayList<>();
        if (queue.firstCycle() == Integer.MAX_VALUE)
        {
            return files;
        }
        for (final long cycle : queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle()))
        {
            final Path file = cycleFile((int)cycle);
            if (Files.exists(file))
            {
                files.add(file);
            }
        }
        return files;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            try
            {
                flush();
            }
            finally
            {
                closed = true;
            }
            if (null != appender)
            {
                appender.close();
            }
            queue.close();
        }
    }

    private Path cycleFile(final int cycle)
    {
        return directory.resolve(cycleNames.format(Instant.ofEpochMilli(cycle * cycleLengthMs)) + CYCLE_SUFFIX);
    }

    private static boolean hasCauseRecord(final Cause cause)
    {
        return !(cause instanceof Cause.NextHopChange);
    }

    private static IpAddress causeNeighbor(final Cause cause)
    {
        return switch (cause)
        {
            case Cause.Update c -> c.neighbor();
            case Cause.Withdrawal c -> c.neighbor();
            case Cause.SessionDown c -> c.neighbor();
            case Cause.Commit c -> null;
            case Cause.NextHopChange c -> null;
            case Cause.RpkiChange c -> null;
        };
    }

    private ExcerptTailer backwards()
    {
        return queue.createTailer().direction(TailerDirection.BACKWARD).toEnd();
    }

    private long newestTimeNs()
    {
        try (ExcerptTailer tailer = backwards(); DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return 0;
            }
            final Bytes<?> in = dc.wire().bytes();
            final int type = in.readUnsignedByte();
            final long timeNs = in.readLong();
            return RecordCodec.ROUTE_BATCH == type ? in.readLong() : timeNs; // a batch's last change
        }
    }

    private ExcerptAppender appender()
    {
        if (closed)
        {
            throw new IllegalStateException("the journal in " + directory + " is closed");
        }
        if (null == appender)
        {
            appender = queue.createAppender();
        }
        return appender;
    }

    /** One record: checked, written as one document, then the roll and retention bookkeeping. */
    private <R extends JournalRecord> void write(final R record, final BiConsumer<Bytes<?>, R> codec)
    {
        checkAppend(record);
        flush();
        try (DocumentContext dc = appender().writingDocument())
        {
            codec.accept(dc.wire().bytes(), record);
        }
        lastTimeNs = record.timeNs();
        afterAppend();
    }

    private void checkAppend(final JournalRecord record)
    {
        if (null == record)
        {
            throw new IllegalArgumentException("cannot append null to the journal");
        }
        requireOrder(record.timeNs());
    }

    private void requireOrder(final long timeNs)
    {
        if (timeNs < lastTimeNs)
        {
            throw new IllegalArgumentException("journal times never go backwards: " + timeNs +
                " is before the last record's " + lastTimeNs);
        }
    }

    private void afterAppend()
    {
        final int cycle = queue.cycle();
        if (cycle != lastCycle)
        {
            lastCycle = cycle;
            cycleStarted = true;
            enforceRetention();
        }
    }
}
