/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static net.junction.bgp.wire.MessageHeader.HEADER_LENGTH;

/**
 * Packs routes into as few UPDATE messages as fit the session's maximum message length: the attribute
 * set is encoded once and each message carries it with as many prefixes as still fit, as BIRD's
 * {@code bgp_create_update} and GoBGP's {@code CreateUpdateMsgFromPaths} do.
 * <p>
 * IPv4 unicast prefixes go in the NLRI / Withdrawn Routes fields; other families in MP_REACH_NLRI /
 * MP_UNREACH_NLRI, written first among the attributes (RFC 7606 §5.1). Each message is handed to a
 * {@link MessageSink} as a view of one reused buffer, valid only during the call.
 * <p>
 * Not thread safe: one per sending session.
 */
public final class UpdatePacker
{
    /** Receives each packed message. */
    @FunctionalInterface
    public interface MessageSink
    {
        /**
         * @param buffer holding the message; reused after the call returns.
         * @param offset of its header.
         * @param length of the message.
         */
        void onMessage(DirectBuffer buffer, int offset, int length);
    }

    private static final int ATTRIBUTES_START = HEADER_LENGTH + 4;

    private final CodecOptions options;
    private final int maxLength;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[MessageHeader.MAX_EXTENDED_MESSAGE_LENGTH]);
    private final UnsafeBuffer attributes = new UnsafeBuffer(new byte[MessageHeader.MAX_EXTENDED_MESSAGE_LENGTH]);

    /**
     * @param options negotiated with the peer (maximum length, AS number size).
     */
    public UpdatePacker(final CodecOptions options)
    {
        this.options = options;
        this.maxLength = options.maxMessageLength();
    }

    /**
     * Announce IPv4 unicast routes in the NLRI field.
     *
     * @param pathAttributes shared by all the routes, with NEXT_HOP.
     * @param prefixes       to announce, in order.
     * @param sink           receives each message.
     * @return messages emitted.
     * @throws IllegalArgumentException if the attributes alone leave no room for a prefix.
     */
    public int announce(final PathAttributes pathAttributes, final List<Prefix4> prefixes, final MessageSink sink)
    {
        final int attributesLength = AttributeEncoder.encode(
            AttributeEncoder.forPeer(pathAttributes, options), options, message, ATTRIBUTES_START);
        final int nlriStart = ATTRIBUTES_START + attributesLength;
        requireRoom(nlriStart + AddressFamily.nlriLength(Prefix4.MAX_LENGTH), attributesLength);
        message.putShort(HEADER_LENGTH, (short)0, ByteOrder.BIG_ENDIAN);
        message.putShort(HEADER_LENGTH + 2, (short)attributesLength, ByteOrder.BIG_ENDIAN);

        int messages = 0;
        int i = 0;
        while (i < prefixes.size())
        {
            int p = nlriStart;
            while (i < prefixes.size())
            {
                final Prefix4 prefix = prefixes.get(i);
                if (p + AddressFamily.nlriLength(prefix.length()) > maxLength)
                {
                    break;
                }
                p += AddressFamily.IPV4.encodeNlri(prefix, message, p);
                i++;
            }
            emit(p, sink);
            messages++;
        }
        return messages;
    }

    /**
     * Announce routes of another family in MP_REACH_NLRI.
     *
     * @param pathAttributes   shared by all the routes (NEXT_HOP is not needed and not sent).
     * @param afiSafi          family of the prefixes.
     * @param nextHop          global next hop.
     * @param linkLocalNextHop IPv6 link-local next hop, or null.
     * @param prefixes         to announce, all of {@code afiSafi}'s address family.
     * @param sink             receives each message.
     * @return messages emitted.
     */
    public int announce(
        final PathAttributes pathAttributes, final AfiSafi afiSafi, final IpAddress nextHop,
        final IpAddress linkLocalNextHop, final List<? extends IpPrefix> prefixes, final MessageSink sink)
    {
        final int otherLength = AttributeEncoder.encode(AttributeEncoder.forPeer(
            pathAttributes.without(net.junction.bgp.wire.attribute.PathAttribute.NEXT_HOP), options),
            options, attributes, 0);
        final int mpStart = ATTRIBUTES_START;
        final int nlriStart = mpStart + AttributeEncoder.startMpReach(afiSafi, nextHop, linkLocalNextHop, message, mpStart);
        final int limit = maxLength - otherLength;
        requireRoom(nlriStart + otherLength + AddressFamily.nlriLength(128), otherLength);
        message.putShort(HEADER_LENGTH, (short)0, ByteOrder.BIG_ENDIAN);

        int messages = 0;
        int i = 0;
        while (i < prefixes.size())
        {
            int p = nlriStart;
            while (i < prefixes.size())
            {
                final IpPrefix prefix = prefixes.get(i);
                if (p + AddressFamily.nlriLength(prefix.length()) > limit)
                {
                    break;
                }
                p += AddressFamily.of(prefix).encodeNlri(prefix, message, p);
                i++;
            }
            AttributeEncoder.finishMpAttribute(message, mpStart, p);
            message.putBytes(p, attributes, 0, otherLength);
            p += otherLength;
            message.putShort(HEADER_LENGTH + 2, (short)(p - ATTRIBUTES_START), ByteOrder.BIG_ENDIAN);
            emit(p, sink);
            messages++;
        }
        return messages;
    }

    /**
     * Withdraw IPv4 unicast routes in the Withdrawn Routes field.
     *
     * @param prefixes to withdraw.
     * @param sink     receives each message.
     * @return messages emitted.
     */
    public int withdraw(final List<Prefix4> prefixes, final MessageSink sink)
    {
        final int limit = maxLength - 2;
        int messages = 0;
        int i = 0;
        while (i < prefixes.size())
        {
            int p = HEADER_LENGTH + 2;
            while (i < prefixes.size())
            {
                final Prefix4 prefix = prefixes.get(i);
                if (p + AddressFamily.nlriLength(prefix.length()) > limit)
                {
                    break;
                }
                p += AddressFamily.IPV4.encodeNlri(prefix, message, p);
                i++;
            }
            message.putShort(HEADER_LENGTH, (short)(p - HEADER_LENGTH - 2), ByteOrder.BIG_ENDIAN);
            message.putShort(p, (short)0, ByteOrder.BIG_ENDIAN);
            emit(p + 2, sink);
            messages++;
        }
        return messages;
    }

    /**
     * Withdraw routes of another family in MP_UNREACH_NLRI.
     *
     * @param afiSafi  family of the prefixes.
     * @param prefixes to withdraw.
     * @param sink     receives each message.
     * @return messages emitted.
     */
    public int withdraw(final AfiSafi afiSafi, final List<? extends IpPrefix> prefixes, final MessageSink sink)
    {
        message.putShort(HEADER_LENGTH, (short)0, ByteOrder.BIG_ENDIAN);
        final int mpStart = ATTRIBUTES_START;
        final int nlriStart = mpStart + AttributeEncoder.startMpUnreach(afiSafi, message, mpStart);
        int messages = 0;
        int i = 0;
        while (i < prefixes.size())
        {
            int p = nlriStart;
            while (i < prefixes.size())
            {
                final IpPrefix prefix = prefixes.get(i);
                if (p + AddressFamily.nlriLength(prefix.length()) > maxLength)
                {
                    break;
                }
                p += AddressFamily.of(prefix).encodeNlri(prefix, message, p);
                i++;
            }
            AttributeEncoder.finishMpAttribute(message, mpStart, p);
            message.putShort(HEADER_LENGTH + 2, (short)(p - ATTRIBUTES_START), ByteOrder.BIG_ENDIAN);
            emit(p, sink);
            messages++;
        }
        return messages;
    }

    /**
     * @param sink collects nothing but copies.
     * @return a sink that copies each message into {@code out}.
     */
    public static MessageSink collectInto(final List<byte[]> out)
    {
        return (buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            out.add(copy);
        };
    }

    /**
     * @param pathAttributes shared by all the routes.
     * @param prefixes       IPv4 prefixes.
     * @return the packed messages as arrays.
     */
    public List<byte[]> announce(final PathAttributes pathAttributes, final List<Prefix4> prefixes)
    {
        final List<byte[]> out = new ArrayList<>();
        announce(pathAttributes, prefixes, collectInto(out));
        return out;
    }

    private void requireRoom(final int smallestMessage, final int attributesLength)
    {
        if (smallestMessage > maxLength)
        {
            throw new IllegalArgumentException("path attributes of " + attributesLength +
                " octets leave no room for a prefix in a " + maxLength + "-octet UPDATE");
        }
    }

    private void emit(final int length, final MessageSink sink)
    {
        MessageHeader.write(message, 0, length, MessageHeader.TYPE_UPDATE);
        sink.onMessage(message, 0, length);
    }
}
