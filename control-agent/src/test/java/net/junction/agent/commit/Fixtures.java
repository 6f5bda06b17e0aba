/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import net.junction.agent.config.ConfigDocuments;
import net.junction.agent.config.JunctionConfig;
import net.junction.agent.config.diff.ConfigDiff;

/** Documents, clocks and appliers the lifecycle tests share. */
final class Fixtures
{
    /** The shared full document ({@link ConfigDocuments#FULL}): the lifecycle tests' first commit. */
    static final String BASE = ConfigDocuments.FULL;

    private Fixtures()
    {
    }

    /** A clock a test moves by hand. */
    static final class ManualClock implements InstantSource
    {
        private Instant now = Instant.parse("2026-12-05T09:00:00Z");

        @Override
        public Instant instant()
        {
            return now;
        }

        void advance(final Duration duration)
        {
            now = now.plus(duration);
        }
    }

    /** Records every apply; fails while {@code failing} is set, as a router that cannot make the change. */
    static final class RecordingApplier implements ConfigApplier
    {
        record Call(Optional<JunctionConfig> from, JunctionConfig to, ConfigDiff diff)
        {
        }

        final List<Call> calls = new ArrayList<>();
        /** The commit of each call made for one (all of them, through the lifecycle). */
        final List<CommitRecord> commits = new ArrayList<>();
        String failing;

        @Override
        public void apply(final CommitRecord commit, final Optional<JunctionConfig> from, final JunctionConfig to,
            final ConfigDiff diff) throws Exception
        {
            apply(from, to, diff);
            commits.add(commit);
        }

        @Override
        public void apply(final Optional<JunctionConfig> from, final JunctionConfig to, final ConfigDiff diff) throws Exception
        {
            if (null != failing)
            {
                throw new IllegalStateException(failing);
            }
            calls.add(new Call(from, to, diff));
        }
    }

    static ConfigLifecycle.Settings settings(final ConfigApplier applier, final InstantSource clock, final Path documents)
    {
        return ConfigLifecycle.Settings.of(applier).withClock(clock).withAvailableCpus(ConfigDocuments.CPUS).withDocumentDirectory(documents);
    }

    /** SHA-256 over every file's relative path and bytes under {@code root}, in path order. */
    static String hash(final Path root)
    {
        try (Stream<Path> files = Files.walk(root))
        {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (final Path file : files.sorted().toList())
            {
                digest.update(root.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte)0);
                if (Files.isRegularFile(file))
                {
                    digest.update(Files.readAllBytes(file));
                }
                digest.update((byte)0);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
