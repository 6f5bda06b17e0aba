/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import net.junction.agent.api.ApiFixture.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/system/upgrade} against a stand-in for the appliance's upgrade tool: a script that answers as the real
 * one does ({@code --status --json}, {@code --check IMAGE}, the write) and records the arguments it was given. The
 * real tool is tested on the appliance itself, under qemu (images/test-boot.sh --upgrade, ImageIT). The appliance's
 * control plane is not root: it reaches the tool through its root side, {@code upgrade-service}, on a socket that
 * systemd hands each connection to; here a stand-in for systemd does that, and the script is the real one.
 */
class SystemUpgradeTest
{
    private static final String STATUS_JSON = "{\"booted\":\"a\",\"default_entry\":\"junction-a.conf\",\"slots\":[" +
        "{\"slot\":\"a\",\"partition\":\"/dev/vda3\",\"version\":\"0.1.0\",\"entry\":\"junction-a.conf\",\"state\":\"good\"," +
        "\"booted\":true,\"default\":true,\"last_result\":\"\"}," +
        "{\"slot\":\"b\",\"partition\":\"\",\"version\":\"\",\"entry\":\"\",\"state\":\"none\",\"booted\":false," +
        "\"default\":false,\"last_result\":\"\"}]}";

    @TempDir
    Path temp;

    /** The stand-in: a write waits for the file {@code go} (so a test can hold it running), then succeeds. */
    private Path tool() throws Exception
    {
        final Path tool = temp.resolve("upgrade");
        Files.writeString(tool, """
            #!/bin/bash
            here=$(dirname "$0")
            echo "$*" >>"$here/calls"
            case $1 in
              --status) printf '%%s' '%s' ;;   # no line break at its end: the root side's framing must hold
              --check) if [ "$2" = /images/good.raw ]; then echo "$2: a Junction image, Junction 0.2.0"
                       else echo "junction upgrade: $2 is not a Junction image (it needs partition 1 ESP)" >&2; exit 1; fi ;;
              --rollback) echo "junction upgrade: slot b is the default again" ;;
              *) echo "junction upgrade: writing slot b"
                 for _ in $(seq 200); do [ -f "$here/go" ] && break; sleep 0.05; done
                 echo "junction upgrade: slot b holds Junction 0.2.0" ;;
            esac
            """.formatted(STATUS_JSON));
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tool;
    }

    private ApiFixture api(final Path tool) throws Exception
    {
        return new ApiFixture(temp.resolve("router"), ApiServer.Options.defaults().withUpgradeTool(UpgradeTool.direct(tool)), false);
    }

