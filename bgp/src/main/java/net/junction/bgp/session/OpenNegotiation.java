/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.config.BgpRole;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.Capability;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.NotificationMessage;
import net.junction.bgp.wire.OpenMessage;
import net.junction.routing.IpAddress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static net.junction.bgp.wire.NotificationMessage.OPEN_BAD_BGP_IDENTIFIER;
import static net.junction.bgp.wire.NotificationMessage.OPEN_BAD_PEER_AS;
import static net.junction.bgp.wire.NotificationMessage.OPEN_MESSAGE_ERROR;
import static net.junction.bgp.wire.NotificationMessage.OPEN_ROLE_MISMATCH;
import static net.junction.bgp.wire.NotificationMessage.OPEN_UNACCEPTABLE_HOLD_TIME;
import static net.junction.bgp.wire.NotificationMessage.OPEN_UNSUPPORTED_VERSION_NUMBER;

/**
 * The OPEN exchange as pure functions: the OPEN this speaker sends a neighbor, and the check of the
 * neighbor's OPEN (RFC 4271 §6.2, RFC 6793, RFC 6286) that yields either the {@link Negotiated} outcome or
 * the NOTIFICATION to send. The codec already rejected what needs no configuration (version, hold time
 * 1 or 2, identifier 0, malformed parameters).
 */
public final class OpenNegotiation
{
    /** Hold time while waiting for the peer's OPEN (RFC 4271 §8.2.2: "a large value", 4 minutes suggested). */
    public static final int LARGE_HOLD_TIME_SECONDS = 240;

    private OpenNegotiation()
    {
    }

    /**
     * The outcome of checking a peer's OPEN: exactly one of {@code negotiated} and {@code error} is set.
     *
     * @param negotiated what both agreed, or null.
     * @param error      the NOTIFICATION to send, or null.
     * @param reason     why it was rejected, or null.
     */
    public record Result(Negotiated negotiated, NotificationMessage error, String reason)
    {
        static Result reject(final int subcode, final byte[] data, final String reason)
        {
            return new Result(null, new NotificationMessage(OPEN_MESSAGE_ERROR, subcode, data), reason);
        }
    }

    /**
     * Our OPEN: multiprotocol per configured family, route refresh, enhanced route refresh, 4-octet AS,
     * extended message, ADD-PATH receive (RFC 7911) for the families configured for it, and graceful restart (restart time, N bit of RFC 8538, the R bit while this speaker is
     * restarting, per family the F bit when its forwarding state is kept) when configured.
     *
     * @param peer           the neighbor.
     * @param localAs        the AS presented to it.
     * @param routerId       our BGP identifier.
     * @param forwardingKept families whose forwarding state survives a restart of this speaker (F bits).
     * @param restarting     this speaker has just restarted and still defers route selection (R bit, RFC 4724 §3:
     *                       the peer must not wait for our End-of-RIB before it sends its table).
     * @return the message.
     */
    public static OpenMessage localOpen(
        final PeerConfig peer, final int localAs, final int routerId, final java.util.Set<AfiSafi> forwardingKept,
        final boolean restarting)
    {
        final List<AfiSafi> families = sortedFamilies(peer.families());
        final List<Capability> capabilities = new ArrayList<>();
        for (final AfiSafi family : families)
        {
            capabilities.add(new Capability.Multiprotocol(family));
        }
        capabilities.add(new Capability.RouteRefresh());
        capabilities.add(new Capability.EnhancedRouteRefresh());
        capabilities.add(new Capability.FourOctetAs(localAs));
        capabilities.add(new Capability.ExtendedMessage());
        final List<Capability.AddPath.Family> addPath = new ArrayList<>();
        for (final AfiSafi family : families)
        {
            // RFC 7911 §4: Send/Receive 1 receive, 2 send, 3 both.
            final int mode = (peer.addPath().receives(family) ? Capability.AddPath.RECEIVE : 0) |
                (peer.addPath().sends(family) ? Capability.AddPath.SEND : 0);
            if (mode != 0)
            {
                addPath.add(new Capability.AddPath.Family(family, mode));
            }
        }
        if (!addPath.isEmpty())
        {
            capabilities.add(new Capability.AddPath(addPath));
        }
        peer.role().ifPresent(role -> capabilities.add(new Capability.Role(role.value())));
        if (peer.extendedNextHop())
        {
            // RFC 8950 §3: IPv4 unicast NLRI with an IPv6 next hop.
            capabilities.add(new Capability.ExtendedNextHop(List.of(Capability.ExtendedNextHop.IPV4_UNICAST_VIA_IPV6)));
        }
        if (peer.gracefulRestart())
        {
            final List<Capability.GracefulRestart.Family> grFamilies = new ArrayList<>();
            for (final AfiSafi family : families)
            {
                grFamilies.add(new Capability.GracefulRestart.Family(
                    family, forwardingKept.contains(family) ? Capability.GracefulRestart.Family.FORWARDING_STATE : 0));
            }
            capabilities.add(new Capability.GracefulRestart(
                Capability.GracefulRestart.NOTIFICATION | (restarting ? Capability.GracefulRestart.RESTART_STATE : 0),
                peer.restartTimeSeconds(), grFamilies));
        }
        return OpenMessage.of(localAs, peer.holdTimeSeconds(), routerId, capabilities);
    }

