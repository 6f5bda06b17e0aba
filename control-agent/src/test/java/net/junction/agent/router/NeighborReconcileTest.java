/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import net.junction.agent.config.ConfigDocuments;
import net.junction.agent.config.JunctionConfig;
import net.junction.dataplane.Dataplane;
import net.junction.dataplane.DataplaneSpec;
import net.junction.routing.Ip4Address;
import net.junction.routing.IpAddress;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A control plane that connects to a data plane of another process makes it hold the committed static neighbors
 * ({@link SpecMapping#reconcileNeighbors}), read back through the reverse stream: pushes the missing and the
 * differing, removes the ones the configuration has not, leaves learned entries alone.
 */
class NeighborReconcileTest
{
    private static final String TWO_STATIC = ConfigDocuments.TWO_PORTS + """
        neighbors:
          - {address: 198.18.2.2, port: p1, mac: 02:00:00:00:00:02}
          - {address: 2001:db8:1::9, port: p0, mac: 02:00:00:00:00:09}
        """;

    /** What the fake's {@code neighbors} request reads back: its static entries (permanent), then the learned. */
    private static void readBack(final FakeDataplane dataplane, final Dataplane.NeighborEntry... learned)
    {
        dataplane.neighborEntries.clear();
        for (final DataplaneSpec.Neighbor n : dataplane.neighbors)
        {
            dataplane.neighborEntries.add(new Dataplane.NeighborEntry(n.port(),
                null == n.ip6() ? new Ip4Address(n.ip4()) : n.ip6(), n.mac(), "permanent"));
        }
        dataplane.neighborEntries.addAll(List.of(learned));
    }

    @Test
    void shouldChangeNothingWhenTheDataPlaneHoldsTheCommittedOnes() throws Exception
    {
        final JunctionConfig config = PortReconcileTest.parse(TWO_STATIC);
        final FakeDataplane dataplane = new FakeDataplane(SpecMapping.dataplaneSpec(config, Path.of("/tmp")));
        readBack(dataplane, new Dataplane.NeighborEntry(0, IpAddress.parse("198.18.1.2"), 0x0200_0000_0005L, "reachable"));
        assertEquals(List.of(), SpecMapping.reconcileNeighbors(config, dataplane));
        assertEquals(List.of(), dataplane.calls, "nothing to change");
    }

    @Test
    void shouldPushTheMissingAndTheDifferingAndRemoveTheOthers() throws Exception
    {
        // The data plane started from a file with other static neighbors than the running configuration's.
        final JunctionConfig file = PortReconcileTest.parse(ConfigDocuments.TWO_PORTS + """
            neighbors:
              - {address: 198.18.2.2, port: p1, mac: 02:00:00:00:00:0f}
              - {address: 198.18.1.7, port: p0, mac: 02:00:00:00:00:07}
            """);
        final FakeDataplane dataplane = new FakeDataplane(SpecMapping.dataplaneSpec(file, Path.of("/tmp")));
        // 2001:db8:1::9 is known to it, but learned (stale), not static.
        final Dataplane.NeighborEntry learned =
            new Dataplane.NeighborEntry(0, IpAddress.parse("2001:db8:1::9"), 0x0200_0000_0009L, "stale");
        readBack(dataplane, learned);

        final JunctionConfig committed = PortReconcileTest.parse(TWO_STATIC);
        final List<String> changes = SpecMapping.reconcileNeighbors(committed, dataplane);
        assertEquals(List.of(
            "198.18.1.7 on p0 is 02:00:00:00:00:07: removed (not in the running configuration)",
            "198.18.2.2 on p1 is 02:00:00:00:00:02: set (the data plane had it static at 02:00:00:00:00:0f)",
            "2001:db8:1::9 on p0 is 02:00:00:00:00:09: set static (the data plane had it stale, learned)"), changes);
        assertEquals(Set.copyOf(SpecMapping.dataplaneSpec(committed, Path.of("/tmp")).neighbors()), Set.copyOf(dataplane.neighbors),
            "the committed static neighbors, and only they");
        assertTrue(dataplane.calls.getFirst().startsWith("neighbor- "), "removals first: " + dataplane.calls);

        readBack(dataplane);
        assertEquals(List.of(), SpecMapping.reconcileNeighbors(committed, dataplane), "in step now");
    }

    @Test
    void shouldAddAStaticNeighborTheDataPlaneDoesNotKnowAndLeaveLearnedOnesAlone() throws Exception
    {
        final FakeDataplane dataplane = new FakeDataplane(
            SpecMapping.dataplaneSpec(PortReconcileTest.parse(ConfigDocuments.TWO_PORTS), Path.of("/tmp")));
        readBack(dataplane, new Dataplane.NeighborEntry(1, IpAddress.parse("198.18.2.5"), 0x0200_0000_0005L, "reachable"));
        final JunctionConfig committed = PortReconcileTest.parse(TWO_STATIC);
        assertEquals(List.of("198.18.2.2 on p1 is 02:00:00:00:00:02: added (the data plane had no entry)",
            "2001:db8:1::9 on p0 is 02:00:00:00:00:09: added (the data plane had no entry)"),
            SpecMapping.reconcileNeighbors(committed, dataplane));
        assertEquals(2, dataplane.calls.size(), "the learned 198.18.2.5 is not touched: " + dataplane.calls);
    }

    @Test
    void shouldNameTheNeighborTheDataPlaneRefuses() throws Exception
    {
        final FakeDataplane dataplane = new FakeDataplane(
            SpecMapping.dataplaneSpec(PortReconcileTest.parse(ConfigDocuments.TWO_PORTS), Path.of("/tmp")));
        readBack(dataplane);
        dataplane.refuse = "neighbor+";
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> SpecMapping.reconcileNeighbors(PortReconcileTest.parse(TWO_STATIC), dataplane));
        assertEquals("the data plane refused to add the static neighbor 198.18.2.2 on p1 is 02:00:00:00:00:02: " +
            "refused neighbor+ " + new DataplaneSpec.Neighbor(1, ((Ip4Address)IpAddress.parse("198.18.2.2")).value(), null,
            0x0200_0000_0002L), refused.getMessage());
        assertEquals(List.of(), dataplane.calls, "nothing changed");
    }
}
