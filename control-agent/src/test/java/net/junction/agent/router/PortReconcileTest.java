/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import net.junction.agent.config.ConfigDocuments;
import net.junction.agent.config.ConfigLoader;
import net.junction.agent.config.JunctionConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A control plane that connects to a data plane of another process makes it run the committed ports
 * ({@link SpecMapping#reconcilePorts}): the data plane started from its file, which commits may have changed.
 */
class PortReconcileTest
{
    static JunctionConfig parse(final String yaml) throws Exception
    {
        return ConfigLoader.parse(yaml, 4);
    }

    @Test
    void shouldSetTheCommittedMtuAndAddressesAndNothingWhenTheyAgree() throws Exception
    {
        final JunctionConfig file = parse(ConfigDocuments.TWO_PORTS);
        final FakeDataplane dataplane = new FakeDataplane(SpecMapping.dataplaneSpec(file, Path.of("/tmp")));
        assertEquals(List.of(), SpecMapping.reconcilePorts(file, dataplane));
        assertEquals(List.of(), dataplane.calls, "nothing to change");

        final JunctionConfig committed = parse(ConfigDocuments.TWO_PORTS
            .replace("addresses: [198.18.2.1/24]", "addresses: [198.18.2.1/24, 198.18.3.1/24]\n    mtu: 1400"));
        final List<String> changes = SpecMapping.reconcilePorts(committed, dataplane);
        assertEquals(List.of("ports[1].mtu 1500 -> 1400", "ports[1].addresses 1 -> 2 (as committed)"), changes);
        assertEquals(1400, dataplane.port(1).mtu());
        assertEquals(SpecMapping.portSpec(committed.ports().get(1)).ip4(), dataplane.port(1).ip4());
        assertEquals(List.of(), SpecMapping.reconcilePorts(committed, dataplane), "in step now");
    }

    @Test
    void shouldRefuseADataPlaneRunningOtherPorts() throws Exception
    {
        final FakeDataplane dataplane = new FakeDataplane(SpecMapping.dataplaneSpec(parse(ConfigDocuments.TWO_PORTS),
            Path.of("/tmp")));
        final JunctionConfig renamed = parse(ConfigDocuments.TWO_PORTS.replace("name: p1", "name: uplink"));
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> SpecMapping.reconcilePorts(renamed, dataplane));
        assertTrue(refused.getMessage().contains("needs the data plane's restart"), refused.getMessage());
        assertEquals(List.of(), dataplane.calls, "nothing changed");
    }

    @Test
    void shouldSetTheCommittedControlPlanePolicingAndNothingWhenItAgrees() throws Exception
    {
        final JunctionConfig file = parse(ConfigDocuments.TWO_PORTS);
        final FakeDataplane dataplane = new FakeDataplane(SpecMapping.dataplaneSpec(file, Path.of("/tmp")));
        assertEquals(List.of(), SpecMapping.reconcileCopp(file, dataplane));
        assertEquals(List.of(), dataplane.calls, "nothing to change");

        final JunctionConfig committed = parse(ConfigDocuments.TWO_PORTS + """
            copp: {other: {rate-pps: 50}}
            bgp:
              local-as: 4200000001
              router-id: 198.18.0.1
              neighbors:
                - {name: transit1, address: 198.18.2.2, remote-as: 65001}
            """);
        assertEquals(List.of("copp (0+0 BGP neighbors -> 1+0, rates as committed)"), SpecMapping.reconcileCopp(committed, dataplane));
        assertEquals(SpecMapping.coppPolicy(committed), dataplane.copp());
        assertEquals(List.of(), SpecMapping.reconcileCopp(committed, dataplane), "in step now");
    }
}
