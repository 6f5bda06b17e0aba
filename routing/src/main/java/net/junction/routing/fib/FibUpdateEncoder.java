/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Writes {@link FibUpdates} calls as FIB-update messages into a buffer and hands them to a
 * {@link FibMessageSink} in frames: a frame is sent at every {@link #commit()}, and earlier when the
 * next message would not fit, so a batch larger than the buffer (a full table) spans several frames
 * and ends with the frame holding its commit message. The buffer's capacity is the largest frame:
 * size it to what the sink accepts (an Aeron publication's max payload length keeps every frame in
 * one fragment; up to its max message length needs a {@code FragmentAssembler} on the subscriber).
 * <p>
 * When the sink refuses a frame the encoder offers it again, idling with its {@link IdleStrategy},
 * until the offer timeout; then it discards the frame and throws {@link FibBackPressureException}
 * rather than drop changes silently. Arguments are validated before anything is written, so a
 * refused call leaves no partial message behind.
 * <p>
 * Not thread safe: one producer thread (the RIB's).
 */
public final class FibUpdateEncoder implements FibUpdates
{
    /** Default time a frame is offered for before the encoder gives up: the consumer is stuck. */
    public static final long DEFAULT_OFFER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private final MutableDirectBuffer buffer;
    private final FibMessageSink sink;
    private final IdleStrategy idleStrategy;
    private final NanoClock clock;
    private final long offerTimeoutNs;
    private final NextHopMessageFlyweight nextHopMessage = new NextHopMessageFlyweight();
    private final NextHopGroupMessageFlyweight groupMessage = new NextHopGroupMessageFlyweight();
    private final Route4MessageFlyweight route4Message = new Route4MessageFlyweight();
    private final Route6MessageFlyweight route6Message = new Route6MessageFlyweight();
    private final FibMessageFlyweight header = new FibMessageFlyweight();
    private final BatchOriginMessageFlyweight originMessage = new BatchOriginMessageFlyweight();
    private final ResyncMessageFlyweight resyncMessage = new ResyncMessageFlyweight();
    private long batchOriginNs = NO_ORIGIN;
    private int position;
    private long framesSent;

    /**
     * An encoder with a {@link BackoffIdleStrategy} and the {@link #DEFAULT_OFFER_TIMEOUT_NS}.
     *
     * @param buffer frame buffer; its capacity is the largest frame.
     * @param sink   where frames go.
     */
    public FibUpdateEncoder(final MutableDirectBuffer buffer, final FibMessageSink sink)
    {
        this(buffer, sink, new BackoffIdleStrategy(), new SystemNanoClock(), DEFAULT_OFFER_TIMEOUT_NS);
    }

    /**
     * @param buffer         frame buffer; its capacity is the largest frame.
     * @param sink           where frames go.
     * @param idleStrategy   how to wait between offers of a refused frame.
     * @param clock          for the offer timeout.
     * @param offerTimeoutNs how long to keep offering a refused frame.
     */
    public FibUpdateEncoder(
        final MutableDirectBuffer buffer,
        final FibMessageSink sink,
        final IdleStrategy idleStrategy,
        final NanoClock clock,
        final long offerTimeoutNs)
    {
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.offerTimeoutNs = offerTimeoutNs;
        if (buffer.capacity() < FibMessageFlyweight.MAX_MESSAGE_LENGTH)
        {
            throw new IllegalArgumentException("buffer capacity " + buffer.capacity() +
                " is less than the longest message, " + FibMessageFlyweight.MAX_MESSAGE_LENGTH);
        }
        if (offerTimeoutNs < 0)
        {
            throw new IllegalArgumentException("offer timeout must not be negative: " + offerTimeoutNs);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void nextHopSet(final int index, final NextHop nextHop)
    {
        checkIndex(index);
        Objects.requireNonNull(nextHop, "nextHop");

        final NextHopMessageFlyweight message = nextHopMessage;
        message.wrap(buffer, claim(NextHopMessageFlyweight.SET_LENGTH))
            .header(FibMessageFlyweight.TYPE_NEXT_HOP_SET, NextHopMessageFlyweight.SET_LENGTH);
        message.index(index).nextHopType(nextHop.type().code()).reserved(0).portId(nextHop.portId());
        switch (nextHop)
        {
            case NextHop.Gateway4 gateway -> message.afi(NextHopMessageFlyweight.AFI_IPV4).gateway4(gateway.gateway());
            case NextHop.Gateway6 gateway ->
            {
                final Ip6Address address = gateway.gateway();
                message.afi(NextHopMessageFlyweight.AFI_IPV6).gateway6(address.high(), address.low());
            }
            case NextHop.Direct ignored -> message.afi(NextHopMessageFlyweight.AFI_NONE).gateway6(0, 0);
            case NextHop.Local ignored -> message.afi(NextHopMessageFlyweight.AFI_NONE).gateway6(0, 0);
            case NextHop.Blackhole ignored -> message.afi(NextHopMessageFlyweight.AFI_NONE).gateway6(0, 0);
        }
        position += NextHopMessageFlyweight.SET_LENGTH;
    }

    /**
     * {@inheritDoc}
     */
    public void nextHopGroupSet(final int index, final int[] members, final int count)
    {
        checkIndex(index);
        if (count < 2 || count > MAX_GROUP_MEMBERS || count > members.length)
        {
            throw new IllegalArgumentException("an ECMP group has 2.." + MAX_GROUP_MEMBERS + " members, not " + count);
        }
        for (int i = 0; i < count; i++)
        {
            checkIndex(members[i]);
            if (members[i] == index)
            {
                throw new IllegalArgumentException("ECMP group " + index + " lists itself as a member");
            }
        }

        final int length = NextHopGroupMessageFlyweight.length(count);
        final NextHopGroupMessageFlyweight message = groupMessage;
        message.wrap(buffer, claim(length)).header(FibMessageFlyweight.TYPE_NEXT_HOP_GROUP_SET, length);
        message.index(index).count(count).reserved(0);
        for (int i = 0; i < count; i++)
        {
            message.member(i, members[i]);
        }
        position += length;
    }

    /**
     * {@inheritDoc}
     */
    public void nextHopDelete(final int index)
    {
        checkIndex(index);

        nextHopMessage.wrap(buffer, claim(NextHopMessageFlyweight.DELETE_LENGTH))
            .header(FibMessageFlyweight.TYPE_NEXT_HOP_DELETE, NextHopMessageFlyweight.DELETE_LENGTH);
        nextHopMessage.index(index);
        position += NextHopMessageFlyweight.DELETE_LENGTH;
    }

    /**
     * {@inheritDoc}
     */
    public void route4Set(final int address, final int length, final int nextHopIndex)
    {
        Prefix4.validate(address, length);
        checkIndex(nextHopIndex);

        route4Message.wrap(buffer, claim(Route4MessageFlyweight.SET_LENGTH))
            .header(FibMessageFlyweight.TYPE_ROUTE4_SET, Route4MessageFlyweight.SET_LENGTH);
        route4Message.address(address).prefixLength(length).nextHopIndex(nextHopIndex);
        position += Route4MessageFlyweight.SET_LENGTH;
    }

    /**
     * {@inheritDoc}
     */
    public void route4Delete(final int address, final int length)
    {
        Prefix4.validate(address, length);

        route4Message.wrap(buffer, claim(Route4MessageFlyweight.DELETE_LENGTH))
            .header(FibMessageFlyweight.TYPE_ROUTE4_DELETE, Route4MessageFlyweight.DELETE_LENGTH);
        route4Message.address(address).prefixLength(length);
        position += Route4MessageFlyweight.DELETE_LENGTH;
    }

    /**
     * {@inheritDoc}
     */
    public void route6Set(final long high, final long low, final int length, final int nextHopIndex)
    {
        Prefix6.validate(high, low, length);
        checkIndex(nextHopIndex);

        route6Message.wrap(buffer, claim(Route6MessageFlyweight.SET_LENGTH))
            .header(FibMessageFlyweight.TYPE_ROUTE6_SET, Route6MessageFlyweight.SET_LENGTH);
        route6Message.prefixLength(length).high(high).low(low).nextHopIndex(nextHopIndex);
        position += Route6MessageFlyweight.SET_LENGTH;
    }

    /**
     * {@inheritDoc}
     */
    public void route6Delete(final long high, final long low, final int length)
    {
        Prefix6.validate(high, low, length);

        route6Message.wrap(buffer, claim(Route6MessageFlyweight.DELETE_LENGTH))
            .header(FibMessageFlyweight.TYPE_ROUTE6_DELETE, Route6MessageFlyweight.DELETE_LENGTH);
        route6Message.prefixLength(length).high(high).low(low);
        position += Route6MessageFlyweight.DELETE_LENGTH;
    }

    /**
     * {@inheritDoc}
     */
    public void resyncBegin(final long epoch)
    {
        resync(FibMessageFlyweight.TYPE_RESYNC_BEGIN, epoch);
    }

    /**
     * {@inheritDoc}
     */
    public void resyncEnd(final long epoch)
    {
        resync(FibMessageFlyweight.TYPE_RESYNC_END, epoch);
    }

    private void resync(final int type, final long epoch)
    {
        if (0 == epoch)
        {
            throw new IllegalArgumentException("epoch 0 is the state before any resync");
        }

        resyncMessage.wrap(buffer, claim(ResyncMessageFlyweight.LENGTH)).header(type, ResyncMessageFlyweight.LENGTH);
        resyncMessage.reserved(0).epoch(epoch);
        position += ResyncMessageFlyweight.LENGTH;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Kept until the commit, which writes it as a batch origin message just before the commit message.
     */
    public void batchOrigin(final long receivedNs)
    {
        batchOriginNs = receivedNs;
    }

    /**
     * Write the batch origin message (if one was given) and the commit message, and send the frame.
     *
     * @throws FibBackPressureException if the sink refused the frame for the whole offer timeout.
     */
    public void commit()
    {
        if (NO_ORIGIN != batchOriginNs)
        {
            final BatchOriginMessageFlyweight message = originMessage;
            message.wrap(buffer, claim(BatchOriginMessageFlyweight.LENGTH))
                .header(FibMessageFlyweight.TYPE_BATCH_ORIGIN, BatchOriginMessageFlyweight.LENGTH);
            message.reserved(0).receivedNs(batchOriginNs);
            position += BatchOriginMessageFlyweight.LENGTH;
            batchOriginNs = NO_ORIGIN;
        }
        header.wrap(buffer, claim(FibMessageFlyweight.COMMIT_LENGTH))
            .header(FibMessageFlyweight.TYPE_COMMIT, FibMessageFlyweight.COMMIT_LENGTH);
        position += FibMessageFlyweight.COMMIT_LENGTH;
        flush();
    }

    /**
     * @return bytes encoded but not yet handed to the sink.
     */
    public int pendingBytes()
    {
        return position;
    }

    /**
     * @return frames the sink has taken.
     */
    public long framesSent()
    {
        return framesSent;
    }

    /**
     * Make room for a message, sending the frame first if the message would not fit.
     *
     * @return offset at which to write the message.
     */
    private int claim(final int length)
    {
        if (position + length > buffer.capacity())
        {
            flush();
        }
        return position;
    }

    private void flush()
    {
        final int length = position;
        if (0 == length)
        {
            return;
        }

        try
        {
            long deadlineNs = 0;
            boolean refused = false;
            while (!sink.offer(buffer, 0, length))
            {
                // The clock is read only once the sink pushes back, never on the common path.
                final long nowNs = clock.nanoTime();
                if (!refused)
                {
                    refused = true;
                    deadlineNs = nowNs + offerTimeoutNs;
                    idleStrategy.reset();
                }
                else if (nowNs - deadlineNs >= 0)
                {
                    throw new FibBackPressureException(length, offerTimeoutNs);
                }
                idleStrategy.idle();
            }
            framesSent++;
        }
        finally
        {
            // Sent, or given up on: either way the next message starts a new frame.
            position = 0;
        }
    }

    private static void checkIndex(final int index)
    {
        if (index < 0)
        {
            throw new IllegalArgumentException("next-hop index must be non-negative: " + index);
        }
    }
}
