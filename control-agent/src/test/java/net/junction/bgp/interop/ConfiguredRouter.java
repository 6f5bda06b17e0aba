/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./junction run} of a whole configuration document the test gives, inside a namespace, with
 * its commits in a state directory of its own temp folder ({@code --state-dir}). {@link JunctionRouter}
 * writes its own document (its linked ports, then a BGP section); this one is for a test whose
 * document is fixed elsewhere (the invalid-change corpus's base), on devices the test made itself.
 */
final class ConfiguredRouter implements AutoCloseable
{
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Netns ns;
    private final Path work;
    private final Path log;
    private Process process;

    ConfiguredRouter(final Netns ns, final Path work)
    {
        this.ns = ns;
        this.work = work;
        this.log = work.resolve("junction.log");
    }

    /** Write {@code document} and start the router; returns once it printed {@code junction: ready}. */
    void start(final String document) throws IOException, InterruptedException
    {
        final Path config = work.resolve("junction.yaml");
        Files.writeString(config, document);
        process = ns.start(log, List.of("env", "JUNCTION_NO_BUILD=1",
            net.junction.agent.LabIT.junctionHome().resolve("junction").toString(), "run",
            "--config", config.toString(), "--state-dir", work.resolve("state").toString()));
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!logText().contains("junction: ready"))
        {
            if (!process.isAlive() || System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("junction did not get ready; its log:\n" + logTail(40));
            }
            Thread.sleep(100);
        }
    }

    String logText()
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

    String logTail(final int lines)
    {
        final List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    boolean isAlive()
    {
        return null != process && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException
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
}
