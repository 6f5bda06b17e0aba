/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.nio.file.Files;
import java.nio.file.Path;

import net.junction.agent.cli.client.JunctionCli;

/**
 * A real API server over a {@link FakeRouter} with a committed document, serving until killed: to
 * time a show command, thin or JVM client, against a running API without a data plane (docs/cli.md).
 * <pre>
 * java -cp "control-agent/target/test-classes:control-agent/target/classes:control-agent/target/lib/*" \
 *   net.junction.agent.api.FakeRouterApi /tmp/fake      # socket: /tmp/fake/run/api.sock
 * </pre>
 */
final class FakeRouterApi
{
    private FakeRouterApi()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path root = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "/tmp/junction-fake-api"));
        try (ApiFixture api = ApiFixture.start(root))
        {
            if (api.post("/v1/commits", ApiFixture.commitBody(ApiFixture.DOCUMENT, 0, "serve")).status() != 201)
            {
                throw new IllegalStateException("cannot commit the fixture's document");
            }
            JunctionCli.warmUpInBackground(); // as the router does once its API listens
            System.out.println("serving on " + api.server.socket().orElseThrow());
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
