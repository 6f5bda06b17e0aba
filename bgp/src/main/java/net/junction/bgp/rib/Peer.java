/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.PolicyEvaluator;
import net.junction.bgp.session.Negotiated;
import net.junction.bgp.session.PeerSession;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpAddress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing side's state of one neighbor: its Adj-RIB-In as received (before import policy, for soft
 * reconfiguration) and after import policy, and its Adj-RIB-Out, per family; its policies
 * and what its session negotiated. Outlives sessions (graceful restart keeps the Adj-RIB-In of a
 * peer whose session is down). The speaker's own networks are a pseudo-peer with {@link #local} set.
 * <p>
 * ADD-PATH (RFC 7911): a neighbor that sends several paths per prefix, each with a Path Identifier, has
 * <i>lanes</i>: Peers of its own ({@link #owner} the neighbor, {@link #slot} their index) with their own
 * Adj-RIBs-In, in the RIB's list of peers beside the neighbor, so every path is a candidate of the decision
 * process, its preview and its explanation. A path (prefix, Path Identifier) takes the first lane free for
 * its prefix and keeps it until withdrawn ({@link #pathIds} maps each prefix's lanes to identifiers), so
 * there are as many lanes as the most paths one prefix has, however the neighbor numbers its paths (FRR
 * and BIRD use identifiers unique over the whole table). A withdrawal by identifier removes that path only.
 * A lane has no session and no Adj-RIB-Out; it reads the neighbor's settings ({@link #syncFromOwner}); the
 * neighbor's paths sent without identifiers stay in its own tables.
 */
final class Peer
{
    /** Replaced by a live reconfiguration; never in a way that changes {@link #address} or the AS numbers. */
    PeerConfig config;
    final boolean local;
    final IpAddress address;
    PolicyEvaluator importPolicy;
    PolicyEvaluator exportPolicy;

    PeerSession session;
    Negotiated negotiated;
    boolean established;
    /** UPDATEs the RIB received over the current session (End-of-RIB markers included): the sequence of the last. */
    long updates;
    boolean external;
    int routerId;
    int localAs;

    /**
     * Adj-RIB-In before import policy, as an overlay: the routes the policy rejected or changed, as the peer
     * sent them; a route accepted unchanged is only in {@link #ribIn}.
     */
    final Map<AfiSafi, AdjRibIn> received = new LinkedHashMap<>(4);
    /** Adj-RIB-In after import policy: the decision process's candidates. */
    final Map<AfiSafi, AdjRibIn> ribIn = new LinkedHashMap<>(4);
    final Map<AfiSafi, AdjRibOut> ribOut = new LinkedHashMap<>(4);
    final List<AfiSafi> outFamilies = new ArrayList<>(2);

    /** For a lane, the neighbor it belongs to; null for a neighbor (or the local pseudo-peer). */
    final Peer owner;
    /** For a lane, its index in the neighbor's {@link #lanes}. */
    final int slot;
    /** A neighbor's lanes, by slot; null until it has one. */
    List<Peer> lanes;
    /**
     * A neighbor's Path Identifiers per family and prefix, by lane: {@code PRESENT | unsigned id}, 0 for a lane
     * that holds no path of the prefix.
     */
    Map<AfiSafi, net.junction.routing.PrefixMap<long[]>> pathIds;

    /** Marks a slot of {@link #pathIds} in use. */
    static final long PRESENT = 1L << 32;

    /** BMP statistics (RFC 7854 §4.8 types 0, 1, 2): see {@link BgpRib#counters}. */
    long rejectedPrefixes;
    long duplicateAdvertisements;
    long duplicateWithdraws;

    boolean loggedNoImportPolicy;
    boolean loggedNoExportPolicy;
    boolean loggedNoNextHop;
    boolean writableScheduled;

    Peer(final PeerConfig config, final boolean local, final PolicyEvaluator importPolicy,
        final PolicyEvaluator exportPolicy, final int speakerAs, final int speakerRouterId)
    {
        this.config = config;
        this.local = local;
        this.address = config == null ? null : config.remoteAddress();
        this.importPolicy = importPolicy;
        this.exportPolicy = exportPolicy;
        this.external = config != null && config.isExternal(speakerAs);
        this.localAs = config == null ? speakerAs : config.localAs().orElse(speakerAs);
        this.routerId = local ? speakerRouterId : 0;
        this.owner = null;
        this.slot = -1;
    }

    private Peer(final Peer owner, final int slot)
    {
        this.config = owner.config;
        this.local = false;
        this.address = owner.address;
        this.owner = owner;
        this.slot = slot;
        syncFromOwner();
    }

    /**
     * @return a new lane at the next slot (the caller adds it to the RIB's list of peers).
     */
    Peer newLane()
    {
        if (lanes == null)
        {
            lanes = new ArrayList<>(2);
        }
        final Peer lane = new Peer(this, lanes.size());
        lanes.add(lane);
        return lane;
    }

    /**
     * @return the lane holding the neighbor's path (prefix, Path Identifier), or -1.
     */
    int slotOf(final AfiSafi family, final net.junction.routing.IpPrefix prefix, final int pathId)
    {
        final net.junction.routing.PrefixMap<long[]> ids = pathIds == null ? null : pathIds.get(family);
        final long[] slots = ids == null ? null : ids.get(prefix);
        final long wanted = PRESENT | Integer.toUnsignedLong(pathId);
        for (int s = 0; slots != null && s < slots.length; s++)
        {
            if (slots[s] == wanted)
            {
                return s;
            }
        }
        return -1;
    }

    /**
     * @return the first lane with no path of the prefix, now holding the Path Identifier's; may be
     *     {@code lanes.size()} (a lane to make).
     */
    int takeSlot(final AfiSafi family, final net.junction.routing.IpPrefix prefix, final int pathId)
    {
        if (pathIds == null)
        {
            pathIds = new LinkedHashMap<>(2);
        }
        final net.junction.routing.PrefixMap<long[]> ids =
            pathIds.computeIfAbsent(family, f -> new net.junction.routing.PrefixMap<>(AfiSafi.AFI_IPV6 == f.afi()));
        long[] slots = ids.get(prefix);
        int s = 0;
        while (slots != null && s < slots.length && slots[s] != 0)
        {
            s++;
        }
        if (slots == null || s == slots.length)
        {
            slots = slots == null ? new long[2] : java.util.Arrays.copyOf(slots, slots.length * 2);
            ids.put(prefix, slots);
        }
        slots[s] = PRESENT | Integer.toUnsignedLong(pathId);
        return s;
    }

    /**
     * The lane's path of the prefix is gone: its slot is free.
     */
    void freeSlot(final AfiSafi family, final net.junction.routing.IpPrefix prefix, final int s)
    {
        final net.junction.routing.PrefixMap<long[]> ids = pathIds == null ? null : pathIds.get(family);
        final long[] slots = ids == null ? null : ids.get(prefix);
        if (slots == null || s >= slots.length)
        {
            return;
        }
        slots[s] = 0;
        for (final long v : slots)
        {
            if (v != 0)
            {
                return;
            }
        }
        ids.remove(prefix);
    }

    /**
     * @return the Path Identifier of the lane's path of the prefix, as an unsigned value, or -1 if none.
     */
    long pathIdOf(final AfiSafi family, final net.junction.routing.IpPrefix prefix, final int s)
    {
        final net.junction.routing.PrefixMap<long[]> ids = pathIds == null ? null : pathIds.get(family);
        final long[] slots = ids == null ? null : ids.get(prefix);
        return slots == null || s >= slots.length || slots[s] == 0 ? -1 : slots[s] & 0xFFFF_FFFFL;
    }

    /**
     * A lane takes what the neighbor has now: settings after a reconfiguration, the session's values when it
     * comes up.
     */
    void syncFromOwner()
    {
        config = owner.config;
        importPolicy = owner.importPolicy;
        exportPolicy = owner.exportPolicy;
        external = owner.external;
        routerId = owner.routerId;
        localAs = owner.localAs;
        updates = owner.updates;
    }

    /**
     * @return the neighbor: this one, or a lane's owner.
     */
    Peer neighbor()
    {
        return owner == null ? this : owner;
    }

    /**
     * @return this neighbor then its lanes.
     */
    List<Peer> withLanes()
    {
        if (lanes == null || lanes.isEmpty())
        {
            return List.of(this);
        }
        final List<Peer> all = new ArrayList<>(1 + lanes.size());
        all.add(this);
        all.addAll(lanes);
        return all;
    }

    /**
     * @return whether it holds no route of any family, received or accepted.
     */
    boolean isEmpty()
    {
        for (final AdjRibIn in : received.values())
        {
            if (in.size() > 0)
            {
                return false;
            }
        }
        for (final AdjRibIn in : ribIn.values())
        {
            if (in.size() > 0)
            {
                return false;
            }
        }
        return true;
    }

    AdjRibIn ribIn(final AfiSafi family, final PathInterner interner)
    {
        return ribIn.computeIfAbsent(family, f -> new AdjRibIn(f, interner));
    }

    AdjRibIn received(final AfiSafi family, final PathInterner interner)
    {
        return received.computeIfAbsent(family, f -> new AdjRibIn(f, interner));
    }

    /**
     * @return the families it has routes of, received or accepted.
     */
    java.util.Set<AfiSafi> families()
    {
        final java.util.Set<AfiSafi> all = new java.util.LinkedHashSet<>(received.keySet());
        all.addAll(ribIn.keySet());
        return all;
    }

    boolean routeReflectorClient()
    {
        return config != null && config.routeReflectorClient();
    }

    boolean relayUnknownAttributes()
    {
        return config == null || config.relayUnknownAttributes();
    }

    String name()
    {
        return local ? "local" : config.name();
    }

    public String toString()
    {
        return owner == null ? name() : name() + "#" + slot;
    }
}
