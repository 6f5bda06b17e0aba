/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpPrefix;
import net.junction.routing.PrefixMap;

import java.util.ArrayDeque;

/**
 * What this speaker has advertised to one peer in one family (RFC 4271 §3.2 Adj-RIB-Out), and what
 * it still has to look at: the prefixes whose best path changed since (dirty), each once, in the
 * order they changed. UPDATEs are made lazily from the dirty prefixes while the session can take
 * them, so a slow peer costs a set of prefixes, never a queue of messages. The order matters for
 * packing: prefixes of one received UPDATE stay together, and a whole-table send is queued grouped by
 * path, so that prefixes sharing attributes meet in one chunk and travel in one UPDATE.
 * <p>
 * <b>ADD-PATH send</b> (RFC 7911, negotiated for the family): {@link #paths} replaces {@link #sent}. A prefix's
 * entry holds each path sent by Path Identifier, with the candidate (a peer, or a lane of one) it was made from.
 * A candidate keeps its identifier while it is sent; a changed path goes again under it (an implicit replace,
 * RFC 7911 §5); a new candidate takes the lowest identifier not held, so an identifier is used again only once
 * its withdrawal went. The best moving between paths already sent therefore sends nothing.
 */
final class AdjRibOut
{
    /** Flag on a {@code sent} entry: advertise again even if unchanged (route refresh). */
    static final int RESEND = 1;

    /** Dirty structures larger than this are given back once empty. */
    private static final int RELEASE_CAPACITY = 4096;

    final AfiSafi family;
    /** Without ADD-PATH send: the path sent per prefix. */
    final PrefixMap<Path> sent;
    /** With ADD-PATH send: the paths sent per prefix, by Path Identifier; null without. */
    final PrefixMap<SentPaths> paths;
    /** With ADD-PATH send: the most paths sent per prefix (the neighbor's {@code add-path.send}, live). */
    int sendPaths;
    /** With ADD-PATH send: the paths {@link #paths} holds, over all prefixes (a status reads it often). */
    int pathCount;
    private final PrefixMap<Boolean> dirtySet;
    private ArrayDeque<IpPrefix> dirtyQueue = new ArrayDeque<>();
    final PathInterner interner;

    /** Send End-of-RIB once the dirty set is empty (initial table, RFC 4724 §2). */
    boolean endOfRibPending;
    /** Send EoRR once the dirty set is empty (enhanced route refresh, RFC 7313 §4). */
    boolean endOfRouteRefreshPending;

    AdjRibOut(final AfiSafi family, final PathInterner interner)
    {
        this(family, interner, 0);
    }

    /**
     * @param sendPaths with ADD-PATH send negotiated, the most paths per prefix (at least 1); 0 without.
     */
    AdjRibOut(final AfiSafi family, final PathInterner interner, final int sendPaths)
    {
        this.family = family;
        final boolean ipv6 = AfiSafi.AFI_IPV6 == family.afi();
        this.sent = new PrefixMap<>(ipv6);
        this.paths = sendPaths > 0 ? new PrefixMap<>(ipv6) : null;
        this.sendPaths = sendPaths;
        this.dirtySet = new PrefixMap<>(ipv6);
        this.interner = interner;
    }

    /**
     * @return whether Path Identifiers are sent (RFC 7911 send negotiated for the family).
     */
    boolean addPath()
    {
        return paths != null;
    }

    /**
     * @return whether anything was sent for the prefix.
     */
    boolean hasSent(final IpPrefix prefix)
    {
        return paths == null ? sent.containsKey(prefix) : paths.containsKey(prefix);
    }

    /**
     * @return routes sent: prefixes, or with ADD-PATH (prefix, Path Identifier) pairs.
     */
    int size()
    {
        return paths == null ? sent.size() : pathCount;
    }

