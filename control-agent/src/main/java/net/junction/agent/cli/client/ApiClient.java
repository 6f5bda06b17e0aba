/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The CLI's HTTP client of the router's API: Jetty 12's {@link HttpClient}, over the router's UNIX
 * socket ({@link Transport.TCPUnix}) or TCP with TLS. One client per command run: it is made for a
 * handful of requests, so its thread pool is small and it never keeps a connection pool warm.
 * Inside the router ({@code POST /v1/cli}) it has no connection: each request is a call of an
 * {@link InProcessApi}, answered as the same request on a listener would be.
 */
final class ApiClient implements AutoCloseable
{
    /** Largest answer read: a whole running document (16 MiB) with room to spare. */
    static final int MAX_RESPONSE_BYTES = 64 << 20;
    static final long CONNECT_TIMEOUT_MS = 5_000;

    private final ApiEndpoint endpoint;
    private final long timeoutSeconds;
    private final HttpClient http;
    private final Transport transport;
    /** Non-null inside the router: no connection, each request a call ({@link JunctionCli#runInRouter}). */
    private final InProcessApi inProcess;

    /** A client of the API inside the router: every request goes to {@code api}. */
    ApiClient(final InProcessApi api)
    {
        this.endpoint = null;
        this.timeoutSeconds = 0;
        this.http = null;
        this.transport = null;
        this.inProcess = api;
    }

    /**
     * @param endpoint       where.
     * @param timeoutSeconds for a whole request and its answer.
     * @param caCertificates PEM file of certificates to trust for {@code https}, or null for the JDK's.
     * @param insecure       trust any certificate and any host name ({@code https} only; for tests and labs).
     */
    ApiClient(final ApiEndpoint endpoint, final long timeoutSeconds, final Path caCertificates, final boolean insecure)
    {
        quietJetty();
        this.endpoint = endpoint;
        this.timeoutSeconds = timeoutSeconds;
        this.inProcess = null;
        final boolean https = "https".equals(endpoint.baseUri().getScheme());
        // Jetty makes a TLS context on start even for plain HTTP, and loads the JDK's trust store
        // into it (a tenth of a second): none without https.
        final ClientConnector connector = https ? new ClientConnector() : new ClientConnector()
        {
            @Override
            protected SslContextFactory.Client newSslContextFactory()
            {
                return null;
            }
        };
        connector.setSelectors(1);
        connector.setConnectTimeout(java.time.Duration.ofMillis(CONNECT_TIMEOUT_MS));
        if (https)
        {
            connector.setSslContextFactory(tls(caCertificates, insecure));
        }
        final QueuedThreadPool threads = new QueuedThreadPool(8, 1);
        threads.setName("junction-cli");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        connector.setExecutor(threads);
        this.http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(threads);
        http.setFollowRedirects(false);
        http.setUserAgentField(null);
        this.transport = endpoint.socket().<Transport>map(Transport.TCPUnix::new).orElse(Transport.TCP_IP);
        try
        {
            http.start();
        }
        catch (final Exception ex)
        {
            throw new CliFailure(CliFailure.FAILED, "cannot start the HTTP client: " + ex);
        }
    }

    /** Set before Jetty's first class is initialised; only in a client process (never in the router, which has its own). */
    private static void quietJetty()
    {
        // Jetty logs through SLF4J; with no provider on the class path it would warn on every run.
        if (System.getProperty("slf4j.internal.verbosity") == null)
        {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        // Without it, Jetty's MemoryUtils asks the platform MBean server whether oops are compressed:
        // JMX's start-up costs a client some 600 classes and a third of a second. 64-byte cache lines
        // hold 16 compressed references, the answer on every 64-bit JVM with a heap under 32 GiB.
        if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null)
        {
            System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        }
    }

    ApiResponse get(final String path)
    {
        return send(HttpMethod.GET, path, null, null);
    }

    ApiResponse delete(final String path)
    {
        return send(HttpMethod.DELETE, path, null, null);
    }

    ApiResponse postJson(final String path, final String json)
    {
        return send(HttpMethod.POST, path, json, "application/json");
    }

    /**
     * @param body        request body, or null for none.
     * @param contentType its media type.
     * @throws CliFailure exit 3 when nothing answers, exit 1 when the exchange fails otherwise.
     */
    ApiResponse send(final HttpMethod method, final String path, final String body, final String contentType)
    {
        return send(method, path, body, contentType, java.util.Map.of());
    }

