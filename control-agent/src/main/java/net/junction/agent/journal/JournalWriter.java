/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import net.junction.bgp.rib.BestPathHook;
import net.junction.bgp.rib.ChangeCause;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * The router's one writer of its {@link RouteJournal}: a thread of its own, fed by a bounded queue, so
 * the threads that cause records only hand them over.
 * <pre>
 *  BGP event loop: BestPathHook.bestChanged -> batch (encoded here)
 *                  BestPathHook.turnEnded --> batch --+
 *                  BestPathHook.table ----------------+--> queue (bounded, many producers) --> journal thread:
 *                  session(...) ----------------------+      append, retention, ask for a table on a new
 *  commit thread:  commit(...) -----------------------+      cycle or after a drop
 * </pre>
 * <b>On the BGP thread</b> a route change is encoded at once into the batch being built
 * ({@link RouteBatchEncoder}: while the Loc-RIB's entries it reads are in that thread's cache; read later
 * on the journal thread they cost it about 1 µs per change), and the clock is read once per cause (per
 * UPDATE, commit, session down), not per change. The batch is handed over, one queue offer for up to 1024
 * changes, when it is full, at the end of the event-loop turn ({@link #turnEnded}), and before any other
 * record the same thread hands over (a table, a session event, a commit made on that thread); nothing waits
 * for the disk.
 * <p>
 * <b>Order</b>: records are appended in the order they reach the queue, so the records of one thread keep
 * the order they were made in. A commit (the commit thread's) is handed over before the changes it causes
 * are made; route changes the BGP thread made earlier in its current turn reach the queue at that turn's
 * end, after the commit, and are appended after it, with their times raised to the commit's.
 * <p>
 * <b>When the queue is full</b> ({@value #QUEUE_CAPACITY} records or batches: the disk stalled, or the
 * journal thread got no CPU) the record or batch is dropped, never waited for: the BGP thread must not
 * stall behind the journal. Every drop is counted (a batch as its changes; {@link Counters#dropped}, logged
 * at WARNING, at most once a minute), and after a drop the writer asks the speaker for its whole table (at
 * most once every 10 s, {@link #RESYNC_PERIOD_NS}) and appends it as a snapshot, so
 * {@link RouteJournal#tableAt} is right again from then on; the history of the prefixes changed meanwhile
 * misses those changes. A commit event waits up to {@value #COMMIT_WAIT_MS} ms for room (the commit thread
 * may wait) before it is dropped and counted the same way. A record the journal refuses (a route it cannot
 * represent, a write that fails) is counted as dropped too, without a new snapshot (it would be refused
 * again); a snapshot leaves such a route out.
 * <p>
 * <b>Snapshots</b>: the table the speaker hands over when the hook is installed (the start), whenever an
 * append starts a new cycle file ({@link RouteJournal#cycleStarted}), and after drops. On {@link #close}
 * the queue is drained and, when route changes were journaled, an empty snapshot says that the router's
 * table ends there (the next start's snapshot begins it again).
 * <p>
 * <b>The journal thread</b> appends what it takes from the queue at once (a batch as one record); when the
 * queue is empty it sleeps {@value #IDLE_SLEEP_MS} ms, never spins. {@link #awaitWritten} counts a change
 * once its batch is appended.
 * <p>
 * <b>Time</b>: each record is stamped where it is made (the BGP thread's change, at the first change of
 * its cause; the commit thread's commit) with one clock; the BGP thread never lets its changes' times go
 * backwards, and the writer never lets a record's time go before the last appended (it takes the last's
 * time).
 */
public final class JournalWriter implements BestPathHook, AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(JournalWriter.class.getName());

    /**
     * Records the queue holds, a batch of route changes (up to 1024, one event-loop turn's) counting as one:
     * a full table's load hands over a few thousand batches, about 40 MB in all.
     */
    public static final int QUEUE_CAPACITY = 1 << 12;
    /** Records appended per duty cycle before retention and table requests are looked at. */
    static final int DRAIN_LIMIT = 256;
    /** How long the journal thread sleeps when the queue is empty: records wait up to this long. */
    static final long IDLE_SLEEP_MS = 10;
    /** How long a commit event may wait for room in the queue. */
    static final long COMMIT_WAIT_MS = 1_000;
    /**
     * Tables asked for after drops are at least this far apart: a full table's snapshot takes the journal
     * thread a second or two, during which a heavy load may fill the queue again.
     */
    static final long RESYNC_PERIOD_NS = TimeUnit.SECONDS.toNanos(10);
    /** Drops are logged at most this often. */
    private static final long DROP_LOG_PERIOD_NS = TimeUnit.MINUTES.toNanos(1);
    private static final IpAddress UNSPECIFIED4 = new Ip4Address(0);
    private static final IpAddress UNSPECIFIED6 = new Ip6Address(0, 0);

    /**
     * What the writer has done, for status and metrics.
     *
     * @param appended records appended (route changes, each of a batch, commits, session events, snapshots).
     * @param dropped  records not journaled: the queue was full, or the journal refused them.
     * @param queued   records waiting now, a batch of route changes counting as one.
     */
    public record Counters(long appended, long dropped, int queued)
    {
    }

    /** The whole Loc-RIB at one time. */
    private record Table(long timeNs, IpPrefix[] prefixes, Selection[] selections)
    {
    }

    private final RouteJournal journal;
    private final LongSupplier clockNs;
    private final Runnable requestTable;
    private final int capacity;
    private final ManyToOneConcurrentArrayQueue<Object> queue;
    /** Records the queue had no room for: the table at a time needs a snapshot again. */
    private final AtomicLong lost = new AtomicLong();
    /** Records the journal could not take (a route it cannot represent, a failed write). */
    private final AtomicLong refused = new AtomicLong();
    /**
     * The route changes being batched, and the thread batching them (the BGP thread; the caller in tests),
     * which alone touches them; handed over as a {@link RouteBatchEncoder.Batch}.
     */
    private final RouteBatchEncoder building = new RouteBatchEncoder();
    private Thread buildingOn;
    /** The cause the last route change came with, the time read for it and its journal form; BGP thread only. */
    private ChangeCause stampedCause;
    private long stampedNs;
    private Cause stampedJournalCause;
    /** The time of the last change batched: the next is not older. BGP thread only. */
    private long builtNs;
    /** Whether the BGP thread holds changes not handed over, and how many batches it has handed over. */
    private volatile boolean batchOpen;
    private volatile long handovers;
    /** Set when a reconfiguration without a commit number changed routes (not journaled): logged once. */
    private volatile boolean unnumberedCommit;
    /** Set by a producer whose table did not fit: ask again. */
    private volatile boolean tableLost;
    private volatile boolean closed;
    /** Records taken from the queue and dealt with, and appended (a batch written); journal thread writes. */
    private volatile long handled;
    private volatile long appended;
    private final AgentRunner runner;

    private JournalWriter(
        final RouteJournal journal, final LongSupplier clockNs, final Runnable requestTable, final int capacity)
    {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clockNs = Objects.requireNonNull(clockNs, "clockNs");
        this.requestTable = requestTable;
        this.capacity = capacity;
        this.queue = new ManyToOneConcurrentArrayQueue<>(capacity);
        // Idle, it sleeps 10 ms, never spins: records wait a little and are appended in batches, rather than the
        // thread waking for each (which, on a CPU it shares with the BGP thread, costs that thread too).
        this.runner = new AgentRunner(new SleepingMillisIdleStrategy(IDLE_SLEEP_MS),
            ex -> LOG.log(System.Logger.Level.ERROR, "route journal: " + ex.getMessage(), ex), null, new Writer());
    }

    /**
     * Starts the journal thread. The writer owns the journal from now on: it appends to it on its thread and
     * closes it in {@link #close}; others may only query it.
     *
     * @param journal      an open journal.
     * @param clockNs      nanoseconds since the epoch, to stamp records with (the journal's own clock).
     * @param requestTable asks the BGP speaker to hand {@link #table} the whole Loc-RIB soon (on its
     *                     thread, in order with the changes); null without BGP (no route changes then).
     * @return the running writer.
     */
    public static JournalWriter start(final RouteJournal journal, final LongSupplier clockNs, final Runnable requestTable)
    {
        return new JournalWriter(journal, clockNs, requestTable, QUEUE_CAPACITY).start();
    }

    /**
     * A writer whose thread is not started yet (tests: fill its queue first).
     *
     * @param capacity queue capacity, a power of two.
     */
    static JournalWriter unstarted(
        final RouteJournal journal, final LongSupplier clockNs, final Runnable requestTable, final int capacity)
    {
        return new JournalWriter(journal, clockNs, requestTable, capacity);
    }

    /** Starts the journal thread. */
    JournalWriter start()
    {
        AgentRunner.startOnThread(runner, r ->
        {
            final Thread thread = new Thread(r, "junction-journal");
            thread.setDaemon(true);
            return thread;
        });
        return this;
    }

    /** @return the journal it writes (for queries). */
    public RouteJournal journal()
    {
        return journal;
    }

    // ========================================================================== producers' side

    /**
     * On the BGP thread: the change is encoded into the batch being built, straight from the Loc-RIB's entries
     * (which that thread has just written, so they are in its cache). The clock is read once per cause (the RIB
     * makes one cause object per entry point: an UPDATE, a session down, a commit), not per change: a clock
     * read costs more than the rest here, and every change of one UPDATE happened at its time.
     */
    @Override
    public void bestChanged(final IpPrefix prefix, final Selection before, final Selection after, final ChangeCause cause)
    {
        if (cause != stampedCause)
        {
            stampedCause = cause;
            stampedNs = clockNs.getAsLong();
            stampedJournalCause = cause(cause);
        }
        if (null == stampedJournalCause)
        {
            unnumberedCommit = true;
            refused.incrementAndGet();
            return;
        }
        final long timeNs = Math.max(stampedNs, builtNs);
        if (0 == building.count())
        {
            buildingOn = Thread.currentThread();
            batchOpen = true;
        }
        try
        {
            building.add(timeNs, prefix, before, after, stampedJournalCause);
        }
        catch (final IllegalArgumentException ex)
        {
            refused.incrementAndGet(); // nothing was added
            return;
        }
        builtNs = timeNs;
        if (building.isFull())
        {
            handOver();
        }
    }

    /** On the BGP thread, at the end of an event-loop turn: the changes batched in it go to the journal thread. */
    @Override
    public void turnEnded()
    {
        handOver();
    }

    /** The batch being built, to the queue (or counted as lost, when it has no room); BGP thread only. */
    private void handOver()
    {
        final int count = building.count();
        if (0 == count)
        {
            return;
        }
        if (!queue.offer(building.finish()))
        {
            lost.addAndGet(count);
        }
        buildingOn = null;
        batchOpen = false;
        handovers = handovers + 1;
    }

    /** Before a record made on the thread that batches route changes: the changes it made before go first. */
    private void handOverIfBuildingHere()
    {
        if (Thread.currentThread() == buildingOn)
        {
            handOver();
        }
    }

    /** On the BGP thread: the entries are copied (references only), converted on the journal thread. */
    @Override
    public void table(final BestPathHook.Table table)
    {
        handOverIfBuildingHere();
        final int size = table.size();
        final IpPrefix[] prefixes = new IpPrefix[size];
        final Selection[] selections = new Selection[size];
        final int[] n = {0};
        table.forEach((prefix, selection) ->
        {
            prefixes[n[0]] = prefix;
            selections[n[0]++] = selection;
        });
        if (!queue.offer(new Table(clockNs.getAsLong(), prefixes, selections)))
        {
            lost.incrementAndGet();
            tableLost = true;
        }
    }

    /**
     * A BGP session changed state (on the BGP thread, before the route changes it causes).
     *
     * @param neighbor the neighbor's address.
     * @param from     the state left, such as {@code established}.
     * @param to       the state entered.
     * @param reason   why; cut to 1024 characters.
     */
    public void session(final IpAddress neighbor, final String from, final String to, final String reason)
    {
        final SessionEvent event;
        try
        {
            event = new SessionEvent(clockNs.getAsLong(), neighbor, cut(from, 32), cut(to, 32), cut(reason, 1024));
        }
        catch (final IllegalArgumentException ex)
        {
            refused.incrementAndGet();
            return;
        }
        handOverIfBuildingHere();
        if (!queue.offer(event))
        {
            lost.incrementAndGet();
        }
    }

    /**
     * A commit is about to change the router: call it before the changes (it waits up to
     * {@value #COMMIT_WAIT_MS} ms for room in the queue).
     *
     * @param number  the commit's number.
     * @param author  who; cut to 256 characters.
     * @param message why; cut to 4096 characters.
     */
    public void commit(final long number, final String author, final String message)
    {
        final CommitEvent event;
        try
        {
            event = new CommitEvent(clockNs.getAsLong(), number, cut(author, 256), cut(message, 4096));
        }
        catch (final IllegalArgumentException ex)
        {
            refused.incrementAndGet();
            return;
        }
        handOverIfBuildingHere();
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(COMMIT_WAIT_MS);
        while (!queue.offer(event))
        {
            if (closed || System.nanoTime() - deadlineNs > 0)
            {
                lost.incrementAndGet();
                return;
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private static String cut(final String text, final int max)
    {
        final String t = null == text ? "" : text;
        return t.length() <= max ? t : t.substring(0, max);
    }

    /**
     * @return what it has done so far.
     */
    public Counters counters()
    {
        return new Counters(appended, lost.get() + refused.get(), queue.size());
    }

    /**
     * Waits until every record made before the call is dealt with (appended, or counted as dropped): so a
     * query sees them. Route changes the BGP thread has batched and not handed over are waited for until it
     * hands them over (at the end of its turn); called on that thread (tests driving the hook by hand), it
     * hands them over itself. For tests and tools.
     *
     * @param timeoutMs the longest wait.
     * @return whether they all were.
     */
    public boolean awaitWritten(final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        handOverIfBuildingHere();
        final long handedOver = handovers;
        while (batchOpen && handovers == handedOver)
        {
            if (closed || System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            LockSupport.parkNanos(200_000);
        }
        final long target = queue.addedCount();
        while (handled < target)
        {
            if (closed || System.nanoTime() - deadlineNs > 0)
            {
                return handled >= target;
            }
            LockSupport.parkNanos(200_000);
        }
        return true;
    }

    /**
     * Stops the journal thread once it has appended what was handed over, appends the closing empty
     * snapshot (when route changes were journaled) and closes the journal. Remove the hook from the
     * speaker first (the speaker hands over its last batch then): what arrives later is not journaled.
     */
    @Override
    public void close()
    {
        handOverIfBuildingHere();
        closed = true;
        runner.close();
    }

    // ========================================================================== journal thread

    /** The duty cycle: drain (append each), then a table request if one is due. */
    private final class Writer implements Agent
    {
        private long lostSeen;
        private long droppedSeen;
        private boolean tableDue;
        /** A table is due because records were lost (not for a new cycle): not before {@link #resyncAtNs}. */
        private boolean resyncDue;
        private long resyncAtNs = System.nanoTime();
        private boolean tableAsked;
        private long lastDropLogNs = System.nanoTime() - DROP_LOG_PERIOD_NS;
        private boolean loggedNoCommit;
        /** Records taken from the queue and dealt with; published as {@link #handled}. */
        private long taken;

        @Override
        public int doWork()
        {
            final int work = queue.drain(this::handle, DRAIN_LIMIT);
            if (unnumberedCommit && !loggedNoCommit)
            {
                loggedNoCommit = true;
                LOG.log(System.Logger.Level.WARNING, "route journal: a BGP reconfiguration without a commit number " +
                    "changed routes; such changes are not journaled (counted as dropped)");
            }
            final long drops = lost.get() + refused.get();
            if (drops != droppedSeen)
            {
                logDrops(drops);
                droppedSeen = drops;
            }
            if (null == requestTable)
            {
                return work; // no BGP: no routes, no snapshots
            }
            if (journal.cycleStarted())
            {
                tableDue = true;
            }
            if (lost.get() != lostSeen)
            {
                lostSeen = lost.get();
                resyncDue = true;
            }
            if (tableLost)
            {
                tableLost = false;
                tableAsked = false;
                resyncDue = true;
            }
            if (resyncDue && System.nanoTime() - resyncAtNs >= 0)
            {
                resyncDue = false;
                tableDue = true;
            }
            if (tableDue && !tableAsked && queue.size() < capacity / 2)
            {
                tableDue = false;
                tableAsked = true;
                resyncAtNs = System.nanoTime() + RESYNC_PERIOD_NS;
                try
                {
                    requestTable.run();
                }
                catch (final RuntimeException ex)
                {
                    tableAsked = false;
                    LOG.log(System.Logger.Level.WARNING, "route journal: cannot ask BGP for its table: " + ex.getMessage());
                }
            }
            return work;
        }

        private void logDrops(final long drops)
        {
            final long nowNs = System.nanoTime();
            if (nowNs - lastDropLogNs >= DROP_LOG_PERIOD_NS)
            {
                lastDropLogNs = nowNs;
                LOG.log(System.Logger.Level.WARNING, "route journal: " + drops + " record(s) dropped so far (" + lost.get() +
                    " for a full queue: a table snapshot follows, so the table at a time is right again; " + refused.get() +
                    " the journal could not take)");
            }
        }

        private void handle(final Object item)
        {
            final int records = item instanceof RouteBatchEncoder.Batch b ? b.count() : 1;
            try
            {
                switch (item)
                {
                    case RouteBatchEncoder.Batch b -> journal.append(b);
                    case Table t -> appendTable(t);
                    case CommitEvent e -> journal.append(e.timeNs() < journal.lastTimeNs() ?
                        new CommitEvent(journal.lastTimeNs(), e.number(), e.author(), e.message()) : e);
                    case SessionEvent e -> journal.append(e.timeNs() < journal.lastTimeNs() ?
                        new SessionEvent(journal.lastTimeNs(), e.neighbor(), e.from(), e.to(), e.reason()) : e);
                    default -> throw new IllegalStateException("not a journal item: " + item.getClass().getName());
                }
                appended = appended + records;
            }
            catch (final IllegalArgumentException ex)
            {
                refused.addAndGet(records);
                LOG.log(System.Logger.Level.DEBUG, "route journal: record not appended: " + ex.getMessage());
            }
            catch (final RuntimeException ex)
            {
                refused.addAndGet(records); // a failed write
                LOG.log(System.Logger.Level.DEBUG, "route journal: record not appended: " + ex.getMessage());
            }
            finally
            {
                taken = taken + 1;
                handled = taken;
            }
        }

        private void appendTable(final Table t)
        {
            tableAsked = false;
            // A route the journal cannot represent is left out (and counted), so the snapshot itself never
            // fails half way.
            final IpPrefix[] prefixes = t.prefixes();
            int size = prefixes.length;
            for (int i = 0; i < prefixes.length; i++)
            {
                try
                {
                    routeState(prefixes[i], t.selections()[i]);
                }
                catch (final IllegalArgumentException ex)
                {
                    prefixes[i] = null;
                    size--;
                    refused.incrementAndGet();
                }
            }
            final long timeNs = Math.max(t.timeNs(), journal.lastTimeNs());
            journal.appendSnapshot(timeNs, new SnapshotView(t, size));
            journal.cycleStarted(); // a snapshot that opened a new cycle file is the cycle's snapshot itself
        }

        @Override
        public void onClose()
        {
            queue.drain(this::handle);
            if (null != requestTable)
            {
                try
                {
                    journal.appendSnapshot(Math.max(clockNs.getAsLong(), journal.lastTimeNs()), Map.of());
                    appended = appended + 1;
                }
                catch (final RuntimeException ex)
                {
                    refused.incrementAndGet();
                    LOG.log(System.Logger.Level.WARNING, "route journal: closing snapshot not appended: " + ex.getMessage());
                }
            }
            journal.close();
        }

        @Override
        public String roleName()
        {
            return "junction-journal";
        }
    }

    /**
     * A table as the map {@link RouteJournal#appendSnapshot} reads: converted one entry at a time, so a full
     * table is never held converted; entries whose prefix is null are left out.
     */
    private static final class SnapshotView extends AbstractMap<IpPrefix, RouteState>
    {
        private final Table table;
        private final int size;

        SnapshotView(final Table table, final int size)
        {
            this.table = table;
            this.size = size;
        }

        @Override
        public Set<Entry<IpPrefix, RouteState>> entrySet()
        {
            return new AbstractSet<>()
            {
                @Override
                public int size()
                {
                    return size;
                }

                @Override
                public Iterator<Entry<IpPrefix, RouteState>> iterator()
                {
                    return new Iterator<>()
                    {
                        private int next = skip(0);

                        private int skip(final int from)
                        {
                            int i = from;
                            while (i < table.prefixes().length && null == table.prefixes()[i])
                            {
                                i++;
                            }
                            return i;
                        }

                        @Override
                        public boolean hasNext()
                        {
                            return next < table.prefixes().length;
                        }

                        @Override
                        public Entry<IpPrefix, RouteState> next()
                        {
                            if (!hasNext())
                            {
                                throw new NoSuchElementException();
                            }
                            final IpPrefix prefix = table.prefixes()[next];
                            final Selection selection = table.selections()[next];
                            next = skip(next + 1);
                            return new SimpleImmutableEntry<>(prefix, routeState(prefix, selection));
                        }
                    };
                }
            };
        }
    }

    // ============================================================================== conversions

    /** The journal's ORIGIN of a path's (absent: INCOMPLETE); {@link RouteBatchEncoder} writes its ordinal. */
    static RouteState.Origin origin(final PathAttribute.Origin origin)
    {
        return null == origin ? RouteState.Origin.INCOMPLETE : switch (origin.value())
        {
            case PathAttribute.Origin.IGP -> RouteState.Origin.IGP;
            case PathAttribute.Origin.EGP -> RouteState.Origin.EGP;
            default -> RouteState.Origin.INCOMPLETE;
        };
    }

    /** Whether the journal keeps a segment as a set: AS_SET and AS_CONFED_SET. */
    static boolean isSet(final AsPathSegment segment)
    {
        return AsPathSegment.AS_SET == segment.type() || AsPathSegment.AS_CONFED_SET == segment.type();
    }

    /** The next hop the journal gives a network the router originates: its family's unspecified address. */
    static IpAddress unspecified(final IpPrefix prefix)
    {
        return prefix.isIpv4() ? UNSPECIFIED4 : UNSPECIFIED6;
    }

    /**
     * A Loc-RIB entry as the journal keeps it. A network the router originates itself has no neighbor and,
     * as its next hop, the unspecified address of its family ({@code 0.0.0.0}, {@code ::}): it installs
     * nothing. AS_CONFED_SEQUENCE and AS_CONFED_SET segments are kept as a sequence and a set.
     *
     * @param prefix    the destination (its family names the unspecified next hop of a local network).
     * @param selection the entry.
     * @return its state.
     * @throws IllegalArgumentException when it does not fit a {@link RouteState} (more than 255 segments).
     */
    public static RouteState routeState(final IpPrefix prefix, final Selection selection)
    {
        final List<IpAddress> hops = selection.nextHops();
        final PathAttributes attributes = selection.path().attributes();
        final RouteState.Origin o = origin(attributes.origin());
        final List<RouteState.AsPathSegment> asPath = new ArrayList<>();
        final PathAttribute.AsPath path = attributes.asPath();
        if (null != path)
        {
            for (final AsPathSegment segment : path.segments())
            {
                final List<Long> asns = new ArrayList<>(segment.size());
                for (int i = 0; i < segment.size(); i++)
                {
                    asns.add(Integer.toUnsignedLong(segment.asn(i)));
                }
                asPath.add(new RouteState.AsPathSegment(isSet(segment), asns));
            }
        }
        final PathAttribute.LocalPref localPref = attributes.localPref();
        final PathAttribute.MultiExitDisc med = attributes.multiExitDisc();
        final List<Integer> communities = new ArrayList<>();
        final PathAttribute.Communities standard = attributes.communities();
        if (null != standard)
        {
            for (final int c : standard.values())
            {
                communities.add(c);
            }
        }
        return new RouteState(hops.isEmpty() ? List.of(unspecified(prefix)) : hops, o, asPath,
            null == localPref ? RouteState.ABSENT : Integer.toUnsignedLong(localPref.value()),
            null == med ? RouteState.ABSENT : Integer.toUnsignedLong(med.value()), communities, selection.neighbor());
    }

    /**
     * @return the journal's cause for the speaker's, or null for a reconfiguration that names no commit
     *     (which the journal cannot record).
     */
    static Cause cause(final ChangeCause cause)
    {
        return switch (cause)
        {
            case ChangeCause.Update u -> new Cause.Update(u.neighbor(), u.sequence());
            case ChangeCause.Withdrawal w -> new Cause.Withdrawal(w.neighbor(), w.sequence());
            case ChangeCause.SessionDown d -> new Cause.SessionDown(d.neighbor());
            case ChangeCause.NextHopChange n -> new Cause.NextHopChange(n.nextHop());
            case ChangeCause.Commit c -> c.number() > 0 ? new Cause.Commit(c.number()) : null;
            case ChangeCause.RpkiChange c -> new Cause.RpkiChange();
        };
    }
}