    /**
     * Queue every prefix sent for export (a reconfiguration, a refresh); with {@code resend} they go again even
     * if unchanged.
     */
    void markSentDirty(final boolean resend)
    {
        if (paths == null)
        {
            for (int i = 0; i < sent.capacity(); i++)
            {
                if (sent.valueAt(i) != null)
                {
                    if (resend)
                    {
                        sent.setFlagsAt(i, sent.flagsAt(i) | RESEND);
                    }
                    markDirty(sent.prefixAt(i));
                }
            }
            return;
        }
        for (int i = 0; i < paths.capacity(); i++)
        {
            final SentPaths e = paths.valueAt(i);
            if (e != null)
            {
                e.resend |= resend;
                markDirty(paths.prefixAt(i));
            }
        }
    }

    /**
     * With ADD-PATH send: what went to the peer for one prefix, a few paths, each under its Path Identifier and
     * with the candidate it came from. Small parallel arrays, searched linearly: a prefix has a handful of paths.
     */
    static final class SentPaths
    {
        /** The candidate each path was made from: a peer, a lane of one, or the local pseudo-peer. */
        Peer[] sources = new Peer[2];
        int[] ids = new int[2];
        Path[] sent = new Path[2];
        int count;
        /** Send every path again even if unchanged (route refresh). */
        boolean resend;

        /**
         * @return the index of the candidate's path, or -1.
         */
        int indexOf(final Peer source)
        {
            for (int i = 0; i < count; i++)
            {
                if (sources[i] == source)
                {
                    return i;
                }
            }
            return -1;
        }

        /**
         * @return the index of the identifier's path, or -1.
         */
        int indexOfId(final int id)
        {
            for (int i = 0; i < count; i++)
            {
                if (ids[i] == id)
                {
                    return i;
                }
            }
            return -1;
        }

        /**
         * Record a path sent under an identifier, replacing what it held.
         *
         * @return the path it replaces, or null.
         */
        Path put(final int id, final Peer source, final Path path)
        {
            final int i = indexOfId(id);
            if (i >= 0)
            {
                final Path old = sent[i];
                sources[i] = source;
                sent[i] = path;
                return old;
            }
            if (count == ids.length)
            {
                sources = java.util.Arrays.copyOf(sources, count * 2);
                ids = java.util.Arrays.copyOf(ids, count * 2);
                sent = java.util.Arrays.copyOf(sent, count * 2);
            }
            sources[count] = source;
            ids[count] = id;
            sent[count] = path;
            count++;
            return null;
        }

        /**
         * Forget the identifier's path (its withdrawal went).
         *
         * @return the path it held, or null.
         */
        Path remove(final int id)
        {
            final int i = indexOfId(id);
            if (i < 0)
            {
                return null;
            }
            final Path old = sent[i];
            count--;
            sources[i] = sources[count];
            ids[i] = ids[count];
            sent[i] = sent[count];
            sources[count] = null;
            sent[count] = null;
            return old;
        }
    }

    /**
     * @param prefix whose best path changed; queued unless already.
     */
    void markDirty(final IpPrefix prefix)
    {
        if (dirtySet.put(prefix, Boolean.TRUE) == null)
        {
            dirtyQueue.add(prefix);
        }
    }

    /**
     * @return the oldest dirty prefix, no longer dirty, or null.
     */
    IpPrefix pollDirty()
    {
        final IpPrefix prefix = dirtyQueue.poll();
        if (prefix != null)
        {
            dirtySet.remove(prefix);
            if (dirtyQueue.isEmpty() && dirtySet.capacity() > RELEASE_CAPACITY)
            {
                // After a whole-table send: neither structure shrinks by itself.
                dirtySet.clear();
                dirtyQueue = new ArrayDeque<>();
            }
        }
        return prefix;
    }

    int dirtyCount()
    {
        return dirtyQueue.size();
    }

    boolean hasWork()
    {
        return !dirtyQueue.isEmpty() || endOfRibPending || endOfRouteRefreshPending;
    }
}
