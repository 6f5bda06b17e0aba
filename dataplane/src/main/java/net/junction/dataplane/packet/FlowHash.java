/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;

/**
 * The hash that picks an ECMP member for a packet: every packet of a flow takes the same path, so
 * TCP never sees reordering, and flows spread evenly over the members.
 * <ul>
 * <li>IPv4: source, destination, protocol, and for TCP, UDP and SCTP the ports. A fragmented packet
 * (any fragment, MF set or offset non-zero) hashes without ports, so all its fragments, only the
 * first of which carries them, take one path.</li>
 * <li>IPv6: source, destination, next header, flow label (RFC 6438), and the ports when TCP, UDP or
 * SCTP follows the fixed header directly.</li>
 * </ul>
 * The words are mixed with multiply-xorshift rounds and a final avalanche, so the high bits the
 * member choice uses ({@code (hash * count) >>> 32}) depend on every input bit. Static, allocation free.
 */
public final class FlowHash
{
    private static final long K1 = 0x9E37_79B9_7F4A_7C15L;
    private static final long K2 = 0xC2B2_AE3D_27D4_EB4FL;
    private static final int PROTOCOL_SCTP = 132;

    private FlowHash()
    {
    }

    /**
     * @param ip address of a validated IPv4 header.
     * @return the flow's hash.
     */
    public static int ip4(final long ip)
    {
        final int protocol = RawMemory.getByte(ip + Ip4.PROTOCOL_OFFSET);
        long h = mix(RawMemory.getIntBe(ip + 12) & 0xFFFF_FFFFL | (long)RawMemory.getIntBe(ip + 16) << 32, protocol);
        final boolean fragment = (RawMemory.getShortBe(ip + 6) & 0x3FFF) != 0;
        if (!fragment && hasPorts(protocol))
        {
            h = mix(h, RawMemory.getIntBe(ip + ((RawMemory.getByte(ip) & 0x0F) << 2)));
        }
        return finish(h);
    }

    /**
     * @param ip address of a validated IPv6 header.
     * @return the flow's hash.
     */
    public static int ip6(final long ip)
    {
        final int nextHeader = RawMemory.getByte(ip + Ip6.NEXT_HEADER_OFFSET);
        final int flowLabel = RawMemory.getIntBe(ip) & 0x000F_FFFF;
        long h = mix(RawMemory.getLongBe(ip + 8), RawMemory.getLongBe(ip + 16));
        h = mix(h, RawMemory.getLongBe(ip + 24));
        h = mix(h, RawMemory.getLongBe(ip + 32));
        h = mix(h, (long)flowLabel << 8 | nextHeader);
        if (hasPorts(nextHeader))
        {
            h = mix(h, RawMemory.getIntBe(ip + Ip6.HEADER_LENGTH));
        }
        return finish(h);
    }

    private static boolean hasPorts(final int protocol)
    {
        return protocol == Ip4.PROTOCOL_TCP || protocol == Ip4.PROTOCOL_UDP || protocol == PROTOCOL_SCTP;
    }

    private static long mix(final long h, final long word)
    {
        final long x = (h ^ word) * K1;
        return x ^ (x >>> 29);
    }

    private static int finish(final long h)
    {
        long x = h * K2;
        x ^= x >>> 32;
        x *= K1;
        return (int)(x >>> 32);
    }
}
