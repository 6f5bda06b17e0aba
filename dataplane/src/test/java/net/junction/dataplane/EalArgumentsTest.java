package net.junction.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The EAL command line is built from the spec alone, so it is checked here rather than by starting
 * DPDK (a bad EAL argument can end the process). Expected arguments follow DPDK 22.11's EAL
 * parameters guide: {@code -a} for an allowed PCI device, {@code --vdev} for a virtual one,
 * {@code --no-pci} when there is none, {@code --no-huge} without hugepages.
 */
class EalArgumentsTest
{
    private static DataplaneSpec.Port port(final String name, final String device, final int queues, final boolean exceptionPath)
    {
        return new DataplaneSpec.Port(name, device, queues, 1500, -1, List.of(), List.of(), exceptionPath);
    }

    private static DataplaneSpec spec(
        final boolean hugepages, final List<Integer> cores, final List<String> extra, final DataplaneSpec.Port... ports)
    {
        return new DataplaneSpec("lab", Path.of("/run/junction/lab"), 512, hugepages, extra, cores, List.of(ports), List.of());
    }

    @Test
    void shouldGiveAfPacketOneQueuePairPerWorker()
    {
        final DataplaneSpec spec = spec(false, List.of(1, 2, 3), List.of(), port("p0", "net_af_packet0,iface=veth-a", 1, false));

        final List<String> args = EalArguments.build(spec, 8);

        assertTrue(args.contains("--vdev=net_af_packet0,iface=veth-a,qpairs=3"), args.toString());
        assertEquals(3, EalArguments.rxQueues(spec.ports().getFirst(), 3));
        assertEquals(3, EalArguments.txQueues(spec.ports().getFirst(), 3));
    }

    @Test
    void shouldGiveASubInterfaceItsOwnTapAndNoDevice()
    {
        final DataplaneSpec.Port parent = port("p0", "net_af_packet0,iface=veth-a", 1, true);
        final DataplaneSpec.Port vlan = new DataplaneSpec.Port("p0.100", parent.device(), 1, 1500, -1, List.of(), List.of(),
            true, 0, 100);

        final List<String> args = EalArguments.build(spec(false, List.of(1), List.of(), parent, vlan), 4);

        assertEquals(1, args.stream().filter(a -> a.startsWith("--vdev=net_af_packet0")).count(), args.toString());
        assertTrue(args.contains("--vdev=net_tap0,iface=jt-p0"), args.toString());
        assertTrue(args.contains("--vdev=net_tap1,iface=jt-p0.100"), args.toString());
    }

