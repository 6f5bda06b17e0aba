/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import net.junction.agent.router.FibCheck;
import net.junction.bgp.speaker.NeighborStatus;

/**
 * The control plane's part of {@code junction status}: the RIB's installed prefixes and the BGP
 * neighbors, written as one JSON object to {@code control.json} in the run directory once a
 * second (atomically: a temporary file renamed over it), read by {@link StatusCommand} from
 * another process.
 * <pre>
 * {"rib":{"ipv4":N,"ipv6":N},
 *  "bgp":{"neighbors":{"NAME":{"address":"A","remote_as":N,"state":"established","uptime_s":N,
 *          "prefixes_received":{"ipv4-unicast":N},"prefixes_accepted":{...},
 *          "updates_received":N,"updates_sent":N,"last_error":"..."}}},
 *  "fib_check":{"epoch":N,"fib_ipv4":N,"fib_ipv6":N,"installed":N,"missing":N,"stale":N,"differing":N}}
 * </pre>
 * {@code fib_check} is there once a control plane that took a data plane over compared its FIB, read back,
 * with the RIB after the resync ({@link FibCheck}).
 * The RIB's counts come from its owner thread as a bounded command (see {@code RibOwner}): a
 * status figure at most a second old, never read racily.
 */
final class ControlStatus implements AutoCloseable
{
    static final String FILE = "control.json";
    static final String TEXT_FILE = "control.txt";

