package net.junction.dataplane.packet;

import static net.junction.dataplane.packet.PacketMemory.concat;
import static net.junction.dataplane.packet.PacketMemory.hex;
import static net.junction.dataplane.packet.PacketMemory.naiveChecksum;
import static net.junction.dataplane.packet.PacketMemory.read;
import static net.junction.dataplane.packet.PacketMemory.slice;
import static net.junction.dataplane.packet.PacketMemory.u16;
import static net.junction.dataplane.packet.PacketMemory.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import net.junction.dataplane.DropReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IcmpEchoTest
{
    private final PacketMemory memory = new PacketMemory();

    @AfterEach
    void close()
    {
        memory.close();
    }

    @Test
    void shouldAnswerAnEchoRequestWithTheIcmpLinuxAnsweredWith()
    {
        final byte[] request = hex(GoldenFrames.IP4_ECHO_REQUEST);
        final byte[] linux = hex(GoldenFrames.IP4_ECHO_REPLY);
        final long l3 = memory.frame(request) + 14;
        assertEquals(DropReason.NONE, IcmpEcho.ip4Reply(l3));
        final byte[] reply = read(l3, request.length - 14);
        assertArrayEquals(slice(linux, 34, linux.length - 34), slice(reply, 20, reply.length - 20), "ICMP as Linux's");
        assertEquals(u32(request, 26), u32(reply, 16));
        assertEquals(u32(request, 30), u32(reply, 12));
        assertEquals(IcmpEcho.REPLY_TTL, reply[8]);
        assertEquals(0, naiveChecksum(reply, 0, 20));
    }

    @Test
    void shouldAnswerAnEchoRequestCarryingOptions()
    {
        final byte[] request = hex(GoldenFrames.IP4_ECHO_REQUEST_RECORD_ROUTE);
        final long l3 = memory.frame(request) + 14;
        assertEquals(DropReason.NONE, IcmpEcho.ip4Reply(l3));
        final byte[] reply = read(l3, request.length - 14);
        assertEquals(0, naiveChecksum(reply, 0, 60));
        assertEquals(0, naiveChecksum(reply, 60, reply.length - 60));
        assertEquals(0, reply[60]);
        assertArrayEquals(slice(request, 14 + 20, 40), slice(reply, 20, 40), "options unchanged");
    }

    @Test
    void shouldAnswerEchoRequestsOfAnySizeWithValidChecksums()
    {
        final Random random = new Random(792);
        for (int i = 0; i < 2_000; i++)
        {
            final byte[] body = new byte[random.nextInt(1400)];
            random.nextBytes(body);
            final byte[] packet = TestFrames.ip4(0x0A00_0000 | random.nextInt(0x0100_0000), TestFrames.ROUTER, 1,
                1 + random.nextInt(255), random.nextBoolean() ? Ip4.FLAG_DONT_FRAGMENT : 0, new byte[0],
                TestFrames.icmp(8, 0, random.nextInt(), body));
            final long l3 = memory.frame(packet);
            assertEquals(DropReason.NONE, Ip4Input.validate(l3, packet.length));
            assertEquals(DropReason.NONE, IcmpEcho.ip4Reply(l3));
            final byte[] reply = read(l3, packet.length);
            assertEquals(0, naiveChecksum(reply, 0, 20));
            assertEquals(0, naiveChecksum(reply, 20, reply.length - 20));
            assertArrayEquals(slice(packet, 24, packet.length - 24), slice(reply, 24, reply.length - 24));
        }
    }

    @Test
    void shouldRefuseBrokenEchoRequests()
    {
        final byte[] request = hex(GoldenFrames.IP4_ECHO_REQUEST);
        final byte[] badChecksum = slice(request, 14, 84);
        badChecksum[30] ^= 1;
        assertRefused4(badChecksum, DropReason.ICMP4_BAD);

        final byte[] badCode = slice(request, 14, 84);
        badCode[21] = 1;
        assertRefused4(badCode, DropReason.ICMP4_BAD);

        assertRefused4(TestFrames.ip4(TestFrames.HOST, TestFrames.ROUTER, 1, new byte[7]), DropReason.ICMP4_BAD);
    }

    @Test
    void shouldLeaveWhatItDoesNotAnswerToTheCaller()
    {
        final byte[] echo = TestFrames.icmp(8, 0, 0x1234_0001, new byte[16]);
        assertRefused4(TestFrames.ip4(TestFrames.HOST, TestFrames.ROUTER, 1, TestFrames.icmp(0, 0, 1, new byte[16])),
            DropReason.LOCAL_UNSUPPORTED);
        assertRefused4(TestFrames.ip4(TestFrames.HOST, TestFrames.ROUTER, 1, TestFrames.icmp(13, 0, 1, new byte[12])),
            DropReason.LOCAL_UNSUPPORTED);
        assertRefused4(TestFrames.ip4(TestFrames.HOST, TestFrames.ROUTER, Ip4.PROTOCOL_UDP, echo), DropReason.LOCAL_UNSUPPORTED);
        assertRefused4(TestFrames.ip4(TestFrames.HOST, TestFrames.ROUTER, 1, 64, Ip4.FLAG_MORE_FRAGMENTS, new byte[0], echo),
            DropReason.LOCAL_UNSUPPORTED);
        assertRefused4(TestFrames.ip4(TestFrames.HOST, 0xE000_0001, 1, echo), DropReason.LOCAL_UNSUPPORTED);
        assertRefused4(TestFrames.ip4(TestFrames.HOST, 0xFFFF_FFFF, 1, echo), DropReason.LOCAL_UNSUPPORTED);
    }

    private void assertRefused4(final byte[] packet, final int reason)
    {
        final long l3 = memory.frame(packet);
        assertEquals(reason, IcmpEcho.ip4Reply(l3));
        assertArrayEquals(packet, read(l3, packet.length), "untouched");
    }

    @Test
    void shouldAnswerAnIcmp6EchoRequestWithTheIcmp6LinuxAnsweredWith()
    {
        final byte[] request = hex(GoldenFrames.IP6_ECHO_REQUEST);
        final byte[] linux = hex(GoldenFrames.IP6_ECHO_REPLY);
        final long l3 = memory.frame(request) + 14;
        assertEquals(DropReason.NONE, IcmpEcho.ip6Reply(l3));
        final byte[] reply = read(l3, request.length - 14);
        assertArrayEquals(slice(linux, 54, linux.length - 54), slice(reply, 40, reply.length - 40), "ICMPv6 as Linux's");
        assertArrayEquals(slice(linux, 22, 32), slice(reply, 8, 32), "addresses swapped");
        assertEquals(IcmpEcho.REPLY_TTL, reply[7]);
        assertEquals(u16(request, 14 + 4), u16(reply, 4));
    }

    @Test
    void shouldRefuseBrokenOrUnsupportedIcmp6EchoRequests()
    {
        final byte[] request = slice(hex(GoldenFrames.IP6_ECHO_REQUEST), 14, 104);
        final byte[] badChecksum = request.clone();
        badChecksum[100] ^= 1;
        assertRefused6(badChecksum, DropReason.ICMP6_BAD);
        final byte[] badCode = request.clone();
        badCode[41] = 3;
        assertRefused6(badCode, DropReason.ICMP6_BAD);
        final byte[] truncated = TestFrames.ip6(Ip6InputTest.DOC_HI, 1, Ip6InputTest.DOC_HI, 0xFE, 58, 64, hex("8000 0000 0000"));
        assertRefused6(truncated, DropReason.ICMP6_BAD);

        final byte[] reply = request.clone();
        reply[40] = (byte)129;
        TestFrames.fixIcmp6Checksum(reply, 0, 40, 64);
        assertRefused6(reply, DropReason.LOCAL_UNSUPPORTED);
        final byte[] toGroup = request.clone();
        TestFrames.putLong(toGroup, 24, 0xFF02_0000_0000_0000L);
        TestFrames.putLong(toGroup, 32, 1);
        TestFrames.fixIcmp6Checksum(toGroup, 0, 40, 64);
        assertRefused6(toGroup, DropReason.LOCAL_UNSUPPORTED);
        final byte[] behindOptions = TestFrames.ip6(Ip6InputTest.DOC_HI, 1, Ip6InputTest.DOC_HI, 0xFE, 60, 64,
            concat(hex("3a00 0104 0000 0000"), slice(request, 40, 64)));
        assertRefused6(behindOptions, DropReason.LOCAL_UNSUPPORTED);
    }

    private void assertRefused6(final byte[] packet, final int reason)
    {
        final long l3 = memory.frame(packet);
        assertEquals(reason, IcmpEcho.ip6Reply(l3));
        assertArrayEquals(packet, read(l3, packet.length), "untouched");
    }
}
