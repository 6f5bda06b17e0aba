/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.speaker;

import net.junction.bgp.config.AddPathConfig;
import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.mrt.MrtRecorder;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.policy.PolicyEvaluator;
import net.junction.bgp.rib.BestPathHook;
import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.rib.LocalAddresses;
import net.junction.bgp.rib.RouteExplanation;
import net.junction.bgp.rpki.RpkiValidator;
import net.junction.bgp.rpki.ValidationState;
import net.junction.bgp.session.BgpSession;
import net.junction.bgp.session.BgpSessions;
import net.junction.bgp.session.LocalRestart;
import net.junction.bgp.session.Negotiated;
import net.junction.bgp.session.PeerSession;
import net.junction.bgp.session.SessionOptions;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.NotificationMessage;
import net.junction.bgp.wire.RouteRefreshMessage;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.routing.IpPrefix;
import net.junction.routing.rib.Rib;
import org.agrona.concurrent.SystemEpochClock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The BGP speaker: sessions ({@link BgpSessions}), the BGP RIBs and decision process
 * ({@link BgpRib}), and the router RIB they feed ({@link RouterRibUpdater}, through which BGP
 * routes reach the FIB), on one event-loop thread.
 * <p>
 * Ownership: from {@link #start()} on, the router {@link Rib} belongs to the speaker's thread; any
 * other change to it (a static route, an interface address) must go through {@link #execute}.
 * Status is read with {@link #neighbors()} from any thread.
 * <p>
 * Control ({@link BgpControl}): every method hands one command to the event loop and waits for it;
 * called on the event loop itself it would wait for itself, so it throws instead. A reconfiguration
 * first checks and compiles the whole new configuration without touching anything, then applies it
 * in the one command: nothing else runs on the loop in between, so no session or route ever sees a
 * half-applied configuration.
 */
public final class BgpSpeaker implements BgpControl, AutoCloseable
{
    /** How long a status snapshot or an operator command may wait for the event loop. */
    private static final long STATUS_TIMEOUT_MS = 2_000;
    /** How long a reconfiguration may take (a policy change re-evaluates whole tables). */
    private static final long RECONFIGURE_TIMEOUT_MS = 120_000;
    /** Most entries in one page of {@link #neighborTable}. */
    static final int MAX_PAGE = 1000;

    private volatile BgpConfig config;
    private final RouterRibUpdater updater;
    private final RibNextHopResolver resolver;
    private final BgpRib bgpRib;
    private final BgpSessions sessions;
    /** The RTR sessions and the VRPs in effect; the loop's. */
    private final RpkiValidator rpki;
    /** The BMP stations and what they are sent (RFC 7854); the loop's. */
    private final net.junction.bgp.bmp.BmpMonitor bmp;
    /** MRT files (config {@code bgp.mrt}): periodic table dumps and the BGP4MP update log. */
    private final MrtRecorder mrt;
    /** This speaker's own restart (RFC 4724 §4.1): the R and F bits, route selection deferred. */
    private final LocalRestart restart;
    /** Compiled policies by name; loop thread only. */
    private final Map<String, PolicyEvaluator> evaluators = new HashMap<>();
    /** Neighbors shut down by an operator (RFC 8203) and not enabled since; loop thread only. */
    private final Set<String> adminShutdown = new HashSet<>();
    /**
     * What {@link #neighbors} answers other threads once the loop runs: the loop's last snapshot, so the API
     * never waits for a loop busy with a full table. Published by the loop at the end of every turn that did
     * work, after every state change and after every command (so what a caller just did shows at once). Only
     * the loop changes what it shows, so while the loop is stuck in a long task the snapshot is still exact;
     * uptime is worked out when read. The price: a snapshot of every neighbor per busy turn (about a
     * microsecond per neighbor; a turn of a full-table load takes milliseconds).
     */
    private volatile List<PublishedNeighbor> publishedNeighbors = List.of();

    /** A neighbor as published, with when its session came up ({@code System.nanoTime()}), or -1 if it is down. */
    private record PublishedNeighbor(NeighborStatus status, long upSinceNs)
    {
    }

    /**
     * @param config    the speaker's configuration.
     * @param routerRib the router's RIB (BGP routes go in as EBGP/IBGP routes).
     */
    public BgpSpeaker(final BgpConfig config, final Rib routerRib)
    {
        this(config, routerRib, SessionOptions.DEFAULT);
    }

    /**
     * @param config    the speaker's configuration.
     * @param routerRib the router's RIB.
     * @param options   session tunables (tests: peer port, clock).
     */
    public BgpSpeaker(final BgpConfig config, final Rib routerRib, final SessionOptions options)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.updater = new RouterRibUpdater(Objects.requireNonNull(routerRib, "routerRib"));
        this.resolver = new RibNextHopResolver(routerRib);
        this.bgpRib = new BgpRib(config, updater, resolver, LocalAddresses.FROM_SESSION);
        this.sessions = new BgpSessions(config, bgpRib, options);
        this.rpki = new RpkiValidator(sessions.loop(), bgpRib::originValidationChanged);
        bgpRib.originValidation(rpki.table());
        this.bmp = new net.junction.bgp.bmp.BmpMonitor(sessions.loop(), bgpRib, sessions, () -> this.config,
            hostName(), "Junction router, BGP AS " + Integer.toUnsignedString(config.localAs()),
            net.junction.bgp.bmp.BmpStation.Connector.TCP);
        bgpRib.monitor(bmp);
        sessions.addStateListener((session, from, to, reason) -> bmp.stateChanged(session, from, to));
        this.mrt = new MrtRecorder(() -> mrtTable(Optional.empty(), Table.ACCEPTED), SystemEpochClock.INSTANCE);
        sessions.updateTap(mrt::updateReceived);
        sessions.addStateListener(mrt::stateChanged);
        this.updater.deferTo(sessions::execute); // one RIB batch per event-loop turn, not per UPDATE
        sessions.addStateListener((session, from, to, reason) -> publishNeighbors());
        sessions.loop().afterWork(() ->
        {
            bgpRib.turnEnded(); // the journal hands over the turn's route changes
            publishNeighbors();
        });
        final Map<String, PolicyEvaluator> compiled = compile(config, Map.of(), Map.of());
        evaluators.putAll(compiled);
        bgpRib.reconfigure(config, compiled); // the same policies: the RIB now shares these evaluators
        this.restart = options.restart();
        if (restart.restarting())
        {
            bgpRib.deferSelection(); // RFC 4724 §4.1: the R bit, and no selection before the peers' End-of-RIB
        }
    }

    /**
     * Stamp the FIB batches BGP causes with when their UPDATEs arrived (the event-loop turn that read
     * them), for the UPDATE-to-FIB latency. Call before {@link #start()}.
     *
     * @param batchOrigin the FIB encoder's {@code batchOrigin}.
     */
    public void stampFibBatches(final java.util.function.LongConsumer batchOrigin)
    {
        updater.stampBatches(batchOrigin, sessions.loop()::nowNs);
    }

    /**
     * Listen, start the event loop and every neighbor.
     *
     * @throws IOException if the listening socket cannot be bound.
     */
    public void start() throws IOException
    {
        publishNeighbors();
        sessions.start();
        sessions.execute(() -> rpki.configure(config.rpki()));
        sessions.execute(() -> bmp.configure(config.bmp()));
        mrt.configure(config.mrt());
        if (restart.restarting())
        {
            sessions.execute(() ->
            {
                if (bgpRib.restarting())
                {
                    // The Selection_Deferral_Timer: selection starts then even without every End-of-RIB.
                    sessions.loop().timer("selection-deferral", () ->
                        bgpRib.endSelectionDeferral("the selection deferral timer (" + restart.selectionDeferralSeconds() +
                            " s) expired")).startSeconds(restart.selectionDeferralSeconds());
                }
            });
        }
    }

    /**
     * Run {@code task} on the speaker's thread once route selection ran after a restart ({@link LocalRestart}) and
     * its outcome is in the router RIB: at once (on the speaker's thread) when the speaker did not restart. Call
     * before {@link #start()}.
     *
     * @param task such as resyncing the data plane's FIB with the router RIB's whole table.
     */
    public void whenRestartSelected(final Runnable task)
    {
        Objects.requireNonNull(task, "task");
        // Queued behind the router RIB's batch of the selection (RouterRibUpdater defers it to a later task).
        bgpRib.whenSelected(() -> sessions.execute(task));
    }

    /**
     * While this speaker is back from a restart and defers route selection (RFC 4724 §4.1): per family deferred,
     * the neighbors whose End-of-RIB it waits for. Empty once selection ran for every family (or when the
     * speaker did not restart).
     *
     * @return the families still deferred and the neighbors awaited in each.
     */
    public Map<AfiSafi, List<String>> selectionDeferred()
    {
        return command("selectionDeferred", bgpRib::awaited, STATUS_TIMEOUT_MS);
    }

    /**
     * @param task run on the speaker's thread (the owner of the router RIB from now on).
     */
    public void execute(final Runnable task)
    {
        sessions.execute(() ->
        {
            task.run();
            if (resolver.stale())
            {
                bgpRib.nextHopsChanged(); // connected or static routes moved: next hops may (not) resolve now
            }
        });
    }

    /**
     * @return the port the speaker listens on (the configured one, or the one the kernel chose for 0).
     */
    public int listenPort()
    {
        return sessions.listenPort();
    }

    /**
     * Every neighbor, without waiting for the event loop: as the loop last published it (see
     * {@link #publishedNeighbors}); before {@link #start()}, and on the loop, taken now.
     *
     * @return a snapshot of every neighbor.
     */
    public List<NeighborStatus> neighbors()
    {
        if (!sessions.started() || sessions.onLoopThread())
        {
            return snapshot();
        }
        final long now = System.nanoTime();
        final List<PublishedNeighbor> published = publishedNeighbors;
        final List<NeighborStatus> list = new ArrayList<>(published.size());
        for (final PublishedNeighbor p : published)
        {
            list.add(p.upSinceNs() < 0 ? p.status() :
                p.status().withUptimeSeconds((now - p.upSinceNs()) / 1_000_000_000L));
        }
        return list;
    }

    /** On the loop (or before it runs): takes the snapshot {@link #neighbors} answers from. */
    private void publishNeighbors()
    {
        final long now = System.nanoTime();
        final List<PublishedNeighbor> published = new ArrayList<>();
        for (final BgpSession session : sessions.sessions())
        {
            published.add(new PublishedNeighbor(status(session, now),
                PeerSession.State.ESTABLISHED == session.state() ? now - session.uptimeNs(now) : -1));
        }
        publishedNeighbors = List.copyOf(published);
    }

    /**
     * @return the number of prefixes in the Loc-RIB per family name.
     */
    public Map<String, Integer> locRibSizes()
    {
        return command("locRibSizes", () -> Map.of(
            "ipv4-unicast", bgpRib.locRibSize(AfiSafi.IPV4_UNICAST),
            "ipv6-unicast", bgpRib.locRibSize(AfiSafi.IPV6_UNICAST)), STATUS_TIMEOUT_MS);
    }

    /**
     * Run one command on the event loop and wait for its result.
     *
     * @throws IllegalStateException on the event loop itself (it would wait for itself), or when the loop
     *                               does not answer in time.
     */
    private <T> T command(final String what, final Supplier<T> task, final long timeoutMs)
    {
        if (sessions.onLoopThread())
        {
            throw new IllegalStateException("BgpSpeaker." + what + " called on the BGP event loop: it would wait " +
                "for itself; call it from another thread");
        }
        return sessions.call(() ->
        {
            final T answer = task.get();
            publishNeighbors(); // what the command changed shows in neighbors() at once
            return answer;
        }, timeoutMs);
    }

    private List<NeighborStatus> snapshot()
    {
        final long now = System.nanoTime();
        final List<NeighborStatus> list = new ArrayList<>();
        for (final BgpSession session : sessions.sessions())
        {
            list.add(status(session, now));
        }
        return list;
    }

    private NeighborStatus status(final BgpSession session, final long now)
    {
        final PeerConfig peer = session.config();
        final Map<String, Long> received = new HashMap<>();
        final Map<String, Long> accepted = new HashMap<>();
        final Map<String, Long> advertised = new HashMap<>();
        final Map<String, NeighborStatus.AddPath> addPath = new HashMap<>();
        final Negotiated negotiated = session.state() == PeerSession.State.ESTABLISHED ? session.negotiated() : null;
        for (final AfiSafi family : peer.families())
        {
            if (negotiated != null && (negotiated.addPathReceive(family) || negotiated.addPathSend(family)))
            {
                final int send = !negotiated.addPathSend(family) ? 0 :
                    peer.addPath().send() == AddPathConfig.SEND_ALL ? NeighborStatus.AddPath.SEND_ALL : peer.addPath().send();
                addPath.put(familyName(family), new NeighborStatus.AddPath(negotiated.addPathReceive(family), send));
            }
            received.put(familyName(family), (long)bgpRib.receivedSize(peer.name(), family));
            accepted.put(familyName(family), (long)bgpRib.adjRibInSize(peer.name(), family));
            advertised.put(familyName(family), (long)bgpRib.adjRibOutSize(peer.name(), family));
        }
        return new NeighborStatus(peer.name(), peer.remoteAddress().toString(),
            Integer.toUnsignedLong(peer.remoteAs()), stateName(session.state()),
            session.uptimeNs(now) / 1_000_000_000L, received, accepted, advertised, session.updatesReceived(),
            session.updatesSent(), session.flaps(), adminShutdown.contains(peer.name()),
            null == session.lastError() ? "" : session.lastError(), addPath,
            peer.role().map(Object::toString).orElse(""),
            negotiated == null ? "" : negotiated.peerRole().map(Object::toString).orElse(""),
            negotiated != null && negotiated.extendedNextHop());
    }

    private static String stateName(final PeerSession.State state)
    {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static String familyName(final AfiSafi family)
    {
        if (AfiSafi.IPV4_UNICAST.equals(family))
        {
            return "ipv4-unicast";
        }
        return AfiSafi.IPV6_UNICAST.equals(family) ? "ipv6-unicast" : family.toString();
    }

    /**
     * @return the configuration it runs.
     */
    public BgpConfig config()
    {
        return config;
    }

    @Override
    public List<net.junction.bgp.bmp.BmpStation.Status> bmp()
    {
        return bmp.statuses();
    }

    /** The host's name for the BMP Initiation's sysName, without a DNS lookup. */
    private static String hostName()
    {
        try
        {
            final String name = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
            return name.isEmpty() ? "junction" : name;
        }
        catch (final IOException | RuntimeException ex)
        {
            return "junction";
        }
    }

    @Override
    public RpkiValidator.Status rpki()
    {
        return rpki.status();
    }

    @Override
    public Optional<ValidationState> rpkiState(final IpPrefix prefix, final PathAttribute.AsPath asPath)
    {
        if (config.rpki().caches().isEmpty())
        {
            return Optional.empty();
        }
        return Optional.of(rpki.table().validate(prefix, asPath));
    }

    // ---------------------------------------------------------------- BgpControl

    public void reconfigure(final BgpConfig next)
    {
        reconfigure(next, 0);
    }

    @Override
    public void reconfigure(final BgpConfig next, final long commit)
    {
        Objects.requireNonNull(next, "next");
        if (commit < 0)
        {
            throw new IllegalArgumentException("commit: 0 (none) or a commit's number, not " + commit);
        }
        command("reconfigure", () ->
        {
            apply(next, commit);
            return null;
        }, RECONFIGURE_TIMEOUT_MS);
        // Off the event loop: the recorder closes its current file, which may wait on the disk.
        mrt.configure(next.mrt());
    }

    @Override
    public void bestPathHook(final BestPathHook hook)
    {
        command("bestPathHook", () ->
        {
            bgpRib.bestPathHook(hook);
            return null;
        }, STATUS_TIMEOUT_MS);
    }

    @Override
    public void requestBestPathTable()
    {
        sessions.execute(bgpRib::tableToHook);
    }

    /**
     * What a reconfiguration does to one neighbor.
     *
     * @param was   its running configuration, or null if it is added.
     * @param next  its new configuration, or null if it is removed.
     * @param reset whether its session must be reset (a session parameter changed).
     */
    private record NeighborChange(PeerConfig was, PeerConfig next, boolean reset)
    {
        /** Its running session ends: removed, or reset by a changed session field. */
        boolean ends()
        {
            return was != null && (next == null || reset);
        }

        /** A new session starts: added, or after a reset. */
        boolean starts()
        {
            return next != null && (was == null || reset);
        }
    }

    /** On the loop: check everything, then change everything. */
    private void apply(final BgpConfig next, final long commit)
    {
        // 1. Checks: nothing changes before all of them pass.
        final BgpConfig running = config;
        checkLiveChange(running, next);
        final Map<String, PolicyEvaluator> compiled = compile(next, running.policies(), evaluators);
        final List<NeighborChange> plan = plan(running, next);

        // 2. TCP MD5 keys of new sessions on the listening socket: the one step the kernel may refuse, so it
        //    is tried first and undone if refused.
        final List<PeerConfig> starting = plan.stream().filter(NeighborChange::starts)
            .map(NeighborChange::next).toList();
        sessions.checkKeys(starting, p -> field(next, p) + ".password");
        // 3. Sessions that go: Cease/Peer De-configured or Other Configuration Change (RFC 4486), routes withdrawn.
        for (final NeighborChange c : plan)
        {
            if (c.ends())
            {
                sessions.remove(c.was().name(), c.next() == null ? NotificationMessage.CEASE_PEER_DECONFIGURED :
                    NotificationMessage.CEASE_OTHER_CONFIGURATION_CHANGE);
                bgpRib.removeNeighbor(c.was().name());
                if (c.next() == null || !c.next().name().equals(c.was().name()))
                {
                    adminShutdown.remove(c.was().name());
                }
            }
        }
        // 4. The RIB: new peers, policies, re-import and re-export where they changed, networks, multipath.
        bgpRib.reconfigure(next, compiled, commit);
        evaluators.clear();
        evaluators.putAll(compiled);
        // 4b. RPKI caches: removed or changed ones stop, new ones start, the others keep their sessions and data.
        rpki.configure(next.rpki());
        // 4c. BMP stations: removed or changed ones end (Termination), new ones connect and resync.
        bmp.configure(next.bmp());
        // 5. Sessions that stay take their new settings; new ones start.
        for (final NeighborChange c : plan)
        {
            if (c.was() != null && c.next() != null && !c.reset())
            {
                if (!c.was().name().equals(c.next().name()))
                {
                    sessions.rename(c.was().name(), c.next().name());
                    if (adminShutdown.remove(c.was().name()))
                    {
                        adminShutdown.add(c.next().name());
                    }
                }
                final String name = c.next().name();
                sessions.session(name).applyLive(c.next(), family -> receivedPrefixes(name, family));
            }
            else if (c.starts())
            {
                sessions.add(c.next(), !adminShutdown.contains(c.next().name()));
            }
        }
        sessions.order(next.neighbors().stream().map(PeerConfig::name).toList());
        config = next;
    }

    private List<IpPrefix> receivedPrefixes(final String name, final AfiSafi family)
    {
        final List<IpPrefix> out = new ArrayList<>();
        bgpRib.forEachRoute(name, BgpRib.View.RECEIVED, family, (p, path) -> out.add(p));
        return out;
    }

    private static String field(final BgpConfig config, final PeerConfig peer)
    {
        return "bgp.neighbors[" + config.neighbors().indexOf(peer) + "]";
    }

    /**
     * Compile the policies of {@code next}, reusing the evaluator of every policy that did not change, and
     * check every neighbor's policy names.
     *
     * @throws IllegalArgumentException naming the field.
     */
    private static Map<String, PolicyEvaluator> compile(
        final BgpConfig next, final Map<String, Policy> runningPolicies, final Map<String, PolicyEvaluator> running)
    {
        final Map<String, PolicyEvaluator> out = new HashMap<>();
        for (final Map.Entry<String, Policy> e : new TreeMap<>(next.policies()).entrySet())
        {
            final PolicyEvaluator same = running.get(e.getKey());
            if (same != null && e.getValue().equals(runningPolicies.get(e.getKey())))
            {
                out.put(e.getKey(), same);
                continue;
            }
            try
            {
                out.put(e.getKey(), new PolicyEvaluator(e.getValue()));
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalArgumentException("bgp.policies." + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
        for (int i = 0; i < next.neighbors().size(); i++)
        {
            final PeerConfig peer = next.neighbors().get(i);
            checkPolicyName(out, peer.importPolicy(), "bgp.neighbors[" + i + "].import");
            checkPolicyName(out, peer.exportPolicy(), "bgp.neighbors[" + i + "].export");
        }
        return out;
    }

    private static void checkPolicyName(final Map<String, PolicyEvaluator> policies, final Optional<String> name, final String field)
    {
        if (name.isPresent() && !policies.containsKey(name.get()))
        {
            throw new IllegalArgumentException(field + ": no policy named '" + name.get() + "'");
        }
    }

    /**
     * The neighbors of two configurations matched as the control agent's diff matches them
     * ({@link PeerConfig#match}): a removed one counts as reset.
     */
    private static List<NeighborChange> plan(final BgpConfig running, final BgpConfig next)
    {
        // Removals and resets run before additions (see apply): a neighbor taking the address another one
        // leaves finds it free, in the sessions and in the RIB (which matches peers by address).
        return PeerConfig.match(running.neighbors(), next.neighbors()).stream()
            .map(m -> new NeighborChange(m.before(), m.after(), null == m.after() ||
                null != m.before() && !m.before().sessionFieldsChanged(m.after()).isEmpty()))
            .toList();
    }

    public void resetNeighbor(final String neighbor, final boolean hard)
    {
        command("resetNeighbor", () ->
        {
            final BgpSession session = sessionOrThrow(neighbor);
            if (hard)
            {
                // RFC 4486 Administrative Reset: the session restarts at once (unless an operator shut it down).
                session.stop(NotificationMessage.CEASE_ADMIN_RESET, "");
                if (!adminShutdown.contains(neighbor))
                {
                    session.start();
                }
                return null;
            }
            final Negotiated negotiated = session.negotiated();
            if (negotiated == null)
            {
                return null;
            }
            if (negotiated.routeRefresh())
            {
                // RFC 2918 §3: ask the peer for its routes again, per family negotiated.
                for (final AfiSafi family : sortedFamilies(negotiated))
                {
                    session.send(new RouteRefreshMessage(family, RouteRefreshMessage.NORMAL));
                }
            }
            bgpRib.resendAdjRibOut(neighbor);
            return null;
        }, STATUS_TIMEOUT_MS);
    }

    private static List<AfiSafi> sortedFamilies(final Negotiated negotiated)
    {
        final List<AfiSafi> families = new ArrayList<>(negotiated.families());
        families.sort(Comparator.comparingInt(AfiSafi::afi).thenComparingInt(AfiSafi::safi));
        return families;
    }

    public void shutdownNeighbor(final String neighbor, final String message)
    {
        final String text = message == null ? "" : message;
        final int length = text.getBytes(StandardCharsets.UTF_8).length;
        if (length > NotificationMessage.MAX_SHUTDOWN_COMMUNICATION_LENGTH)
        {
            throw new IllegalArgumentException("message: a shutdown communication is at most " +
                NotificationMessage.MAX_SHUTDOWN_COMMUNICATION_LENGTH + " bytes of UTF-8 (RFC 9003), not " + length);
        }
        command("shutdownNeighbor", () ->
        {
            final BgpSession session = sessionOrThrow(neighbor);
            // RFC 8203/9003: Cease/Administrative Shutdown with the operator's text; Idle until enabled.
            session.stop(NotificationMessage.CEASE_ADMIN_SHUTDOWN, text);
            adminShutdown.add(neighbor);
            return null;
        }, STATUS_TIMEOUT_MS);
    }

    public void enableNeighbor(final String neighbor)
    {
        command("enableNeighbor", () ->
        {
            final BgpSession session = sessionOrThrow(neighbor);
            adminShutdown.remove(neighbor);
            session.start();
            return null;
        }, STATUS_TIMEOUT_MS);
    }

    private BgpSession sessionOrThrow(final String neighbor)
    {
        final BgpSession session = sessions.session(neighbor);
        if (session == null)
        {
            throw new NoSuchElementException("no neighbor named '" + neighbor + "'");
        }
        return session;
    }

    /**
     * Read without the event loop ({@link BgpRib#bestConcurrently}): a lookup through the API answers in
     * microseconds even while the loop takes in a full table or waits on the FIB.
     */
    @Override
    public Optional<BgpRib.Selected> best(final IpPrefix prefix)
    {
        Objects.requireNonNull(prefix, "prefix");
        return Optional.ofNullable(bgpRib.bestConcurrently(AfiSafi.unicastOf(prefix), prefix));
    }

    public RouteExplanation explain(final IpPrefix prefix)
    {
        Objects.requireNonNull(prefix, "prefix");
        return command("explain", () -> bgpRib.explain(
            AfiSafi.unicastOf(prefix), prefix), STATUS_TIMEOUT_MS);
    }

    public List<TableEntry> neighborTable(
        final String neighbor, final Table table, final Optional<IpPrefix> within, final Optional<IpPrefix> after,
        final int limit)
    {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(within, "within");
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_PAGE)
        {
            throw new IllegalArgumentException("limit: 1.." + MAX_PAGE + ", not " + limit);
        }
        return command("neighborTable", () ->
        {
            if (sessions.session(neighbor) == null)
            {
                throw new NoSuchElementException("no neighbor named '" + neighbor + "'");
            }
            return TablePage.select(bgpRib, neighbor, switch (table)
            {
                case RECEIVED -> BgpRib.View.RECEIVED;
                case ACCEPTED -> BgpRib.View.ACCEPTED;
                case ADVERTISED -> BgpRib.View.ADVERTISED;
            }, within.orElse(null), after.orElse(null), limit);
        }, STATUS_TIMEOUT_MS);
    }

    @Override
    public net.junction.bgp.mrt.RibDump mrtTable(final Optional<String> neighbor, final Table table)
    {
        Objects.requireNonNull(neighbor, "neighbor");
        final BgpRib.View view = switch (table)
        {
            case RECEIVED -> BgpRib.View.RECEIVED;
            case ACCEPTED -> BgpRib.View.ACCEPTED;
            case ADVERTISED -> throw new IllegalArgumentException("an MRT table dump holds routes received, not advertised");
        };
        final List<BgpRib.DumpedRoute> routes = command("mrtDump", () ->
        {
            final List<BgpRib.DumpedRoute> dumped = bgpRib.dump(neighbor.orElse(null), view);
            if (dumped == null)
            {
                throw new NoSuchElementException("no neighbor named '" + neighbor.get() + "'");
            }
            return dumped;
        }, STATUS_TIMEOUT_MS);
        return new net.junction.bgp.mrt.RibDump(routes, config.routerId(), System.currentTimeMillis() / 1000);
    }

    public AutoCloseable addStateListener(final StateListener listener)
    {
        Objects.requireNonNull(listener, "listener");
        return sessions.addStateListener((session, from, to, reason) ->
            listener.stateChanged(session.config().name(), session.config().remoteAddress(), stateName(from), stateName(to),
                reason));
    }

    // ---------------------------------------------------------------- change preview

    /** Most changes of each kind one preview lists. */
    static final int MAX_PREVIEW_FIRST = 10_000;

    @Override
    public net.junction.bgp.rib.PolicyPreview preview(final BgpConfig candidate, final int firstN)
    {
        Objects.requireNonNull(candidate, "candidate");
        if (firstN < 0 || firstN > MAX_PREVIEW_FIRST)
        {
            throw new IllegalArgumentException("firstN: 0.." + MAX_PREVIEW_FIRST + ", not " + firstN);
        }
        return command("preview", () ->
        {
            // The checks reconfigure makes first, then its plan: the neighbors it removes or resets go.
            final BgpConfig running = config;
            checkLiveChange(running, candidate);
            final Map<String, PolicyEvaluator> compiled = compile(candidate, running.policies(), evaluators);
            final Set<String> going = new HashSet<>();
            for (final NeighborChange c : plan(running, candidate))
            {
                if (c.ends())
                {
                    going.add(c.was().name());
                }
            }
            return bgpRib.preview(candidate, compiled, going, firstN);
        }, RECONFIGURE_TIMEOUT_MS);
    }

    /** The fields a live change may not touch ({@link #apply} and the preview refuse them alike). */
    private static void checkLiveChange(final BgpConfig running, final BgpConfig next)
    {
        if (next.localAs() != running.localAs())
        {
            throw new IllegalArgumentException("bgp.local-as: cannot change while the router runs (" +
                Integer.toUnsignedString(running.localAs()) + " -> " + Integer.toUnsignedString(next.localAs()) +
                "); it needs a restart");
        }
        if (next.routerId() != running.routerId())
        {
            throw new IllegalArgumentException("bgp.router-id: cannot change while the router runs; it needs a restart");
        }
        if (!next.listenAddress().equals(running.listenAddress()) || next.listenPort() != running.listenPort())
        {
            throw new IllegalArgumentException("bgp.listen: cannot change while the router runs; it needs a restart");
        }
    }

    /**
     * Cease/Administrative Shutdown to every peer, then stop the thread and close every socket.
     */
    @Override
    public void close()
    {
        sessions.close();
        bmp.close(); // after the sessions' Peer Downs: what is queued, then a Termination
        mrt.close();
    }

    /**
     * Stop as a crash stops it: the thread ends and every socket is closed without a NOTIFICATION, so peers
     * doing graceful restart keep this speaker's routes (RFC 4724 §4.2) until a speaker that restarted
     * ({@link LocalRestart#restarted}) sends them again. For a control plane handing over to its next instance,
     * and for tests. {@link #close} afterwards does nothing.
     */
    public void abandon()
    {
        sessions.abandon();
        bmp.close();
        mrt.close();
    }

    @Override
    public MrtRecorder.Status mrtStatus()
    {
        return mrt.status();
    }
}
