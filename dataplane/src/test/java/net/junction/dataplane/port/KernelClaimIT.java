package net.junction.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import net.junction.dataplane.Conditions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The kernel claim tested alone, without DPDK and without the lab's own precautions: the claimed
 * namespace keeps every sysctl at its default (IPv6 on, arp_ignore 0, rp_filter as created), so only
 * {@link KernelClaim} stands between the peer and the kernel's answers.
 *
 * <pre>
 *   cla-kc-p (peer)                               cla-kc-r (the router's namespace)
 *   cla-p0 198.18.77.2/24 2001:db8:77::2/64 ─veth─ cla-r0 198.18.77.1/24 2001:db8:77::1/64  (claimed)
 *          routes to 198.18.78.0/24, 2001:db8:78::/64          cla-tap0 (veth to cla-tap0x, the TAP's stand-in)
 *          via 198.18.77.1, 2001:db8:77::1                             198.18.78.1/32 2001:db8:78::1/128
 *                                                 TCP listener on [::]:7199 (v4 and v6)
 * </pre>
 *
 * From the peer: ARP for both IPv4 addresses (the one on the TAP's stand-in is answered on the veth
 * by the weak-host model), ND, ping and TCP to all four addresses. Unclaimed, every probe is
 * answered (so each probe can fail); claimed by the real class in a process inside cla-kc-r, none
 * is, while an af_packet socket on cla-r0 still receives every probe frame (what the data plane
 * reads); released, IPv4 is answered again, the nftables table is gone and IPv6 is back on.
 * The claim is made by {@link KernelClaimHolder}: nft and /proc/sys act in the namespace of their
 * process, as they do for the router in its own.
 *
 * <p>Needs: root, nft (nftables), iproute2, ping, /usr/bin/python3 (the lab's labtool.py sends the
 * raw ARP/ND probes). Namespaces and links are cla-*; removed before and after, failure or not. cla-nf0 (a veth
 * pair inside cla-kc-r) takes the failed claims.
 * Run it alone among namespace tests: {@code flock /tmp/jn-dpdk.lock}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
public class KernelClaimIT
{
    static final String NS_R = "cla-kc-r";
    static final String NS_P = "cla-kc-p";
    static final String IF_R = "cla-r0";
    static final String IF_P = "cla-p0";
    static final String IF_TAP = "cla-tap0";
    static final String IF_SPARE = "cla-nf0";
    static final String ROUTER = "cla-kc";
    static final String R4 = "198.18.77.1";
    static final String P4 = "198.18.77.2";
    static final String TAP4 = "198.18.78.1";
    static final String R6 = "2001:db8:77::1";
    static final String P6 = "2001:db8:77::2";
    static final String TAP6 = "2001:db8:78::1";
    static final int TCP_PORT = 7199;
    static final int PROBES = 3;
    private static final long COMMAND_SECONDS = 20;
    private static final Duration POLL_PAUSE = Duration.ofMillis(100);
    private static final String HOST_PATH = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");

    private Path work;
    private Path labtool;
    private Process listener;
    private String macR;
    private String macP;

    record Result(int exit, String out)
    {
        boolean ok()
        {
            return exit == 0;
        }
    }

    /** Runs a command to its end, bounded; output (stdout and stderr) trimmed. */
    static Result run(final String... command)
    {
        try
        {
            final Path out = Files.createTempFile("cla-kc", ".out");
            try
            {
                final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS))
                {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    return new Result(-1, String.join(" ", command) + ": did not finish in " + COMMAND_SECONDS + " s");
                }
                return new Result(p.exitValue(), Files.readString(out).trim());
            }
            finally
            {
                Files.deleteIfExists(out);
            }
        }
        catch (final IOException ex)
        {
            return new Result(-1, "cannot run " + String.join(" ", command) + ": " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    static void must(final String... command)
    {
        final Result r = run(command);
        if (!r.ok())
        {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exit() + "): " + r.out());
        }
    }

    static boolean waitFor(final long seconds, final BooleanSupplier condition)
    {
        return Conditions.within(Duration.ofSeconds(seconds), POLL_PAUSE, condition);
    }

    static boolean isRoot()
    {
        return "0".equals(run("id", "-u").out());
    }

    static Path junctionHome()
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

    static void removeNamespaces()
    {
        for (final String ns : List.of(NS_R, NS_P))
        {
            final Result pids = run("ip", "netns", "pids", ns);
            if (pids.ok())
            {
                for (final String pid : pids.out().split("\\s+"))
                {
                    if (!pid.isBlank())
                    {
                        run("kill", "-KILL", pid);
                    }
                }
            }
            run("ip", "netns", "del", ns);
        }
    }

    @BeforeAll
    void buildNamespaces() throws IOException
    {
        Assumptions.assumeTrue(isRoot(), "needs root (network namespaces, nftables); CI runs as root");
        assertTrue(run("nft", "--version").ok(), KernelClaim.INSTALL_HINT);
        assertTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 is needed for the raw ARP/ND probes");
        labtool = junctionHome().resolve("scripts/lab/labtool.py");
        assertTrue(Files.isRegularFile(labtool), "missing " + labtool);
        work = Files.createTempDirectory("cla-kc");
        removeNamespaces();
        must("ip", "netns", "add", NS_R);
        must("ip", "netns", "add", NS_P);
        must("ip", "link", "add", "name", IF_R, "netns", NS_R, "type", "veth", "peer", "name", IF_P, "netns", NS_P);
        // Stand-ins with a link up (no dummy driver on every kernel): veth pairs inside NS_R.
        must("ip", "-n", NS_R, "link", "add", IF_TAP, "type", "veth", "peer", "name", IF_TAP + "x");
        must("ip", "-n", NS_R, "link", "add", IF_SPARE, "type", "veth", "peer", "name", IF_SPARE + "x");
        for (final String[] link : new String[][] {{NS_R, "lo"}, {NS_R, IF_R}, {NS_R, IF_TAP}, {NS_R, IF_TAP + "x"},
            {NS_R, IF_SPARE}, {NS_R, IF_SPARE + "x"}, {NS_P, "lo"}, {NS_P, IF_P}})
        {
            must("ip", "-n", link[0], "link", "set", link[1], "up");
        }
        must("ip", "-n", NS_R, "addr", "add", R4 + "/24", "dev", IF_R);
        must("ip", "-n", NS_R, "-6", "addr", "add", R6 + "/64", "dev", IF_R);
        must("ip", "-n", NS_R, "addr", "add", TAP4 + "/32", "dev", IF_TAP);
        must("ip", "-n", NS_R, "-6", "addr", "add", TAP6 + "/128", "dev", IF_TAP);
        must("ip", "-n", NS_P, "addr", "add", P4 + "/24", "dev", IF_P);
        must("ip", "-n", NS_P, "-6", "addr", "add", P6 + "/64", "dev", IF_P);
        must("ip", "-n", NS_P, "route", "add", "198.18.78.0/24", "via", R4);
        must("ip", "-n", NS_P, "-6", "route", "add", "2001:db8:78::/64", "via", R6);
        // Duplicate address detection is left on (a default): wait for it instead.
        assertTrue(waitFor(15, () -> run("ip", "-n", NS_R, "-6", "addr", "show", "tentative").out().isEmpty() &&
            run("ip", "-n", NS_P, "-6", "addr", "show", "tentative").out().isEmpty()), "IPv6 addresses still tentative");
        macR = mac(NS_R, IF_R);
        macP = mac(NS_P, IF_P);

        final Path ready = work.resolve("listener.ready");
        listener = new ProcessBuilder(exec(NS_R, "/usr/bin/python3", labtool.toString(), "tcp-server", "::",
            Integer.toString(TCP_PORT), ready.toString(), "200", "1000"))
            .redirectErrorStream(true).redirectOutput(work.resolve("listener.log").toFile()).start();
        assertTrue(waitFor(10, () -> Files.exists(ready)), "the TCP listener in " + NS_R + " did not start");
    }

    @AfterAll
    void removeAll() throws IOException
    {
        if (listener != null)
        {
            listener.destroyForcibly();
        }
        removeNamespaces();
        if (work != null)
        {
            try (var files = Files.list(work))
            {
                for (final Path f : files.toList())
                {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    static String[] exec(final String ns, final String... command)
    {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        return full.toArray(String[]::new);
    }

    static String mac(final String ns, final String iface) throws IOException
    {
        final String out = run("ip", "-n", ns, "-o", "link", "show", iface).out();
        final int at = out.indexOf("link/ether ");
        if (at < 0)
        {
            throw new IOException("no MAC for " + iface + ": " + out);
        }
        return out.substring(at + 11, at + 28);
    }

    static String sysctl(final String ns, final String key)
    {
        return run(exec(ns, "sysctl", "-n", key)).out();
    }

    /** @return "REPLIES MAC,..." as labtool prints it. */
    private String arp(final String target)
    {
        return run(exec(NS_P, "/usr/bin/python3", labtool.toString(), "arp-probe", IF_P, P4, target,
            Integer.toString(PROBES))).out();
    }

    private String nd(final String target)
    {
        return run(exec(NS_P, "/usr/bin/python3", labtool.toString(), "nd-probe", IF_P, P6, target,
            Integer.toString(PROBES))).out();
    }

    private boolean ping(final String target)
    {
        return run(exec(NS_P, "ping", target.contains(":") ? "-6" : "-4", "-c1", "-W2", target)).ok();
    }

    private Result tcp(final String target)
    {
        return run(exec(NS_P, "/usr/bin/python3", labtool.toString(), "tcp-client", target,
            Integer.toString(TCP_PORT), "2"));
    }

    /** Every probe of the test, with what it got, one per line. */
    private List<String> probeAll(final boolean ipv6)
    {
        final List<String> seen = new ArrayList<>();
        seen.add("arp " + R4 + ": " + arp(R4));
        seen.add("arp " + TAP4 + ": " + arp(TAP4));
        if (ipv6)
        {
            seen.add("nd " + R6 + ": " + nd(R6));
        }
        for (final String target : ipv6 ? List.of(R4, TAP4, R6, TAP6) : List.of(R4, TAP4))
        {
            seen.add("ping " + target + ": " + (ping(target) ? "answered" : "no answer"));
        }
        for (final String target : ipv6 ? List.of(R4, TAP4, R6, TAP6) : List.of(R4, TAP4))
        {
            final Result r = tcp(target);
            seen.add("tcp " + target + ": " + (r.ok() ? "connected" : "no connection") + " (" + r.out() + ")");
        }
        return seen;
    }

    private static void assertAllAnswered(final List<String> seen, final String mac, final String when)
    {
        for (final String line : seen)
        {
            final boolean answered = line.startsWith("arp") || line.startsWith("nd") ?
                line.endsWith(": " + PROBES + " " + mac) : line.contains(": answered") || line.contains(": connected");
            assertTrue(answered, when + ", want every probe answered (by the kernel, once per probe): " + line +
                "\nall probes:\n" + String.join("\n", seen));
        }
    }

    private static void assertNoneAnswered(final List<String> seen)
    {
        for (final String line : seen)
        {
            final boolean silent = line.startsWith("arp") || line.startsWith("nd") ?
                line.endsWith(": 0 -") : line.contains(": no answer") || line.contains(": no connection");
            assertTrue(silent, "claimed, the kernel must not answer: " + line + "\nall probes:\n" + String.join("\n", seen));
        }
    }

    /** A process in NS_R holding the claim of IFACE until its stdin closes. */
    private Process startHolder(final Path log, final String path, final String iface) throws IOException
    {
        final String classPath = String.join(File.pathSeparator,
            codeSource(KernelClaim.class), codeSource(KernelClaimHolder.class));
        final ProcessBuilder builder = new ProcessBuilder(exec(NS_R, "env", "PATH=" + path,
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
            KernelClaimHolder.class.getName(), ROUTER, iface))
            .redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private static String codeSource(final Class<?> type)
    {
        try
        {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        }
        catch (final java.net.URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static String read(final Path log)
    {
        try
        {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    private static void stop(final Process holder) throws IOException, InterruptedException
    {
        holder.getOutputStream().close();
        if (!holder.waitFor(20, TimeUnit.SECONDS))
        {
            holder.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldKeepTheKernelSilentOnAClaimedInterfaceWithDefaultSysctls() throws Exception
    {
        assertEquals("0", sysctl(NS_R, "net.ipv4.conf." + IF_R + ".arp_ignore"), "arp_ignore must be at its default");
        assertEquals("0", sysctl(NS_R, "net.ipv6.conf." + IF_R + ".disable_ipv6"), "IPv6 must be on, as by default");

        final List<String> before = probeAll(true);
        before.forEach(line -> System.out.println("[claim] unclaimed: " + line));
        assertAllAnswered(before, macR, "before the claim");

        final Path log = work.resolve("holder.log");
        final Process holder = startHolder(log, HOST_PATH, IF_R);
        try
        {
            assertTrue(waitFor(60, () -> read(log).contains("claimed") || read(log).contains("failed") || !holder.isAlive()),
                "the claim holder said nothing within 60 s: " + read(log));
            assertTrue(read(log).startsWith("claimed [" + IF_R + "]"), "the claim failed: " + read(log));

            final Path stop = work.resolve("sniff.stop");
            final Path sniffLog = work.resolve("sniff.log");
            final Process sniffer = new ProcessBuilder(exec(NS_R, "/usr/bin/python3", labtool.toString(), "sniff",
                IF_R, macP, stop.toString(), "120")).redirectErrorStream(true).redirectOutput(sniffLog.toFile()).start();
            final List<String> claimed;
            try
            {
                Thread.sleep(300); // the sniffer's socket is bound by then; a late start only lowers its count
                claimed = probeAll(true);
            }
            finally
            {
                Files.createFile(stop);
                if (!sniffer.waitFor(10, TimeUnit.SECONDS))
                {
                    sniffer.destroyForcibly();
                }
            }
            claimed.forEach(line -> System.out.println("[claim] claimed: " + line));
            assertNoneAnswered(claimed);
            assertTrue(run(exec(NS_R, "nft", "list", "chain", "netdev", "junction-" + ROUTER, "claim-" + IF_R)).ok(),
                "no ingress chain for " + IF_R + " while claimed");
            // ARP 2 x 3 and ND 3 frames at least: what the data plane reads is still there.
            final String sniffed = read(sniffLog).trim();
            System.out.println("[claim] claimed: frames from the peer seen by af_packet on " + IF_R + ": " + sniffed);
            assertTrue(sniffed.matches("\\d+") && Integer.parseInt(sniffed) >= 3 * PROBES,
                "an af_packet socket on the claimed " + IF_R + " must still receive the peer's frames; it saw: " + sniffed);
            assertTrue(holder.isAlive(), "the claim holder exited early: " + read(log));
        }
        finally
        {
            stop(holder);
        }
        assertTrue(read(log).contains("released"), "the claim was not released: " + read(log));
        assertFalse(run(exec(NS_R, "nft", "list", "table", "netdev", "junction-" + ROUTER)).ok(),
            "the claim's nftables table outlived close()");
        assertEquals("0", sysctl(NS_R, "net.ipv6.conf." + IF_R + ".disable_ipv6"), "close() must give IPv6 back");

        // IPv4 only: switching IPv6 off removed the veth's global IPv6 address, close() cannot restore it.
        final List<String> after = probeAll(false);
        after.forEach(line -> System.out.println("[claim] released: " + line));
        assertAllAnswered(after, macR, "after close()");
    }

    /**
     * Starts a claim holder that must refuse the claim, waits for it to exit with 1 and returns what
     * it printed.
     */
    private String refusedClaim(final String logName, final String path, final String iface) throws Exception
    {
        final Path log = work.resolve(logName);
        final Process holder = startHolder(log, path, iface);
        try
        {
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "the claim holder did not exit: " + read(log));
            assertEquals(1, holder.exitValue(), read(log));
        }
        finally
        {
            stop(holder);
        }
        return read(log);
    }

    @Test
    void shouldRefuseTheClaimAndSayWhatToInstallWithoutNftables() throws Exception
    {
        final String out = refusedClaim("holder-no-nft.log", work.toString(), IF_SPARE); // a PATH with no nft on it
        assertTrue(out.startsWith("failed: cannot claim af_packet interface " + IF_SPARE), out);
        assertTrue(out.contains("apt-get install nftables"), out);
        assertEquals("0", sysctl(NS_R, "net.ipv6.conf." + IF_SPARE + ".disable_ipv6"),
            "a failed claim must give back what it changed");
    }

    @Test
    void shouldRefuseToClaimAnInterfaceThatIsNotThere() throws Exception
    {
        final String out = refusedClaim("holder-absent.log", HOST_PATH, "cla-absent0");
        assertTrue(out.startsWith("failed: cannot claim af_packet interface cla-absent0"), out);
        assertFalse(run(exec(NS_R, "nft", "list", "table", "netdev", "junction-" + ROUTER)).ok(),
            "a failed claim left its nftables table behind");
    }
}
