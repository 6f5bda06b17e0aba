/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import net.junction.agent.commit.CommitRecord;
import net.junction.agent.commit.ConfigApplier;
import net.junction.agent.commit.RestartRules;
import net.junction.agent.config.JunctionConfig;
import net.junction.agent.config.PortConfig;
import net.junction.agent.config.StaticNeighbor;
import net.junction.agent.config.StaticRoute;
import net.junction.agent.config.diff.ConfigDiff;
import net.junction.agent.journal.JournalFormatException;
import net.junction.agent.journal.JournalWriter;
import net.junction.agent.journal.RouteJournal;
import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.rib.Path;
import net.junction.bgp.rib.RouteExplanation;
import net.junction.bgp.rpki.ValidationState;
import net.junction.bgp.speaker.BgpControl;
import net.junction.bgp.speaker.NeighborStatus;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.dataplane.Dataplane;
import net.junction.dataplane.DataplaneSpec;
import net.junction.dataplane.copp.CoppPolicy;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.Ip4;
import net.junction.routing.Ip4Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
import net.junction.routing.rib.Rib;
import net.junction.routing.rib.RibRoute;
import net.junction.routing.rib.RouteSource;

/**
 * The router that {@code junction run} starts, as the API sees it ({@link RunningRouter}) and as a
 * commit changes it ({@link ConfigApplier}).
 *
 * <h2>Live apply</h2>
 * A commit is turned into steps against what runs now (never clear and reload), each with its undo:
 * <ol>
 *   <li>ports' MTU: the device ({@code rte_eth_dev_set_mtu}) and its TAP, then every worker through
 *       its command queue;</li>
 *   <li>ports' addresses in the data plane: the TAP's kernel side, ARP/ND answers and ICMP sources;</li>
 *   <li>static neighbors added, changed, removed, one step each;</li>
 *   <li>control-plane policing ({@code copp} rates, the BGP neighbors' addresses), every worker through its
 *       command queue;</li>
 *   <li>the RIB, in one batch on its owner's thread (so one FIB commit): the ports' connected and
 *       local routes, static routes (also those of {@code routes-file}) added, changed in place,
 *       removed;</li>
 *   <li>the BGP speaker, {@link BgpControl#reconfigure}, when the {@code bgp} section changed: last,
 *       because undoing it could reset sessions, and it is all or nothing itself.</li>
 * </ol>
 * Checks that need nothing changed run before the first step (what needs a restart, networks
 * connected on two ports). When a step fails, the steps made are undone in reverse and the
 * refusal names the field ({@code ports[1].mtu: device ... refused MTU 9000}); the router is then
 * as it was: routes, addresses, MTU, neighbors and the BGP configuration.
 *
 * <h2>Threads</h2>
 * Applies are serialised (one commit at a time; the lifecycle serialises them too). The RIB is
 * read and changed only by bounded commands to its owner ({@link RibOwner}: the BGP speaker's
 * event loop with BGP, a thread of its own without); the BGP speaker only through
 * {@link BgpControl}; the data plane through {@link DataplaneControl}, whose changes reach the
 * workers through their command queues. No API call runs on a data-plane thread.
 *
 * <h2>Route journal</h2>
 * With a state directory ({@link #journalIn}) and {@code journal.enabled} (the default), {@link #start}
 * opens the {@link RouteJournal} in {@code STATE/journal} and a {@link JournalWriter} thread, installs it as
 * the BGP speaker's {@link net.junction.bgp.rib.BestPathHook} (every Loc-RIB change with its cause, after
 * the table as it is), and hands it every session state change; a commit is journaled, with its number,
 * author and message, once its checks have passed and before its first step, and the speaker hears its
 * number so the route changes it makes name it. {@link #journal()} gives the journal to queries;
 * {@link #close} removes the hook and closes the journal.
 */
