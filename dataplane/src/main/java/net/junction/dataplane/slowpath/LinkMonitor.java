package net.junction.dataplane.slowpath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.port.PortTable;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Watches each port's link and publishes it to the workers (who stop sending to a port that is
 * down) and to the counters file (gauge {@code port.NAME.link}, 1 = up).
 *
 * <p>DPDK 22.11's net_af_packet always reports its link up, so for it the kernel interface's
 * carrier in sysfs is the truth (FIELD-NOTES); other devices answer rte_eth_link_get_nowait.
 */
public final class LinkMonitor
{
    private final PortTable ports;
    private final BooleanSupplier[] sources;
    private final AtomicBuffer values;
    private final int[] gaugeOffsets;
    private final boolean[] last;
    private int changes;

    public LinkMonitor(final PortTable ports, final BooleanSupplier[] sources, final CountersFile counters)
    {
        this.ports = ports;
        this.sources = sources.clone();
        values = counters.values();
        gaugeOffsets = new int[ports.count()];
        last = new boolean[ports.count()];
        for (int p = 0; p < ports.count(); p++)
        {
            gaugeOffsets[p] = counters.allocate("port." + ports.name(p) + ".link", CountersFile.TYPE_GAUGE, 0);
        }
        poll(true);
    }

    /** The carrier of a kernel interface, as the af_packet device sees it (true when unreadable: assume up). */
    public static BooleanSupplier sysfsCarrier(final String interfaceName)
    {
        final Path carrier = Path.of("/sys/class/net", interfaceName, "carrier");
        final Path operstate = Path.of("/sys/class/net", interfaceName, "operstate");
        return () ->
        {
            try
            {
                final String state = Files.readString(operstate).trim();
                if ("down".equals(state) || "lowerlayerdown".equals(state))
                {
                    return false;
                }
                return "1".equals(Files.readString(carrier).trim());
            }
            catch (final IOException ex)
            {
                return false; // an interface that went away, or whose carrier reads EINVAL while down
            }
        };
    }

    /** Reads every link. @return how many changed. */
    public int poll()
    {
        return poll(false);
    }

    private int poll(final boolean first)
    {
        int changed = 0;
        for (int p = 0; p < sources.length; p++)
        {
            final boolean up = sources[p].getAsBoolean();
            if (first || up != last[p])
            {
                last[p] = up;
                ports.linkUp(p, up);
                values.putLongRelease(gaugeOffsets[p], up ? 1 : 0);
                if (!first)
                {
                    changed++;
                    System.out.println("junction: port " + ports.name(p) + " link " + (up ? "up" : "down"));
                }
            }
        }
        changes += changed;
        return changed;
    }

    public int changes()
    {
        return changes;
    }
}
