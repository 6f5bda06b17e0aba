package net.junction.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.junction.dataplane.packet.Ip6;
import org.junit.jupiter.api.Test;

/**
 * What the fast path knows of each port, and the link-local address derived from its MAC.
 */
class PortTableTest
{
    @Test
    void shouldDeriveModifiedEui64FromMac()
    {
        // RFC 4291 appendix A: insert ff:fe in the middle, flip the universal/local bit.
        assertEquals(0x5054_00FF_FE12_3456L, Ip6.eui64InterfaceId(0x52_54_00_12_34_56L));
        assertEquals(0x0200_00FF_FE00_0001L, Ip6.eui64InterfaceId(0x00_00_00_00_00_01L), "the u/l bit set for a universal MAC");
        assertEquals(0x0000_00FF_FE00_0001L, Ip6.eui64InterfaceId(0x02_00_00_00_00_01L), "and cleared for a local one");
        assertEquals(0xFDFF_FFFF_FEFF_FFFFL, Ip6.eui64InterfaceId(0xFF_FF_FF_FF_FF_FFL));
    }

    @Test
    void shouldDefineAPortWithItsLinkLocalAddress()
    {
        final PortTable ports = new PortTable(2);
        ports.define(1, "uplink", 7, 0x52_54_00_12_34_56L, 9000, 0xC612_0201, 0x2001_0DB8_0002_0000L, 1);

        assertEquals(2, ports.count());
        assertEquals("uplink", ports.name(1));
        assertEquals(7, ports.devicePort(1));
        assertEquals(0x52_54_00_12_34_56L, ports.mac(1));
        assertEquals(9000, ports.mtu(1));
        assertEquals(0xC612_0201, ports.ip4Source(1));
        assertEquals(0x2001_0DB8_0002_0000L, ports.ip6SourceHigh(1));
        assertEquals(1, ports.ip6SourceLow(1));
        assertEquals(0xFE80_0000_0000_0000L, ports.ip6LinkLocalHigh(1), "fe80::/64");
        assertEquals(0x5054_00FF_FE12_3456L, ports.ip6LinkLocalLow(1));
        assertEquals(1, ports.portOfDevice(7));
        assertEquals(-1, ports.portOfDevice(3));
    }

    @Test
    void shouldStartLinkDownWithoutTapAndFollowUpdates()
    {
        final PortTable ports = new PortTable(1);
        ports.define(0, "p0", 0, 1, 1500, 0, 0, 0);

        assertFalse(ports.linkUp(0), "down until the link monitor says otherwise");
        assertEquals(PortTable.NO_TAP, ports.tapDevicePort(0));
        ports.linkUp(0, true);
        ports.tapDevicePort(0, 4);
        assertTrue(ports.linkUp(0));
        assertEquals(4, ports.tapDevicePort(0));
        ports.linkUp(0, false);
        assertFalse(ports.linkUp(0));
    }
}
