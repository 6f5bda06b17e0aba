/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import net.junction.agent.commit.InvalidChangeCorpus;
import net.junction.agent.it.ApiClient;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;

/**
 * Issue 10's corpus of invalid changes ({@link InvalidChangeCorpus}) replayed through a live router's
 * API: {@code ./junction run} started from the corpus's base document as it is (DPDK
 * {@code net_af_packet} ports on veths named as the base names them, {@code cor0} and {@code cor1},
 * its {@code net_null0} port), its neighbor {@code transit1} a real BIRD that announces three routes
 * (two pass the base's import policy), then every case posted to {@code POST /v1/commits} on the
 * router's UNIX socket. Each must be answered 422 with the case's RFC 9457 {@code reason} and an
 * {@code errors[]} entry naming its field, and the running state read after it must be the state read
 * before the first case: running document and ETag, every page of the routes, the ports (name,
 * device, MAC, MTU, addresses, link), the BGP neighbors (state, flaps, prefixes; uptime not reset),
 * the commit history, the RIB and FIB counts. One router for all cases, so a refusal that changed
 * anything shows in every case after it too.
 * <p>
 * Adapted to what runs here, in the base and every case alike ({@link #onThisMachine}): port p1's
 * MTU is 1500, not 9000 (DPDK's TAP PMD, the exception path, takes frames of at most 1522 bytes, and
 * {@code net_af_packet} of its frame size: the router refuses to start at 9000); and on a machine
 * without CPU 2 (the corpus's base is valid with 4), the cases that add CPU 2 as a valid but
 * live-impossible change name CPU 0 instead, so they still test the restart rule, not the CPU check.
 * <p>
 * Needs root, BIRD and the built distribution (failsafe runs after package); skips otherwise. DPDK
 * spins a core: run under {@code flock /tmp/jn-dpdk.lock}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(DaemonLogsOnFailure.class)
@Timeout(120)
class InvalidChangesOverApiIT
{
    private static final long TRANSIT_AS = 65001;
    private static final long JUNCTION_AS = 4_200_000_001L;
    private static final Duration T = Duration.ofSeconds(60);
    private static final String P1_JUMBO_MTU = "    mtu: 9000\n";
    private static final Pattern CORES = Pattern.compile("(?m)^cores: \\[([^\\]]*)\\]");

    private final InvalidChangeCorpus corpus = InvalidChangeCorpus.load();
    private Netns nsRouter;
    private Netns nsPeer;
    private BirdPeer transit;
    private JunctionRouter router;
    private ApiClient api;
    private RunningState before;
    private long started;

    /** What must not change, as the API shows it (neighbor uptimes kept apart: they grow). */
    record RunningState(JsonNode state, Map<String, Long> uptimes)
    {
    }

    @BeforeAll
    void start() throws Exception
    {
        started = System.nanoTime();
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC);
        nsRouter = Netns.create("rearo");
        nsPeer = Netns.create("reapeer");
        // The base's ports: af_packet on cor0 and cor1 (no address, no IPv6 on the router's side: the
        // data plane owns them, its TAPs carry the addresses), the far ends numbered as the base expects.
        nsRouter.exec(Duration.ofSeconds(10), "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1").orThrow("sysctl");
        Netns.veth(nsRouter, "cor0", nsPeer, "pc0");
        Netns.veth(nsRouter, "cor1", nsPeer, "pc1");
        nsRouter.exec(Duration.ofSeconds(10), "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=0").orThrow("sysctl");
        for (final String ifName : List.of("cor0", "cor1"))
        {
            nsRouter.exec(Duration.ofSeconds(10), "ethtool", "-K", ifName, "rx", "off", "tx", "off", "tso", "off", "gso",
                "off", "gro", "off");
        }
        for (final String ifName : List.of("pc0", "pc1"))
        {
            nsPeer.exec(Duration.ofSeconds(10), "ethtool", "-K", ifName, "tx", "off", "tso", "off", "gso", "off", "gro",
                "off").orThrow("ethtool on " + ifName);
        }
        nsPeer.ip("link", "set", "pc1", "address", "02:00:00:00:00:02"); // the base's static neighbor
        nsPeer.addAddress("pc0", "198.18.1.2/24");
        nsPeer.addAddress("pc0", "2001:db8:1::2/64");
        nsPeer.addAddress("pc1", "198.18.2.2/24");
        nsPeer.addAddress("pc1", "2001:db8:2::2/64");

        // transit1: AS 65001 at 198.18.2.2. The base imports 65001:* communities only, and no 198.19/16.
        transit = new BirdPeer(nsPeer, DaemonConfig.builder("198.18.2.2", TRANSIT_AS)
            .neighbor(DaemonConfig.Neighbor.of("198.18.2.1", JUNCTION_AS).holdTime(90))
            .route(StaticRoute.of("198.18.50.0/24").community("65001:1"))
            .route(StaticRoute.of("198.18.51.0/24").community("65001:7"))
            .route(StaticRoute.of("198.18.52.0/24"))
            .build());
        transit.start();

        router = new JunctionRouter(nsRouter, "corpus");
        router.startDocument(onThisMachine(corpus.base()));
        api = ApiClient.awaitUnixSocket("corpus", T);
        PeerDaemon.waitFor(() -> api.getJson("/v1/bgp/neighbors/transit1"),
            n -> "established".equals(n.path("state").asText()) && 2 == n.path("prefixes_accepted").path("ipv4-unicast").asLong(),
            T, "transit1 established with 2 prefixes accepted (log:\n" + router.logTail(20) + ")");
        PeerDaemon.waitFor(() -> api.getJson("/v1/routes?protocol=bgp&limit=1000").path("routes").size(), n -> n == 2, T,
            "the RIB holds transit1's 2 accepted routes");
        before = read();
        final JsonNode state = before.state();
        assertEquals(3, state.path("interfaces").size(), state.toString());
        assertEquals(2, state.path("neighbors").size(), state.toString());
        System.out.printf("InvalidChangesOverApiIT: router up in %.1f s; compared after each case: config version %s, " +
            "%d routes, %d ports, neighbors %s, %d commits, FIB %s%n", (System.nanoTime() - started) / 1e9,
            state.path("etag").asText(), state.path("routes").size(), state.path("interfaces").size(),
            state.path("neighbors").findValuesAsText("state"), state.path("commits").size(),
            state.path("status").path("fib_routes"));
    }

    @AfterAll
    void stop()
    {
        for (final AutoCloseable closeable : new AutoCloseable[]{api, router, transit, nsRouter, nsPeer})
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
        System.out.printf("InvalidChangesOverApiIT: %d cases in %.1f s in all%n", corpus.cases().size(),
            (System.nanoTime() - started) / 1e9);
    }

    List<InvalidChangeCorpus.Case> cases()
    {
        return corpus.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldRefuseTheChangeNamingItsFieldAndChangeNothing(final InvalidChangeCorpus.Case c)
    {
        final Map<String, Object> request = new LinkedHashMap<>();
        request.put("document", onThisMachine(c.document()));
        request.put("base_version", before.state().path("status").path("running_version").asLong());
        request.put("message", c.what());
        final ApiClient.Answer answer = api.post("/v1/commits", request);

        assertEquals(422, answer.status(), c + ": " + answer);
        final JsonNode problem = answer.json();
        assertEquals(c.problemType(), problem.path("reason").asText(), c + ": " + answer);
        assertEquals("urn:junction:problem:" + c.problemType(), problem.path("type").asText(), c + ": " + answer);
        boolean named = false;
        for (final JsonNode error : problem.path("errors"))
        {
            named |= c.matches(error.path("field").asText() + ": " + error.path("message").asText());
        }
        assertTrue(named, c + ": no error names " + c.field() + c.message().map(m -> " with '" + m + "'").orElse("") +
            ": " + answer);

        final RunningState after = read();
        assertEquals(before.state(), after.state(), c + " changed the running state");
        for (final Map.Entry<String, Long> uptime : before.uptimes().entrySet())
        {
            assertTrue(after.uptimes().get(uptime.getKey()) >= uptime.getValue(),
                c + ": neighbor " + uptime.getKey() + "'s uptime went back: " + before.uptimes() + " -> " + after.uptimes());
        }
        assertTrue(router.isAlive(), c + ": the router is gone; log:\n" + router.logTail(20));
    }

    /**
     * The running state through the cheapest calls that cover it: the running document and its ETag,
     * status (running version, RIB and FIB counts by family, ports, neighbors), interfaces without
     * their counters, neighbors without uptime and last error, every page of the routes, the history.
     */
    private RunningState read()
    {
        final ObjectNode state = JsonNodeFactory.instance.objectNode();
        final ApiClient.Answer config = api.get("/v1/config");
        assertEquals(200, config.status(), config.toString());
        state.put("config", config.body());
        state.put("etag", config.etag());

        final ObjectNode status = (ObjectNode) api.getJson("/v1/status").deepCopy();
        status.remove(List.of("uptime_seconds", "version"));
        state.set("status", status);

        final ArrayNode interfaces = state.putArray("interfaces");
        for (final JsonNode port : api.getJson("/v1/interfaces"))
        {
            interfaces.add(JsonNodeFactory.instance.objectNode()
                .put("name", port.path("name").asText())
                .put("device", port.path("device").asText())
                .put("mac", port.path("mac").asText())
                .put("mtu", port.path("mtu").asInt())
                .put("link_up", port.path("link_up").asBoolean())
                .set("addresses", port.path("addresses")));
        }

        final Map<String, Long> uptimes = new LinkedHashMap<>();
        final ArrayNode neighbors = state.putArray("neighbors");
        for (final JsonNode neighbor : api.getJson("/v1/bgp/neighbors"))
        {
            final ObjectNode kept = (ObjectNode) neighbor.deepCopy();
            kept.remove(List.of("uptime_seconds", "last_error"));
            if (!"established".equals(neighbor.path("state").asText()))
            {
                // A neighbor nobody answers (peer6) moves between idle, connect and active on its own.
                kept.put("state", "not established");
            }
            else
            {
                uptimes.put(neighbor.path("name").asText(), neighbor.path("uptime_seconds").asLong());
            }
            neighbors.add(kept);
        }

        final ArrayNode routes = state.putArray("routes");
        String cursor = "";
        do
        {
            final JsonNode page = api.getJson("/v1/routes?limit=1000" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
            page.path("routes").forEach(routes::add);
            cursor = page.path("next_cursor").asText("");
        }
        while (!cursor.isEmpty() && !"null".equals(cursor));

        state.set("commits", api.getJson("/v1/commits?limit=100"));
        return new RunningState(state, uptimes);
    }

    /**
     * A corpus document as this machine can run it: p1's {@code mtu: 9000} as 1500 (the TAP PMD's
     * limit), and CPU 2 named as CPU 0 when CPU 2 does not exist here.
     */
    static String onThisMachine(final String corpusDocument)
    {
        final String document = corpusDocument.replace(P1_JUMBO_MTU, "    mtu: 1500\n");
        if (Files.exists(Path.of("/sys/devices/system/cpu/cpu2")))
        {
            return document;
        }
        final Matcher cores = CORES.matcher(document);
        if (!cores.find())
        {
            return document;
        }
        final List<String> cpus = new ArrayList<>();
        for (final String cpu : cores.group(1).split(","))
        {
            cpus.add("2".equals(cpu.strip()) ? "0" : cpu.strip());
        }
        return document.substring(0, cores.start()) + "cores: [" + String.join(", ", cpus) + "]" +
            document.substring(cores.end());
    }
}
