/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the API reaches the appliance's upgrade tool (docs/appliance.md "Upgrade"). On the appliance the control plane
 * runs as the user {@code junction}, which may not write a partition: it asks the tool's root side,
 * {@code upgrade-service}, through {@code junction-upgrade.socket} (one request line, then the tool's output and
 * {@code junction-upgrade-exit CODE} at the end of a line). Without that socket (a control plane that is root, the tests' stand-in) it runs
 * the tool itself. Either way the arguments are the tool's own, so the API and {@code junction upgrade} on the box's
 * shell cannot differ in what they check or write.
 *
 * @param tool   {@code /usr/lib/junction-appliance/upgrade}, or a stand-in.
 * @param socket the root side's socket, used when it exists.
 */
public record UpgradeTool(Path tool, Path socket)
{
    /** The appliance's. */
    public static final UpgradeTool APPLIANCE =
        new UpgradeTool(Path.of("/usr/lib/junction-appliance/upgrade"), Path.of("/run/junction-upgrade.sock"));
    /** The end of the root side's answer: the tool's exit code, at the end of a line. */
    private static final Pattern EXIT = Pattern.compile("(.*)junction-upgrade-exit (-?[0-9]{1,9})");

    public UpgradeTool
    {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(socket, "socket");
    }

    /** @return a tool run by this process (no root side): for a control plane that is root, and for tests. */
    public static UpgradeTool direct(final Path tool)
    {
        return new UpgradeTool(tool, tool.resolveSibling(tool.getFileName() + ".no-socket"));
    }

    /** @return whether this system is the appliance: it has the tool, or its root side. */
    boolean present()
    {
        return Files.exists(socket) || Files.isExecutable(tool);
    }

    /** One run of the tool: its output as it comes, then its exit code. */
    interface Run extends AutoCloseable
    {
        /** @return the next line of the tool's output (stdout and stderr as they came), null at its end. */
        String readLine() throws IOException;

        /** @return the tool's exit code, once {@link #readLine} returned null (-1: it never said). */
        int exitCode() throws InterruptedException;

        /** Stops following: ends the tool run here; a write the root side started goes on in its own unit. */
        @Override
        void close();
    }

    /**
     * @param by   who asks (the API's caller), for the appliance's log.
     * @param args the tool's arguments; none may hold a line break or a TAB.
     * @return the run, started.
     * @throws IOException when neither the root side nor the tool can be started.
     */
    Run start(final String by, final List<String> args) throws IOException
    {
        for (final String arg : args)
        {
            if (arg.indexOf('\n') >= 0 || arg.indexOf('\r') >= 0 || arg.indexOf('\t') >= 0)
            {
                throw new IllegalArgumentException("an argument of the upgrade tool holds a line break or a TAB");
            }
        }
        if (Files.exists(socket))
        {
            return SocketRun.connect(socket, by, args);
        }
        final List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(args);
        return new ProcessRun(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** The tool as a child process. */
    private static final class ProcessRun implements Run
    {
        private final Process process;
        private final BufferedReader output;

        ProcessRun(final Process process)
        {
            this.process = process;
            this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public String readLine() throws IOException
        {
            return output.readLine();
        }

        @Override
        public int exitCode() throws InterruptedException
        {
            return process.waitFor();
        }

        @Override
        public void close()
        {
            // Forcibly, with what it started: a child that kept the pipe open would keep a reader waiting.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** The root side, over its socket. */
    private static final class SocketRun implements Run
    {
        private final SocketChannel channel;
        private final BufferedReader input;
        private int exitCode = -1;
        private boolean ended;

        private SocketRun(final SocketChannel channel)
        {
            this.channel = channel;
            this.input = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        }

        static SocketRun connect(final Path socket, final String by, final List<String> args) throws IOException
        {
            final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try
            {
                channel.connect(UnixDomainSocketAddress.of(socket));
                // The root side takes callers' names of these characters only.
                final String who = by.replaceAll("[^A-Za-z0-9:._@-]", "_");
                final ByteBuffer request = StandardCharsets.UTF_8.encode(
                    (who.isEmpty() ? "unknown" : who.substring(0, Math.min(100, who.length()))) + "\t" + String.join("\t", args) + "\n");
                while (request.hasRemaining())
                {
                    channel.write(request);
                }
                return new SocketRun(channel);
            }
            catch (final IOException ex)
            {
                channel.close();
                throw new IOException("the appliance's upgrade service (" + socket + "): " + ex.getMessage(), ex);
            }
        }

        @Override
        public String readLine() throws IOException
        {
            if (ended)
            {
                return null;
            }
            final String line = input.readLine();
            if (null == line)
            {
                ended = true;
                return "the appliance's upgrade service ended the connection before the tool's exit code";
            }
            final Matcher exit = EXIT.matcher(line);
            if (exit.matches())
            {
                ended = true;
                exitCode = Integer.parseInt(exit.group(2));
                // The tool's last line had no line break: its text is kept, the exit code still read.
                return exit.group(1).isEmpty() ? null : exit.group(1);
            }
            return line;
        }

        @Override
        public int exitCode()
        {
            return exitCode;
        }

        @Override
        public void close()
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // closing only
            }
        }
    }
}
