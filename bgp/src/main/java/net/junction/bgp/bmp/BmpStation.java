/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.bmp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * One BMP station's connection (RFC 7854 §3.2: the router connects). A thread of its own connects, sends the
 * Initiation, asks the speaker for a resync ({@code onConnected}, which the speaker answers by {@link #offer}ing
 * Peer Ups and the tables), then writes what is offered, encoding it on this thread.
 * <p>
 * Backpressure: the queue is bounded ({@link BmpConfig.Station#queueLimit}). The speaker's thread never waits:
 * when an offer does not fit, or a write has made no progress for 30 s (a station that reads nothing), the station
 * is too slow; the connection is dropped, what is queued is thrown away,
 * and the next connection starts with a full resync ({@link #resyncs}). Every connection has a generation: an
 * item queued for an earlier one is never written on a later one.
 * <p>
 * Reconnect: after a failure, the retry time, doubled per failure in a row up to 8 times; back to the retry time
 * once a connection carried its resync.
 */
public final class BmpStation implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(BmpStation.class.getName());
    /** How long a connect may take. */
    static final int CONNECT_TIMEOUT_MS = 5_000;
    /** A write that makes no progress for this long makes the station too slow (a station that reads nothing). */
    static final long WRITE_TIMEOUT_NS = 30_000_000_000L;

    /** What the speaker's thread queues: encoded here. */
    @FunctionalInterface
    public interface Item
    {
        /**
         * @param encoder this station's encoder.
         * @param out     where the messages go, one call per message.
         */
        void write(BmpEncoder encoder, MessageSink out) throws IOException;
    }

    /** Takes encoded BMP messages. */
    @FunctionalInterface
    public interface MessageSink
    {
        void message(byte[] bmp) throws IOException;
    }

    /** How a station opens its connection (tests: an in-memory one). */
    @FunctionalInterface
    public interface Connector
    {
        Socket connect(BmpConfig.Station station) throws IOException;

        Connector TCP = station ->
        {
            final Socket socket = new Socket();
            try
            {
                socket.setTcpNoDelay(false);
                socket.setKeepAlive(true); // a station gone without a FIN fails the connection in the end
                socket.connect(new InetSocketAddress(inet(station), station.port()), CONNECT_TIMEOUT_MS);
                return socket;
            }
            catch (final IOException ex)
            {
                socket.close();
                throw ex;
            }
        };
    }

    /**
     * Status as the API shows it.
     *
     * @param name           {@code ADDRESS:PORT}.
     * @param state          {@code connected}, {@code connecting} or {@code idle} (waiting to retry).
     * @param messagesSent   BMP messages written, over every connection.
     * @param bytesSent      their octets.
     * @param connects       connections made.
     * @param resyncs        connections dropped because the station was too slow (queue full).
     * @param queued         messages queued now.
     * @param skipped        messages not sent because they could not be encoded (see the log).
     * @param lastError      the last failure, or empty.
     */
    public record Status(String name, String state, long messagesSent, long bytesSent, long connects, long resyncs,
                         int queued, long skipped, String lastError)
    {
    }

    private record Entry(int generation, Item item)
    {
    }

    private final BmpConfig.Station config;
    private final String sysName;
    private final String sysDescr;
    private final Connector connector;
    private final IntConsumer onConnected;
    private final LinkedBlockingQueue<Entry> queue;
    private final Thread thread;

    /** The generation of the connection being written to, or 0 when none is. Written by this station's thread. */
    private volatile int connectedGeneration;
    /** A generation the speaker found too slow (its offer did not fit), or 0. */
    private volatile int overflowGeneration;
    /** Why {@link #overflowGeneration} was set. */
    private volatile String overflowReason = "";
    /** When the write in progress to the socket began ({@code System.nanoTime()}, never 0), or 0 when none is. */
    private volatile long writingSinceNs;
    private final long writeTimeoutNs;
    private volatile boolean closing;
    private volatile String state = "connecting";
    private volatile String lastError = "";
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private long lastSkipLogNs = System.nanoTime() - 60_000_000_000L;
    private volatile Socket socket;

    /**
     * @param config      the station.
     * @param sysName     the Initiation's sysName.
     * @param sysDescr    the Initiation's sysDescr.
     * @param connector   how to connect ({@link Connector#TCP}).
     * @param onConnected told, on this station's thread, each connection's generation once its Initiation went
     *                    out: the speaker resyncs for that generation ({@link #offer}).
     */
    public BmpStation(final BmpConfig.Station config, final String sysName, final String sysDescr,
        final Connector connector, final IntConsumer onConnected)
    {
        this(config, sysName, sysDescr, connector, onConnected, WRITE_TIMEOUT_NS);
    }

    /** As the public constructor, with the time a write may make no progress (tests). */
    BmpStation(final BmpConfig.Station config, final String sysName, final String sysDescr,
        final Connector connector, final IntConsumer onConnected, final long writeTimeoutNs)
    {
        this.writeTimeoutNs = writeTimeoutNs;
        this.config = Objects.requireNonNull(config, "config");
        this.sysName = Objects.requireNonNull(sysName, "sysName");
        this.sysDescr = Objects.requireNonNull(sysDescr, "sysDescr");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.onConnected = Objects.requireNonNull(onConnected, "onConnected");
        this.queue = new LinkedBlockingQueue<>(config.queueLimit());
        this.thread = Thread.ofPlatform().daemon().name("bmp-" + config.name()).unstarted(this::run);
    }

    /** Start connecting. */
    public void start()
    {
        thread.start();
    }

    /**
     * @return the station's configuration.
     */
    public BmpConfig.Station config()
    {
        return config;
    }

    /**
     * Queue an item for connection {@code generation}, without waiting (any thread; the speaker's).
     *
     * @return false if it was not queued: that connection is gone, or the station is too slow (the connection is
     *     then dropped and resynced); the caller stops offering for that generation.
     */
    public boolean offer(final int generation, final Item item)
    {
        if (generation == 0 || generation != connectedGeneration || overflowGeneration == generation)
        {
            return false;
        }
        final long writingSince = writingSinceNs;
        if (writingSince != 0 && System.nanoTime() - writingSince > writeTimeoutNs)
        {
            return tooSlow(generation, "no progress writing to the station for " + writeTimeoutNs / 1_000_000 + " ms");
        }
        if (queue.offer(new Entry(generation, item)))
        {
            return true;
        }
        return tooSlow(generation, config.queueLimit() + " messages queued");
    }

    private boolean tooSlow(final int generation, final String why)
    {
        overflowReason = why;
        overflowGeneration = generation;
        // The station's thread may be stuck in a write to a station that reads nothing: closing the socket
        // frees it. Off the caller's thread, which must never wait.
        final Socket s = socket;
        if (s != null)
        {
            Thread.ofVirtual().start(() -> closeQuietly(s));
        }
        return false;
    }

    /**
     * @param generation a connection's generation.
     * @return whether items offered for it are still written.
     */
    public boolean live(final int generation)
    {
        return generation != 0 && generation == connectedGeneration && overflowGeneration != generation;
    }

    /**
     * @return status for the API.
     */
    public Status status()
    {
        return new Status(config.name(), state, messagesSent.get(), bytesSent.get(), connects.get(), resyncs.get(),
            queue.size(), skipped.get(), lastError);
    }

    private void run()
    {
        int generation = 0;
        int failures = 0;
        while (!closing)
        {
            generation++;
            state = "connecting";
            boolean synced = false;
            try (Socket s = connector.connect(config))
            {
                socket = s;
                if (closing)
                {
                    break;
                }
                connects.incrementAndGet();
                final OutputStream out = new BufferedOutputStream(timed(s.getOutputStream()), 64 * 1024);
                final BmpEncoder encoder = new BmpEncoder();
                final MessageSink sink = bmp ->
                {
                    out.write(bmp);
                    messagesSent.incrementAndGet();
                    bytesSent.addAndGet(bmp.length);
                };
                sink.message(encoder.initiation(sysName, sysDescr));
                out.flush();
                queue.clear();
                connectedGeneration = generation;
                state = "connected";
                LOG.log(System.Logger.Level.INFO, "BMP station {0}: connected", config.name());
                onConnected.accept(generation);
                synced = drain(generation, encoder, sink, out);
                if (closing && overflowGeneration != generation)
                {
                    connectedGeneration = 0;
                    drainQueued(generation, encoder, sink);
                    sink.message(encoder.termination(BmpEncoder.TERM_ADMINISTRATIVELY_CLOSED, "router shutting down"));
                    out.flush();
                    break;
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                if (!closing && overflowGeneration != generation)
                {
                    lastError = ex.getClass().getSimpleName() + ": " + ex.getMessage();
                    LOG.log(System.Logger.Level.INFO, "BMP station {0}: {1}", config.name(), lastError);
                }
            }
            finally
            {
                connectedGeneration = 0;
                socket = null;
                queue.clear();
            }
            if (closing)
            {
                break;
            }
            if (overflowGeneration == generation)
            {
                synced = true;
                resyncs.incrementAndGet();
                lastError = "station too slow: " + overflowReason + "; dropped the connection to resync";
                LOG.log(System.Logger.Level.WARNING, "BMP station {0}: {1}", config.name(), lastError);
            }
            failures = synced ? 0 : Math.min(failures + 1, 4);
            state = "idle";
            final long waitMs = config.retrySeconds() * 1000L * (1L << Math.max(0, failures - 1));
            sleep(Math.min(waitMs, config.retrySeconds() * 8000L));
        }
        state = "idle";
    }

    /**
     * Write queued items until the connection fails, the station overflows or it closes.
     *
     * @return whether the resync (the first item) went out.
     */
    private boolean drain(final int generation, final BmpEncoder encoder, final MessageSink sink, final OutputStream out)
        throws IOException
    {
        boolean wrote = false;
        while (!closing && overflowGeneration != generation)
        {
            Entry e = queue.poll();
            if (e == null)
            {
                out.flush();
                try
                {
                    e = queue.poll(200, TimeUnit.MILLISECONDS);
                }
                catch (final InterruptedException ex)
                {
                    continue; // closing
                }
                if (e == null)
                {
                    continue;
                }
            }
            if (e.generation() == generation)
            {
                write(e.item(), encoder, sink);
                wrote = true;
            }
        }
        return wrote;
    }

    private void drainQueued(final int generation, final BmpEncoder encoder, final MessageSink sink) throws IOException
    {
        for (Entry e = queue.poll(); e != null; e = queue.poll())
        {
            if (e.generation() == generation)
            {
                write(e.item(), encoder, sink);
            }
        }
    }

    /**
     * One item; one that cannot be encoded is skipped and counted (its messages up to the failure went out), so a
     * route the encoder refuses never makes the station reconnect and resync in a loop.
     */
    private void write(final Item item, final BmpEncoder encoder, final MessageSink sink) throws IOException
    {
        try
        {
            item.write(encoder, sink);
        }
        catch (final RuntimeException ex)
        {
            skipped.incrementAndGet();
            final long now = System.nanoTime();
            if (now - lastSkipLogNs > 60_000_000_000L)
            {
                lastSkipLogNs = now;
                LOG.log(System.Logger.Level.WARNING, "BMP station " + config.name() + ": a message could not be " +
                    "encoded and was skipped (" + skipped.get() + " so far)", ex);
            }
        }
    }

    /** The socket's stream, noting when a write or flush that may block starts and ends ({@link #offer} reads it). */
    private OutputStream timed(final OutputStream raw)
    {
        return new OutputStream()
        {
            @Override
            public void write(final int b) throws IOException
            {
                write(new byte[]{(byte)b}, 0, 1);
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException
            {
                writingSinceNs = System.nanoTime() | 1;
                try
                {
                    raw.write(b, off, len);
                }
                finally
                {
                    writingSinceNs = 0;
                }
            }

            @Override
            public void flush() throws IOException
            {
                writingSinceNs = System.nanoTime() | 1;
                try
                {
                    raw.flush();
                }
                finally
                {
                    writingSinceNs = 0;
                }
            }
        };
    }

    private void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            // closing
        }
    }

    /**
     * Stop: what is queued goes out, then a Termination (administratively closed), then the connection closes.
     * Waits for the station's thread at most {@code 2 s}.
     */
    @Override
    public void close()
    {
        closing = true;
        thread.interrupt();
        try
        {
            thread.join(2_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        final Socket s = socket;
        if (s != null)
        {
            closeQuietly(s);
            try
            {
                thread.join(1_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(final Socket s)
    {
        try
        {
            s.close();
        }
        catch (final IOException ignored)
        {
            // closing anyway
        }
    }

    private static InetAddress inet(final BmpConfig.Station station) throws UnknownHostException
    {
        return InetAddress.getByName(station.address().toString());
    }
}
