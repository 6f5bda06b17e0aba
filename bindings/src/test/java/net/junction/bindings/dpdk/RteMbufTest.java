package net.junction.bindings.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import org.junit.jupiter.api.Test;

/**
 * The raw-address accessors read and write where the layout says each field is, with C's
 * widths: checked against the layout's own VarHandles on a zeroed, mbuf-sized block.
 */
class RteMbufTest
{
    private static long offset(final String field)
    {
        return RteMbuf.LAYOUT.byteOffset(PathElement.groupElement(field));
    }

    @Test
    void shouldWriteEachFieldAtItsLayoutOffsetAndNowhereElse()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(RteMbuf.LAYOUT);
            final long mbuf = segment.address();

            RteMbuf.dataOff(mbuf, 0xBEEF);
            RteMbuf.nbSegs(mbuf, 3);
            RteMbuf.port(mbuf, 0xFFFF);
            RteMbuf.olFlags(mbuf, 0x8000_0000_0000_0002L);
            RteMbuf.packetType(mbuf, 0x1234_5678);
            RteMbuf.pktLen(mbuf, 70_000);
            RteMbuf.dataLen(mbuf, 1514);
            RteMbuf.vlanTci(mbuf, 100);
            RteMbuf.rssHash(mbuf, 0xCAFEBABE);
            RteMbuf.vlanTciOuter(mbuf, 200);
            RteMbuf.next(mbuf, 0x7F00_1234_5678L);
            RteMbuf.txOffload(mbuf, 0x0E_0E14L);
            RteMbuf.refcnt(mbuf, 1);

            assertEquals((short)0xBEEF, segment.get(ValueLayout.JAVA_SHORT, offset("data_off")));
            assertEquals((short)3, segment.get(ValueLayout.JAVA_SHORT, offset("nb_segs")));
            assertEquals((short)0xFFFF, segment.get(ValueLayout.JAVA_SHORT, offset("port")));
            assertEquals(0x8000_0000_0000_0002L, segment.get(ValueLayout.JAVA_LONG, offset("ol_flags")));
            assertEquals(0x1234_5678, segment.get(ValueLayout.JAVA_INT, offset("packet_type")));
            assertEquals(70_000, segment.get(ValueLayout.JAVA_INT, offset("pkt_len")));
            assertEquals((short)1514, segment.get(ValueLayout.JAVA_SHORT, offset("data_len")));
            assertEquals((short)100, segment.get(ValueLayout.JAVA_SHORT, offset("vlan_tci")));
            assertEquals(0xCAFEBABE, segment.get(ValueLayout.JAVA_INT, offset("hash_rss")));
            assertEquals((short)200, segment.get(ValueLayout.JAVA_SHORT, offset("vlan_tci_outer")));
            assertEquals(0x7F00_1234_5678L, segment.get(ValueLayout.JAVA_LONG, offset("next")));
            assertEquals(0x0E_0E14L, segment.get(ValueLayout.JAVA_LONG, offset("tx_offload")));
            assertEquals((short)1, segment.get(ValueLayout.JAVA_SHORT, offset("refcnt")));

            // Unsigned C fields come back unsigned.
            assertEquals(0xBEEF, RteMbuf.dataOff(mbuf));
            assertEquals(0xFFFF, RteMbuf.port(mbuf));
            assertEquals(3, RteMbuf.nbSegs(mbuf));
            assertEquals(1514, RteMbuf.dataLen(mbuf));
            assertEquals(70_000, RteMbuf.pktLen(mbuf));
            assertEquals(0xCAFEBABE, RteMbuf.rssHash(mbuf));

            // Fields the setters above must not have touched.
            assertEquals(0L, RteMbuf.bufAddr(mbuf));
            assertEquals(0L, RteMbuf.pool(mbuf));
            assertEquals(0, RteMbuf.bufLen(mbuf));
            assertEquals(0, RteMbuf.privSize(mbuf));
        }
    }

    @Test
    void shouldDeriveDataAddressHeadroomAndTailroomLikeTheCMacros()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(RteMbuf.LAYOUT);
            final long mbuf = segment.address();
            final VarHandle bufAddr = RteMbuf.LAYOUT.varHandle(PathElement.groupElement("buf_addr"));
            bufAddr.set(segment, 0L, MemorySegment.ofAddress(0x10_0000L));
            segment.set(ValueLayout.JAVA_SHORT, offset("buf_len"), (short)Dpdk.RTE_MBUF_DEFAULT_BUF_SIZE);
            RteMbuf.dataOff(mbuf, Dpdk.RTE_PKTMBUF_HEADROOM);
            RteMbuf.dataLen(mbuf, 60);

            assertEquals(0x10_0000L + Dpdk.RTE_PKTMBUF_HEADROOM, RteMbuf.dataAddress(mbuf));
            assertEquals(Dpdk.RTE_PKTMBUF_HEADROOM, RteMbuf.headroom(mbuf));
            assertEquals(Dpdk.RTE_MBUF_DEFAULT_BUF_SIZE - Dpdk.RTE_PKTMBUF_HEADROOM - 60, RteMbuf.tailroom(mbuf));
        }
    }
}
