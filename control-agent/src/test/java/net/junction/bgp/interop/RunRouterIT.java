/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code junction run}: the router as its two processes under a supervisor (scripts/run-router.sh, docs/dataplane.md
 * "Two processes"), in a namespace with two hosts routed through it (198.18.65.0/24, 198.18.66.0/24). The control
 * plane killed comes back by itself while counted pings all get through; the data plane killed comes back with a
 * control plane that reports how long it was without its FIB; the planned restart goes through the supervisor; the
 * supervisor killed takes both with it (PR_SET_PDEATHSIG); a refused configuration ends it with the data plane's
 * status, nothing left running. Needs root and DPDK; skips otherwise.
 */
@Timeout(240)
@ExtendWith(DaemonLogsOnFailure.class)
class RunRouterIT
{
    static final String NAME = "jrun";
    static final int PINGS = 800;

    private Netns nsJ;
    private Netns h1;
    private Netns h2;
    private JunctionRouter junction;

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun("/usr/bin/ping", "/usr/bin/setpriv");
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
    void shouldSuperviseBothPlanesAsTheRouter() throws Exception
    {
        nsJ = Netns.create("runj");
        h1 = Netns.create("runh1");
        h2 = Netns.create("runh2");
        junction = new JunctionRouter(nsJ, NAME);
        final JunctionRouter.Port p1 = junction.link(h1, 65);
        final JunctionRouter.Port p2 = junction.link(h2, 66);
        h1.exec(Duration.ofSeconds(10), "ip", "route", "add", "198.18.66.0/24", "via", p1.address4()).orThrow("route");
        h2.exec(Duration.ofSeconds(10), "ip", "route", "add", "198.18.65.0/24", "via", p2.address4()).orThrow("route");
        junction.start("");

        // Two processes, both the supervisor's children.
        final long supervisor = junction.pid();
        final long dataplane = junction.runPid("dataplane.pid");
        final long control = junction.runPid("control.pid");
        assertEquals(Optional.of(supervisor), parent(dataplane), "the data plane is junction run's child");
        assertEquals(Optional.of(supervisor), parent(control), "the control plane is junction run's child");
        PeerDaemon.waitFor(() -> ping(p2.peer4()), Duration.ofSeconds(30), "a first ping through the router");

        // kill -9 of the control plane: junction run starts another, which takes the FIB over; no ping lost.
        final CompletableFuture<Netns.Result> pings = CompletableFuture.supplyAsync(() -> h1.exec(Duration.ofSeconds(60),
            "ping", "-n", "-q", "-c", Integer.toString(PINGS), "-i", "0.01", "-W", "2", p2.peer4()));
        Thread.sleep(500);
        ProcessHandle.of(control).orElseThrow().destroyForcibly();
        PeerDaemon.waitFor(() -> junction.logText().contains("(epoch 1,"), Duration.ofSeconds(60),
            "the FIB resync of the control plane junction run started again");
        final String out = pings.get().stdout();
        assertEquals(PINGS, NonStopForwardingIT.received(out), "pings lost across the control plane's kill: " + out);
        assertTrue(junction.logText().contains("junction run: the control plane ended (exit 137): starting it again"),
            junction.logTail(20));
        final long control2 = junction.runPid("control.pid");
        assertNotEquals(control, control2);
        assertEquals(Optional.of(supervisor), parent(control2));
        assertEquals(dataplane, junction.runPid("dataplane.pid"), "the same data plane forwarded throughout");

        // The planned restart: the supervisor starts the next control plane (not the command).
        final Netns.Result restart = nsJ.exec(Duration.ofSeconds(90), "env", "JUNCTION_NO_BUILD=1",
            LabHome.junction(), "restart", "control", "--name", NAME);
        assertTrue(restart.ok() && restart.stdout().contains("by junction run (pid " + supervisor + ")"), restart.toString());
        PeerDaemon.waitFor(() -> junction.logText().contains("(epoch 2,"), Duration.ofSeconds(60), "the second takeover");
        assertEquals(Optional.of(supervisor), parent(junction.runPid("control.pid")));

        // kill -9 of the data plane (an outage by nature): both start again; the control plane says how long.
        ProcessHandle.of(dataplane).orElseThrow().destroyForcibly();
        PeerDaemon.waitFor(() -> junction.logText().contains("junction: data plane restarted: its FIB ("),
            Duration.ofSeconds(90), "the control plane's report of the data plane's restart");
        assertTrue(junction.logText().contains("junction run: the data plane failed (exit 137): starting it again"),
            junction.logTail(20));
        final long dataplane2 = junction.runPid("dataplane.pid");
        assertNotEquals(dataplane, dataplane2);
        assertEquals(Optional.of(supervisor), parent(dataplane2));
        PeerDaemon.waitFor(() -> ping(p2.peer4()), Duration.ofSeconds(30), "pings through the next data plane");

        // The supervisor killed: both planes die with it (PR_SET_PDEATHSIG), as in a crash of the router.
        final long control3 = junction.runPid("control.pid");
        junction.kill();
        PeerDaemon.waitFor(() -> !alive(dataplane2) && !alive(control3), Duration.ofSeconds(10),
            "both planes gone with their supervisor");
    }

    @Test
    void shouldEndWithTheStatusOfAPlaneThatNeverGotReady() throws Exception
    {
        final Path config = Files.createTempFile("junction-run-refused", ".yaml");
        Files.writeString(config, "name: jrun-refused\ncores: [1]\nports: []\nno-such-key: 1\n");
        final Process run = new ProcessBuilder("env", "JUNCTION_NO_BUILD=1", LabHome.junction(), "run", "--config",
            config.toString(), "--state-dir", config.getParent().resolve("jrun-refused-state").toString())
            .redirectErrorStream(true).start();
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "junction run ended");
        final String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, run.exitValue(), output);
        assertTrue(output.contains("no-such-key: unknown key"), output);
        assertTrue(output.contains("junction run: the data plane ended (exit 2) before it was ready"), output);
        assertFalse(Files.exists(Path.of("/run/junction/jrun-refused")), "nothing was started");
        Files.delete(config);
    }

    private boolean ping(final String address)
    {
        return h1.exec(Duration.ofSeconds(5), "ping", "-n", "-q", "-c", "1", "-W", "1", address).ok();
    }

    private static Optional<Long> parent(final long pid)
    {
        return ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid);
    }

    private static boolean alive(final long pid)
    {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The launcher of the checkout under test. */
    private static final class LabHome
    {
        static String junction()
        {
            return net.junction.agent.LabIT.junctionHome().resolve("junction").toString();
        }
    }
}
