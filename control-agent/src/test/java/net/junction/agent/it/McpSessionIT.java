/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import net.junction.agent.LabIT;
import net.junction.bgp.interop.BirdPeer;
import net.junction.bgp.interop.DaemonConfig;
import net.junction.bgp.interop.DaemonConfig.ExportPolicy;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;
import net.junction.bgp.interop.DaemonLogsOnFailure;
import net.junction.bgp.interop.Interop;
import net.junction.bgp.interop.JunctionRouter;
import net.junction.bgp.interop.Netns;
import net.junction.bgp.interop.PeerDaemon;

/**
 * Issue 11 end to end: an AI agent's MCP sessions, with the official SDK's MCP client over stdio,
 * starting {@code junction mcp} (the built distribution's launcher) against a router in namespaces
 * with a BIRD peer, each answer checked against the router's API and BIRD's own table. The steps
 * are {@link McpSessionSteps}, each given the client:
 * <ol>
 * <li>agent-1 lists the tools: the set docs/mcp.md documents, with schemas and annotations;</li>
 * <li>explains a route learned from BIRD (BIRD's path won, its AS path, the import term);</li>
 * <li>proposes a policy change (import: drop a prefix of BIRD's; export: hold one of Junction's
 * back from BIRD and tag the rest) and reads the preview;</li>
 * <li>commits it (the agents' default confirm window), sees BIRD's table change and the preview
 * equal what changed, confirms;</li>
 * <li>reads the route journal (the router runs with a state directory, so it keeps one): the prefix the
 * commit dropped, BIRD's announce before, and why (the commit: number, author, message);</li>
 * <li>agent-2, a second session: malformed calls each get a clear error and change nothing;</li>
 * <li>commits a second proposal (a prepend toward BIRD, a higher local-pref for BIRD's first prefix) with
 * a one-minute window, seen in BIRD's table;</li>
 * <li>meanwhile a session with a read token (on the API's TCP listener) is refused every write, changing nothing;</li>
 * <li>the window ends: the router rolls the commit back, BIRD's table is as it was, agent-2 sees it;</li>
 * <li>and reads it in the journal: the rollback's change of BIRD's first prefix, the table at a time in the
 * window and at a time before the first commit.</li>
 * </ol>
 * Every JSON-RPC message is written to {@code target/mcp-session/transcript.json}, request/answer
 * pairs (docs/agent-session.md is made from it); the servers' stderr to {@code stderr.log} beside it.
 * One router and one BIRD for the class, about a minute and a half (the one-minute window the longest
 * part: the read token's calls are made while it runs). The steps take the client: over another
 * transport, a subclass overrides {@link #adminSession}, {@link #tokenSession}, where the API's TCP
 * listener is ({@link #apiListener}), the router's name and where the records go
 * ({@link McpHttpSessionIT}: streamable HTTP).
 * <p>
 * Needs root, bird2 (./junction setup) and the built distribution (failsafe runs after package);
 * skips otherwise. Namespaces are {@code jbi-<pid>-<n>mcp...}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DaemonLogsOnFailure.class)
@Timeout(120)
class McpSessionIT
{
    static final String NAME = "its-mcp";
    static final long JUNCTION_AS = 4_200_000_001L;
    static final long BIRD_AS = 4_200_000_051L;
    /** The veth between Junction and BIRD: 198.18.51.0/24, BIRD at .2. */
    static final int LINK = 51;
    static final String BIRD_GATEWAY = "198.18.51.2";
    // What BIRD originates; what Junction originates.
    static final String BIRD_NET = "198.19.51.0/24";
    static final String BIRD_NET_2 = "198.19.52.0/24";
    static final String JUNCTION_NET = "198.19.200.0/24";
    static final String JUNCTION_NET_2 = "198.19.201.0/24";
    /** The community the first change tags Junction's routes to BIRD with. */
    static final String TAG = "65000:51";
    /** The API's TCP+TLS listener, inside the router's namespace (loopback): bearer tokens are for TCP. */
    static final String API_TCP = "127.0.0.1:8443";
    static final String READ_TOKEN = "its-mcp-reader";
    /** The MCP client's name and version, as {@code initialize} gives them: the router's audit log records them. */
    static final McpSchema.Implementation AGENT = McpSchema.Implementation.builder("junction-it-agent", "1.0").build();
    static final Path OUT = Path.of("target", "mcp-session");

    final McpJsonMapper mcpJson = new JacksonMcpJsonMapper(new ObjectMapper());
    final McpTranscript transcript = new McpTranscript(mcpJson);
    /** What a subclass made for its transport, closed (last first) once the sessions are, before the router stops. */
    final List<AutoCloseable> transportResources = new ArrayList<>();
    private final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
    private final List<McpSyncClient> clients = new ArrayList<>();
    private final Path launcher = LabIT.junctionHome().resolve("junction");

    private Netns nsJ;
    private Netns nsBird;
    /** The run's temporary folder: the router's work files and the API's certificate ({@code api-cert.pem}). */
    Path work;
    private JunctionRouter junction;
    private BirdPeer bird;
    private ApiClient api;
    private McpSessionSteps steps;
    private McpSyncClient agent1;
    private McpSyncClient agent2;

    @BeforeAll
    void start() throws Exception
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC);
        work = Files.createTempDirectory("junction-" + routerName());
        nsJ = Netns.create("mcpj");
        nsBird = Netns.create("mcpbird");
        final String listen = apiListener(nsJ);
        // Self-signed, naming the listener's address: a client that checks it (the JDK's) may trust it.
        Netns.run(Duration.ofSeconds(20), "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:" + host(listen),
            "-keyout", work.resolve("api-key.pem").toString(), "-out", work.resolve("api-cert.pem").toString())
            .orThrow("openssl: a self-signed certificate for the API's TLS");
        junction = new JunctionRouter(nsJ, routerName());
        final JunctionRouter.Port toBird = junction.link(nsBird, LINK);
        assertEquals(BIRD_GATEWAY, toBird.peer4());
        bird = new BirdPeer(nsBird, DaemonConfig.builder(toBird.peer4(), BIRD_AS)
            .neighbor(Neighbor.of(toBird.address4(), JUNCTION_AS).holdTime(30))
            .route(StaticRoute.of(BIRD_NET))
            .route(StaticRoute.of(BIRD_NET_2))
            .export(ExportPolicy.acceptAll())
            .build());
        junction.start(section(listen, toBird));
        api = ApiClient.awaitUnixSocket(routerName(), McpSessionSteps.T);
        // BIRD once the router's API answers, so its journal is open (it opens just after the BGP speaker starts):
        // the session's start and BIRD's announces are in it as events and changes, not only in its start snapshot.
        bird.start();
        junction.waitState("bird4", "established", McpSessionSteps.T);
        bird.waitEstablished(toBird.address4(), McpSessionSteps.T);
        bird.waitForRoute(JUNCTION_NET, r -> r.asPath().equals(List.of(JUNCTION_AS)) && r.communities().isEmpty(),
            McpSessionSteps.T);
        bird.waitForRoute(JUNCTION_NET_2, r -> true, McpSessionSteps.T);
        PeerDaemon.waitFor(() -> api.getJson("/v1/bgp/neighbors/bird4").path("prefixes_accepted").path("ipv4-unicast").asLong(),
            n -> n == 2, McpSessionSteps.T, "Junction accepted BIRD's two prefixes");
        final long first = Long.parseLong(api.get("/v1/config").etag().replace("\"", ""));
        steps = new McpSessionSteps(api, bird, first);
    }

    /** Everything after the ports: the API's TCP listener, BGP with BIRD, an import term for BIRD's first prefix. */
    private String section(final String listen, final JunctionRouter.Port toBird)
    {
        return "api:\n"
            + "  listen: " + listen + "\n"
            + "  tls: {certificate: " + work.resolve("api-cert.pem") + ", key: " + work.resolve("api-key.pem") + "}\n"
            + "bgp:\n"
            + "  local-as: " + JUNCTION_AS + "\n"
            + "  router-id: " + toBird.address4() + "\n"
            + "  networks: [" + JUNCTION_NET + ", " + JUNCTION_NET_2 + "]\n"
            + "  neighbors:\n"
            + "    - {name: bird4, address: " + toBird.peer4() + ", remote-as: " + BIRD_AS
            + ", families: [ipv4-unicast], hold-time: 30, connect-retry: 1, import: from-bird, export: to-bird}\n"
            + "  policies:\n"
            + "    from-bird:\n"
            + "      terms:\n"
            + McpSessionSteps.PREFER_BIRD
            + "      otherwise: accept\n"
            + McpSessionSteps.TO_BIRD_ALL;
    }

    @AfterAll
    void stop() throws Exception
    {
        for (final McpSyncClient client : clients)
        {
            try
            {
                client.closeGracefully();
            }
            catch (final RuntimeException ex)
            {
                System.err.println("closing an MCP session: " + ex);
            }
        }
        writeRecords();
        final List<AutoCloseable> closing = new ArrayList<>(transportResources.reversed());
        closing.addAll(Arrays.asList(api, junction, bird, nsJ, nsBird));
        for (final AutoCloseable closeable : closing)
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

    // ------------------------------------------------------------------------------------------ what a transport changes

    /** The router's name ({@code /run/junction/NAME}): one per class, so that both runs may share a {@code verify}. */
    protected String routerName()
    {
        return NAME;
    }

    /**
     * Where the router's API listens on TCP ({@code api.listen}), inside {@code router}, its namespace;
     * called once the namespace exists and before the router starts (a subclass may make a path to it).
     */
    protected String apiListener(final Netns router)
    {
        return API_TCP;
    }

    /** Writes the transcript and the stdio servers' stderr to {@link #OUT}. */
    protected void writeRecords() throws IOException
    {
        transcript.write(OUT.resolve("transcript.json"));
        Files.write(OUT.resolve("stderr.log"), List.copyOf(serverErrors));
        if (!serverErrors.isEmpty())
        {
            System.out.println("[mcp] junction mcp's stderr:\n  " + String.join("\n  ", serverErrors));
        }
    }

    /** The address of {@code ADDRESS:PORT} ({@code [2001:db8::1]:8443} too). */
    static String host(final String addressAndPort)
    {
        return addressAndPort.substring(0, addressAndPort.lastIndexOf(':')).replace("[", "").replace("]", "");
    }

    // ------------------------------------------------------------------------------------------ sessions

    /**
     * A session over stdio, as an agent's MCP client makes one: it starts {@code command}
     * ({@code junction mcp ...}) and speaks to it over its stdin and stdout.
     */
    private McpSyncClient stdioSession(final String name, final String description, final List<String> command)
    {
        final StdioClientTransport transport = new StdioClientTransport(
            ServerParameters.builder(command.getFirst()).args(command.subList(1, command.size())).build(), mcpJson);
        transport.setStdErrorHandler(line -> serverErrors.add(name + ": " + line));
        return session(name, description, transport);
    }

    /**
     * A session over {@code transport} (any: stdio, streamable HTTP), initialized, each message recorded
     * in the transcript under {@code name}; closed at the end of the class unless {@link #close}d before.
     */
    protected McpSyncClient session(final String name, final String description, final McpClientTransport transport)
    {
        final McpSyncClient client = McpClient.sync(transcript.record(name, description, transport))
            .clientInfo(AGENT)
            .initializationTimeout(Duration.ofSeconds(60))
            .requestTimeout(Duration.ofSeconds(30))
            .enableCallToolSchemaCaching(true) // each structured result is checked against its tool's output schema
            .build();
        clients.add(client);
        client.initialize();
        return client;
    }

    /** {@code junction mcp --name NAME}: the router's UNIX socket, as root (admin). */
    protected McpSyncClient adminSession(final String name)
    {
        return stdioSession(name, "junction mcp --name " + NAME + " (the router's UNIX socket, as root: admin)",
            List.of("env", "JUNCTION_NO_BUILD=1", launcher.toString(), "mcp", "--name", NAME));
    }

    /** {@code junction mcp --api https://127.0.0.1:8443} in the router's namespace, with a token in {@code JUNCTION_TOKEN}. */
    protected McpSyncClient tokenSession(final String name, final String tokenName, final String secret)
    {
        return stdioSession(name, "junction mcp --api https://" + API_TCP + " --insecure, JUNCTION_TOKEN=<the read token "
                + tokenName + ">, in the router's namespace (the API's TCP listener)",
            List.of("ip", "netns", "exec", nsJ.name(), "env", "JUNCTION_NO_BUILD=1", "JUNCTION_TOKEN=" + secret,
                launcher.toString(), "mcp", "--api", "https://" + API_TCP, "--insecure"));
    }

    /** The session ends as the SDK's client ends it (over stdio: SIGTERM to {@code junction mcp}, the launcher's exec'd JVM). */
    private void close(final McpSyncClient client)
    {
        clients.remove(client);
        client.closeGracefully();
    }

    // ------------------------------------------------------------------------------------------ the steps

    @Test
    @Order(1)
    void shouldListTheDocumentedToolsWithSchemasAndAnnotations() throws Exception
    {
        agent1 = adminSession("agent-1");
        steps.listTools(agent1);
    }

    @Test
    @Order(2)
    void shouldExplainARouteLearnedFromBird()
    {
        steps.explainRouteFromBird(agent1);
    }

    @Test
    @Order(3)
    void shouldPreviewAPolicyChangeWithoutMakingIt()
    {
        steps.proposePolicyChange(agent1);
    }

    @Test
    @Order(4)
    void shouldCommitItSeeItInBirdsTableAsPreviewedAndConfirm()
    {
        steps.commitAndConfirm(agent1);
    }

    @Test
    @Order(5)
    void shouldShowTheCommitsChangeAndItsCauseInTheRouteJournal()
    {
        steps.readTheCommitInTheJournal(agent1);
        close(agent1);
    }

    @Test
    @Order(6)
    void shouldRefuseMalformedCallsAndChangeNothing()
    {
        agent2 = adminSession("agent-2");
        steps.refuseMalformedCalls(agent2);
    }

    @Test
    @Order(7)
    void shouldCommitASecondProposalWithAOneMinuteWindow()
    {
        steps.commitWithOneMinuteWindow(agent2);
    }

    @Test
    @Order(8)
    void shouldRefuseEveryWriteOfAReadTokenAndChangeNothing() throws Exception
    {
        final ApiClient.Answer created = api.post("/v1/tokens", Map.of("name", READ_TOKEN, "role", "read"));
        assertEquals(201, created.status(), created.toString());
        final String secret = created.json().path("token").asText();
        assertFalse(secret.isEmpty(), created.toString());
        final McpSyncClient reader = tokenSession("reader", READ_TOKEN, secret);
        steps.refuseWritesWithAReadToken(reader, READ_TOKEN, AGENT.name() + "/" + AGENT.version());
        close(reader);
    }

    @Test
    @Order(9)
    @Timeout(180)
    void shouldRollBackWhenTheWindowEndsUnconfirmed()
    {
        steps.seeTheRollback(agent2);
    }

    @Test
    @Order(10)
    void shouldShowTheRollbackAndThePastTablesInTheRouteJournal()
    {
        steps.readTheRollbackInTheJournal(agent2);
    }
}
