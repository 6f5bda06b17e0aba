/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.transport.EventLoop;
import net.junction.bgp.transport.IoHandler;
import net.junction.bgp.transport.Timer;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A {@link BgpConnection} over a non-blocking {@link SocketChannel} registered with the event loop.
 * Connecting ({@code OP_CONNECT}) ends in {@link BgpSession#connected} or {@link BgpSession#connectFailed};
 * a graceful close shuts the output down after the queued data and closes on the peer's FIN or after
 * {@link #LINGER_NS}.
 */
public final class TcpConnection extends BgpConnection implements IoHandler
{
    /** Longest wait for the peer's FIN after ours. */
    static final long LINGER_NS = 2_000_000_000L;
    private static final int READS_PER_TURN = 16;
    /**
     * Longest a connection's reads hand messages to its session in one turn of the loop. The tasks
     * other threads queue (an API request, the RIB batch of this turn's best paths) and the other
     * connections run between turns, so a full table arriving at line rate never holds them longer.
     */
    static final long READ_BUDGET_NS = 2_000_000L;

    private final SocketChannel channel;
    private SelectionKey key;
    private Timer lingerTimer;
    private boolean draining;
    /** Whole messages wait in the read buffer (a turn's budget ran out): a continuation of the next turn hands them over. */
    private boolean backlog;

    /**
     * @param loop     owning loop.
     * @param channel  non-blocking, connected or connecting.
     * @param outbound true if this end connects.
     */
    TcpConnection(final EventLoop loop, final SocketChannel channel, final boolean outbound)
    {
        super(loop, outbound);
        this.channel = channel;
    }

    /**
     * @return the channel (for socket options and tests).
     */
    public SocketChannel channel()
    {
        return channel;
    }

    /**
     * Register with the loop for connect completion (outbound) or reads (accepted).
     *
     * @param connecting true if {@code connect()} is in progress.
     * @throws IOException if the channel is closed.
     */
    void register(final boolean connecting) throws IOException
    {
        key = loop.register(channel, connecting ? SelectionKey.OP_CONNECT : SelectionKey.OP_READ, this);
        if (!connecting)
        {
            addresses();
        }
    }

    void addresses() throws IOException
    {
        localAddress = toIpAddress(((InetSocketAddress)channel.getLocalAddress()).getAddress());
        remoteAddress = toIpAddress(((InetSocketAddress)channel.getRemoteAddress()).getAddress());
        localPort = ((InetSocketAddress)channel.getLocalAddress()).getPort();
        remotePort = ((InetSocketAddress)channel.getRemoteAddress()).getPort();
    }

    public void onReady(final SelectionKey readyKey)
    {
        if (!readyKey.isValid())
        {
            return;
        }
        final int ready = readyKey.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0)
        {
            finishConnect();
            return;
        }
        if ((ready & SelectionKey.OP_READ) != 0 && !backlog)
        {
            read(); // with a backlog, its continuation reads on: one budget a turn
        }
        if (readyKey.isValid() && (ready & SelectionKey.OP_WRITE) != 0)
        {
            flush();
        }
    }

    private void finishConnect()
    {
        final BgpSession owner = session;
        try
        {
            channel.finishConnect();
            key.interestOps(SelectionKey.OP_READ);
            addresses();
        }
        catch (final IOException ex)
        {
            session = null;
            closeSocket(false);
            if (owner != null)
            {
                owner.connectFailed(this, "connect failed: " + ex.getMessage());
            }
            return;
        }
        if (owner != null)
        {
            owner.connected(this);
        }
        else
        {
            closeSocket(false);
        }
    }

    private void read()
    {
        final long deadlineNs = loop.clockNs() + READ_BUDGET_NS;
        if (backlog)
        {
            if (draining)
            {
                readBuffer().clear();
                backlog = false;
            }
            else if (deliverBefore(deadlineNs))
            {
                return;
            }
        }
        for (int i = 0; i < READS_PER_TURN; i++)
        {
            final int n;
            try
            {
                n = channel.read(readBuffer());
            }
            catch (final IOException ex)
            {
                failed("connection failed: " + ex.getMessage());
                return;
            }
            if (n < 0)
            {
                if (draining)
                {
                    closeNow();
                }
                else
                {
                    failed("connection closed by peer");
                }
                return;
            }
            if (n == 0)
            {
                return;
            }
            if (draining)
            {
                readBuffer().clear();
                continue;
            }
            if (deliverBefore(deadlineNs) || isClosed() && !draining || loop.clockNs() - deadlineNs >= 0)
            {
                return; // what is left in the socket makes it ready again next turn
            }
        }
    }

    /** @return true if the budget ran out with whole messages left (then the next turn continues with them). */
    private boolean deliverBefore(final long deadlineNs)
    {
        backlog = deliverFrames(deadlineNs);
        if (backlog)
        {
            loop.nextTurn(this::continueRead);
        }
        return backlog;
    }

    private void continueRead()
    {
        if (backlog && key.isValid())
        {
            read();
        }
    }

    protected void writeToSocket(final ByteBuffer source) throws IOException
    {
        channel.write(source);
    }

    protected void writeInterest(final boolean on)
    {
        if (key != null && key.isValid())
        {
            final int ops = key.interestOps();
            key.interestOps(on ? ops | SelectionKey.OP_WRITE : ops & ~SelectionKey.OP_WRITE);
        }
    }

    protected void closeSocket(final boolean graceful)
    {
        if (!graceful || key == null || !channel.isConnected())
        {
            closeNow();
            return;
        }
        try
        {
            // FIN after the data (a NOTIFICATION); closing at once with unread input would send a RST
            // that can destroy the NOTIFICATION in flight.
            channel.shutdownOutput();
            draining = true;
            if (key.isValid())
            {
                key.interestOps(SelectionKey.OP_READ);
            }
            lingerTimer = loop.timer("linger", this::closeNow);
            lingerTimer.start(LINGER_NS);
        }
        catch (final IOException ex)
        {
            closeNow();
        }
    }

    private void closeNow()
    {
        draining = false;
        if (lingerTimer != null)
        {
            lingerTimer.stop();
        }
        if (key != null)
        {
            key.cancel();
        }
        EventLoop.closeQuietly(channel);
    }

    /**
     * @param address from a socket.
     * @return the same address as a value; IPv4-mapped IPv6 addresses become IPv4.
     */
    static IpAddress toIpAddress(final InetAddress address)
    {
        final byte[] b = address.getAddress();
        if (address instanceof Inet4Address)
        {
            return new Ip4Address(ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).getInt());
        }
        final ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        final long high = bb.getLong();
        final long low = bb.getLong();
        if (high == 0 && (low >>> 32) == 0xFFFFL)
        {
            return new Ip4Address((int)low);
        }
        return new Ip6Address(high, low);
    }

    /**
     * @param address a value.
     * @return the JDK address.
     */
    static InetAddress toInetAddress(final IpAddress address)
    {
        final ByteBuffer b;
        if (address instanceof Ip4Address a)
        {
            b = ByteBuffer.allocate(4).putInt(a.value());
        }
        else
        {
            final Ip6Address a = (Ip6Address)address;
            b = ByteBuffer.allocate(16).putLong(a.high()).putLong(a.low());
        }
        try
        {
            return InetAddress.getByAddress(b.array());
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @param address a value.
     * @param port    TCP port.
     * @return the socket address.
     */
    static SocketAddress socketAddress(final IpAddress address, final int port)
    {
        return new InetSocketAddress(toInetAddress(address), port);
    }
}