    @Test
    void shouldRefuseASubInterfaceBeforeItsParentOrOfASubInterface()
    {
        final DataplaneSpec.Port parent = port("p0", "net_af_packet0,iface=veth-a", 1, false);
        final DataplaneSpec.Port early = new DataplaneSpec.Port("p0.100", parent.device(), 1, 1500, -1, List.of(), List.of(),
            false, 1, 100);
        final DataplaneSpec.Port nested = new DataplaneSpec.Port("p0.200", parent.device(), 1, 1500, -1, List.of(), List.of(),
            false, 1, 200);
        final DataplaneSpec.Port reserved = new DataplaneSpec.Port("p0.4095", parent.device(), 1, 1500, -1, List.of(), List.of(),
            false, 0, 4095);

        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> spec(false, List.of(1), List.of(), early, parent));
        final DataplaneSpec.Port vlan = new DataplaneSpec.Port("p0.100", parent.device(), 1, 1500, -1, List.of(), List.of(),
            false, 0, 100);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> spec(false, List.of(1), List.of(), parent, vlan, nested));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> spec(false, List.of(1), List.of(), parent, reserved));
    }

    @Test
    void shouldKeepAfPacketQueuesWhenMoreThanWorkers()
    {
        final DataplaneSpec.Port port = port("p0", "net_af_packet0,iface=veth-a", 4, false);

        assertEquals(4, EalArguments.rxQueues(port, 2));
        assertEquals(4, EalArguments.txQueues(port, 2));
        assertTrue(EalArguments.build(spec(false, List.of(0, 1), List.of(), port), 4)
            .contains("--vdev=net_af_packet0,iface=veth-a,qpairs=4"));
    }

    @Test
    void shouldLeaveAnExplicitQpairsAlone()
    {
        final DataplaneSpec spec = spec(false, List.of(1), List.of(), port("p0", "net_af_packet1,iface=eth9,qpairs=2", 1, false));

        final List<String> args = EalArguments.build(spec, 4);

        assertTrue(args.contains("--vdev=net_af_packet1,iface=eth9,qpairs=2"), args.toString());
        assertEquals(1, args.stream().filter(a -> a.contains("qpairs")).count());
    }

    @Test
    void shouldGiveOtherDevicesTheirQueuesAndOneTxQueuePerWorker()
    {
        final DataplaneSpec.Port port = port("p0", "0000:03:00.0", 2, false);

        assertEquals(2, EalArguments.rxQueues(port, 4));
        assertEquals(4, EalArguments.txQueues(port, 4), "every worker owns a TX queue on every port");
    }

    @Test
    void shouldRecognisePciAddresses()
    {
        assertTrue(EalArguments.isPci("0000:03:00.0"));
        assertTrue(EalArguments.isPci("03:00.1"), "domain is optional");
        assertTrue(EalArguments.isPci("0000:af:1f.7,rxq_pkt_pad_en=1"), "device arguments after a comma");
        assertFalse(EalArguments.isPci("0000:03:00.8"), "function is 0-7");
        assertFalse(EalArguments.isPci("net_tap0"));
        assertFalse(EalArguments.isPci("net_af_packet0,iface=eth0"));
        assertEquals("0000:03:00.0", EalArguments.deviceName("0000:03:00.0,rxq_pkt_pad_en=1"));
        assertEquals("net_af_packet0", EalArguments.deviceName("net_af_packet0,iface=eth0"));
    }

    @Test
    void shouldAllowPciDevicesAndNotDisablePci()
    {
        final DataplaneSpec spec = spec(true, List.of(2), List.of(),
            port("p0", "0000:03:00.0", 1, false), port("p1", "0000:03:00.1,rxq_pkt_pad_en=1", 1, false));

        final List<String> args = EalArguments.build(spec, 4);

        final int first = args.indexOf("-a");
        assertEquals("0000:03:00.0", args.get(first + 1));
        assertEquals("-a", args.get(first + 2));
        assertEquals("0000:03:00.1,rxq_pkt_pad_en=1", args.get(first + 3));
        assertFalse(args.contains("--no-pci"));
    }

    @Test
    void shouldDisablePciWhenOnlyVirtualDevices()
    {
        final List<String> args = EalArguments.build(
            spec(true, List.of(1), List.of(), port("p0", "net_af_packet0,iface=a", 1, false)), 2);

        assertTrue(args.contains("--no-pci"));
        assertFalse(args.contains("-a"));
    }

    @Test
    void shouldRunWithoutHugepagesUnlessAsked()
    {
        final DataplaneSpec.Port port = port("p0", "net_af_packet0,iface=a", 1, false);

        assertTrue(EalArguments.build(spec(false, List.of(1), List.of(), port), 2).contains("--no-huge"));
        assertFalse(EalArguments.build(spec(true, List.of(1), List.of(), port), 2).contains("--no-huge"));
    }

    @Test
    void shouldAddATapPerExceptionPathNamedAfterThePort()
    {
        final DataplaneSpec spec = spec(false, List.of(1), List.of(),
            port("lan", "net_af_packet0,iface=a", 1, true),
            port("mgmt", "net_af_packet1,iface=b", 1, false),
            port("wan", "net_af_packet2,iface=c", 1, true));

        final List<String> args = EalArguments.build(spec, 2);

        assertTrue(args.contains("--vdev=net_tap0,iface=jt-lan"), args.toString());
        assertTrue(args.contains("--vdev=net_tap2,iface=jt-wan"), "the TAP's index is its port's");
        assertEquals(2, args.stream().filter(a -> a.startsWith("--vdev=net_tap")).count());
        assertEquals("jt-lan", EalArguments.tapName(spec.ports().getFirst()));
        assertEquals("net_tap1", EalArguments.tapDeviceName(1));
        assertTrue(args.indexOf("--vdev=net_af_packet0,iface=a,qpairs=1") < args.indexOf("--vdev=net_tap0,iface=jt-lan"),
            "each port's device, then its TAP: DPDK numbers ports in this order");
    }

    @Test
    void shouldPutTheMainLcoreOnACpuNoWorkerUses()
    {
        assertEquals(0, EalArguments.mainLcore(List.of(1, 2), 4));
        assertEquals(2, EalArguments.mainLcore(List.of(0, 1, 3), 4));
        assertEquals(0, EalArguments.mainLcore(List.of(0, 1), 2), "every CPU has a worker: share the first worker's");
        assertEquals(3, EalArguments.mainLcore(List.of(3, 0, 1, 2), 4), "the first worker's, in spec order");

        final List<String> args = EalArguments.build(spec(false, List.of(0, 1), List.of(),
            port("p0", "net_af_packet0,iface=a", 1, false)), 4);
        assertEquals("2", args.get(args.indexOf("-l") + 1));
    }

    @Test
    void shouldNameTheFilePrefixMemoryAndAppendExtraArguments()
    {
        final List<String> args = EalArguments.build(spec(false, List.of(1), List.of("--log-level=pmd.net.af_packet:debug", "--in-memory"),
            port("p0", "net_af_packet0,iface=a", 1, false)), 2);

        assertEquals("--file-prefix=junction-lab", args.getFirst());
        assertEquals("512", args.get(args.indexOf("-m") + 1));
        assertEquals(List.of("--log-level=pmd.net.af_packet:debug", "--in-memory"), args.subList(args.size() - 2, args.size()),
            "extra arguments last, so they can override");
        assertEquals(1, Collections.frequency(args, "-l"));
    }

    @Test
    void shouldFindTheInterfaceOfAnAfPacketDevice()
    {
        assertEquals("veth-a", EalArguments.afPacketInterface("net_af_packet0,iface=veth-a,qpairs=2"));
        assertEquals("eth1", EalArguments.afPacketInterface("net_af_packet3,qpairs=2,iface=eth1"));
        assertNull(EalArguments.afPacketInterface("net_af_packet0"));
        assertTrue(EalArguments.isAfPacket("net_af_packet12,iface=x"));
        assertFalse(EalArguments.isAfPacket("net_tap0,iface=net_af_packet"));
    }
}
