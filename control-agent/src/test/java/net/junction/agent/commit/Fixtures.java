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

import net.junction.agent.config.JunctionConfig;
import net.junction.agent.config.diff.ConfigDiff;

/** Documents, clocks and appliers the lifecycle tests share. */
final class Fixtures
{
    /** Cores are checked against this, not the machine running the tests. */
    static final int CPUS = 4;

    /** A full configuration: two ports, a route, a neighbor, BGP with a neighbor, networks and two policies. */
    static final String BASE = """
        name: lab
        cores: [1]
        ports:
          - name: p0
            device: net_af_packet0
            addresses: [198.18.1.1/24, 2001:db8:1::1/64]
          - name: p1
            device: net_af_packet1
            addresses: [198.18.2.1/24]
        routes:
          - {prefix: 198.18.100.0/24, via: 198.18.2.2}
        neighbors:
          - {address: 198.18.2.2, port: p1, mac: 02:00:00:00:00:02}
        bgp:
          local-as: 4200000001
          router-id: 198.18.0.1
          networks: [198.18.200.0/24]
          neighbors:
            - name: transit1
              address: 198.18.2.2
              remote-as: 65001
              import: from-transit
              export: to-transit
          policies:
            from-transit:
              terms:
                - {name: no-bogons, match: {prefixes: ["198.19.0.0/16 le 32"]}, then: reject}
                - {name: tag, set: {local-pref: 120, add-communities: ["65000:100"]}, then: accept}
              otherwise: reject
            to-transit:
              terms:
                - name: ours
                  match: {prefixes: ["198.18.200.0/24"]}
                  set: {prepend: {count: 2}, add-large-communities: ["4200000001:1:1"]}
                  then: accept
              otherwise: reject
        """;

    private Fixtures()
    {
    }

    /** {@code BASE} with one piece of text replaced; fails when the piece is not there, so a fixture cannot rot. */
    static String edit(final String document, final String from, final String to)
    {
        if (!document.contains(from))
        {
            throw new IllegalArgumentException("'" + from + "' is not in the document");
        }
        return document.replace(from, to);
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
        String failing;

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
        return ConfigLifecycle.Settings.of(applier).withClock(clock).withAvailableCpus(CPUS).withDocumentDirectory(documents);
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
