package net.junction.dataplane.fib;

import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.NextHop;
import net.junction.routing.fib.FibUpdates;
import net.junction.routing.lpm.Ip4Dir24;
import net.junction.routing.lpm.Ip6Mtrie;

/**
 * The FIB's single writer: applies the control plane's updates to the {@link Fib} the workers
 * read, a batch (up to {@link #commit()}) at a time. Next-hop sets apply at once, so every route
 * of the batch finds its next hop; the batch's route changes are then applied shortest prefix
 * first (a stable counting sort: changes to one prefix keep their order), because a short prefix
 * laid down before the longer ones inside it writes each table entry once, where the other order
 * rewrites whole plies (a full table loads in well under a second sorted, several seconds not);
 * next-hop deletes come last, after the routes that used them are gone. An update naming an
 * unknown next hop or a bad index is refused and counted, never half applied.
 * <p>
 * A batch that came with a {@link #batchOrigin} is timed: the time from that origin to the end of
 * its apply goes to the {@link FibApplyLatency} (one clock read per batch, no allocation).
 * <p>
 * Resync (mark and sweep, as VPP's table replace and grout's zebra plugin): from {@link #resyncBegin}
 * the writer marks every route it puts and every next hop it sets, in as many batches as the
 * producer sends, and removes nothing the producer did not delete, so the workers forward on the old
 * table, entry by entry replaced by the new, and never wait. At {@link #resyncEnd} it applies what it
 * holds, then removes exactly the routes (both families) and next hops that no set of the epoch
 * marked, as one batch of ordinary deletes (folded groups and plies reclaimed behind the QSBR as
 * for any delete), and counts them. A route of the epoch that names a next hop or ECMP group the
 * epoch did not set keeps it (and a group's members) marked, so the sweep never leaves a route
 * pointing at a cleared entry. Route marks live in a {@link RouteMarks} set per family sized at the
 * begin for the routes held, next-hop marks in an int per next-hop index; marking allocates nothing.
 */
public final class FibWriter implements FibUpdates
{
    private static final int ROUTE4_SET = 1;
    private static final int ROUTE4_DELETE = 2;
    private static final int ROUTE6_SET = 3;
    private static final int ROUTE6_DELETE = 4;
    private static final int MAX_LENGTH = 128;

    private final Fib fib;
    private final NextHopTable nextHops;
    private final WorkerCounters counters;
    private final FibApplyLatency latency;
    private long batchOriginNs = NO_ORIGIN;
    private long updates;
    private long reportedRoutes4;
    private long reportedRoutes6;
    private long reportedBytes4;
    private long reportedBytes6;

    /** The batch's route changes, in arrival order, and the next hops to delete at its end. */
    private int pending;
    private byte[] kinds = new byte[1024];
    private byte[] lengths = new byte[1024];
    private long[] highs = new long[1024];
    private long[] lows = new long[1024];
    private int[] values = new int[1024];
    private int[] order = new int[1024];
    private final int[] perLength = new int[MAX_LENGTH + 2];
    private final org.agrona.collections.IntArrayList nextHopDeletes = new org.agrona.collections.IntArrayList();

    /** The resync in progress, if {@link #resyncing}: its epoch and generation (the mark it stamps). */
    private boolean resyncing;
    private long resyncEpoch;
    private int generation;
    private final RouteMarks marks4 = new RouteMarks(false);
    private final RouteMarks marks6 = new RouteMarks(true);
    /** Per next-hop index, the generation of the last resync that set it. */
    private final int[] nextHopMarks;
    private final Ip4Dir24.RuleConsumer sweep4 = this::sweep4;
    private final Ip6Mtrie.RuleConsumer sweep6 = this::sweep6;

    public FibWriter(final Fib fib, final WorkerCounters counters)
    {
        this(fib, counters, null);
    }

    /**
     * @param latency where the UPDATE-to-FIB latency of batches with an origin goes, or null.
     */
    public FibWriter(final Fib fib, final WorkerCounters counters, final FibApplyLatency latency)
    {
        this.fib = fib;
        this.nextHops = fib.nextHops();
        this.counters = counters;
        this.latency = latency;
        this.nextHopMarks = new int[nextHops.capacity()];
    }

