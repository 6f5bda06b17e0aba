/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;

import net.junction.agent.api.UnixSocketForwarder;
import net.junction.bgp.interop.Netns;

/**
 * {@link McpSessionIT}'s steps, the same {@link McpSessionSteps} on a router of its own, with the SDK's
 * client over streamable HTTP ({@code HttpClientStreamableHttpTransport}) to the router's {@code /mcp}
 * (docs/mcp.md, "Over HTTP") instead of {@code junction mcp} over stdio:
 * <ul>
 * <li>the admin sessions (agent-1, agent-2) on the router's UNIX socket, as root, through a
 * {@link UnixSocketForwarder} (the JDK's HTTP client, under the SDK's transport, opens no UNIX socket);</li>
 * <li>the read token's session on the API's TCP listener, TLS with {@code Authorization: Bearer}, the
 * certificate checked against the listener's address. The listener is in the router's namespace: the
 * test reaches it over a veth pair from its own namespace (the machine's) to the router's,
 * {@value #LINK_HOST}/30 here and {@value #LINK_ROUTER} there, on which the API listens. The pair is made
 * before the router starts and deleted at the end, failed or not; it goes with the router's namespace
 * anyway (a veth's two ends are deleted together), and a killed run's namespace is swept by the next.
 * Nothing else is routed over it: its addresses are the only ones, IPv6 off on both ends.</li>
 * </ul>
 * The transcript goes to {@code target/mcp-session/transcript-http.json}. About a minute and a half.
 * Needs what {@link McpSessionIT} needs; router {@value #NAME_HTTP}, namespaces its own.
 */
class McpHttpSessionIT extends McpSessionIT
{
    static final String NAME_HTTP = "its-mcp-http";
    /** The veth from the test's namespace to the router's: 198.18.53.0/30, the router's end .2. */
    static final String LINK_HOST = "198.18.53.1";
    static final String LINK_ROUTER = "198.18.53.2";
    static final String API_TCP_HTTP = LINK_ROUTER + ":8443";
    /** The router's end of the veth. */
    private static final String ROUTER_IF = "mcpapi";
    private static final Duration COMMAND = Duration.ofSeconds(10);

    private UnixSocketForwarder toSocket;

    @Override
    protected String routerName()
    {
        return NAME_HTTP;
    }

    /** The veth to the router's namespace, the API listening on its end. */
    @Override
    protected String apiListener(final Netns router)
    {
        // In the test's namespace, named for this JVM like the namespaces (at most 15 characters).
        final String hostIf = Netns.PREFIX.replace("-", "") + ProcessHandle.current().pid() + "mcp";
        Netns.run(COMMAND, "ip", "link", "add", "name", hostIf, "type", "veth", "peer", "name", ROUTER_IF,
            "netns", router.name()).orThrow("veth " + hostIf + " <-> " + router + "/" + ROUTER_IF);
        transportResources.add(() -> deleteLink(hostIf));
        // No IPv6 (no link-local addresses), before the links are up.
        Netns.run(COMMAND, "sysctl", "-qw", "net.ipv6.conf." + hostIf + ".disable_ipv6=1").orThrow("sysctl " + hostIf);
        router.exec(COMMAND, "sysctl", "-qw", "net.ipv6.conf." + ROUTER_IF + ".disable_ipv6=1").orThrow("sysctl " + ROUTER_IF);
        Netns.run(COMMAND, "ip", "addr", "add", LINK_HOST + "/30", "dev", hostIf).orThrow("address " + LINK_HOST + " on " + hostIf);
        Netns.run(COMMAND, "ip", "link", "set", hostIf, "up").orThrow("ip link set " + hostIf + " up");
        router.ip("addr", "add", LINK_ROUTER + "/30", "dev", ROUTER_IF);
        router.ip("link", "set", ROUTER_IF, "up");
        return API_TCP_HTTP;
    }

    private static void deleteLink(final String hostIf)
    {
        if (Netns.run(COMMAND, "ip", "link", "show", hostIf).ok())
        {
            Netns.run(COMMAND, "ip", "link", "del", hostIf).orThrow("ip link del " + hostIf);
        }
    }

    @Override
    protected void writeRecords() throws IOException
    {
        transcript.write(OUT.resolve("transcript-http.json"));
    }

    /** Over streamable HTTP on the router's UNIX socket (through the forwarder), as root (admin). */
    @Override
    protected McpSyncClient adminSession(final String name)
    {
        try
        {
            if (null == toSocket)
            {
                toSocket = UnixSocketForwarder.to(ApiClient.socketOf(NAME_HTTP));
                transportResources.add(toSocket);
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("a loopback port for " + ApiClient.socketOf(NAME_HTTP), ex);
        }
        return session(name, "streamable HTTP, " + toSocket.url() + "/mcp: a loopback port spliced to the router's UNIX socket "
                + ApiClient.socketOf(NAME_HTTP) + ", as root (admin)",
            transport(toSocket.url(), HttpClient.newBuilder(), HttpRequest.newBuilder()));
    }

    /** Over streamable HTTP on the API's TCP listener, TLS, the token as a bearer token. */
    @Override
    protected McpSyncClient tokenSession(final String name, final String tokenName, final String secret)
    {
        final String url = "https://" + API_TCP_HTTP;
        return session(name, "streamable HTTP, " + url + "/mcp with Authorization: Bearer <the read token " + tokenName
                + ">, over a veth from the test's namespace to the router's (the API's TCP listener)",
            transport(url, HttpClient.newBuilder().sslContext(trustingTheApiCertificate()),
                HttpRequest.newBuilder().header("Authorization", "Bearer " + secret)));
    }

    private HttpClientStreamableHttpTransport transport(final String url, final HttpClient.Builder client,
        final HttpRequest.Builder request)
    {
        return HttpClientStreamableHttpTransport.builder(url)
            .endpoint("/mcp")
            .clientBuilder(client.connectTimeout(McpSessionSteps.T))
            .requestBuilder(request)
            .jsonMapper(mcpJson)
            .build();
    }

    /** TLS trusting the run's self-signed certificate (only it), whose name is the listener's address. */
    private SSLContext trustingTheApiCertificate()
    {
        try (InputStream in = Files.newInputStream(work.resolve("api-cert.pem")))
        {
            final KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("junction-api", CertificateFactory.getInstance("X.509").generateCertificate(in));
            final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new IllegalStateException("trusting " + work.resolve("api-cert.pem"), ex);
        }
    }
}
