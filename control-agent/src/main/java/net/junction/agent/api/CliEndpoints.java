/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import net.junction.agent.cli.client.ApiResponse;
import net.junction.agent.cli.client.InProcessApi;
import net.junction.agent.cli.client.JunctionCli;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code POST /v1/cli}: a {@code junction show ...} command run inside the router, as BIRD runs
 * what {@code birdc} sends it (docs/cli.md "How show runs", docs/api.md "CLI"). The thin client
 * ({@code junction-show}, C) sends the command line; the router parses and renders it with the
 * CLI's own command tree ({@link JunctionCli#runInRouter}: one parser, one renderer) and answers
 * what the command printed and its exit code. A client process would pay a JVM's start-up for
 * the same bytes.
 * <p>
 * The command's requests are made in-process as this request's caller ({@link ApiHandler#dispatch}):
 * routed, authorized and audited as if the client had sent them itself, so a {@code read} token
 * sees what it would see, and its {@code --json} output is the API's bytes as a listener sends them.
 * <p>
 * Only {@code show} commands: they read the API and nothing else (no local file, no write). Any
 * other command line is refused (422 {@code not-show}), and the thin client runs the JVM client.
 * Bounded: {@value #MAX_ARGS} arguments of {@value #MAX_ARGS_CHARS} characters in all; output of at
 * most {@link #maxOutputBytes} (422 {@code output-too-large}: a big table is the JVM client's, which
 * streams it); no request of the command starts after {@link #maxCommandMs} (503
 * {@code command-too-long}); at most {@value #MAX_RUNNING} commands at once (503 {@code busy} after
 * waiting {@value #BUSY_WAIT_MS} ms for one to end). Each request of a command is bounded by the
 * router call it makes.
 * <p>
 * Runs on the request's (virtual) thread, never on the BGP or data-plane threads.
 */
final class CliEndpoints
{
    static final String PATH = "/v1/cli";
    static final int MAX_ARGS = 256;
    static final int MAX_ARGS_CHARS = 64 * 1024;
    /** What a command may print (stdout and stderr together) before it is stopped. */
    static final int MAX_OUTPUT_BYTES = 4 << 20;
    /** After this long, a command makes no more requests: it is stopped. */
    static final long MAX_COMMAND_MS = 30_000;
    static final int MAX_RUNNING = 8;
    static final long BUSY_WAIT_MS = 2_000;
    static final int MAX_COLUMNS = 10_000;

    /**
     * What a command printed, and its exit code.
     *
     * @param exit   the exit code the JVM client would exit with (docs/cli.md).
     * @param stdout what it printed on standard output, whole.
     * @param stderr what it printed on standard error.
     */
    record CliResult(int exit, String stdout, String stderr)
    {
    }

    private final int maxOutputBytes;
    private final long maxCommandMs;
    private final Semaphore running = new Semaphore(MAX_RUNNING);
    private volatile ApiHandler handler;

    CliEndpoints()
    {
        this(MAX_OUTPUT_BYTES, MAX_COMMAND_MS);
    }

    /** With other bounds, for tests. */
    CliEndpoints(final int maxOutputBytes, final long maxCommandMs)
    {
        this.maxOutputBytes = maxOutputBytes;
        this.maxCommandMs = maxCommandMs;
    }

    List<Endpoint> endpoints()
    {
        return List.of(Endpoint.read("POST", PATH, Role.READ, this::run));
    }

    /** The handler the commands' requests go through. */
    void start(final ApiHandler apiHandler)
    {
        this.handler = apiHandler;
    }

    private Answer run(final ApiRequest request) throws Exception
    {
        request.queryAllows();
        final ApiRequest.JsonBody body = request.jsonBody("argv", "columns", "ansi");
        final String[] argv = argv(body);
        // The client's terminal width: read and checked, used by no renderer yet (tables are as wide as
        // their cells, picocli's help is 80 columns wide, in the JVM client too).
        body.integer("columns", 1, MAX_COLUMNS);
        final boolean ansi = body.bool("ansi").orElse(false);
        if (!JunctionCli.isShow(argv))
        {
            throw new ApiException(Problem.of(422, "not-show", "only show commands run in the router",
                "argv: '" + String.join(" ", argv) + "' is not a show command; run it with the JVM client",
                List.of(new Problem.FieldError("argv", "not a show command"))));
        }
        for (final String arg : argv)
        {
            if (arg.equals("--"))
            {
                break;
            }
            if (arg.equals("--api") || arg.startsWith("--api="))
            {
                throw new ApiException(Problem.of(422, "not-show", "only show commands of this router run in it",
                    "argv: --api names another router's API; run it with the JVM client",
                    List.of(new Problem.FieldError("argv", "--api names another router"))));
            }
        }
        if (!running.tryAcquire(BUSY_WAIT_MS, TimeUnit.MILLISECONDS))
        {
            throw new ApiException(Problem.of(503, "busy", "too many CLI commands are running",
                "at most " + MAX_RUNNING + " commands run in the router at once; run it with the JVM client or retry",
                List.of()), Map.of("Retry-After", "1"));
        }
        try
        {
            return Answer.ok(execute(request.caller(), argv, ansi));
        }
        finally
        {
            running.release();
        }
    }

    private CliResult execute(final Caller caller, final String[] argv, final boolean ansi)
    {
        final Output output = new Output(maxOutputBytes);
        final ByteArrayOutputStream out = output.stream();
        final ByteArrayOutputStream err = output.stream();
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxCommandMs);
        final AtomicBoolean late = new AtomicBoolean();
        final InProcessApi api = (method, pathAndQuery, requestBody, contentType, headers) ->
        {
            if (output.full())
            {
                throw new Stopped("output larger than " + maxOutputBytes + " bytes");
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                late.set(true);
                throw new Stopped("running longer than " + maxCommandMs + " ms");
            }
            return dispatch(caller, method, pathAndQuery, requestBody, contentType, headers);
        };
        final int exit;
        try (PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, false, StandardCharsets.UTF_8))
        {
            exit = JunctionCli.runInRouter(argv, o, e, ansi, api);
        }
        if (output.full())
        {
            throw new ApiException(Problem.of(422, "output-too-large", "the command's output is too large for the router",
                "the output is larger than " + maxOutputBytes + " bytes; run it with the JVM client, which streams it",
                List.of(new Problem.FieldError("argv", "output larger than " + maxOutputBytes + " bytes"))));
        }
        if (late.get())
        {
            throw new ApiException(Problem.of(503, "command-too-long", "the command ran too long in the router",
                "the command was still running after " + maxCommandMs + " ms; run it with the JVM client", List.of()));
        }
        return new CliResult(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** One request of a command, answered as a listener would answer it (its body the bytes it would send). */
    private ApiResponse dispatch(
        final Caller caller, final String method, final String pathAndQuery, final String body, final String contentType,
        final Map<String, String> headers)
    {
        final HttpFields.Mutable fields = HttpFields.build();
        if (null != contentType)
        {
            fields.put(HttpHeader.CONTENT_TYPE, contentType);
        }
        headers.forEach(fields::put);
        final Answer answer = handler.dispatch(caller, method, pathAndQuery, fields.asImmutable(),
            null == body ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        return ApiResponse.of(answer.status(), answer.mediaType(), answer.bodyText(), answer.headers().get("ETag"));
    }

    private static String[] argv(final ApiRequest.JsonBody body)
    {
        final JsonNode node = body.object().get("argv");
        if (null == node || node.isNull())
        {
            throw ApiException.badRequest("argv", "required: the command line, e.g. [\"show\", \"route\", \"198.18.0.1\"]");
        }
        if (!node.isArray())
        {
            throw ApiException.badRequest("argv", "expected an array of strings");
        }
        if (node.size() > MAX_ARGS)
        {
            throw ApiException.badRequest("argv", "more than " + MAX_ARGS + " arguments");
        }
        final List<String> args = new ArrayList<>(node.size());
        long chars = 0;
        for (final JsonNode arg : node)
        {
            if (!arg.isTextual())
            {
                throw ApiException.badRequest("argv", "expected an array of strings, got " +
                    arg.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            chars += arg.textValue().length();
            args.add(arg.textValue());
        }
        if (chars > MAX_ARGS_CHARS)
        {
            throw ApiException.badRequest("argv", "longer than " + MAX_ARGS_CHARS + " characters");
        }
        return args.toArray(String[]::new);
    }

    /** Stops a command that went past a bound; {@link #execute} answers why. */
    private static final class Stopped extends RuntimeException
    {
        @Serial
        private static final long serialVersionUID = 1L;

        Stopped(final String message)
        {
            super(message, null, false, false);
        }
    }

    /**
     * A command's stdout and stderr with one budget: past it, bytes are dropped and {@link #full()}
     * says so (a {@code PrintStream} would swallow an exception anyway); the command is stopped at
     * its next request.
     */
    private static final class Output
    {
        private final int limit;
        private int written;
        private volatile boolean full;

        Output(final int limit)
        {
            this.limit = limit;
        }

        boolean full()
        {
            return full;
        }

        ByteArrayOutputStream stream()
        {
            return new ByteArrayOutputStream()
            {
                @Override
                public synchronized void write(final int b)
                {
                    if (take(1))
                    {
                        super.write(b);
                    }
                }

                @Override
                public synchronized void write(final byte[] b, final int off, final int len)
                {
                    if (take(len))
                    {
                        super.write(b, off, len);
                    }
                }
            };
        }

        private synchronized boolean take(final int bytes)
        {
            if (full || written + (long)bytes > limit)
            {
                full = true;
                return false;
            }
            written += bytes;
            return true;
        }
    }
}