    @Override
    public void batchOrigin(final long receivedNs)
    {
        batchOriginNs = receivedNs;
    }

    private boolean validNextHop(final int index)
    {
        if (index < 0 || index >= nextHops.capacity())
        {
            counters.dp(WorkerCounters.FIB_UPDATE_ERRORS, 1);
            System.err.println("junction: FIB update with next-hop index " + index + " outside 0.." + (nextHops.capacity() - 1));
            return false;
        }
        return true;
    }

    private boolean knownNextHop(final int index)
    {
        if (!validNextHop(index))
        {
            return false;
        }
        if (nextHops.kind(index) == NextHopTable.NONE)
        {
            counters.dp(WorkerCounters.FIB_UPDATE_ERRORS, 1);
            System.err.println("junction: FIB route refers to next hop " + index + ", which was never set");
            return false;
        }
        return true;
    }

    @Override
    public void nextHopSet(final int index, final NextHop nextHop)
    {
        if (!validNextHop(index))
        {
            return;
        }
        switch (nextHop)
        {
            case NextHop.Gateway4 g -> nextHops.set(index, NextHopTable.GATEWAY4, g.portId(), g.gateway(), 0, 0);
            case NextHop.Gateway6 g ->
                nextHops.set(index, NextHopTable.GATEWAY6, g.portId(), 0, g.gateway().high(), g.gateway().low());
            case NextHop.Direct d -> nextHops.set(index, NextHopTable.DIRECT, d.portId(), 0, 0, 0);
            case NextHop.Local l -> nextHops.set(index, NextHopTable.LOCAL, 0, 0, 0, 0);
            case NextHop.Blackhole b -> nextHops.set(index, NextHopTable.BLACKHOLE, 0, 0, 0, 0);
        }
        if (resyncing)
        {
            nextHopMarks[index] = generation;
        }
        updates++;
    }

    @Override
    public void nextHopGroupSet(final int index, final int[] members, final int count)
    {
        if (!validNextHop(index))
        {
            return;
        }
        if (count < 2 || count > NextHopTable.MAX_GROUP_MEMBERS)
        {
            counters.dp(WorkerCounters.FIB_UPDATE_ERRORS, 1);
            System.err.println("junction: FIB ECMP group " + index + " has " + count + " members");
            return;
        }
        for (int i = 0; i < count; i++)
        {
            if (!knownNextHop(members[i]))
            {
                return;
            }
            final int kind = nextHops.kind(members[i]);
            if (kind != NextHopTable.GATEWAY4 && kind != NextHopTable.GATEWAY6 && kind != NextHopTable.DIRECT)
            {
                counters.dp(WorkerCounters.FIB_UPDATE_ERRORS, 1);
                System.err.println("junction: FIB ECMP group " + index + " member " + members[i] + " does not forward");
                return;
            }
        }
        nextHops.setGroup(index, members, count);
        if (resyncing)
        {
            markNextHop(index);
        }
        updates++;
    }

    @Override
    public void nextHopDelete(final int index)
    {
        nextHopDeletes.addInt(index);
    }

    @Override
    public void route4Set(final int address, final int length, final int nextHopIndex)
    {
        hold(ROUTE4_SET, address, 0, length, nextHopIndex);
    }

    @Override
    public void route4Delete(final int address, final int length)
    {
        hold(ROUTE4_DELETE, address, 0, length, 0);
    }

    @Override
    public void route6Set(final long high, final long low, final int length, final int nextHopIndex)
    {
        hold(ROUTE6_SET, high, low, length, nextHopIndex);
    }

    @Override
    public void route6Delete(final long high, final long low, final int length)
    {
        hold(ROUTE6_DELETE, high, low, length, 0);
    }

