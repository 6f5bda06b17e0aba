/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;
import net.junction.routing.NextHopType;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Objects;

import static net.junction.routing.fib.FibMessageFlyweight.COMMIT_LENGTH;
import static net.junction.routing.fib.FibMessageFlyweight.CURRENT_VERSION;
import static net.junction.routing.fib.FibMessageFlyweight.HEADER_LENGTH;
import static net.junction.routing.fib.FibMessageFlyweight.TYPE_BATCH_ORIGIN;
import static net.junction.routing.fib.FibMessageFlyweight.TYPE_COMMIT;
import static net.junction.routing.fib.FibMessageFlyweight.TYPE_NEXT_HOP_DELETE;
import static net.junction.routing.fib.FibMessageFlyweight.TYPE_NEXT_HOP_GROUP_SET;
import static net.junction.routing.fib.FibMessageFlyweight.TYPE_NEXT_HOP_SET;
import static net.junction.routing.fib.FibMessageFlyweight.TYPE_RESYNC_BEGIN;
import static net.junction.routing.fib.FibMessageFlyweight.TYPE_RESYNC_END;
import static net.junction.routing.fib.FibMessageFlyweight.TYPE_ROUTE4_DELETE;
import static net.junction.routing.fib.FibMessageFlyweight.TYPE_ROUTE4_SET;
import static net.junction.routing.fib.FibMessageFlyweight.TYPE_ROUTE6_DELETE;
import static net.junction.routing.fib.FibMessageFlyweight.TYPE_ROUTE6_SET;

/**
 * Reads frames of FIB-update messages (as {@link FibUpdateEncoder} writes them) and calls a
 * {@link FibUpdates} handler, on the data plane's FIB writer thread.
 * <p>
 * A frame is validated whole before any of it is applied: a malformed message anywhere (bad length,
 * unknown version or type, prefix with host bits, inconsistent next hop, reserved bits set) throws
 * {@link MalformedFibMessageException} and the handler sees nothing of that frame. Decoding is a pure
 * function of the bytes and of one piece of stream state, the resync epoch: a begin-resync must carry
 * an epoch above the last one begun (unsigned), an end-resync must end the resync in progress, and a
 * frame that breaks either is refused whole as {@link MalformedFibMessageException#outOfSequence()},
 * the epoch left as it was. Route messages reach the handler without allocation (next-hop messages
 * allocate their {@link NextHop} value, except LOCAL and BLACKHOLE).
 * <p>
 * Not thread safe: one instance per consuming thread.
 */
public final class FibUpdateDecoder
{
    private final FibUpdates handler;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    private final FibMessageFlyweight header = new FibMessageFlyweight();
    private final NextHopMessageFlyweight nextHopMessage = new NextHopMessageFlyweight();
    private final NextHopGroupMessageFlyweight groupMessage = new NextHopGroupMessageFlyweight();
    private final int[] groupMembers = new int[FibUpdates.MAX_GROUP_MEMBERS];
    private final Route4MessageFlyweight route4Message = new Route4MessageFlyweight();
    private final Route6MessageFlyweight route6Message = new Route6MessageFlyweight();
    private final BatchOriginMessageFlyweight originMessage = new BatchOriginMessageFlyweight();
    private final ResyncMessageFlyweight resyncMessage = new ResyncMessageFlyweight();

    /** The last epoch begun (0: none yet) and whether its resync is in progress, as applied. */
    private long epoch;
    private boolean resyncing;
    /** The same while a frame is validated: what they will be once it is applied. */
    private long validatedEpoch;
    private boolean validatedResyncing;

    /**
     * @param handler called for every message of a valid frame, in order.
     */
    public FibUpdateDecoder(final FibUpdates handler)
    {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Validate a frame, then apply every message of it to the handler. Takes the first three arguments
     * of Aeron's {@code FragmentHandler}, so a subscriber passes {@code (b, o, l, h) -> decoder.decode(b, o, l)}
     * (frames larger than the publication's max payload arrive whole only through a
     * {@code FragmentAssembler}).
     *
     * @param buffer holding the frame.
     * @param offset of the frame.
     * @param length of the frame.
     * @return number of messages applied.
     * @throws MalformedFibMessageException if any message of the frame is malformed; none was applied.
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length)
        {
            throw new MalformedFibMessageException(0,
                "frame [" + offset + ", " + offset + "+" + length + ") is outside the buffer of " + buffer.capacity());
        }

