/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static net.junction.bgp.wire.attribute.PathAttribute.FLAG_OPTIONAL;
import static net.junction.bgp.wire.attribute.PathAttribute.FLAG_TRANSITIVE;

/**
 * Registered attributes that Junction does not act on but other routers do: one row per attribute, with
 * the flags its RFC gives, a syntax check and the RFC 7606-style action its RFC prescribes for a malformed
 * copy. A well-formed optional transitive one is relayed unchanged (as {@code PathAttribute.Unknown}); a
 * well-formed non-transitive one is quietly ignored (RFC 4271 §5); a malformed one is never relayed.
 * This is the lesson of attribute 29 in June 2023: speakers that passed on a malformed BGP-LS attribute
 * as an unknown transitive one reset the sessions of the routers further on that understood it.
 * <p>
 * Only the framing is checked (lengths, TLV and sub-TLV boundaries, fixed-length TLVs): unknown TLV types
 * inside are not errors, as each RFC says. OTC's roles and leak rules (RFC 9234 §5) are not applied here.
 */
public enum CheckedAttribute
{
    /** RFC 6514 §5: flags (1), tunnel type (1), MPLS label (3), tunnel identifier (variable). */
    PMSI_TUNNEL(22, FLAG_OPTIONAL | FLAG_TRANSITIVE, ErrorAction.TREAT_AS_WITHDRAW, "RFC 6514 §5")
    {
        String check(final DirectBuffer buffer, final int value, final int length)
        {
            return length < 5 ? "PMSI_TUNNEL of " + length + " octets, shorter than its 5-octet fixed part" : null;
        }
    },
    /** RFC 9012 §2: TLVs of tunnel type (2), length (2), sub-TLVs (1-octet length below type 128, else 2). */
    TUNNEL_ENCAPSULATION(23, FLAG_OPTIONAL | FLAG_TRANSITIVE, ErrorAction.TREAT_AS_WITHDRAW, "RFC 9012 §13")
    {
        String check(final DirectBuffer buffer, final int value, final int length)
        {
            if (length == 0)
            {
                return "empty TUNNEL_ENCAPSULATION (RFC 7606 §4)";
            }
            final int end = value + length;
            int p = value;
            while (p < end)
            {
                if (end - p < 4)
                {
                    return "tunnel TLV header truncated";
                }
                final int tlvLength = u16(buffer, p + 2);
                final int tlvEnd = p + 4 + tlvLength;
                if (tlvLength > end - p - 4)
                {
                    return "tunnel TLV of length " + tlvLength + " overruns the attribute";
                }
                int q = p + 4;
                while (q < tlvEnd)
                {
                    final int subType = u8(buffer, q);
                    final int header = subType < 128 ? 2 : 3;
                    if (tlvEnd - q < header)
                    {
                        return "sub-TLV header truncated";
                    }
                    final int subLength = header == 2 ? u8(buffer, q + 1) : u16(buffer, q + 1);
                    if (subLength > tlvEnd - q - header)
                    {
                        return "sub-TLV " + subType + " of length " + subLength + " overruns its tunnel TLV";
                    }
                    q += header + subLength;
                }
                p = tlvEnd;
            }
            return null;
        }
    },
    /** RFC 5701, RFC 7606 §7.15: a non-zero multiple of 20 octets. */
    IPV6_EXTENDED_COMMUNITIES(25, FLAG_OPTIONAL | FLAG_TRANSITIVE, ErrorAction.TREAT_AS_WITHDRAW,
        "RFC 7606 §7.15")
    {
        String check(final DirectBuffer buffer, final int value, final int length)
        {
            return length == 0 || length % 20 != 0 ?
                "IPv6 Address Specific Extended Community of length " + length + " (not a non-zero multiple of 20)" :
                null;
        }
    },
    /** RFC 7311 §3: TLVs of type (1), length (2, header included); the AIGP TLV (type 1) is 11 octets. */
    AIGP(26, FLAG_OPTIONAL, ErrorAction.ATTRIBUTE_DISCARD, "RFC 7311 §3.1")
    {
        String check(final DirectBuffer buffer, final int value, final int length)
        {
            if (length == 0)
            {
                return "empty AIGP (RFC 7606 §4)";
            }
            final int end = value + length;
            int p = value;
            while (p < end)
            {
                if (end - p < 3)
                {
                    return "AIGP TLV header truncated";
                }
                final int type = u8(buffer, p);
                final int tlvLength = u16(buffer, p + 1);
                if (tlvLength < 3 || tlvLength > end - p)
                {
                    return "AIGP TLV of length " + tlvLength + " does not fit";
                }
                if (type == 1 && tlvLength != 11)
                {
                    return "AIGP metric TLV of length " + tlvLength + ", not 11";
                }
                p += tlvLength;
            }
            return null;
        }
    },
    /** RFC 9552 §5.3: TLVs of type (2), length (2); any framing error is attribute discard (§8.2.2). */
    BGP_LS(29, FLAG_OPTIONAL, ErrorAction.ATTRIBUTE_DISCARD, "RFC 9552 §8.2.2")
    {
        String check(final DirectBuffer buffer, final int value, final int length)
        {
            return length == 0 ? "empty BGP-LS attribute (RFC 7606 §4)" : tlvFraming(buffer, value, length, 2, 2);
        }
    },
    /** RFC 9234 §5: four octets, an AS number. */
    OTC(35, FLAG_OPTIONAL | FLAG_TRANSITIVE, ErrorAction.TREAT_AS_WITHDRAW, "RFC 9234 §5")
    {
        String check(final DirectBuffer buffer, final int value, final int length)
        {
            return length != 4 ? "OTC of length " + length + ", not 4" : null;
        }

        int lengthSubcode()
        {
            return NotificationMessage.UPDATE_ATTRIBUTE_LENGTH_ERROR;
        }
    },
    /**
     * RFC 8669 §3, §6: TLVs of type (1), length (2); Label-Index (type 1) is 7 octets, Originator SRGB
     * (type 3) is 2 plus a non-zero multiple of 6. A malformed one is ignored and not passed on.
     */
    PREFIX_SID(40, FLAG_OPTIONAL | FLAG_TRANSITIVE, ErrorAction.ATTRIBUTE_DISCARD, "RFC 8669 §6")
    {
        String check(final DirectBuffer buffer, final int value, final int length)
        {
            if (length == 0)
            {
                return "empty Prefix-SID (RFC 7606 §4)";
            }
            final String framing = tlvFraming(buffer, value, length, 1, 2);
            if (framing != null)
            {
                return framing;
            }
            for (int p = value; p < value + length; p += 3 + u16(buffer, p + 1))
            {
                final int type = u8(buffer, p);
                final int tlvLength = u16(buffer, p + 1);
                if (type == 1 && tlvLength != 7)
                {
                    return "Label-Index TLV of length " + tlvLength + ", not 7";
                }
                if (type == 3 && (tlvLength < 8 || (tlvLength - 2) % 6 != 0))
                {
                    return "Originator SRGB TLV of length " + tlvLength;
                }
            }
            return null;
        }
    };

