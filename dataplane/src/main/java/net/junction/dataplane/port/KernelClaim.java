package net.junction.dataplane.port;

import java.util.ArrayList;
import java.util.List;

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
 * interface. The table is removed when the data plane stops.
 */
public final class KernelClaim implements AutoCloseable
{
    private final String table;
    private final List<String> interfaces = new ArrayList<>();
    private boolean tableCreated;

    public KernelClaim(final String routerName)
    {
        table = "junction-" + routerName;
    }

    /** Claims an interface; on a machine without nftables it warns and carries on. */
    public void claim(final String iface)
    {
        run(false, "sysctl", "-q", "-w", "net.ipv6.conf." + iface + ".disable_ipv6=1");
        if (!tableCreated)
        {
            run(false, "nft", "delete", "table", "netdev", table); // a table left by a killed run
            if (!run(true, "nft", "add", "table", "netdev", table))
            {
                return;
            }
            tableCreated = true;
        }
        if (run(true, "nft", "add", "chain", "netdev", table, "claim-" + iface,
            "{ type filter hook ingress device \"" + iface + "\" priority -500; policy drop; }"))
        {
            interfaces.add(iface);
        }
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
            run(false, "nft", "delete", "table", "netdev", table);
            tableCreated = false;
            interfaces.clear();
        }
    }

    private static boolean run(final boolean warn, final String... command)
    {
        final String failure = HostCommand.failure(command);
        if (failure != null && warn)
        {
            System.out.println("junction: warning: " + failure + "; the kernel may answer beside the data plane on " +
                "af_packet interfaces (is nftables installed?)");
        }
        return failure == null;
    }
}
