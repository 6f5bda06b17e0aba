/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a router configuration (the YAML of {@code docs/contracts.md}) into a {@link JunctionConfig},
 * or refuses it with a {@link ConfigException} listing every problem: nothing may start on an
 * invalid configuration, so everything that can be checked without the hardware is checked here
 * (see {@link ConfigReader} for the rules).
 * <p>
 * Cores are checked against the number of CPUs the JVM may use, {@link Runtime#availableProcessors()},
 * taken as CPUs {@code 0..n-1}; the overloads with {@code availableCpus} exist for tests and for
 * validating a file meant for another machine.
 */
public final class ConfigLoader
{
    private ConfigLoader()
    {
    }

    /**
     * @param file a YAML configuration, UTF-8.
     * @return the configuration, every check passed.
     * @throws ConfigException listing every problem, including a file that cannot be read.
     */
    public static JunctionConfig load(final Path file) throws ConfigException
    {
        return load(file, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param file          a YAML configuration, UTF-8.
     * @param availableCpus CPUs of the machine the configuration is for; cores must be below it.
     * @return the configuration, every check passed.
     * @throws ConfigException listing every problem, including a file that cannot be read.
     */
    public static JunctionConfig load(final Path file, final int availableCpus) throws ConfigException
    {
        final String text;
        try
        {
            text = Files.readString(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException(List.of(file + ": cannot read: no such file"));
        }
        catch (final AccessDeniedException ex)
        {
            throw new ConfigException(List.of(file + ": cannot read: permission denied"));
        }
        catch (final CharacterCodingException ex)
        {
            throw new ConfigException(List.of(file + ": cannot read: not UTF-8 text"));
        }
        catch (final IOException ex)
        {
            throw new ConfigException(List.of(file + ": cannot read: " + ex.getMessage()));
        }
        return ConfigReader.read(text, checkCpus(availableCpus), file.toAbsolutePath().getParent());
    }

    /**
     * @param yaml the text of a configuration; a relative {@code routes-file} is found from the working
     *             directory.
     * @return the configuration, every check passed.
     * @throws ConfigException listing every problem.
     */
    public static JunctionConfig parse(final String yaml) throws ConfigException
    {
        return parse(yaml, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param yaml          the text of a configuration.
     * @param availableCpus CPUs of the machine the configuration is for; cores must be below it.
     * @return the configuration, every check passed.
     * @throws ConfigException listing every problem.
     */
    public static JunctionConfig parse(final String yaml, final int availableCpus) throws ConfigException
    {
        return ConfigReader.read(yaml, checkCpus(availableCpus), Path.of("").toAbsolutePath());
    }

    /**
     * @param yaml          the text of a configuration.
     * @param availableCpus CPUs of the machine the configuration is for; cores must be below it.
     * @param baseDirectory where a relative {@code routes-file} is found (a stored document has no
     *                      file of its own to be relative to).
     * @return the configuration, every check passed.
     * @throws ConfigException listing every problem.
     */
    public static JunctionConfig parse(final String yaml, final int availableCpus, final Path baseDirectory)
        throws ConfigException
    {
        return ConfigReader.read(yaml, checkCpus(availableCpus), baseDirectory.toAbsolutePath());
    }

    /**
     * @param yaml the text of a configuration, YAML or JSON.
     * @return its values as the reader sees them (maps, lists, strings, integers, booleans; a MAC or
     *         an IPv6 address stays a string), null for an empty document; not checked any further.
     * @throws ConfigException when it is not YAML.
     */
    public static Object plainValues(final String yaml) throws ConfigException
    {
        final Problems problems = new Problems();
        final Optional<Object> document = YamlText.read(yaml, problems);
        if (!problems.isEmpty())
        {
            throw problems.toException();
        }
        return document.orElse(null);
    }

    private static int checkCpus(final int availableCpus)
    {
        if (availableCpus < 1)
        {
            throw new IllegalArgumentException("availableCpus must be at least 1, got " + availableCpus);
        }
        return availableCpus;
    }
}
