/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import static net.junction.agent.api.ApiFixture.DOCUMENT;
import static net.junction.agent.api.ApiFixture.commitBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import net.junction.agent.api.CliEndpointsTest.Printed;
import net.junction.agent.journal.RouteJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin client ({@code target/junction-show}, built from {@code src/main/c/junction-show.c} by the
 * build) against a real {@link ApiServer} on a temp socket: it prints what the JVM client prints,
 * byte for byte, and exits with its code; it falls back (exit 100, nothing printed) where the JVM
 * client must run the command; and the launcher runs the JVM client then, and only then.
 */
class ThinShowClientTest
{
    static final Path BINARY = Path.of("target", "junction-show");
    static final Path LAUNCHER = Path.of("..", "junction");
    static final int FALLBACK = 100;

    @TempDir
    Path temp;
    private ApiFixture api;
    private RouteJournal journal;
    private Path socket;

    @BeforeEach
    void start() throws Exception
    {
        assertTrue(Files.isExecutable(BINARY), BINARY.toAbsolutePath() + " is missing: the build makes it (build-cli.sh)");
        api = ApiFixture.start(temp);
        assertEquals(201, api.post("/v1/commits", commitBody(DOCUMENT, 0, "first")).status());
        journal = JournalFixture.filled(temp.resolve("router-state"));
        api.router.journal = journal;
        socket = api.server.socket().orElseThrow();
    }

    @AfterEach
    void stop() throws Exception
    {
        api.close();
        journal.close();
    }

    /** A process's output as bytes (compared as such) and its exit code. */
    record Run(int exit, byte[] stdout, byte[] stderr)
    {
        Printed text()
        {
            return new Printed(exit, new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
        }
    }

