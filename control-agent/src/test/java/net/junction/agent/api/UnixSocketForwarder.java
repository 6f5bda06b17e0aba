/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP port whose connections are each spliced, byte for byte, to a new connection to a
 * UNIX socket: so that a client that speaks only TCP (the JDK's HTTP client, and the MCP SDK's
 * streamable HTTP transport built on it) reaches the API's socket listener. The router sees this
 * process's credentials on the socket (root: admin). Only this host can connect: the port is bound
 * to the loopback address.
 * <p>
 * Two virtual threads per connection, one each way; when either side ends, both connections are
 * closed. {@link #close} stops accepting and closes every open connection.
 */
public final class UnixSocketForwarder implements AutoCloseable
{
    private static final int BUFFER_BYTES = 16384;

    private final Path socket;
    private final ServerSocket listener;
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();

    private UnixSocketForwarder(final Path socket, final ServerSocket listener)
    {
        this.socket = socket;
        this.listener = listener;
    }

    /** Listens on a free loopback port and forwards what connects there to {@code socket}. */
    public static UnixSocketForwarder to(final Path socket) throws IOException
    {
        final UnixSocketForwarder forwarder = new UnixSocketForwarder(socket,
            new ServerSocket(0, 8, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().name("forward-" + socket.getFileName()).start(forwarder::accept);
        return forwarder;
    }

    /** The loopback port. */
    public int port()
    {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT}: the socket's HTTP listener, as a TCP-only client names it. */
    public String url()
    {
        return "http://" + listener.getInetAddress().getHostAddress() + ":" + port();
    }

    private void accept()
    {
        while (!listener.isClosed())
        {
            try
            {
                final Socket tcp = listener.accept();
                open.add(tcp);
                final SocketChannel unix;
                try
                {
                    unix = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                }
                catch (final IOException ex)
                {
                    closeQuietly(tcp); // the client sees its connection closed: the socket is not there
                    continue;
                }
                open.add(unix);
                final InputStream fromClient = tcp.getInputStream();
                final OutputStream toClient = tcp.getOutputStream();
                Thread.ofVirtual().start(() -> pump(fromClient, Channels.newOutputStream(unix), tcp, unix));
                Thread.ofVirtual().start(() -> pump(Channels.newInputStream(unix), toClient, tcp, unix));
            }
            catch (final IOException ex)
            {
                return; // closed
            }
        }
    }

    private void pump(final InputStream in, final OutputStream out, final Closeable tcp, final Closeable unix)
    {
        try
        {
            final byte[] buffer = new byte[BUFFER_BYTES];
            for (int n; (n = in.read(buffer)) >= 0; )
            {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
        catch (final IOException ignored)
        {
            // one side closed
        }
        finally
        {
            closeQuietly(tcp);
            closeQuietly(unix);
        }
    }

    private void closeQuietly(final Closeable closeable)
    {
        open.remove(closeable);
        try
        {
            closeable.close();
        }
        catch (final IOException ignored)
        {
            // closing what is going away anyway
        }
    }

    @Override
    public void close() throws IOException
    {
        listener.close();
        for (final Closeable closeable : open)
        {
            closeQuietly(closeable);
        }
    }
}