public final class LiveRouter implements RunningRouter, ConfigApplier, AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(LiveRouter.class.getName());
    /** What the BGP speaker names the origin of a network this router originates ({@code BgpRib.Selected.peer}). */
    private static final String LOCAL_PEER = "local";
    /** Route-change summaries are published at most this often. */
    public static final long SUMMARY_PERIOD_MS = 1_000;
    /** A worker's busy ratio is over at least this much of its recent past. */
    static final long BUSY_WINDOW_NS = 1_000_000_000L;
    private static final String CURSOR_TAG = "r1";
    /**
     * How long a commit's RIB batch may wait for the RIB's owner to take it: the BGP event loop
     * may be busy with a full table; a batch not started by then is refused (and never runs).
     */
    static final long APPLY_TIMEOUT_MS = 30_000;

    private final String version;
    private final DataplaneControl dataplane;
    private final RibOwner rib;
    private final Optional<BgpControl> bgp;
    private final RouterEvents events;
    private final InstantSource clock;
    private final long startedNs = System.nanoTime();
    private volatile JunctionConfig running;
    private AutoCloseable stateListener;
    private ScheduledExecutorService summaryTimer;
    private Rib.InstalledChanges lastSummary;
    /** Guards the busy-ratio baseline; not the apply lock, so reads never wait for a commit. */
    private final Object busyLock = new Object();
    private final Object summaryLock = new Object();
    private List<Dataplane.WorkerSample> busyBaseline;
    private long busyBaselineNs;
    /** Where the journal goes: {@code STATE}, its folder {@code STATE/journal}; null: no journal. */
    private java.nio.file.Path stateDirectory;
    private volatile JournalWriter journalWriter;
    /** Why there is no journal (null while there is one), for the status. */
    private volatile String journalOff;
    /** The last FIB check after a takeover: {@link #fibCheckFrom}. */
    private volatile java.util.function.Supplier<FibCheckView> fibCheck = () -> null;

    /**
     * @param config    what runs now (the commit {@code junction run} started from).
     * @param version   Junction's version, for status.
     * @param dataplane the running data plane.
     * @param rib       the owner of the router RIB.
     * @param bgp       the BGP speaker, when the config has a {@code bgp} section.
     * @param events    where events go.
     * @param clock     event times.
     */
    public LiveRouter(
        final JunctionConfig config, final String version, final DataplaneControl dataplane, final RibOwner rib,
        final Optional<BgpControl> bgp, final RouterEvents events, final InstantSource clock)
    {
        this.running = Objects.requireNonNull(config, "config");
        this.version = Objects.requireNonNull(version, "version");
        this.dataplane = Objects.requireNonNull(dataplane, "dataplane");
        this.rib = Objects.requireNonNull(rib, "rib");
        this.bgp = Objects.requireNonNull(bgp, "bgp");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Keep the route journal in this state directory (in {@code journal/}) when the configuration enables it.
     * Call before {@link #start}.
     *
     * @param directory the state directory ({@code junction run}'s, where commits are kept).
     * @return this.
     */
    public LiveRouter journalIn(final java.nio.file.Path directory)
    {
        if (null != summaryTimer)
        {
            throw new IllegalStateException("journalIn must be called before start");
        }
        this.stateDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /**
     * Opens the route journal (see {@link #journalIn}), publishes session changes from now on, and
     * route-change summaries once a second.
     *
     * @return this.
     */
    public LiveRouter start()
    {
        lastSummary = rib.call(Rib::installedChanges);
        openJournal();
        bgp.ifPresent(b -> stateListener = b.addStateListener(new BgpControl.StateListener()
        {
            @Override
            public void stateChanged(final String neighbor, final String from, final String to, final String reason)
            {
                stateChanged(neighbor, addressOf(neighbor), from, to, reason);
            }

            @Override
            public void stateChanged(final String neighbor, final IpAddress address, final String from, final String to,
                final String reason)
            {
                events.publish(new RouterEvents.SessionChanged(clock.instant(), neighbor, from, to, reason));
                final JournalWriter writer = journalWriter;
                if (null != writer && null != address)
                {
                    writer.session(address, from, to, reason);
                }
            }
        }));
        summaryTimer = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread thread = new Thread(r, "junction-route-summary");
            thread.setDaemon(true);
            return thread;
        });
        summaryTimer.scheduleWithFixedDelay(this::publishRouteSummaryQuietly, SUMMARY_PERIOD_MS, SUMMARY_PERIOD_MS,
            TimeUnit.MILLISECONDS);
        return this;
    }

    /** @return the configuration that runs now. */
    public JunctionConfig runningConfig()
    {
        return running;
    }

    // ============================================================================ route journal

    /** The journal, if enabled and a state directory was given; the router runs without it if it cannot open. */
    private void openJournal()
    {
        if (null == stateDirectory)
        {
            journalOff = "no state directory";
            return;
        }
        if (!running.journal().enabled())
        {
            journalOff = "turned off in the config (journal: {enabled: false})";
            return;
        }
        final RouteJournal journal;
        try
        {
            journal = RouteJournal.open(stateDirectory, running.journal().configuration(), this::nowNs);
        }
        catch (final JournalFormatException ex)
        {
            journalOff = ex.getMessage();
            LOG.log(System.Logger.Level.ERROR, "running without the route journal: " + ex.getMessage());
            return;
        }
        catch (final java.io.IOException | RuntimeException ex)
        {
            journalOff = "the journal in " + stateDirectory.resolve(RouteJournal.DIRECTORY) + " cannot be opened: " +
                ex.getMessage();
            LOG.log(System.Logger.Level.ERROR, "the route journal in " + stateDirectory.resolve(RouteJournal.DIRECTORY) +
                " cannot be opened; running without it: " + ex.getMessage(), ex);
            return;
        }
        final JournalWriter writer = JournalWriter.start(journal, this::nowNs,
            bgp.<Runnable>map(b -> b::requestBestPathTable).orElse(null));
        journalWriter = writer;
        if (bgp.isPresent())
        {
            try
            {
                bgp.get().bestPathHook(writer); // hands over the table as it is, then every change
            }
            catch (final RuntimeException ex)
            {
                LOG.log(System.Logger.Level.ERROR, "the route journal gets no BGP route changes: " + ex.getMessage(), ex);
            }
        }
    }

    private long nowNs()
    {
        final Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** A configured BGP neighbor's address, for a listener that was not told it. */
    private IpAddress addressOf(final String neighbor)
    {
        return running.bgp().flatMap(b -> b.neighbors().stream().filter(p -> p.name().equals(neighbor)).findFirst())
            .map(PeerConfig::remoteAddress).orElse(null);
    }

    /**
     * @return the route journal, while it is open: queries on it run on any thread, and see what the
     *     journal thread has appended (records follow the events by a few milliseconds).
     */
    @Override
    public Optional<RouteJournal> journal()
    {
        return Optional.ofNullable(journalWriter).map(JournalWriter::journal);
    }

    /**
     * @return what the journal writer has done: records appended, dropped (a full queue, or refused: never
     *     silent), queued now; empty without a journal.
     */
    @Override
    public Optional<JournalWriter.Counters> journalCounters()
    {
        return Optional.ofNullable(journalWriter).map(JournalWriter::counters);
    }

    /**
     * Waits until the journal holds every record handed to it so far (for tests and tools).
     *
     * @param timeoutMs the longest wait.
     * @return whether it does; true without a journal.
     */
    public boolean awaitJournal(final long timeoutMs)
    {
        final JournalWriter writer = journalWriter;
        return null == writer || writer.awaitWritten(timeoutMs);
    }

    // ======================================================================================= apply

    /** One change to the running router and how to take it back. */
    private record Step(String field, Runnable change, Runnable undo)
    {
    }

    @Override
    public synchronized void apply(final Optional<JunctionConfig> from, final JunctionConfig to, final ConfigDiff diff)
    {
        apply(Optional.empty(), to);
    }

    /**
     * {@link #apply(Optional, JunctionConfig, ConfigDiff)} for a commit: the journal records it (number,
     * author, message) once the checks have passed and before the first step, and the BGP speaker's route
     * changes name its number.
     */
    @Override
    public synchronized void apply(
        final CommitRecord commit, final Optional<JunctionConfig> from, final JunctionConfig to, final ConfigDiff diff)
    {
        apply(Optional.of(commit), to);
    }

    private void apply(final Optional<CommitRecord> commit, final JunctionConfig to)
    {
        final JunctionConfig now = running;
        final List<String> restart = RestartRules.check(now, to);
        if (!restart.isEmpty())
        {
            throw new IllegalArgumentException(String.join("; ", restart));
        }
        final long number = commit.map(CommitRecord::number).orElse(0L);
        final List<Step> steps = plan(now, to, number); // every check that needs nothing changed throws here
        final JournalWriter writer = journalWriter;
        if (null != writer && commit.isPresent() && !steps.isEmpty())
        {
            writer.commit(number, commit.get().author(), commit.get().message());
        }
        final Deque<Step> made = new ArrayDeque<>();
        for (final Step step : steps)
        {
            try
            {
                step.change().run();
                made.push(step);
            }
            catch (final RuntimeException ex)
            {
                undo(made);
                throw new IllegalStateException(step.field() + ": " + ex.getMessage(), ex);
            }
        }
        running = to;
    }

    private static void undo(final Deque<Step> made)
    {
        while (!made.isEmpty())
        {
            final Step step = made.pop();
            try
            {
                step.undo().run();
            }
            catch (final RuntimeException ex)
            {
                LOG.log(System.Logger.Level.ERROR, "undoing " + step.field() + " failed: " + ex.getMessage(), ex);
            }
        }
    }

    private List<Step> plan(final JunctionConfig now, final JunctionConfig to, final long commit)
    {
        checkConnectedNetworks(to);
        final List<Step> steps = new ArrayList<>();
        // RestartRules guarantees the same ports in the same order.
        for (int i = 0; i < to.ports().size(); i++)
        {
            final int port = i;
            final PortConfig old = now.ports().get(i);
            final PortConfig next = to.ports().get(i);
            if (old.mtu() != next.mtu())
            {
                steps.add(new Step("ports[" + i + "].mtu", () -> dataplane.mtu(port, next.mtu()),
                    () -> dataplane.mtu(port, old.mtu())));
            }
        }
        for (int i = 0; i < to.ports().size(); i++)
        {
            final int port = i;
            final PortConfig old = now.ports().get(i);
            final PortConfig next = to.ports().get(i);
            if (!old.addresses().equals(next.addresses()))
            {
                final DataplaneSpec.Port before = SpecMapping.portSpec(old);
                final DataplaneSpec.Port after = SpecMapping.portSpec(next);
                steps.add(new Step("ports[" + i + "].addresses", () -> dataplane.portAddresses(port, after.ip4(), after.ip6()),
                    () -> dataplane.portAddresses(port, before.ip4(), before.ip6())));
            }
        }
        neighborSteps(now, to, steps);
        // Control-plane policing: the copp rates, and the BGP neighbors' addresses (their port 179 is the bgp class),
        // before the BGP step, so a new neighbor's first SYN is already in its class.
        final CoppPolicy coppBefore = SpecMapping.coppPolicy(now);
        final CoppPolicy coppAfter = SpecMapping.coppPolicy(to);
        if (!coppBefore.equals(coppAfter))
        {
            steps.add(new Step("copp", () -> dataplane.copp(coppAfter), () -> dataplane.copp(coppBefore)));
        }
        final RibChange ribChange = RibChange.between(now, to);
        if (!ribChange.isEmpty())
        {
            steps.add(new Step(ribChange.field(), () -> rib.call(r -> ribChange.apply(r, false), APPLY_TIMEOUT_MS),
                () -> rib.call(r -> ribChange.apply(r, true), APPLY_TIMEOUT_MS)));
        }
        if (!now.bgp().equals(to.bgp()))
        {
            final BgpControl speaker = bgp.orElseThrow(() -> new IllegalStateException("bgp: no BGP speaker runs"));
            final BgpConfig before = now.bgp().orElseThrow();
            final BgpConfig after = to.bgp().orElseThrow();
            steps.add(new Step("bgp", () -> speaker.reconfigure(after, commit), () -> speaker.reconfigure(before, commit)));
        }
        return steps;
    }

    /** A network connected on two ports is refused before anything changes (the RIB would refuse it halfway). */
    private static void checkConnectedNetworks(final JunctionConfig to)
    {
        final Map<IpPrefix, Integer> connectedOn = new HashMap<>();
        for (int i = 0; i < to.ports().size(); i++)
        {
            for (final InterfaceAddress address : to.ports().get(i).addresses())
            {
                final Integer other = connectedOn.putIfAbsent(address.network(), i);
                if (null != other && other != i)
                {
                    throw new IllegalArgumentException("ports[" + i + "].addresses: " + address + ": network " + address.network() +
                        " is connected on port '" + to.ports().get(other).name() + "' already");
                }
            }
        }
    }

    private void neighborSteps(final JunctionConfig now, final JunctionConfig to, final List<Step> steps)
    {
        final Map<String, StaticNeighbor> before = new LinkedHashMap<>();
        now.neighbors().forEach(n -> before.put(neighborKey(n), n));
        final Map<String, StaticNeighbor> after = new LinkedHashMap<>();
        to.neighbors().forEach(n -> after.put(neighborKey(n), n));
        for (final Map.Entry<String, StaticNeighbor> old : before.entrySet())
        {
            if (!after.containsKey(old.getKey()))
            {
                final DataplaneSpec.Neighbor entry = SpecMapping.neighborSpec(now, old.getValue());
                steps.add(new Step("neighbors: removing " + old.getValue().describe(),
                    () -> dataplane.removeStaticNeighbor(entry), () -> dataplane.addStaticNeighbor(entry)));
            }
        }
        for (int j = 0; j < to.neighbors().size(); j++)
        {
            final StaticNeighbor next = to.neighbors().get(j);
            final StaticNeighbor old = before.get(neighborKey(next));
            if (next.equals(old))
            {
                continue;
            }
            final DataplaneSpec.Neighbor entry = SpecMapping.neighborSpec(to, next);
            final DataplaneSpec.Neighbor previous = null == old ? null : SpecMapping.neighborSpec(now, old);
            steps.add(new Step("neighbors[" + j + "]", () -> dataplane.addStaticNeighbor(entry),
                () ->
                {
                    if (null == previous)
                    {
                        dataplane.removeStaticNeighbor(entry);
                    }
                    else
                    {
                        dataplane.addStaticNeighbor(previous); // a changed MAC: the old entry back
                    }
                }));
        }
    }

    private static String neighborKey(final StaticNeighbor neighbor)
    {
        return neighbor.port() + "|" + neighbor.address();
    }

    private record PortAddress(int port, InterfaceAddress address)
    {
    }

    /**
     * What a commit changes in the RIB, applied in one batch on the owner's thread. All or nothing
     * inside the batch too: an operation that throws takes back those before it, in the same batch,
     * so the FIB sees no change at all.
     */
    private record RibChange(
        List<PortAddress> removedAddresses, List<PortAddress> addedAddresses, JunctionConfig now, JunctionConfig to,
        List<StaticRoute> removedRoutes, List<StaticRoute> setRoutes, List<StaticRoute> replacedRoutes)
    {
        static RibChange between(final JunctionConfig now, final JunctionConfig to)
        {
            final List<PortAddress> removed = new ArrayList<>();
            final List<PortAddress> added = new ArrayList<>();
            for (int i = 0; i < to.ports().size(); i++)
            {
                final List<InterfaceAddress> before = now.ports().get(i).addresses();
                final List<InterfaceAddress> after = to.ports().get(i).addresses();
                for (final InterfaceAddress a : before)
                {
                    if (!after.contains(a))
                    {
                        removed.add(new PortAddress(i, a));
                    }
                }
                for (final InterfaceAddress a : after)
                {
                    if (!before.contains(a))
                    {
                        added.add(new PortAddress(i, a));
                    }
                }
            }
            final Map<IpPrefix, StaticRoute> before = new LinkedHashMap<>();
            now.routes().forEach(r -> before.put(r.prefix(), r));
            final Map<IpPrefix, StaticRoute> after = new LinkedHashMap<>();
            to.routes().forEach(r -> after.put(r.prefix(), r));
            final List<StaticRoute> removedRoutes = new ArrayList<>();
            before.forEach((prefix, route) ->
            {
                if (!after.containsKey(prefix))
                {
                    removedRoutes.add(route);
                }
            });
            final List<StaticRoute> set = new ArrayList<>();
            final List<StaticRoute> replaced = new ArrayList<>();
            after.forEach((prefix, route) ->
            {
                final StaticRoute old = before.get(prefix);
                if (!route.equals(old))
                {
                    set.add(route);
                    replaced.add(old); // null for a new one
                }
            });
            return new RibChange(removed, added, now, to, removedRoutes, set, replaced);
        }

        boolean isEmpty()
        {
            return removedAddresses.isEmpty() && addedAddresses.isEmpty() && removedRoutes.isEmpty() && setRoutes.isEmpty();
        }

        String field()
        {
            if (!removedRoutes.isEmpty() || !setRoutes.isEmpty())
            {
                return addedAddresses.isEmpty() && removedAddresses.isEmpty() ? "routes" : "ports[].addresses, routes";
            }
            return "ports[].addresses";
        }

        /**
         * @param reverse false: from {@code now} to {@code to}; true: back.
         * @return nothing.
         */
        Void apply(final Rib rib, final boolean reverse)
        {
            final List<Runnable> undo = new ArrayList<>();
            rib.batch(() ->
            {
                try
                {
                    if (!reverse)
                    {
                        forward(rib, undo);
                    }
                    else
                    {
                        backward(rib, undo);
                    }
                }
                catch (final RuntimeException ex)
                {
                    for (int i = undo.size() - 1; i >= 0; i--)
                    {
                        undo.get(i).run();
                    }
                    throw ex;
                }
            });
            return null;
        }

        private void forward(final Rib rib, final List<Runnable> undo)
        {
            // Addresses first (removed, then added: a network may move between ports), so static
            // routes resolve through the new connected routes at the end of the same batch.
            for (final PortAddress a : removedAddresses)
            {
                rib.removeInterfaceAddress(a.port(), a.address());
                undo.add(() -> rib.addInterfaceAddress(a.port(), a.address()));
            }
            for (final PortAddress a : addedAddresses)
            {
                rib.addInterfaceAddress(a.port(), a.address());
                undo.add(() -> rib.removeInterfaceAddress(a.port(), a.address()));
            }
            for (final StaticRoute route : removedRoutes)
            {
                rib.removeRoute(RouteSource.STATIC, route.prefix());
                undo.add(() -> SpecMapping.setStaticRoute(now, rib, route));
            }
            for (int k = 0; k < setRoutes.size(); k++)
            {
                final StaticRoute route = setRoutes.get(k);
                final StaticRoute old = replacedRoutes.get(k);
                SpecMapping.setStaticRoute(to, rib, route);
                undo.add(() ->
                {
                    if (null == old)
                    {
                        rib.removeRoute(RouteSource.STATIC, route.prefix());
                    }
                    else
                    {
                        SpecMapping.setStaticRoute(now, rib, old);
                    }
                });
            }
        }

        private void backward(final Rib rib, final List<Runnable> undo)
        {
            for (int k = setRoutes.size() - 1; k >= 0; k--)
            {
                final StaticRoute route = setRoutes.get(k);
                final StaticRoute old = replacedRoutes.get(k);
                if (null == old)
                {
                    rib.removeRoute(RouteSource.STATIC, route.prefix());
                    undo.add(() -> SpecMapping.setStaticRoute(to, rib, route));
                }
                else
                {
                    SpecMapping.setStaticRoute(now, rib, old);
                    undo.add(() -> SpecMapping.setStaticRoute(to, rib, route));
                }
            }
            for (final StaticRoute route : removedRoutes)
            {
                SpecMapping.setStaticRoute(now, rib, route);
                undo.add(() -> rib.removeRoute(RouteSource.STATIC, route.prefix()));
            }
            for (final PortAddress a : addedAddresses.reversed())
            {
                rib.removeInterfaceAddress(a.port(), a.address());
                undo.add(() -> rib.addInterfaceAddress(a.port(), a.address()));
            }
            for (final PortAddress a : removedAddresses.reversed())
            {
                rib.addInterfaceAddress(a.port(), a.address());
                undo.add(() -> rib.removeInterfaceAddress(a.port(), a.address()));
            }
        }
    }

    // ======================================================================================= reads

    @Override
    public RouterStatus status()
    {
        final JunctionConfig config = running;
        final long[] counts = rib.call(r -> new long[] {r.installedCount4(), r.installedCount6()});
        final List<NeighborStatus> neighbors = neighbors();
        final int established = (int)neighbors.stream().filter(n -> "established".equals(n.state())).count();
        return new RouterStatus(config.name(), version, (System.nanoTime() - startedNs) / 1_000_000_000L,
            config.cores().size(), config.ports().size(), Map.of("ipv4", counts[0], "ipv6", counts[1]),
            Map.of("ipv4", dataplane.fibRoutes(true), "ipv6", dataplane.fibRoutes(false)),
            config.bgp().map(b -> b.neighbors().size()).orElse(0), established, journalCounters(),
            Optional.ofNullable(journalOff));
    }

    /** Counts the RIB keeps per source: one bounded command, no walk of the table. */
    @Override
    public Map<String, Map<String, Long>> ribRoutesByProtocol()
    {
        return rib.call(r ->
        {
            final Map<String, Map<String, Long>> counts = new java.util.TreeMap<>();
            for (final boolean ipv4 : new boolean[] {true, false})
            {
                final Map<String, Long> bySource = new java.util.TreeMap<>();
                for (final net.junction.routing.rib.RouteSource source : net.junction.routing.rib.RouteSource.values())
                {
                    bySource.put(source.name().toLowerCase(java.util.Locale.ROOT), (long)r.routeCount(ipv4, source));
                }
                counts.put(ipv4 ? "ipv4" : "ipv6", bySource);
            }
            return counts;
        });
    }

    @Override
    public List<InterfaceView> interfaces()
    {
        final JunctionConfig config = running;
        final List<InterfaceView> views = new ArrayList<>();
        for (int i = 0; i < config.ports().size(); i++)
        {
            final PortConfig port = config.ports().get(i);
            final DataplaneSpec.Port runs = dataplane.port(i);
            final Dataplane.PortCounters c = dataplane.portCounters(i);
            views.add(new InterfaceView(port.name(), port.device(), macText(dataplane.mac(i)), runs.mtu(),
                port.addresses().stream().map(Object::toString).toList(), c.linkUp(), c.speedMbps(), c.rxPackets(),
                c.rxBytes(), c.txPackets(), c.txBytes(), c.rxErrors(), c.txErrors(), c.rxMissed(), c.rxMissed() + c.rxErrors()));
        }
        return views;
    }

    @Override
    public CountersView counters()
    {
        synchronized (busyLock)
        {
            return countersLocked();
        }
    }

    private CountersView countersLocked()
    {
        final long nowNs = System.nanoTime();
        final List<Dataplane.WorkerSample> samples = dataplane.workers();
        final List<Dataplane.WorkerSample> base = null == busyBaseline ? List.of() : busyBaseline;
        final List<WorkerView> workers = new ArrayList<>();
        for (int w = 0; w < samples.size(); w++)
        {
            final Dataplane.WorkerSample now = samples.get(w);
            final Dataplane.WorkerSample then = w < base.size() ? base.get(w) : new Dataplane.WorkerSample(now.core(), 0, 0, 0);
            final long cycles = now.dutyCycles() - then.dutyCycles();
            final long busy = now.busyCycles() - then.busyCycles();
            workers.add(new WorkerView(now.core(), cycles <= 0 ? 0.0 : Math.min(1.0, (double)busy / cycles), now.rxPackets()));
        }
        if (null == busyBaseline || nowNs - busyBaselineNs >= BUSY_WINDOW_NS)
        {
            busyBaseline = samples;
            busyBaselineNs = nowNs;
        }
        return new CountersView(Map.copyOf(dataplane.drops()), workers, Map.copyOf(dataplane.coppPassed()));
    }

    /**
     * @param check the last FIB check after a takeover, read at every metrics scrape (null or empty before one).
     * @return this router.
     */
    public LiveRouter fibCheckFrom(final java.util.function.Supplier<FibCheckView> check)
    {
        this.fibCheck = Objects.requireNonNull(check, "check");
        return this;
    }

    @Override
    public Optional<FibCheckView> fibCheck()
    {
        return Optional.ofNullable(fibCheck.get());
    }

    @Override
    public List<IpNeighborView> ipNeighbors()
    {
        final JunctionConfig config = running;
        final List<Dataplane.NeighborEntry> entries = new ArrayList<>(dataplane.neighbors());
        entries.sort(NEIGHBOR_ORDER);
        final List<IpNeighborView> views = new ArrayList<>(entries.size());
        for (final Dataplane.NeighborEntry e : entries)
        {
            final boolean resolved = !"incomplete".equals(e.state()) && !"failed".equals(e.state());
            views.add(new IpNeighborView(e.address().toString(), e.address() instanceof Ip4Address ? "ipv4" : "ipv6",
                portName(config, e.port()).orElse(Integer.toString(e.port())),
                resolved ? Optional.of(macText(e.mac())) : Optional.empty(), e.state(), e.permanent(),
                age(e.confirmedAgoMs()), age(e.usedAgoMs()), age(e.updatedAgoMs())));
        }
        return views;
    }

    /** ARP before ND, then by port, then by address (unsigned, as written). */
    static final java.util.Comparator<Dataplane.NeighborEntry> NEIGHBOR_ORDER = (a, b) ->
    {
        final boolean a4 = a.address() instanceof Ip4Address;
        final boolean b4 = b.address() instanceof Ip4Address;
        if (a4 != b4)
        {
            return a4 ? -1 : 1;
        }
        if (a.port() != b.port())
        {
            return Integer.compare(a.port(), b.port());
        }
        return switch (a.address())
        {
            case Ip4Address x -> Integer.compareUnsigned(x.value(), ((Ip4Address)b.address()).value());
            case net.junction.routing.Ip6Address x ->
            {
                final net.junction.routing.Ip6Address y = (net.junction.routing.Ip6Address)b.address();
                final int high = Long.compareUnsigned(x.high(), y.high());
                yield 0 != high ? high : Long.compareUnsigned(x.low(), y.low());
            }
        };
    };

    private static Optional<Long> age(final long ms)
    {
        return ms == Dataplane.NeighborEntry.UNKNOWN ? Optional.empty() : Optional.of(ms);
    }

    @Override
    public RoutePage routes(final RouteQuery query)
    {
        final Cursor after = query.cursor().map(Cursor::decode).orElse(null);
        final Predicate<IpPrefix> family = familyFilter(query.family());
        final Predicate<RouteSource> sources = protocolFilter(query.protocol());
        final Optional<IpPrefix> prefix = query.prefix();
        final int limit = query.limit();
        if (prefix.isPresent() && !family.test(prefix.get()))
        {
            return new RoutePage(List.of(), Optional.empty());
        }
        // Where the walk of the RIB's ordered index starts and ends: a family is its default route's range.
        final IpPrefix within = prefix.orElse(query.family().map(f -> IpPrefix.parse("ipv4".equals(f) ? "0.0.0.0/0" : "::/0"))
            .orElse(null));
        final List<RibRoute> page = rib.call(r ->
        {
            if (prefix.isPresent() && !query.longer())
            {
                // one prefix: no walk
                return r.routesOf(prefix.get()).stream()
                    .filter(route -> sources.test(route.source()))
                    .filter(route -> null == after || Rib.compare(route.prefix(), after.prefix()) > 0 ||
                        Rib.compare(route.prefix(), after.prefix()) == 0 && route.source().compareTo(after.source()) > 0)
                    .limit(limit + 1L).toList();
            }
            return r.routes(within, sources, null == after ? null : after.prefix(), null == after ? null : after.source(),
                limit + 1);
        });
        final JunctionConfig config = running;
        final List<RouteView> views = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, page.size()); i++)
        {
            views.add(view(config, page.get(i), Optional.empty()));
        }
        final Optional<String> next = page.size() > limit ?
            Optional.of(new Cursor(page.get(limit - 1).prefix(), page.get(limit - 1).source()).encode()) : Optional.empty();
        return new RoutePage(views, next);
    }

    /** What {@link #restartControlPlane} runs, or null (one process). */
    private volatile Runnable controlRestart;

    /**
     * @param handover runs the hand-over to the next control plane ({@code junction control} only).
     * @return this.
     */
    public LiveRouter onControlRestart(final Runnable handover)
    {
        this.controlRestart = Objects.requireNonNull(handover, "handover");
        return this;
    }

    @Override
    public boolean restartControlPlane()
    {
        final Runnable handover = controlRestart;
        if (null == handover)
        {
            return false;
        }
        // After the answer has left: the hand-over closes the API too.
        Thread.ofVirtual().name("junction-control-restart").start(() ->
        {
            try
            {
                Thread.sleep(CONTROL_RESTART_DELAY_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            handover.run();
        });
        return true;
    }

    /** How long after its answer a restart request hands over. */
    static final long CONTROL_RESTART_DELAY_MS = 300;

    @Override
    public Optional<RouteView> lookup(final IpAddress address)
    {
        Objects.requireNonNull(address, "address");
        final RibRoute route = rib.lookup(address);
        if (null == route)
        {
            return Optional.empty();
        }
        Optional<BgpPathView> path = Optional.empty();
        if ((RouteSource.EBGP == route.source() || RouteSource.IBGP == route.source()) && bgp.isPresent())
        {
            path = bgp.get().best(route.prefix()).map(b -> withRpki(pathView(b), route.prefix(), b.path()));
        }
        return Optional.of(view(running, route, path));
    }

    @Override
    public Optional<ExplanationView> explain(final IpAddress address)
    {
        Objects.requireNonNull(address, "address");
        final RibRoute match = rib.lookup(address);
        return null == match ? Optional.empty() : explain(address.toString(), match.prefix());
    }

    @Override
    public Optional<ExplanationView> explain(final IpPrefix prefix)
    {
        Objects.requireNonNull(prefix, "prefix");
        return explain(prefix.toString(), prefix);
    }

    private Optional<ExplanationView> explain(final String query, final IpPrefix prefix)
    {
        final List<RibRoute> routes = rib.call(r -> r.routesOf(prefix));
        final RouteExplanation bgpExplained = bgp.map(b -> b.explain(prefix)).orElse(null);
        if (routes.isEmpty() && (null == bgpExplained || bgpExplained.isEmpty()))
        {
            return Optional.empty();
        }
        final JunctionConfig config = running;
        Optional<FibEntryView> fib = Optional.empty();
        final List<RibCandidateView> candidates = new ArrayList<>();
        for (final RibRoute route : routes)
        {
            final RouteView view = view(config, route, Optional.empty());
            candidates.add(new RibCandidateView(protocol(route.source()), route.distance(), route.metric(), route.installed(),
                view.nextHops(), view.blackhole()));
            if (route.installed())
            {
                fib = Optional.of(fibEntry(config, route, view));
            }
        }
        final List<BgpCandidateView> bgpCandidates = new ArrayList<>();
        final List<BgpRejectedView> rejected = new ArrayList<>();
        if (null != bgpExplained)
        {
            for (final RouteExplanation.Candidate c : bgpExplained.candidates())
            {
                bgpCandidates.add(new BgpCandidateView(withRpki(pathView(c.neighbor(), c.path()), prefix, c.path()),
                    Optional.ofNullable(c.address()).map(Object::toString), c.external(), c.best(),
                    Optional.ofNullable(c.lostAt()).map(LiveRouter::stepName), c.multipath(),
                    Optional.ofNullable(c.importPolicy()), Optional.ofNullable(c.importTerm()),
                    Optional.ofNullable(c.pathId()).map(Integer::toUnsignedLong)));
            }
            for (final RouteExplanation.Rejected r : bgpExplained.rejected())
            {
                rejected.add(new BgpRejectedView(r.neighbor(), String.valueOf(r.address()),
                    withRpki(pathView(r.neighbor(), r.received()), prefix, r.received()),
                    stepName(r.reason()), Optional.ofNullable(r.policy()), Optional.ofNullable(r.term())));
            }
        }
        return Optional.of(new ExplanationView(query, prefix.toString(), fib, List.copyOf(candidates),
            List.copyOf(bgpCandidates), List.copyOf(rejected)));
    }

    /** The installed route as the FIB holds it, with each gateway's ARP/ND state where the data plane tells it. */
    private FibEntryView fibEntry(final JunctionConfig config, final RibRoute route, final RouteView view)
    {
        final List<FibNextHopView> hops = new ArrayList<>();
        final List<NextHop> installed = route.resolved().isEmpty() ? route.nextHops() : route.resolved();
        for (final NextHop hop : installed)
        {
            switch (hop)
            {
                case NextHop.Gateway4 g -> hops.add(gatewayHop(config, g.portId(), new Ip4Address(g.gateway())));
                case NextHop.Gateway6 g -> hops.add(gatewayHop(config, g.portId(), g.gateway()));
                case NextHop.Direct d -> hops.add(new FibNextHopView(Optional.empty(), portName(config, d.portId()),
                    Optional.empty(), Optional.empty()));
                case NextHop.Blackhole ignored ->
                {
                    // no next hop: view.blackhole() says so
                }
                case NextHop.Local ignored ->
                {
                    // the router's own address
                }
            }
        }
        return new FibEntryView(route.prefix().toString(), protocol(route.source()), hops.size() > 1, view.blackhole(),
            List.copyOf(hops));
    }

    private FibNextHopView gatewayHop(final JunctionConfig config, final int port, final IpAddress gateway)
    {
        final Optional<String> state = dataplane.neighborState(port, gateway);
        return new FibNextHopView(Optional.of(gateway.toString()), portName(config, port), state,
            state.map(LiveRouter::usableNeighbor));
    }

    /** RFC 4861 §7.3.2: a packet may be sent to a reachable, stale, delayed or probed neighbor (and to a static one). */
    private static boolean usableNeighbor(final String state)
    {
        return switch (state)
        {
            case "reachable", "stale", "delay", "probe", "permanent" -> true;
            default -> false;
        };
    }

    /** {@code AS_PATH_LENGTH} as {@code as-path-length}. */
    static String stepName(final Enum<?> step)
    {
        return step.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public PreviewView preview(final JunctionConfig candidate, final int firstN)
    {
        Objects.requireNonNull(candidate, "candidate");
        if (firstN < 0 || firstN > PreviewView.MAX_FIRST)
        {
            throw new IllegalArgumentException("first: 0.." + PreviewView.MAX_FIRST + ", got " + firstN);
        }
        final JunctionConfig now = running;
        final List<String> notes = new ArrayList<>();
        if (!samePorts(now, candidate))
        {
            notes.add("the candidate adds, removes or reorders ports: that needs a restart (a commit refuses it)");
        }
        else if (!RibChange.between(now, candidate).isEmpty())
        {
            notes.add("the candidate changes static routes or port addresses: their effect on the RIB is not previewed " +
                "(the preview covers BGP policy and neighbor changes; see the diff)");
        }
        final Optional<BgpConfig> before = now.bgp();
        final Optional<BgpConfig> after = candidate.bgp();
        if (before.isEmpty() || after.isEmpty() || bgp.isEmpty())
        {
            if (before.isEmpty() && after.isPresent())
            {
                notes.add("the candidate adds BGP: that needs a restart (a commit refuses it), so no BGP change is previewed");
            }
            else if (before.isPresent() && after.isEmpty())
            {
                notes.add("the candidate removes BGP: that needs a restart (a commit refuses it), so no BGP change is previewed");
            }
            else
            {
                notes.add("BGP is not configured: there is no BGP change to preview");
            }
            return new PreviewView(firstN, false, true, List.copyOf(notes), List.of(), RouteChangesView.NONE, List.of(),
                NextHopChangesView.NONE, List.of());
        }
        if (before.get().equals(after.get()))
        {
            return new PreviewView(firstN, true, true, List.copyOf(notes), List.of(), RouteChangesView.NONE, List.of(),
                NextHopChangesView.NONE, List.of());
        }
        return previewView(bgp.get().preview(after.get(), firstN), notes);
    }

    /** Same ports by name and order (else a restart rule refuses the candidate and its diff says so). */
    private static boolean samePorts(final JunctionConfig now, final JunctionConfig candidate)
    {
        return now.ports().stream().map(PortConfig::name).toList()
            .equals(candidate.ports().stream().map(PortConfig::name).toList());
    }

    private static PreviewView previewView(final net.junction.bgp.rib.PolicyPreview preview, final List<String> notes)
    {
        final List<ImportPreviewView> imports = preview.imports().stream()
            .map(i -> new ImportPreviewView(i.neighbor(), changes(i.neighbor(), i.accepted()), changes(i.neighbor(), i.rejected()),
                changes(i.neighbor(), i.changed())))
            .toList();
        final List<ExportPreviewView> exports = preview.exports().stream()
            .map(e -> new ExportPreviewView(e.neighbor(), changes(e.neighbor(), e.announced()), changes(e.neighbor(), e.withdrawn()),
                changes(e.neighbor(), e.changed())))
            .toList();
        final RouteChangesView best = new RouteChangesView(preview.bestChanges().count(), preview.bestChanges().first().stream()
            .map(b -> new RouteChangeView(b.prefix().toString(), Optional.ofNullable(b.before()).map(LiveRouter::pathView),
                Optional.ofNullable(b.after()).map(LiveRouter::pathView)))
            .toList());
        final NextHopChangesView rib = new NextHopChangesView(preview.ribChanges().count(), preview.ribChanges().first().stream()
            .map(c -> new NextHopChangeView(c.prefix().toString(), c.before().stream().map(Object::toString).toList(),
                c.after().stream().map(Object::toString).toList()))
            .toList());
        return new PreviewView(preview.firstN(), true, preview.isEmpty(), List.copyOf(notes), imports, best, exports, rib,
            List.copyOf(preview.neighborsGoing()));
    }

    /** A neighbor's changes; {@code neighbor} names the paths (for an export, the neighbor they are sent to). */
    private static RouteChangesView changes(
        final String neighbor, final net.junction.bgp.rib.PolicyPreview.Sample<net.junction.bgp.rib.PolicyPreview.RouteChange> sample)
    {
        return new RouteChangesView(sample.count(), sample.first().stream()
            .map(c -> new RouteChangeView(c.prefix().toString(), Optional.ofNullable(c.before()).map(p -> pathView(neighbor, p)),
                Optional.ofNullable(c.after()).map(p -> pathView(neighbor, p))))
            .toList());
    }

    @Override
    public BmpStatus bmp()
    {
        return new BmpStatus(bgp.map(BgpControl::bmp).orElse(List.of()));
    }

    @Override
    public net.junction.bgp.rpki.RpkiValidator.Status rpki()
    {
        return bgp.map(BgpControl::rpki).orElse(net.junction.bgp.rpki.RpkiValidator.Status.NONE);
    }

    @Override
    public Optional<net.junction.bgp.mrt.MrtRecorder.Status> mrtStatus()
    {
        return bgp.map(BgpControl::mrtStatus);
    }

    @Override
    public net.junction.bgp.mrt.RibDump mrtTable(final Optional<String> neighbor, final NeighborTable table)
    {
        final BgpControl speaker = neighbor.isPresent() ? speaker(neighbor.get()) :
            bgp.orElseThrow(() -> new IllegalStateException("this router runs no BGP: there is no Loc-RIB to dump"));
        return speaker.mrtTable(neighbor, BgpControl.Table.valueOf(table.name()));
    }

    @Override
    public List<NeighborStatus> neighbors()
    {
        return bgp.map(BgpControl::neighbors).orElse(List.of());
    }

    @Override
    public RoutePage neighborRoutes(final String neighbor, final NeighborTable direction, final RouteQuery query)
    {
        final BgpControl speaker = speaker(neighbor);
        final PeerConfig peer = running.bgp().orElseThrow().neighbors().stream().filter(p -> p.name().equals(neighbor))
            .findFirst().orElseThrow(() -> new NoSuchElementException("no BGP neighbor named '" + neighbor + "'"));
        final Optional<IpPrefix> after = query.cursor().map(Cursor::decode).map(Cursor::prefix);
        final Predicate<IpPrefix> family = familyFilter(query.family());
        final Optional<IpPrefix> prefix = query.prefix();
        final List<BgpControl.TableEntry> entries = speaker.neighborTable(neighbor, BgpControl.Table.valueOf(direction.name()),
            prefix, after, Math.min(RouteQuery.MAX_LIMIT, query.limit() + 1));
        final boolean external = peer.remoteAs() != running.bgp().get().localAs() &&
            peer.localAs().map(a -> a != peer.remoteAs()).orElse(true);
        final List<RouteView> views = new ArrayList<>();
        BgpControl.TableEntry last = null;
        boolean more = false;
        for (final BgpControl.TableEntry entry : entries)
        {
            if (!family.test(entry.prefix()) || prefix.isPresent() && !query.longer() && !entry.prefix().equals(prefix.get()))
            {
                continue;
            }
            if (views.size() == query.limit())
            {
                more = true;
                break;
            }
            final Path path = entry.path();
            final List<NextHopView> nextHops = null == path.nextHop() ? List.of() :
                List.of(new NextHopView(Optional.of(path.nextHop().toString()), Optional.empty()));
            if (NeighborTable.ADVERTISED == direction)
            {
                // What is sent, not how a receiver would install it: a network of ours, or a path learned from whom.
                final String source = entry.bestFrom().map(from -> LOCAL_PEER.equals(from) ? RouteView.SOURCE_NETWORK :
                    RouteView.SOURCE_NEIGHBOR).orElse(RouteView.SOURCE_WITHDRAWING);
                views.add(RouteView.advertised(entry.prefix().toString(), nextHops, pathView(neighbor, path), source,
                    entry.bestFrom().filter(from -> !LOCAL_PEER.equals(from))).withPathId(entry.pathId()));
            }
            else
            {
                views.add(new RouteView(entry.prefix().toString(), external ? "ebgp" : "ibgp",
                    (external ? RouteSource.EBGP : RouteSource.IBGP).distance(), nextHops, false,
                    Optional.of(withRpki(pathView(neighbor, path), entry.prefix(), path))).withPathId(entry.pathId()));
            }
            last = entry;
        }
        if (!more && entries.size() > query.limit() && null != last)
        {
            more = true; // the speaker had more than a page even if the family filter took some out
        }
        return new RoutePage(views, more && null != last ? Optional.of(new Cursor(last.prefix(), RouteSource.EBGP).encode()) :
            Optional.empty());
    }

    @Override
    public void resetNeighbor(final String neighbor, final boolean hard)
    {
        speaker(neighbor).resetNeighbor(neighbor, hard);
    }

    @Override
    public void shutdownNeighbor(final String neighbor, final String message)
    {
        Objects.requireNonNull(message, "message");
        if (message.getBytes(StandardCharsets.UTF_8).length > 255)
        {
            throw new IllegalArgumentException("message: at most 255 bytes in UTF-8 (RFC 9003)");
        }
        speaker(neighbor).shutdownNeighbor(neighbor, message);
    }

    @Override
    public void enableNeighbor(final String neighbor)
    {
        speaker(neighbor).enableNeighbor(neighbor);
    }

    @Override
    public RouterEvents events()
    {
        return events;
    }

    private BgpControl speaker(final String neighbor)
    {
        return bgp.orElseThrow(() -> new NoSuchElementException("no BGP neighbor named '" + neighbor + "': BGP is not configured"));
    }

    // ============================================================================ route summaries

    private void publishRouteSummaryQuietly()
    {
        try
        {
            publishRouteSummary();
        }
        catch (final RuntimeException ex)
        {
            LOG.log(System.Logger.Level.DEBUG, "route summary skipped: " + ex.getMessage());
        }
    }

    /**
     * Publishes what changed in the installed routes since the last summary, per family, when
     * anything did (the timer calls it once a second; tests by hand).
     */
    void publishRouteSummary()
    {
        synchronized (summaryLock)
        {
            publishRouteSummaryLocked();
        }
    }

    private void publishRouteSummaryLocked()
    {
        final Rib.InstalledChanges now = rib.call(Rib::installedChanges);
        final Rib.InstalledChanges then = null == lastSummary ? new Rib.InstalledChanges(0, 0, 0, 0, 0, 0) : lastSummary;
        lastSummary = now;
        final Instant time = clock.instant();
        final long added4 = now.added4() - then.added4();
        final long removed4 = now.removed4() - then.removed4();
        final long changed4 = now.changed4() - then.changed4();
        if (added4 != 0 || removed4 != 0 || changed4 != 0)
        {
            events.publish(new RouterEvents.RoutesChanged(time, "ipv4", added4, removed4, changed4));
        }
        final long added6 = now.added6() - then.added6();
        final long removed6 = now.removed6() - then.removed6();
        final long changed6 = now.changed6() - then.changed6();
        if (added6 != 0 || removed6 != 0 || changed6 != 0)
        {
            events.publish(new RouterEvents.RoutesChanged(time, "ipv6", added6, removed6, changed6));
        }
    }

    // ================================================================================ conversions

    private static Predicate<IpPrefix> familyFilter(final Optional<String> family)
    {
        if (family.isEmpty())
        {
            return p -> true;
        }
        return switch (family.get())
        {
            case "ipv4" -> IpPrefix::isIpv4;
            case "ipv6" -> p -> !p.isIpv4();
            default -> throw new IllegalArgumentException("family: '" + family.get() + "' is not ipv4 or ipv6");
        };
    }

    private static Predicate<RouteSource> protocolFilter(final Optional<String> protocol)
    {
        if (protocol.isEmpty())
        {
            return s -> true;
        }
        return switch (protocol.get())
        {
            case "connected" -> s -> RouteSource.CONNECTED == s || RouteSource.LOCAL == s;
            case "local" -> s -> RouteSource.LOCAL == s;
            case "static" -> s -> RouteSource.STATIC == s;
            case "bgp" -> s -> RouteSource.EBGP == s || RouteSource.IBGP == s;
            case "ebgp" -> s -> RouteSource.EBGP == s;
            case "ibgp" -> s -> RouteSource.IBGP == s;
            default -> throw new IllegalArgumentException(
                "protocol: '" + protocol.get() + "' is not connected, local, static, bgp, ebgp or ibgp");
        };
    }

    /** {@code local} for the router's own addresses (LOCAL routes); the others by their source. */
    static String protocol(final RouteSource source)
    {
        return source.name().toLowerCase(Locale.ROOT);
    }

    private static RouteView view(final JunctionConfig config, final RibRoute route, final Optional<BgpPathView> path)
    {
        final List<NextHopView> nextHops = new ArrayList<>();
        boolean blackhole = false;
        final List<NextHop> hops = route.resolved().isEmpty() ? route.nextHops() : route.resolved();
        for (final NextHop hop : hops)
        {
            switch (hop)
            {
                case NextHop.Gateway4 g -> nextHops.add(new NextHopView(Optional.of(Ip4.format(g.gateway())), portName(config, g.portId())));
                case NextHop.Gateway6 g -> nextHops.add(new NextHopView(Optional.of(g.gateway().toString()), portName(config, g.portId())));
                case NextHop.Direct d -> nextHops.add(new NextHopView(Optional.empty(), portName(config, d.portId())));
                case NextHop.Blackhole ignored -> blackhole = true;
                case NextHop.Local ignored ->
                {
                    // the router's own address: delivered here, no next hop
                }
            }
        }
        if (route.resolved().isEmpty())
        {
            for (final IpAddress via : route.vias())
            {
                nextHops.add(new NextHopView(Optional.of(via.toString()), Optional.empty())); // unresolved
            }
        }
        return new RouteView(route.prefix().toString(), protocol(route.source()), route.distance(), List.copyOf(nextHops),
            blackhole, path);
    }

    /** @return 48 bits as {@code 02:00:00:00:00:01}. */
    static String macText(final long mac)
    {
        final StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            text.append(String.format("%02x", (mac >>> shift) & 0xFF)).append(shift > 0 ? ":" : "");
        }
        return text.toString();
    }

    private static Optional<String> portName(final JunctionConfig config, final int port)
    {
        return port >= 0 && port < config.ports().size() ? Optional.of(config.ports().get(port).name()) : Optional.empty();
    }

    /** The path's view with the route's RPKI state, when the router validates origins. */
    private BgpPathView withRpki(final BgpPathView view, final IpPrefix prefix, final Path path)
    {
        return view.withRpki(bgp.flatMap(b -> b.rpkiState(prefix, path.attributes().asPath())).map(ValidationState::text));
    }

    static BgpPathView pathView(final BgpRib.Selected selected)
    {
        final String neighbor = null == selected.peer() || selected.peer().isEmpty() ? LOCAL_PEER : selected.peer();
        return pathView(neighbor, selected.path());
    }

    static BgpPathView pathView(final String neighbor, final Path path)
    {
        final PathAttributes attributes = path.attributes();
        final List<Long> asPath = new ArrayList<>();
        final PathAttribute.AsPath segments = attributes.asPath();
        if (null != segments)
        {
            for (final AsPathSegment segment : segments.segments())
            {
                for (int i = 0; i < segment.size(); i++)
                {
                    asPath.add(Integer.toUnsignedLong(segment.asn(i)));
                }
            }
        }
        final PathAttribute.Origin origin = attributes.origin();
        final String originName = null == origin ? "incomplete" : switch (origin.value())
        {
            case PathAttribute.Origin.IGP -> "igp";
            case PathAttribute.Origin.EGP -> "egp";
            default -> "incomplete";
        };
        final List<String> communities = new ArrayList<>();
        final PathAttribute.Communities standard = attributes.communities();
        if (null != standard)
        {
            for (final int c : standard.values())
            {
                communities.add((c >>> 16) + ":" + (c & 0xFFFF));
            }
        }
        final PathAttribute.LargeCommunities large = attributes.largeCommunities();
        if (null != large)
        {
            final int[] v = large.values();
            for (int i = 0; i + 2 < v.length; i += 3)
            {
                communities.add(Integer.toUnsignedString(v[i]) + ":" + Integer.toUnsignedString(v[i + 1]) + ":" +
                    Integer.toUnsignedString(v[i + 2]));
            }
        }
        final PathAttribute.LocalPref localPref = attributes.localPref();
        final PathAttribute.MultiExitDisc med = attributes.multiExitDisc();
        return new BgpPathView(neighbor, List.copyOf(asPath), originName,
            null == localPref ? Optional.empty() : Optional.of(Integer.toUnsignedLong(localPref.value())),
            null == med ? Optional.empty() : Optional.of(Integer.toUnsignedLong(med.value())),
            List.copyOf(communities), null == path.nextHop() ? "" : path.nextHop().toString());
    }

    /**
     * A page's end: the last route's prefix and source, opaque to clients (base64url of
     * {@code r1|PREFIX|SOURCE}); anything else is refused as not handed out here.
     */
    record Cursor(IpPrefix prefix, RouteSource source)
    {
        String encode()
        {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (CURSOR_TAG + "|" + prefix + "|" + source.name()).getBytes(StandardCharsets.US_ASCII));
        }

        static Cursor decode(final String text)
        {
            try
            {
                final String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split("\\|");
                if (3 != parts.length || !CURSOR_TAG.equals(parts[0]))
                {
                    throw new IllegalArgumentException("bad form");
                }
                final IpPrefix prefix = IpPrefix.parse(parts[1]);
                return new Cursor(prefix, RouteSource.valueOf(parts[2]));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("cursor: '" + text + "' was not handed out by this router", ex);
            }
        }
    }

    @Override
    public void close()
    {
        if (null != summaryTimer)
        {
            summaryTimer.shutdownNow();
        }
        if (null != stateListener)
        {
            try
            {
                stateListener.close();
            }
            catch (final Exception ignored)
            {
                // the speaker is closing too
            }
        }
        final JournalWriter writer = journalWriter;
        if (null != writer)
        {
            bgp.ifPresent(b ->
            {
                try
                {
                    b.bestPathHook(null);
                }
                catch (final RuntimeException ignored)
                {
                    // the speaker is gone: nothing more comes
                }
            });
            writer.close(); // appends what is queued, the closing snapshot, and closes the journal
            journalWriter = null;
        }
    }
}
