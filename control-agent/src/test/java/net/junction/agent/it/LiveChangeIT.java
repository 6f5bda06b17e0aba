/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import net.junction.bgp.interop.BirdPeer;
import net.junction.bgp.interop.DaemonConfig;
import net.junction.bgp.interop.DaemonConfig.ExportPolicy;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;
import net.junction.bgp.interop.DaemonLogsOnFailure;
import net.junction.bgp.interop.GobgpPeer;
import net.junction.bgp.interop.Interop;
import net.junction.bgp.interop.JunctionRouter;
import net.junction.bgp.interop.Netns;
import net.junction.bgp.interop.PeerDaemon;

/**
 * Issue 10 end to end: a running router changed through its API and its CLI, never restarted, with
 * a BIRD and a GoBGP peer and a plain host in namespaces, and each change checked where it lands:
 * in the peers' own tables and sessions ({@code birdc}, {@code gobgp}), and in forwarding (a ping
 * from the host through the router).
 * <ol>
 * <li>A commit adds a neighbor: its session comes up, the other sessions are not touched (the peers'
 * own session start times, Junction's flap counters).</li>
 * <li>A policy commit (an export policy toward each peer, an import policy from GoBGP) changes what
 * the peers hold, with no NOTIFICATION either way and no session reset; the import change is
 * re-applied over the Adj-RIB-In kept before policy (the received table still has the route).</li>
 * <li>A static route commit makes a ping through the router work.</li>
 * <li>A commit with a one-minute confirm window, left unconfirmed, is rolled back by the router
 * (the ping stops working again); meanwhile a stale-version commit is refused (409), and a read
 * token cannot commit (403).</li>
 * <li>{@code rollback 1} restores the first commit's routes and sessions.</li>
 * <li>Every write and every refusal is in the audit log.</li>
 * </ol>
 * One router, one BIRD, one GoBGP for the whole class (about three minutes, the confirm window the
 * longest part). Every junction run has its own state directory in a temp folder.
 * <p>
 * Needs root, bird2 and gobgpd (./junction setup), the built distribution (failsafe runs after
 * package); skips otherwise. Namespaces are {@code jbi-<pid>-<n>its...}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DaemonLogsOnFailure.class)
@Timeout(120)
class LiveChangeIT
{
    static final String NAME = "its-live";
    static final long JUNCTION_AS = 4_200_000_001L;
    static final long BIRD_AS = 4_200_000_041L;
    static final long GOBGP_AS = 4_200_000_042L;
    static final Duration T = Duration.ofSeconds(30);
    /** The shortest confirm window a commit may have. */
    static final int CONFIRM_MINUTES = 1;

    // Destinations behind BIRD's namespace (addresses on its loopback), reached only through a static route.
    static final String STATIC_NET = "198.19.77.0/24";
    static final String STATIC_DST = "198.19.77.1";
    static final String CONFIRM_NET = "198.19.78.0/24";
    static final String CONFIRM_DST = "198.19.78.1";
    // What the peers originate.
    static final String BIRD_NET = "198.19.41.0/24";
    static final String GOBGP_NET = "198.19.42.0/24";
    static final String GOBGP_NET_2 = "198.19.142.0/24";
    static final String GOBGP_NET6 = "2001:db8:142::/48";
    static final String JUNCTION_NET = "198.19.200.0/24";
    static final String BIRD_TAG = "65000:41";
    static final String GOBGP_TAG = "4200000001:42:42";
    /** The API's TCP+TLS listener, inside the router's namespace (bearer tokens are for TCP). */
    static final String API_TCP = "127.0.0.1:8443";

    private Netns nsJ;
    private Netns nsBird;
    private Netns nsGobgp;
    private Netns nsHost;
    private Path work;
    private JunctionRouter junction;
    private BirdPeer bird;
    private GobgpPeer gobgp;
    private JunctionRouter.Port toBird;
    private JunctionRouter.Port toGobgp;
    private JunctionRouter.Port toHost;
    private ApiClient api;
    private JunctionCli cli;

    /** The document's head as junction run was given it (name, cores, ports): every commit keeps it. */
    private String head;
    /** The first commit (junction run's). */
    private long firstCommit;
    /** Writes and refusals made here, each to be found in the audit log. */
    private final List<Audited> audited = new ArrayList<>();
    /** Set by the confirm test, read by the expiry test. */
    private long confirmCommit = -1;

    /** A write or refusal: what the test did, the API path it went to, the answer's status. */
    record Audited(String what, String path, int status)
    {
    }

    @BeforeAll
    void start() throws Exception
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC, GobgpPeer.GOBGPD, GobgpPeer.GOBGP);
        work = Files.createTempDirectory("junction-its-live");
        Netns.run(Duration.ofSeconds(20), "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "1", "-subj", "/CN=localhost", "-keyout", work.resolve("api-key.pem").toString(),
            "-out", work.resolve("api-cert.pem").toString()).orThrow("openssl: a self-signed certificate for the API's TLS");
        nsJ = Netns.create("itsj");
        nsBird = Netns.create("itsbird");
        nsGobgp = Netns.create("itsgobgp");
        nsHost = Netns.create("itshost");
        junction = new JunctionRouter(nsJ, NAME); // its state directory: a temp folder of its own
        toBird = junction.link(nsBird, 41);
        toGobgp = junction.link(nsGobgp, 42);
        toHost = junction.link(nsHost, 43);

        // The host routes everything through Junction; BIRD's namespace answers for the static
        // routes' destinations and routes the host's subnet back through Junction.
        nsHost.ip("route", "add", "default", "via", toHost.address4());
        nsBird.ip("addr", "add", STATIC_DST + "/32", "dev", "lo");
        nsBird.ip("addr", "add", CONFIRM_DST + "/32", "dev", "lo");
        nsBird.ip("route", "add", "198.18.43.0/24", "via", toBird.address4());

        bird = new BirdPeer(nsBird, DaemonConfig.builder(toBird.peer4(), BIRD_AS)
            .neighbor(Neighbor.of(toBird.address4(), JUNCTION_AS).holdTime(30))
            .route(StaticRoute.of(BIRD_NET))
            .export(ExportPolicy.acceptAll())
            .build());
        // GoBGP already knows the IPv6 session Junction will be given by a commit: it keeps trying.
        gobgp = new GobgpPeer(nsGobgp, DaemonConfig.builder(toGobgp.peer4(), GOBGP_AS)
            .neighbor(Neighbor.of(toGobgp.address4(), JUNCTION_AS).holdTime(30))
            .neighbor(Neighbor.of(toGobgp.address6(), JUNCTION_AS).holdTime(30))
            .route(StaticRoute.of(GOBGP_NET))
            .route(StaticRoute.of(GOBGP_NET_2))
            .route(StaticRoute.of(GOBGP_NET6))
            .export(ExportPolicy.acceptAll())
            .build());
        bird.start();
        gobgp.start();

        final String first = section(Change.NONE);
        junction.start(first);
        api = ApiClient.unixSocket(NAME);
        cli = new JunctionCli(NAME);
        PeerDaemon.waitFor(() -> api.get("/v1/status").status(), status -> status == 200, T,
            "the API answers on " + ApiClient.socketOf(NAME) + " (router log:\n" + junction.logTail(20) + ")");
        final String running = runningDocument();
        assertTrue(running.endsWith(first), "the running document is the file junction run was given:\n" + running);
        head = running.substring(0, running.length() - first.length());
        firstCommit = runningVersion();
    }

    @AfterAll
    void stop() throws Exception
    {
        for (final AutoCloseable closeable : new AutoCloseable[]{api, junction, bird, gobgp, nsJ, nsBird, nsGobgp, nsHost})
        {
            if (null != closeable)
            {
                try
                {
                    closeable.close();
                }
                catch (final Exception ex)
                {
                    System.err.println("cleanup: " + ex);
                }
            }
        }
        if (null != work)
        {
            Netns.run(Duration.ofSeconds(10), "rm", "-rf", "--", work.toString());
        }
    }

    // ------------------------------------------------------------------------------------------ the document

    /** How far the configuration has been changed; each step keeps the ones before. */
    enum Change
    {
        NONE, NEIGHBOR, POLICY, STATIC, CONFIRM
    }

    /**
     * Everything after the ports: BGP with BIRD and GoBGP (IPv4), from {@code NEIGHBOR} on a second
     * GoBGP session (IPv6); from {@code POLICY} on, export policies that reject GoBGP's prefix toward
     * BIRD and tag what they let through, and an import policy that drops GoBGP's second prefix; from
     * {@code STATIC} on, a static route to BIRD's loopback; at {@code CONFIRM}, a second one.
     */
    String section(final Change change)
    {
        final StringBuilder s = new StringBuilder();
        s.append("api:\n")
            .append("  listen: ").append(API_TCP).append('\n')
            .append("  tls: {certificate: ").append(work.resolve("api-cert.pem")).append(", key: ")
            .append(work.resolve("api-key.pem")).append("}\n");
        if (change.compareTo(Change.STATIC) >= 0)
        {
            s.append("routes:\n")
                .append("  - {prefix: ").append(STATIC_NET).append(", via: 198.18.41.2}\n");
            if (change == Change.CONFIRM)
            {
                s.append("  - {prefix: ").append(CONFIRM_NET).append(", via: 198.18.41.2}\n");
            }
        }
        s.append("bgp:\n")
            .append("  local-as: ").append(JUNCTION_AS).append('\n')
            .append("  router-id: 198.18.41.1\n")
            .append("  networks: [").append(JUNCTION_NET).append("]\n")
            .append("  neighbors:\n")
            .append("    - {name: bird4, address: 198.18.41.2, remote-as: ").append(BIRD_AS)
            .append(", families: [ipv4-unicast], hold-time: 30, connect-retry: 1, import: all, export: to-bird}\n")
            .append("    - {name: gobgp4, address: 198.18.42.2, remote-as: ").append(GOBGP_AS)
            .append(", families: [ipv4-unicast], hold-time: 30, connect-retry: 1, import: from-gobgp, export: to-gobgp}\n");
        if (change.compareTo(Change.NEIGHBOR) >= 0)
        {
            s.append("    - {name: gobgp6, address: '2001:db8:2a::2', remote-as: ").append(GOBGP_AS)
                .append(", families: [ipv6-unicast], hold-time: 30, connect-retry: 1, import: all, export: to-gobgp}\n");
        }
        s.append("  policies:\n")
            .append("    all: {otherwise: accept}\n");
        if (change.compareTo(Change.POLICY) >= 0)
        {
            s.append("    from-gobgp:\n")
                .append("      terms:\n")
                .append("        - {name: drop-second, match: {prefixes: [").append(GOBGP_NET_2).append("]}, then: reject}\n")
                .append("      otherwise: accept\n")
                .append("    to-bird:\n")
                .append("      terms:\n")
                .append("        - {name: no-gobgp, match: {prefixes: [").append(GOBGP_NET).append("]}, then: reject}\n")
                .append("        - {name: tag, set: {add-communities: ['").append(BIRD_TAG).append("']}, then: accept}\n")
                .append("      otherwise: reject\n")
                .append("    to-gobgp:\n")
                .append("      terms:\n")
                .append("        - {name: tag, set: {add-large-communities: ['").append(GOBGP_TAG).append("']}, then: accept}\n")
                .append("      otherwise: reject\n");
        }
        else
        {
            s.append("    from-gobgp: {otherwise: accept}\n")
                .append("    to-bird: {otherwise: accept}\n")
                .append("    to-gobgp: {otherwise: accept}\n");
        }
        return s.toString();
    }

    String document(final Change change)
    {
        return head + section(change);
    }

    /** The document as a file, for the CLI. */
    Path documentFile(final Change change) throws Exception
    {
        final Path file = work.resolve("candidate-" + change.name().toLowerCase() + ".yaml");
        Files.writeString(file, document(change));
        return file;
    }

    String runningDocument()
    {
        final ApiClient.Answer answer = api.get("/v1/config");
        assertEquals(200, answer.status(), "GET /v1/config: " + answer);
        return answer.body();
    }

    /** The running version, from the ETag of the running config ({@code "N"}). */
    long runningVersion()
    {
        final ApiClient.Answer answer = api.get("/v1/config");
        assertEquals(200, answer.status(), "GET /v1/config: " + answer);
        return Long.parseLong(answer.header("etag").replace("W/", "").replace("\"", ""));
    }

    /** Commit through the API; wants 201; returns the new commit's number. */
    long apiCommit(final Change change, final String message)
    {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("document", document(change));
        body.put("base_version", runningVersion());
        body.put("message", message);
        final ApiClient.Answer answer = api.post("/v1/commits", body);
        audited.add(new Audited("commit " + message, "/v1/commits", answer.status()));
        assertEquals(201, answer.status(), "commit '" + message + "': " + answer);
        return answer.json().path("number").asLong();
    }

    // ------------------------------------------------------------------------------------------ the peers' views

    /** Junction's view of its neighbors, through the API: name to status. */
    Map<String, JsonNode> neighbors()
    {
        final Map<String, JsonNode> byName = new LinkedHashMap<>();
        final JsonNode list = api.getJson("/v1/bgp/neighbors");
        for (final JsonNode n : list.isArray() ? list : list.path("neighbors"))
        {
            byName.put(n.path("name").asText(), n);
        }
        return byName;
    }

    String state(final String neighbor)
    {
        return neighbors().getOrDefault(neighbor, ApiClient.JSON.createObjectNode()).path("state").asText("absent");
    }

    void waitState(final String neighbor, final String state)
    {
        PeerDaemon.waitFor(() -> state(neighbor), state::equals, T, "Junction's " + neighbor + " " + state
            + " (its log:\n" + junction.logTail(20) + ")");
    }

    /** When BIRD's session to Junction came up, as BIRD says ({@code since} of protocol n1). */
    String birdSince()
    {
        return bird.birdc("show", "protocols", "n1").lines()
            .filter(line -> line.startsWith("n1 "))
            .map(line -> line.trim().split("\\s+"))
            .map(words -> words.length > 4 ? words[3] + " " + words[4] : "")
            .findFirst().orElse("");
    }

    /** NOTIFICATIONs BIRD logged as received from or sent to Junction. */
    long birdNotifications() throws Exception
    {
        final Path log = bird.workDir().resolve("bird.log");
        if (!Files.exists(log))
        {
            return 0;
        }
        return Files.readAllLines(log).stream()
            .filter(line -> line.contains("n1: Received:") || line.contains("n1: Error:")).count();
    }

    /** GoBGP's view of its session to {@code address}: uptime (its start instant) and NOTIFICATION counters. */
    record GobgpSession(String state, String uptime, long notificationsIn, long notificationsOut)
    {
    }

    GobgpSession gobgpSession(final String address) throws Exception
    {
        final JsonNode n = ApiClient.JSON.readTree(gobgp.gobgp("-j", "neighbor", address));
        final JsonNode messages = n.path("state").path("messages");
        return new GobgpSession(gobgp.sessionState(address), n.path("timers").path("state").path("uptime").toString(),
            messages.path("received").path("notification").asLong(0), messages.path("sent").path("notification").asLong(0));
    }

    /** Both other sessions, as their peers and Junction see them, to compare before and after a change. */
    record Untouched(String birdSince, GobgpSession gobgp4, long birdNotifications, long birdFlaps, long gobgpFlaps)
    {
        Untouched withBirdSince(final String since)
        {
            return new Untouched(since, gobgp4, birdNotifications, birdFlaps, gobgpFlaps);
        }
    }

    /** BIRD's {@code up 19:03:04.883} as a time of day. */
    static LocalTime sinceTime(final String birdSince)
    {
        return LocalTime.parse(birdSince.substring(birdSince.indexOf(' ') + 1));
    }

    Untouched untouched() throws Exception
    {
        final Map<String, JsonNode> n = neighbors();
        final Untouched now = new Untouched(birdSince(), gobgpSession(toGobgp.address4()), birdNotifications(),
            n.get("bird4").path("flaps").asLong(), n.get("gobgp4").path("flaps").asLong());
        // What is compared must be there to compare: BIRD's session start, GoBGP's.
        assertTrue(now.birdSince().startsWith("up "), "BIRD's n1: " + now.birdSince());
        assertTrue(now.gobgp4().uptime().contains("seconds"), "GoBGP's uptime: " + now.gobgp4());
        return now;
    }

    void assertUntouched(final Untouched before, final String what) throws Exception
    {
        final Untouched after = untouched();
        // BIRD prints `since` by converting its monotonic clock to wall time at each `show`: the same
        // instant can read a millisecond apart (seen: 19:03:04.883, then .882). A reset moves it by the
        // seconds the change took; anything within 100 ms is the same session.
        final long driftMs = Math.abs(Duration.between(sinceTime(before.birdSince()), sinceTime(after.birdSince())).toMillis());
        assertTrue(driftMs <= 100 || driftMs >= Duration.ofDays(1).toMillis() - 100,
            what + ": BIRD's session to Junction was not reset: since " + before.birdSince() + ", now " + after.birdSince());
        assertEquals(before.withBirdSince(""), after.withBirdSince(""),
            what + ": BIRD's and GoBGP's IPv4 sessions were not reset, no NOTIFICATION");
        assertTrue(bird.established(toBird.address4()) && "Established".equals(after.gobgp4().state()), what);
        assertEquals(0, after.gobgp4().notificationsIn() + after.gobgp4().notificationsOut(),
            "no NOTIFICATION between Junction and GoBGP: " + after.gobgp4());
    }

    boolean ping(final String address)
    {
        return nsHost.exec(Duration.ofSeconds(5), "ping", "-n", "-q", "-c", "1", "-W", "1", address).ok();
    }

    void waitPing(final String address)
    {
        PeerDaemon.waitFor(() -> ping(address), T, "a ping from the host to " + address + " through Junction");
    }

    void assertNoPing(final String address)
    {
        final Netns.Result result = nsHost.exec(Duration.ofSeconds(10), "ping", "-n", "-q", "-c", "3", "-i", "0.3", "-W", "1",
            address);
        assertFalse(result.ok(), "no route to " + address + " through Junction, yet: " + result.stdout());
    }

    /** The API's longest match for an address: the route's prefix, or empty (404). */
    Optional<String> lookup(final String address)
    {
        final ApiClient.Answer answer = api.get("/v1/routes/lookup?address=" + address);
        if (answer.status() == 404)
        {
            return Optional.empty();
        }
        assertEquals(200, answer.status(), "lookup " + address + ": " + answer);
        return Optional.of(answer.json().path("prefix").asText());
    }

    // ------------------------------------------------------------------------------------------ the tests

    @Test
    @Order(1)
    void shouldRunTheFirstCommitWithItsSessionsUp() throws Exception
    {
        waitState("bird4", "established");
        waitState("gobgp4", "established");
        bird.waitEstablished(toBird.address4(), T);
        gobgp.waitEstablished(toGobgp.address4(), T);
        bird.waitForRoute(GOBGP_NET, r -> r.asPath().equals(List.of(JUNCTION_AS, GOBGP_AS)), T);
        bird.waitForRoute(GOBGP_NET_2, r -> true, T);
        bird.waitForRoute(JUNCTION_NET, r -> r.communities().isEmpty(), T);
        gobgp.waitForRoute(BIRD_NET, r -> r.asPath().equals(List.of(JUNCTION_AS, BIRD_AS)), T);
        assertFalse(gobgp.established(toGobgp.address6()), "no IPv6 session before the commit that adds it");

        // The CLI sees the same router: its neighbors, its history.
        final JsonNode shown = cli.json("show", "neighbors");
        assertTrue(shown.toString().contains("bird4") && shown.toString().contains("gobgp4"), shown.toString());
        final JsonNode history = cli.json("config", "history");
        assertTrue(history.toString().contains("junction run"), "the first commit is junction run's: " + history);
        assertEquals(Optional.empty(), lookup(STATIC_DST), "no route to " + STATIC_DST + " before the static route commit");
    }

    @Test
    @Order(2)
    void shouldBringUpANeighborAddedByACommitWithoutTouchingTheOthers() throws Exception
    {
        final Untouched before = untouched();
        final long number = apiCommit(Change.NEIGHBOR, "add gobgp6");
        assertEquals(number, runningVersion());

        waitState("gobgp6", "established");
        gobgp.waitEstablished(toGobgp.address6(), T);
        PeerDaemon.waitFor(() -> neighbors().get("gobgp6").path("prefixes_accepted").path("ipv6-unicast").asLong(),
            n -> n == 1, T, "Junction accepted GoBGP's IPv6 prefix on the new session");
        assertUntouched(before, "adding gobgp6");
    }

    @Test
    @Order(3)
    void shouldChangeWhatPeersReceiveOnAPolicyCommitWithoutAnySessionReset() throws Exception
    {
        final Untouched before = untouched();
        final GobgpSession gobgp6Before = gobgpSession(toGobgp.address6());
        final long version = runningVersion();
        // The preview of the same change, before it is made: the prefixes the commit then changes in the peers' tables.
        final ApiClient.Answer proposed = api.post("/v1/proposals", Map.of("document", document(Change.POLICY),
            "message", "policies, previewed", "first", 100));
        audited.add(new Audited("a proposal of the policy change", "/v1/proposals", proposed.status()));
        assertEquals(201, proposed.status(), proposed.toString());
        final JsonNode preview = proposed.json().path("preview");
        assertTrue(preview.path("bgp").asBoolean(), proposed.toString());
        assertEquals(List.of(GOBGP_NET_2), previewPrefixes(preview, "imports", "gobgp4", "rejected"), preview.toString());
        assertEquals(List.of(GOBGP_NET, GOBGP_NET_2), previewPrefixes(preview, "exports", "bird4", "withdrawn"), preview.toString());
        assertTrue(previewPrefixes(preview, "exports", "bird4", "changed").contains(JUNCTION_NET), preview.toString());
        assertTrue(previewPrefixes(preview, "exports", "gobgp4", "changed").containsAll(List.of(BIRD_NET, JUNCTION_NET)),
            preview.toString());
        assertEquals(0, preview.path("neighbors_going").size(), "a policy change resets no session: " + preview);
        assertEquals(version, runningVersion(), "a proposal changes nothing");
        final JunctionCli.Run commit = cli.run("config", "commit", documentFile(Change.POLICY).toString(),
            "-m", "policies: nothing of GoBGP's to BIRD, tag the rest, drop GoBGP's second prefix on import");
        audited.add(new Audited("junction config commit (policies)", "/v1/commits", commit.ok() ? 201 : 0));
        commit.orFail();
        assertEquals(version + 1, runningVersion());

        // Export toward BIRD: GoBGP's prefix withdrawn, the rest tagged (in BIRD's own table).
        bird.waitForNoRoute(GOBGP_NET, T);
        bird.waitForRoute(JUNCTION_NET, r -> r.communities().contains(BIRD_TAG), T);
        // Import from GoBGP: its second prefix dropped, though still received (Adj-RIB-In before policy).
        bird.waitForNoRoute(GOBGP_NET_2, T);
        final JsonNode received = api.getJson("/v1/bgp/neighbors/gobgp4/routes?table=received");
        final JsonNode accepted = api.getJson("/v1/bgp/neighbors/gobgp4/routes?table=accepted");
        assertTrue(received.toString().contains(GOBGP_NET_2), "still received: " + received);
        assertFalse(accepted.toString().contains(GOBGP_NET_2), "no longer accepted: " + accepted);
        // Explained: rejected by from-gobgp's term drop-second; BIRD's prefix won by bird4 and installed.
        final JsonNode why = api.getJson("/v1/routes/explain?prefix=" + GOBGP_NET_2);
        assertEquals("gobgp4 import-policy from-gobgp drop-second", why.path("rejected").get(0).path("neighbor").asText() + " " +
            why.path("rejected").get(0).path("reason").asText() + " " + why.path("rejected").get(0).path("policy").asText() +
            " " + why.path("rejected").get(0).path("term").asText(), why.toString());
        final JsonNode won = cli.json("show", "route", BIRD_NET, "--explain");
        assertEquals("bird4", won.path("bgp").get(0).path("path").path("neighbor").asText(), won.toString());
        assertTrue(won.path("bgp").get(0).path("best").asBoolean() && won.path("fib").path("next_hops").get(0)
            .path("neighbor").isTextual(), "the winner, installed, its gateway's ARP state told: " + won);
        // Export toward GoBGP: tagged (in GoBGP's own table).
        gobgp.waitForRoute(JUNCTION_NET, r -> r.largeCommunities().contains(GOBGP_TAG), T);
        gobgp.waitForRoute(BIRD_NET, r -> r.largeCommunities().contains(GOBGP_TAG), T);

        assertUntouched(before, "the policy commit");
        assertEquals(gobgp6Before.uptime(), gobgpSession(toGobgp.address6()).uptime(), "gobgp6 not reset either");
    }

    @Test
    @Order(4)
    void shouldForwardAlongAStaticRouteOnceItIsCommitted() throws Exception
    {
        assertNoPing(STATIC_DST);
        final Untouched before = untouched();
        apiCommit(Change.STATIC, "static route to " + STATIC_NET);
        waitPing(STATIC_DST);
        assertEquals(Optional.of(STATIC_NET), lookup(STATIC_DST));
        final JunctionCli.Run shown = cli.run("show", "route", STATIC_DST);
        assertTrue(shown.orFail().contains(STATIC_NET) && shown.stdout().contains("198.18.41.2"),
            "junction show route " + STATIC_DST + ":\n" + shown.stdout());
        assertUntouched(before, "the static route commit");
    }

    @Test
    @Order(5)
    void shouldApplyACommitMadeWithAConfirmWindow() throws Exception
    {
        assertNoPing(CONFIRM_DST);
        final long version = runningVersion();
        final JunctionCli.Run commit = cli.run("config", "commit", documentFile(Change.CONFIRM).toString(),
            "-m", "a route to try for a minute", "--confirm", Integer.toString(CONFIRM_MINUTES));
        audited.add(new Audited("junction config commit --confirm", "/v1/commits", commit.ok() ? 201 : 0));
        commit.orFail();
        confirmCommit = runningVersion();
        assertEquals(version + 1, confirmCommit);
        waitPing(CONFIRM_DST);
        final JsonNode status = api.getJson("/v1/status");
        assertFalse(status.path("pending_confirm").isMissingNode() || status.path("pending_confirm").isNull(),
            "a commit awaits confirmation: " + status);
    }

    @Test
    @Order(6)
    void shouldRefuseACommitMadeFromAnOlderVersion()
    {
        final long running = runningVersion();
        final String before = runningDocument();
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("document", document(Change.NEIGHBOR));
        body.put("base_version", running - 1);
        body.put("message", "made from an older version");
        final ApiClient.Answer answer = api.post("/v1/commits", body);
        audited.add(new Audited("a stale-version commit", "/v1/commits", answer.status()));
        assertEquals(409, answer.status(), answer.toString());
        assertEquals("stale-version", answer.problemReason(), answer.toString());
        assertTrue(answer.header("content-type").startsWith("application/problem+json"), answer.headers().toString());
        assertEquals(running, runningVersion(), "nothing committed");
        assertEquals(before, runningDocument(), "the running document is as it was");
        assertTrue(ping(STATIC_DST), "routes as they were");
    }

    @Test
    @Order(7)
    void shouldLetAReadTokenReadButNotCommit() throws Exception
    {
        final ApiClient.Answer created = api.post("/v1/tokens", Map.of("name", "its-reader", "role", "read"));
        audited.add(new Audited("a read token made", "/v1/tokens", created.status()));
        assertEquals(201, created.status(), created.toString());
        final JsonNode token = created.json();
        final String secret = token.hasNonNull("secret") ? token.path("secret").asText() : token.path("token").asText();
        assertFalse(secret.isEmpty(), "the secret is shown once: " + created);
        final long running = runningVersion();

        // Tokens are for the TCP listener (TLS); the router's namespace holds it.
        final ApiClient.Answer anonymous = overTcp(Optional.empty(), "GET", "/v1/status", null);
        audited.add(new Audited("no token on TCP", "/v1/status", anonymous.status()));
        assertEquals(401, anonymous.status(), anonymous.toString());
        assertEquals(200, overTcp(Optional.of(secret), "GET", "/v1/status", null).status(), "a read token reads");

        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("document", document(Change.NEIGHBOR));
        body.put("base_version", running);
        body.put("message", "a reader tries to commit");
        final ApiClient.Answer refused = overTcp(Optional.of(secret), "POST", "/v1/commits", body);
        audited.add(new Audited("a commit with a read token", "/v1/commits", refused.status()));
        assertEquals(403, refused.status(), refused.toString());
        final ApiClient.Answer rollback = overTcp(Optional.of(secret), "POST", "/v1/rollback", Map.of("number", firstCommit));
        audited.add(new Audited("a rollback with a read token", "/v1/rollback", rollback.status()));
        assertEquals(403, rollback.status(), rollback.toString());
        // The CLI against the TCP listener with that token: refused, exit 1, the refusal printed.
        final JunctionCli.Run cliRefused = cli.runIn(nsJ, "config", "commit", documentFile(Change.NEIGHBOR).toString(),
            "-m", "a reader tries the CLI", "--api", "https://" + API_TCP, "--token", secret, "--insecure");
        audited.add(new Audited("junction config commit with a read token", "/v1/commits", 403));
        assertEquals(1, cliRefused.exitCode(), "refused: " + cliRefused.stderr() + cliRefused.stdout());
        assertEquals(running, runningVersion(), "nothing committed");
    }

    /** A request to the API's TCP+TLS listener with curl inside the router's namespace (a self-signed certificate). */
    ApiClient.Answer overTcp(final Optional<String> bearer, final String method, final String path, final Object body)
        throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("curl", "-sS", "-k", "--max-time", "10", "-X", method,
            "-o", "/dev/stdout", "-w", "\n%{http_code}"));
        bearer.ifPresent(t -> command.addAll(List.of("-H", "Authorization: Bearer " + t)));
        if (null != body)
        {
            final Path file = Files.createTempFile(work, "body", ".json");
            Files.writeString(file, ApiClient.JSON.writeValueAsString(body));
            command.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", "@" + file));
        }
        command.add("https://" + API_TCP + path);
        final String out = nsJ.exec(Duration.ofSeconds(15), command.toArray(String[]::new)).orThrow("curl " + path);
        final int newline = out.lastIndexOf('\n');
        return new ApiClient.Answer(Integer.parseInt(out.substring(newline + 1).strip()), Map.of(),
            newline < 0 ? "" : out.substring(0, newline));
    }

    @Test
    @Order(8)
    @Timeout(CONFIRM_MINUTES * 60 + 120)
    void shouldRollBackTheUnconfirmedCommitWhenItsWindowEnds() throws Exception
    {
        assertTrue(confirmCommit > 0, "the confirm test made its commit");
        final JsonNode rolledBack = PeerDaemon.waitFor(() -> api.getJson("/v1/commits?limit=1"),
            list -> latest(list).path("number").asLong() > confirmCommit, Duration.ofSeconds(CONFIRM_MINUTES * 60L + 90),
            "the router rolls back commit " + confirmCommit + " once its confirm window ends");
        final JsonNode commit = latest(rolledBack);
        assertEquals("junction", commit.path("author").asText(), commit.toString());
        assertTrue(commit.path("message").asText().contains("not confirmed"), commit.toString());
        assertNoPing(CONFIRM_DST);
        assertTrue(ping(STATIC_DST), "the commit before it stays");
        final JsonNode status = api.getJson("/v1/status");
        assertTrue(status.path("pending_confirm").isMissingNode() || status.path("pending_confirm").isNull(), status.toString());
    }

    @Test
    @Order(9)
    void shouldRestoreTheFirstCommitsRoutesAndSessionsOnRollback() throws Exception
    {
        final Untouched before = untouched();
        final JunctionCli.Run rollback = cli.run("config", "rollback", Long.toString(firstCommit));
        audited.add(new Audited("junction config rollback", "/v1/rollback", rollback.ok() ? 201 : 0));
        rollback.orFail();
        assertEquals(document(Change.NONE), runningDocument(), "the first commit's document runs again");

        // Sessions: gobgp6 is gone (GoBGP sees its session end), the others were not reset.
        PeerDaemon.waitFor(() -> neighbors().containsKey("gobgp6"), present -> !present, T, "gobgp6 removed");
        PeerDaemon.waitFor(() -> gobgp.established(toGobgp.address6()), up -> !up, T, "GoBGP's IPv6 session ended");
        // Routes: the policies' effects undone at both peers, the static route gone from forwarding.
        bird.waitForRoute(GOBGP_NET, r -> true, T);
        bird.waitForRoute(GOBGP_NET_2, r -> true, T);
        bird.waitForRoute(JUNCTION_NET, r -> !r.communities().contains(BIRD_TAG), T);
        gobgp.waitForRoute(JUNCTION_NET, r -> !r.largeCommunities().contains(GOBGP_TAG), T);
        assertNoPing(STATIC_DST);
        assertEquals(Optional.empty(), lookup(STATIC_DST));
        assertUntouched(before, "the rollback");
    }

    @Test
    @Order(10)
    void shouldHaveEveryWriteAndRefusalInTheAuditLog()
    {
        final JsonNode records = api.getJson("/v1/audit?limit=1000");
        final List<String> lines = new ArrayList<>();
        for (final JsonNode record : records.isArray() ? records : records.path("records"))
        {
            lines.add(record.toString());
        }
        assertFalse(lines.isEmpty(), "audit records: " + records);
        // Each write by its path (and its status when it was refused); as many refusals as were made.
        for (final Audited write : audited)
        {
            final String status = Integer.toString(write.status());
            final boolean refusal = write.status() >= 400;
            assertTrue(lines.stream().anyMatch(line -> line.contains(write.path()) && (!refusal || line.contains(status))),
                "the audit log has " + write + ":\n" + String.join("\n", lines));
        }
        for (final int status : new int[]{401, 403, 409})
        {
            final long made = audited.stream().filter(a -> a.status() == status).count();
            final long recorded = lines.stream().filter(line -> line.matches(".*\"status\"\\s*:\\s*" + status + "\\b.*")).count();
            assertTrue(recorded >= made, made + " refusal(s) with " + status + " made, " + recorded + " recorded:\n"
                + String.join("\n", lines));
        }
    }

    /** The prefixes listed under {@code part} (imports, exports) of {@code neighbor}, of one kind (rejected, withdrawn...). */
    static List<String> previewPrefixes(final JsonNode preview, final String part, final String neighbor, final String kind)
    {
        final List<String> prefixes = new ArrayList<>();
        for (final JsonNode side : preview.path(part))
        {
            if (side.path("neighbor").asText().equals(neighbor))
            {
                side.path(kind).path("first").forEach(c -> prefixes.add(c.path("prefix").asText()));
            }
        }
        return prefixes;
    }

    /** The newest commit of a {@code GET /v1/commits} answer (an array, or an object with {@code commits}). */
    static JsonNode latest(final JsonNode list)
    {
        final JsonNode commits = list.isArray() ? list : list.path("commits");
        return commits.path(0);
    }
}
