package net.junction.dataplane.slowpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import net.junction.dataplane.counters.CounterSnapshot;
import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.port.PortTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Link state from its sources to the port table the workers read and to the {@code port.NAME.link}
 * gauge the status command reads.
 */
class LinkMonitorTest
{
    @TempDir
    Path directory;

    @Test
    void shouldPublishLinkStateAndCountChanges()
    {
        final PortTable ports = new PortTable(2);
        ports.define(0, "p0", 0, 1, 1500, 0, 0, 0);
        ports.define(1, "p1", 1, 2, 1500, 0, 0, 0);
        final boolean[] carrier = {true, false};
        final BooleanSupplier[] sources = {() -> carrier[0], () -> carrier[1]};
        try (CountersFile file = CountersFile.create(directory.resolve("counters.dat"), 16))
        {
            final LinkMonitor links = new LinkMonitor(ports, sources, file);

            assertTrue(ports.linkUp(0), "published at construction");
            assertFalse(ports.linkUp(1));
            assertEquals(1, CounterSnapshot.read(file).get("port.p0.link"));
            assertEquals(0, CounterSnapshot.read(file).get("port.p1.link"));
            assertEquals(0, links.poll(), "nothing changed");

            carrier[0] = false;
            carrier[1] = true;
            assertEquals(2, links.poll());

            assertFalse(ports.linkUp(0));
            assertTrue(ports.linkUp(1));
            assertEquals(0, CounterSnapshot.read(file).get("port.p0.link"));
            assertEquals(1, CounterSnapshot.read(file).get("port.p1.link"));
            assertEquals(0, links.poll());
            assertEquals(2, links.changes());
        }
    }

    @Test
    void shouldReadAMissingInterfaceAsDown()
    {
        assertFalse(LinkMonitor.sysfsCarrier("jt-does-not-exist-0").getAsBoolean());
    }
}
