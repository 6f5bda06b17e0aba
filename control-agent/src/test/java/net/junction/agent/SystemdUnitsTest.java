/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The systemd units of the two processes (scripts/systemd) are what systemd accepts ({@code systemd-analyze
 * verify}, with the launcher's path of this checkout for /opt/junction), and say what docs/dataplane.md says:
 * the control plane restarts always, after its data plane and bound to it, and the data plane upholds it.
 */
class SystemdUnitsTest
{
    @Test
    void shouldBeValidUnitsWithTheControlPlaneRestartedAfterItsDataPlane(@TempDir final Path dir) throws Exception
    {
        final Path home = LabIT.junctionHome();
        final Path units = home.resolve("scripts/systemd");
        final String dataplane = Files.readString(units.resolve("junction-dataplane@.service"));
        final String control = Files.readString(units.resolve("junction-control@.service"));
        assertTrue(control.contains("\nRestart=always\n"), control);
        assertTrue(control.contains("\nAfter=junction-dataplane@%i.service\n"), control);
        assertTrue(control.contains("\nBindsTo=junction-dataplane@%i.service\n"), control);
        assertTrue(control.contains(" control --config /etc/junction/%i.yaml"), control);
        assertTrue(dataplane.contains(" dataplane --config /etc/junction/%i.yaml"), dataplane);
        assertTrue(dataplane.contains("\nUpholds=junction-control@%i.service\n"), dataplane);
        // The control plane is not root: the user junction, port 179 its one privilege; the data plane root, sharing
        // its run directory's files with group junction (docs/appliance.md).
        assertTrue(control.contains("\nUser=junction\nGroup=junction\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n" +
            "CapabilityBoundingSet=CAP_NET_BIND_SERVICE\nNoNewPrivileges=yes\nUMask=0007\nStateDirectory=junction/%i\n"), control);
        assertTrue(dataplane.contains("\nGroup=junction\nUMask=0007\n") && !dataplane.contains("\nUser="), dataplane);

        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "needs systemd-analyze");
        final String launcher = home.resolve("junction").toString();
        Files.writeString(dir.resolve("junction-dataplane@.service"), dataplane.replace("/opt/junction/junction", launcher));
        Files.writeString(dir.resolve("junction-control@.service"), control.replace("/opt/junction/junction", launcher));
        final Process verify = new ProcessBuilder("systemd-analyze", "verify",
            dir.resolve("junction-dataplane@lab.service").toString(), dir.resolve("junction-control@lab.service").toString())
            .redirectErrorStream(true).start();
        final String out = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), out);
        assertEquals("", out.strip(), "systemd-analyze has something to say");
    }
}
