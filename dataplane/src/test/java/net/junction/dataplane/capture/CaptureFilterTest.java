package net.junction.dataplane.capture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class CaptureFilterTest
{
    private static byte[] ip4(final String src, final String dst, final int protocol, final int srcPort, final int dstPort)
        throws Exception
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8);
        b.position(12);
        b.putShort((short)0x0800);
        b.put((byte)0x45).put((byte)0).putShort((short)28).putInt(0).put((byte)64).put((byte)protocol).putShort((short)0);
        b.put(InetAddress.ofLiteral(src).getAddress()).put(InetAddress.ofLiteral(dst).getAddress());
        b.putShort((short)srcPort).putShort((short)dstPort);
        return b.array();
    }

    private static byte[] ip6(final String src, final String dst, final int nextHeader) throws Exception
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 40 + 8);
        b.position(12);
        b.putShort((short)0x86DD);
        b.putInt(0x60000000).putShort((short)8).put((byte)nextHeader).put((byte)64);
        b.put(InetAddress.ofLiteral(src).getAddress()).put(InetAddress.ofLiteral(dst).getAddress());
        return b.array();
    }

    private static boolean matches(final String filter, final byte[] frame)
    {
        return CaptureFilter.parse(filter).matches(new UnsafeBuffer(frame), 0, frame.length);
    }

    @Test
    void shouldMatchTheSubset() throws Exception
    {
        final byte[] echo = ip4("198.18.1.10", "198.18.2.20", 1, 0x0800, 0);
        final byte[] dns = ip4("198.18.1.10", "198.18.2.20", 17, 40000, 53);
        final byte[] v6 = ip6("2001:db8:1::10", "2001:db8:2::20", 58);
        assertTrue(matches("", echo));
        assertTrue(matches("icmp", echo));
        assertFalse(matches("icmp", dns));
        assertTrue(matches("udp and port 53", dns));
        assertTrue(matches("dst port 53", dns));
        assertFalse(matches("src port 53", dns));
        assertTrue(matches("host 198.18.2.20", echo));
        assertTrue(matches("src host 198.18.1.10 and not udp", echo));
        assertFalse(matches("dst host 198.18.1.10", echo));
        assertTrue(matches("net 198.18.0.0/15", echo));
        assertFalse(matches("net 198.19.0.0/16", echo));
        assertTrue(matches("icmp6 and net 2001:db8:2::/48", v6));
        assertFalse(matches("ip", v6));
        assertTrue(matches("ip6 or arp", v6));
        assertTrue(matches("(tcp or udp) and port 53", dns));
        assertFalse(matches("(tcp or icmp) and port 53", dns));
    }

    @Test
    void shouldRefuseWhatIsNotInTheSubset()
    {
        assertThrows(IllegalArgumentException.class, () -> CaptureFilter.parse("ether host 00:11:22:33:44:55"));
        assertThrows(IllegalArgumentException.class, () -> CaptureFilter.parse("host"));
        assertThrows(IllegalArgumentException.class, () -> CaptureFilter.parse("port 70000"));
        assertThrows(IllegalArgumentException.class, () -> CaptureFilter.parse("host example.com"));
        assertThrows(IllegalArgumentException.class, () -> CaptureFilter.parse("(icmp"));
    }
}