    /**
     * Check the peer's OPEN and compute what was negotiated.
     *
     * @param open          the peer's OPEN.
     * @param peer          its configuration.
     * @param localAs       the AS we presented.
     * @param routerId      our BGP identifier.
     * @param localAddress  our end of the connection.
     * @param remoteAddress its end.
     * @return the outcome.
     */
    public static Result check(
        final OpenMessage open, final PeerConfig peer, final int localAs, final int routerId,
        final IpAddress localAddress, final IpAddress remoteAddress)
    {
        if (open.version() != OpenMessage.VERSION)
        {
            return Result.reject(OPEN_UNSUPPORTED_VERSION_NUMBER, new byte[] {0, OpenMessage.VERSION},
                "version " + open.version());
        }
        // RFC 6793 §4.1: the 4-octet capability carries the AS; myAs is AS_TRANS when it needs 4 octets.
        final int peerAs = open.asNumber();
        if (peerAs != peer.remoteAs())
        {
            final byte[] data = {(byte)(open.myAs() >>> 8), (byte)open.myAs()};
            return Result.reject(OPEN_BAD_PEER_AS, data, "peer AS " + Integer.toUnsignedString(peerAs) +
                ", expected " + Integer.toUnsignedString(peer.remoteAs()));
        }
        final int theirHold = open.holdTimeSeconds();
        if (theirHold == 1 || theirHold == 2)
        {
            return Result.reject(OPEN_UNACCEPTABLE_HOLD_TIME, new byte[0], "hold time " + theirHold);
        }
        final boolean external = peerAs != localAs;
        if (open.bgpIdentifier() == 0 || (!external && open.bgpIdentifier() == routerId))
        {
            // RFC 6286 §2.2: unique within the AS; RFC 4271 §6.2: the peer must not use ours.
            return Result.reject(OPEN_BAD_BGP_IDENTIFIER, new byte[0],
                "BGP identifier " + Integer.toUnsignedString(open.bgpIdentifier()) + " is not acceptable");
        }

        final String roleMismatch = roleMismatch(open, peer);
        if (roleMismatch != null)
        {
            return Result.reject(OPEN_ROLE_MISMATCH, new byte[0], roleMismatch);
        }

        final int hold = Math.min(peer.holdTimeSeconds(), theirHold);
        final Set<AfiSafi> families = new LinkedHashSet<>();
        for (final AfiSafi family : sortedFamilies(peer.families()))
        {
            if (open.families().contains(family))
            {
                families.add(family);
            }
        }
        // RFC 7911 §4: receive when we said receive and the peer send; send when we said send and the peer
        // receive. Each direction on its own: a peer that only receives gets our paths and sends one per prefix.
        final Capability.AddPath theirAddPath = open.capability(Capability.AddPath.class);
        final Set<AfiSafi> receivePathIds = new LinkedHashSet<>();
        final Set<AfiSafi> sendPathIds = new LinkedHashSet<>();
        for (final AfiSafi family : families)
        {
            final int theirs = theirAddPath == null ? 0 : theirAddPath.mode(family);
            if (peer.addPath().receives(family) && (theirs & Capability.AddPath.SEND) != 0)
            {
                receivePathIds.add(family);
            }
            if (peer.addPath().sends(family) && (theirs & Capability.AddPath.RECEIVE) != 0)
            {
                sendPathIds.add(family);
            }
        }
        final CodecOptions codec = new CodecOptions(
            open.capability(Capability.FourOctetAs.class) != null,
            open.capability(Capability.ExtendedMessage.class) != null,
            external, receivePathIds, sendPathIds);
        Negotiated.PeerRestart restart = null;
        final Capability.GracefulRestart gr = open.capability(Capability.GracefulRestart.class);
        if (gr != null && peer.gracefulRestart())
        {
            final Map<AfiSafi, Boolean> forwarding = new HashMap<>();
            for (final Capability.GracefulRestart.Family f : gr.families())
            {
                forwarding.put(f.afiSafi(), (f.flags() & Capability.GracefulRestart.Family.FORWARDING_STATE) != 0);
            }
            restart = new Negotiated.PeerRestart(gr.restartTimeSeconds(),
                (gr.restartFlags() & Capability.GracefulRestart.RESTART_STATE) != 0, forwarding);
        }
        final Negotiated negotiated = new Negotiated(localAs, peerAs, open.bgpIdentifier(), hold, hold / 3,
            families, codec, open.capability(Capability.RouteRefresh.class) != null,
            open.capability(Capability.EnhancedRouteRefresh.class) != null, restart, localAddress, remoteAddress,
            extendedNextHop(peer, open), java.util.Optional.ofNullable(open.capability(Capability.Role.class))
                .flatMap(r -> BgpRole.ofValue(r.role())));
        return new Result(negotiated, null, null);
    }

