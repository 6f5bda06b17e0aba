/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import java.util.Set;

/**
 * What a session negotiated that changes how bytes are read and written. Before the OPEN exchange a
 * session uses {@link #DEFAULT}; after it, the values both sides advertised.
 *
 * @param fourOctetAs      both sides sent the 4-octet AS capability (RFC 6793): AS_PATH and AGGREGATOR
 *                         carry 4-octet AS numbers, and AS4_PATH/AS4_AGGREGATOR are discarded if received.
 * @param extendedMessages both sides sent the extended message capability (RFC 8654): messages other
 *                         than OPEN and KEEPALIVE may be up to 65535 octets.
 * @param externalPeer     the peer is outside the local AS and, in a confederation, outside the confederation:
 *                         LOCAL_PREF, ORIGINATOR_ID and CLUSTER_LIST from it are discarded (RFC 7606 §7.5, §7.9,
 *                         §7.10) and an AS_PATH with confederation segments is malformed (RFC 5065 §5.3,
 *                         treat-as-withdraw by RFC 7606 §7.2). A peer in another member AS of the local
 *                         confederation is not external here.
 * @param receivePathIds   families whose NLRI from the peer carry a Path Identifier (RFC 7911 §3): we
 *                         advertised receive and the peer send for them.
 * @param sendPathIds      families whose NLRI to the peer carry a Path Identifier: we advertised send and
 *                         the peer receive.
 */
public record CodecOptions(
    boolean fourOctetAs, boolean extendedMessages, boolean externalPeer, Set<AfiSafi> receivePathIds,
    Set<AfiSafi> sendPathIds)
{
    public CodecOptions
    {
        receivePathIds = Set.copyOf(receivePathIds);
        sendPathIds = Set.copyOf(sendPathIds);
    }

    /**
     * Without ADD-PATH.
     */
    public CodecOptions(final boolean fourOctetAs, final boolean extendedMessages, final boolean externalPeer)
    {
        this(fourOctetAs, extendedMessages, externalPeer, Set.of(), Set.of());
    }

    /**
     * @return whether NLRI of the family from the peer carry a Path Identifier.
     */
    public boolean receivesPathIds(final AfiSafi afiSafi)
    {
        return !receivePathIds.isEmpty() && receivePathIds.contains(afiSafi);
    }

    /**
     * @return whether NLRI of the family to the peer carry a Path Identifier.
     */
    public boolean sendsPathIds(final AfiSafi afiSafi)
    {
        return !sendPathIds.isEmpty() && sendPathIds.contains(afiSafi);
    }

    /** Before negotiation: 2-octet AS, 4096-octet messages, external peer. */
    public static final CodecOptions DEFAULT = new CodecOptions(false, false, true);

    /** What BIRD, FRR and GoBGP negotiate with each other over eBGP: 4-octet AS, 4096-octet messages. */
    public static final CodecOptions FOUR_OCTET_EBGP = new CodecOptions(true, false, true);

    /**
     * @return 65535 with extended messages, else 4096 (RFC 4271 §4.1).
     */
    public int maxMessageLength()
    {
        return extendedMessages ? MessageHeader.MAX_EXTENDED_MESSAGE_LENGTH : MessageHeader.MAX_MESSAGE_LENGTH;
    }
}
