/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Junction itself as a peer in an interop test: {@code ./junction run} inside a namespace, its
 * ports DPDK {@code net_af_packet} devices on veths to the daemons' namespaces (the BGP sessions
 * go through the data plane's exception path to the kernel's TCP), its state read from the
 * {@code control.json} the router rewrites every second; its commits go to a state directory in its temp
 * work folder ({@code --state-dir}), never to /var/lib/junction.
 */
public final class JunctionRouter implements AutoCloseable
{
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    /** One port: the veth end Junction drives and the peer's end, numbered 198.18.n.0/24, 2001:db8:n::/64. */
    public record Port(String name, String device, int n, Netns peer, String peerInterface)
    {
        public String address4()
        {
            return "198.18." + n + ".1";
        }

        public String address6()
        {
            return "2001:db8:" + Integer.toHexString(n) + "::1";
        }

        public String peer4()
        {
            return "198.18." + n + ".2";
        }

        public String peer6()
        {
            return "2001:db8:" + Integer.toHexString(n) + "::2";
        }
    }

    private final Netns ns;
    private final String name;
    private final Path home;
    private final Path work;
    private final List<Port> ports = new ArrayList<>();
    private Process process;
    private Path log;
    /** The data-plane process when the router runs as two ({@link #startSplit}), else null. */
    private Process dataplane;
    /** What {@link #startProcess} runs: {@code run}, or {@code control} beside a data-plane process. */
    private String command = "run";

    public JunctionRouter(final Netns ns, final String name) throws IOException
    {
        this.ns = ns;
        this.name = name;
        this.home = net.junction.agent.LabIT.junctionHome();
        this.work = Files.createTempDirectory("junction-interop-" + name);
    }

    /** The instance name ({@code /run/junction/NAME}). */
    public String name()
    {
        return name;
    }

    /**
     * Link Junction to a peer namespace: a veth whose Junction end has no address and no IPv6 (DPDK
     * owns it; the addresses live on the exception-path TAP), whose peer end gets .2 and ::2, both with
     * checksum and segmentation offloads off (a veth's partial checksums would reach the kernel behind
     * the TAP unfinished).
     */
    public Port link(final Netns peer, final int n)
    {
        final String ifJ = "j" + n;
        final String ifPeer = "p" + n;
        ns.exec(Duration.ofSeconds(10), "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1").orThrow("sysctl");
        Netns.veth(ns, ifJ, peer, ifPeer);
        ns.exec(Duration.ofSeconds(10), "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=0").orThrow("sysctl");
        ns.exec(Duration.ofSeconds(10), "ethtool", "-K", ifJ, "rx", "off", "tx", "off", "tso", "off", "gso", "off",
            "gro", "off");
        peer.exec(Duration.ofSeconds(10), "ethtool", "-K", ifPeer, "tx", "off", "tso", "off", "gso", "off", "gro", "off")
            .orThrow("ethtool on " + ifPeer);
        final Port port = new Port("p" + ports.size(), "net_af_packet" + ports.size() + ",iface=" + ifJ, n, peer, ifPeer);
        peer.addAddress(ifPeer, port.peer4() + "/24");
        peer.addAddress(ifPeer, port.peer6() + "/64");
        ports.add(port);
        return port;
    }

    /**
     * Write the configuration (its ports, then {@code bgpSection}, YAML indented from column 0) and
     * start the router; returns once it printed {@code junction: ready}.
     */
    public void start(final String bgpSection) throws IOException, InterruptedException
    {
        startDocument(document(bgpSection));
    }

