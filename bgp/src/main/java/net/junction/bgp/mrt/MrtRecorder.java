/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import net.junction.bgp.session.BgpConnection;
import net.junction.bgp.session.BgpSession;
import net.junction.bgp.session.PeerSession;
import net.junction.routing.IpAddress;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Records MRT files as a route collector does (config {@code bgp.mrt}, {@link MrtConfig}): a TABLE_DUMP_V2 dump of
 * the Loc-RIB at every multiple of the dump interval ({@code bview.YYYYMMDD.HHMM}), and a BGP4MP log of every UPDATE
 * an established session receives and every session state change ({@code updates.YYYYMMDD.HHMM}, a new file at
 * every multiple of the rotation interval), RIPE RIS's names, in UTC.
 * <p>
 * Threads. The BGP event loop only copies: {@link #updateReceived} and {@link #stateChanged} encode the BGP4MP
 * record straight into a single-producer ring ({@link OneToOneRingBuffer}, {@value #RING_CAPACITY} octets) and return;
 * when the ring is full (the disk cannot keep up) the record is dropped and counted, never waited for. One writer
 * thread drains the ring into the current update file, rotates it and starts the table dumps, which run on a thread
 * of their own (the table is copied on the event loop by the {@link TableSource}, then encoded there record by
 * record). Every file is written under a hidden temporary name ({@code .bview.20261207.0800.part}) and renamed when
 * whole; then the oldest files of its kind beyond {@code keep} are deleted. A name already taken (a restart within
 * one interval) gets {@code -1}, {@code -2}... after it.
 * <p>
 * {@link #configure} applies a new configuration at once: the current update file is closed and renamed, and the
 * writer starts again on the new settings; records in the ring meanwhile are kept.
 */
public final class MrtRecorder implements AutoCloseable
{
    /** The update log's ring: about 4 seconds of a full table arriving at 100k routes per second. */
    public static final int RING_CAPACITY = 16 << 20;

    private static final System.Logger LOG = System.getLogger(MrtRecorder.class.getName());
    private static final int RECORD = 1;
    private static final int READ_LIMIT = 1024;
    private static final Pattern BVIEW_FILE = Pattern.compile("bview\\.\\d{8}\\.\\d{4}(-\\d+)?");
    private static final Pattern UPDATES_FILE = Pattern.compile("updates\\.\\d{8}\\.\\d{4}(-\\d+)?");

    /** The table a dump is made of, copied on the BGP event loop. */
    @FunctionalInterface
    public interface TableSource
    {
        RibDump table();
    }

    /**
     * What the recorder has done since the router started.
     *
     * @param enabled               whether it records now.
     * @param directory             where, when it does.
     * @param tableDumps            table dumps written (renamed into place).
     * @param tableDumpBytes        their octets.
     * @param tableDumpFailures     table dumps that failed (the table could not be copied, or the disk refused).
     * @param updateRecords         BGP4MP records written to update files.
     * @param updateBytes           their octets.
     * @param updateDrops           BGP4MP records dropped: the ring was full, or no update file could be written.
     * @param updateFiles           update files completed (renamed into place).
     * @param lastError             the last failure, "" for none.
     * @param lastErrorEpochSeconds when, 0 for never.
     */
    public record Status(boolean enabled, Optional<Path> directory, long tableDumps, long tableDumpBytes,
                         long tableDumpFailures, long updateRecords, long updateBytes, long updateDrops, long updateFiles,
                         String lastError, long lastErrorEpochSeconds)
    {
    }

    private final TableSource source;
    private final EpochClock clock;
    private final int ringCapacity;
    /**
     * Made at the first configuration that logs, never replaced: written before {@link #logging} is set (a volatile
     * write the BGP thread reads before it touches the ring) and before the writer thread starts.
     */
    private OneToOneRingBuffer ring;
    private UnsafeBuffer ringBuffer;
    /** Read on the BGP thread for each UPDATE. */
    private volatile boolean logging;
    private MrtConfig config = MrtConfig.NONE;
    private Writer writer;

    private final AtomicLong tableDumps = new AtomicLong();
    private final AtomicLong tableDumpBytes = new AtomicLong();
    private final AtomicLong tableDumpFailures = new AtomicLong();
    private final AtomicLong updateRecords = new AtomicLong();
    private final AtomicLong updateBytes = new AtomicLong();
    private final AtomicLong updateDrops = new AtomicLong();
    private final AtomicLong updateFiles = new AtomicLong();
    private volatile String lastError = "";
    private volatile long lastErrorEpochSeconds;

    /**
     * @param source the Loc-RIB, copied on the BGP event loop.
     * @param clock  wall-clock time (file names, record timestamps, the schedule).
     */
    public MrtRecorder(final TableSource source, final EpochClock clock)
    {
        this(source, clock, RING_CAPACITY);
    }

    /**
     * @param ringCapacity octets of the update log's ring, a power of two (tests: a small one that fills).
     */
    public MrtRecorder(final TableSource source, final EpochClock clock, final int ringCapacity)
    {
        this.source = source;
        this.clock = clock;
        this.ringCapacity = ringCapacity;
    }

    /**
     * Applies a configuration; the same one again changes nothing.
     *
     * @param next what to record.
     */
    public synchronized void configure(final MrtConfig next)
    {
        if (next.equals(config))
        {
            return;
        }
        stopWriter();
        config = next;
        if (ring == null && next.enabled() && next.updateLog())
        {
            ringBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(ringCapacity + RingBufferDescriptor.TRAILER_LENGTH));
            ring = new OneToOneRingBuffer(ringBuffer);
        }
        logging = next.enabled() && next.updateLog();
        if (next.enabled())
        {
            // The schedule starts now, not when the writer thread first runs: the first files are this interval's.
            writer = new Writer(next, next.directory().orElseThrow(), clock.time() / 1000);
            writer.start();
        }
    }

    /** @return the configuration in effect. */
    public synchronized MrtConfig config()
    {
        return config;
    }

    /** @return the counters, read without stopping anything. */
    public Status status()
    {
        final MrtConfig c = config();
        return new Status(c.enabled(), c.enabled() ? c.directory() : Optional.empty(), tableDumps.get(),
            tableDumpBytes.get(), tableDumpFailures.get(), updateRecords.get(), updateBytes.get(), updateDrops.get(),
            updateFiles.get(), lastError, lastErrorEpochSeconds);
    }

    /**
     * An UPDATE received ({@link net.junction.bgp.session.UpdateTap}): a BGP4MP_MESSAGE_AS4 record into the ring, or
     * a drop counted; from a session that receives Path Identifiers, BGP4MP_MESSAGE_AS4_ADDPATH (RFC 8050). On the
     * BGP event loop; no allocation, no wait.
     */
    public void updateReceived(
        final BgpSession session, final BgpConnection connection, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (logging)
        {
            final net.junction.bgp.session.Negotiated negotiated = session.negotiated();
            recordMessage(session.config().remoteAs(), session.localAs(), connection.remoteAddress(),
                connection.localAddress(), buffer, offset, length,
                negotiated != null && !negotiated.codec().receivePathIds().isEmpty());
        }
    }

    /**
     * A session's FSM change ({@link net.junction.bgp.session.SessionStateListener}): a BGP4MP_STATE_CHANGE_AS4
     * record into the ring, or a drop counted. On the BGP event loop.
     */
    public void stateChanged(
        final BgpSession session, final PeerSession.State from, final PeerSession.State to, final String reason)
    {
        if (!logging || from == to)
        {
            return;
        }
        final BgpConnection connection = session.connection();
        final IpAddress peer = connection != null && connection.remoteAddress() != null ? connection.remoteAddress() :
            session.config().remoteAddress();
        // RFC 6396 §4.4.1: Idle 1 ... Established 6, the order of PeerSession.State.
        recordStateChange(session.config().remoteAs(), session.localAs(), peer,
            connection == null ? null : connection.localAddress(), from.ordinal() + 1, to.ordinal() + 1);
    }

    /**
     * A BGP message as received, into the update log (when it is on). One producer thread only (the event loop).
     *
     * @param local the router's address on the session, or null.
     * @return false when the record was dropped (the ring is full) or the log is off.
     */
    public boolean recordMessage(
        final int peerAs, final int localAs, final IpAddress peer, final IpAddress local, final DirectBuffer buffer,
        final int offset, final int length)
    {
        return recordMessage(peerAs, localAs, peer, local, buffer, offset, length, false);
    }

    /**
     * As {@link #recordMessage(int, int, IpAddress, IpAddress, DirectBuffer, int, int)}, from a session that
     * receives Path Identifiers when {@code addPath} (an RFC 8050 record). RFC 8050 marks a whole message: with
     * ADD-PATH received for some of a session's families only, its messages of the other families are marked too,
     * and a reader takes their NLRI for ones with identifiers (docs/contracts.md says so).
     */
    public boolean recordMessage(
        final int peerAs, final int localAs, final IpAddress peer, final IpAddress local, final DirectBuffer buffer,
        final int offset, final int length, final boolean addPath)
    {
        if (!logging)
        {
            return false;
        }
        final int index = ring.tryClaim(RECORD, Bgp4mp.messageRecordLength(peer, length));
        if (index < 0)
        {
            updateDrops.incrementAndGet();
            return false;
        }
        Bgp4mp.writeMessage(ringBuffer, index, clock.time() / 1000, peerAs, localAs, peer, local, buffer, offset, length,
            addPath);
        ring.commit(index);
        return true;
    }

    /**
     * A session state change (RFC 6396 §4.4.1 codes), into the update log (when it is on). One producer thread only.
     *
     * @return false when the record was dropped (the ring is full) or the log is off.
     */
    public boolean recordStateChange(
        final int peerAs, final int localAs, final IpAddress peer, final IpAddress local, final int oldState,
        final int newState)
    {
        if (!logging)
        {
            return false;
        }
        final int index = ring.tryClaim(RECORD, Bgp4mp.stateChangeRecordLength(peer));
        if (index < 0)
        {
            updateDrops.incrementAndGet();
            return false;
        }
        Bgp4mp.writeStateChange(ringBuffer, index, clock.time() / 1000, peerAs, localAs, peer, local, oldState, newState);
        ring.commit(index);
        return true;
    }

    @Override
    public synchronized void close()
    {
        logging = false;
        stopWriter();
        config = MrtConfig.NONE;
    }

    private void stopWriter()
    {
        if (writer != null)
        {
            writer.stop();
            writer = null;
        }
    }

    private void failed(final String what, final Exception ex)
    {
        lastError = what + ": " + ex;
        lastErrorEpochSeconds = clock.time() / 1000;
        LOG.log(Level.WARNING, "MRT: " + what, ex);
    }

    /** @return the start of the interval {@code seconds} falls in. */
    static long floor(final long seconds, final long interval)
    {
        return seconds - Math.floorMod(seconds, interval);
    }

    /** The writer thread of one configuration, and its table dumps' thread. */
    private final class Writer implements Runnable
    {
        private final MrtConfig config;
        private final Path directory;
        private final long startSeconds;
        private final Thread thread;
        private final IdleStrategy idle = new BackoffIdleStrategy(1, 1, 1_000, 10_000_000);
        private final byte[] copy = new byte[Bgp4mp.messageRecordLength(net.junction.routing.Ip6Address.UNSPECIFIED, 65535)];
        private volatile boolean running = true;
        private Thread dumping;
        private OutputStream updates;
        private Path updatesPartial;
        private String updatesName;
        private boolean dirty;

        Writer(final MrtConfig config, final Path directory, final long startSeconds)
        {
            this.config = config;
            this.directory = directory;
            this.startSeconds = startSeconds;
            this.thread = Thread.ofPlatform().daemon().name("junction-mrt").unstarted(this);
        }

        void start()
        {
            thread.start();
        }

        void stop()
        {
            running = false;
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run()
        {
            try
            {
                Files.createDirectories(directory);
            }
            catch (final IOException ex)
            {
                failed("cannot create " + directory, ex);
            }
            long nowSeconds = startSeconds;
            long nextRotate = Long.MAX_VALUE;
            if (config.updateLog())
            {
                openUpdates(floor(nowSeconds, config.rotateIntervalSeconds()));
                nextRotate = floor(nowSeconds, config.rotateIntervalSeconds()) + config.rotateIntervalSeconds();
            }
            long nextDump = config.tableDumpIntervalSeconds() == 0 ? Long.MAX_VALUE :
                floor(nowSeconds, config.tableDumpIntervalSeconds()) + config.tableDumpIntervalSeconds();
            while (running)
            {
                nowSeconds = clock.time() / 1000;
                if (nowSeconds >= nextRotate)
                {
                    // What the ring holds was received before the boundary (give or take the drain): the old file's.
                    while (drain() > 0)
                    {
                        // drained into the file being closed
                    }
                    closeUpdates();
                    openUpdates(floor(nowSeconds, config.rotateIntervalSeconds()));
                    nextRotate = floor(nowSeconds, config.rotateIntervalSeconds()) + config.rotateIntervalSeconds();
                }
                if (nowSeconds >= nextDump)
                {
                    startDump(floor(nowSeconds, config.tableDumpIntervalSeconds()));
                    nextDump = floor(nowSeconds, config.tableDumpIntervalSeconds()) + config.tableDumpIntervalSeconds();
                }
                final int work = drain();
                if (work == 0)
                {
                    flushUpdates();
                }
                idle.idle(work);
            }
            while (drain() > 0)
            {
                // what the ring holds goes into the file being closed
            }
            closeUpdates();
            final Thread d = dumping;
            if (d != null)
            {
                try
                {
                    d.join();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** @return records read from the ring (none when no configuration ever logged updates). */
        private int drain()
        {
            return ring == null ? 0 : ring.read(this::record, READ_LIMIT);
        }

        private void record(final int type, final org.agrona.MutableDirectBuffer buffer, final int index, final int length)
        {
            if (updates == null)
            {
                updateDrops.incrementAndGet();
                return;
            }
            buffer.getBytes(index, copy, 0, length);
            try
            {
                updates.write(copy, 0, length);
                dirty = true;
                updateRecords.incrementAndGet();
                updateBytes.addAndGet(length);
            }
            catch (final IOException ex)
            {
                updateDrops.incrementAndGet();
                failed("cannot write " + updatesPartial + " (left as it is; a new file at the next rotation)", ex);
                abandonUpdates();
            }
        }

        private void openUpdates(final long startSeconds)
        {
            updatesName = RisFileNames.updates(startSeconds);
            updatesPartial = directory.resolve("." + updatesName + ".part");
            try
            {
                updates = new BufferedOutputStream(Files.newOutputStream(updatesPartial), 1 << 16);
            }
            catch (final IOException ex)
            {
                updates = null;
                failed("cannot create " + updatesPartial, ex);
            }
        }

        private void flushUpdates()
        {
            if (updates != null && dirty)
            {
                try
                {
                    updates.flush();
                    dirty = false;
                }
                catch (final IOException ex)
                {
                    failed("cannot write " + updatesPartial + " (left as it is; a new file at the next rotation)", ex);
                    abandonUpdates();
                }
            }
        }

        private void abandonUpdates()
        {
            try
            {
                updates.close();
            }
            catch (final IOException ignored)
            {
                // already failed
            }
            updates = null;
        }

        private void closeUpdates()
        {
            if (updates == null)
            {
                return;
            }
            try
            {
                updates.close();
                updates = null;
                place(updatesPartial, updatesName);
                updateFiles.incrementAndGet();
                prune(UPDATES_FILE);
            }
            catch (final IOException ex)
            {
                updates = null;
                failed("cannot complete " + updatesPartial, ex);
            }
        }

        private void startDump(final long boundarySeconds)
        {
            if (dumping != null && dumping.isAlive())
            {
                tableDumpFailures.incrementAndGet();
                failed("table dump of " + RisFileNames.bview(boundarySeconds) + " skipped",
                    new IllegalStateException("the one before is still being written"));
                return;
            }
            dumping = Thread.ofPlatform().daemon().name("junction-mrt-dump").start(() -> dump(boundarySeconds));
        }

        private void dump(final long boundarySeconds)
        {
            final String name = RisFileNames.bview(boundarySeconds);
            final Path partial = directory.resolve("." + name + ".part");
            try
            {
                final RibDump table = source.table();
                final long[] written = new long[1];
                try (OutputStream out = new BufferedOutputStream(new FilterOutputStream(Files.newOutputStream(partial))
                {
                    @Override
                    public void write(final byte[] b, final int off, final int len) throws IOException
                    {
                        out.write(b, off, len);
                        written[0] += len;
                    }
                }, 1 << 16))
                {
                    table.writeTo(out);
                }
                place(partial, name);
                tableDumps.incrementAndGet();
                tableDumpBytes.addAndGet(written[0]);
                prune(BVIEW_FILE);
            }
            catch (final IOException | RuntimeException ex)
            {
                tableDumpFailures.incrementAndGet();
                failed("table dump " + name + " failed", ex);
                try
                {
                    Files.deleteIfExists(partial);
                }
                catch (final IOException ignored)
                {
                    // named .part: never taken for a dump
                }
            }
        }

        /** Renames a whole file into place, never over another. */
        private void place(final Path partial, final String name) throws IOException
        {
            Path target = directory.resolve(name);
            for (int n = 1; Files.exists(target); n++)
            {
                target = directory.resolve(name + "-" + n);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        }

        private void prune(final Pattern kind)
        {
            final List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory))
            {
                for (final Path f : files)
                {
                    final String n = f.getFileName().toString();
                    if (kind.matcher(n).matches())
                    {
                        names.add(n);
                    }
                }
                names.sort(null);
                for (int i = 0; i < names.size() - config.keep(); i++)
                {
                    Files.deleteIfExists(directory.resolve(names.get(i)));
                }
            }
            catch (final IOException ex)
            {
                failed("cannot prune " + directory, ex);
            }
        }
    }
}