    private final Path file;
    private final Supplier<long[]> ribCounts;
    private final Supplier<List<NeighborStatus>> neighbors;
    private volatile Supplier<FibCheck.Result> fibCheck = () -> null;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r ->
    {
        final Thread thread = new Thread(r, "junction-status");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param runDirectory where {@link #FILE} goes.
     * @param ribCounts    installed IPv4 and IPv6 prefixes, read from the RIB's owner (a bounded
     *                     command, never the RIB itself on this thread).
     * @param neighbors    a snapshot of the BGP neighbors, or null without BGP; called on the
     *                     status thread, it must be safe there.
     */
    ControlStatus(final Path runDirectory, final Supplier<long[]> ribCounts, final Supplier<List<NeighborStatus>> neighbors)
    {
        this.file = runDirectory.resolve(FILE);
        this.ribCounts = ribCounts;
        this.neighbors = neighbors;
    }

    /**
     * @param result the last FIB check after a takeover, or null before one; read on the status thread.
     */
    void fibCheck(final Supplier<FibCheck.Result> result)
    {
        this.fibCheck = result;
    }

    /** Writes now, then every second. */
    void start()
    {
        timer.scheduleWithFixedDelay(this::writeQuietly, 0, 1, TimeUnit.SECONDS);
    }

    private void writeQuietly()
    {
        try
        {
            write();
        }
        catch (final RuntimeException | IOException ex)
        {
            // Status is best effort; the next second tries again.
        }
    }

    void write() throws IOException
    {
        final long[] counts = ribCounts.get();
        final int ipv4 = (int)counts[0];
        final int ipv6 = (int)counts[1];
        final List<NeighborStatus> snapshot = null == neighbors ? null : neighbors.get();
        final FibCheck.Result checked = fibCheck.get();
        replace(file, json(ipv4, ipv6, snapshot, checked));
        replace(file.resolveSibling(TEXT_FILE), text(ipv4, ipv6, snapshot, checked));
    }

    private static void replace(final Path target, final String content) throws IOException
    {
        final Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String text(final int ipv4, final int ipv6, final List<NeighborStatus> neighbors)
    {
        return text(ipv4, ipv6, neighbors, null);
    }

    static String text(final int ipv4, final int ipv6, final List<NeighborStatus> neighbors, final FibCheck.Result checked)
    {
        final StringBuilder sb = new StringBuilder(256);
        sb.append(String.format("rib:%n  %-32s %,d%n  %-32s %,d%n", "ipv4 prefixes installed", ipv4,
            "ipv6 prefixes installed", ipv6));
        if (null != neighbors)
        {
            sb.append("bgp neighbors:\n");
            sb.append(String.format("  %-16s %-28s %-11s %-12s %10s %10s %9s %9s%n", "name", "address", "remote-as",
                "state", "uptime", "received", "upd-in", "upd-out"));
            for (final NeighborStatus n : neighbors)
            {
                final long received = n.prefixesReceived().values().stream().mapToLong(Long::longValue).sum();
                sb.append(String.format("  %-16s %-28s %-11d %-12s %10s %,10d %,9d %,9d%n", n.name(), n.address(),
                    n.remoteAs(), n.state(), n.uptimeSeconds() + "s", received, n.updatesReceived(), n.updatesSent()));
                if (!n.lastError().isEmpty())
                {
                    sb.append("    last error: ").append(n.lastError()).append('\n');
                }
            }
        }
        if (null != checked)
        {
            sb.append(String.format("fib check after the takeover (epoch %d):%n  %s%n", checked.epoch(), checked.summary()));
        }
        return sb.toString();
    }

    static String json(final int ipv4, final int ipv6, final List<NeighborStatus> neighbors)
    {
        return json(ipv4, ipv6, neighbors, null);
    }

    static String json(final int ipv4, final int ipv6, final List<NeighborStatus> neighbors, final FibCheck.Result checked)
    {
        final StringBuilder sb = new StringBuilder(256);
        sb.append("{\"rib\":{\"ipv4\":").append(ipv4).append(",\"ipv6\":").append(ipv6).append('}');
        if (null != neighbors)
        {
            sb.append(",\"bgp\":{\"neighbors\":{");
            boolean first = true;
            for (final NeighborStatus n : neighbors)
            {
                sb.append(first ? "" : ",").append(Json.quote(n.name())).append(":{")
                    .append("\"address\":").append(Json.quote(n.address()))
                    .append(",\"remote_as\":").append(n.remoteAs())
                    .append(",\"state\":").append(Json.quote(n.state()))
                    .append(",\"uptime_s\":").append(n.uptimeSeconds())
                    .append(",\"prefixes_received\":");
                Json.appendCounts(sb, new TreeMap<>(n.prefixesReceived()));
                sb.append(",\"prefixes_accepted\":");
                Json.appendCounts(sb, new TreeMap<>(n.prefixesAccepted()));
                sb.append(",\"updates_received\":").append(n.updatesReceived())
                    .append(",\"updates_sent\":").append(n.updatesSent())
                    .append(",\"last_error\":").append(Json.quote(n.lastError()))
                    .append('}');
                first = false;
            }
            sb.append("}}");
        }
        if (null != checked)
        {
            sb.append(",\"fib_check\":{\"epoch\":").append(checked.epoch())
                .append(",\"fib_ipv4\":").append(checked.fib4())
                .append(",\"fib_ipv6\":").append(checked.fib6())
                .append(",\"installed\":").append(checked.installed())
                .append(",\"missing\":").append(checked.missing())
                .append(",\"stale\":").append(checked.stale())
                .append(",\"differing\":").append(checked.differing())
                .append('}');
        }
        return sb.append('}').toString();
    }

    /**
     * @param runDirectory a router's run directory.
     * @return the members of its {@code control.json} (without the outer braces), or empty if there
     *     is none.
     */
    static String text(final Path runDirectory)
    {
        try
        {
            return Files.readString(runDirectory.resolve(TEXT_FILE));
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    static String members(final Path runDirectory)
    {
        try
        {
            final String text = Files.readString(runDirectory.resolve(FILE)).strip();
            return text.length() >= 2 && text.startsWith("{") && text.endsWith("}") ?
                text.substring(1, text.length() - 1) : "";
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    @Override
    public void close()
    {
        timer.shutdownNow();
        try
        {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            for (final String name : List.of(FILE, FILE + ".tmp", TEXT_FILE, TEXT_FILE + ".tmp"))
            {
                Files.deleteIfExists(file.resolveSibling(name));
            }
        }
        catch (final IOException | InterruptedException ex)
        {
            // tmpfs; the directory is removed right after
        }
    }
}
