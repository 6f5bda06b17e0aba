/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Junction's version, from one source: the Maven project version, written by the build into the
 * resource {@code net/junction/agent/version.properties} (a filtered resource, so it is there when
 * the classes run from {@code target/classes} as well as from the jar, whose manifest carries no
 * version). What {@code junction --version}, {@code GET /v1/status}'s {@code version}, the MCP
 * server's {@code serverInfo.version} and the metrics' {@code junction_router_info} all say.
 */
public final class JunctionVersion
{
    /** The resource the build writes. */
    static final String RESOURCE = "version.properties";

    private static final String VERSION = read();

    private JunctionVersion()
    {
    }

    /** @return such as {@code 0.1.0-SNAPSHOT}. */
    public static String get()
    {
        return VERSION;
    }

    private static String read()
    {
        try (InputStream in = JunctionVersion.class.getResourceAsStream(RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException("no " + RESOURCE + " beside " + JunctionVersion.class.getName() +
                    ": the build writes it (control-agent/pom.xml, src/main/resources-filtered)");
            }
            final Properties properties = new Properties();
            properties.load(in);
            final String version = properties.getProperty("version", "").strip();
            if (version.isEmpty() || version.contains("${"))
            {
                throw new IllegalStateException(RESOURCE + " holds no version ('" + version + "'): build with Maven");
            }
            return version;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + RESOURCE, ex);
        }
    }
}
