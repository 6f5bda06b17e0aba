/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.packet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FlowHash}: which fields make a flow, and that the bits the member choice uses are spread.
 */
class FlowHashTest
{
    private static final int SRC = 0xC6120A0A; // 198.18.10.10
    private static final int DST = 0xCB007109; // 203.0.113.9
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMP = 1;

    private final PacketMemory memory = new PacketMemory();

    @AfterEach
    void close()
    {
        memory.close();
    }

    private int hash4(final int src, final int dst, final int protocol, final int flagsFragment, final byte[] payload)
    {
        return FlowHash.ip4(memory.frame(TestFrames.ip4(src, dst, protocol, 64, flagsFragment, new byte[0], payload)));
    }

    private int hash4Options(final int protocol, final byte[] options, final byte[] payload)
    {
        return FlowHash.ip4(memory.frame(TestFrames.ip4(SRC, DST, protocol, 64, 0, options, payload)));
    }

    private int hash6(final long srcLo, final int nextHeader, final int flowLabel, final byte[] payload)
    {
        final byte[] packet = TestFrames.ip6(0x20010DB800010000L, srcLo, 0x20010DB800EC0000L, 1, nextHeader, 64, payload);
        packet[1] = (byte)(flowLabel >>> 16 & 0x0F);
        packet[2] = (byte)(flowLabel >>> 8);
        packet[3] = (byte)flowLabel;
        return FlowHash.ip6(memory.frame(packet));
    }

    @Test
    void shouldHashTheFiveTupleAndNothingElse()
    {
        final int base = hash4(SRC, DST, UDP, 0, TestFrames.udp(40000, 53, new byte[8]));
        assertEquals(base, hash4(SRC, DST, UDP, 0, TestFrames.udp(40000, 53, new byte[100])), "payload is not hashed");
        assertEquals(base, hash4(SRC, DST, UDP, 0x4000, TestFrames.udp(40000, 53, new byte[8])), "DF is not hashed");
        assertNotEquals(base, hash4(SRC, DST, UDP, 0, TestFrames.udp(40001, 53, new byte[8])));
        assertNotEquals(base, hash4(SRC, DST, UDP, 0, TestFrames.udp(40000, 54, new byte[8])));
        assertNotEquals(base, hash4(SRC + 1, DST, UDP, 0, TestFrames.udp(40000, 53, new byte[8])));
        assertNotEquals(base, hash4(SRC, DST + 1, UDP, 0, TestFrames.udp(40000, 53, new byte[8])));
        assertNotEquals(base, hash4(SRC, DST, TCP, 0, TestFrames.udp(40000, 53, new byte[8])));
    }

    @Test
    void shouldFindThePortsAfterIpv4Options()
    {
        final byte[] options = {1, 1, 1, 0}; // NOP NOP NOP EOL
        assertNotEquals(hash4Options(UDP, options, TestFrames.udp(1, 2, new byte[8])),
            hash4Options(UDP, options, TestFrames.udp(1, 3, new byte[8])));
    }

    @Test
    void shouldHashEveryFragmentOfAPacketAlike()
    {
        final int first = hash4(SRC, DST, UDP, 0x2000, TestFrames.udp(40000, 53, new byte[8])); // MF, offset 0
        final int later = hash4(SRC, DST, UDP, 0x0010, new byte[16]); // offset 128, no ports in it
        final int otherPorts = hash4(SRC, DST, UDP, 0x2000, TestFrames.udp(1, 2, new byte[8]));
        assertEquals(first, later);
        assertEquals(first, otherPorts);
    }

    @Test
    void shouldIgnorePortFieldsOfProtocolsWithoutPorts()
    {
        assertEquals(hash4(SRC, DST, ICMP, 0, new byte[]{8, 0, 0, 0, 1, 2, 3, 4}),
            hash4(SRC, DST, ICMP, 0, new byte[]{8, 0, 0, 0, 9, 9, 9, 9}));
    }

    @Test
    void shouldHashIpv6PortsAndFlowLabel()
    {
        final int base = hash6(0x10, UDP, 0, TestFrames.udp(40000, 443, new byte[8]));
        assertNotEquals(base, hash6(0x10, UDP, 0, TestFrames.udp(40001, 443, new byte[8])));
        assertNotEquals(base, hash6(0x11, UDP, 0, TestFrames.udp(40000, 443, new byte[8])));
        assertNotEquals(base, hash6(0x10, UDP, 0xABCDE, TestFrames.udp(40000, 443, new byte[8])));
        assertEquals(base, hash6(0x10, UDP, 0, TestFrames.udp(40000, 443, new byte[64])));
    }

    @Test
    void shouldSpreadSequentialPortsOverMembersEvenly()
    {
        // The member choice uses the high bits: (hash * count) >>> 32. 4096 flows differing only in
        // the source port, over 3 and over 16 members.
        for (final int members : new int[]{3, 16})
        {
            final int[] perMember = new int[members];
            final Set<Integer> distinct = new HashSet<>();
            for (int port = 0; port < 4096; port++)
            {
                final int hash = hash4(SRC, DST, TCP, 0, TestFrames.udp(10000 + port, 443, new byte[12]));
                distinct.add(hash);
                perMember[(int)(((hash & 0xFFFF_FFFFL) * members) >>> 32)]++;
            }
            assertEquals(4096, distinct.size());
            final double expected = 4096.0 / members;
            for (final int count : perMember)
            {
                // Within 5 standard deviations of a fair binomial split.
                final double sigma = Math.sqrt(4096 * (1.0 / members) * (1 - 1.0 / members));
                assertTrue(Math.abs(count - expected) < 5 * sigma, members + " members: " + java.util.Arrays.toString(perMember));
            }
        }
    }
}
