/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import net.junction.bgp.interop.DaemonConfig.StaticRoute;

/**
 * A real BGP daemon running in a {@link Netns}, driven through its own CLI: the common part of
 * {@link BirdPeer}, {@link FrrPeer} and {@link GobgpPeer}.
 * <p>
 * Each instance has its own work folder ({@code $TMPDIR/junction-interop/<namespace>-<kind>/}) holding
 * its config, control socket, pid file and logs; the folder stays after the test so the logs can be
 * read, and every {@link #waitFor} that times out prints the tail of the logs of every daemon still
 * running. The daemon runs in the foreground as a child of the test JVM ({@code ip netns exec} execs
 * it), so {@link #stop()} and {@link #kill()} act on the daemon itself.
 */
public abstract class PeerDaemon implements AutoCloseable
{
    /** Bound on a CLI call. */
    protected static final Duration CLI_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Set<PeerDaemon> RUNNING = ConcurrentHashMap.newKeySet();
    /** Every daemon started since {@link DaemonLogsOnFailure} last cleared it: whose logs a failed test prints. */
    static final Set<PeerDaemon> STARTED = ConcurrentHashMap.newKeySet();

    protected final Netns ns;
    protected final Path workDir;
    protected DaemonConfig config;
    private final String kind;
    private Process process;

    protected PeerDaemon(final String kind, final Netns ns, final DaemonConfig config)
    {
        this.kind = kind;
        this.ns = ns;
        this.config = config;
        try
        {
            workDir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "junction-interop",
                ns.name() + "-" + kind));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Write the config into the work folder. */
    protected abstract void writeConfig() throws IOException;

    /** The daemon's command line, run in the foreground. */
    protected abstract List<String> command();

    /** True once the daemon answers on its control socket or API. */
    protected abstract boolean ready();

    /** Called once the daemon is ready (GoBGP adds its routes through its API here). */
    protected void afterReady()
    {
    }

    /** Every path of the Loc-RIB, both families, parsed from the daemon's CLI. */
    public abstract List<Route> routes();

    /** The session state towards {@code neighbor} as the daemon names it; "Established" when up. */
    public abstract String sessionState(String neighbor);

    /** Originate {@code route} now (and keep it in the config used at the next start). */
    public abstract void announce(StaticRoute route);

    /** Stop originating the route for {@code prefix}, so the neighbors see a withdrawal. */
    public abstract void withdraw(String prefix);

