/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.session.Negotiated;
import net.junction.bgp.session.PeerSession;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.BgpMessage;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.RouteRefreshMessage;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session double: records what the RIB sends, keeps the peer's view of our advertisements, and
 * reports congestion after a given number of messages until {@link #drain()}.
 */
final class FakeSession implements PeerSession
{
    /** What the peer sees for one prefix. */
    record Received(PathAttributes attributes, IpAddress nextHop, IpAddress linkLocal)
    {
    }

    final PeerConfig config;
    final List<BgpMessage> sent = new ArrayList<>();
    final Map<IpPrefix, Received> view = new HashMap<>();
    /** With ADD-PATH send (the neighbor's {@code add-path.send}): the peer's view by prefix and Path Identifier. */
    final Map<IpPrefix, java.util.SortedMap<Integer, Received>> paths = new HashMap<>();
    /** Announcements and withdrawals of (prefix, Path Identifier) the peer got, counted. */
    int pathAnnouncements;
    int pathWithdrawals;
    final List<AfiSafi> endOfRibs = new ArrayList<>();
    final List<RouteRefreshMessage> refreshes = new ArrayList<>();
    int updates;
    boolean encode = true;
    boolean trackView = true;
    boolean keepMessages = true;
    long sentBytes;
    /** Messages sent while congested. */
    int overshoot;

    /** The peer's graceful restart capability as the next {@link #establish} negotiates it; null: none. */
    Negotiated.PeerRestart peerRestart;

    /** Messages accepted before reporting congestion; negative: never congested. */
    int budget = -1;
    private Runnable writable;
    private State state = State.IDLE;
    private Negotiated negotiated;

    FakeSession(final PeerConfig config)
    {
        this.config = config;
    }

    Negotiated establish(final int localAs, final int peerRouterId, final IpAddress localAddress,
        final boolean enhancedRefresh, final Set<AfiSafi> families)
    {
        final boolean external = config.remoteAs() != localAs;
        // ADD-PATH: as if the peer advertised receive (and send) for every family configured.
        final Set<AfiSafi> sendPathIds = new java.util.HashSet<>();
        for (final AfiSafi family : families)
        {
            if (config.addPath().sends(family))
            {
                sendPathIds.add(family);
            }
        }
        negotiated = new Negotiated(localAs, config.remoteAs(), peerRouterId, 90, 30, families,
            new CodecOptions(true, false, external, Set.of(), sendPathIds), true, enhancedRefresh, peerRestart, localAddress, config.remoteAddress(),
            config.extendedNextHop()); // RFC 8950: as if the peer advertised it too
        state = State.ESTABLISHED;
        return negotiated;
    }

    void drop()
    {
        // A new session starts from nothing: the peer forgot our routes.
        sent.clear();
        view.clear();
        paths.clear();
        endOfRibs.clear();
        refreshes.clear();
        updates = 0;
        state = State.IDLE;
        negotiated = null;
        writable = null;
    }

    /**
     * Lift congestion (the socket drained) and run the pending writable task.
     *
     * @param newBudget messages accepted before congestion again (negative: unlimited).
     */
    void drain(final int newBudget)
    {
        budget = newBudget;
        final Runnable task = writable;
        writable = null;
        if (task != null)
        {
            task.run();
        }
    }

    boolean hasWritableTask()
    {
        return writable != null;
    }

    public PeerConfig config()
    {
        return config;
    }

    public State state()
    {
        return state;
    }

    public Negotiated negotiated()
    {
        return negotiated;
    }

    public void send(final BgpMessage message)
    {
        if (budget == 0)
        {
            // Sessions accept messages above the high-water mark; a sender should stop soon after.
            overshoot++;
        }
        if (budget > 0)
        {
            budget--;
        }
        if (keepMessages)
        {
            sent.add(message);
        }
        if (encode)
        {
            final byte[] bytes = MessageEncoder.encode(message, negotiated.codec());
            sentBytes += bytes.length;
        }
        if (message instanceof RouteRefreshMessage r)
        {
            refreshes.add(r);
            return;
        }
        final UpdateMessage u = (UpdateMessage)message;
        final AfiSafi eor = u.endOfRibFamily();
        if (eor != null)
        {
            endOfRibs.add(eor);
            return;
        }
        updates++;
        if (!trackView)
        {
            return;
        }
        if (!u.withdrawnPathIds().isEmpty() || !u.nlriPathIds().isEmpty() ||
            (u.mpReach() != null && !u.mpReach().pathIds().isEmpty()) ||
            (u.mpUnreach() != null && !u.mpUnreach().pathIds().isEmpty()))
        {
            trackPaths(u);
            return;
        }
        for (final IpPrefix p : u.withdrawnPrefixes())
        {
            view.remove(p);
        }
        if (!u.nlri().isEmpty())
        {
            final PathAttribute.NextHop nh = u.attributes().nextHop();
            final Received r = new Received(u.attributes().without(PathAttribute.NEXT_HOP),
                new Ip4Address(nh.address()), null);
            for (final IpPrefix p : u.nlri())
            {
                view.put(p, r);
            }
        }
        if (u.mpReach() != null)
        {
            final Received r = new Received(u.attributes(), u.mpReach().nextHop(), u.mpReach().linkLocalNextHop());
            for (final IpPrefix p : u.mpReach().nlri())
            {
                view.put(p, r);
            }
        }
    }

    private void trackPaths(final UpdateMessage u)
    {
        for (int i = 0; i < u.withdrawnPathIds().size(); i++)
        {
            withdrawPath(u.withdrawn().get(i), u.withdrawnPathIds().get(i));
        }
        for (int i = 0; u.mpUnreach() != null && i < u.mpUnreach().pathIds().size(); i++)
        {
            withdrawPath(u.mpUnreach().withdrawn().get(i), u.mpUnreach().pathIds().get(i));
        }
        if (!u.nlri().isEmpty())
        {
            final Received r = new Received(u.attributes().without(PathAttribute.NEXT_HOP),
                new Ip4Address(u.attributes().nextHop().address()), null);
            for (int i = 0; i < u.nlri().size(); i++)
            {
                paths.computeIfAbsent(u.nlri().get(i), k -> new java.util.TreeMap<>()).put(u.nlriPathIds().get(i), r);
                pathAnnouncements++;
            }
        }
        if (u.mpReach() != null)
        {
            final Received r = new Received(u.attributes(), u.mpReach().nextHop(), u.mpReach().linkLocalNextHop());
            for (int i = 0; i < u.mpReach().nlri().size(); i++)
            {
                paths.computeIfAbsent(u.mpReach().nlri().get(i), k -> new java.util.TreeMap<>())
                    .put(u.mpReach().pathIds().get(i), r);
                pathAnnouncements++;
            }
        }
    }

    private void withdrawPath(final IpPrefix prefix, final int pathId)
    {
        final java.util.SortedMap<Integer, Received> held = paths.get(prefix);
        if (held == null || held.remove(pathId) == null)
        {
            throw new AssertionError("withdrawal of " + prefix + " path id " + pathId + ", never announced");
        }
        if (held.isEmpty())
        {
            paths.remove(prefix);
        }
        pathWithdrawals++;
    }

    public boolean congested()
    {
        return budget == 0;
    }

    public void onWritable(final Runnable task)
    {
        writable = task;
    }

    public void stop(final int subcode, final String communication)
    {
        drop();
    }

    public void start()
    {
    }

    public long updatesReceived()
    {
        return 0;
    }

    public long updatesSent()
    {
        return updates;
    }

    public String lastError()
    {
        return "";
    }
}