    private void hold(final int kind, final long high, final long low, final int length, final int value)
    {
        if (pending == kinds.length)
        {
            final int capacity = pending * 2;
            kinds = java.util.Arrays.copyOf(kinds, capacity);
            lengths = java.util.Arrays.copyOf(lengths, capacity);
            highs = java.util.Arrays.copyOf(highs, capacity);
            lows = java.util.Arrays.copyOf(lows, capacity);
            values = java.util.Arrays.copyOf(values, capacity);
            order = new int[capacity];
        }
        kinds[pending] = (byte)kind;
        lengths[pending] = (byte)length;
        highs[pending] = high;
        lows[pending] = low;
        values[pending] = value;
        pending++;
    }

    @Override
    public void commit()
    {
        applyHeld();
        for (int i = 0; i < nextHopDeletes.size(); i++)
        {
            final int index = nextHopDeletes.getInt(i);
            if (validNextHop(index))
            {
                nextHops.clear(index);
                updates++;
            }
        }
        nextHopDeletes.clear();
        counters.dp(WorkerCounters.FIB_UPDATES_APPLIED, updates);
        counters.dp(WorkerCounters.FIB_BATCHES_APPLIED, 1);
        reportedRoutes4 = gauge(WorkerCounters.FIB_ROUTES4, fib.routeCount4(), reportedRoutes4);
        reportedRoutes6 = gauge(WorkerCounters.FIB_ROUTES6, fib.routeCount6(), reportedRoutes6);
        reportedBytes4 = gauge(WorkerCounters.FIB_BYTES4, fib.footprintBytes4(), reportedBytes4);
        reportedBytes6 = gauge(WorkerCounters.FIB_BYTES6, fib.footprintBytes6(), reportedBytes6);
        updates = 0;
        if (NO_ORIGIN != batchOriginNs)
        {
            // The batch's changes are in the tables the workers read: this is the applied end.
            if (null != latency)
            {
                latency.record(System.nanoTime() - batchOriginNs);
            }
            batchOriginNs = NO_ORIGIN;
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * Applies the route changes held so far first: they came before the epoch and are not its marks.
     * A begin whose epoch is not above the last one begun (unsigned) is refused and counted (the
     * decoder refuses it before it gets here; this guards direct callers).
     */
    @Override
    public void resyncBegin(final long epoch)
    {
        if (Long.compareUnsigned(epoch, resyncEpoch) <= 0)
        {
            refuseResync("begin of stale epoch " + Long.toUnsignedString(epoch) + " after " +
                Long.toUnsignedString(resyncEpoch));
            return;
        }
        applyHeld();
        resyncing = true;
        counters.dp(WorkerCounters.FIB_EPOCH, epoch - resyncEpoch); // a gauge: the epoch itself
        resyncEpoch = epoch;
        generation++;
        marks4.reset(fib.routeCount4());
        marks6.reset(fib.routeCount6());
        counters.dp(WorkerCounters.FIB_RESYNCS_STARTED, 1);
    }

    /**
     * {@inheritDoc}
     * <p>
     * Applies the route changes held so far (the last of the epoch's, so they are marked), then sweeps:
     * every route the epoch did not mark is deleted as in an ordinary batch, then every next hop it did
     * not mark is cleared. The following {@link #commit()} counts the batch. An end with no resync in
     * progress or of another epoch is refused and counted, and changes nothing.
     */
    @Override
    public void resyncEnd(final long epoch)
    {
        if (!resyncing || epoch != resyncEpoch)
        {
            refuseResync("end of epoch " + Long.toUnsignedString(epoch) +
                (resyncing ? " during the resync of " + Long.toUnsignedString(resyncEpoch) : " without a resync"));
            return;
        }
        applyHeld();

        fib.ip4().forEachRule(sweep4);
        fib.ip6().forEachRule(sweep6);
        final int sweptRoutes = pending;
        applyHeld();

        long sweptNextHops = 0;
        final int capacity = nextHops.capacity();
        for (int index = 0; index < capacity; index++)
        {
            if (NextHopTable.NONE != nextHops.kind(index) && nextHopMarks[index] != generation)
            {
                nextHops.clear(index);
                sweptNextHops++;
                updates++;
            }
        }

        resyncing = false;
        marks4.release();
        marks6.release();
        counters.dp(WorkerCounters.FIB_RESYNCS_ENDED, 1);
        counters.dp(WorkerCounters.FIB_RESYNC_SWEPT_ROUTES, sweptRoutes);
        counters.dp(WorkerCounters.FIB_RESYNC_SWEPT_NEXT_HOPS, sweptNextHops);
    }

    /**
     * @return true between an accepted {@link #resyncBegin} and its {@link #resyncEnd}.
     */
    public boolean resyncing()
    {
        return resyncing;
    }

    /**
     * @return the epoch of the last accepted {@link #resyncBegin}, 0 before any.
     */
    public long epoch()
    {
        return resyncEpoch;
    }

    /**
     * @return bytes the route marks hold now (only during a resync more than a few hundred).
     */
    public long marksFootprintBytes()
    {
        return marks4.footprintBytes() + marks6.footprintBytes() + 4L * nextHopMarks.length;
    }

    private void refuseResync(final String reason)
    {
        counters.dp(WorkerCounters.FIB_RESYNC_REFUSED, 1);
        System.err.println("junction: FIB resync message refused: " + reason);
    }

    private void sweep4(final int address, final int length, final int value)
    {
        if (!marks4.contains(address & 0xFFFF_FFFFL, 0, length))
        {
            hold(ROUTE4_DELETE, address, 0, length, 0);
        }
    }

    private void sweep6(final long high, final long low, final int length, final int value)
    {
        if (!marks6.contains(high, low, length))
        {
            hold(ROUTE6_DELETE, high, low, length, 0);
        }
    }

    /**
     * Mark a next hop the epoch uses, and for a group its members, which the group's set checked
     * are set.
     */
    private void markNextHop(final int index)
    {
        nextHopMarks[index] = generation;
        if (NextHopTable.GROUP == nextHops.kind(index))
        {
            final int count = nextHops.groupCount(index);
            for (int i = 0; i < count; i++)
            {
                nextHopMarks[nextHops.groupMember(index, i)] = generation;
            }
        }
    }

    /** Applies the held route changes, shortest prefix first, and forgets them. */
    private void applyHeld()
    {
        // Counting sort by prefix length, stable: arrival order is kept within a length.
        java.util.Arrays.fill(perLength, 0);
        for (int i = 0; i < pending; i++)
        {
            perLength[(lengths[i] & 0xFF) + 1]++;
        }
        for (int length = 1; length < perLength.length; length++)
        {
            perLength[length] += perLength[length - 1];
        }
        for (int i = 0; i < pending; i++)
        {
            order[perLength[lengths[i] & 0xFF]++] = i;
        }
        for (int k = 0; k < pending; k++)
        {
            apply(order[k]);
        }
        pending = 0;
    }

    private void apply(final int i)
    {
        final int length = lengths[i] & 0xFF;
        switch (kinds[i])
        {
            case ROUTE4_SET ->
            {
                if (knownNextHop(values[i]))
                {
                    fib.ip4().put((int)highs[i], length, values[i]);
                    if (resyncing)
                    {
                        marks4.add(highs[i] & 0xFFFF_FFFFL, 0, length);
                        markNextHop(values[i]);
                    }
                    updates++;
                }
            }
            case ROUTE4_DELETE ->
            {
                fib.ip4().remove((int)highs[i], length);
                updates++;
            }
            case ROUTE6_SET ->
            {
                if (knownNextHop(values[i]))
                {
                    fib.ip6().put(highs[i], lows[i], length, values[i]);
                    if (resyncing)
                    {
                        marks6.add(highs[i], lows[i], length);
                        markNextHop(values[i]);
                    }
                    updates++;
                }
            }
            default ->
            {
                fib.ip6().remove(highs[i], lows[i], length);
                updates++;
            }
        }
    }

    /**
     * Sets a gauge in the counters (kept as the sum of what is added to it): adds the difference from the
     * value reported last.
     *
     * @return the value now, to pass as {@code reported} next time.
     */
    private long gauge(final int counter, final long now, final long reported)
    {
        counters.dp(counter, now - reported);
        return now;
    }
}
