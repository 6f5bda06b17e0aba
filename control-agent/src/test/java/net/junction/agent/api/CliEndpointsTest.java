/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import static net.junction.agent.api.ApiFixture.DOCUMENT;
import static net.junction.agent.api.ApiFixture.commitBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import net.junction.agent.api.ApiFixture.Reply;
import net.junction.agent.cli.client.JunctionCli;
import net.junction.agent.journal.RouteJournal;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/cli}: show commands run in the router print what the JVM client prints for the
 * same command line against the same router (a real {@link ApiServer} over a {@link FakeRouter}),
 * byte for byte, with the same exit code; as the request's caller; anything but a show command refused.
 */
class CliEndpointsTest
{
    /** Each a command line after {@code junction}; the JVM client and the endpoint run each one. */
    static final List<List<String>> COMMANDS = List.of(
        List.of("show", "status"),
        List.of("show", "status", "--json"),
        List.of("show", "interfaces"),
        List.of("show", "interfaces", "p1"),
        List.of("show", "interfaces", "--json"),
        List.of("show", "counters"),
        List.of("show", "routes"),
        List.of("show", "routes", "--json"),
        List.of("show", "routes", "198.18.0.0/16", "--longer", "--limit", "1", "--json"),
        List.of("show", "routes", "--neighbor", "transit1", "--table", "received"),
        List.of("show", "route", "198.18.100.7"),
        List.of("--json", "show", "route", "198.18.100.7"),
        List.of("show", "route", "203.0.113.1"),
        List.of("show", "route", "203.0.113.1", "--json"),
        List.of("show", "route", "198.18.64.0/18", "--explain"),
        List.of("show", "route", "198.18.64.9", "--explain", "--json"),
        List.of("show", "route", "198.18.99.0/24", "--explain"),
        List.of("show", "route", "198.18.64.0/18", "--history", "--limit", "2"),
        List.of("show", "route", "198.18.64.0/18", "--why", "--json"),
        List.of("show", "routes", "--at", "2026-12-06T09:00:07Z"),
        List.of("show", "neighbors"),
        List.of("show", "neighbors", "--json"),
        List.of("show", "neighbor", "transit1"),
        List.of("show", "neighbors", "nope"),
        List.of("show", "neighbors", "nope", "--json"),
        List.of("show", "config"),
        List.of("show", "config", "--json"),
        List.of("show", "arp"),
        List.of("show", "nd", "--json"),
        List.of("show", "arp", "--port", "p9"),
        // bad usage: picocli's own messages, exit 2
        List.of("show", "route"),
        List.of("show", "route", "198.18.100.0/24"),
        List.of("show", "routes", "--limit", "many"),
        List.of("show", "neighbors", "--bogus"),
        List.of("show", "bogus"),
        List.of("show"),
        List.of("show", "route", "--help"));

    @TempDir
    Path temp;
    private ApiFixture api;
    private RouteJournal journal;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception
    {
        for (final AutoCloseable c : closing)
        {
            c.close();
        }
        if (null != api)
        {
            api.close();
        }
        if (null != journal)
        {
            journal.close();
        }
    }

    /** What a command printed, and its exit code. */
    record Printed(int exit, String stdout, String stderr)
    {
    }

