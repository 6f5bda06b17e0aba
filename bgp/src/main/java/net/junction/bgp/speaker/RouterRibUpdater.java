/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.speaker;

import net.junction.bgp.rib.LocRibListener;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.fib.FibUpdates;
import net.junction.routing.rib.Rib;
import net.junction.routing.rib.RouteSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Puts the Loc-RIB's choices into the router's RIB: an eBGP-learned best path as an
 * {@link RouteSource#EBGP} route, an iBGP-learned one as {@link RouteSource#IBGP}, through its next
 * hops resolved recursively by the RIB (several next hops: an ECMP route), with the MED as the
 * metric. A prefix holds at most one BGP route in the RIB: setting one source's route removes the
 * other's. Changes are held until {@link #flush()} and applied as one RIB batch (one FIB commit);
 * with {@link #deferTo} the batch waits for the event loop's next turn instead, so the UPDATEs of
 * one socket read (hundreds during a full table) make one batch rather than one each.
 * <p>
 * Not thread safe: the speaker's event-loop thread, which owns the RIB while the speaker runs.
 */
public final class RouterRibUpdater implements LocRibListener
{
    private record Change(IpPrefix prefix, boolean external, List<IpAddress> nextHops, int metric)
    {
    }

    private final Rib rib;
    /** Past this many held changes a deferred flush applies at once (bounds the memory held). */
    static final int MAX_DEFERRED = 65_536;

    private final List<Change> pending = new ArrayList<>();
    private Executor deferral;
    private LongConsumer batchOrigin;
    private LongSupplier receiveClock;
    private long firstReceivedNs;
    private boolean scheduled;
    private long changesApplied;
    private long batches;

    /**
     * @param rib the router's RIB; this updater is its only writer of BGP routes.
     */
    public RouterRibUpdater(final Rib rib)
    {
        this.rib = Objects.requireNonNull(rib, "rib");
    }

    @Override
    public void bestChanged(final IpPrefix prefix, final boolean external, final List<IpAddress> nextHops, final long med)
    {
        if (pending.isEmpty() && null != batchOrigin)
        {
            firstReceivedNs = receiveClock.getAsLong();
        }
        pending.add(new Change(prefix, external, List.copyOf(nextHops), (int)Math.min(Math.max(med, 0), Integer.MAX_VALUE)));
    }

    /**
     * Apply flushed changes on the event loop's next turn rather than at once.
     *
     * @param loop runs a task after the current turn's I/O (the speaker's event loop).
     */
    public void deferTo(final Executor loop)
    {
        this.deferral = loop;
    }

    /**
     * Stamp every RIB batch of BGP changes with the receive time of its earliest change, for the
     * UPDATE-to-FIB latency ({@code FibUpdates.batchOrigin}).
     *
     * @param batchOrigin  told the stamp before each batch and {@link FibUpdates#NO_ORIGIN} after it.
     * @param receiveClock when the input being handled arrived (the event loop's turn clock).
     */
    public void stampBatches(final LongConsumer batchOrigin, final LongSupplier receiveClock)
    {
        this.batchOrigin = Objects.requireNonNull(batchOrigin, "batchOrigin");
        this.receiveClock = Objects.requireNonNull(receiveClock, "receiveClock");
    }

    @Override
    public void flush()
    {
        if (null == deferral || pending.size() >= MAX_DEFERRED)
        {
            apply();
        }
        else if (!scheduled && !pending.isEmpty())
        {
            scheduled = true;
            deferral.execute(this::apply);
        }
    }

    private void apply()
    {
        scheduled = false;
        if (pending.isEmpty())
        {
            return;
        }
        if (null != batchOrigin)
        {
            batchOrigin.accept(firstReceivedNs);
        }
        try
        {
            rib.batch(() ->
            {
                for (final Change change : pending)
                {
                    apply(change);
                }
            });
            changesApplied += pending.size();
            batches++;
        }
        finally
        {
            pending.clear();
            if (null != batchOrigin)
            {
                batchOrigin.accept(FibUpdates.NO_ORIGIN); // a batch that changed nothing in the FIB sent no commit
            }
        }
    }

    private void apply(final Change change)
    {
        if (change.nextHops().isEmpty())
        {
            rib.removeRoute(RouteSource.EBGP, change.prefix());
            rib.removeRoute(RouteSource.IBGP, change.prefix());
            return;
        }
        final RouteSource source = change.external() ? RouteSource.EBGP : RouteSource.IBGP;
        rib.addRouteVia(source, change.prefix(), change.nextHops(), source.distance(), change.metric());
        rib.removeRoute(change.external() ? RouteSource.IBGP : RouteSource.EBGP, change.prefix());
    }

    /**
     * @return best-path changes applied to the RIB so far.
     */
    public long changesApplied()
    {
        return changesApplied;
    }

    /**
     * @return RIB batches (FIB commits) sent so far.
     */
    public long batches()
    {
        return batches;
    }
}
