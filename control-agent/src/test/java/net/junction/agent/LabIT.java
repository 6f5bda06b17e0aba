package net.junction.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * End to end, as a user runs it: {@code ./junction lab --check} builds the namespaces h1, h2 and
 * the router's, starts Junction on DPDK net_af_packet ports and runs every check of the lab
 * (ping and ping6 across, ARP and ND, traceroute, TTL exceeded, no-route unreachable, a TCP
 * connection to a kernel socket through the exception path, iperf3, link down seen, counters),
 * then BGP with a BIRD peer in h2 over the exception path: both sessions established, its
 * prefixes accepted into the FIB and reachable from h1, h1's networks seen at BIRD with
 * Junction's AS path and large community; then the running router changed and asked through its API,
 * MCP and route journal (a commit, a rollback, a confirm window left to expire, a Prometheus scrape, an
 * MCP explain and propose-commit, why BIRD's withdrawn prefix left the table).
 * Each check becomes one test here, so a failure names the check and carries its line.
 *
 * <p>Needs: root (namespaces, DPDK), the Debian packages the launcher installs, the built
 * distribution (failsafe runs after {@code package}). Runs the lab once for all checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class LabIT
{
    static final List<String> CHECKS = List.of(
        "ping4", "ping6", "arp", "nd", "traceroute4", "traceroute6", "ttl-exceeded4", "ttl-exceeded6",
        "unreachable4", "unreachable6", "exception-tcp", "iperf3", "link-down", "counters",
        "bgp-session", "bgp-routes", "bgp-reach4", "bgp-reach6", "bgp-export",
        "api-commit", "api-rollback", "metrics", "mcp-explain", "mcp-propose-commit", "api-confirm-expiry", "journal-why",
        "fragment4", "pmtu4", "pmtu6", "capture",
        "nsf-kill", "nsf-restart", "vlan", "rfc8950", "rpki", "copp-flood", "lacp-failover");
    /** The whole lab took 133 s on an idle 2-CPU machine with every check (api-confirm-expiry waits out a 1-minute window). */
    private static final long LAB_TIMEOUT_SECONDS = 600; // copp-flood adds some 25 s (a 13 s flood, 7 s around it), lacp-failover 30 s

    private final Map<String, String> results = new LinkedHashMap<>();
    private final List<String> output = new ArrayList<>();
    private int exitCode = -1;

    /** @return the folder of the ./junction launcher, found above the working directory. */
    public static Path junctionHome()
    {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("junction")))
        {
            dir = dir.getParent();
        }
        if (dir == null)
        {
            throw new IllegalStateException("cannot find the ./junction launcher above " + System.getProperty("user.dir"));
        }
        return dir;
    }

    static boolean isRoot()
    {
        try
        {
            final Process id = new ProcessBuilder("id", "-u").start();
            return "0".equals(new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * The lab's router: `junction run`, or its two processes (`junction dataplane`, `junction control`), with the
     * config the lab writes in its jn-lab.XXXXXX folder.
     */
    static boolean isLabRouter(final String commandLine)
    {
        return (commandLine.contains("net.junction.agent.Main run") || commandLine.contains("net.junction.agent.Main dataplane") ||
            commandLine.contains("net.junction.agent.Main control")) && commandLine.contains("/jn-lab.");
    }

    @BeforeAll
    void runLab() throws Exception
    {
        Assumptions.assumeTrue(isRoot(), "the lab needs root (network namespaces, DPDK); CI runs as root");
        final Path home = junctionHome();
        final Path log = Files.createTempFile("junction-lab-it", ".log");
        final ProcessBuilder builder = new ProcessBuilder(home.resolve("junction").toString(), "lab", "--check")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().put("JUNCTION_NO_BUILD", "1"); // the jars were just packaged by this build
        final Process lab = builder.start();
        if (!lab.waitFor(LAB_TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            lab.destroy(); // SIGTERM: the lab script removes what it made
            if (!lab.waitFor(30, TimeUnit.SECONDS))
            {
                lab.destroyForcibly();
            }
        }
        exitCode = lab.isAlive() ? -1 : lab.exitValue();
        output.addAll(Files.readAllLines(log));
        Files.deleteIfExists(log);
        for (final String line : output)
        {
            System.out.println("[lab] " + line);
            final String[] words = line.trim().split("\\s+", 3);
            if (words.length >= 2 && ("PASS".equals(words[0]) || "FAIL".equals(words[0])))
            {
                results.put(words[1], line.trim());
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> shouldPassEveryLabCheck()
    {
        return CHECKS.stream().map(check -> DynamicTest.dynamicTest(check, () ->
        {
            final String line = results.get(check);
            if (line == null)
            {
                fail("the lab printed no line for check '" + check + "' (exit " + exitCode + "); its output:\n" +
                    String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size())));
            }
            assertTrue(line.startsWith("PASS"), line);
        }));
    }

    @TestFactory
    Stream<DynamicTest> shouldExitZeroAndCleanUp()
    {
        return Stream.of(
            DynamicTest.dynamicTest("exit code", () -> assertEquals(0, exitCode, "lab --check exit code; output:\n" +
                String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size())))),
            DynamicTest.dynamicTest("no namespace left", () ->
            {
                final Process list = new ProcessBuilder("ip", "netns", "list").start();
                final String namespaces = new String(list.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                list.waitFor();
                assertTrue(namespaces.lines().noneMatch(n -> n.startsWith("jn-lab-")), "left behind: " + namespaces);
            }),
            DynamicTest.dynamicTest("no router left", () ->
                assertTrue(ProcessHandle.allProcesses().noneMatch(p ->
                    isLabRouter(p.info().commandLine().orElse(""))), "a router process of the lab is still running")));
    }
}
