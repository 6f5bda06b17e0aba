/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

/**
 * ROUTE-REFRESH (RFC 2918), with the message subtypes of enhanced route refresh (RFC 7313 §3.2).
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              AFI              |    Subtype    |     SAFI      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * A subtype 0 message may carry ORF entries after the fixed part (RFC 5291); they are not decoded.
 *
 * @param afiSafi the family to refresh.
 * @param subtype {@link #NORMAL}, {@link #BEGIN_OF_ROUTE_REFRESH}, {@link #END_OF_ROUTE_REFRESH}, or
 *                another value the receiver must ignore (RFC 7313 §5).
 */
public record RouteRefreshMessage(AfiSafi afiSafi, int subtype) implements BgpMessage
{
    /** RFC 2918: a request to re-advertise Adj-RIB-Out. */
    public static final int NORMAL = 0;
    /** RFC 7313 BoRR: a re-advertisement begins. */
    public static final int BEGIN_OF_ROUTE_REFRESH = 1;
    /** RFC 7313 EoRR: a re-advertisement ended. */
    public static final int END_OF_ROUTE_REFRESH = 2;

    /** Octets after the header. */
    public static final int BODY_LENGTH = 4;

    public RouteRefreshMessage
    {
        if (subtype < 0 || subtype > 255)
        {
            throw new IllegalArgumentException("ROUTE-REFRESH subtype " + subtype + " is not 0..255");
        }
    }

    public int type()
    {
        return MessageHeader.TYPE_ROUTE_REFRESH;
    }
}
