/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rpki;

import net.junction.bgp.transport.EventLoop;
import net.junction.routing.IpPrefix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Origin validation for the speaker: an RTR session per configured cache, and the {@link VrpTable} in effect,
 * which holds the data of the most preferred cache that has data (RFC 8210 §10: lower preference first, then the
 * configured order). When that cache's data changes, or another cache's data takes over (the preferred one's
 * expired, or a preferred one came back), the table changes by the difference only, and the owner hears the
 * prefixes of the VRPs that changed: the routes they cover are the ones whose state may have changed. With no
 * cache holding data, the table is empty and every route is not-found.
 * <p>
 * Loop thread only, but {@link #table()} (read from any thread) and {@link #status()}.
 */
public final class RpkiValidator implements RtrSession.Listener, AutoCloseable
{
    /**
     * What {@link #status} tells of one cache.
     *
     * @param name          {@code ADDRESS:PORT}.
     * @param preference    configured.
     * @param state         {@code idle}, {@code connecting}, {@code reset-sent}, {@code serial-sent},
     *                      {@code receiving}, {@code synced}.
     * @param selected      whether its data is the one in effect.
     * @param version       the RTR version in use (or offered next).
     * @param sessionId     the cache's session id, or -1.
     * @param serial        the serial of the data held.
     * @param vrps4         IPv4 VRPs it holds.
     * @param vrps6         IPv6 VRPs it holds.
     * @param lastUpdateMs  epoch ms of its last End of Data, or 0.
     * @param refreshSeconds the intervals in use.
     * @param retrySeconds  the intervals in use.
     * @param expireSeconds the intervals in use.
     * @param resets        Reset Queries answered.
     * @param serialUpdates Serial Queries answered.
     * @param lastError     the last error, or empty.
     */
    public record CacheStatus(
        String name, int preference, String state, boolean selected, int version, int sessionId, long serial,
        long vrps4, long vrps6, long lastUpdateMs, int refreshSeconds, int retrySeconds, int expireSeconds, long resets,
        long serialUpdates, String lastError)
    {
    }

    /**
     * @param caches   every cache, in preference order.
     * @param vrps4    IPv4 VRPs in effect.
     * @param vrps6    IPv6 VRPs in effect.
     * @param changes  times the table in effect changed.
     */
    public record Status(List<CacheStatus> caches, long vrps4, long vrps6, long changes)
    {
        /** No caches configured. */
        public static final Status NONE = new Status(List.of(), 0, 0, 0);
    }

    private final EventLoop loop;
    private final Consumer<Set<IpPrefix>> changed;
    private final VrpTable table = new VrpTable();
    /** By cache name, in the configured order. */
    private final Map<String, RtrSession> sessions = new LinkedHashMap<>();
    private RpkiConfig config = RpkiConfig.NONE;
    private RtrSession selected;
    private long changes;
    private volatile Status status = Status.NONE;

    /**
     * @param loop    the speaker's loop.
     * @param changed told, on the loop, the prefixes of the VRPs that entered or left the table.
     */
    public RpkiValidator(final EventLoop loop, final Consumer<Set<IpPrefix>> changed)
    {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.changed = Objects.requireNonNull(changed, "changed");
    }

    /**
     * @return the VRPs in effect (read from any thread).
     */
    public VrpTable table()
    {
        return table;
    }

    /**
     * @return the caches and VRP counts as last published (any thread).
     */
    public Status status()
    {
        return status;
    }

    /**
     * Run {@code next}: caches removed or changed are stopped, new or changed ones started; the others keep
     * their sessions and data. Loop thread.
     *
     * @param next the caches.
     */
    public void configure(final RpkiConfig next)
    {
        Objects.requireNonNull(next, "next");
        final Set<RpkiConfig.Cache> keep = new HashSet<>(next.caches());
        for (final RtrSession s : List.copyOf(sessions.values()))
        {
            if (!keep.contains(s.config()))
            {
                sessions.remove(s.config().name());
                s.stop();
            }
        }
        final Map<String, RtrSession> ordered = new LinkedHashMap<>();
        final List<RtrSession> starting = new ArrayList<>();
        for (final RpkiConfig.Cache c : next.caches())
        {
            RtrSession s = sessions.get(c.name());
            if (s == null)
            {
                s = new RtrSession(loop, c, this);
                starting.add(s);
            }
            ordered.put(c.name(), s);
        }
        sessions.clear();
        sessions.putAll(ordered);
        config = next;
        for (final RtrSession s : starting)
        {
            s.start();
        }
        reselect();
        publish();
    }

    @Override
    public void dataChanged(final RtrSession session, final List<Vrp> announced, final List<Vrp> withdrawn)
    {
        if (session == selected)
        {
            final Set<IpPrefix> prefixes = new HashSet<>();
            for (final Vrp v : withdrawn)
            {
                if (table.remove(v))
                {
                    prefixes.add(v.prefix());
                }
            }
            for (final Vrp v : announced)
            {
                if (table.add(v))
                {
                    prefixes.add(v.prefix());
                }
            }
            if (!session.hasData())
            {
                selected = null; // its data went: another cache's may take over
            }
            tell(prefixes);
        }
        reselect();
        publish();
    }

    @Override
    public void stateChanged(final RtrSession session)
    {
        publish();
    }

    /** The most preferred cache with data becomes the one in effect; the table moves by the difference. */
    private void reselect()
    {
        final RtrSession best = sessions.values().stream().filter(RtrSession::hasData)
            .min(Comparator.comparingInt(s -> s.config().preference())).orElse(null);
        if (best == selected)
        {
            return;
        }
        final Set<Vrp> next = best == null ? Set.of() : best.vrps();
        final Set<IpPrefix> prefixes = new HashSet<>();
        final List<Vrp> gone = new ArrayList<>();
        table.forEach(v ->
        {
            if (!next.contains(v))
            {
                gone.add(v);
            }
        });
        for (final Vrp v : gone)
        {
            table.remove(v);
            prefixes.add(v.prefix());
        }
        for (final Vrp v : next)
        {
            if (table.add(v))
            {
                prefixes.add(v.prefix());
            }
        }
        selected = best;
        tell(prefixes);
    }

    private void tell(final Set<IpPrefix> prefixes)
    {
        if (!prefixes.isEmpty())
        {
            changes++;
            changed.accept(prefixes);
        }
    }

    private void publish()
    {
        final List<CacheStatus> list = new ArrayList<>();
        for (final RtrSession s : sessions.values())
        {
            final long v4 = s.vrps4();
            final int[] intervals = s.intervals();
            list.add(new CacheStatus(s.config().name(), s.config().preference(),
                s.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), s == selected, s.version(),
                s.sessionId(), Integer.toUnsignedLong(s.serial()), v4, s.vrps().size() - v4, s.lastUpdateMs(),
                intervals[0], intervals[1], intervals[2], s.resets(), s.serialUpdates(), s.lastError()));
        }
        list.sort(Comparator.comparingInt(CacheStatus::preference));
        status = new Status(List.copyOf(list), table.size4(), table.size6(), changes);
    }

    /** Stop every session (loop thread). */
    @Override
    public void close()
    {
        for (final RtrSession s : sessions.values())
        {
            s.stop();
        }
        sessions.clear();
        selected = null;
        table.clear();
        publish();
    }
}