    /**
     * RFC 9234 §4.2: with a role configured, the peer's BGP Role capabilities (all of them, if it sent several)
     * must name our role's counterpart; without one from the peer, only strict mode refuses.
     *
     * @return why the roles do not fit, or null when they do (or no role is configured).
     */
    static String roleMismatch(final OpenMessage open, final PeerConfig peer)
    {
        if (peer.role().isEmpty())
        {
            return null;
        }
        final BgpRole ours = peer.role().get();
        boolean announced = false;
        for (final Capability c : open.capabilities())
        {
            if (c instanceof Capability.Role r)
            {
                announced = true;
                final java.util.Optional<BgpRole> theirs = BgpRole.ofValue(r.role());
                if (theirs.isEmpty() || theirs.get() != ours.counterpart())
                {
                    return "role mismatch: we are " + ours + ", the peer announced " +
                        theirs.map(BgpRole::toString).orElse("the unassigned role " + r.role()) + " (expected " +
                        ours.counterpart() + ")";
                }
            }
        }
        if (!announced && peer.strictRole())
        {
            return "role mismatch: we are " + ours + " in strict mode and the peer announced no role";
        }
        return null;
    }

    /**
     * RFC 8950 §3: IPv4 unicast with IPv6 next hops is used only when both ends advertised it.
     */
    private static boolean extendedNextHop(final PeerConfig peer, final OpenMessage open)
    {
        final Capability.ExtendedNextHop theirs = open.capability(Capability.ExtendedNextHop.class);
        return peer.extendedNextHop() && theirs != null && theirs.has(Capability.ExtendedNextHop.IPV4_UNICAST_VIA_IPV6);
    }

    /**
     * @param open the peer's OPEN.
     * @return whether it advertised the N bit of graceful restart (RFC 8538).
     */
    public static boolean notificationRestart(final OpenMessage open)
    {
        final Capability.GracefulRestart gr = open.capability(Capability.GracefulRestart.class);
        return gr != null && (gr.restartFlags() & Capability.GracefulRestart.NOTIFICATION) != 0;
    }

    /**
     * @param open an OPEN.
     * @return whether it has the graceful restart capability with the R bit: the speaker just restarted.
     */
    public static boolean restarting(final OpenMessage open)
    {
        final Capability.GracefulRestart gr = open.capability(Capability.GracefulRestart.class);
        return gr != null && (gr.restartFlags() & Capability.GracefulRestart.RESTART_STATE) != 0;
    }

    private static List<AfiSafi> sortedFamilies(final Set<AfiSafi> families)
    {
        final List<AfiSafi> sorted = new ArrayList<>(families);
        sorted.sort(Comparator.comparingInt(AfiSafi::afi).thenComparingInt(AfiSafi::safi));
        return sorted;
    }
}
