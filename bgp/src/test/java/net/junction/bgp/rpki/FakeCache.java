/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rpki;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * An RTR cache for tests, in process: it listens on loopback, and a test drives it PDU by PDU (blocking reads
 * with a deadline), so the router side's every step can be checked.
 */
final class FakeCache implements AutoCloseable
{
    private final ServerSocketChannel server;
    private SocketChannel client;

    FakeCache() throws IOException
    {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    int port()
    {
        return server.socket().getLocalPort();
    }

    /** Wait for the router to connect (closing the connection before, if any). */
    void accept() throws IOException
    {
        if (client != null)
        {
            client.close();
        }
        server.socket().setSoTimeout(10_000);
        client = server.socket().accept().getChannel();
        if (client == null)
        {
            throw new IllegalStateException("no channel");
        }
    }

    /** Send these PDUs. */
    void send(final RtrPdu... pdus) throws IOException
    {
        for (final RtrPdu pdu : pdus)
        {
            sendBytes(RtrCodec.encode(pdu));
        }
    }

    void sendBytes(final byte[] bytes) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining())
        {
            client.write(b);
        }
    }

    /** The router's next PDU; fails after 10 s. */
    RtrPdu receive() throws IOException
    {
        final ByteBuffer header = read(RtrCodec.HEADER_LENGTH);
        final int length = header.getInt(4);
        final ByteBuffer whole = ByteBuffer.allocate(length).put(header.flip());
        whole.put(read(length - RtrCodec.HEADER_LENGTH).flip());
        final RtrCodec.Decoded d = RtrCodec.decode(whole.flip());
        if (d.pdu() == null)
        {
            throw new AssertionError("the router sent a malformed PDU: " + d.malformed().text());
        }
        return d.pdu();
    }

    /** @return true if the router closed the connection within 10 s. */
    boolean closedByRouter() throws IOException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        client.configureBlocking(false);
        try
        {
            final ByteBuffer b = ByteBuffer.allocate(256);
            while (System.nanoTime() < deadline)
            {
                b.clear();
                if (client.read(b) < 0)
                {
                    return true;
                }
                sleep();
            }
            return false;
        }
        catch (final IOException ex)
        {
            return true; // reset
        }
        finally
        {
            client.configureBlocking(true);
        }
    }

    private ByteBuffer read(final int n) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(n);
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        client.configureBlocking(false);
        try
        {
            while (b.hasRemaining())
            {
                if (client.read(b) < 0)
                {
                    throw new IOException("the router closed the connection");
                }
                if (System.nanoTime() > deadline)
                {
                    throw new IOException("no PDU from the router in 10 s");
                }
                if (b.hasRemaining())
                {
                    sleep();
                }
            }
            return b;
        }
        finally
        {
            client.configureBlocking(true);
        }
    }

    private static void sleep()
    {
        try
        {
            Thread.sleep(5);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    void disconnect() throws IOException
    {
        if (client != null)
        {
            client.close();
            client = null;
        }
    }

    @Override
    public void close() throws IOException
    {
        disconnect();
        server.close();
    }
}
