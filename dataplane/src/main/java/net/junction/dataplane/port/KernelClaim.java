package net.junction.dataplane.port;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes the kernel interfaces that {@code net_af_packet} ports read away from the kernel's own
 * IP stack, so they behave like NICs DPDK owns.
 *
 * <p>Why: af_packet copies frames, it does not take them. The router's addresses live on the
 * exception-path TAPs in the same network namespace, and Linux is a weak-host stack: without
 * this it would answer ARP, ping and TCP for those addresses on the af_packet interface too,
 * beside the data plane (duplicate replies, an exception path that "works" without the TAP).
 * A netdev-family nftables chain on the interface's ingress hook drops every frame after the
 * packet taps have seen it (af_packet still receives all of it), and IPv6 is switched off on the
 * interface so the kernel sends nothing of its own there (DAD, router solicitations, MLD).
 *
 * <p>A claim that cannot be made is an error, not a warning: a router whose kernel answers beside
 * it sends duplicate replies and hides a broken exception path. {@link #claim} throws
 * {@link IllegalStateException} naming the interface and the failed command's output (on a
 * machine without nftables, what to install); whatever it had claimed stays claimed until
 * {@link #close}, which the owner calls on failure too. {@link #close} removes the table and
 * gives each interface back its IPv6 setting. Tested alone, without DPDK, by KernelClaimIT.
 */
public final class KernelClaim implements AutoCloseable
{
    static final String INSTALL_HINT = "nftables is needed to claim af_packet interfaces from the kernel: " +
        "install it (Debian: apt-get install nftables)";
    private static final Path IPV6_CONF = Path.of("/proc/sys/net/ipv6/conf");

    private final String table;
    private final List<String> interfaces = new ArrayList<>();
    /** disable_ipv6 of each interface before its claim, restored on close. */
    private final Map<String, String> ipv6Before = new LinkedHashMap<>();
    private boolean tableCreated;

    public KernelClaim(final String routerName)
    {
        table = "junction-" + routerName;
    }

    /** The nftables table (family netdev) that holds one ingress chain per claimed interface. */
    public String table()
    {
        return table;
    }

    /**
     * Claims an interface: IPv6 off on it, then a drop-everything ingress chain on it.
     *
     * @throws IllegalStateException when either cannot be done; the message names the interface
     *     and carries the command's output.
     */
    public void claim(final String iface)
    {
        disableIpv6(iface);
        if (!tableCreated)
        {
            HostCommand.failure("nft", "delete", "table", "netdev", table); // a table left by a killed run
            nft(iface, "add", "table", "netdev", table);
            tableCreated = true;
        }
        nft(iface, "add", "chain", "netdev", table, "claim-" + iface,
            "{ type filter hook ingress device \"" + iface + "\" priority -500; policy drop; }");
        interfaces.add(iface);
    }

    public List<String> interfaces()
    {
        return List.copyOf(interfaces);
    }

    @Override
    public void close()
    {
        if (tableCreated)
        {
            final String failure = HostCommand.failure("nft", "delete", "table", "netdev", table);
            if (failure != null)
            {
                System.err.println("junction: releasing af_packet interfaces " + interfaces + ": " + failure);
            }
            tableCreated = false;
            interfaces.clear();
        }
        for (final Map.Entry<String, String> e : ipv6Before.entrySet())
        {
            try
            {
                Files.writeString(IPV6_CONF.resolve(e.getKey()).resolve("disable_ipv6"), e.getValue());
            }
            catch (final IOException ex)
            {
                // the interface may be gone with its namespace or its veth peer: nothing to give back
            }
        }
        ipv6Before.clear();
    }

    /**
     * Through /proc rather than sysctl(8): interface names may hold dots, which sysctl reads as
     * separators. A kernel without IPv6 (no /proc/sys/net/ipv6) has nothing to switch off.
     */
    private void disableIpv6(final String iface)
    {
        if (!Files.isDirectory(IPV6_CONF))
        {
            return;
        }
        final Path file = IPV6_CONF.resolve(iface).resolve("disable_ipv6");
        try
        {
            final String before = Files.readString(file, StandardCharsets.US_ASCII).trim();
            Files.writeString(file, "1");
            ipv6Before.putIfAbsent(iface, before);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot claim af_packet interface " + iface + " from the kernel: " +
                "writing 1 to " + file + " failed (" + ex + "); is " + iface + " an interface in this network namespace?", ex);
        }
    }

    private void nft(final String iface, final String... args)
    {
        final String[] command = new String[args.length + 1];
        command[0] = "nft";
        System.arraycopy(args, 0, command, 1, args.length);
        final String failure = HostCommand.failure(command);
        if (failure != null)
        {
            throw new IllegalStateException("cannot claim af_packet interface " + iface + " from the kernel " +
                "(without the claim the kernel answers ARP, ND, ping and TCP there beside the data plane): " + failure +
                (failure.startsWith("cannot run") ? "; " + INSTALL_HINT : ""));
        }
    }
}
