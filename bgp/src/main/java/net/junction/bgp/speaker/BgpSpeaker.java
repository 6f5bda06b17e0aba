/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.speaker;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.rib.LocalAddresses;
import net.junction.bgp.session.BgpSession;
import net.junction.bgp.session.BgpSessions;
import net.junction.bgp.session.SessionOptions;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.rib.Rib;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The BGP speaker: sessions ({@link BgpSessions}), the BGP RIBs and decision process
 * ({@link BgpRib}), and the router RIB they feed ({@link RouterRibUpdater}, through which BGP
 * routes reach the FIB), on one event-loop thread.
 * <p>
 * Ownership: from {@link #start()} on, the router {@link Rib} belongs to the speaker's thread; any
 * other change to it (a static route, an interface address) must go through {@link #execute}.
 * Status is read with {@link #neighbors()} from any thread.
 */
public final class BgpSpeaker implements AutoCloseable
{
    /** How long a status snapshot may wait for the event loop. */
    private static final long STATUS_TIMEOUT_MS = 2_000;

    private final BgpConfig config;
    private final RouterRibUpdater updater;
    private final RibNextHopResolver resolver;
    private final BgpRib bgpRib;
    private final BgpSessions sessions;

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
        this.updater.deferTo(sessions::execute); // one RIB batch per event-loop turn, not per UPDATE
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
        sessions.start();
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
     * @return a snapshot of every neighbor, taken on the speaker's thread.
     */
    public List<NeighborStatus> neighbors()
    {
        return sessions.call(this::snapshot, STATUS_TIMEOUT_MS);
    }

    /**
     * @return the number of prefixes in the Loc-RIB per family name.
     */
    public Map<String, Integer> locRibSizes()
    {
        return sessions.call(() -> Map.of(
            "ipv4-unicast", bgpRib.locRibSize(AfiSafi.IPV4_UNICAST),
            "ipv6-unicast", bgpRib.locRibSize(AfiSafi.IPV6_UNICAST)), STATUS_TIMEOUT_MS);
    }

    private List<NeighborStatus> snapshot()
    {
        final long now = System.nanoTime();
        final List<NeighborStatus> list = new ArrayList<>();
        for (final BgpSession session : sessions.sessions())
        {
            final PeerConfig peer = session.config();
            final Map<String, Long> accepted = new HashMap<>();
            final Map<String, Long> advertised = new HashMap<>();
            for (final AfiSafi family : peer.families())
            {
                accepted.put(familyName(family), (long)bgpRib.adjRibInSize(peer.name(), family));
                advertised.put(familyName(family), (long)bgpRib.adjRibOutSize(peer.name(), family));
            }
            final long established = session.establishedTransitions();
            final boolean up = session.state() == net.junction.bgp.session.PeerSession.State.ESTABLISHED;
            list.add(new NeighborStatus(peer.name(), peer.remoteAddress().toString(),
                Integer.toUnsignedLong(peer.remoteAs()), session.state().name().toLowerCase(Locale.ROOT),
                session.uptimeNs(now) / 1_000_000_000L, accepted, accepted, advertised, session.updatesReceived(),
                session.updatesSent(), up ? established - 1 : established, false,
                null == session.lastError() ? "" : session.lastError()));
        }
        return list;
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

    /**
     * Cease/Administrative Shutdown to every peer, then stop the thread and close every socket.
     */
    @Override
    public void close()
    {
        sessions.close();
    }
}
