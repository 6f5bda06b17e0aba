/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import net.junction.agent.cli.client.JunctionCli;

/**
 * One version everywhere (an agent's session saw {@code status.version} "dev" beside MCP's
 * {@code serverInfo.version} "0.1.0-SNAPSHOT"): {@link JunctionVersion} is the Maven project's, and
 * {@code junction --version} says it. (MCP's serverInfo: McpSessionTest; status and metrics get it
 * from {@code junction run}, which gives it to the router.)
 */
class JunctionVersionTest
{
    @Test
    void shouldBeTheMavenProjectVersion() throws Exception
    {
        final String pom = Files.readString(Path.of("..", "pom.xml"));
        final Matcher m = Pattern.compile("<artifactId>junction-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find(), "the root pom.xml names its version");
        assertEquals(m.group(1), JunctionVersion.get());
    }

    @Test
    void shouldBeWhatJunctionVersionPrints()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(0, JunctionCli.run(new String[] {"--version"}, print, print));
        assertEquals("junction " + JunctionVersion.get(), out.toString(StandardCharsets.UTF_8).strip());
    }
}
