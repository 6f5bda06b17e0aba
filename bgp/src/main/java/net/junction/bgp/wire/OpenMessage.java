/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.bgp.wire.attribute.AsPaths;

import java.util.List;

/**
 * OPEN (RFC 4271 §4.2) with capabilities (RFC 5492) and extended optional parameters (RFC 9072).
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Version    |     My Autonomous System      |   Hold Time   :
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :               |                BGP Identifier                 :
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :               | Opt Parm Len  |  Optional Parameters (var)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * RFC 9072: Opt Parm Len = 255, then a parameter type 255 and a 2-octet length; every parameter then
 * has a 2-octet length.
 * </pre>
 * Only the Capabilities parameter (type 2) is accepted; all of them are flattened into one list in
 * order.
 *
 * @param version            BGP version, 4.
 * @param myAs               the 2-octet field: the AS, or {@link AsPaths#AS_TRANS} if it needs 4 octets.
 * @param holdTimeSeconds    0 or 3..65535.
 * @param bgpIdentifier      router ID, nonzero, network order.
 * @param capabilities       in the order received.
 */
public record OpenMessage(int version, int myAs, int holdTimeSeconds, int bgpIdentifier, List<Capability> capabilities)
    implements BgpMessage
{
    /** The only version RFC 4271 defines. */
    public static final int VERSION = 4;
    /** Octets after the header with no optional parameters. */
    public static final int MIN_BODY_LENGTH = 10;
    /** Optional parameter type: capabilities (RFC 5492). */
    public static final int PARAMETER_CAPABILITIES = 2;
    /** RFC 9072: the Non-Ext OP Type and Length value that announces extended parameters. */
    public static final int EXTENDED_PARAMETERS = 255;

    public OpenMessage
    {
        if (version < 0 || version > 255 || myAs < 0 || myAs > 0xFFFF || holdTimeSeconds < 0 ||
            holdTimeSeconds > 0xFFFF)
        {
            throw new IllegalArgumentException("OPEN version " + version + ", AS " + myAs + ", hold time " +
                holdTimeSeconds + " out of range");
        }
        capabilities = List.copyOf(capabilities);
    }

    /**
     * The OPEN a speaker sends: {@code myAs} is the AS itself or AS_TRANS, and a 4-octet AS capability
     * is added if {@code capabilities} has none.
     *
     * @param asNumber        unsigned 32-bit AS of the speaker.
     * @param holdTimeSeconds proposed hold time.
     * @param bgpIdentifier   router ID.
     * @param capabilities    capabilities to advertise.
     * @return the message.
     */
    public static OpenMessage of(
        final int asNumber, final int holdTimeSeconds, final int bgpIdentifier, final List<Capability> capabilities)
    {
        List<Capability> caps = capabilities;
        if (caps.stream().noneMatch(c -> c instanceof Capability.FourOctetAs))
        {
            caps = new java.util.ArrayList<>(capabilities);
            caps.add(new Capability.FourOctetAs(asNumber));
        }
        return new OpenMessage(VERSION, AsPaths.isFourOctet(asNumber) ? AsPaths.AS_TRANS : asNumber,
            holdTimeSeconds, bgpIdentifier, caps);
    }

    /**
     * @return the speaker's AS: from the 4-octet AS capability if present, else {@link #myAs()}.
     */
    public int asNumber()
    {
        final Capability.FourOctetAs c = capability(Capability.FourOctetAs.class);
        return c != null ? c.asNumber() : myAs;
    }

    /**
     * @param type capability record class.
     * @param <C>  capability type.
     * @return the first capability of that type, or null.
     */
    public <C extends Capability> C capability(final Class<C> type)
    {
        for (final Capability c : capabilities)
        {
            if (type.isInstance(c))
            {
                return type.cast(c);
            }
        }
        return null;
    }

    /**
     * @return the families of the multiprotocol capabilities (RFC 4760 §8), or IPv4 unicast alone if
     * there is none (the RFC 4271 default).
     */
    public List<AfiSafi> families()
    {
        final List<AfiSafi> families = capabilities.stream()
            .filter(c -> c instanceof Capability.Multiprotocol)
            .map(c -> ((Capability.Multiprotocol)c).afiSafi())
            .toList();
        return families.isEmpty() ? List.of(AfiSafi.IPV4_UNICAST) : families;
    }

    public int type()
    {
        return MessageHeader.TYPE_OPEN;
    }
}