    /** Runs a command with a clean environment (no colour hints, no remote router) plus {@code env}. */
    static Run run(final List<String> command, final Map<String, String> env) throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(command);
        for (final String name : List.of("NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "COLUMNS", "JUNCTION_API", "JUNCTION_TOKEN",
            "JUNCTION_THIN_CLI", "JUNCTION_THIN_DEBUG"))
        {
            builder.environment().remove(name);
        }
        builder.environment().putAll(env);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        final Process process = builder.start();
        final CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return process.getErrorStream().readAllBytes();
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        final byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "ended: " + command);
        return new Run(process.exitValue(), out, err.get(60, TimeUnit.SECONDS));
    }

    private Run thin(final List<String> argv, final Map<String, String> env) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(argv);
        return run(command, env);
    }

    private static List<String> with(final List<String> argv, final String... more)
    {
        final List<String> all = new ArrayList<>(argv);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void shouldPrintWhatTheJvmClientPrintsByteForByte() throws Exception
    {
        for (final List<String> argv : CliEndpointsTest.COMMANDS)
        {
            final Run thin = thin(with(argv, "--socket", socket.toString()), Map.of());
            final Printed jvm = CliEndpointsTest.jvm(socket, argv);
            assertEquals(jvm, thin.text(), String.join(" ", argv));
            assertTrue(java.util.Arrays.equals(jvm.stdout().getBytes(StandardCharsets.UTF_8), thin.stdout()), String.join(" ", argv));
        }
        // The socket named as the options name it: --socket=PATH too.
        final Run equals = thin(List.of("show", "neighbors", "--socket=" + socket), Map.of());
        assertEquals(CliEndpointsTest.jvm(socket, List.of("show", "neighbors")), equals.text());
    }

    @Test
    void shouldAskForStylesOnlyWhereTheJvmClientWouldUseThem() throws Exception
    {
        final List<String> usage = List.of("show", "route", "--socket", socket.toString());
        final Run plain = thin(usage, Map.of());
        assertEquals(2, plain.exit());
        assertTrue(!plain.text().stderr().contains("\u001b[") && plain.text().stderr().startsWith("Missing required parameter"),
            plain.text().stderr());
        final Run forced = thin(usage, Map.of("CLICOLOR_FORCE", "1"));
        assertTrue(forced.text().stderr().startsWith("\u001b[31m\u001b[1mMissing required parameter"), forced.text().stderr());
        final Run vetoed = thin(usage, Map.of("CLICOLOR_FORCE", "1", "NO_COLOR", "1"));
        assertEquals(plain.text(), vetoed.text());
    }

    @Test
    void shouldFallBackWithoutPrintingWhereTheJvmClientMustRunIt() throws Exception
    {
        final Map<String, String> debug = Map.of("JUNCTION_THIN_DEBUG", "1");
        final List<List<String>> cases = List.of(
            List.of("show", "status", "--socket", temp.resolve("none.sock").toString()),
            List.of("show", "status", "--api", "https://192.0.2.1:8443"),
            List.of("show", "status", "--name", "no-such-router-" + ProcessHandle.current().pid()),
            List.of("config", "history", "--socket", socket.toString()),
            List.of("show", "status", "--socket"));
        for (final List<String> argv : cases)
        {
            final Run quiet = thin(argv, Map.of());
            assertEquals(FALLBACK, quiet.exit(), argv.toString());
            assertEquals(0, quiet.stdout().length + quiet.stderr().length, argv + " prints nothing");
            final Run told = thin(argv, debug);
            assertEquals(FALLBACK, told.exit());
            assertTrue(told.text().stderr().startsWith("junction-show: falling back to the JVM client: "), told.text().stderr());
        }
        // $JUNCTION_API names a remote router unless --name or --socket says otherwise.
        assertEquals(FALLBACK, thin(List.of("show", "status"), Map.of("JUNCTION_API", "https://192.0.2.1:8443")).exit());
        assertEquals(0, thin(List.of("show", "status", "--socket", socket.toString()),
            Map.of("JUNCTION_API", "https://192.0.2.1:8443")).exit());
    }

    @Test
    void shouldFallBackWhenTheRouterDoesNotKnowTheEndpoint() throws Exception
    {
        // An older router: its API answers 404 for POST /v1/cli, as ApiHandler does for any unknown route.
        final Path old = temp.resolve("old.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            server.bind(UnixDomainSocketAddress.of(old));
            final String problem = "{\"status\":404,\"reason\":\"not-found\",\"detail\":\"no route /v1/cli\"}";
            final CompletableFuture<String> asked = CompletableFuture.supplyAsync(() -> answerOnce(server,
                "HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\nContent-Length: " + problem.length() +
                    "\r\n\r\n" + problem));
            final Run run = thin(List.of("show", "status", "--socket", old.toString()), Map.of("JUNCTION_THIN_DEBUG", "1"));
            assertEquals(FALLBACK, run.exit(), run.text().toString());
            assertEquals("junction-show: falling back to the JVM client: the router answered 404\n", run.text().stderr());
            final String request = asked.get(10, TimeUnit.SECONDS);
            assertTrue(request.startsWith("POST /v1/cli HTTP/1.1\r\n"), request);
            assertTrue(request.endsWith("{\"argv\":[\"show\",\"status\",\"--socket\",\"" + old + "\"],\"ansi\":false}"), request);
        }
    }

    /** Reads one request (up to its body, by Content-Length), answers {@code answer}, closes. */
    private static String answerOnce(final ServerSocketChannel server, final String answer)
    {
        try (SocketChannel client = server.accept())
        {
            final ByteArrayOutputStreamWithText seen = new ByteArrayOutputStreamWithText();
            final ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (!seen.complete() && client.read(buffer.clear()) > 0)
            {
                seen.write(buffer.array(), 0, buffer.position());
            }
            client.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
            return seen.text();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** A request read so far; complete when its body is all there. */
    private static final class ByteArrayOutputStreamWithText extends java.io.ByteArrayOutputStream
    {
        String text()
        {
            return toString(StandardCharsets.UTF_8);
        }

        boolean complete()
        {
            final String text = text();
            final int head = text.indexOf("\r\n\r\n");
            final java.util.regex.Matcher length = java.util.regex.Pattern.compile("Content-Length: (\\d+)").matcher(text);
            return head >= 0 && length.find() && text.length() - head - 4 >= Integer.parseInt(length.group(1));
        }
    }

    /**
     * The real launcher ({@code ./junction}) in a temp home: the thin client linked in where the build
     * puts it, and a stub {@code scripts/lib.sh} whose run_client stands in for the JVM client (it
     * prints its arguments and exits 7) and which never builds (the tests run before the jar exists).
     */
    private Path launcher() throws IOException
    {
        final Path home = temp.resolve("home");
        Files.createDirectories(home.resolve("scripts"));
        Files.createDirectories(home.resolve("control-agent").resolve("target"));
        final Path launcher = Files.copy(LAUNCHER, home.resolve("junction"));
        Files.writeString(home.resolve("scripts").resolve("lib.sh"), """
            JUNCTION_AGENT_JAR="$JUNCTION_HOME/scripts/lib.sh"
            build_if_needed() { echo "build" >&2; exit 9; }
            run_client() { echo "jvm client: $*"; exit 7; }
            """);
        Files.createSymbolicLink(home.resolve("control-agent").resolve("target").resolve("junction-show"), BINARY.toAbsolutePath());
        return launcher;
    }

    @Test
    void shouldRunTheJvmClientFromTheLauncherOnlyWhenTheThinClientFallsBack() throws Exception
    {
        final String junction = launcher().toString();
        final Run thin = run(List.of(junction, "show", "neighbors", "--socket", socket.toString()), Map.of());
        assertEquals(CliEndpointsTest.jvm(socket, List.of("show", "neighbors")), thin.text());

        final Run usage = run(List.of(junction, "show", "route", "--socket", socket.toString()), Map.of());
        assertEquals(2, usage.exit(), "the command's own exit code: " + usage.text());
        assertEquals(CliEndpointsTest.jvm(socket, List.of("show", "route")), usage.text());

        final String none = temp.resolve("none.sock").toString();
        final Run fellBack = run(List.of(junction, "show", "neighbors", "--socket", none), Map.of());
        assertEquals(new Printed(7, "jvm client: show neighbors --socket " + none + "\n", ""), fellBack.text());

        final Run off = run(List.of(junction, "show", "neighbors", "--socket", socket.toString()), Map.of("JUNCTION_THIN_CLI", "0"));
        assertEquals(new Printed(7, "jvm client: show neighbors --socket " + socket + "\n", ""), off.text());

        final Run config = run(List.of(junction, "config", "history", "--socket", socket.toString()), Map.of());
        assertEquals(new Printed(7, "jvm client: config history --socket " + socket + "\n", ""), config.text(),
            "only show goes to the thin client");

        Files.delete(temp.resolve("home").resolve("control-agent").resolve("target").resolve("junction-show"));
        final Run unbuilt = run(List.of(junction, "show", "neighbors", "--socket", socket.toString()), Map.of());
        assertEquals(new Printed(7, "jvm client: show neighbors --socket " + socket + "\n", ""), unbuilt.text());
    }
}
