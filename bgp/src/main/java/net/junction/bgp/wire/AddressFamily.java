/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.List;

/**
 * The table of NLRI and next-hop codecs, one entry per AFI (as BIRD's {@code bgp_af_table[]}): the
 * update decoder and encoder look a family up here instead of branching on it.
 * <p>
 * An NLRI prefix is a length octet and as many address octets as the length needs (RFC 4271 §4.3,
 * RFC 4760 §5). Bits past the length are ignored on decode ("the value of trailing bits is
 * irrelevant", RFC 4271 §4.3) and written as zero.
 * <pre>
 * +---------------------------+
 * |   Length (1 octet, bits)  |
 * +---------------------------+
 * |   Prefix (ceil(len/8))    |
 * +---------------------------+
 * </pre>
 */
public enum AddressFamily
{
    /** AFI 1: 4-octet addresses. */
    IPV4(AfiSafi.AFI_IPV4, Prefix4.MAX_LENGTH)
    {
        IpPrefix readPrefix(final DirectBuffer buffer, final int offset, final int length)
        {
            int address = 0;
            final int octets = (length + 7) >>> 3;
            for (int i = 0; i < octets; i++)
            {
                address |= (buffer.getByte(offset + i) & 0xFF) << (24 - 8 * i);
            }
            return Prefix4.network(address, length);
        }

        void writeAddress(final IpPrefix prefix, final MutableDirectBuffer buffer, final int offset, final int octets)
        {
            final int address = ((Prefix4)prefix).address();
            for (int i = 0; i < octets; i++)
            {
                buffer.putByte(offset + i, (byte)(address >>> (24 - 8 * i)));
            }
        }

        IpAddress readAddress(final DirectBuffer buffer, final int offset)
        {
            return new Ip4Address(buffer.getInt(offset, ByteOrder.BIG_ENDIAN));
        }
    },

