/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/mrt/rib} fetched over the API's UNIX socket and read by Debian's {@code bgpdump -m}, plain and
 * gzipped: the routes the router holds, line for line. Needs {@code bgpdump} ({@code ./junction setup}).
 */
class MrtDumpBgpdumpIT
{
    private static final Path BGPDUMP = Path.of("/usr/bin/bgpdump");

    @TempDir
    Path temp;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception
    {
        api = ApiFixture.start(temp);
    }

    @AfterEach
    void stop() throws Exception
    {
        api.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldBeReadByBgpdumpWithTheRoutesOfTheRouter(final boolean gzip) throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(BGPDUMP), "needs bgpdump (apt-get install bgpdump; ./junction setup)");
        final ContentResponse reply = api.getBinary("/v1/mrt/rib?neighbor=transit1" + (gzip ? "&gzip=true" : ""));
        assertEquals(200, reply.getStatus(), reply.getContentAsString());
        final Path file = temp.resolve(gzip ? "rib.mrt.gz" : "rib.mrt");
        Files.write(file, reply.getContent());
        final Process p = new ProcessBuilder(BGPDUMP.toString(), "-m", file.toString()).start();
        final String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        final long t = FakeRouter.MRT_TIME;
        assertEquals(List.of(
            "TABLE_DUMP2|" + t + "|B|198.18.2.2|65001|198.18.64.0/18|65001 65010|IGP|198.18.2.2|0|0||NAG||",
            "TABLE_DUMP2|" + t + "|B|198.18.2.2|65001|2001:db8:64::/48|65001 65010|IGP|2001:db8:2::2|0|0||NAG||"),
            stdout.lines().toList(), stdout);
    }
}
