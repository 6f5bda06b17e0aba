/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code api:} section: where the router's HTTP API listens. The UNIX socket
 * {@code RUN_DIR/api.sock} is on unless {@code socket: false}; a TCP listener is optional and
 * needs TLS unless it is on a loopback address (bearer tokens must not cross a network in clear).
 *
 * @param socket whether to serve on the run directory's UNIX socket (admin for root).
 * @param listen the TCP address and port, if any.
 * @param tls    the certificate chain and key for the TCP listener, PEM files.
 */
public record ApiConfig(boolean socket, Optional<InetSocketAddress> listen, Optional<Tls> tls)
{
    /** The UNIX socket only. */
    public static final ApiConfig DEFAULTS = new ApiConfig(true, Optional.empty(), Optional.empty());

    public ApiConfig
    {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tls, "tls");
    }

    /**
     * @param certificate PEM: the server certificate first, then its chain.
     * @param key         PEM: its private key, PKCS#8 ({@code BEGIN PRIVATE KEY}).
     */
    public record Tls(Path certificate, Path key)
    {
        public Tls
        {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
        }
    }

    /** @return for a person to read. */
    public String describe()
    {
        return (socket ? "unix socket" : "no unix socket") +
            listen.map(a -> ", tcp " + ListenAddress.format(a) + (tls.isPresent() ? " (tls)" : " (plain, loopback)")).orElse("");
    }
}
