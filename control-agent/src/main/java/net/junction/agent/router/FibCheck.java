/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import net.junction.dataplane.Dataplane;
import net.junction.dataplane.fib.FibSnapshot;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
import net.junction.routing.rib.Rib;

/**
 * Does the data plane forward on what the RIB installed? The FIB read back through the reverse stream
 * ({@link DataplaneControl#fibSnapshot}) against the RIB's installed routes ({@link Rib#forEachInstalled}):
 * routes the RIB installed and the FIB lacks are <em>missing</em>, routes the FIB holds and the RIB does not are
 * <em>stale</em> (an earlier control plane's, not swept), and a prefix both hold with other next hops is
 * <em>differing</em>. A control plane that took a data plane over runs it once the FIB resync ended
 * ({@link #afterResync}); tests call {@link #compare} on what they read.
 */
public final class FibCheck
{
    /** How many routes of each kind a result names. */
    public static final int EXAMPLES = 3;

    private FibCheck()
    {
    }

    /**
     * What a check found.
     *
     * @param epoch     the FIB's epoch when it was read.
     * @param fib4      IPv4 routes the FIB holds.
     * @param fib6      IPv6 routes the FIB holds.
     * @param installed routes the RIB installed.
     * @param missing   installed, not in the FIB.
     * @param stale     in the FIB, not installed.
     * @param differing in both, with other next hops.
     * @param examples  up to {@link #EXAMPLES} of each kind, as {@code "missing 198.18.1.0/24 via ..."}.
     */
    public record Result(long epoch, long fib4, long fib6, long installed, long missing, long stale, long differing,
        List<String> examples)
    {
        /** @return true when the FIB holds exactly the installed routes. */
        public boolean clean()
        {
            return 0 == missing && 0 == stale && 0 == differing;
        }

        /** @return {@code "0 missing, 0 stale"}, with the differing ones and the examples when there are. */
        public String summary()
        {
            return missing + " missing, " + stale + " stale" + (0 == differing ? "" : ", " + differing + " differing") +
                (examples.isEmpty() ? "" : " (" + String.join("; ", examples) + ")");
        }
    }

    /**
     * The RIB's installed routes, in the form the FIB is read back in. On the RIB's owner thread.
     *
     * @param rib the RIB.
     * @return its installed routes and their next hops.
     */
    public static FibSnapshot installed(final Rib rib)
    {
        final FibSnapshot.Builder copy = new FibSnapshot.Builder(rib.installedCount4(), rib.installedCount6(), 0, false, 0);
        rib.forEachInstalled(copy::add);
        return copy.build();
    }

    /**
     * Compare what the data plane holds with what the RIB installed.
     *
     * @param fib       the data plane's FIB, read back.
     * @param installed the RIB's installed routes ({@link #installed}).
     * @return the counts and a few examples.
     */
    public static Result compare(final FibSnapshot fib, final FibSnapshot installed)
    {
        final Map<IpPrefix, List<NextHop>> held = new HashMap<>(Math.max(16, fib.size() * 4 / 3 + 1));
        for (int r = 0; r < fib.size(); r++)
        {
            held.put(fib.prefix(r), fib.nextHops(r));
        }
        final List<String> missingExamples = new ArrayList<>();
        final List<String> differingExamples = new ArrayList<>();
        long missing = 0;
        long differing = 0;
        long found = 0;
        for (int r = 0; r < installed.size(); r++)
        {
            final IpPrefix prefix = installed.prefix(r);
            final List<NextHop> want = installed.nextHops(r);
            final List<NextHop> have = held.get(prefix);
            if (null == have)
            {
                missing++;
                example(missingExamples, "missing " + prefix + " via " + want);
                continue;
            }
            found++;
            held.remove(prefix);
            if (!new HashSet<>(have).equals(new HashSet<>(want)))
            {
                differing++;
                example(differingExamples, prefix + " via " + have + " in the FIB, " + want + " in the RIB");
            }
        }
        final List<String> examples = new ArrayList<>(missingExamples);
        final long stale = fib.size() - found;
        held.entrySet().stream().limit(EXAMPLES).forEach(e -> examples.add("stale " + e.getKey() + " via " + e.getValue()));
        examples.addAll(differingExamples);
        return new Result(fib.epoch(), fib.routes4(), fib.routes6(), installed.size(), missing, stale, differing,
            List.copyOf(examples));
    }

    private static void example(final List<String> examples, final String example)
    {
        if (examples.size() < EXAMPLES)
        {
            examples.add(example);
        }
    }

    /**
     * Check once the data plane ended the resync of {@code epoch}: wait for it (polling its epoch), then compare.
     * Changes the RIB sends meanwhile may be on their way to the FIB, so a check that finds differences reads
     * both again, up to three times a second apart; the last result is the answer.
     *
     * @param dataplane the data plane.
     * @param epoch     the resync's epoch.
     * @param installed reads the RIB's installed routes on its owner ({@link #installed}).
     * @param stopping  true once the control plane stops: the check gives up.
     * @param timeout   longest wait for the resync's end.
     * @return what it found, or null when it gave up.
     */
    public static Result afterResync(final DataplaneControl dataplane, final long epoch, final Supplier<FibSnapshot> installed,
        final BooleanSupplier stopping, final Duration timeout)
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        Result result = null;
        int attempts = 0;
        while (!stopping.getAsBoolean() && System.nanoTime() - deadlineNs < 0)
        {
            if (Long.compareUnsigned(dataplane.fibEpoch(), epoch) >= 0)
            {
                final FibSnapshot fib = dataplane.fibSnapshot();
                if (!fib.resyncing())
                {
                    result = compare(fib, installed.get());
                    if (result.clean() || ++attempts == 3)
                    {
                        return result;
                    }
                }
            }
            try
            {
                Thread.sleep(null == result ? 250 : 1_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return result;
            }
        }
        return result;
    }

    /**
     * What a data plane kept, in a line: routes per family and their epoch, neighbors by state, ports with their
     * link up.
     *
     * @param routes4   its IPv4 routes.
     * @param routes6   its IPv6 routes.
     * @param epoch     the epoch of its last resync.
     * @param neighbors its neighbor entries.
     * @param ports     its ports.
     * @return the line, without a prefix.
     */
    public static String kept(final long routes4, final long routes6, final long epoch,
        final List<Dataplane.NeighborEntry> neighbors, final List<DataplaneControl.PortState> ports)
    {
        final Map<String, Integer> byState = new java.util.TreeMap<>();
        long ip4 = 0;
        for (final Dataplane.NeighborEntry n : neighbors)
        {
            byState.merge(n.state(), 1, Integer::sum);
            ip4 += n.address() instanceof net.junction.routing.Ip4Address ? 1 : 0;
        }
        final List<String> up = new ArrayList<>();
        for (final DataplaneControl.PortState p : ports)
        {
            if (p.counters().linkUp())
            {
                up.add(p.port().name());
            }
        }
        return routes4 + " IPv4 and " + routes6 + " IPv6 routes (epoch " + epoch + "), " +
            neighbors.size() + " neighbors (" + ip4 + " ARP, " + (neighbors.size() - ip4) + " ND" +
            (byState.isEmpty() ? "" : "; " + byState.toString().replaceAll("[{}]", "")) + "), " + up.size() + " of " +
            ports.size() + " ports up" + (up.isEmpty() ? "" : " (" + String.join(", ", up) + ")");
    }
}
