package net.junction.dataplane.packet;

import static net.junction.dataplane.packet.PacketMemory.hex;
import static net.junction.dataplane.packet.PacketMemory.naiveChecksum;
import static net.junction.dataplane.packet.PacketMemory.put16;
import static net.junction.dataplane.packet.PacketMemory.u16;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import net.junction.dataplane.DropReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Ip4InputTest
{
    private final PacketMemory memory = new PacketMemory();

    @AfterEach
    void close()
    {
        memory.close();
    }

    private int validate(final byte[] packet, final int available)
    {
        return Ip4Input.validate(memory.frame(packet), available);
    }

    private int validate(final byte[] packet)
    {
        return validate(packet, packet.length);
    }

    private static byte[] packet()
    {
        return TestFrames.ip4(TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP,
            TestFrames.udp(1234, 53, TestFrames.bytes(30, 1)));
    }

    @Test
    void shouldAcceptPacketsLinuxSent()
    {
        for (final String golden : new String[] {
            GoldenFrames.IP4_ECHO_REQUEST, GoldenFrames.IP4_ECHO_REQUEST_TTL1, GoldenFrames.IP4_ECHO_REQUEST_1400_DF,
            GoldenFrames.IP4_TIME_EXCEEDED, GoldenFrames.IP4_FRAGMENTATION_NEEDED})
        {
            final byte[] frame = hex(golden);
            final long l3 = memory.frame(frame) + 14;
            assertEquals(DropReason.NONE, Ip4Input.validate(l3, frame.length - 14), golden);
            assertEquals(frame.length - 14, Ip4Input.packetLength(l3));
            assertEquals(DropReason.NONE, Ip4Input.checkForwardable(l3));
        }
    }

    @Test
    void shouldAcceptOptionsAndLeaveThemForForwarding()
    {
        final byte[] frame = hex(GoldenFrames.IP4_ECHO_REQUEST_RECORD_ROUTE);
        final long l3 = memory.frame(frame) + 14;
        assertEquals(15, Ip4.ihl(l3));
        assertEquals(DropReason.NONE, Ip4Input.validate(l3, frame.length - 14));
        assertEquals(60, Ip4.headerLength(l3));
        assertEquals(l3 + 60, Ip4.payload(l3));

        final byte[] withNop = TestFrames.ip4(TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, 64, 0,
            hex("01010100"), TestFrames.udp(1, 2, new byte[4]));
        assertEquals(DropReason.NONE, validate(withNop));
    }

    @Test
    void shouldAcceptEthernetPaddingAndReportTheTrueLength()
    {
        final byte[] small = TestFrames.ip4(TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, TestFrames.udp(1, 2, new byte[0]));
        final byte[] padded = new byte[46];
        System.arraycopy(small, 0, padded, 0, small.length);
        final long l3 = memory.frame(padded);
        assertEquals(DropReason.NONE, Ip4Input.validate(l3, padded.length));
        assertEquals(28, Ip4Input.packetLength(l3));
    }

    @Test
    void shouldForwardFragmentsLikeAnyPacket()
    {
        final byte[] first = TestFrames.ip4(TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, 64, Ip4.FLAG_MORE_FRAGMENTS,
            new byte[0], TestFrames.bytes(64, 2));
        final byte[] middle = TestFrames.ip4(TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, 64,
            Ip4.FLAG_MORE_FRAGMENTS | 8, new byte[0], TestFrames.bytes(64, 2));
        final byte[] last = TestFrames.ip4(TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, 64, 16, new byte[0],
            TestFrames.bytes(10, 2));
        assertEquals(DropReason.NONE, validate(first));
        assertEquals(DropReason.NONE, validate(middle));
        assertEquals(DropReason.NONE, validate(last));
        final long l3 = memory.frame(middle);
        assertTrue(Ip4.isFragment(l3));
        assertTrue(Ip4.isNonFirstFragment(l3));
        assertEquals(64, Ip4.fragmentOffset(l3));
    }

    @Test
    void shouldCallAnL3PartShorterThanAHeaderARunt()
    {
        final byte[] packet = packet();
        assertEquals(DropReason.RUNT, validate(packet, 0));
        assertEquals(DropReason.RUNT, validate(packet, 19));
    }

    @Test
    void shouldRejectAVersionOtherThanFour()
    {
        final byte[] packet = packet();
        packet[0] = 0x65;
        TestFrames.fixIp4Checksum(packet, 0);
        assertEquals(DropReason.IP4_BAD_VERSION, validate(packet));
    }

    @Test
    void shouldRejectAnIhlBelowFive()
    {
        final byte[] packet = packet();
        for (int ihl = 0; ihl < 5; ihl++)
        {
            packet[0] = (byte)(0x40 | ihl);
            assertEquals(DropReason.IP4_BAD_IHL, validate(packet), "ihl " + ihl);
        }
    }

    @Test
    void shouldRejectAHeaderLongerThanTheFrame()
    {
        final byte[] frame = hex(GoldenFrames.IP4_ECHO_REQUEST_RECORD_ROUTE);
        final byte[] packet = PacketMemory.slice(frame, 14, frame.length - 14);
        assertEquals(DropReason.IP4_BAD_IHL, validate(packet, 59));
        assertEquals(DropReason.IP4_BAD_IHL, validate(packet, 20));
    }

    @Test
    void shouldRejectABadHeaderChecksum()
    {
        final byte[] packet = packet();
        packet[10] ^= 0x01;
        assertEquals(DropReason.IP4_BAD_CHECKSUM, validate(packet));
        final byte[] corrupted = packet();
        corrupted[15] ^= 0x40;
        assertEquals(DropReason.IP4_BAD_CHECKSUM, validate(corrupted));
    }

    @Test
    void shouldRejectATotalLengthBeyondTheFrame()
    {
        final byte[] packet = packet();
        assertEquals(DropReason.IP4_BAD_LENGTH, validate(packet, packet.length - 1));
        put16(packet, 2, packet.length + 100);
        TestFrames.fixIp4Checksum(packet, 0);
        assertEquals(DropReason.IP4_BAD_LENGTH, validate(packet));
    }

    @Test
    void shouldRejectATotalLengthBelowTheHeaderLength()
    {
        final byte[] packet = TestFrames.ip4(TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, 64, 0, hex("01010100"),
            new byte[8]);
        put16(packet, 2, 20);
        TestFrames.fixIp4Checksum(packet, 0);
        assertEquals(DropReason.IP4_BAD_LENGTH, validate(packet));
        put16(packet, 2, 0);
        TestFrames.fixIp4Checksum(packet, 0);
        assertEquals(DropReason.IP4_BAD_LENGTH, validate(packet));
    }

    @Test
    void shouldRejectMartianSources()
    {
        for (final int source : new int[] {0, 0x0001_0203, 0x7F00_0001, 0x7FFF_FFFF, 0xE000_0005, 0xEFFF_FFFF, 0xFFFF_FFFF})
        {
            final byte[] packet = TestFrames.ip4(source, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, new byte[8]);
            assertEquals(DropReason.IP4_MARTIAN_SOURCE, validate(packet), Integer.toHexString(source));
        }
        final byte[] classE = TestFrames.ip4(0xF000_0001, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, new byte[8]);
        assertEquals(DropReason.NONE, validate(classE));
    }

    @Test
    void shouldRejectMartianDestinations()
    {
        for (final int destination : new int[] {0, 0x00FF_FFFF, 0x7F00_0001})
        {
            final byte[] packet = TestFrames.ip4(TestFrames.HOST, destination, Ip4.PROTOCOL_UDP, new byte[8]);
            assertEquals(DropReason.IP4_MARTIAN_DESTINATION, validate(packet), Integer.toHexString(destination));
        }
    }

    @Test
    void shouldNotForwardMulticastBroadcastOrLinkLocal()
    {
        assertEquals(DropReason.IP4_MULTICAST_DESTINATION, forwardable(TestFrames.HOST, 0xE000_0005));
        assertEquals(DropReason.IP4_MULTICAST_DESTINATION, forwardable(TestFrames.HOST, 0xEFFF_FFFA));
        assertEquals(DropReason.IP4_BROADCAST_DESTINATION, forwardable(TestFrames.HOST, 0xFFFF_FFFF));
        assertEquals(DropReason.IP4_LINK_LOCAL_DESTINATION, forwardable(TestFrames.HOST, 0xA9FE_0101));
        assertEquals(DropReason.IP4_LINK_LOCAL_SOURCE, forwardable(0xA9FE_0101, TestFrames.FAR_HOST));
        assertEquals(DropReason.NONE, forwardable(TestFrames.HOST, TestFrames.FAR_HOST));
        assertEquals(DropReason.NONE, forwardable(TestFrames.HOST, 0xF000_0001));
    }

    private int forwardable(final int src, final int dst)
    {
        final byte[] packet = TestFrames.ip4(src, dst, Ip4.PROTOCOL_UDP, new byte[8]);
        final long l3 = memory.frame(packet);
        assertEquals(DropReason.NONE, Ip4Input.validate(l3, packet.length));
        return Ip4Input.checkForwardable(l3);
    }

    @Test
    void shouldNeverThrowOnMangledPacketsAndOnlyAcceptConsistentOnes()
    {
        final Random random = new Random(1812);
        final byte[] golden = PacketMemory.slice(hex(GoldenFrames.IP4_ECHO_REQUEST_RECORD_ROUTE), 14, 124);
        final long l3 = memory.frame();
        for (int i = 0; i < 100_000; i++)
        {
            final byte[] packet = golden.clone();
            for (int flips = random.nextInt(4); flips >= 0; flips--)
            {
                packet[random.nextInt(random.nextBoolean() ? 20 : packet.length)] = (byte)random.nextInt(256);
            }
            if (random.nextBoolean())
            {
                TestFrames.fixIp4Checksum(packet, 0);
            }
            PacketMemory.write(l3, packet);
            final int available = random.nextInt(packet.length + 1);
            final int verdict = Ip4Input.validate(l3, available);
            assertTrue(verdict >= 0 && verdict < DropReason.COUNT);
            if (verdict == DropReason.NONE)
            {
                final int headerLength = (packet[0] & 0x0F) * 4;
                assertEquals(4, (packet[0] & 0xF0) >>> 4);
                assertTrue(headerLength >= 20 && headerLength <= available);
                assertEquals(0, naiveChecksum(packet, 0, headerLength));
                assertTrue(u16(packet, 2) >= headerLength && u16(packet, 2) <= available);
            }
        }
    }
}
