/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.nio.file.Path;

/**
 * The configuration documents the control agent's tests build on, and the small builders that
 * derive one from another: one place, so the loader's, the differ's and the lifecycle's tests
 * speak of the same router. Documents are YAML text as an operator writes it
 * (docs/contracts.md); {@link #edit} fails when the text it replaces is not there, so a fixture
 * cannot rot silently.
 */
public final class ConfigDocuments
{
    /** Cores are checked against this, not the machine running the tests. */
    public static final int CPUS = 4;

    /** The smallest useful router: two ports with addresses, nothing else. */
    public static final String TWO_PORTS = """
        name: lab
        cores: [1]
        ports:
          - name: p0
            device: net_af_packet0
            addresses: [198.18.1.1/24, 2001:db8:1::1/64]
          - name: p1
            device: net_af_packet1
            addresses: [198.18.2.1/24]
        """;

    /** {@link #TWO_PORTS} with a route, a neighbor, BGP with one neighbor, a network and two policies. */
    public static final String FULL = TWO_PORTS + """
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

    private ConfigDocuments()
    {
    }

    /** {@code document} with every {@code from} replaced by {@code to}; fails when {@code from} is not there. */
    public static String edit(final String document, final String from, final String to)
    {
        if (!document.contains(from))
        {
            throw new IllegalArgumentException("'" + from + "' is not in the document");
        }
        return document.replace(from, to);
    }

    /** A one-port router ({@code name: lab}, {@code cores: [1]}) whose port has exactly these lines. */
    public static String port(final String... lines)
    {
        final StringBuilder yaml = new StringBuilder("name: lab\ncores: [1]\nports:\n");
        for (int i = 0; i < lines.length; i++)
        {
            yaml.append(0 == i ? "  - " : "    ").append(lines[i]).append('\n');
        }
        return yaml.toString();
    }

    /** {@link #TWO_PORTS} with a {@code routes:} list of these entries. */
    public static String routes(final String... entries)
    {
        return TWO_PORTS + "routes:\n" + listOf(entries);
    }

    /** {@link #TWO_PORTS} with a {@code neighbors:} list of these entries. */
    public static String neighbors(final String... entries)
    {
        return TWO_PORTS + "neighbors:\n" + listOf(entries);
    }

    /** The entries as a YAML block list at the top level's indentation. */
    public static String listOf(final String... entries)
    {
        final StringBuilder yaml = new StringBuilder();
        for (final String entry : entries)
        {
            yaml.append("  - ").append(entry).append('\n');
        }
        return yaml.toString();
    }

    /** Parses a document the test knows to be valid; an {@link AssertionError} with the problems if it is not. */
    public static JunctionConfig parseValid(final String document)
    {
        try
        {
            return ConfigLoader.parse(document, CPUS, Path.of("."));
        }
        catch (final ConfigException ex)
        {
            throw new AssertionError(ex.getMessage(), ex);
        }
    }
}
