/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.transport.EventLoop;
import net.junction.bgp.wire.BgpMessage;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.DecodeResult;
import net.junction.bgp.wire.MessageDecoder;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.routing.IpAddress;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory connection: what the session writes is decoded into {@link #sent}, and the test injects
 * what the peer sends. {@link #capacity} limits how much the "socket" takes, to exercise the send queue.
 */
final class FakeConnection extends BgpConnection
{
    private static final CodecOptions LENIENT = new CodecOptions(true, true, true);

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    long capacity = Long.MAX_VALUE;
    boolean socketClosed;
    boolean writeInterest;

    FakeConnection(final EventLoop loop, final boolean outbound, final IpAddress local, final IpAddress remote)
    {
        super(loop, outbound);
        this.localAddress = local;
        this.remoteAddress = remote;
    }

    /**
     * @return every whole message written so far, decoded.
     */
    List<BgpMessage> sent()
    {
        final byte[] bytes = written.toByteArray();
        final List<BgpMessage> out = new ArrayList<>();
        int offset = 0;
        while (offset + 19 <= bytes.length)
        {
            final int length = ((bytes[offset + 16] & 0xFF) << 8) | (bytes[offset + 17] & 0xFF);
            if (offset + length > bytes.length)
            {
                break;
            }
            final byte[] one = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
            final DecodeResult r = MessageDecoder.decode(one, LENIENT);
            out.add(r.message());
            offset += length;
        }
        return out;
    }

    BgpMessage lastSent()
    {
        final List<BgpMessage> all = sent();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /**
     * The peer sends {@code message}, encoded with {@code options}.
     */
    void inject(final BgpMessage message, final CodecOptions options)
    {
        injectBytes(MessageEncoder.encode(message, options));
    }

    void inject(final BgpMessage message)
    {
        inject(message, codec);
    }

    void injectBytes(final byte[] bytes)
    {
        readBuffer().put(bytes);
        deliverFrames();
    }

    /**
     * The peer's bytes arrive; whole messages are handed over until the loop's clock passes the deadline.
     *
     * @return true if whole messages are left for later.
     */
    boolean injectBytesBefore(final byte[] bytes, final long deadlineNs)
    {
        readBuffer().put(bytes);
        return deliverFrames(deadlineNs);
    }

    /** The rest of what arrived, handed over until the deadline; true if whole messages are still left. */
    boolean deliverBefore(final long deadlineNs)
    {
        return deliverFrames(deadlineNs);
    }

    /** The peer closes the connection. */
    void peerCloses()
    {
        failed("connection closed by peer");
    }

    /** The socket takes more. */
    void drain(final long bytes)
    {
        capacity += bytes;
        flush();
    }

    protected void writeToSocket(final ByteBuffer source)
    {
        final int n = (int)Math.min(source.remaining(), capacity);
        final byte[] b = new byte[n];
        source.get(b);
        written.write(b, 0, n);
        capacity -= n;
    }

    protected void writeInterest(final boolean on)
    {
        writeInterest = on;
    }

    protected void closeSocket(final boolean graceful)
    {
        socketClosed = true;
    }
}
