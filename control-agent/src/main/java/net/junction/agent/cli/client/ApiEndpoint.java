/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a client command sends its requests: a router's local UNIX socket
 * ({@code /run/junction/NAME/api.sock}, admin for root), or a remote {@code https://HOST:PORT}
 * with a bearer token.
 *
 * @param socket  the UNIX socket, or empty for a TCP endpoint.
 * @param baseUri {@code http://localhost} on the socket, else the {@code --api} URL without a trailing slash.
 * @param token   the bearer token, if one was given.
 */
record ApiEndpoint(Optional<Path> socket, URI baseUri, Optional<String> token)
{
    /** Where {@code junction run} puts a router's run directory. */
    static final Path RUN_ROOT = Path.of("/run/junction");
    static final String SOCKET_NAME = "api.sock";
    static final String ENV_API = "JUNCTION_API";
    static final String ENV_TOKEN = "JUNCTION_TOKEN";

    /**
     * Picks the endpoint from the options, then the environment: {@code --socket}, {@code --api}
     * (or {@code JUNCTION_API}), {@code --name}, else the only router that has a socket under the run root.
     *
     * @throws CliFailure exit 3 when no router runs there, exit 2 when the choice is ambiguous or malformed.
     */
    static ApiEndpoint resolve(
        final String name, final String api, final String token, final Path socket, final Map<String, String> env,
        final Path runRoot)
    {
        final Optional<String> bearer = Optional.ofNullable(token).or(() -> Optional.ofNullable(env.get(ENV_TOKEN)))
            .filter(t -> !t.isBlank());
        if (socket != null)
        {
            return local(socket, bearer);
        }
        final String url = api != null ? api : name == null ? env.get(ENV_API) : null;
        if (url != null && !url.isBlank())
        {
            final URI uri;
            try
            {
                uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CliFailure(CliFailure.USAGE, "--api: not a URL: " + url);
            }
            // TLS only: a bearer token must not cross a network in clear (the API listens on TCP with TLS only).
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null)
            {
                throw new CliFailure(CliFailure.USAGE, "--api: want https://HOST:PORT, not " + url);
            }
            return new ApiEndpoint(Optional.empty(), uri, bearer);
        }
        if (name != null)
        {
            final Path path = runRoot.resolve(name).resolve(SOCKET_NAME);
            if (!Files.exists(path))
            {
                throw new CliFailure(CliFailure.NOT_RUNNING, "no router named '" + name + "' is running (no " + path + ")");
            }
            return local(path, bearer);
        }
        final List<Path> found;
        try (Stream<Path> dirs = Files.isDirectory(runRoot) ? Files.list(runRoot) : Stream.empty())
        {
            found = dirs.map(d -> d.resolve(SOCKET_NAME)).filter(Files::exists).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new CliFailure(CliFailure.NOT_RUNNING, "cannot list " + runRoot + ": " + ex.getMessage());
        }
        if (found.isEmpty())
        {
            throw new CliFailure(CliFailure.NOT_RUNNING, "no router is running (no " + runRoot + "/*/" + SOCKET_NAME + ")");
        }
        if (found.size() > 1)
        {
            throw new CliFailure(CliFailure.USAGE, "several routers run; choose one with --name: " +
                String.join(", ", found.stream().map(p -> p.getParent().getFileName().toString()).toList()));
        }
        return local(found.getFirst(), bearer);
    }

    private static ApiEndpoint local(final Path socket, final Optional<String> token)
    {
        return new ApiEndpoint(Optional.of(socket), URI.create("http://localhost"), token);
    }

    /** @return what to name in messages: the socket or the URL. */
    String describe()
    {
        return socket.map(Path::toString).orElse(baseUri.toString());
    }
}