    /**
     * @param headers more request headers ({@code X-Junction-Agent} from {@code junction mcp}).
     * @see #send(HttpMethod, String, String, String)
     */
    ApiResponse send(
        final HttpMethod method, final String path, final String body, final String contentType,
        final java.util.Map<String, String> headers)
    {
        if (null != inProcess)
        {
            return inProcess.exchange(method.asString(), path, body, contentType, headers);
        }
        final Request request = http.newRequest(endpoint.baseUri().resolve(path))
            .transport(transport)
            .method(method)
            .timeout(timeoutSeconds, TimeUnit.SECONDS)
            .headers(h ->
            {
                h.put(HttpHeader.ACCEPT, "application/json, application/problem+json;q=0.9, */*;q=0.5");
                endpoint.token().ifPresent(t -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + t));
                headers.forEach(h::put);
            });
        if (body != null)
        {
            request.body(new StringRequestContent(contentType, body, java.nio.charset.StandardCharsets.UTF_8));
        }
        final CompletableFuture<ContentResponse> sent = new CompletableResponseListener(request, MAX_RESPONSE_BYTES).send();
        try
        {
            final ContentResponse response = sent.get(timeoutSeconds + 1, TimeUnit.SECONDS);
            return ApiResponse.of(response.getStatus(), response.getMediaType(), response.getContentAsString(),
                response.getHeaders().get(HttpHeader.ETAG));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new CliFailure(CliFailure.FAILED, "interrupted");
        }
        catch (final TimeoutException ex)
        {
            sent.cancel(true);
            throw new CliFailure(CliFailure.FAILED, endpoint.describe() + ": no answer in " + timeoutSeconds + " s");
        }
        catch (final ExecutionException ex)
        {
            throw failure(ex.getCause() == null ? ex : ex.getCause());
        }
    }

    /**
     * A {@code GET} whose 2xx body is streamed into {@code sink} as it arrives (an MRT dump: never held whole);
     * any other answer (a problem) is read as text and returned for {@link JunctionCli#expect}.
     *
     * @return the answer; its body is empty for a 2xx one (it went to {@code sink}).
     * @throws CliFailure exit 3 when nothing answers, exit 1 when the exchange fails or is cut short; inside the
     *                    router, where there is no connection to stream from.
     */
    ApiResponse download(final String path, final OutputStream sink)
    {
        if (null != inProcess)
        {
            throw new CliFailure(CliFailure.FAILED, "GET " + path + " streams a file: it needs a connection to the API");
        }
        final InputStreamResponseListener listener = new InputStreamResponseListener();
        http.newRequest(endpoint.baseUri().resolve(path))
            .transport(transport)
            .method(HttpMethod.GET)
            .timeout(timeoutSeconds, TimeUnit.SECONDS)
            .headers(h ->
            {
                h.put(HttpHeader.ACCEPT, "application/octet-stream, application/gzip, application/problem+json;q=0.9");
                endpoint.token().ifPresent(t -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + t));
            })
            .send(listener);
        try
        {
            final Response response = listener.get(timeoutSeconds + 1, TimeUnit.SECONDS);
            final String contentType = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
            try (InputStream in = listener.getInputStream())
            {
                if (response.getStatus() / 100 == 2)
                {
                    in.transferTo(sink);
                    return ApiResponse.of(response.getStatus(), contentType, "", null);
                }
                return ApiResponse.of(response.getStatus(), contentType,
                    new String(in.readNBytes(MAX_RESPONSE_BYTES), java.nio.charset.StandardCharsets.UTF_8), null);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new CliFailure(CliFailure.FAILED, "interrupted");
        }
        catch (final TimeoutException ex)
        {
            throw new CliFailure(CliFailure.FAILED, endpoint.describe() + ": no answer in " + timeoutSeconds + " s");
        }
        catch (final ExecutionException ex)
        {
            throw failure(ex.getCause() == null ? ex : ex.getCause());
        }
        catch (final IOException ex)
        {
            throw new CliFailure(CliFailure.FAILED, endpoint.describe() + ": the answer was cut short: " + ex.getMessage());
        }
    }

    private CliFailure failure(final Throwable cause)
    {
        boolean denied = false;
        boolean refused = false;
        boolean timedOut = false;
        for (Throwable t = cause; t != null; t = t.getCause())
        {
            final String message = String.valueOf(t.getMessage());
            denied |= t instanceof AccessDeniedException || message.contains("Permission denied");
            refused |= t instanceof ConnectException || t instanceof ClosedChannelException ||
                t instanceof java.nio.file.NoSuchFileException || t instanceof java.net.SocketException &&
                (message.contains("Could not connect") || message.contains("Connection refused") ||
                    message.contains("No such file"));
            timedOut |= t instanceof TimeoutException;
        }
        final boolean noSocket = endpoint.socket().map(s -> !Files.exists(s)).orElse(false);
        if (denied)
        {
            return new CliFailure(CliFailure.FAILED, endpoint.describe() +
                ": permission denied (the socket is root's: run as root, or use --api URL --token T)");
        }
        if (refused || noSocket)
        {
            return new CliFailure(CliFailure.NOT_RUNNING, "no router answers at " + endpoint.describe() +
                (noSocket ? " (no such socket)" : ""));
        }
        if (timedOut)
        {
            return new CliFailure(CliFailure.FAILED, endpoint.describe() + ": no answer in " + timeoutSeconds + " s");
        }
        return new CliFailure(CliFailure.FAILED, endpoint.describe() + ": " + cause);
    }

    private static SslContextFactory.Client tls(final Path caCertificates, final boolean insecure)
    {
        final SslContextFactory.Client tls = new SslContextFactory.Client(insecure);
        if (insecure)
        {
            tls.setEndpointIdentificationAlgorithm(null);
        }
        else if (caCertificates != null)
        {
            try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(caCertificates)))
            {
                final KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (final Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in))
                {
                    trust.setCertificateEntry("ca" + i++, c);
                }
                if (i == 0)
                {
                    throw new CliFailure(CliFailure.USAGE, "--cacert: no certificate in " + caCertificates);
                }
                tls.setTrustStore(trust);
            }
            catch (final IOException | GeneralSecurityException ex)
            {
                throw new CliFailure(CliFailure.USAGE, "--cacert: cannot read " + caCertificates + ": " + ex.getMessage());
            }
        }
        return tls;
    }

    @Override
    public void close()
    {
        if (null == http)
        {
            return;
        }
        try
        {
            http.stop();
        }
        catch (final Exception ignored)
        {
            // the process ends next
        }
    }
}
