package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.DropReason;

/**
 * ARP for IPv4 over Ethernet (RFC 826, RFC 5227 for probes and announcements): validation,
 * accessors, the reply to a request in place, and requests built into a buffer.
 *
 * <p>Fast path: static, allocation free, no exceptions; fields big-endian. {@code arp} is the
 * address of the ARP packet (the L3 offset of the frame).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      HTYPE (1, Ethernet)      |       PTYPE (0x0800)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   HLEN (6)    |   PLEN (4)    |  OPER (1 request, 2 reply)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  sender hardware address (6) | sender protocol address (4)    |
 * |  target hardware address (6) | target protocol address (4)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Arp
{
    public static final int HTYPE_OFFSET = 0;
    public static final int PTYPE_OFFSET = 2;
    public static final int HLEN_OFFSET = 4;
    public static final int PLEN_OFFSET = 5;
    public static final int OPERATION_OFFSET = 6;
    public static final int SENDER_MAC_OFFSET = 8;
    public static final int SENDER_IP_OFFSET = 14;
    public static final int TARGET_MAC_OFFSET = 18;
    public static final int TARGET_IP_OFFSET = 24;
    public static final int LENGTH = 28;

    public static final int HTYPE_ETHERNET = 1;
    public static final int OPERATION_REQUEST = 1;
    public static final int OPERATION_REPLY = 2;
    /** HTYPE, PTYPE, HLEN and PLEN of IPv4 over Ethernet, as the first 6 bytes read as a long's upper half. */
    private static final long FIXED_HEADER = 0x0001_0800_0604L;

    private Arp()
    {
    }

    /**
     * Validates an ARP packet of which {@code available} bytes are in the frame: at least 28
     * bytes, HTYPE 1, PTYPE 0x0800, HLEN 6, PLEN 4, operation request or reply, a unicast sender
     * MAC, and a sender address that may be a host's: not 127/8, 224/4 or broadcast, and 0.0.0.0
     * only in a request (an RFC 5227 probe, from which nothing may be learned).
     *
     * @return {@link DropReason#NONE}, {@link DropReason#RUNT} or {@link DropReason#ARP_BAD}
     */
    public static int validate(final long arp, final int available)
    {
        if (available < LENGTH)
        {
            return DropReason.RUNT;
        }
        if ((RawMemory.getLongBe(arp) >>> 16) != FIXED_HEADER)
        {
            return DropReason.ARP_BAD;
        }
        final int operation = operation(arp);
        if (operation != OPERATION_REQUEST && operation != OPERATION_REPLY)
        {
            return DropReason.ARP_BAD;
        }
        if (Ethernet.isGroupMac(senderMac(arp)))
        {
            return DropReason.ARP_BAD;
        }
        final int senderIp = senderIp(arp);
        if (Ip4.isLoopback(senderIp) || Ip4.isMulticast(senderIp) || senderIp == Ip4.LIMITED_BROADCAST
            || (senderIp == 0 && operation != OPERATION_REQUEST))
        {
            return DropReason.ARP_BAD;
        }
        return DropReason.NONE;
    }

    public static int operation(final long arp)
    {
        return RawMemory.getShortBe(arp + OPERATION_OFFSET);
    }

    public static long senderMac(final long arp)
    {
        return Ethernet.mac(arp + SENDER_MAC_OFFSET);
    }

    public static int senderIp(final long arp)
    {
        return RawMemory.getIntBe(arp + SENDER_IP_OFFSET);
    }

    public static long targetMac(final long arp)
    {
        return Ethernet.mac(arp + TARGET_MAC_OFFSET);
    }

    public static int targetIp(final long arp)
    {
        return RawMemory.getIntBe(arp + TARGET_IP_OFFSET);
    }

    /** A request whose target is {@code address}. */
    public static boolean isRequestFor(final long arp, final int address)
    {
        return operation(arp) == OPERATION_REQUEST && targetIp(arp) == address;
    }

    /** Gratuitous (an announcement, RFC 5227 §3): sender and target protocol address are the same. */
    public static boolean isGratuitous(final long arp)
    {
        final int sender = senderIp(arp);
        return sender != 0 && sender == targetIp(arp);
    }

    /** An RFC 5227 probe: a request from 0.0.0.0 (nothing may be learned from it). */
    public static boolean isProbe(final long arp)
    {
        return senderIp(arp) == 0;
    }

    /**
     * Turns a validated request for one of the router's addresses (its target address) into the
     * reply in place (RFC 826 "Packet Reception"): the sender becomes the target, the router with
     * {@code ourMac} the sender. The ARP packet keeps its 28 bytes; the caller writes the L2
     * header to the requester ({@link #targetMac} after this call) with
     * {@link Ethernet#prependHeader} and pads with {@link Ethernet#padToMinimum}.
     *
     * @return {@link DropReason#NONE}, or {@link DropReason#ARP_BAD} if it is not a request
     */
    public static int replyInPlace(final long arp, final long ourMac)
    {
        if (operation(arp) != OPERATION_REQUEST)
        {
            return DropReason.ARP_BAD;
        }
        final long requesterMac = senderMac(arp);
        final int requesterIp = senderIp(arp);
        final int ourIp = targetIp(arp);
        RawMemory.putShortBe(arp + OPERATION_OFFSET, OPERATION_REPLY);
        Ethernet.mac(arp + SENDER_MAC_OFFSET, ourMac);
        RawMemory.putIntBe(arp + SENDER_IP_OFFSET, ourIp);
        Ethernet.mac(arp + TARGET_MAC_OFFSET, requesterMac);
        RawMemory.putIntBe(arp + TARGET_IP_OFFSET, requesterIp);
        return DropReason.NONE;
    }

    /**
     * Builds a broadcast request for {@code targetIp} into the buffer at {@code frame}, which
     * must hold {@link Ethernet#MIN_FRAME_LENGTH} bytes.
     *
     * @param sTagTci  S-tag of the outgoing sub-interface, or {@link Ethernet#NO_TAG}
     * @param cTagTci  C-tag of the outgoing sub-interface, or {@link Ethernet#NO_TAG}
     * @param senderIp the router's address on that interface
     * @return the frame length (60: padded)
     */
    public static int buildRequest(
        final long frame, final long srcMac, final int sTagTci, final int cTagTci, final int senderIp, final int targetIp)
    {
        return buildRequestTo(frame, Ethernet.BROADCAST_MAC, srcMac, sTagTci, cTagTci, senderIp, targetIp);
    }

    /**
     * Builds a request sent to {@code dstMac} (unicast, to refresh a known neighbor; RFC 1122
     * §2.3.2.1) into a buffer of at least 60 bytes.
     *
     * @return the frame length (60: padded)
     * @see #buildRequest
     */
    public static int buildRequestTo(
        final long frame, final long dstMac, final long srcMac, final int sTagTci, final int cTagTci,
        final int senderIp, final int targetIp)
    {
        final int l2Length = Ethernet.writeHeader(frame, dstMac, srcMac, sTagTci, cTagTci, Ethernet.ETHER_TYPE_ARP);
        final long arp = frame + l2Length;
        RawMemory.putLongBe(arp, (FIXED_HEADER << 16) | OPERATION_REQUEST);
        Ethernet.mac(arp + SENDER_MAC_OFFSET, srcMac);
        RawMemory.putIntBe(arp + SENDER_IP_OFFSET, senderIp);
        Ethernet.mac(arp + TARGET_MAC_OFFSET, 0L);
        RawMemory.putIntBe(arp + TARGET_IP_OFFSET, targetIp);
        return Ethernet.padToMinimum(frame, l2Length + LENGTH);
    }

    /**
     * Builds a gratuitous ARP (an announcement, RFC 5227 §2.3: a broadcast request with sender
     * and target address both {@code ourIp}) into a buffer of at least 60 bytes.
     *
     * @return the frame length (60: padded)
     */
    public static int buildGratuitous(
        final long frame, final long srcMac, final int sTagTci, final int cTagTci, final int ourIp)
    {
        return buildRequestTo(frame, Ethernet.BROADCAST_MAC, srcMac, sTagTci, cTagTci, ourIp, ourIp);
    }
}
