/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent model of the BGP decision process (RFC 4271 §9.1.2, RFC 4456 §9), written from the
 * RFCs and from what {@code DecisionProcess} documents, not from its code: candidates are records,
 * each step is a filter over a list, the tie-breaks a {@link Comparator}.
 * <ol start="0">
 * <li>unreachable next hops are out (§9.1.2.1); a locally originated route wins outright;</li>
 * <li>highest degree of preference: LOCAL_PREF, 100 when absent or from an eBGP peer (§5.1.5: ignored
 *     from external peers);</li>
 * <li>(a) fewest ASes in AS_PATH, an AS_SET counting one, confederation segments none;</li>
 * <li>(b) lowest ORIGIN;</li>
 * <li>(c) routes with a higher MED than another route from the same neighboring AS are out (MED
 *     absent = 0; never compared across neighbor ASes);</li>
 * <li>(d) eBGP-learned routes over iBGP-learned ones, if there are any;</li>
 * <li>(e) lowest interior cost to the next hop;</li>
 * <li>(f) lowest BGP Identifier, ORIGINATOR_ID standing in for it where present (RFC 4456 §9);
 *     then shortest CLUSTER_LIST (RFC 4456 §9: "inserted between Steps f) and g)"); (g) lowest peer
 *     address.</li>
 * </ol>
 * Multipath, as DecisionProcess documents it: the routes left after (e), in tie-break order, give
 * their distinct next hops up to the limit, only those from the best's neighbor AS when the best is
 * eBGP; the list is sorted by address.
 */
final class LocRibModel
{
    /** A neighbor as the decision process sees it. */
    record Neighbor(String name, boolean external, int routerId, IpAddress address)
    {
    }

    /** One candidate: the UPDATE that put the route in the neighbor's Adj-RIB-In. */
    record Candidate(Neighbor from, UpdateMessage update)
    {
        PathAttributes attributes()
        {
            return update.attributes();
        }

        IpAddress nextHop()
        {
            if (update.mpReach() != null)
            {
                return update.mpReach().nextHop();
            }
            return new Ip4Address(attributes().nextHop().address());
        }

        long localPref()
        {
            final PathAttribute.LocalPref lp = attributes().localPref();
            return from.external() || lp == null ? 100 : Integer.toUnsignedLong(lp.value());
        }

        int asPathLength()
        {
            int length = 0;
            for (final AsPathSegment s : attributes().asPath().segments())
            {
                length += switch (s.type())
                {
                    case AsPathSegment.AS_SEQUENCE -> s.size();
                    case AsPathSegment.AS_SET -> 1;
                    default -> 0;
                };
            }
            return length;
        }

        int origin()
        {
            return attributes().origin().value();
        }

        long med()
        {
            final PathAttribute.MultiExitDisc med = attributes().multiExitDisc();
            return med == null ? 0 : Integer.toUnsignedLong(med.value());
        }

        int neighborAs()
        {
            for (final AsPathSegment s : attributes().asPath().segments())
            {
                if (s.type() == AsPathSegment.AS_SEQUENCE)
                {
                    return s.asn(0);
                }
                if (!s.isConfederation())
                {
                    return 0;
                }
            }
            return 0;
        }

        long bgpIdentifier()
        {
            final PathAttribute.OriginatorId originator =
                (PathAttribute.OriginatorId)attributes().get(PathAttribute.ORIGINATOR_ID);
            return Integer.toUnsignedLong(originator != null ? originator.routerId() : from.routerId());
        }

        int clusterListLength()
        {
            final PathAttribute.ClusterList clusters = (PathAttribute.ClusterList)attributes().get(PathAttribute.CLUSTER_LIST);
            return clusters == null ? 0 : clusters.clusterIds().length;
        }

        /** For the peer-address step. */
        String addressKey()
        {
            return LocRibModel.addressKey(from.address());
        }
    }

    /** What the Loc-RIB should hold for a prefix. */
    record Choice(String peer, boolean external, List<IpAddress> nextHops, long med)
    {
        /** A locally originated network: selected, installs nothing. */
        static final Choice LOCAL = new Choice("local", false, List.of(), 0);
    }

    /** Steps (f) and (g), as RFC 4271 §9.1.2.2 with RFC 4456 §9 orders them. */
    static final Comparator<Candidate> TIE_BREAK = Comparator.comparingLong(Candidate::bgpIdentifier)
        .thenComparingInt(Candidate::clusterListLength)
        .thenComparing(Candidate::addressKey);

    private LocRibModel()
    {
    }

    /**
     * @param candidates  the prefix's routes in the neighbors' Adj-RIBs-In.
     * @param local       whether the speaker originates the prefix itself.
     * @param unreachable next hops no route covers.
     * @param costs       interior cost per next hop (0 when absent).
     * @param multipath   most next hops installed.
     * @return the selection, or null when nothing is usable.
     */
    static Choice decide(final List<Candidate> candidates, final boolean local, final Set<IpAddress> unreachable,
        final Map<IpAddress, Long> costs, final int multipath)
    {
        if (local)
        {
            return Choice.LOCAL;
        }
        List<Candidate> left = candidates.stream().filter(c -> !unreachable.contains(c.nextHop())).toList();
        if (left.isEmpty())
        {
            return null;
        }
        final long localPref = left.stream().mapToLong(Candidate::localPref).max().orElseThrow();
        left = left.stream().filter(c -> c.localPref() == localPref).toList();
        final int asPathLength = left.stream().mapToInt(Candidate::asPathLength).min().orElseThrow();
        left = left.stream().filter(c -> c.asPathLength() == asPathLength).toList();
        final int origin = left.stream().mapToInt(Candidate::origin).min().orElseThrow();
        left = left.stream().filter(c -> c.origin() == origin).toList();
        final List<Candidate> beforeMed = left;
        left = left.stream().filter(c -> beforeMed.stream()
            .noneMatch(o -> o.neighborAs() == c.neighborAs() && o.med() < c.med())).toList();
        if (left.stream().anyMatch(c -> c.from().external()))
        {
            left = left.stream().filter(c -> c.from().external()).toList();
        }
        final long cost = left.stream().mapToLong(c -> costs.getOrDefault(c.nextHop(), 0L)).min().orElseThrow();
        left = new ArrayList<>(left.stream().filter(c -> costs.getOrDefault(c.nextHop(), 0L) == cost).toList());
        left.sort(TIE_BREAK);

        final Candidate best = left.getFirst();
        final List<IpAddress> nextHops = new ArrayList<>();
        for (final Candidate c : left)
        {
            if (nextHops.size() < Math.max(1, multipath) && !nextHops.contains(c.nextHop()) &&
                (!best.from().external() || c.neighborAs() == best.neighborAs()))
            {
                nextHops.add(c.nextHop());
            }
        }
        nextHops.sort(Comparator.comparing(LocRibModel::addressKey));
        return new Choice(best.from().name(), best.from().external(), List.copyOf(nextHops), best.med());
    }

    /** An address as text that sorts as the addresses do: IPv4 before IPv6, then by value, unsigned. */
    static String addressKey(final IpAddress address)
    {
        return switch (address)
        {
            case Ip4Address a -> String.format("4%08x", a.value());
            case Ip6Address a -> String.format("6%016x%016x", a.high(), a.low());
        };
    }
}
