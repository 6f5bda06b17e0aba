/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Linux network namespace for an interop test: one host of a topology built of veth pairs, as
 * {@code scripts/netns.sh} builds the lab's. Needs root and iproute2.
 * <p>
 * Names are {@code jbi-<jvm pid>-<n><tag>}: unique per run, short, and telling {@link #sweep} which
 * namespaces a crashed earlier run left behind (those whose JVM is gone). Interface names live inside
 * the namespaces, so every test may use the same short ones. {@link #close} kills what runs inside
 * and deletes the namespace with its interfaces.
 * <p>
 * Addresses come only from 198.18.0.0/15 and 2001:db8::/32; nothing is linked to the machine's own
 * interfaces. IPv6 addresses are added with {@code nodad}, so they are usable at once.
 */
public final class Netns implements AutoCloseable
{
    /** Prefix of every namespace this class creates. */
    public static final String PREFIX = "jbi-";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private boolean closed;

    /** What a command printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr)
    {
        public boolean ok()
        {
            return exitCode == 0;
        }

        /** @return stdout, or throw with both streams when the command failed. */
        public String orThrow(final String what)
        {
            if (exitCode != 0)
            {
                throw new IllegalStateException(what + " failed (exit " + exitCode + "): " + stderr.strip() + " " + stdout.strip());
            }
            return stdout;
        }
    }

    /** Both ends of a veth pair, with the addresses given to each. */
    public record Link(Netns a, String ifA, Netns b, String ifB, String a4, String b4, String a6, String b6)
    {
    }

    private Netns(final String name)
    {
        this.name = name;
    }

    /**
     * Create a namespace with loopback up, IPv6 DAD and router advertisements off.
     *
     * @param tag a few letters saying what the host is ("bird", "frr"); at most 8.
     */
    public static Netns create(final String tag)
    {
        return create(PREFIX, tag);
    }

    /**
     * {@link #create(String)} under another prefix than {@link #PREFIX}: for tests whose namespaces must carry a
     * prefix of their own ({@link #sweep} takes it too).
     *
     * @param prefix a few letters and a dash ("jap-").
     */
    public static Netns create(final String prefix, final String tag)
    {
        if (!tag.matches("[a-z0-9]{1,8}"))
        {
            throw new IllegalArgumentException("namespace tag must be 1-8 of [a-z0-9]: " + tag);
        }
        if (!prefix.matches("[a-z]{2,4}-"))
        {
            throw new IllegalArgumentException("namespace prefix must be 2-4 of [a-z] and a dash: " + prefix);
        }
        final String name = prefix + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + tag;
        run(COMMAND_TIMEOUT, "ip", "netns", "add", name).orThrow("ip netns add " + name);
        final Netns ns = new Netns(name);
        try
        {
            ns.ip("link", "set", "lo", "up");
            ns.exec(COMMAND_TIMEOUT, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
                "net.ipv6.conf.all.accept_ra=0", "net.ipv6.conf.default.accept_ra=0").orThrow("sysctl in " + name);
        }
        catch (final RuntimeException ex)
        {
            ns.close();
            throw ex;
        }
        return ns;
    }

    /**
     * Join two namespaces with a veth pair and number both ends from subnet {@code n}: a gets
     * 198.18.n.1/24 and 2001:db8:n::1/64, b gets .2 and ::2.
     *
     * @param n 1..255, distinct per link of a topology.
     */
    public static Link link(final Netns a, final Netns b, final int n)
    {
        if (n < 1 || n > 255)
        {
            throw new IllegalArgumentException("subnet number out of 1..255: " + n);
        }
        final String ifA = "v" + n + "a";
        final String ifB = "v" + n + "b";
        veth(a, ifA, b, ifB);
        final Link link = new Link(a, ifA, b, ifB, "198.18." + n + ".1", "198.18." + n + ".2",
            "2001:db8:" + Integer.toHexString(n) + "::1", "2001:db8:" + Integer.toHexString(n) + "::2");
        a.addAddress(ifA, link.a4() + "/24");
        b.addAddress(ifB, link.b4() + "/24");
        a.addAddress(ifA, link.a6() + "/64");
        b.addAddress(ifB, link.b6() + "/64");
        return link;
    }

    /**
     * One end of a veth pair in the caller's namespace (the root one, where a speaker of the test's JVM runs), the
     * other in a namespace. Closing it deletes the pair, and the routes on it with it.
     *
     * @param name the end here, {@code <tag><pid>}.
     */
    public record RootVeth(String name) implements AutoCloseable
    {
        @Override
        public void close()
        {
            run(COMMAND_TIMEOUT, "ip", "link", "del", name);
        }
    }

    /**
     * A veth pair from the caller's namespace into {@code ns}: here {@code <tag><pid>} with {@code ours/length}, there
     * {@code nsIf} with {@code theirs/length}, both up. Deleted again if a step fails.
     *
     * @param tag 1-4 letters naming the test, so that runs of other tests never share the name.
     */
    public static RootVeth rootVeth(final String tag, final Netns ns, final String nsIf, final String ours,
        final String theirs, final int length)
    {
        if (!tag.matches("[a-z]{1,4}"))
        {
            throw new IllegalArgumentException("veth tag must be 1-4 of [a-z]: " + tag);
        }
        final RootVeth veth = new RootVeth(tag + ProcessHandle.current().pid() % 100_000);
        run(COMMAND_TIMEOUT, "ip", "link", "add", "name", veth.name(), "type", "veth", "peer", "name", nsIf,
            "netns", ns.name()).orThrow("veth");
        try
        {
            run(COMMAND_TIMEOUT, "ip", "addr", "add", ours + "/" + length, "dev", veth.name()).orThrow("address");
            run(COMMAND_TIMEOUT, "ip", "link", "set", veth.name(), "up").orThrow("up");
            ns.addAddress(nsIf, theirs + "/" + length);
            ns.ip("link", "set", nsIf, "up");
            return veth;
        }
        catch (final RuntimeException ex)
        {
            veth.close();
            throw ex;
        }
    }

    /** A veth pair created directly inside both namespaces (nothing appears in the caller's), both ends up. */
    public static void veth(final Netns a, final String ifA, final Netns b, final String ifB)
    {
        run(COMMAND_TIMEOUT, "ip", "link", "add", "name", ifA, "netns", a.name, "type", "veth", "peer", "name", ifB,
            "netns", b.name).orThrow("veth " + ifA + " <-> " + ifB);
        a.ip("link", "set", ifA, "up");
        b.ip("link", "set", ifB, "up");
    }

    /** Add an address ("198.18.1.1/24", "2001:db8:1::1/64"); IPv6 ones without DAD. */
    public void addAddress(final String ifName, final String cidr)
    {
        if (cidr.contains(":"))
        {
            ip("-6", "addr", "add", cidr, "dev", ifName, "nodad");
        }
        else
        {
            ip("addr", "add", cidr, "dev", ifName);
        }
    }

    /** Run {@code ip ARGS} in this namespace; throw when it fails. */
    public String ip(final String... args)
    {
        final List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return run(COMMAND_TIMEOUT, cmd.toArray(String[]::new)).orThrow(String.join(" ", cmd));
    }

    /** Run a command inside the namespace, killed when it outlives {@code timeout}. */
    public Result exec(final Duration timeout, final String... command)
    {
        return run(timeout, inside(command).toArray(String[]::new));
    }

    /** Start a long-lived command inside the namespace, stdin closed, stdout and stderr appended to {@code log}. */
    public Process start(final Path log, final List<String> command) throws IOException
    {
        return new ProcessBuilder(inside(command.toArray(String[]::new)))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    }

    private List<String> inside(final String... command)
    {
        final List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(command));
        return cmd;
    }

    public String name()
    {
        return name;
    }

    @Override
    public String toString()
    {
        return name;
    }

    /** Kill every process in the namespace (TERM, then KILL after 3 s) and delete it. Idempotent. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            delete(name);
        }
    }

    /**
     * Delete every namespace named {@code prefix...} that a JVM no longer running created (a crashed
     * or killed earlier run). Namespaces of live runs, this one's included, are left alone.
     *
     * @return how many were deleted.
     */
    public static int sweep(final String prefix)
    {
        int deleted = 0;
        final Result list = run(COMMAND_TIMEOUT, "ip", "netns", "list");
        for (final String line : list.stdout().split("\n"))
        {
            final String ns = line.split(" ")[0].strip();
            if (!ns.startsWith(prefix))
            {
                continue;
            }
            final String rest = ns.substring(prefix.length());
            final int dash = rest.indexOf('-');
            long pid = -1;
            try
            {
                pid = Long.parseLong(dash > 0 ? rest.substring(0, dash) : rest);
            }
            catch (final NumberFormatException ignored)
            {
                // not one of ours by shape: treat as orphaned
            }
            if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            {
                continue;
            }
            delete(ns);
            deleted++;
        }
        return deleted;
    }

    private static void delete(final String ns)
    {
        killAll(ns, "-TERM");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!pids(ns).isEmpty() && deadline - System.nanoTime() > 0)
        {
            sleep(50);
        }
        if (!pids(ns).isEmpty())
        {
            killAll(ns, "-KILL");
            sleep(100);
        }
        run(COMMAND_TIMEOUT, "ip", "netns", "del", ns);
    }

    private static void killAll(final String ns, final String signal)
    {
        final List<String> pids = pids(ns);
        if (!pids.isEmpty())
        {
            final List<String> cmd = new ArrayList<>(List.of("kill", signal));
            cmd.addAll(pids);
            run(COMMAND_TIMEOUT, cmd.toArray(String[]::new));
        }
    }

    private static List<String> pids(final String ns)
    {
        final List<String> pids = new ArrayList<>();
        for (final String p : run(COMMAND_TIMEOUT, "ip", "netns", "pids", ns).stdout().split("\\s+"))
        {
            if (!p.isBlank())
            {
                pids.add(p.strip());
            }
        }
        return pids;
    }

    /** Run a command in the caller's namespace, bounded by {@code timeout}. */
    public static Result run(final Duration timeout, final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            // Both streams drained on their own threads: a chatty command must not block on a full pipe.
            final CompletableFuture<String> out = drain(process.getInputStream());
            final CompletableFuture<String> err = drain(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
                return new Result(-1, out.getNow(""), "timed out after " + timeout.toMillis() + " ms: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), out.get(2, TimeUnit.SECONDS), err.get(2, TimeUnit.SECONDS));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), ex);
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            return new Result(-1, "", "reading output of " + String.join(" ", command) + ": " + ex);
        }
        catch (final IOException ex)
        {
            return new Result(-1, "", ex.toString());
        }
    }

    private static CompletableFuture<String> drain(final InputStream in)
    {
        return CompletableFuture.supplyAsync(() ->
        {
            try (in)
            {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                return "";
            }
        }, Thread::startVirtualThread);
    }

    static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