    /** AFI 2: 16-octet addresses. */
    IPV6(AfiSafi.AFI_IPV6, Prefix6.MAX_LENGTH)
    {
        IpPrefix readPrefix(final DirectBuffer buffer, final int offset, final int length)
        {
            long high = 0;
            long low = 0;
            final int octets = (length + 7) >>> 3;
            for (int i = 0; i < octets; i++)
            {
                final long b = buffer.getByte(offset + i) & 0xFFL;
                if (i < 8)
                {
                    high |= b << (56 - 8 * i);
                }
                else
                {
                    low |= b << (56 - 8 * (i - 8));
                }
            }
            return Prefix6.network(high, low, length);
        }

        void writeAddress(final IpPrefix prefix, final MutableDirectBuffer buffer, final int offset, final int octets)
        {
            final Prefix6 p = (Prefix6)prefix;
            for (int i = 0; i < octets; i++)
            {
                final long half = i < 8 ? p.high() : p.low();
                buffer.putByte(offset + i, (byte)(half >>> (56 - 8 * (i & 7))));
            }
        }

        IpAddress readAddress(final DirectBuffer buffer, final int offset)
        {
            return new Ip6Address(
                buffer.getLong(offset, ByteOrder.BIG_ENDIAN), buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN));
        }
    };

    private final int afi;
    private final int maxLength;

    AddressFamily(final int afi, final int maxLength)
    {
        this.afi = afi;
        this.maxLength = maxLength;
    }

    /**
     * @param afi IANA address family.
     * @return the codec, or null if this codec does not handle the family.
     */
    public static AddressFamily of(final int afi)
    {
        return switch (afi)
        {
            case AfiSafi.AFI_IPV4 -> IPV4;
            case AfiSafi.AFI_IPV6 -> IPV6;
            default -> null;
        };
    }

    /**
     * @param prefix of either family.
     * @return its codec.
     */
    public static AddressFamily of(final IpPrefix prefix)
    {
        return prefix.isIpv4() ? IPV4 : IPV6;
    }

    /**
     * @return the IANA AFI.
     */
    public int afi()
    {
        return afi;
    }

    /**
     * @return octets of one address.
     */
    public int addressLength()
    {
        return maxLength / 8;
    }

    /** Octets of a Path Identifier before each NLRI with ADD-PATH (RFC 7911 §3). */
    public static final int PATH_ID_LENGTH = 4;

    /**
     * @param prefixLength in bits.
     * @return octets the prefix takes as NLRI, length octet included.
     */
    public static int nlriLength(final int prefixLength)
    {
        return 1 + ((prefixLength + 7) >>> 3);
    }

    /**
     * Decode the NLRI in {@code [offset, end)} into {@code out}.
     *
     * @param buffer holding the NLRI.
     * @param offset first octet.
     * @param end    one past the last octet.
     * @param out    receives the prefixes, in order.
     * @return true if the field was whole prefixes of valid lengths, false if malformed (what was
     * decoded before the fault stays in {@code out}).
     */
    public boolean decodeNlri(final DirectBuffer buffer, final int offset, final int end, final List<IpPrefix> out)
    {
        return decodeNlri(buffer, offset, end, out, null);
    }

    /**
     * Decode NLRI, each preceded by a Path Identifier when {@code pathIds} is given (ADD-PATH, RFC 7911 §3).
     * <pre>
     * +--------------------------------+
     * | Path Identifier (4 octets)     |  with ADD-PATH only
     * +--------------------------------+
     * | Length (1 octet)               |
     * +--------------------------------+
     * | Prefix (variable)              |
     * +--------------------------------+
     * </pre>
     *
     * @param pathIds receives each prefix's Path Identifier, or null without ADD-PATH.
     * @return as {@link #decodeNlri(DirectBuffer, int, int, List)}; a Path Identifier cut short, or one
     *     with no prefix after it, is malformed too.
     */
    public boolean decodeNlri(
        final DirectBuffer buffer, final int offset, final int end, final List<IpPrefix> out, final List<Integer> pathIds)
    {
        int i = offset;
        while (i < end)
        {
            if (pathIds != null)
            {
                if (end - i < PATH_ID_LENGTH + 1)
                {
                    return false;
                }
                pathIds.add(buffer.getInt(i, java.nio.ByteOrder.BIG_ENDIAN));
                i += PATH_ID_LENGTH;
            }
            final int length = buffer.getByte(i) & 0xFF;
            if (length > maxLength)
            {
                return false;
            }
            final int octets = (length + 7) >>> 3;
            if (i + 1 + octets > end)
            {
                return false;
            }
            out.add(readPrefix(buffer, i + 1, length));
            i += 1 + octets;
        }
        return true;
    }

    /**
     * @param prefix of this family.
     * @param buffer to write to.
     * @param offset where the length octet goes.
     * @return octets written.
     */
    public int encodeNlri(final IpPrefix prefix, final MutableDirectBuffer buffer, final int offset)
    {
        return encodeNlriBody(prefix, buffer, offset);
    }

    /**
     * @param pathId the prefix's Path Identifier (ADD-PATH, RFC 7911 §3), written before it.
     * @return octets written, the 4 of the Path Identifier included.
     */
    public int encodeNlri(final int pathId, final IpPrefix prefix, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, pathId, java.nio.ByteOrder.BIG_ENDIAN);
        return PATH_ID_LENGTH + encodeNlriBody(prefix, buffer, offset + PATH_ID_LENGTH);
    }

    private int encodeNlriBody(final IpPrefix prefix, final MutableDirectBuffer buffer, final int offset)
    {
        final int length = prefix.length();
        final int octets = (length + 7) >>> 3;
        buffer.putByte(offset, (byte)length);
        writeAddress(prefix, buffer, offset + 1, octets);
        return 1 + octets;
    }

    /**
     * @param buffer holding an address of this family.
     * @param offset of its first octet.
     * @return the address.
     */
    public IpAddress address(final DirectBuffer buffer, final int offset)
    {
        return readAddress(buffer, offset);
    }

    abstract IpPrefix readPrefix(DirectBuffer buffer, int offset, int length);

    abstract void writeAddress(IpPrefix prefix, MutableDirectBuffer buffer, int offset, int octets);

    abstract IpAddress readAddress(DirectBuffer buffer, int offset);
}
