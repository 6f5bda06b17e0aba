package net.junction.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The EAL arguments of a link aggregation port: its members as devices of their own, probed before the
 * bond's {@code net_bonding} vdev that names them ({@code slave=}, DPDK 22.11's bonding guide), mode 4.
 */
class EalArgumentsBondTest
{
    private static final List<String> MEMBERS = List.of("net_af_packet10,iface=r-b0", "net_af_packet11,iface=r-b1");

    private static DataplaneSpec.Port bond(final String name, final List<String> members, final int queues)
    {
        return new DataplaneSpec.Port(name, EalArguments.bondDevice(name, members), queues, 1500, -1, List.of(), List.of(),
            true, new DataplaneSpec.Bond(members));
    }

    private static DataplaneSpec spec(final List<Integer> cores, final DataplaneSpec.Port... ports)
    {
        return new DataplaneSpec("lacp", Path.of("/run/junction/lacp"), 512, false, List.of(), cores, List.of(ports), List.of());
    }

    @Test
    void shouldNameTheMembersInTheBondsDevice()
    {
        assertEquals("net_bonding_lag0,mode=4,slave=net_af_packet10,slave=net_af_packet11",
            EalArguments.bondDevice("lag0", MEMBERS));
        assertEquals("net_bonding_lag0", EalArguments.deviceName(EalArguments.bondDevice("lag0", MEMBERS)));
    }

    @Test
    void shouldProbeTheMembersBeforeTheBondWithAQueuePairPerWorker()
    {
        final List<String> args = EalArguments.build(spec(List.of(1, 2), bond("lag0", MEMBERS, 1)), 4);

        final int first = args.indexOf("--vdev=net_af_packet10,iface=r-b0,qpairs=2");
        final int second = args.indexOf("--vdev=net_af_packet11,iface=r-b1,qpairs=2");
        final int bond = args.indexOf("--vdev=net_bonding_lag0,mode=4,slave=net_af_packet10,slave=net_af_packet11");
        assertTrue(first >= 0 && second > first && bond > second, args.toString());
        assertTrue(args.indexOf("--vdev=net_tap0,iface=jt-lag0") > bond, "the exception path's TAP is the bond's: " + args);
        assertTrue(args.contains("--no-pci"), args.toString());
    }

    @Test
    void shouldGiveABondOfAfPacketMembersTheirQueues()
    {
        final DataplaneSpec.Port port = bond("lag0", MEMBERS, 1);

        assertEquals(3, EalArguments.rxQueues(port, 3), "every af_packet socket of the fanout is polled");
        assertEquals(3, EalArguments.txQueues(port, 3));
        assertEquals(List.of("r-b0", "r-b1"), EalArguments.afPacketInterfaces(port));
    }

    @Test
    void shouldAllowPciMembers()
    {
        final DataplaneSpec.Port port = bond("lag1", List.of("0000:03:00.0", "0000:03:00.1"), 2);

        final List<String> args = EalArguments.build(spec(List.of(1), port), 4);

        assertEquals("0000:03:00.0", args.get(args.indexOf("-a") + 1));
        assertEquals("0000:03:00.1", args.get(args.lastIndexOf("-a") + 1));
        assertTrue(args.contains("--vdev=net_bonding_lag1,mode=4,slave=0000:03:00.0,slave=0000:03:00.1"), args.toString());
        assertFalse(args.contains("--no-pci"), args.toString());
        assertEquals(2, EalArguments.rxQueues(port, 1));
        assertEquals(1, EalArguments.txQueues(port, 1), "one TX queue per worker, as any port that is not af_packet");
        assertEquals(List.of(), EalArguments.afPacketInterfaces(port));
    }

    @Test
    void shouldRefuseABondWithoutMembers()
    {
        assertThrows(IllegalArgumentException.class, () -> new DataplaneSpec.Bond(List.of()));
    }
}