    private List<String> calls() throws Exception
    {
        final Path calls = temp.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private static JsonNode finished(final ApiFixture api) throws Exception
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (true)
        {
            final JsonNode job = api.get("/v1/system/upgrade").json().path("job");
            if (!job.path("running").asBoolean(true) || System.nanoTime() - deadline > 0)
            {
                return job;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void shouldSayItIsNotAnApplianceWhenThereIsNoTool() throws Exception
    {
        Files.createDirectories(temp.resolve("router"));
        try (ApiFixture api = api(temp.resolve("no-such-tool")))
        {
            final Reply status = api.get("/v1/system/upgrade");
            assertEquals(404, status.status(), status.toString());
            assertEquals("not-an-appliance", status.json().path("reason").asText(), status.toString());
            assertEquals(404, api.post("/v1/system/upgrade", "{\"image\": \"/images/good.raw\"}").status());
        }
    }

    @Test
    void shouldShowTheSlotsAndNoJobBeforeAnyUpgrade() throws Exception
    {
        Files.createDirectories(temp.resolve("router"));
        try (ApiFixture api = api(tool()))
        {
            final Reply status = api.get("/v1/system/upgrade");
            assertEquals(200, status.status(), status.toString());
            assertEquals("a", status.json().path("booted").asText());
            assertEquals("good", status.json().path("slots").path(0).path("state").asText());
            assertTrue(status.json().path("job").isNull(), status.toString());
            assertEquals(List.of("--status --json"), calls());
        }
    }

    @Test
    void shouldRefuseAnImageTheToolDoesNotTakeAndWriteNothing() throws Exception
    {
        Files.createDirectories(temp.resolve("router"));
        try (ApiFixture api = api(tool()))
        {
            final Reply refused = api.post("/v1/system/upgrade", "{\"image\": \"/images/notes.txt\"}");
            assertEquals(422, refused.status(), refused.toString());
            assertEquals("image-refused", refused.json().path("reason").asText());
            assertTrue(refused.json().path("detail").asText().contains("/images/notes.txt is not a Junction image"), refused.toString());
            assertEquals(List.of("image"), refused.errorFields());
            assertEquals(List.of("--check /images/notes.txt"), calls(), "only checked, never written");
            assertTrue(api.get("/v1/system/upgrade").json().path("job").isNull());
        }
    }

    @Test
    void shouldRefuseBodiesThatDoNotSayOneThing() throws Exception
    {
        Files.createDirectories(temp.resolve("router"));
        try (ApiFixture api = api(tool()))
        {
            assertEquals(List.of("image"), api.post("/v1/system/upgrade", "{}").errorFields());
            assertEquals(List.of("rollback"), api.post("/v1/system/upgrade",
                "{\"image\": \"/images/good.raw\", \"rollback\": true}").errorFields());
            assertEquals(List.of("image"), api.post("/v1/system/upgrade", "{\"image\": \"good.raw\"}").errorFields());
            assertEquals(List.of("health_timeout_seconds"), api.post("/v1/system/upgrade",
                "{\"image\": \"/images/good.raw\", \"health_timeout_seconds\": 5}").errorFields());
            assertEquals(List.of("health_timeout_seconds"), api.post("/v1/system/upgrade",
                "{\"rollback\": true, \"health_timeout_seconds\": 300}").errorFields());
            assertEquals(List.of("slot"), api.post("/v1/system/upgrade", "{\"slot\": \"b\"}").errorFields());
            assertEquals(List.of(), calls(), "nothing run for a bad request");
        }
    }

    @Test
    void shouldWriteInTheBackgroundOneAtATimeAndReportTheOutcome() throws Exception
    {
        Files.createDirectories(temp.resolve("router"));
        try (ApiFixture api = api(tool()))
        {
            final Reply started = api.post("/v1/system/upgrade",
                "{\"image\": \"/images/good.raw\", \"reboot\": false, \"health_timeout_seconds\": 300}");
            assertEquals(202, started.status(), started.toString());
            assertEquals("/v1/system/upgrade", started.header("Location"));
            assertTrue(started.json().path("running").asBoolean(), started.toString());
            assertEquals("/images/good.raw: a Junction image, Junction 0.2.0", started.json().path("what").asText());

            final Reply second = api.post("/v1/system/upgrade", "{\"rollback\": true}");
            assertEquals(409, second.status(), second.toString());
            assertEquals("upgrade-running", second.json().path("reason").asText());

            Files.writeString(temp.resolve("go"), "");
            final JsonNode job = finished(api);
            assertFalse(job.path("running").asBoolean(), job.toString());
            assertEquals(0, job.path("exit_code").asInt(-1), job.toString());
            assertEquals("junction upgrade: slot b holds Junction 0.2.0", job.path("output").path(1).asText(), job.toString());
            assertTrue(calls().contains("/images/good.raw --health-timeout 300 --no-reboot"), calls().toString());
            assertTrue(api.audit().stream().anyMatch(e -> e.toString().contains("system.upgrade")), "audited");

            final Reply rollback = api.post("/v1/system/upgrade", "{\"rollback\": true}");
            assertEquals(202, rollback.status(), rollback.toString());
            assertEquals(0, finished(api).path("exit_code").asInt(-1));
            assertTrue(calls().contains("--rollback"), "reboot defaults to true: no --no-reboot; " + calls());
        }
    }

    /** The real root side (images/rootfs/.../upgrade-service), as junction-upgrade.socket (Accept=yes) runs it. */
    private static final Path UPGRADE_SERVICE = Path.of("..", "images", "rootfs", "usr", "lib", "junction-appliance", "upgrade-service");

    /** A stand-in for systemd's socket activation: each connection is the stdin and stdout of a new upgrade-service. */
    private static final class SocketActivation implements AutoCloseable
    {
        private final ServerSocketChannel server;
        private final List<Process> processes = new ArrayList<>();

        SocketActivation(final Path socket, final Path tool) throws IOException
        {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(() ->
            {
                try
                {
                    while (true)
                    {
                        final SocketChannel connection = server.accept();
                        final ProcessBuilder builder = new ProcessBuilder("/bin/bash", UPGRADE_SERVICE.toString()).redirectErrorStream(true);
                        builder.environment().put("JUNCTION_UPGRADE_TOOL", tool.toString());
                        builder.environment().put("JUNCTION_UPGRADE_INLINE", "1"); // no systemd-run here
                        final Process process = builder.start();
                        synchronized (processes)
                        {
                            processes.add(process);
                        }
                        Thread.ofVirtual().start(() ->
                        {
                            // The request line first, then the answer: one direction at a time (a channel's
                            // streams would block each other's reads and writes).
                            try (OutputStream stdin = process.getOutputStream())
                            {
                                final ByteBuffer one = ByteBuffer.allocate(1);
                                while (connection.read(one.clear()) > 0)
                                {
                                    stdin.write(one.get(0));
                                    if ('\n' == one.get(0))
                                    {
                                        break;
                                    }
                                }
                            }
                            catch (final IOException ignored)
                            {
                                // the script reads what came
                            }
                            copy(process.getInputStream(), Channels.newOutputStream(connection));
                            try
                            {
                                connection.close();
                            }
                            catch (final IOException ignored)
                            {
                                // closing
                            }
                        });
                    }
                }
                catch (final IOException ended)
                {
                    // closed
                }
            });
        }

        private static void copy(final InputStream in, final OutputStream out)
        {
            try (in; out)
            {
                in.transferTo(out);
            }
            catch (final IOException ignored)
            {
                // either side ended
            }
        }

        @Override
        public void close() throws IOException
        {
            server.close();
            synchronized (processes)
            {
                processes.forEach(Process::destroy);
            }
        }
    }

    @Test
    void shouldGoThroughTheRootSideWhenItsSocketIsThere() throws Exception
    {
        Files.createDirectories(temp.resolve("router"));
        final Path socket = temp.resolve("junction-upgrade.sock");
        final Path tool = tool();
        try (SocketActivation root = new SocketActivation(socket, tool);
             ApiFixture api = new ApiFixture(temp.resolve("router"),
                 ApiServer.Options.defaults().withUpgradeTool(new UpgradeTool(temp.resolve("not-here"), socket)), false))
        {
            final Reply status = api.get("/v1/system/upgrade");
            assertEquals(200, status.status(), status.toString());
            assertEquals("a", status.json().path("booted").asText(), status.toString());

            final Reply refused = api.post("/v1/system/upgrade", "{\"image\": \"/images/notes.txt\"}");
            assertEquals(422, refused.status(), refused.toString());
            assertTrue(refused.json().path("detail").asText().contains("/images/notes.txt is not a Junction image"), refused.toString());

            final Reply started = api.post("/v1/system/upgrade", "{\"image\": \"/images/good.raw\", \"reboot\": false}");
            assertEquals(202, started.status(), started.toString());
            Files.writeString(temp.resolve("go"), "");
            final JsonNode job = finished(api);
            assertEquals(0, job.path("exit_code").asInt(-1), job.toString());
            assertEquals("junction upgrade: slot b holds Junction 0.2.0", job.path("output").path(1).asText(), job.toString());
            assertEquals(List.of("--check /images/notes.txt", "--check /images/good.raw", "/images/good.raw --no-reboot"),
                calls().stream().filter(c -> !c.equals("--status --json")).toList(), "GET asks --status; the rest as asked");
        }
    }

    @Test
    void shouldHaveTheRootSideRunNothingButTheToolsOwnForms() throws Exception
    {
        final Path socket = temp.resolve("junction-upgrade.sock");
        final UpgradeTool through = new UpgradeTool(temp.resolve("not-here"), socket);
        try (SocketActivation root = new SocketActivation(socket, tool()))
        {
            for (final List<String> args : List.of(List.of("--commit-booted"), List.of("--status"), List.of("--check", "good.raw"),
                List.of("/images/good.raw", "--force"), List.of("--rollback", "--health-timeout", "60"), List.of("rm", "-rf", "/")))
            {
                try (UpgradeTool.Run run = through.start("token:ops", args))
                {
                    final String line = run.readLine();
                    assertTrue(line.startsWith("junction upgrade: refused: "), args + ": " + line);
                    assertEquals(null, run.readLine(), args.toString());
                    assertEquals(2, run.exitCode(), args.toString());
                }
            }
            assertEquals(List.of(), calls(), "the tool never ran");
        }
    }
}
