/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import net.junction.agent.api.ApiFixture.Reply;
import net.junction.agent.router.RunningRouter.RouteQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerTest
{
    @TempDir
    Path temp;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception
    {
        api = ApiFixture.start(temp);
    }

    @AfterEach
    void stop() throws Exception
    {
        api.close();
    }

    @Test
    void shouldServeOnAnOwnerOnlySocketInTheRunDirectory() throws Exception
    {
        final Path socket = api.server.socket().orElseThrow();
        assertEquals(temp.resolve("run").resolve("api.sock"), socket);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        final Reply status = api.get("/v1/status");
        assertEquals(200, status.status(), status.toString());
        assertEquals("lab", status.json().path("name").asText());
        assertEquals(0, status.json().path("running_version").asLong());
        assertTrue(status.json().path("rib_routes").has("ipv4"));
        assertFalse(status.json().has("pending_confirm"), "an empty Optional is absent");
    }

    @Test
    void shouldRemoveTheSocketWhenClosed() throws Exception
    {
        final Path socket = api.server.socket().orElseThrow();
        api.server.close();
        assertFalse(Files.exists(socket));
    }

    @Test
    void shouldRefuseAnotherUserOnTheSocketByItsCredentials() throws Exception
    {
        api.close();
        // The tests run as root: make someone else the socket's admin, so root's own credentials are refused.
        final var nobody = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("65534");
        api = new ApiFixture(temp.resolve("b"), ApiServer.Options.defaults().withSocketAdmin(nobody), false);
        final Reply refused = api.get("/v1/status");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("application/problem+json", refused.header("Content-Type"));
        assertEquals("forbidden", refused.json().path("reason").asText());
        assertTrue(api.router.calls.isEmpty(), "a refused caller reaches nothing");
        final AuditLog.Entry entry = api.audit().getFirst();
        assertEquals("refused", entry.result());
        assertEquals(403, entry.status());
        assertEquals("/v1/status", entry.path());
    }

    @Test
    void shouldRefuseARealProcessOfAnotherUserByItsCredentials() throws Exception
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/curl")),
            "needs setpriv and curl");
        assumeTrue("0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim()),
            "needs root, to run a client as nobody");
        // Open the way for this test only: the socket's mode would stop nobody at connect(), before the credential check.
        final Path socket = api.server.socket().orElseThrow();
        for (final Path dir : List.of(temp, temp.resolve("run")))
        {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        final Process curl = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
            "/usr/bin/curl", "-s", "-w", "\n%{http_code}", "--unix-socket", socket.toString(), "http://localhost/v1/status")
            .redirectErrorStream(true).start();
        final String output = new String(curl.getInputStream().readAllBytes()).trim();
        assertEquals(0, curl.waitFor(), output);
        assertTrue(output.endsWith("\n403"), output);
        assertTrue(output.contains("\"reason\":\"forbidden\""), output);
        assertTrue(api.router.calls.isEmpty());
        final AuditLog.Entry entry = api.audit().getFirst();
        assertEquals("unix:nobody", entry.who());
        assertEquals("none", entry.role());
        assertEquals(403, entry.status());
    }

    @Test
    void shouldServeTheRouterReads() throws Exception
    {
        assertEquals(2, api.get("/v1/interfaces").json().size());
        final JsonNode p1 = api.get("/v1/interfaces/p1").json();
        assertEquals("net_af_packet1", p1.path("device").asText());
        assertFalse(p1.path("link_up").asBoolean());
        assertEquals(404, api.get("/v1/interfaces/p9").status());
        assertEquals(3, api.get("/v1/counters").json().path("drops").path("no_route").asLong());
        final JsonNode neighbors = api.get("/v1/bgp/neighbors").json();
        assertEquals("transit1", neighbors.get(0).path("name").asText());
        assertEquals(10, neighbors.get(0).path("prefixes_received").path("ipv4-unicast").asLong());
        assertEquals("established", api.get("/v1/bgp/neighbors/transit1").json().path("state").asText());
        final Reply missing = api.get("/v1/bgp/neighbors/nope");
        assertEquals(404, missing.status());
        assertEquals(List.of("name"), missing.errorFields());
    }

    @Test
    void shouldServeTheArpAndNdEntriesFilteredByFamilyPortAndAddress() throws Exception
    {
        final JsonNode all = api.get("/v1/ip-neighbors").json();
        assertEquals(4, all.size());
        final JsonNode learned = all.get(0);
        assertEquals("198.18.1.2", learned.path("address").asText());
        assertEquals("ipv4", learned.path("family").asText());
        assertEquals("p0", learned.path("port").asText());
        assertEquals("02:00:00:00:00:02", learned.path("mac").asText());
        assertEquals("reachable", learned.path("state").asText());
        assertFalse(learned.path("static").asBoolean());
        assertEquals(3250, learned.path("confirmed_ago_ms").asLong());
        assertEquals(120, learned.path("used_ago_ms").asLong());
        final JsonNode configured = all.get(1);
        assertTrue(configured.path("static").asBoolean(), configured.toString());
        assertFalse(configured.has("confirmed_ago_ms"), "a static entry has no ages: " + configured);
        assertFalse(all.get(2).has("mac"), "an unresolved entry has no MAC: " + all.get(2));

        final JsonNode nd = api.get("/v1/ip-neighbors?family=ipv6").json();
        assertEquals(1, nd.size());
        assertEquals("2001:db8:1::2", nd.get(0).path("address").asText());
        assertEquals(2, api.get("/v1/ip-neighbors?family=ipv4&port=p1").json().size());
        final JsonNode one = api.get("/v1/ip-neighbors?address=2001:DB8:1:0::2").json();
        assertEquals(1, one.size(), "the address as written or canonical: " + one);
        assertEquals(0, api.get("/v1/ip-neighbors?address=198.18.1.99").json().size());

        final Reply noPort = api.get("/v1/ip-neighbors?port=p9");
        assertEquals(404, noPort.status());
        assertEquals(List.of("port"), noPort.errorFields());
        assertField("/v1/ip-neighbors?family=ipv5", "family");
        assertField("/v1/ip-neighbors?address=198.18.300.1", "address");
        assertField("/v1/ip-neighbors?family=ipv4&address=2001:db8:1::2", "address");
        assertField("/v1/ip-neighbors?state=stale", "state");
    }

    @Test
    void shouldAnswerTheBmpStations() throws Exception
    {
        final JsonNode station = api.get("/v1/bmp").json().path("stations").get(0);
        assertEquals("198.18.0.20:11019", station.path("name").asText());
        assertEquals("connected", station.path("state").asText());
        assertEquals(1200, station.path("messages_sent").asLong());
        assertEquals(96_000, station.path("bytes_sent").asLong());
        assertEquals(2, station.path("connects").asLong());
        assertEquals(1, station.path("resyncs").asLong());
        assertEquals(3, station.path("skipped").asLong());
        assertEquals("station too slow", station.path("last_error").asText());
        assertEquals(400, api.get("/v1/bmp?x=1").status(), "no parameters");
    }

    @Test
    void shouldAnswerTheRpkiCaches() throws Exception
    {
        final JsonNode rpki = api.get("/v1/rpki").json();
        assertEquals(2, rpki.path("vrps4").asLong());
        assertEquals(1, rpki.path("vrps6").asLong());
        final JsonNode cache = rpki.path("caches").get(0);
        assertEquals("127.0.0.1:8282", cache.path("name").asText());
        assertEquals("synced", cache.path("state").asText());
        assertTrue(cache.path("selected").asBoolean());
        assertEquals(42, cache.path("serial").asLong());
        assertEquals(7, cache.path("session_id").asInt());
        assertEquals(3600, cache.path("refresh_seconds").asInt());
        assertEquals(400, api.get("/v1/rpki?x=1").status(), "no parameters");
    }

    @Test
    void shouldStreamAnMrtDumpOfTheLocRibOrOfANeighborsTable() throws Exception
    {
        final org.eclipse.jetty.client.ContentResponse loc = api.getBinary("/v1/mrt/rib");
        assertEquals(200, loc.getStatus(), loc.getContentAsString());
        assertEquals("application/octet-stream", loc.getHeaders().get("Content-Type"));
        assertEquals("attachment; filename=\"bview.20231114.2213\"", loc.getHeaders().get("Content-Disposition"));
        final java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        net.junction.bgp.mrt.RibDump.write(FakeRouter.mrtRoutes(), 0xC6120001, FakeRouter.MRT_TIME, expected);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected.toByteArray(), loc.getContent());
        assertEquals("mrtTable loc-rib ACCEPTED", api.router.calls.getLast());

        final org.eclipse.jetty.client.ContentResponse gz = api.getBinary("/v1/mrt/rib?neighbor=transit1&table=received&gzip=true");
        assertEquals(200, gz.getStatus(), gz.getContentAsString());
        assertEquals("application/gzip", gz.getHeaders().get("Content-Type"));
        assertTrue(gz.getHeaders().get("Content-Disposition").endsWith(".gz\""));
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz.getContent())))
        {
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected.toByteArray(), in.readAllBytes());
        }
        assertEquals("mrtTable transit1 RECEIVED", api.router.calls.getLast());

        final Reply unknown = api.get("/v1/mrt/rib?neighbor=nobody");
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals(List.of("neighbor"), unknown.errorFields());
        assertField("/v1/mrt/rib?neighbor=", "neighbor");
        assertField("/v1/mrt/rib?table=received", "table");
        assertField("/v1/mrt/rib?neighbor=transit1&table=advertised", "table");
        assertField("/v1/mrt/rib?gzip=maybe", "gzip");
        assertField("/v1/mrt/rib?view=all", "view");
    }

    @Test
    void shouldAnswerTheMrtRecordersStatus() throws Exception
    {
        final JsonNode off = api.get("/v1/mrt/status").json();
        assertFalse(off.path("enabled").asBoolean());
        assertFalse(off.has("directory"));
        api.router.mrt = java.util.Optional.of(new net.junction.bgp.mrt.MrtRecorder.Status(true,
            java.util.Optional.of(Path.of("/var/lib/junction/mrt")), 2, 4096, 1, 120, 9000, 3, 4, "disk full", 1_700_000_000L));
        final JsonNode on = api.get("/v1/mrt/status").json();
        assertTrue(on.path("enabled").asBoolean());
        assertEquals("/var/lib/junction/mrt", on.path("directory").asText());
        assertEquals(3, on.path("update_drops").asLong());
        assertEquals(4096, on.path("table_dump_bytes").asLong());
        assertEquals("disk full", on.path("last_error").asText());
        assertEquals(400, api.get("/v1/mrt/status?x=1").status(), "no parameters");
    }

    @Test
    void shouldRefuseABinaryAnswerInsideTheRouter() throws Exception
    {
        final Answer answer = api.server.handler().dispatch(new Caller("test", Role.ADMIN), "GET", "/v1/mrt/rib",
            org.eclipse.jetty.http.HttpFields.EMPTY, new byte[0]);
        assertEquals(406, answer.status());
        assertTrue(answer.bodyText().contains("application/octet-stream"), answer.bodyText());
    }

    @Test
    void shouldPageRoutesWithTheFiltersGiven() throws Exception
    {
        final JsonNode first = api.get("/v1/routes?prefix=198.18.0.0/15&longer=true&family=ipv4&protocol=static&limit=1").json();
        assertEquals("198.18.100.0/24", first.path("routes").get(0).path("prefix").asText());
        assertEquals("c1", first.path("next_cursor").asText());
        final RouteQuery query = api.router.queries.getLast();
        assertEquals("198.18.0.0/15", query.prefix().orElseThrow().toString());
        assertTrue(query.longer());
        assertEquals("ipv4", query.family().orElseThrow());
        assertEquals("static", query.protocol().orElseThrow());
        assertEquals(1, query.limit());
        final JsonNode second = api.get("/v1/routes?limit=1&cursor=c1").json();
        assertFalse(second.has("next_cursor"));
        final JsonNode bgp = second.path("routes").get(0).path("bgp");
        assertEquals(65010, bgp.path("as_path").get(1).asLong());
        assertEquals(5, bgp.path("med").asLong());
        assertFalse(bgp.has("local_pref"));
        assertEquals(RouteQuery.DEFAULT_LIMIT, queryOf("/v1/routes").limit());
    }

    private RouteQuery queryOf(final String path) throws Exception
    {
        assertEquals(200, api.get(path).status());
        return api.router.queries.getLast();
    }

    @Test
    void shouldNameTheParameterOfEveryBadRequest() throws Exception
    {
        assertField("/v1/routes?prefix=198.18.0.1/15", "prefix");
        assertField("/v1/routes?prefix=banana", "prefix");
        assertField("/v1/routes?longer=true", "longer");
        assertField("/v1/routes?longer=maybe&prefix=198.18.0.0/15", "longer");
        assertField("/v1/routes?family=ipv5", "family");
        assertField("/v1/routes?protocol=ospf", "protocol");
        assertField("/v1/routes?limit=0", "limit");
        assertField("/v1/routes?limit=1001", "limit");
        assertField("/v1/routes?limit=ten", "limit");
        assertField("/v1/routes?cursor=forged", "cursor");
        assertField("/v1/routes?colour=blue", "colour");
        assertField("/v1/routes?limit=1&limit=2", "limit");
        assertField("/v1/routes/lookup", "address");
        assertField("/v1/routes/lookup?address=198.18.300.1", "address");
        assertField("/v1/bgp/neighbors/transit1/routes", "table");
        assertField("/v1/bgp/neighbors/transit1/routes?table=sent", "table");
        assertField("/v1/commits?limit=101", "limit");
        assertField("/v1/commits/zero", "number");
        assertField("/v1/status?verbose=1", "verbose");
        final Reply problem = api.get("/v1/routes?limit=0");
        assertEquals(400, problem.status());
        assertEquals("application/problem+json", problem.header("Content-Type"));
        final JsonNode json = problem.json();
        assertEquals("urn:junction:problem:invalid-request", json.path("type").asText());
        assertEquals(400, json.path("status").asInt());
        assertEquals("invalid-request", json.path("reason").asText());
        assertFalse(json.path("title").asText().isEmpty());
        assertTrue(json.path("detail").asText().startsWith("limit: "), json.toString());
        assertEquals(1, api.router.queries.size(), "nothing invalid reached the router but the cursor, which only it can check");
    }

    private void assertField(final String path, final String field) throws Exception
    {
        final Reply reply = api.get(path);
        assertEquals(400, reply.status(), path + ": " + reply);
        assertEquals(List.of(field), reply.errorFields(), path + ": " + reply);
    }

    @Test
    void shouldLookUpAnAddress() throws Exception
    {
        final Reply found = api.get("/v1/routes/lookup?address=198.18.100.7");
        assertEquals(200, found.status());
        assertEquals("198.18.100.0/24", found.json().path("prefix").asText());
        assertEquals("p1", found.json().path("next_hops").get(0).path("port").asText());
        final Reply none = api.get("/v1/routes/lookup?address=2001:db8::1");
        assertEquals(404, none.status());
        assertEquals(List.of("address"), none.errorFields());
    }

    @Test
    void shouldExplainAPrefixAnAddressAndARejectedPrefix() throws Exception
    {
        final Reply prefix = api.get("/v1/routes/explain?prefix=198.18.64.0/18");
        assertEquals(200, prefix.status(), prefix.toString());
        final JsonNode json = prefix.json();
        assertEquals("198.18.64.0/18", json.path("fib").path("prefix").asText());
        assertTrue(json.path("fib").path("next_hops").get(0).path("resolved").asBoolean());
        assertEquals("reachable", json.path("fib").path("next_hops").get(0).path("neighbor").asText());
        assertTrue(json.path("bgp").get(0).path("best").asBoolean());
        assertEquals("customers", json.path("bgp").get(0).path("import_term").asText());
        assertTrue(json.path("bgp").get(0).path("lost_at").isMissingNode(), "the best lost nowhere");
        assertEquals("as-path-length", json.path("bgp").get(1).path("lost_at").asText());
        assertEquals("transit2", json.path("bgp").get(1).path("path").path("neighbor").asText());
        assertEquals("explain 198.18.64.0/18", api.router.calls.getLast());

        final Reply address = api.get("/v1/routes/explain?address=198.18.64.9");
        assertEquals(200, address.status());
        assertEquals("198.18.64.9", address.json().path("query").asText());
        assertEquals("198.18.64.0/18", address.json().path("prefix").asText());
        assertEquals("explain 198.18.64.9", api.router.calls.getLast());

        final Reply rejected = api.get("/v1/routes/explain?prefix=198.18.99.0/24");
        assertEquals(200, rejected.status());
        assertTrue(rejected.json().path("fib").isMissingNode(), "not installed");
        final JsonNode r = rejected.json().path("rejected").get(0);
        assertEquals("transit2", r.path("neighbor").asText());
        assertEquals("import-policy", r.path("reason").asText());
        assertEquals("bogons", r.path("term").asText());
    }

    @Test
    void shouldRefuseABadExplainAndAnswer404WhenNothingIsKnown() throws Exception
    {
        final int before = api.router.calls.size();
        assertField("/v1/routes/explain", "address");
        assertField("/v1/routes/explain?address=198.18.64.1&prefix=198.18.64.0/18", "prefix");
        assertField("/v1/routes/explain?address=198.18.300.1", "address");
        assertField("/v1/routes/explain?prefix=198.18.64.1/18", "prefix");
        assertField("/v1/routes/explain?prefix=banana", "prefix");
        assertField("/v1/routes/explain?limit=1", "limit");
        assertEquals(before, api.router.calls.size(), "nothing invalid reached the router");
        final Reply unknownPrefix = api.get("/v1/routes/explain?prefix=203.0.113.0/24");
        assertEquals(404, unknownPrefix.status());
        assertEquals(List.of("prefix"), unknownPrefix.errorFields());
        final Reply noRoute = api.get("/v1/routes/explain?address=2001:db8::1");
        assertEquals(404, noRoute.status());
        assertEquals(List.of("address"), noRoute.errorFields());
    }

    @Test
    void shouldServeANeighborsTables() throws Exception
    {
        assertEquals(200, api.get("/v1/bgp/neighbors/transit1/routes?table=received&limit=5").status());
        assertEquals("neighborRoutes transit1 RECEIVED", api.router.calls.getLast());
        assertEquals(200, api.get("/v1/bgp/neighbors/transit1/routes?table=advertised").status());
        assertEquals("neighborRoutes transit1 ADVERTISED", api.router.calls.getLast());
        assertEquals(404, api.get("/v1/bgp/neighbors/other/routes?table=accepted").status());
    }

    @Test
    void shouldRestartTheControlPlaneOnlyWhenItRunsApart() throws Exception
    {
        final Reply oneProcess = api.post("/v1/control/restart", null);
        assertEquals(409, oneProcess.status(), oneProcess.toString());
        assertEquals("one-process", oneProcess.json().path("reason").asText());
        assertTrue(api.router.calls.isEmpty(), "nothing restarted");

        api.router.controlRestartable = true;
        final Reply restarting = api.post("/v1/control/restart", "{}");
        assertEquals(202, restarting.status(), restarting.toString());
        assertTrue(restarting.json().path("restarting").asBoolean());
        assertEquals(ProcessHandle.current().pid(), restarting.json().path("pid").asLong());
        assertEquals("restart control", api.router.calls.getLast());
        assertEquals(List.of("extra"), api.post("/v1/control/restart", "{\"extra\": 1}").errorFields());

        final AuditLog.Entry done = api.audit().get(1);
        assertEquals("control.restart", done.action());
        assertEquals(202, done.status());
        assertEquals("refused", api.audit().get(2).result());
    }

    @Test
    void shouldActOnNeighborsAndAuditIt() throws Exception
    {
        assertEquals(204, api.post("/v1/bgp/neighbors/transit1/reset", "{\"hard\": false}").status());
        assertEquals("reset transit1 soft", api.router.calls.getLast());
        assertEquals(204, api.post("/v1/bgp/neighbors/transit1/reset", null).status());
        assertEquals("reset transit1 hard", api.router.calls.getLast());
        assertEquals(204, api.post("/v1/bgp/neighbors/transit1/shutdown", "{\"message\": \"maintenance until 14:00\"}").status());
        assertEquals("shutdown transit1 'maintenance until 14:00'", api.router.calls.getLast());
        assertEquals(204, api.post("/v1/bgp/neighbors/transit1/enable", null).status());
        assertEquals("enable transit1", api.router.calls.getLast());

        final Reply tooLong = api.post("/v1/bgp/neighbors/transit1/shutdown", "{\"message\": \"" + "é".repeat(128) + "\"}");
        assertEquals(400, tooLong.status());
        assertEquals(List.of("message"), tooLong.errorFields());
        final Reply badType = api.post("/v1/bgp/neighbors/transit1/reset", "{\"hard\": \"yes\"}");
        assertEquals(List.of("hard"), badType.errorFields());
        final Reply unknown = api.post("/v1/bgp/neighbors/transit1/reset", "{\"hrad\": true}");
        assertEquals(List.of("hrad"), unknown.errorFields());
        final Reply notJson = api.post("/v1/bgp/neighbors/transit1/reset", "{hard");
        assertEquals(List.of("body"), notJson.errorFields());
        assertEquals(404, api.post("/v1/bgp/neighbors/other/enable", null).status());

        final List<AuditLog.Entry> audit = api.audit();
        assertEquals(9, audit.size(), audit.toString());
        final AuditLog.Entry newest = audit.getFirst();
        assertEquals("neighbor.enable", newest.action());
        assertEquals("refused", newest.result());
        assertEquals(404, newest.status());
        final AuditLog.Entry shutdown = audit.get(6);
        assertEquals("neighbor.shutdown", shutdown.action());
        assertEquals("unix:root", shutdown.who());
        assertEquals("admin", shutdown.role());
        assertEquals("ok", shutdown.result());
        assertEquals("POST", shutdown.method());
        assertEquals("/v1/bgp/neighbors/transit1/shutdown", shutdown.path());
        assertTrue(shutdown.detail().contains("maintenance"), shutdown.detail());
    }

    @Test
    void shouldAnswerUnknownRoutesAndMethodsWithProblems() throws Exception
    {
        final Reply unknown = api.get("/v1/nothing");
        assertEquals(404, unknown.status());
        assertEquals("application/problem+json", unknown.header("Content-Type"));
        final Reply method = api.unix("DELETE", "/v1/status", null);
        assertEquals(405, method.status());
        assertEquals("GET", method.header("Allow"));
    }

    @Test
    void shouldRefuseABodyOverTheLimit() throws Exception
    {
        api.close();
        api = new ApiFixture(temp.resolve("b"), ApiServer.Options.defaults().withMaxBodyBytes(1024), false);
        final Reply reply = api.unix("POST", "/v1/config/validate", "#".repeat(2000), "Content-Type", "application/yaml");
        assertEquals(413, reply.status(), reply.toString());
        assertEquals(List.of("body"), reply.errorFields());
        assertEquals(8L << 20, ApiServer.MAX_BODY_BYTES);
    }

    @Test
    void shouldCallTheRouterOnTheApisOwnVirtualThreads() throws Exception
    {
        api.get("/v1/status");
        api.get("/v1/bgp/neighbors");
        assertFalse(api.router.threads.isEmpty());
        for (final Thread thread : api.router.threads)
        {
            assertTrue(thread.isVirtual(), thread.toString());
            assertTrue(thread.getName().startsWith("junction-api-"), thread.getName());
        }
    }
}
