/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.config;

import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpAddress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One configured neighbor. Immutable; the control agent builds it from the validated YAML.
 *
 * @param name               unique label, used in logs, status and metrics ({@code [a-z0-9-]{1,32}}).
 * @param remoteAddress      the neighbor's address; the session's TCP peer.
 * @param localAddress       source address of the TCP connection, or empty to let the kernel pick.
 * @param remoteAs           the neighbor's AS (4-octet, unsigned in an int); equal to the local AS
 *                           makes the session iBGP.
 * @param localAs            the AS to present to this neighbor, or empty for the speaker's.
 * @param passive            only accept the neighbor's connection, never connect.
 * @param holdTimeSeconds    proposed hold time: 0 (no keepalives) or 3..65535 (RFC 4271 §4.2).
 * @param connectRetrySeconds ConnectRetryTimer (RFC 4271 §10 suggests 120; lower is usual).
 * @param password           TCP MD5 key (RFC 2385), or empty.
 * @param ttlSecurityHops    GTSM (RFC 5082): accept only packets whose TTL is at least
 *                           {@code 256 - hops} and send with TTL 255; empty: off (eBGP then
 *                           sends TTL 1, iBGP 64).
 * @param families           address families to negotiate (IPv4 and/or IPv6 unicast).
 * @param gracefulRestart    advertise and honour graceful restart (RFC 4724).
 * @param restartTimeSeconds restart time advertised (0..4095).
 * @param maxPrefixes        per family, most prefixes accepted from the neighbor; beyond it the
 *                           session is closed with a Cease/Maximum Number of Prefixes Reached
 *                           NOTIFICATION (RFC 4486). Absent: unlimited.
 * @param importPolicy       name of the policy applied to routes received, or empty: iBGP accepts
 *                           all, eBGP rejects all (RFC 8212).
 * @param exportPolicy       name of the policy applied to routes sent, or empty: iBGP sends what
 *                           the usual rules allow, eBGP sends nothing (RFC 8212).
 * @param nextHopSelf        rewrite the next hop to the local address on routes sent (iBGP).
 * @param routeReflectorClient the neighbor is a route-reflector client (RFC 4456; iBGP only).
 * @param ebgpMultihop       eBGP only: the TTL of the session's packets (1..255), for a neighbor up to that many
 *                           hops away; empty: 1 (directly connected). Not with {@code ttlSecurityHops}.
 * @param role               eBGP only: our BGP Role toward the neighbor (RFC 9234), or empty: no Role capability
 *                           and no Only-to-Customer procedures.
 * @param strictRole         refuse a neighbor that does not announce its role (RFC 9234 §4.2 strict mode).
 * @param extendedNextHop    advertise the Extended Next Hop Encoding capability for IPv4 unicast with IPv6
 *                           next hops (RFC 8950); off by default, as in BIRD and FRR (for a numbered
 *                           neighbor). Needs an IPv6 neighbor address and the ipv4-unicast family.
 * @param addPath            ADD-PATH (RFC 7911): receive several paths per prefix, send up to a count of them;
 *                           {@link AddPathConfig#NONE}: off. A change of the count alone is applied live.
 * @param relayUnknownAttributes send this neighbor the optional transitive attributes Junction does not
 *                           recognize, with Partial set, as RFC 4271 §5 asks (the default); false: strip them
 *                           from what it is sent. The registered ones Junction checks ({@code CheckedAttribute})
 *                           are relayed either way: they are never relayed malformed.
 */
public record PeerConfig(
    String name,
    IpAddress remoteAddress,
    Optional<IpAddress> localAddress,
    int remoteAs,
    Optional<Integer> localAs,
    boolean passive,
    int holdTimeSeconds,
    int connectRetrySeconds,
    Optional<String> password,
    Optional<Integer> ttlSecurityHops,
    Set<AfiSafi> families,
    boolean gracefulRestart,
    int restartTimeSeconds,
    Map<AfiSafi, Integer> maxPrefixes,
    Optional<String> importPolicy,
    Optional<String> exportPolicy,
    boolean nextHopSelf,
    boolean routeReflectorClient,
    Optional<Integer> ebgpMultihop,
    Optional<BgpRole> role,
    boolean strictRole,
    boolean extendedNextHop,
    AddPathConfig addPath,
    boolean relayUnknownAttributes)
{
    /** RFC 4271 §10 suggested hold time. */
    public static final int DEFAULT_HOLD_TIME = 90;
    /** Connect retry used when the configuration does not say. */
    public static final int DEFAULT_CONNECT_RETRY = 5;
    /** Restart time advertised when the configuration does not say. */
    public static final int DEFAULT_RESTART_TIME = 120;

    /**
     * The session parameters, by their configuration names: what the TCP connection, its key and TTL,
     * the OPEN message and the FSM's timers are made from. A change to one of them is applied by
     * resetting the session (Cease/Other Configuration Change, RFC 4486); every other field (policies,
     * next-hop-self, route-reflector-client, max-prefixes, the name) applies to a running session.
     * The one list: the control agent's diff uses it too.
     */
    public static final List<String> SESSION_FIELDS = List.of("address", "remote-as", "local-address", "local-as",
        "passive", "hold-time", "connect-retry", "password", "ttl-security", "families", "graceful-restart",
        "restart-time", "ebgp-multihop", "role", "strict-role", "extended-next-hop", "add-path");

    public PeerConfig
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(localAs, "localAs");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(ttlSecurityHops, "ttlSecurityHops");
        families = Set.copyOf(families);
        maxPrefixes = Map.copyOf(maxPrefixes);
        Objects.requireNonNull(importPolicy, "importPolicy");
        Objects.requireNonNull(exportPolicy, "exportPolicy");
        if (holdTimeSeconds != 0 && (holdTimeSeconds < 3 || holdTimeSeconds > 65535))
        {
            throw new IllegalArgumentException("hold time must be 0 or 3..65535: " + holdTimeSeconds);
        }
        if (connectRetrySeconds < 1)
        {
            throw new IllegalArgumentException("connect retry must be at least 1 s: " + connectRetrySeconds);
        }
        if (restartTimeSeconds < 0 || restartTimeSeconds > 4095)
        {
            throw new IllegalArgumentException("restart time must be 0..4095: " + restartTimeSeconds);
        }
        if (families.isEmpty())
        {
            throw new IllegalArgumentException("a neighbor needs at least one address family");
        }
        Objects.requireNonNull(ebgpMultihop, "ebgpMultihop");
        if (ebgpMultihop.isPresent() && (ebgpMultihop.get() < 1 || ebgpMultihop.get() > 255))
        {
            throw new IllegalArgumentException("ebgp-multihop must be 1..255: " + ebgpMultihop.get());
        }
        if (ebgpMultihop.isPresent() && ttlSecurityHops.isPresent())
        {
            throw new IllegalArgumentException("ebgp-multihop and ttl-security exclude each other: GTSM sends with TTL 255");
        }
        Objects.requireNonNull(role, "role");
        if (strictRole && role.isEmpty())
        {
            throw new IllegalArgumentException("strict-role needs a role");
        }
        if (extendedNextHop && (remoteAddress.isIpv4() || !families.contains(AfiSafi.IPV4_UNICAST)))
        {
            throw new IllegalArgumentException("extended next hop (RFC 8950) needs an IPv6 neighbor carrying ipv4-unicast");
        }
        Objects.requireNonNull(addPath, "addPath");
        if (!families.containsAll(addPath.families()))
        {
            throw new IllegalArgumentException("add-path families must be among the neighbor's families");
        }
    }

    /**
     * @param addPath ADD-PATH settings.
     * @return this neighbor with them.
     */
    public PeerConfig withAddPath(final AddPathConfig addPath)
    {
        return toBuilder().addPath(addPath).build();
    }

    /**
     * @param on whether to advertise the Extended Next Hop Encoding capability (RFC 8950).
     * @return this neighbor with it so.
     */
    public PeerConfig withExtendedNextHop(final boolean on)
    {
        return toBuilder().extendedNextHop(on).build();
    }

    /**
     * @param relay whether unknown optional transitive attributes are sent to this neighbor.
     * @return this neighbor with that setting.
     */
    public PeerConfig withRelayUnknownAttributes(final boolean relay)
    {
        return toBuilder().relayUnknownAttributes(relay).build();
    }

    /**
     * A neighbor with the defaults: active, hold time 90 s, connect retry 5 s, no password, no GTSM,
     * IPv4 and IPv6 unicast, graceful restart on (120 s), no prefix limit, no policies, no next-hop
     * self, not a route-reflector client, unknown attributes relayed.
     *
     * @param name          label.
     * @param remoteAddress the neighbor's address.
     * @param remoteAs      the neighbor's AS.
     * @return the configuration.
     */
    public static PeerConfig of(final String name, final IpAddress remoteAddress, final int remoteAs)
    {
        return builder(name, remoteAddress, remoteAs).build();
    }

    /**
     * @param name          label.
     * @param remoteAddress the neighbor's address.
     * @param remoteAs      the neighbor's AS.
     * @return a builder with the defaults of {@link #of}, to change some of them.
     */
    public static Builder builder(final String name, final IpAddress remoteAddress, final int remoteAs)
    {
        return new Builder(name, remoteAddress, remoteAs);
    }

    /** @return a builder holding this neighbor's every setting, to make one that differs in some. */
    public Builder toBuilder()
    {
        return new Builder(name, remoteAddress, remoteAs).localAddress(localAddress).localAs(localAs).passive(passive)
            .holdTimeSeconds(holdTimeSeconds).connectRetrySeconds(connectRetrySeconds).password(password)
            .ttlSecurityHops(ttlSecurityHops).families(families).gracefulRestart(gracefulRestart)
            .restartTimeSeconds(restartTimeSeconds).maxPrefixes(maxPrefixes).importPolicy(importPolicy)
            .exportPolicy(exportPolicy).nextHopSelf(nextHopSelf).routeReflectorClient(routeReflectorClient)
            .ebgpMultihop(ebgpMultihop).role(role).strictRole(strictRole).extendedNextHop(extendedNextHop)
            .addPath(addPath).relayUnknownAttributes(relayUnknownAttributes);
    }

    /**
     * A neighbor's settings one by one, from the defaults of {@link #of}; {@link #build} checks them as the record
     * does. Each setter takes the record component's own type.
     */
    public static final class Builder
    {
        private final String name;
        private final IpAddress remoteAddress;
        private final int remoteAs;
        private Optional<IpAddress> localAddress = Optional.empty();
        private Optional<Integer> localAs = Optional.empty();
        private boolean passive;
        private int holdTimeSeconds = DEFAULT_HOLD_TIME;
        private int connectRetrySeconds = DEFAULT_CONNECT_RETRY;
        private Optional<String> password = Optional.empty();
        private Optional<Integer> ttlSecurityHops = Optional.empty();
        private Set<AfiSafi> families = Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);
        private boolean gracefulRestart = true;
        private int restartTimeSeconds = DEFAULT_RESTART_TIME;
        private Map<AfiSafi, Integer> maxPrefixes = Map.of();
        private Optional<String> importPolicy = Optional.empty();
        private Optional<String> exportPolicy = Optional.empty();
        private boolean nextHopSelf;
        private boolean routeReflectorClient;
        private Optional<Integer> ebgpMultihop = Optional.empty();
        private Optional<BgpRole> role = Optional.empty();
        private boolean strictRole;
        private boolean extendedNextHop;
        private AddPathConfig addPath = AddPathConfig.NONE;
        private boolean relayUnknownAttributes = true;

        private Builder(final String name, final IpAddress remoteAddress, final int remoteAs)
        {
            this.name = name;
            this.remoteAddress = remoteAddress;
            this.remoteAs = remoteAs;
        }

        public Builder localAddress(final Optional<IpAddress> localAddress)
        {
            this.localAddress = localAddress;
            return this;
        }

        public Builder localAs(final Optional<Integer> localAs)
        {
            this.localAs = localAs;
            return this;
        }

        public Builder passive(final boolean passive)
        {
            this.passive = passive;
            return this;
        }

        public Builder holdTimeSeconds(final int holdTimeSeconds)
        {
            this.holdTimeSeconds = holdTimeSeconds;
            return this;
        }

        public Builder connectRetrySeconds(final int connectRetrySeconds)
        {
            this.connectRetrySeconds = connectRetrySeconds;
            return this;
        }

        public Builder password(final Optional<String> password)
        {
            this.password = password;
            return this;
        }

        public Builder ttlSecurityHops(final Optional<Integer> ttlSecurityHops)
        {
            this.ttlSecurityHops = ttlSecurityHops;
            return this;
        }

        public Builder families(final Set<AfiSafi> families)
        {
            this.families = families;
            return this;
        }

        public Builder gracefulRestart(final boolean gracefulRestart)
        {
            this.gracefulRestart = gracefulRestart;
            return this;
        }

        public Builder restartTimeSeconds(final int restartTimeSeconds)
        {
            this.restartTimeSeconds = restartTimeSeconds;
            return this;
        }

        public Builder maxPrefixes(final Map<AfiSafi, Integer> maxPrefixes)
        {
            this.maxPrefixes = maxPrefixes;
            return this;
        }

        public Builder importPolicy(final Optional<String> importPolicy)
        {
            this.importPolicy = importPolicy;
            return this;
        }

        public Builder exportPolicy(final Optional<String> exportPolicy)
        {
            this.exportPolicy = exportPolicy;
            return this;
        }

        public Builder nextHopSelf(final boolean nextHopSelf)
        {
            this.nextHopSelf = nextHopSelf;
            return this;
        }

        public Builder routeReflectorClient(final boolean routeReflectorClient)
        {
            this.routeReflectorClient = routeReflectorClient;
            return this;
        }

        public Builder ebgpMultihop(final Optional<Integer> ebgpMultihop)
        {
            this.ebgpMultihop = ebgpMultihop;
            return this;
        }

        public Builder role(final Optional<BgpRole> role)
        {
            this.role = role;
            return this;
        }

        public Builder strictRole(final boolean strictRole)
        {
            this.strictRole = strictRole;
            return this;
        }

        public Builder extendedNextHop(final boolean extendedNextHop)
        {
            this.extendedNextHop = extendedNextHop;
            return this;
        }

        public Builder addPath(final AddPathConfig addPath)
        {
            this.addPath = addPath;
            return this;
        }

        public Builder relayUnknownAttributes(final boolean relayUnknownAttributes)
        {
            this.relayUnknownAttributes = relayUnknownAttributes;
            return this;
        }

        /**
         * @return the neighbor.
         * @throws IllegalArgumentException as the record's constructor does, for settings that do not go together.
         */
        public PeerConfig build()
        {
            return new PeerConfig(name, remoteAddress, localAddress, remoteAs, localAs, passive, holdTimeSeconds,
                connectRetrySeconds, password, ttlSecurityHops, families, gracefulRestart, restartTimeSeconds,
                maxPrefixes, importPolicy, exportPolicy, nextHopSelf, routeReflectorClient, ebgpMultihop, role,
                strictRole, extendedNextHop, addPath, relayUnknownAttributes);
        }
    }

    /**
     * A neighbor of one configuration and the same peer in the next. {@code before} null: added;
     * {@code after} null: removed.
     */
    public record Match(PeerConfig before, PeerConfig after)
    {
    }

    /**
     * Pairs the neighbors of two configurations: by name, else by address (a neighbor renamed at the
     * same address is the same peer). The one rule both the live reconfiguration and the config diff use.
     *
     * @param running the neighbors that run now.
     * @param next    the neighbors of the next configuration.
     * @return the pairs matched by name (in {@code next}'s order), then those matched by address (in
     *     {@code next}'s order), then the removed (in {@code running}'s order), then the added (in
     *     {@code next}'s order).
     */
    public static List<Match> match(final List<PeerConfig> running, final List<PeerConfig> next)
    {
        final Map<String, PeerConfig> unmatched = new LinkedHashMap<>();
        running.forEach(p -> unmatched.put(p.name(), p));
        final List<Match> matches = new ArrayList<>();
        final List<PeerConfig> unnamed = new ArrayList<>();
        for (final PeerConfig peer : next)
        {
            final PeerConfig before = unmatched.remove(peer.name());
            if (null != before)
            {
                matches.add(new Match(before, peer));
            }
            else
            {
                unnamed.add(peer);
            }
        }
        final List<PeerConfig> added = new ArrayList<>();
        for (final PeerConfig peer : unnamed)
        {
            final PeerConfig before = unmatched.values().stream()
                .filter(p -> p.remoteAddress().equals(peer.remoteAddress())).findFirst().orElse(null);
            if (null != before)
            {
                unmatched.remove(before.name());
                matches.add(new Match(before, peer));
            }
            else
            {
                added.add(peer);
            }
        }
        unmatched.values().forEach(before -> matches.add(new Match(before, null)));
        added.forEach(after -> matches.add(new Match(null, after)));
        return matches;
    }

    /**
     * @param next the same neighbor's new configuration.
     * @return the {@link #SESSION_FIELDS} that differ, in that order: empty when the change can be
     *     applied without a session reset.
     */
    public List<String> sessionFieldsChanged(final PeerConfig next)
    {
        final List<String> changed = new ArrayList<>(2);
        final Object[] before = sessionValues();
        final Object[] after = next.sessionValues();
        for (int i = 0; i < before.length; i++)
        {
            if (!Objects.equals(before[i], after[i]))
            {
                changed.add(SESSION_FIELDS.get(i));
            }
        }
        return changed;
    }

    /** Values of the {@link #SESSION_FIELDS}, in their order. */
    private Object[] sessionValues()
    {
        return new Object[]{remoteAddress, localAddress, remoteAs, localAs, passive, holdTimeSeconds,
            connectRetrySeconds, password, ttlSecurityHops, families, gracefulRestart, restartTimeSeconds, ebgpMultihop, role, strictRole,
            extendedNextHop, addPath.advertised()};
    }

    /**
     * @param speakerAs the speaker's own AS.
     * @return whether the session is eBGP (the neighbor is in another AS).
     */
    public boolean isExternal(final int speakerAs)
    {
        return remoteAs != localAs.orElse(speakerAs);
    }
}
