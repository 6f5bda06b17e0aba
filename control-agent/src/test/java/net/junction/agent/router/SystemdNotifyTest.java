/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SystemdNotify} against a receiver that is not Java's (the JDK has no Unix datagram socket): a Python
 * process binds the {@code AF_UNIX}/{@code SOCK_DGRAM} socket systemd would, path or abstract, and prints the one
 * datagram it gets.
 */
class SystemdNotifyTest
{
    private static final String RECEIVER = String.join("\n",
        "import socket, sys",
        "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
        "name = sys.argv[1]",
        "s.bind('\\0' + name[1:] if name.startswith('@') else name)",
        "print('bound', flush=True)",
        "s.settimeout(20)",
        "sys.stdout.write(s.recv(4096).decode())",
        "sys.stdout.flush()");

    @Test
    void shouldSendTheStateToASocketPath(@TempDir final Path dir) throws Exception
    {
        assertEquals("READY=1\nSTATUS=data plane ready on 2 ports",
            received(dir.resolve("notify").toString(), "READY=1\nSTATUS=data plane ready on 2 ports"));
    }

    @Test
    void shouldSendTheStateToAnAbstractSocket() throws Exception
    {
        assertEquals("STOPPING=1", received("@junction-notify-test-" + ProcessHandle.current().pid(), "STOPPING=1"));
    }

    @Test
    void shouldSayWhyWhenNobodyListens(@TempDir final Path dir)
    {
        final SystemdNotify notify = SystemdNotify.of(dir.resolve("nobody").toString()).orElseThrow();
        final IOException ex = assertThrows(IOException.class, () -> notify.send("READY=1"));
        assertTrue(ex.getMessage().contains("sendto " + dir.resolve("nobody") + ": errno 2"), ex.getMessage()); // ENOENT
    }

    @Test
    void shouldHaveNothingToTellWithoutASocket()
    {
        assertTrue(SystemdNotify.of(null).isEmpty());
        assertTrue(SystemdNotify.of("").isEmpty());
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        if (System.getenv(SystemdNotify.SOCKET_VARIABLE) == null)
        {
            assertFalse(SystemdNotify.tell("READY=1", new PrintStream(err, true, StandardCharsets.UTF_8)));
            assertEquals("", err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldRefuseANameLongerThanASocketAddress()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> SystemdNotify.of("/run/" + "x".repeat(200)));
        assertTrue(ex.getMessage().contains("longer than a Unix socket address (107 octets)"), ex.getMessage());
        assertTrue(SystemdNotify.of("@" + "x".repeat(107)).isPresent()); // an abstract name has no NUL to keep room for
    }

    private static String received(final String socket, final String state) throws Exception
    {
        final Process receiver = new ProcessBuilder("python3", "-c", RECEIVER, socket).redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8)))
        {
            assertEquals("bound", lines.readLine());
            SystemdNotify.of(socket).orElseThrow().send(state);
            assertTrue(receiver.waitFor(20, TimeUnit.SECONDS), "the receiver got nothing within 20 s");
            final StringBuilder text = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine())
            {
                text.append(text.isEmpty() ? "" : "\n").append(line);
            }
            assertEquals(0, receiver.exitValue(), text.toString());
            return text.toString();
        }
        finally
        {
            receiver.destroyForcibly();
        }
    }
}
