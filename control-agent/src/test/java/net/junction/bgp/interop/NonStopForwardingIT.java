/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two planes as two processes (docs/dataplane.md "Two processes"): {@code junction dataplane} and
 * {@code junction control} in the router's namespace, two hosts routed through it (198.18.61.0/24 and
 * 198.18.62.0/24, 2001:db8:3d::/64 and 2001:db8:3e::/64). Counted pings from one host to the other, IPv4 and
 * IPv6 at once, while the control plane is killed (SIGKILL) and started again: none is lost, the data plane never
 * stops, the new control plane takes over (its API answers again). Needs root and DPDK; skips otherwise.
 */
@Timeout(240)
@ExtendWith(DaemonLogsOnFailure.class)
class NonStopForwardingIT
{
    static final String NAME = "jnsf";
    static final int PINGS = 400;
    static final Pattern RECEIVED = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    private Netns nsJ;
    private Netns h1;
    private Netns h2;
    private JunctionRouter junction;

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun("/usr/bin/ping");
    }

    @AfterEach
    void tearDown() throws Exception
    {
        if (null != junction)
        {
            junction.close();
        }
        for (final Netns ns : new Netns[]{h1, h2, nsJ})
        {
            if (null != ns)
            {
                ns.close();
            }
        }
    }

    @Test
    void shouldForwardEveryPacketWhileTheControlPlaneIsKilledAndComesBack() throws Exception
    {
        nsJ = Netns.create("nsfj");
        h1 = Netns.create("nsfh1");
        h2 = Netns.create("nsfh2");
        junction = new JunctionRouter(nsJ, NAME);
        final JunctionRouter.Port p1 = junction.link(h1, 61);
        final JunctionRouter.Port p2 = junction.link(h2, 62);
        h1.exec(Duration.ofSeconds(10), "ip", "route", "add", "198.18.62.0/24", "via", p1.address4()).orThrow("route");
        h2.exec(Duration.ofSeconds(10), "ip", "route", "add", "198.18.61.0/24", "via", p2.address4()).orThrow("route");
        h1.exec(Duration.ofSeconds(10), "ip", "-6", "route", "add", "2001:db8:3e::/64", "via", p1.address6()).orThrow("route6");
        h2.exec(Duration.ofSeconds(10), "ip", "-6", "route", "add", "2001:db8:3d::/64", "via", p2.address6()).orThrow("route6");
        junction.startSplit("");
        assertTrue(Files.readString(junction.dataplaneLog()).contains("junction: data plane ready"));
        PeerDaemon.waitFor(() -> h1.exec(Duration.ofSeconds(5), "ping", "-n", "-q", "-c", "1", "-W", "1", p2.peer4()).ok(),
            Duration.ofSeconds(30), "a first ping through the data plane");
        PeerDaemon.waitFor(() -> h1.exec(Duration.ofSeconds(5), "ping", "-n", "-q", "-c", "1", "-W", "1", p2.peer6()).ok(),
            Duration.ofSeconds(30), "a first IPv6 ping through the data plane");

        // Counted pings, 100 a second, IPv4 and IPv6, across the kill and the restart of the control plane.
        final CompletableFuture<Netns.Result> v4 = CompletableFuture.supplyAsync(() -> h1.exec(Duration.ofSeconds(60),
            "ping", "-n", "-q", "-c", Integer.toString(PINGS), "-i", "0.01", "-W", "2", p2.peer4()));
        final CompletableFuture<Netns.Result> v6 = CompletableFuture.supplyAsync(() -> h1.exec(Duration.ofSeconds(60),
            "ping", "-n", "-q", "-c", Integer.toString(PINGS), "-i", "0.01", "-W", "2", p2.peer6()));
        Thread.sleep(500);
        junction.kill();
        assertFalse(junction.isAlive(), "the control plane is dead");
        Thread.sleep(1_000); // forwarding with no control plane at all
        assertTrue(junction.isDataplaneAlive(), "the data plane runs on");
        junction.startAgain();
        final String v4Out = v4.get().stdout();
        final String v6Out = v6.get().stdout();
        assertEquals(PINGS, received(v4Out), "IPv4 pings lost: " + v4Out);
        assertEquals(PINGS, received(v6Out), "IPv6 pings lost: " + v6Out);

        // The new control plane took over: its state file and the data plane's state are read again.
        assertTrue(junction.logText().contains("from an earlier control plane: it forwards on them meanwhile"),
            junction.logTail(20));
        PeerDaemon.waitFor(() -> !junction.control().isEmpty(), Duration.ofSeconds(30), "the new control plane's state");
        assertTrue(junction.isDataplaneAlive());
        assertTrue(h1.exec(Duration.ofSeconds(5), "ping", "-n", "-q", "-c", "3", "-i", "0.2", "-W", "1", p2.peer4()).ok());
    }

    static int received(final String pingOutput)
    {
        final Matcher m = RECEIVED.matcher(pingOutput);
        if (!m.find())
        {
            throw new AssertionError("no summary in ping's output: " + pingOutput);
        }
        return Integer.parseInt(m.group(2));
    }
}
