/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;

import java.util.ArrayList;
import java.util.List;

/**
 * UPDATE (RFC 4271 §4.3): IPv4 withdrawals, path attributes, IPv4 NLRI; other families ride in
 * MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760), kept here apart from the attribute set so that the set
 * describes routes only and can be shared (interned) by all of them.
 * <pre>
 * +-----------------------------------------------------+
 * |   Withdrawn Routes Length (2 octets)                |
 * +-----------------------------------------------------+
 * |   Withdrawn Routes (variable)                       |
 * +-----------------------------------------------------+
 * |   Total Path Attribute Length (2 octets)            |
 * +-----------------------------------------------------+
 * |   Path Attributes (variable)                        |
 * +-----------------------------------------------------+
 * |   Network Layer Reachability Information (variable) |
 * +-----------------------------------------------------+
 * </pre>
 *
 * @param withdrawn  IPv4 unicast prefixes withdrawn.
 * @param attributes path attributes (without MP_REACH/MP_UNREACH).
 * @param nlri       IPv4 unicast prefixes announced with {@code attributes}.
 * @param mpReach    MP_REACH_NLRI, or null.
 * @param mpUnreach  MP_UNREACH_NLRI, or null.
 * @param withdrawnPathIds with ADD-PATH for IPv4 unicast (RFC 7911 §3), the Path Identifier of each of
 *                   {@code withdrawn}, in order; else empty.
 * @param nlriPathIds with ADD-PATH for IPv4 unicast, the Path Identifier of each of {@code nlri}; else empty.
 */
public record UpdateMessage(
    List<Prefix4> withdrawn, PathAttributes attributes, List<Prefix4> nlri, MpReachNlri mpReach,
    MpUnreachNlri mpUnreach, List<Integer> withdrawnPathIds, List<Integer> nlriPathIds) implements BgpMessage
{
    /** Octets after the header of an empty UPDATE (the two length fields). */
    public static final int MIN_BODY_LENGTH = 4;

    public UpdateMessage
    {
        withdrawn = List.copyOf(withdrawn);
        nlri = List.copyOf(nlri);
        java.util.Objects.requireNonNull(attributes, "attributes");
        withdrawnPathIds = MpReachNlri.checkPathIds(withdrawnPathIds, withdrawn.size());
        nlriPathIds = MpReachNlri.checkPathIds(nlriPathIds, nlri.size());
    }

    /**
     * Without ADD-PATH for IPv4 unicast.
     */
    public UpdateMessage(
        final List<Prefix4> withdrawn, final PathAttributes attributes, final List<Prefix4> nlri,
        final MpReachNlri mpReach, final MpUnreachNlri mpUnreach)
    {
        this(withdrawn, attributes, nlri, mpReach, mpUnreach, List.of(), List.of());
    }

    /**
     * @param attributes path attributes, with NEXT_HOP.
     * @param nlri       IPv4 prefixes.
     * @return an UPDATE announcing IPv4 routes.
     */
    public static UpdateMessage announce(final PathAttributes attributes, final List<Prefix4> nlri)
    {
        return new UpdateMessage(List.of(), attributes, nlri, null, null);
    }

    /**
     * @param withdrawn IPv4 prefixes.
     * @return an UPDATE withdrawing IPv4 routes.
     */
    public static UpdateMessage withdraw(final List<Prefix4> withdrawn)
    {
        return new UpdateMessage(withdrawn, PathAttributes.EMPTY, List.of(), null, null);
    }

    /**
     * RFC 4724 §2: for IPv4 unicast an empty UPDATE, for other families an MP_UNREACH_NLRI without NLRI.
     *
     * @param afiSafi the family whose initial table is complete.
     * @return the End-of-RIB marker.
     */
    public static UpdateMessage endOfRib(final AfiSafi afiSafi)
    {
        return AfiSafi.IPV4_UNICAST.equals(afiSafi) ?
            new UpdateMessage(List.of(), PathAttributes.EMPTY, List.of(), null, null) :
            new UpdateMessage(List.of(), PathAttributes.EMPTY, List.of(), null, new MpUnreachNlri(afiSafi, List.of()));
    }

    /**
     * @return the family this message is the End-of-RIB marker of, or null if it is not one.
     */
    public AfiSafi endOfRibFamily()
    {
        if (!withdrawn.isEmpty() || !nlri.isEmpty() || mpReach != null)
        {
            return null;
        }
        if (mpUnreach == null)
        {
            return attributes.isEmpty() ? AfiSafi.IPV4_UNICAST : null;
        }
        return mpUnreach.withdrawn().isEmpty() && attributes.isEmpty() ? mpUnreach.afiSafi() : null;
    }

    /**
     * @return every prefix this message announces, IPv4 NLRI then MP_REACH_NLRI: the routes a session
     * withdraws when the decode result says {@link ErrorAction#TREAT_AS_WITHDRAW}.
     */
    public List<IpPrefix> announcedPrefixes()
    {
        if (mpReach == null)
        {
            return List.copyOf(nlri);
        }
        final List<IpPrefix> all = new ArrayList<>(nlri.size() + mpReach.nlri().size());
        all.addAll(nlri);
        all.addAll(mpReach.nlri());
        return all;
    }

    /**
     * @return every prefix this message withdraws, Withdrawn Routes then MP_UNREACH_NLRI.
     */
    public List<IpPrefix> withdrawnPrefixes()
    {
        if (mpUnreach == null)
        {
            return List.copyOf(withdrawn);
        }
        final List<IpPrefix> all = new ArrayList<>(withdrawn.size() + mpUnreach.withdrawn().size());
        all.addAll(withdrawn);
        all.addAll(mpUnreach.withdrawn());
        return all;
    }

    public int type()
    {
        return MessageHeader.TYPE_UPDATE;
    }
}
