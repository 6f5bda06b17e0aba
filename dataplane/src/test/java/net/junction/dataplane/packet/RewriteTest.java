package net.junction.dataplane.packet;

import static net.junction.dataplane.packet.PacketMemory.hex;
import static net.junction.dataplane.packet.PacketMemory.naiveChecksum;
import static net.junction.dataplane.packet.PacketMemory.put16;
import static net.junction.dataplane.packet.PacketMemory.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import net.junction.dataplane.DropReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RewriteTest
{
    private final PacketMemory memory = new PacketMemory();

    @AfterEach
    void close()
    {
        memory.close();
    }

    @Test
    void shouldDecrementTtlWithAChecksumEqualToAFullRecomputation()
    {
        final Random random = new Random(1624);
        final long l3 = memory.frame();
        final long deadline = System.nanoTime() + 2_000_000_000L;
        int checked = 0;
        while (checked < 300_000 || System.nanoTime() - deadline < 0 && checked < 3_000_000)
        {
            final int headerLength = 20 + 4 * random.nextInt(11);
            final byte[] header = new byte[headerLength];
            random.nextBytes(header);
            header[0] = (byte)(0x40 | headerLength / 4);
            final int ttl = 2 + random.nextInt(254);
            header[8] = (byte)ttl;
            put16(header, 10, 0);
            put16(header, 10, naiveChecksum(header));
            PacketMemory.write(l3, header);

            assertEquals(DropReason.NONE, Ip4Rewrite.decrementTtl(l3));

            header[8] = (byte)(ttl - 1);
            put16(header, 10, 0);
            put16(header, 10, naiveChecksum(header));
            assertArrayEquals(header, read(l3, headerLength));
            checked++;
        }
    }

    @Test
    void shouldReportTtlExceededAndLeaveTheHeaderAlone()
    {
        for (final int ttl : new int[] {0, 1})
        {
            final byte[] packet = TestFrames.ip4(TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, ttl, 0, new byte[0],
                new byte[8]);
            final long l3 = memory.frame(packet);
            assertEquals(DropReason.TTL_EXCEEDED, Ip4Rewrite.decrementTtl(l3));
            assertArrayEquals(packet, read(l3, packet.length));
        }
        final byte[] two = TestFrames.ip4(TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, 2, 0, new byte[0], new byte[8]);
        final long l3 = memory.frame(two);
        assertEquals(DropReason.NONE, Ip4Rewrite.decrementTtl(l3));
        assertEquals(1, Ip4.ttl(l3));
        assertEquals(DropReason.TTL_EXCEEDED, Ip4Rewrite.decrementTtl(l3));
    }

    @Test
    void shouldDecrementTheHopLimit()
    {
        final byte[] frame = hex(GoldenFrames.IP6_ECHO_REQUEST);
        final long l3 = memory.frame(frame) + 14;
        assertEquals(DropReason.NONE, Ip6Rewrite.decrementHopLimit(l3));
        assertEquals(63, Ip6.hopLimit(l3));

        final byte[] hopOne = hex(GoldenFrames.IP6_ECHO_REQUEST_HOP1);
        final long expiring = memory.frame(hopOne) + 14;
        assertEquals(DropReason.TTL_EXCEEDED, Ip6Rewrite.decrementHopLimit(expiring));
        assertArrayEquals(hopOne, read(expiring - 14, hopOne.length));
        Ip6.hopLimit(expiring, 0);
        assertEquals(DropReason.TTL_EXCEEDED, Ip6Rewrite.decrementHopLimit(expiring));
    }

    @Test
    void shouldForwardTheGoldenEchoRequestAsLinuxWould()
    {
        // Linux forwarded IP4_ECHO_REQUEST; the echo reply came back through it. Forward the request
        // ourselves and check TTL 63 and a header checksum a recomputation agrees with.
        final byte[] frame = hex(GoldenFrames.IP4_ECHO_REQUEST);
        final long received = memory.frame(frame);
        final long l3 = received + 14;
        assertEquals(DropReason.NONE, Ip4Rewrite.decrementTtl(l3));
        final int l2 = Ip4Rewrite.prependL2(l3, 0x0200_0000_0201L, 0x0200_0000_0002L, Ethernet.NO_TAG, Ethernet.NO_TAG);
        assertEquals(14, l2);
        final byte[] out = read(l3 - l2, frame.length);
        assertArrayEquals(hex("020000000201 020000000002 0800"), PacketMemory.slice(out, 0, 14));
        assertEquals(63, out[22]);
        assertEquals(0, naiveChecksum(out, 14, 20));
        assertArrayEquals(PacketMemory.slice(frame, 26, frame.length - 26), PacketMemory.slice(out, 26, frame.length - 26));
    }

    @Test
    void shouldStripAddAndKeepVlanTagsOnTheWayOut()
    {
        final byte[] tagged = PacketMemory.concat(hex("020000000001 020000000101 8100 0064 86dd"),
            PacketMemory.slice(hex(GoldenFrames.IP6_ECHO_REQUEST), 14, 104));
        final long frame = memory.frame(tagged);
        final EthernetParse parse = new EthernetParse();
        assertEquals(DropReason.NONE, Ethernet.parse(frame, tagged.length, parse));
        final long l3 = frame + parse.l3Offset();
        assertEquals(DropReason.NONE, Ip6Input.validate(l3, parse.l3Length()));

        final int stripped = Ip6Rewrite.prependL2(l3, 0x0200_0000_0201L, 0x0200_0000_0002L, Ethernet.NO_TAG, Ethernet.NO_TAG);
        assertEquals(14, stripped);
        assertEquals(parse.l3Offset() - stripped, 4, "frame start moves 4 bytes forwards");
        assertEquals(Ethernet.ETHER_TYPE_IPV6, Ethernet.etherType(l3 - stripped));

        final int kept = Ip6Rewrite.prependL2(l3, 0x0200_0000_0201L, 0x0200_0000_0002L, parse.sTagTci(), parse.cTagTci());
        assertEquals(18, kept);
        assertArrayEquals(hex("020000000201 020000000002 8100 0064 86dd"), read(l3 - kept, 18));

        final int qinq = Ip6Rewrite.prependL2(l3, 0x0200_0000_0201L, 0x0200_0000_0002L, 5, parse.cTagTci());
        assertEquals(22, qinq);
        assertEquals(DropReason.NONE, Ethernet.parse(l3 - qinq, qinq + 104, parse));
        assertEquals(5, parse.sVlanId());
        assertEquals(100, parse.cVlanId());
        assertEquals(22, parse.l3Offset());
    }
}
