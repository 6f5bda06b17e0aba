package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.DropReason;

/**
 * Ethernet II header with up to two VLAN tags (802.1Q, 802.1ad QinQ): static accessors over a
 * raw frame address. A MAC address is a {@code long} holding 48 bits, first octet most
 * significant ({@code 02:00:00:00:00:01} is {@code 0x0200_0000_0001L}).
 *
 * <p>Fast path: static methods over absolute addresses, no allocation, no exceptions; every
 * multi-byte field is network byte order (big-endian).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    destination MAC (6)                        |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+        source MAC (6)         +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   ethertype or TPID (12)      |  [TCI | ethertype]...         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ethernet
{
    public static final int DST_MAC_OFFSET = 0;
    public static final int SRC_MAC_OFFSET = 6;
    public static final int ETHER_TYPE_OFFSET = 12;
    public static final int HEADER_LENGTH = 14;
    public static final int MAC_LENGTH = 6;
    /** TPID (2) + TCI (2). */
    public static final int TAG_LENGTH = 4;
    /** Shortest frame on the wire, FCS excluded (IEEE 802.3 §4.4.2). */
    public static final int MIN_FRAME_LENGTH = 60;

    public static final int ETHER_TYPE_IPV4 = 0x0800;
    public static final int ETHER_TYPE_ARP = 0x0806;
    public static final int ETHER_TYPE_IPV6 = 0x86DD;
    /** IEEE 802.1Q customer tag TPID. */
    public static final int ETHER_TYPE_VLAN = 0x8100;
    /** IEEE 802.1ad service tag TPID (QinQ). */
    public static final int ETHER_TYPE_QINQ = 0x88A8;

    public static final int VLAN_ID_MASK = 0x0FFF;
    /** "No tag" for a TCI argument or result; not a valid 16-bit TCI. */
    public static final int NO_TAG = -1;

    public static final long BROADCAST_MAC = 0xFFFF_FFFF_FFFFL;
    public static final long MAC_MASK = 0xFFFF_FFFF_FFFFL;
    /** I/G bit: set in multicast and broadcast addresses (first octet, least significant bit). */
    public static final long GROUP_BIT = 0x0100_0000_0000L;

    private Ethernet()
    {
    }

    /** 48-bit MAC at {@code address}, network order. */
    public static long mac(final long address)
    {
        return ((RawMemory.getIntBe(address) & 0xFFFF_FFFFL) << 16) | RawMemory.getShortBe(address + 4);
    }

    public static void mac(final long address, final long mac)
    {
        RawMemory.putIntBe(address, (int)(mac >>> 16));
        RawMemory.putShortBe(address + 4, (int)mac);
    }

    public static long dstMac(final long frame)
    {
        return mac(frame + DST_MAC_OFFSET);
    }

    public static void dstMac(final long frame, final long mac)
    {
        mac(frame + DST_MAC_OFFSET, mac);
    }

    public static long srcMac(final long frame)
    {
        return mac(frame + SRC_MAC_OFFSET);
    }

    public static void srcMac(final long frame, final long mac)
    {
        mac(frame + SRC_MAC_OFFSET, mac);
    }

    /** The outer ethertype/TPID at offset 12 (before any tag is looked at). */
    public static int etherType(final long frame)
    {
        return RawMemory.getShortBe(frame + ETHER_TYPE_OFFSET);
    }

    public static void etherType(final long frame, final int etherType)
    {
        RawMemory.putShortBe(frame + ETHER_TYPE_OFFSET, etherType);
    }

    /** Multicast or broadcast (I/G bit set). */
    public static boolean isGroupMac(final long mac)
    {
        return (mac & GROUP_BIT) != 0;
    }

    public static boolean isBroadcastMac(final long mac)
    {
        return (mac & MAC_MASK) == BROADCAST_MAC;
    }

    /**
     * Parses the L2 header: up to two tags (outer TPID 0x8100 or 0x88A8, inner TPID 0x8100), then
     * the ethertype. Any ethertype is accepted; dispatching on it (and counting
     * {@link DropReason#UNSUPPORTED_ETHERTYPE}) is the caller's. A third tag shows up as an
     * ethertype of 0x8100.
     *
     * @return {@link DropReason#NONE} with {@code out} filled, or {@link DropReason#RUNT} if the
     *         frame cannot hold the header and its tags ({@code out} then undefined)
     */
    public static int parse(final long frame, final int frameLength, final EthernetParse out)
    {
        if (frameLength < HEADER_LENGTH)
        {
            return DropReason.RUNT;
        }
        int offset = ETHER_TYPE_OFFSET;
        int type = RawMemory.getShortBe(frame + offset);
        int tags = 0;
        int first = NO_TAG;
        int second = NO_TAG;
        boolean firstIsServiceTag = false;
        if (type == ETHER_TYPE_VLAN || type == ETHER_TYPE_QINQ)
        {
            if (frameLength < HEADER_LENGTH + TAG_LENGTH)
            {
                return DropReason.RUNT;
            }
            firstIsServiceTag = type == ETHER_TYPE_QINQ;
            first = RawMemory.getShortBe(frame + offset + 2);
            offset += TAG_LENGTH;
            type = RawMemory.getShortBe(frame + offset);
            tags = 1;
            if (type == ETHER_TYPE_VLAN)
            {
                if (frameLength < HEADER_LENGTH + 2 * TAG_LENGTH)
                {
                    return DropReason.RUNT;
                }
                second = RawMemory.getShortBe(frame + offset + 2);
                offset += TAG_LENGTH;
                type = RawMemory.getShortBe(frame + offset);
                tags = 2;
            }
        }
        out.etherType = type;
        out.l3Offset = offset + 2;
        out.l3Length = frameLength - (offset + 2);
        out.tagCount = tags;
        if (tags == 2)
        {
            out.sTagTci = first;
            out.cTagTci = second;
        }
        else if (tags == 1 && firstIsServiceTag)
        {
            out.sTagTci = first;
            out.cTagTci = NO_TAG;
        }
        else
        {
            out.sTagTci = NO_TAG;
            out.cTagTci = first;
        }
        return DropReason.NONE;
    }

    /** Length of the L2 header {@link #writeHeader} writes for these tags: 14, 18 or 22. */
    public static int headerLength(final int sTagTci, final int cTagTci)
    {
        return HEADER_LENGTH + (sTagTci == NO_TAG ? 0 : TAG_LENGTH) + (cTagTci == NO_TAG ? 0 : TAG_LENGTH);
    }

    /**
     * Writes an L2 header at {@code frame}: MACs, an S-tag (TPID 0x88A8) if {@code sTagTci} is not
     * {@link #NO_TAG}, a C-tag (TPID 0x8100) if {@code cTagTci} is not, then {@code etherType}.
     *
     * @return the header length written (14, 18 or 22)
     */
    public static int writeHeader(
        final long frame, final long dstMac, final long srcMac, final int sTagTci, final int cTagTci,
        final int etherType)
    {
        mac(frame + DST_MAC_OFFSET, dstMac);
        mac(frame + SRC_MAC_OFFSET, srcMac);
        int offset = ETHER_TYPE_OFFSET;
        if (sTagTci != NO_TAG)
        {
            RawMemory.putShortBe(frame + offset, ETHER_TYPE_QINQ);
            RawMemory.putShortBe(frame + offset + 2, sTagTci);
            offset += TAG_LENGTH;
        }
        if (cTagTci != NO_TAG)
        {
            RawMemory.putShortBe(frame + offset, ETHER_TYPE_VLAN);
            RawMemory.putShortBe(frame + offset + 2, cTagTci);
            offset += TAG_LENGTH;
        }
        RawMemory.putShortBe(frame + offset, etherType);
        return offset + 2;
    }

    /**
     * Writes an L2 header that ends right before {@code l3}: the way a forwarded packet gets its
     * new MACs and strips, keeps or changes its VLAN tags (pass the tags it should leave with;
     * {@link EthernetParse#sTagTci()}/{@link EthernetParse#cTagTci()} keep the received ones). The
     * caller guarantees writable memory before {@code l3} (mbuf headroom).
     *
     * @return the header length {@code n}: the new frame starts at {@code l3 - n}, so the frame
     *         start moves by {@code oldL3Offset - n} bytes (positive: forwards)
     */
    public static int prependHeader(
        final long l3, final long dstMac, final long srcMac, final int sTagTci, final int cTagTci,
        final int etherType)
    {
        final int length = headerLength(sTagTci, cTagTci);
        return writeHeader(l3 - length, dstMac, srcMac, sTagTci, cTagTci, etherType);
    }

    /**
     * Zero-fills a frame shorter than {@link #MIN_FRAME_LENGTH} up to it (the caller guarantees
     * 60 writable bytes at {@code frame}).
     *
     * @return the new frame length, {@code max(length, 60)}
     */
    public static int padToMinimum(final long frame, final int length)
    {
        if (length >= MIN_FRAME_LENGTH)
        {
            return length;
        }
        Memory.zero(frame + length, MIN_FRAME_LENGTH - length);
        return MIN_FRAME_LENGTH;
    }
}
