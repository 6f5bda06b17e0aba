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
        negotiated = new Negotiated(localAs, config.remoteAs(), peerRouterId, 90, 30, families,
            new CodecOptions(true, false, external), true, enhancedRefresh, peerRestart, localAddress, config.remoteAddress(),
            config.extendedNextHop()); // RFC 8950: as if the peer advertised it too
        state = State.ESTABLISHED;
        return negotiated;
    }

    void drop()
    {
        // A new session starts from nothing: the peer forgot our routes.
        sent.clear();
        view.clear();
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