        // Reads are bounded by the frame, not the whole buffer.
        frame.wrap(buffer, offset, length);
        try
        {
            validatedEpoch = epoch;
            validatedResyncing = resyncing;
            int messages = 0;
            for (int position = 0; position < length; position += header.messageLength())
            {
                validate(position, length - position);
                messages++;
            }
            epoch = validatedEpoch;
            resyncing = validatedResyncing;

            for (int position = 0; position < length; position += header.messageLength())
            {
                apply(position);
            }

            return messages;
        }
        finally
        {
            frame.wrap(0, 0);
        }
    }

    private void validate(final int position, final int remaining)
    {
        if (remaining < HEADER_LENGTH)
        {
            throw new MalformedFibMessageException(position,
                "truncated header: " + remaining + " bytes left, a header needs " + HEADER_LENGTH);
        }

        header.wrap(frame, position);
        final int version = header.version();
        final int type = header.type();
        final int messageLength = header.messageLength();
        if (CURRENT_VERSION != version)
        {
            throw new MalformedFibMessageException(position,
                "unsupported version " + version + ", expected " + CURRENT_VERSION);
        }

        int expectedLength = expectedLength(type);
        if (expectedLength < 0)
        {
            throw new MalformedFibMessageException(position, "unknown message type " + type);
        }
        if (TYPE_NEXT_HOP_GROUP_SET == type)
        {
            // Variable length: the member count says how long it must be.
            if (remaining < NextHopGroupMessageFlyweight.MEMBERS_FIELD_OFFSET)
            {
                throw new MalformedFibMessageException(position, "truncated ECMP group: " + remaining + " bytes left");
            }
            expectedLength = NextHopGroupMessageFlyweight.length(groupMessage.wrap(frame, position).count());
        }
        if (messageLength != expectedLength)
        {
            throw new MalformedFibMessageException(position,
                "message type " + type + " has length " + messageLength + ", expected " + expectedLength);
        }
        if (messageLength > remaining)
        {
            throw new MalformedFibMessageException(position,
                "message length " + messageLength + " runs past the end of the frame (" + remaining + " bytes left)");
        }

        switch (type)
        {
            case TYPE_NEXT_HOP_SET -> validateNextHopSet(position);
            case TYPE_NEXT_HOP_GROUP_SET -> validateGroupSet(position);
            case TYPE_NEXT_HOP_DELETE ->
            {
                nextHopMessage.wrap(frame, position);
                checkIndex(position, nextHopMessage.index());
            }
            case TYPE_ROUTE4_SET, TYPE_ROUTE4_DELETE -> validateRoute4(position, TYPE_ROUTE4_SET == type);
            case TYPE_ROUTE6_SET, TYPE_ROUTE6_DELETE -> validateRoute6(position, TYPE_ROUTE6_SET == type);
            case TYPE_BATCH_ORIGIN ->
            {
                if (0 != originMessage.wrap(frame, position).reserved())
                {
                    throw new MalformedFibMessageException(position, "reserved field is not zero");
                }
            }
            case TYPE_RESYNC_BEGIN, TYPE_RESYNC_END -> validateResync(position, TYPE_RESYNC_BEGIN == type);
            default ->
            {
                // TYPE_COMMIT: the header is the whole message.
            }
        }
    }

    /**
     * @return the last epoch a begin-resync of a valid frame carried, 0 before any.
     */
    public long epoch()
    {
        return epoch;
    }

    /**
     * @return true between a valid begin-resync and its end.
     */
    public boolean resyncing()
    {
        return resyncing;
    }

    private void validateNextHopSet(final int position)
    {
        final NextHopMessageFlyweight message = nextHopMessage;
        message.wrap(frame, position);
        checkIndex(position, message.index());
        if (0 != message.reserved())
        {
            throw new MalformedFibMessageException(position, "reserved field is not zero");
        }

        final NextHopType type = NextHopType.fromCode(message.nextHopType());
        if (null == type)
        {
            throw new MalformedFibMessageException(position, "unknown next-hop type " + message.nextHopType());
        }

        final int afi = message.afi();
        final int portId = message.portId();
        final long high = message.gatewayHigh();
        final long low = message.gatewayLow();
        switch (type)
        {
            case GATEWAY ->
            {
                checkPort(position, portId);
                if (NextHopMessageFlyweight.AFI_IPV4 == afi)
                {
                    if ((high >>> 32) != 0 || 0 != low)
                    {
                        throw new MalformedFibMessageException(position, "IPv4 gateway field has bytes past the address");
                    }
                }
                else if (NextHopMessageFlyweight.AFI_IPV6 != afi)
                {
                    throw new MalformedFibMessageException(position, "GATEWAY next hop with AFI " + afi);
                }
            }
            case DIRECT ->
            {
                checkPort(position, portId);
                checkNoGateway(position, type, afi, high, low);
            }
            default ->
            {
                if (NextHop.NO_PORT != portId)
                {
                    throw new MalformedFibMessageException(position, type + " next hop with port id " + portId);
                }
                checkNoGateway(position, type, afi, high, low);
            }
        }
    }

    private void validateGroupSet(final int position)
    {
        final NextHopGroupMessageFlyweight message = groupMessage;
        message.wrap(frame, position);
        final int index = message.index();
        final int count = message.count();
        checkIndex(position, index);
        if (0 != message.reserved())
        {
            throw new MalformedFibMessageException(position, "reserved field is not zero");
        }
        if (count < 2 || count > FibUpdates.MAX_GROUP_MEMBERS)
        {
            throw new MalformedFibMessageException(position,
                "ECMP group of " + count + " members, expected 2.." + FibUpdates.MAX_GROUP_MEMBERS);
        }
        for (int i = 0; i < count; i++)
        {
            final int member = message.member(i);
            checkIndex(position, member);
            if (member == index)
            {
                throw new MalformedFibMessageException(position, "ECMP group " + index + " lists itself as a member");
            }
            for (int j = 0; j < i; j++)
            {
                if (message.member(j) == member)
                {
                    throw new MalformedFibMessageException(position,
                        "ECMP group " + index + " lists member " + member + " twice");
                }
            }
        }
    }

    private void validateResync(final int position, final boolean begin)
    {
        final ResyncMessageFlyweight message = resyncMessage;
        message.wrap(frame, position);
        final long messageEpoch = message.epoch();
        if (0 != message.reserved())
        {
            throw new MalformedFibMessageException(position, "reserved field is not zero");
        }
        if (0 == messageEpoch)
        {
            throw new MalformedFibMessageException(position, "resync epoch 0");
        }

        if (begin)
        {
            if (Long.compareUnsigned(messageEpoch, validatedEpoch) <= 0)
            {
                throw new MalformedFibMessageException(position, "stale epoch " + Long.toUnsignedString(messageEpoch) +
                    " begins a resync, not above the last begun, " + Long.toUnsignedString(validatedEpoch), true);
            }
            validatedEpoch = messageEpoch;
            validatedResyncing = true;
        }
        else
        {
            if (!validatedResyncing)
            {
                throw new MalformedFibMessageException(position, "end of resync " +
                    Long.toUnsignedString(messageEpoch) + " without a begin", true);
            }
            if (messageEpoch != validatedEpoch)
            {
                throw new MalformedFibMessageException(position, "end of resync " + Long.toUnsignedString(messageEpoch) +
                    ", but the resync in progress is of epoch " + Long.toUnsignedString(validatedEpoch), true);
            }
            validatedResyncing = false;
        }
    }

    private void validateRoute4(final int position, final boolean set)
    {
        final Route4MessageFlyweight message = route4Message;
        message.wrap(frame, position);
        final int length = message.prefixLength();
        if (length > Prefix4.MAX_LENGTH)
        {
            throw new MalformedFibMessageException(position, "IPv4 prefix length " + length + " is outside 0..32");
        }
        if ((message.address() & ~Prefix4.mask(length)) != 0)
        {
            throw new MalformedFibMessageException(position, "IPv4 prefix has host bits set past /" + length);
        }
        if (0 != message.reserved())
        {
            throw new MalformedFibMessageException(position, "reserved field is not zero");
        }
        if (set)
        {
            checkIndex(position, message.nextHopIndex());
        }
    }

    private void validateRoute6(final int position, final boolean set)
    {
        final Route6MessageFlyweight message = route6Message;
        message.wrap(frame, position);
        final int length = message.prefixLength();
        if (length > Prefix6.MAX_LENGTH)
        {
            throw new MalformedFibMessageException(position, "IPv6 prefix length " + length + " is outside 0..128");
        }
        if ((message.high() & ~Prefix6.maskHigh(length)) != 0 || (message.low() & ~Prefix6.maskLow(length)) != 0)
        {
            throw new MalformedFibMessageException(position, "IPv6 prefix has host bits set past /" + length);
        }
        if (0 != message.reserved())
        {
            throw new MalformedFibMessageException(position, "reserved field is not zero");
        }
        if (set)
        {
            checkIndex(position, message.nextHopIndex());
        }
    }

    private void apply(final int position)
    {
        header.wrap(frame, position);
        switch (header.type())
        {
            case TYPE_NEXT_HOP_SET ->
            {
                nextHopMessage.wrap(frame, position);
                handler.nextHopSet(nextHopMessage.index(), nextHop(nextHopMessage));
            }
            case TYPE_NEXT_HOP_GROUP_SET ->
            {
                groupMessage.wrap(frame, position);
                final int count = groupMessage.count();
                for (int i = 0; i < count; i++)
                {
                    groupMembers[i] = groupMessage.member(i);
                }
                handler.nextHopGroupSet(groupMessage.index(), groupMembers, count);
            }
            case TYPE_NEXT_HOP_DELETE -> handler.nextHopDelete(nextHopMessage.wrap(frame, position).index());
            case TYPE_ROUTE4_SET ->
            {
                route4Message.wrap(frame, position);
                handler.route4Set(route4Message.address(), route4Message.prefixLength(), route4Message.nextHopIndex());
            }
            case TYPE_ROUTE4_DELETE ->
            {
                route4Message.wrap(frame, position);
                handler.route4Delete(route4Message.address(), route4Message.prefixLength());
            }
            case TYPE_ROUTE6_SET ->
            {
                route6Message.wrap(frame, position);
                handler.route6Set(route6Message.high(), route6Message.low(), route6Message.prefixLength(),
                    route6Message.nextHopIndex());
            }
            case TYPE_ROUTE6_DELETE ->
            {
                route6Message.wrap(frame, position);
                handler.route6Delete(route6Message.high(), route6Message.low(), route6Message.prefixLength());
            }
            case TYPE_BATCH_ORIGIN -> handler.batchOrigin(originMessage.wrap(frame, position).receivedNs());
            case TYPE_RESYNC_BEGIN -> handler.resyncBegin(resyncMessage.wrap(frame, position).epoch());
            case TYPE_RESYNC_END -> handler.resyncEnd(resyncMessage.wrap(frame, position).epoch());
            default -> handler.commit();
        }
    }

    private static NextHop nextHop(final NextHopMessageFlyweight message)
    {
        return switch (NextHopType.fromCode(message.nextHopType()))
        {
            case GATEWAY -> NextHopMessageFlyweight.AFI_IPV4 == message.afi() ?
                new NextHop.Gateway4(message.portId(), message.gateway4()) :
                new NextHop.Gateway6(message.portId(), new Ip6Address(message.gatewayHigh(), message.gatewayLow()));
            case DIRECT -> new NextHop.Direct(message.portId());
            case LOCAL -> NextHop.LOCAL;
            case BLACKHOLE -> NextHop.BLACKHOLE;
        };
    }

    private static int expectedLength(final int type)
    {
        return switch (type)
        {
            case TYPE_NEXT_HOP_SET -> NextHopMessageFlyweight.SET_LENGTH;
            case TYPE_NEXT_HOP_DELETE -> NextHopMessageFlyweight.DELETE_LENGTH;
            case TYPE_ROUTE4_SET -> Route4MessageFlyweight.SET_LENGTH;
            case TYPE_ROUTE4_DELETE -> Route4MessageFlyweight.DELETE_LENGTH;
            case TYPE_ROUTE6_SET -> Route6MessageFlyweight.SET_LENGTH;
            case TYPE_ROUTE6_DELETE -> Route6MessageFlyweight.DELETE_LENGTH;
            case TYPE_COMMIT -> COMMIT_LENGTH;
            case TYPE_BATCH_ORIGIN -> BatchOriginMessageFlyweight.LENGTH;
            case TYPE_RESYNC_BEGIN, TYPE_RESYNC_END -> ResyncMessageFlyweight.LENGTH;
            case TYPE_NEXT_HOP_GROUP_SET -> NextHopGroupMessageFlyweight.MEMBERS_FIELD_OFFSET;
            default -> -1;
        };
    }

    private static void checkIndex(final int position, final int index)
    {
        if (index < 0)
        {
            throw new MalformedFibMessageException(position, "next-hop index " + index + " is negative");
        }
    }

    private static void checkPort(final int position, final int portId)
    {
        if (portId < 0 || portId > NextHop.MAX_PORT_ID)
        {
            throw new MalformedFibMessageException(position, "port id " + portId + " is outside 0.." + NextHop.MAX_PORT_ID);
        }
    }

    private static void checkNoGateway(
        final int position, final NextHopType type, final int afi, final long high, final long low)
    {
        if (NextHopMessageFlyweight.AFI_NONE != afi || 0 != high || 0 != low)
        {
            throw new MalformedFibMessageException(position, type + " next hop carries a gateway");
        }
    }
}
