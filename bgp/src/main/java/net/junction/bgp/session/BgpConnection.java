/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.transport.EventLoop;
import net.junction.bgp.wire.BgpMessage;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.MessageDecoder;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.MessageHeader;
import net.junction.bgp.wire.OpenMessage;
import net.junction.routing.IpAddress;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One TCP connection of a session, apart from the socket itself: framing of the received byte stream,
 * the send queue with its water marks, and the per-connection half of the OPEN exchange (RFC 4271 §8
 * runs one FSM per connection until collision detection keeps one of them).
 * <p>
 * Reads: bytes accumulate in {@link #readBuffer()}; {@link #deliverFrames()} hands each whole message to
 * the owning {@link BgpSession} (framing by {@link MessageHeader#frameLength}, Netty's contract: a
 * partial frame consumes nothing). Writes: a message is written to the socket at once when nothing is
 * queued; what the socket does not take is copied into the queue and flushed when it becomes writable.
 * <p>
 * Subclasses supply the socket ({@link TcpConnection}; tests use an in-memory one). Loop thread only.
 */
public abstract class BgpConnection
{
    /** Room for two of the largest messages, so a whole one always fits after compaction. */
    static final int READ_BUFFER_SIZE = 2 * (MessageHeader.MAX_EXTENDED_MESSAGE_LENGTH + 1);

    /** The loop that owns the connection. */
    protected final EventLoop loop;
    private final boolean outbound;
    /** Received bytes in write mode: {@code [0, position)} not yet consumed; allocated on first read. */
    private ByteBuffer readBuffer;
    private final UnsafeBuffer readView = new UnsafeBuffer(0, 0);
    private final ExpandableDirectByteBuffer encodeBuffer = new ExpandableDirectByteBuffer(512);
    /** Direct copy of a message for the socket; allocated on first send (attempts that never connect need none). */
    private ByteBuffer scratch;
    private final ArrayDeque<ByteBuffer> sendQueue = new ArrayDeque<>();
    private long queuedBytes;
    private long highWaterBytes = 256 * 1024;
    private long lowWaterBytes = 64 * 1024;
    private Runnable writableTask;

    /** The session this connection belongs to; null once detached (closing or rejected). */
    BgpSession session;
    /** Negotiated codec once the peer's OPEN is accepted; {@link CodecOptions#DEFAULT} before. */
    CodecOptions codec = CodecOptions.DEFAULT;
    /** The peer's OPEN on this connection, or null. */
    OpenMessage peerOpen;
    /** What the OPEN exchange on this connection settled, or null. */
    Negotiated negotiated;
    /** Our OPEN went out on this connection. */
    boolean openSent;
    /** The peer's KEEPALIVE after its OPEN arrived (OpenConfirm done, Established deferred by a collision). */
    boolean keepaliveReceived;

    IpAddress localAddress;
    IpAddress remoteAddress;
    /** TCP ports of the two ends, 0 before connected (BMP Peer Up reports them). */
    int localPort;
    int remotePort;
    /** The OPEN this end sent on this connection, or null (BMP Peer Up reports it). */
    OpenMessage sentOpen;
    private boolean closing;
    private boolean closed;

    /**
     * @param loop     owning loop.
     * @param outbound true if this end connected, false if it accepted.
     */
    protected BgpConnection(final EventLoop loop, final boolean outbound)
    {
        this.loop = loop;
        this.outbound = outbound;
    }

    /**
     * @return true if this end initiated the connection (RFC 4271 §6.8 collision resolution).
     */
    public boolean outbound()
    {
        return outbound;
    }

    /**
     * @return this end's address, or null before connected.
     */
    public IpAddress localAddress()
    {
        return localAddress;
    }

    /**
     * @return the peer's address, or null before connected.
     */
    public IpAddress remoteAddress()
    {
        return remoteAddress;
    }

    /**
     * @return this end's TCP port, or 0 before connected.
     */
    public int localPort()
    {
        return localPort;
    }

    /**
     * @return the peer's TCP port, or 0 before connected.
     */
    public int remotePort()
    {
        return remotePort;
    }

    /**
     * @return the OPEN this end sent on this connection, or null before it did.
     */
    public OpenMessage sentOpen()
    {
        return sentOpen;
    }

    /**
     * @return the OPEN the peer sent on this connection, or null before it did.
     */
    public OpenMessage peerOpen()
    {
        return peerOpen;
    }

    /**
     * @param high send-queue octets above which the connection is congested.
     * @param low  octets below which a congested connection runs its writable task.
     */
    void waterMarks(final long high, final long low)
    {
        this.highWaterBytes = high;
        this.lowWaterBytes = low;
    }

    /**
     * @return octets queued and not yet taken by the socket.
     */
    public long queuedBytes()
    {
        return queuedBytes;
    }

    boolean congested()
    {
        return queuedBytes > highWaterBytes;
    }

    void onWritable(final Runnable task)
    {
        if (!congested())
        {
            writableTask = null;
            task.run();
        }
        else
        {
            writableTask = task;
        }
    }

    /**
     * @return true once closed or closing.
     */
    public boolean isClosed()
    {
        return closed || closing;
    }

    /**
     * Encode and send with the connection's codec.
     *
     * @param message to send.
     */
    void send(final BgpMessage message)
    {
        final int length = MessageEncoder.encode(message, codec, encodeBuffer, 0);
        sendEncoded(encodeBuffer, 0, length);
    }

    /**
     * Send an encoded message.
     *
     * @param buffer holding it.
     * @param offset of its header.
     * @param length of the message.
     */
    void sendEncoded(final DirectBuffer buffer, final int offset, final int length)
    {
        if (closed || closing)
        {
            return;
        }
        if (sendQueue.isEmpty())
        {
            if (scratch == null)
            {
                scratch = ByteBuffer.allocateDirect(MessageHeader.MAX_EXTENDED_MESSAGE_LENGTH);
            }
            scratch.clear();
            buffer.getBytes(offset, scratch, 0, length);
            scratch.limit(length);
            try
            {
                writeToSocket(scratch);
            }
            catch (final IOException ex)
            {
                failLater("write failed: " + ex.getMessage());
                return;
            }
            if (!scratch.hasRemaining())
            {
                return;
            }
            final ByteBuffer rest = ByteBuffer.allocate(scratch.remaining());
            rest.put(scratch).flip();
            enqueue(rest);
            return;
        }
        final ByteBuffer copy = ByteBuffer.allocate(length);
        buffer.getBytes(offset, copy, 0, length);
        enqueue(copy);
    }

    private void enqueue(final ByteBuffer pending)
    {
        if (sendQueue.isEmpty())
        {
            writeInterest(true);
        }
        sendQueue.add(pending);
        queuedBytes += pending.remaining();
    }

    /**
     * The socket can take more: flush the queue, then run the writable task below the low-water mark.
     */
    protected void flush()
    {
        try
        {
            while (!sendQueue.isEmpty())
            {
                final ByteBuffer head = sendQueue.peek();
                final int before = head.remaining();
                writeToSocket(head);
                queuedBytes -= before - head.remaining();
                if (head.hasRemaining())
                {
                    break;
                }
                sendQueue.poll();
            }
        }
        catch (final IOException ex)
        {
            failLater("write failed: " + ex.getMessage());
            return;
        }
        if (sendQueue.isEmpty())
        {
            writeInterest(false);
            if (closing)
            {
                finishClose(true);
                return;
            }
        }
        if (writableTask != null && queuedBytes < lowWaterBytes)
        {
            final Runnable task = writableTask;
            writableTask = null;
            task.run();
        }
    }

    /**
     * @return the buffer received bytes go into (write mode; {@code [0, position)} not yet consumed).
     */
    protected ByteBuffer readBuffer()
    {
        if (readBuffer == null)
        {
            readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
            readView.wrap(readBuffer);
        }
        return readBuffer;
    }

    /**
     * Hand every whole message in the read buffer to the session, then keep the partial rest.
     */
    protected void deliverFrames()
    {
        deliverFrames(Long.MAX_VALUE);
    }

    /**
     * Hand whole messages in the read buffer to the session until the loop's clock passes
     * {@code deadlineNs} (at least one message is handed over), then keep the rest.
     *
     * @param deadlineNs a reading of {@link EventLoop#clockNs()}; {@link Long#MAX_VALUE}: no limit.
     * @return true if whole messages are left in the buffer (the deadline came first).
     */
    protected boolean deliverFrames(final long deadlineNs)
    {
        final ByteBuffer readBuffer = readBuffer();
        if (session == null || closing || closed)
        {
            readBuffer.clear();
            return false;
        }
        final int end = readBuffer.position();
        int offset = 0;
        boolean left = false;
        while (session != null && !closing && !closed)
        {
            final int length = MessageHeader.frameLength(readView, offset, end - offset, codec);
            if (length == 0)
            {
                break;
            }
            if (length == MessageHeader.BAD_HEADER)
            {
                session.badHeader(this, MessageDecoder.checkHeader(readView, offset, codec));
                break;
            }
            session.receive(this, readView, offset, length);
            offset += length;
            if (Long.MAX_VALUE != deadlineNs && loop.clockNs() - deadlineNs >= 0)
            {
                left = offset < end && MessageHeader.frameLength(readView, offset, end - offset, codec) != 0;
                break;
            }
        }
        if (session == null || closing || closed)
        {
            readBuffer.clear();
            return false;
        }
        readBuffer.limit(end).position(offset);
        readBuffer.compact();
        return left;
    }

    /**
     * The peer closed or the socket failed: tell the session (if any) and close.
     *
     * @param reason for status.
     */
    protected void failed(final String reason)
    {
        final BgpSession owner = session;
        session = null;
        finishClose(false);
        if (owner != null)
        {
            owner.connectionFailed(this, reason);
        }
    }

    private void failLater(final String reason)
    {
        final BgpSession owner = session;
        session = null;
        finishClose(false);
        if (owner != null)
        {
            loop.execute(() -> owner.connectionFailed(this, reason));
        }
    }

    /**
     * Detach from the session and close once what is queued (a NOTIFICATION) has gone out.
     */
    void close()
    {
        session = null;
        if (closed || closing)
        {
            return;
        }
        closing = true;
        writableTask = null;
        if (sendQueue.isEmpty())
        {
            finishClose(true);
        }
    }

    private void finishClose(final boolean graceful)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        closing = false;
        sendQueue.clear();
        queuedBytes = 0;
        closeSocket(graceful);
    }

    /**
     * Write as much of {@code source} as the socket takes now.
     *
     * @param source to write from its position.
     * @throws IOException if the socket failed.
     */
    protected abstract void writeToSocket(ByteBuffer source) throws IOException;

    /**
     * @param on whether to be told (by {@link #flush()}) when the socket is writable.
     */
    protected abstract void writeInterest(boolean on);

    /**
     * Close the socket.
     *
     * @param graceful true: what was written must reach the peer (FIN after the data); false: at once.
     */
    protected abstract void closeSocket(boolean graceful);

    public String toString()
    {
        return getClass().getSimpleName() + "[" + (outbound ? "out " : "in ") + localAddress + " -> " + remoteAddress +
            (closed ? " closed" : "") + "]";
    }
}