    /**
     * As {@link #start}, as two processes: {@code junction dataplane} (its log: {@link #dataplaneLog}), then
     * {@code junction control}; returns once the control plane printed {@code junction: ready}. {@link #kill},
     * {@link #startAgain} and {@link #stop} then act on the control plane; {@link #close} stops both.
     */
    public void startSplit(final String bgpSection) throws IOException, InterruptedException
    {
        final Path config = work.resolve("junction.yaml");
        Files.writeString(config, document(bgpSection));
        final Path dataplaneLog = dataplaneLog();
        dataplane = ns.start(dataplaneLog, List.of("env", "JUNCTION_NO_BUILD=1", home.resolve("junction").toString(),
            "dataplane", "--config", config.toString()));
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!Files.readString(dataplaneLog).contains("junction: data plane ready"))
        {
            if (!dataplane.isAlive() || System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("junction dataplane did not get ready; its log:\n" + Files.readString(dataplaneLog));
            }
            Thread.sleep(100);
        }
        command = "control";
        startProcess(config);
    }

    /** Stop the data-plane process of {@link #startSplit} (SIGTERM). */
    public void stopDataplane() throws InterruptedException
    {
        if (null != dataplane && dataplane.isAlive())
        {
            dataplane.destroy();
            if (!dataplane.waitFor(30, TimeUnit.SECONDS))
            {
                dataplane.destroyForcibly();
                dataplane.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** @return the control plane's exit code once it ended, waiting up to {@code timeout}; null if it still runs. */
    public Integer controlExit(final Duration timeout) throws InterruptedException
    {
        return null != process && process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** Start the data plane again ({@link #startSplit}'s), then the control plane, after both ended. */
    public void startSplitAgain() throws IOException, InterruptedException
    {
        final Path config = work.resolve("junction.yaml");
        final Path dataplaneLog = dataplaneLog();
        final long before = Files.readString(dataplaneLog).lines().filter("junction: data plane ready"::equals).count();
        dataplane = ns.start(dataplaneLog, List.of("env", "JUNCTION_NO_BUILD=1", home.resolve("junction").toString(),
            "dataplane", "--config", config.toString()));
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (Files.readString(dataplaneLog).lines().filter("junction: data plane ready"::equals).count() <= before)
        {
            if (!dataplane.isAlive() || System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("junction dataplane did not get ready again; its log:\n" + Files.readString(dataplaneLog));
            }
            Thread.sleep(100);
        }
        startProcess(config);
    }

    /** The data-plane process's log ({@link #startSplit}). */
    public Path dataplaneLog()
    {
        return work.resolve("dataplane.log");
    }

    /** @return whether the data-plane process of {@link #startSplit} runs. */
    public boolean isDataplaneAlive()
    {
        return null != dataplane && dataplane.isAlive();
    }

    private String document(final String bgpSection)
    {
        final StringBuilder yaml = new StringBuilder()
            .append("name: ").append(name).append('\n')
            .append("cores: [1]\n")
            .append("ports:\n");
        for (final Port port : ports)
        {
            yaml.append("  - name: ").append(port.name()).append('\n')
                .append("    device: ").append(port.device()).append('\n')
                .append("    addresses: [").append(port.address4()).append("/24, '").append(port.address6())
                .append("/64']\n");
        }
        yaml.append(bgpSection);
        return yaml.toString();
    }

    /**
     * Write a whole configuration document the test gives (one fixed elsewhere, such as the
     * invalid-change corpus's base, on devices the test made itself) and start the router; returns
     * once it printed {@code junction: ready}.
     */
    public void startDocument(final String document) throws IOException, InterruptedException
    {
        final Path config = work.resolve("junction.yaml");
        Files.writeString(config, document);
        startProcess(config);
    }

    /** @return the pid of what {@link #start} runs: {@code junction run}'s supervisor (scripts/run-router.sh). */
    public long pid()
    {
        return process.pid();
    }

    /** @return the pid in /run/junction/NAME/{@code file} ({@code control.pid}, {@code dataplane.pid}), or -1. */
    public long runPid(final String file)
    {
        try
        {
            return Long.parseLong(Files.readString(Path.of("/run/junction", name, file)).trim());
        }
        catch (final IOException | NumberFormatException ex)
        {
            return -1;
        }
    }

    public boolean isAlive()
    {
        return null != process && process.isAlive();
    }

    private void startProcess(final Path config) throws IOException, InterruptedException
    {
        log = work.resolve("junction.log");
        final long readyBefore = readyLines(); // the log is appended to: a start again waits for a new line
        process = ns.start(log, List.of("env", "JUNCTION_NO_BUILD=1", home.resolve("junction").toString(), command,
            "--config", config.toString(), "--state-dir", work.resolve("state").toString()));
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (readyLines() <= readyBefore)
        {
            if (!process.isAlive() || System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("junction did not get ready; its log:\n" + logTail(40));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Crash (SIGKILL: no NOTIFICATION, sockets reset by the kernel). Under {@code junction run} the supervisor's death
     * kills both planes (PR_SET_PDEATHSIG): returns once they are gone too, as a crashed router is.
     */
    public void kill() throws InterruptedException
    {
        if (null != process && process.isAlive())
        {
            final List<ProcessHandle> planes = "run".equals(command) ? java.util.stream.Stream.of("dataplane.pid", "control.pid")
                .map(this::runPid).flatMap(pid -> ProcessHandle.of(pid).stream()).toList() : List.of();
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (planes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() - deadline < 0)
            {
                Thread.sleep(20);
            }
        }
    }

    /** Start again with the configuration of {@link #start}, after {@link #kill} or {@link #stop}. */
    public void startAgain() throws IOException, InterruptedException
    {
        startProcess(work.resolve("junction.yaml"));
    }

    /** Stop (SIGTERM) and start again with the same configuration. */
    public void restart() throws IOException, InterruptedException
    {
        stop();
        startProcess(work.resolve("junction.yaml"));
    }

    /** The router's control-plane state ({@code control.json}), or an empty map before its first write. */
    public Map<String, Object> control()
    {
        try
        {
            return Json.object(Json.parse(Files.readString(Path.of("/run/junction", name, "control.json"))));
        }
        catch (final IOException | RuntimeException ex)
        {
            return Map.of();
        }
    }

    /** One BGP neighbor's status object, or an empty map. */
    public Map<String, Object> neighbor(final String neighbor)
    {
        final Map<String, Object> bgp = Json.object(control().getOrDefault("bgp", Map.of()));
        final Map<String, Object> neighbors = Json.object(bgp.getOrDefault("neighbors", Map.of()));
        return Json.object(neighbors.getOrDefault(neighbor, Map.of()));
    }

    public String state(final String neighbor)
    {
        return String.valueOf(neighbor(neighbor).getOrDefault("state", "absent"));
    }

    public long accepted(final String neighbor, final String family)
    {
        final Map<String, Object> counts = Json.object(neighbor(neighbor).getOrDefault("prefixes_accepted", Map.of()));
        return Json.number(counts.get(family), 0);
    }

    public void waitState(final String neighbor, final String state, final Duration timeout)
    {
        PeerDaemon.waitFor(() -> state(neighbor), state::equals, timeout,
            "Junction's neighbor " + neighbor + " " + state + " (log:\n" + logTail(20) + ")");
    }

    private long readyLines()
    {
        return logText().lines().filter("junction: ready"::equals).count();
    }

    public String logText()
    {
        try
        {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    public String logTail(final int lines)
    {
        final List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    public void stop() throws InterruptedException
    {
        if (null != process && process.isAlive())
        {
            process.destroy(); // SIGTERM to `ip netns exec`, which is the launcher's exec'd JVM
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException
    {
        stop();
        // A control plane started by `junction restart control` is no child of this test: stop it by its pid file.
        try
        {
            final Path pidFile = Path.of("/run/junction", name, "control.pid");
            if (Files.exists(pidFile))
            {
                final long pid = Long.parseLong(Files.readString(pidFile).trim());
                final Optional<ProcessHandle> other = ProcessHandle.of(pid);
                if (other.isPresent() && other.get().isAlive())
                {
                    other.get().destroy();
                    other.get().onExit().get(30, TimeUnit.SECONDS);
                }
            }
        }
        catch (final IOException | NumberFormatException | java.util.concurrent.ExecutionException |
            java.util.concurrent.TimeoutException ex)
        {
            // gone already, or it will be swept with the namespace
        }
        if (null != dataplane && dataplane.isAlive())
        {
            dataplane.destroy();
            if (!dataplane.waitFor(30, TimeUnit.SECONDS))
            {
                dataplane.destroyForcibly();
                dataplane.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
