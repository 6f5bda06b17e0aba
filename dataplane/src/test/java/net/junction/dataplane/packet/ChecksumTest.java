package net.junction.dataplane.packet;

import static net.junction.dataplane.packet.PacketMemory.hex;
import static net.junction.dataplane.packet.PacketMemory.naiveChecksum;
import static net.junction.dataplane.packet.PacketMemory.naiveSum;
import static net.junction.dataplane.packet.PacketMemory.put16;
import static net.junction.dataplane.packet.PacketMemory.put32;
import static net.junction.dataplane.packet.PacketMemory.u16;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import net.junction.bindings.RawMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChecksumTest
{
    private final PacketMemory memory = new PacketMemory();
    private final Random random = new Random(1071);

    @AfterEach
    void close()
    {
        memory.close();
    }

    @Test
    void shouldMatchTheNaiveSumForEveryLengthAndAlignment()
    {
        final long buffer = memory.buffer(1024);
        for (int length = 0; length <= 300; length++)
        {
            for (int alignment = 0; alignment < 8; alignment++)
            {
                final byte[] data = new byte[length];
                random.nextBytes(data);
                PacketMemory.write(buffer + alignment, data);
                assertEquals(naiveSum(data, 0, length), Checksum.fold(Checksum.partialSum(buffer + alignment, length)),
                    "length " + length + " alignment " + alignment);
                assertEquals(naiveChecksum(data), Checksum.compute(buffer + alignment, length));
            }
        }
    }

    @Test
    void shouldFoldTheCarriesOfLongRunsOfOnes()
    {
        final byte[] ones = new byte[65_535];
        Arrays.fill(ones, (byte)0xFF);
        final long buffer = memory.buffer(ones.length);
        PacketMemory.write(buffer, ones);
        for (final int length : new int[] {1, 2, 3, 7, 8, 31, 32, 33, 1500, 9000, 65_535})
        {
            assertEquals(naiveSum(ones, 0, length), Checksum.fold(Checksum.partialSum(buffer, length)), "length " + length);
        }
        assertEquals(0, Checksum.fold(0));
        assertEquals(0xFFFF, Checksum.fold(0xFFFF));
        assertEquals(1, Checksum.fold(0x1_0000));
        assertEquals(0xFFFF, Checksum.fold(0xFFFF_FFFFL));
        assertEquals(0xFFFF, Checksum.fold(-1L));
    }

    @Test
    void shouldComputeAndVerifyTheTextbookHeaderChecksum()
    {
        // The IPv4 header used to teach the checksum (Wikipedia, "Internet checksum"): b861.
        final byte[] header = hex("45000073000040004011b861c0a80001c0a800c7");
        final long l3 = memory.buffer(64);
        PacketMemory.write(l3, header);
        assertTrue(Checksum.verifyIp4Header(l3));
        RawMemory.putShortBe(l3 + 10, 0xDEAD);
        assertFalse(Checksum.verifyIp4Header(l3));
        Checksum.setIp4HeaderChecksum(l3);
        assertEquals(0xB861, Ip4.checksum(l3));
    }

    @Test
    void shouldVerifyTheChecksumsOfFramesLinuxSent()
    {
        for (final String golden : new String[] {
            GoldenFrames.IP4_ECHO_REQUEST, GoldenFrames.IP4_ECHO_REPLY, GoldenFrames.IP4_TIME_EXCEEDED,
            GoldenFrames.IP4_FRAGMENTATION_NEEDED, GoldenFrames.IP4_ECHO_REQUEST_RECORD_ROUTE,
            GoldenFrames.IP4_ECHO_REPLY_RECORD_ROUTE, GoldenFrames.IP4_ECHO_REQUEST_1400_DF})
        {
            final byte[] bytes = hex(golden);
            final long l3 = memory.frame(bytes) + 14;
            assertTrue(Checksum.verifyIp4Header(l3));
            final int headerLength = Ip4.headerLength(l3);
            assertTrue(Checksum.verify(l3 + headerLength, Ip4.totalLength(l3) - headerLength), "ICMP of " + golden);
        }
        for (final String golden : new String[] {
            GoldenFrames.IP6_ECHO_REQUEST, GoldenFrames.IP6_ECHO_REPLY, GoldenFrames.IP6_TIME_EXCEEDED,
            GoldenFrames.IP6_DESTINATION_UNREACHABLE, GoldenFrames.IP6_PACKET_TOO_BIG, GoldenFrames.ND_SOLICITATION,
            GoldenFrames.ND_ADVERTISEMENT})
        {
            final long l3 = memory.frame(hex(golden)) + 14;
            assertTrue(Icmp6.verifyChecksum(l3, l3 + 40, Ip6.payloadLength(l3)), golden);
        }
    }

    @Test
    void shouldSolveTheRfc1624Example()
    {
        // RFC 1624 §4: m = 0x5555 -> 0x3285 under HC = 0xDD2F gives 0x0000, not the 0xFFFF of RFC 1141.
        assertEquals(0x0000, Checksum.update16(0xDD2F, 0x5555, 0x3285));
    }

    @Test
    void shouldUpdateIncrementallyExactlyAsAFullRecomputation()
    {
        final byte[] header = new byte[20];
        for (int i = 0; i < 200_000; i++)
        {
            random.nextBytes(header);
            put16(header, 10, 0);
            put16(header, 10, naiveChecksum(header));

            final int word = random.nextInt(10) * 2;
            final int newWord = i % 7 == 0 ? u16(header, word) : random.nextInt(0x1_0000);
            if (word == 10)
            {
                continue;
            }
            final int updated = Checksum.update16(u16(header, 10), u16(header, word), newWord);
            put16(header, word, newWord);
            put16(header, 10, 0);
            assertEquals(naiveChecksum(header), updated, "header " + hex(header) + " word " + word);
        }
    }

    @Test
    void shouldUpdateA32BitFieldExactlyAsAFullRecomputation()
    {
        final byte[] header = new byte[20];
        for (int i = 0; i < 100_000; i++)
        {
            random.nextBytes(header);
            put16(header, 10, 0);
            final int checksum = naiveChecksum(header);
            final int field = 12 + 4 * random.nextInt(2);
            final int oldValue = PacketMemory.u32(header, field);
            final int newValue = random.nextInt();
            put32(header, field, newValue);
            assertEquals(naiveChecksum(header), Checksum.update32(checksum, oldValue, newValue));
        }
    }

    @Test
    void shouldSumTheIp4PseudoHeader()
    {
        final long buffer = memory.buffer(2048);
        for (int i = 0; i < 2_000; i++)
        {
            final int src = random.nextInt();
            final int dst = random.nextInt();
            final int protocol = random.nextInt(256);
            final byte[] data = new byte[random.nextInt(1500)];
            random.nextBytes(data);
            PacketMemory.write(buffer, data);

            final byte[] pseudo = new byte[12];
            put32(pseudo, 0, src);
            put32(pseudo, 4, dst);
            pseudo[9] = (byte)protocol;
            put16(pseudo, 10, data.length);
            final int expected = naiveChecksum(PacketMemory.concat(pseudo, data));

            final long sum = Checksum.ip4PseudoHeaderSum(src, dst, protocol, data.length) + Checksum.partialSum(buffer, data.length);
            assertEquals(expected, Checksum.finish(sum));
        }
    }

    @Test
    void shouldSumTheIp6PseudoHeaderFromValuesAndFromTheHeader()
    {
        final long l3 = memory.buffer(2048);
        for (int i = 0; i < 2_000; i++)
        {
            final byte[] packet = new byte[40 + random.nextInt(1400)];
            random.nextBytes(packet);
            final int length = packet.length - 40;
            final int nextHeader = random.nextInt(256);
            PacketMemory.write(l3, packet);

            final byte[] pseudo = PacketMemory.ip6PseudoHeader(packet, 0, length, nextHeader);
            final int expected = naiveChecksum(PacketMemory.concat(pseudo, PacketMemory.slice(packet, 40, length)));

            final long payload = Checksum.partialSum(l3 + 40, length);
            assertEquals(expected, Checksum.finish(Checksum.ip6PseudoHeaderSum(l3, length, nextHeader) + payload));
            assertEquals(expected, Checksum.finish(Checksum.ip6PseudoHeaderSum(
                Ip6.srcHi(l3), Ip6.srcLo(l3), Ip6.dstHi(l3), Ip6.dstLo(l3), length, nextHeader) + payload));
        }
        // A 32-bit upper-layer length (jumbogram-sized) counts both halves.
        assertEquals(Checksum.fold(Checksum.ip6PseudoHeaderSum(0, 0, 0, 0, 0x0001_0002, 0)), 3);
    }
}