    /** Write the config and start the daemon; return once it answers its CLI (or throw with its log). */
    public PeerDaemon start()
    {
        if (process != null && process.isAlive())
        {
            throw new IllegalStateException(kind + " in " + ns + " already runs");
        }
        try
        {
            writeConfig();
            process = ns.start(log(), command());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        RUNNING.add(this);
        STARTED.add(this);
        waitFor(() -> process.isAlive() && ready(), READY_TIMEOUT, kind + " in " + ns + " answering its CLI");
        afterReady();
        return this;
    }

    /** SIGTERM, then SIGKILL after 5 s. */
    public void stop()
    {
        if (process != null)
        {
            process.destroy();
            try
            {
                if (!process.waitFor(5, TimeUnit.SECONDS))
                {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        RUNNING.remove(this);
    }

    /** SIGKILL: the daemon dies without a NOTIFICATION, as in a crash (graceful restart tests). */
    public void kill()
    {
        if (process != null)
        {
            process.destroyForcibly();
            try
            {
                process.waitFor(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        RUNNING.remove(this);
    }

    /** {@link #stop()} then {@link #start()}, with the current config. */
    public PeerDaemon restart()
    {
        stop();
        return start();
    }

    public boolean isRunning()
    {
        return process != null && process.isAlive();
    }

    /** Pid of the daemon process, -1 when not started. */
    public long pid()
    {
        return process == null ? -1 : process.pid();
    }

    public DaemonConfig config()
    {
        return config;
    }

    public Netns netns()
    {
        return ns;
    }

    public Path workDir()
    {
        return workDir;
    }

    /** stdout and stderr of the daemon. */
    public Path log()
    {
        return workDir.resolve(kind + ".out");
    }

    public boolean established(final String neighbor)
    {
        try
        {
            return "Established".equalsIgnoreCase(sessionState(neighbor));
        }
        catch (final RuntimeException ex)
        {
            return false;
        }
    }

    /** Paths for {@code prefix}, best first. */
    public List<Route> routes(final String prefix)
    {
        return routes().stream().filter(r -> r.prefix().equals(prefix))
            .sorted((a, b) -> Boolean.compare(b.best(), a.best())).toList();
    }

    /** The best path for {@code prefix}, if the daemon has one. */
    public Optional<Route> bestRoute(final String prefix)
    {
        return routes(prefix).stream().filter(Route::best).findFirst();
    }

    public void waitEstablished(final String neighbor, final Duration timeout)
    {
        waitFor(() -> established(neighbor), timeout, kind + " session to " + neighbor + " Established");
    }

    /** Wait until the best path for {@code prefix} exists and satisfies {@code check}; return it. */
    public Route waitForRoute(final String prefix, final Predicate<Route> check, final Duration timeout)
    {
        return waitFor(() -> bestRoute(prefix).orElse(null), r -> r != null && check.test(r), timeout,
            kind + " has a route for " + prefix + " as expected");
    }

    /** Wait until the daemon has no path for {@code prefix}. */
    public void waitForNoRoute(final String prefix, final Duration timeout)
    {
        waitFor(() -> routes(prefix).isEmpty(), timeout, kind + " has no route for " + prefix);
    }

    /**
     * Poll {@code probe} every 200 ms until {@code done} accepts its value; return that value. On timeout
     * throw an AssertionError carrying the last value and the tail of every running daemon's logs.
     * A probe that throws counts as not done yet.
     */
    public static <T> T waitFor(final Supplier<T> probe, final Predicate<T> done, final Duration timeout, final String what)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true)
        {
            try
            {
                last = probe.get();
                lastError = null;
                if (done.test(last))
                {
                    return last;
                }
            }
            catch (final RuntimeException ex)
            {
                lastError = ex;
            }
            if (deadline - System.nanoTime() < 0)
            {
                final AssertionError error = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: "
                    + what + "\nlast value: " + last + (lastError == null ? "" : "\nlast error: " + lastError)
                    + "\n" + logsOfRunningDaemons());
                if (lastError != null)
                {
                    error.initCause(lastError);
                }
                throw error;
            }
            Netns.sleep(200);
        }
    }

    public static void waitFor(final BooleanSupplier condition, final Duration timeout, final String what)
    {
        waitFor(condition::getAsBoolean, Boolean::booleanValue, timeout, what);
    }

    /** The last lines of every log file of every daemon still running: what a failed test prints. */
    public static String logsOfRunningDaemons()
    {
        final StringBuilder sb = new StringBuilder();
        for (final PeerDaemon daemon : RUNNING)
        {
            sb.append(daemon.logTail(40));
        }
        return sb.toString();
    }

    /** The last {@code lines} lines of each log file in the work folder. */
    public String logTail(final int lines)
    {
        final StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(workDir))
        {
            for (final Path f : files.filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".out")).sorted().toList())
            {
                final List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
                sb.append("---- ").append(kind).append(" in ").append(ns).append(": ").append(f).append('\n');
                for (final String line : all.subList(Math.max(0, all.size() - lines), all.size()))
                {
                    sb.append("  ").append(line).append('\n');
                }
            }
        }
        catch (final IOException | UncheckedIOException ex)
        {
            sb.append("(logs of ").append(kind).append(" unreadable: ").append(ex).append(")\n");
        }
        return sb.toString();
    }

    /** Run a CLI command inside the daemon's namespace; throw with its output when it fails. */
    protected String cli(final String... command)
    {
        return ns.exec(CLI_TIMEOUT, command).orThrow(String.join(" ", command));
    }

    protected static List<String> list(final String... parts)
    {
        return new ArrayList<>(List.of(parts));
    }

    protected void write(final String fileName, final String content) throws IOException
    {
        Files.writeString(workDir.resolve(fileName), content, StandardCharsets.UTF_8);
    }

    @Override
    public void close()
    {
        stop();
    }

    @Override
    public String toString()
    {
        return kind + "@" + ns;
    }
}
