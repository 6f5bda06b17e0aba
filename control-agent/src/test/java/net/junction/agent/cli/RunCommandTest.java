/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction run}'s refusals that come before anything starts (no DPDK, no root). */
class RunCommandTest
{
    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return RunCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldAskForAConfigOrAName()
    {
        assertEquals(2, run());
        assertTrue(err().contains("give --config FILE, or --name NAME"), err());
        assertEquals(2, run("--state-dir"));
    }

    @Test
    void shouldRefuseAStateDirectoryWithoutACommitWhenGivenNoConfig()
    {
        assertEquals(1, run("--name", "jn-commits-test", "--state-dir", temp.resolve("state").toString()));
        assertTrue(err().contains("no committed configuration in " + temp.resolve("state") + ": give --config FILE"), err());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseAConfigNamingAnotherRouter() throws Exception
    {
        final Path file = Files.writeString(temp.resolve("a.yaml"), """
            name: other
            cores: [0]
            ports:
              - {name: p0, device: net_null0, addresses: [198.18.1.1/24]}
            """);
        assertEquals(2, run("--config", file.toString(), "--name", "jn-commits-test", "--state-dir", temp.resolve("s").toString()));
        assertTrue(err().contains("configures router 'other', not 'jn-commits-test'"), err());
        assertTrue(Files.notExists(temp.resolve("s")));
    }

    @Test
    void shouldNameTheProcessInItsUsageErrorsAndWantACommitForTheDataPlaneByName()
    {
        assertEquals(2, RunCommand.run(RunCommand.Mode.CONTROL, List.of("--bogus"), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err().contains("junction control: unknown argument '--bogus'"), err());
        err.reset();
        // By name, the data plane starts from the router's last commit: there is none in an empty state directory.
        final Path empty = temp.resolve("empty-state");
        assertEquals(2, RunCommand.run(RunCommand.Mode.DATAPLANE, List.of("--name", "jn-dp-test", "--state-dir", empty.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err().contains("junction dataplane: nothing started: " + empty + " holds no commit of router 'jn-dp-test': " +
            "give --config FILE"), err());
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing started");
    }
}