    /** The JVM client (its code, in this JVM) on the fixture's socket. */
    static Printed jvm(final Path socket, final List<String> argv)
    {
        final List<String> args = new ArrayList<>(argv);
        args.addAll(List.of("--socket", socket.toString()));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = JunctionCli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Printed(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String body(final List<String> argv, final Object... more)
    {
        final Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("argv", argv);
        for (int i = 0; i + 1 < more.length; i += 2)
        {
            fields.put((String)more[i], more[i + 1]);
        }
        return Json.write(fields);
    }

    private static Printed printed(final Reply reply)
    {
        assertEquals(200, reply.status(), reply.toString());
        assertEquals("application/json", reply.header("Content-Type"));
        final JsonNode result = reply.json();
        assertEquals(3, result.size(), reply.toString());
        return new Printed(result.path("exit").intValue(), result.path("stdout").textValue(), result.path("stderr").textValue());
    }

    /** A fixture with a running document and a route journal, so every show command has something to show. */
    private void startFull(final ApiServer.Options options, final boolean tcp) throws Exception
    {
        api = new ApiFixture(temp, options, tcp);
        assertEquals(201, api.post("/v1/commits", commitBody(DOCUMENT, 0, "first")).status());
        journal = JournalFixture.filled(temp.resolve("router-state"));
        api.router.journal = journal;
    }

    @Test
    void shouldPrintWhatTheJvmClientPrintsForEveryShowCommand() throws Exception
    {
        startFull(ApiServer.Options.defaults(), false);
        final Path socket = api.server.socket().orElseThrow();
        final List<Integer> exits = new ArrayList<>();
        for (final List<String> argv : COMMANDS)
        {
            final List<String> withSocket = new ArrayList<>(argv);
            withSocket.addAll(List.of("--socket", socket.toString()));
            final Printed expected = jvm(socket, argv);
            final Printed got = printed(api.post(CliEndpoints.PATH, body(withSocket, "columns", 120, "ansi", false)));
            assertEquals(expected, got, String.join(" ", argv));
            exits.add(got.exit());
        }
        // The list covers answers, refusals and bad usage.
        assertTrue(exits.contains(0) && exits.contains(1) && exits.contains(2), exits.toString());
        final Printed route = printed(api.post(CliEndpoints.PATH, body(List.of("show", "route", "198.18.100.7"))));
        assertTrue(route.stdout().contains("198.18.100.0/24"), route.stdout());
        final Printed json = printed(api.post(CliEndpoints.PATH, body(List.of("show", "route", "198.18.100.7", "--json"))));
        assertEquals(api.get("/v1/routes/lookup?address=198.18.100.7").body() + "\n", json.stdout(),
            "--json prints the API's bytes as a listener sends them");
        final Printed usage = printed(api.post(CliEndpoints.PATH, body(List.of("show", "route"))));
        assertEquals(2, usage.exit());
        assertTrue(usage.stderr().startsWith("Missing required parameter: 'ADDRESS|PREFIX'\n"), usage.stderr());
        final Printed unknown = printed(api.post(CliEndpoints.PATH, body(List.of("show", "bogus"))));
        assertEquals(2, unknown.exit());
        assertTrue(unknown.stderr().contains("bogus"), unknown.stderr());
    }

    @Test
    void shouldStyleUsageAndErrorsOnlyWhenTheClientsTerminalWould() throws Exception
    {
        startFull(ApiServer.Options.defaults(), false);
        final Printed plain = printed(api.post(CliEndpoints.PATH, body(List.of("show", "route"), "ansi", false)));
        final Printed styled = printed(api.post(CliEndpoints.PATH, body(List.of("show", "route"), "ansi", true)));
        assertFalse(plain.stderr().contains("\u001b["), plain.stderr());
        assertTrue(styled.stderr().startsWith("\u001b[31m\u001b[1mMissing required parameter"), styled.stderr());
        assertEquals(plain.stderr(), styled.stderr().replaceAll("\u001b\\[[0-9;]*m", ""), "the same text, styled");
    }

    @Test
    void shouldRunAsTheCallerAReadTokenMayAndNoTokenMayNot() throws Exception
    {
        startFull(ApiServer.Options.defaults(), true);
        final Reply made = api.post("/v1/tokens", "{\"name\": \"viewer\", \"role\": \"read\"}");
        assertEquals(201, made.status(), made.toString());
        final String read = made.json().path("token").asText();
        final String show = body(List.of("show", "neighbors"));

        final Printed viewed = printed(api.tcp("POST", CliEndpoints.PATH, read, show));
        assertEquals(jvm(api.server.socket().orElseThrow(), List.of("show", "neighbors")), viewed);
        assertEquals(0, viewed.exit());

        final int auditBefore = api.audit().size();
        final Reply anonymous = api.tcp("POST", CliEndpoints.PATH, null, show);
        assertEquals(401, anonymous.status(), anonymous.toString());
        final Reply forged = api.tcp("POST", CliEndpoints.PATH, "jn_not-a-token", show);
        assertEquals(401, forged.status(), forged.toString());
        final List<AuditLog.Entry> audit = api.audit();
        assertEquals(auditBefore + 2, audit.size(), "each refusal is audited");
        assertEquals(CliEndpoints.PATH, audit.getFirst().path());
        assertEquals("refused", audit.getFirst().result());
        assertEquals(401, audit.getFirst().status());
    }

    @Test
    void shouldRefuseAnotherUserOnTheSocket() throws Exception
    {
        // The tests run as root: make someone else the socket's admin, so root's own credentials are refused.
        final var nobody = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("65534");
        api = new ApiFixture(temp, ApiServer.Options.defaults().withSocketAdmin(nobody), false);
        final Reply refused = api.post(CliEndpoints.PATH, body(List.of("show", "status")));
        assertEquals(403, refused.status(), refused.toString());
        assertTrue(api.router.calls.isEmpty(), "a refused caller reaches nothing");
        assertEquals(CliEndpoints.PATH, api.audit().getFirst().path());
    }

    @Test
    void shouldRefuseAnythingButAShowCommandAndChangeNothing() throws Exception
    {
        startFull(ApiServer.Options.defaults(), false);
        final long version = api.lifecycle.runningVersion();
        final List<String> callsBefore = List.copyOf(api.router.calls);
        final int auditBefore = api.audit().size();
        for (final List<String> argv : List.<List<String>>of(
            List.of("neighbor", "reset", "transit1"),
            List.of("config", "rollback", "1"),
            List.of("config", "commit", "/etc/passwd"),
            List.of("token", "create", "x", "--role", "admin"),
            List.of("completion", "bash"),
            List.of("mcp"),
            List.<String>of(),
            List.of("--json"),
            List.of("--timeout", "show", "status"),
            List.of("show", "neighbors", "--api", "https://192.0.2.1:8443"),
            List.of("show", "neighbors", "--api=https://192.0.2.1:8443")))
        {
            final Reply refused = api.post(CliEndpoints.PATH, body(argv));
            assertEquals(422, refused.status(), argv + ": " + refused);
            assertEquals("not-show", refused.json().path("reason").asText(), refused.toString());
            assertEquals(List.of("argv"), refused.errorFields());
        }
        assertEquals(callsBefore, api.router.calls, "a refused command reaches nothing");
        assertEquals(version, api.lifecycle.runningVersion());
        assertEquals(auditBefore, api.audit().size());
    }

    @Test
    void shouldNameTheFieldOfEveryBadRequest() throws Exception
    {
        api = ApiFixture.start(temp);
        final Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("", "argv");
        bad.put("{}", "argv");
        bad.put("{\"argv\": \"show status\"}", "argv");
        bad.put("{\"argv\": [\"show\", 1]}", "argv");
        bad.put("{\"argv\": [\"show\", \"status\"], \"columns\": 0}", "columns");
        bad.put("{\"argv\": [\"show\", \"status\"], \"columns\": \"wide\"}", "columns");
        bad.put("{\"argv\": [\"show\", \"status\"], \"ansi\": \"yes\"}", "ansi");
        bad.put("{\"argv\": [\"show\", \"status\"], \"env\": {}}", "env");
        bad.put("[\"show\", \"status\"]", "body");
        bad.put("not json", "body");
        bad.put(body(java.util.Collections.nCopies(CliEndpoints.MAX_ARGS + 1, "show")), "argv");
        bad.put(body(List.of("show", "x".repeat(CliEndpoints.MAX_ARGS_CHARS))), "argv");
        for (final Map.Entry<String, String> request : bad.entrySet())
        {
            final Reply refused = api.post(CliEndpoints.PATH, request.getKey());
            assertEquals(400, refused.status(), request.getKey() + ": " + refused);
            assertEquals(List.of(request.getValue()), refused.errorFields(), request.getKey());
        }
        assertEquals(400, api.post(CliEndpoints.PATH + "?argv=show", body(List.of("show", "status"))).status());
        assertEquals(405, api.unix("GET", CliEndpoints.PATH, null).status());
        assertTrue(api.router.calls.isEmpty(), "a bad request reaches nothing");
    }

    /** An API handler whose CLI endpoint has the bounds given, over the fixture's router and lifecycle. */
    private ApiHandler handlerWithBounds(final int maxOutputBytes, final long maxCommandMs) throws Exception
    {
        final ApiServer.Options options = ApiServer.Options.defaults();
        final CliEndpoints cli = new CliEndpoints(maxOutputBytes, maxCommandMs);
        final List<Endpoint> endpoints = new ArrayList<>(new RouterEndpoints(api.router, api.lifecycle, options).endpoints());
        endpoints.addAll(cli.endpoints());
        final Path state = java.nio.file.Files.createDirectories(temp.resolve("bounds"));
        final AuditLog audit = AuditLog.open(state);
        closing.add(audit);
        final ApiHandler handler = new ApiHandler(endpoints, TokenStore.open(state), audit, options.clock(),
            options.socketAdmin(), options.maxBodyBytes());
        cli.start(handler);
        return handler;
    }

    private static Answer post(final ApiHandler handler, final String body)
    {
        return handler.dispatch(new Caller("unix:root", Role.ADMIN), "POST", CliEndpoints.PATH,
            HttpFields.build().put(HttpHeader.CONTENT_TYPE, "application/json").asImmutable(),
            body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldStopACommandPastItsOutputOrTimeBound() throws Exception
    {
        api = ApiFixture.start(temp);
        final String neighbors = body(List.of("show", "neighbors"));

        final Answer roomy = post(handlerWithBounds(10_000, 60_000), neighbors);
        assertEquals(200, roomy.status());
        final int printed = ((CliEndpoints.CliResult)roomy.body()).stdout().length();
        assertTrue(printed > 50, "a table of one neighbor: " + printed + " bytes");

        final Answer tooLarge = post(handlerWithBounds(50, 60_000), neighbors);
        assertEquals(422, tooLarge.status());
        assertEquals("output-too-large", ((Problem)tooLarge.body()).reason());

        final Answer routes = post(handlerWithBounds(50, 60_000), body(List.of("show", "routes", "--json")));
        assertEquals(422, routes.status(), "the pages joined are more than the budget");

        final Answer late = post(handlerWithBounds(10_000, 0), neighbors);
        assertEquals(503, late.status());
        assertEquals("command-too-long", ((Problem)late.body()).reason());
    }
}
