package net.junction.dataplane.packet;

import static net.junction.dataplane.packet.PacketMemory.hex;

import java.util.function.LongSupplier;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.AllocationWindows;
import net.junction.dataplane.DropReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fast-path promise, measured: once compiled, parsing, validating, rewriting and building
 * ICMP errors allocate nothing (the per-thread allocation counter does not move) in any of
 * several windows after the JIT has settled ({@link AllocationWindows}).
 */
class AllocationTest
{
    private static final int PACKETS_PER_ROUND = 100_000;
    private static final int MAX_SETTLE_ROUNDS = 30;

    private final PacketMemory memory = new PacketMemory();
    private final EthernetParse parse = new EthernetParse();
    private final NdpParse nd = new NdpParse();
    private long sink;

    @AfterEach
    void close()
    {
        memory.close();
    }

    @Test
    void shouldAllocateNothingInAnyWindowOnceCompiled()
    {
        final byte[] ip4 = hex(GoldenFrames.IP4_ECHO_REQUEST_TTL1);
        final byte[] ip6 = hex(GoldenFrames.IP6_ECHO_REQUEST_HOP1);
        final byte[] ns = hex(GoldenFrames.ND_SOLICITATION);
        final long ip4Frame = memory.frame(ip4);
        final long ip6Frame = memory.frame(ip6);
        final long nsFrame = memory.frame(ns);
        final long scratch = memory.frame();

        final Runnable round = () ->
        {
            long work = 0;
            for (int i = 0; i < PACKETS_PER_ROUND; i++)
            {
                work += onePacketOfEach(ip4Frame, ip4, ip6Frame, ip6, nsFrame, ns, scratch);
            }
            sink += work;
        };
        final LongSupplier allocated = AllocationWindows.currentThread();
        final int settleRounds = AllocationWindows.settle(allocated, round, MAX_SETTLE_ROUNDS);
        final AllocationWindows.Windows windows = AllocationWindows.measure(allocated, round, AllocationWindows.WINDOWS);
        AllocationWindows.assertNothingAllocatedInAnyWindow(windows, "by " + PACKETS_PER_ROUND +
            " packets of each kind (warm-up settled after " + settleRounds + " rounds)");
    }

    private long onePacketOfEach(
        final long ip4Frame, final byte[] ip4, final long ip6Frame, final byte[] ip6, final long nsFrame, final byte[] ns,
        final long scratch)
    {
        long work = Ethernet.parse(ip4Frame, ip4.length, parse);
        final long l3 = ip4Frame + parse.l3Offset();
        work += Ip4Input.validate(l3, parse.l3Length()) + Ip4Input.checkForwardable(l3);
        RawMemory.putByte(l3 + Ip4.TTL_OFFSET, 9);
        Checksum.setIp4HeaderChecksum(l3);
        work += Ip4Rewrite.decrementTtl(l3);
        work += Ip4Rewrite.prependL2(l3, TestFrames.HOST_MAC, TestFrames.ROUTER_MAC, Ethernet.NO_TAG, 100);
        work += IcmpErrors.ip4TimeExceeded(ip4Frame, 14, ip4.length - 14, TestFrames.ROUTER);

        work += Ethernet.parse(ip6Frame, ip6.length, parse);
        final long l3v6 = ip6Frame + parse.l3Offset();
        work += Ip6Input.validate(l3v6, parse.l3Length()) + Ip6Input.checkForwardable(l3v6);
        RawMemory.putByte(l3v6 + Ip6.HOP_LIMIT_OFFSET, 9);
        work += Ip6Rewrite.decrementHopLimit(l3v6);
        work += IcmpErrors.ip6PacketTooBig(ip6Frame, 14, ip6.length - 14, 1280, 0x2001_0db8_0001_0000L, 0xFE);

        PacketMemory.write(nsFrame, ns);
        work += Ndp.validate(nsFrame + 14, ns.length - 14, nd) == DropReason.NONE
            ? Ndp.replyToSolicitation(nsFrame + 14, nd, TestFrames.ROUTER_MAC) : -1;
        work += Arp.buildRequest(scratch, TestFrames.ROUTER_MAC, Ethernet.NO_TAG, Ethernet.NO_TAG, TestFrames.ROUTER,
            TestFrames.HOST);
        return work;
    }
}
