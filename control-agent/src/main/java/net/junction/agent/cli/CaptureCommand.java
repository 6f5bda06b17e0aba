/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.junction.agent.router.CaptureStream;
import net.junction.agent.router.DataplaneServer;
import net.junction.dataplane.capture.Capture;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code junction capture PORT [--filter EXPR] [-w FILE] [-c COUNT] [--duration S] [--snap-length N] [--name NAME]}:
 * a pcapng file of what a port receives and sends, as dpdk-dumpcap gives for DPDK applications. It asks the data
 * plane over its control socket ({@link CaptureStream}; root only, as the data plane's socket is) and writes what
 * comes back to FILE, or to stdout ({@code -w -} or no {@code -w}: {@code junction capture p0 | tshark -r -}).
 * It ends at COUNT frames, after S seconds, or on Ctrl-C/SIGTERM (it asks the data plane to stop and waits for the
 * file's end); the data plane switches capture off then, and also when this process dies (its socket closes).
 * The filter is a small subset of pcap-filter(7) ({@link net.junction.dataplane.capture.CaptureFilter}).
 */
public final class CaptureCommand
{
    static final String USAGE = "usage: junction capture PORT [--filter EXPR] [-w FILE] [-c COUNT] [--duration SECONDS] " +
        "[--snap-length BYTES] [--name NAME]";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CaptureCommand()
    {
    }

    public static int run(final List<String> args, final PrintStream out, final PrintStream err)
    {
        String port = null;
        String filter = "";
        String file = null;
        long count = 0;
        long durationMs = 0;
        int snapLength = Capture.DEFAULT_SNAP_LENGTH;
        String name = null;
        try
        {
            for (int i = 0; i < args.size(); i++)
            {
                final String a = args.get(i);
                switch (a)
                {
                    case "--filter", "-f" -> filter = value(args, ++i, a);
                    case "-w" -> file = value(args, ++i, a);
                    case "-c", "--count" -> count = positive(value(args, ++i, a), a);
                    case "--duration" -> durationMs = Math.round(Double.parseDouble(value(args, ++i, a)) * 1000);
                    case "--snap-length", "-s" -> snapLength = (int)positive(value(args, ++i, a), a);
                    case "--name" -> name = value(args, ++i, a);
                    case "-h", "--help" ->
                    {
                        out.println(USAGE);
                        return 0;
                    }
                    default ->
                    {
                        if (a.startsWith("-") || port != null)
                        {
                            throw new IllegalArgumentException("unknown argument '" + a + "'");
                        }
                        port = a;
                    }
                }
            }
            if (port == null)
            {
                throw new IllegalArgumentException("a port is needed");
            }
            if (durationMs < 0)
            {
                throw new IllegalArgumentException("--duration must be positive");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("junction capture: " + ex.getMessage());
            err.println(USAGE);
            return 2;
        }

        final Path socket;
        try
        {
            socket = socket(name);
        }
        catch (final IllegalStateException ex)
        {
            err.println("junction capture: " + ex.getMessage());
            return 1;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX))
        {
            channel.connect(UnixDomainSocketAddress.of(socket));
            final OutputStream toRouter = Channels.newOutputStream(channel);
            final InputStream fromRouter = Channels.newInputStream(channel);
            final String request = JSON.writeValueAsString(JSON.createObjectNode().put("op", "capture").put("port", port)
                .put("filter", filter).put("count", count).put("durationMs", durationMs).put("snapLength", snapLength));
            toRouter.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            toRouter.flush();
            final JsonNode answer = JSON.readTree(readLine(fromRouter));
            if (!answer.path("ok").asBoolean())
            {
                err.println("junction capture: " + answer.path("error").asText("refused"));
                return 1;
            }
            final CountDownLatch done = new CountDownLatch(1);
            final Thread stopper = new Thread(() ->
            {
                if (done.getCount() == 0)
                {
                    return;
                }
                try
                {
                    toRouter.write("stop\n".getBytes(StandardCharsets.UTF_8)); // the file ends cleanly
                    toRouter.flush();
                    done.await(5, TimeUnit.SECONDS);
                }
                catch (final IOException | InterruptedException ex)
                {
                    // the process ends; the data plane sees the socket close
                }
            });
            Runtime.getRuntime().addShutdownHook(stopper);
            try
            {
                return stream(fromRouter, file, port, out, err);
            }
            finally
            {
                done.countDown(); // the hook (Ctrl-C, SIGTERM) waits for the file's end and the summary
            }
        }
        catch (final IOException ex)
        {
            err.println("junction capture: " + socket + ": " + ex.getMessage());
            return 1;
        }
    }

    private static int stream(final InputStream fromRouter, final String file, final String port,
        final PrintStream out, final PrintStream err) throws IOException
    {
        final boolean toStdout = file == null || file.equals("-");
        final String end;
        try (OutputStream pcap = toStdout ? new BufferedOutputStream(out) :
            new BufferedOutputStream(Files.newOutputStream(Path.of(file))))
        {
            end = CaptureStream.copy(fromRouter, pcap);
        }
        if (end == null)
        {
            err.println("junction capture: the data plane closed the capture before its end");
            return 1;
        }
        final JsonNode summary = JSON.readTree(end);
        if (summary.has("error"))
        {
            err.println("junction capture: " + summary.path("error").asText());
            return 1;
        }
        err.println("junction capture: " + summary.path("written").asLong() + " frames written" +
            (toStdout ? "" : " to " + file) + " (" + summary.path("captured").asLong() + " captured on " + port +
            ", " + summary.path("dropped").asLong() + " dropped: capture ring full)");
        err.flush();
        return 0;
    }

    /** The data plane's socket: /run/junction/NAME/dataplane.sock, or the one router running when no name is given. */
    static Path socket(final String name)
    {
        return StatusCommand.runFile(name, DataplaneServer.SOCKET_NAME, "data plane");
    }

    private static String readLine(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n')
        {
            line.write(c);
        }
        if (c < 0 && line.size() == 0)
        {
            throw new IOException("the data plane closed the connection");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static String value(final List<String> args, final int i, final String option)
    {
        if (i >= args.size())
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static long positive(final String text, final String option)
    {
        try
        {
            final long n = Long.parseLong(text);
            if (n <= 0)
            {
                throw new NumberFormatException();
            }
            return n;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " needs a positive number, not '" + text + "'");
        }
    }
}
