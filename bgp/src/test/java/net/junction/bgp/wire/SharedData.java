/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared test data lives (real captures and MRT dumps that may not be committed: see
 * {@code ../shared/data/README.md} beside the checkout), and what a test does when it is missing.
 * <p>
 * A corpus such as {@code bgp-pcap} is looked for, first match wins:
 * <ol>
 * <li>{@code -Djunction.shared.data.<corpus>=DIR} (the older {@code junction.bgp.pcap.dir} and
 *     {@code junction.bgp.mrt.dir} too);</li>
 * <li>{@code -Djunction.shared.data=DIR}, then {@code DIR/<corpus>};</li>
 * <li>{@code <project root>/../shared/data/<corpus>}, the project root being {@code -Djunction.home}
 *     (scripts/lib.sh's run_mvn passes it) or else the parent of the module's folder.</li>
 * </ol>
 * A missing corpus fails the test when it is required ({@code CI=true} in the environment, or
 * {@code -Djunction.requireSharedData=true}): CI has the data, so a test that would skip there is a
 * test that silently stopped testing. Elsewhere (a developer without the data) the test is skipped,
 * with the same message naming the corpus and where it was looked for.
 */
public final class SharedData
{
    /** tcpdump's BGP regression captures. */
    public static final String BGP_PCAP = "bgp-pcap";
    /** RIPE RIS MRT dumps. */
    public static final String MRT = "mrt";

    private SharedData()
    {
    }

    /**
     * @param corpus a folder of the shared data, such as {@link #BGP_PCAP}.
     * @return where the corpus should be, whether or not it is there.
     */
    public static Path location(final String corpus)
    {
        final String own = System.getProperty("junction.shared.data." + corpus, legacyProperty(corpus));
        if (own != null && !own.isBlank())
        {
            return Path.of(own).toAbsolutePath().normalize();
        }
        final String root = System.getProperty("junction.shared.data");
        if (root != null && !root.isBlank())
        {
            return Path.of(root, corpus).toAbsolutePath().normalize();
        }
        return projectRoot().resolve("../shared/data").resolve(corpus).normalize();
    }

    /**
     * @param corpus a folder of the shared data.
     * @return the corpus folder; when it is missing the calling test fails (required) or is skipped.
     */
    public static Path require(final String corpus)
    {
        final Path dir = location(corpus);
        if (!Files.isDirectory(dir))
        {
            missing(corpus, dir, "");
        }
        return dir;
    }

    /**
     * @param corpus a folder of the shared data.
     * @param file   a file in it.
     * @return the file; when it is missing the calling test fails (required) or is skipped.
     */
    public static Path require(final String corpus, final String file)
    {
        final Path path = require(corpus).resolve(file);
        if (!Files.isRegularFile(path))
        {
            missing(corpus, path, "");
        }
        return path;
    }

    /**
     * @return whether a missing corpus fails the test rather than skipping it.
     */
    public static boolean isRequired()
    {
        return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("junction.requireSharedData");
    }

    /**
     * For a test that also runs without the corpus (a fuzzer with other seeds): fails when the data is
     * required and missing, otherwise tells whether it is there.
     *
     * @param corpus a folder of the shared data.
     * @return whether the corpus is present.
     */
    public static boolean availableOrFailInCi(final String corpus)
    {
        final Path dir = location(corpus);
        if (Files.isDirectory(dir))
        {
            return true;
        }
        if (isRequired())
        {
            missing(corpus, dir, "");
        }
        System.out.println(message(corpus, dir, " (going on without it)"));
        return false;
    }

    private static void missing(final String corpus, final Path where, final String note)
    {
        final String message = message(corpus, where, note);
        if (isRequired())
        {
            Assertions.fail(message + "; it is required here (CI=true or -Djunction.requireSharedData=true)");
        }
        Assumptions.abort(message);
    }

    private static String message(final String corpus, final Path where, final String note)
    {
        return "shared data corpus '" + corpus + "' is missing: looked for " + where +
            " (../shared/data/" + corpus + " beside the checkout, or -Djunction.shared.data=DIR)" + note;
    }

    private static String legacyProperty(final String corpus)
    {
        return switch (corpus)
        {
            case BGP_PCAP -> System.getProperty("junction.bgp.pcap.dir");
            case MRT -> System.getProperty("junction.bgp.mrt.dir");
            default -> null;
        };
    }

    /** The checkout: -Djunction.home, else the parent of the module folder the tests run in. */
    static Path projectRoot()
    {
        final String home = System.getProperty("junction.home");
        if (home != null && !home.isBlank())
        {
            return Path.of(home).toAbsolutePath().normalize();
        }
        // Surefire runs in the module's folder and sets basedir to it.
        final Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        final Path parent = module.getParent();
        return (parent == null ? module : parent).normalize();
    }
}