    private static final CheckedAttribute[] BY_TYPE = new CheckedAttribute[256];

    static
    {
        for (final CheckedAttribute a : values())
        {
            BY_TYPE[a.typeCode] = a;
        }
    }

    private final int typeCode;
    private final int flags;
    private final ErrorAction onError;
    private final String rfc;

    CheckedAttribute(final int typeCode, final int flags, final ErrorAction onError, final String rfc)
    {
        this.typeCode = typeCode;
        this.flags = flags;
        this.onError = onError;
        this.rfc = rfc;
    }

    /**
     * @param typeCode attribute type, 0..255.
     * @return the row, or null if the type is not one of these.
     */
    public static CheckedAttribute of(final int typeCode)
    {
        return BY_TYPE[typeCode & 0xFF];
    }

    /**
     * @return the attribute type code.
     */
    public int typeCode()
    {
        return typeCode;
    }

    /**
     * @return the O and T flags its RFC assigns.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * @return what a malformed copy gets: {@link ErrorAction#TREAT_AS_WITHDRAW} or {@link ErrorAction#ATTRIBUTE_DISCARD}.
     */
    public ErrorAction onError()
    {
        return onError;
    }

    /**
     * @return the RFC section that gives the error handling.
     */
    public String rfc()
    {
        return rfc;
    }

    /**
     * @param buffer holding the attribute.
     * @param value  offset of its value.
     * @param length of its value.
     * @return null if well-formed, else what is wrong.
     */
    abstract String check(DirectBuffer buffer, int value, int length);

    /**
     * @return the UPDATE Message Error subcode of a malformed value.
     */
    int lengthSubcode()
    {
        return NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR;
    }

    /**
     * @return null if the TLVs (type of {@code typeOctets}, length of {@code lengthOctets} not counting the
     *     header) fill the value exactly, else what is wrong.
     */
    static String tlvFraming(
        final DirectBuffer buffer, final int value, final int length, final int typeOctets, final int lengthOctets)
    {
        final int header = typeOctets + lengthOctets;
        final int end = value + length;
        int p = value;
        while (p < end)
        {
            if (end - p < header)
            {
                return "TLV header truncated at octet " + (p - value);
            }
            final int at = p + typeOctets;
            final int tlvLength = lengthOctets == 1 ? u8(buffer, at) : u16(buffer, at);
            if (tlvLength > end - p - header)
            {
                return "TLV of length " + tlvLength + " at octet " + (p - value) + " overruns the attribute";
            }
            p += header + tlvLength;
        }
        return null;
    }

    private static int u8(final DirectBuffer buffer, final int index)
    {
        return buffer.getByte(index) & 0xFF;
    }

    private static int u16(final DirectBuffer buffer, final int index)
    {
        return buffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
}
