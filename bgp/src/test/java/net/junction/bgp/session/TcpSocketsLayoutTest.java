/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.transport.TcpSockets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves {@link TcpSockets}' hand-written struct layout and constants against the installed kernel
 * headers: compiles {@code src/test/c/tcp_probe.c} with gcc, runs it, compares each line.
 */
class TcpSocketsLayoutTest
{
    private static Map<String, Long> probe;

    @BeforeAll
    static void runProbe() throws IOException, InterruptedException
    {
        final Path basedir = Path.of(System.getProperty("basedir", "."));
        final Path source = basedir.resolve("src/test/c/tcp_probe.c");
        final Path binary = Files.createDirectories(basedir.resolve("target/tcp-probe")).resolve("tcp_probe");
        exec(List.of("gcc", "-O0", "-Wall", "-Werror", "-o", binary.toString(), source.toString()));
        probe = new TreeMap<>();
        for (final String line : exec(List.of(binary.toString())).split("\n"))
        {
            final String[] parts = line.strip().split(" ");
            probe.put(parts[0], Long.parseLong(parts[1]));
        }
    }

    private static String exec(final List<String> command) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), () -> command + " failed:\n" + out);
        return out;
    }

    @Test
    void shouldMatchStructTcpMd5sig()
    {
        assertEquals(216L, TcpSockets.TCP_MD5SIG_LAYOUT.byteSize());
        assertEquals(probe.get("sizeof"), TcpSockets.TCP_MD5SIG_LAYOUT.byteSize());
        assertEquals(probe.get("tcpm_flags"), TcpSockets.TCPM_FLAGS_OFFSET);
        assertEquals(probe.get("tcpm_prefixlen"), TcpSockets.TCPM_PREFIXLEN_OFFSET);
        assertEquals(probe.get("tcpm_keylen"), TcpSockets.TCPM_KEYLEN_OFFSET);
        assertEquals(probe.get("tcpm_ifindex"), TcpSockets.TCPM_IFINDEX_OFFSET);
        assertEquals(probe.get("tcpm_key"), TcpSockets.TCPM_KEY_OFFSET);
        assertEquals(probe.get("TCP_MD5SIG_MAXKEYLEN"), (long)TcpSockets.TCP_MD5SIG_MAXKEYLEN);
        assertEquals(4L, probe.get("sockaddr_in.sin_addr"));
        assertEquals(8L, probe.get("sockaddr_in6.sin6_addr"));
        assertEquals(24L, probe.get("sockaddr_in6.sin6_scope_id"));
    }

    @Test
    void shouldMatchTheSocketOptionConstants()
    {
        final Map<String, Integer> java = Map.ofEntries(
            Map.entry("TCP_MD5SIG", TcpSockets.TCP_MD5SIG),
            Map.entry("IPPROTO_TCP", TcpSockets.IPPROTO_TCP),
            Map.entry("IPPROTO_IP", TcpSockets.IPPROTO_IP),
            Map.entry("IPPROTO_IPV6", TcpSockets.IPPROTO_IPV6),
            Map.entry("IP_TTL", TcpSockets.IP_TTL),
            Map.entry("IP_MINTTL", TcpSockets.IP_MINTTL),
            Map.entry("IPV6_UNICAST_HOPS", TcpSockets.IPV6_UNICAST_HOPS),
            Map.entry("IPV6_MINHOPCOUNT", TcpSockets.IPV6_MINHOPCOUNT),
            Map.entry("SOL_SOCKET", TcpSockets.SOL_SOCKET),
            Map.entry("SO_DOMAIN", TcpSockets.SO_DOMAIN),
            Map.entry("AF_INET", TcpSockets.AF_INET),
            Map.entry("AF_INET6", TcpSockets.AF_INET6));
        java.forEach((name, value) -> assertEquals(probe.get(name), (long)value, name));
    }
}
