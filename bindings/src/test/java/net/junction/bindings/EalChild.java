package net.junction.bindings;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import net.junction.bindings.dpdk.Dpdk;
import net.junction.bindings.dpdk.RteMbuf;

/**
 * The program the integration tests run in a child JVM, because EAL initializes once per
 * process and may not be restarted. It reports facts as {@code JN key=value} lines on stdout
 * (EAL's own log lines are interleaved and ignored); {@code JN ready=true} once EAL is up,
 * {@code JN done=true} at a clean end. The test asserts on the reported values.
 *
 * <p>Usage: {@code EalChild SCENARIO [EAL ARGS...]}, scenarios {@code loopback},
 * {@code bad-args} and {@code vdevs}.
 */
public final class EalChild
{
    private static final int BURST = 32;
    private static final int FRAME_LENGTH = 64;
    private static final int ETHERTYPE_LOCAL_EXPERIMENTAL = 0x88B5;
    private static final long POLL_DEADLINE_NS = 5_000_000_000L;

    private EalChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String scenario = args[0];
        final List<String> ealArgs = Arrays.asList(args).subList(1, args.length);
        switch (scenario)
        {
            case "loopback" -> loopback(ealArgs);
            case "bad-args" -> badArgs(ealArgs);
            case "vdevs" -> vdevs(ealArgs);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        report("done", true);
    }

    static void report(final String key, final Object value)
    {
        System.out.println("JN " + key + "=" + value);
        System.out.flush();
    }

    /** net_ring0 loops tx back to rx; net_null0 (no-rx=1) sinks tx and has RSS. */
    private static void loopback(final List<String> ealArgs)
    {
        report("ealConsumed", Eal.init(ealArgs));
        report("ready", true);
        report("initAgain", attempt(() -> Eal.init(ealArgs)));
        report("portCount", EthDev.count());
        report("lcoreBeforeRegister", Eal.lcoreId());
        report("lcoreAfterRegister", Eal.registerThread());

        final Mempool pool = Mempool.create("jn_it_pool", 1023, 32, Dpdk.RTE_MBUF_DEFAULT_BUF_SIZE, Dpdk.SOCKET_ID_ANY);
        report("pool.available.initial", pool.availableCount());

        final EthDev ring = EthDev.byName("net_ring0");
        final EthDevInfo ringInfo = ring.info();
        report("ring.portId", ring.portId());
        report("ring.nameByPort", EthDev.ofPort(ring.portId()).name());
        report("ring.driver", ringInfo.driverName());
        report("ring.maxRxQueues", ringInfo.maxRxQueues());
        report("ring.rss", ringInfo.flowTypeRssOffloads());
        report("ring.configureTooManyQueues", attempt(() -> ring.configure(ringInfo.maxRxQueues() + 1, 1)));
        report("ring.rssInEffect", ring.configure(1, 1));
        report("ring.rxDescriptors", ring.setupRxQueue(0, 256, pool));
        report("ring.txDescriptors", ring.setupTxQueue(0, 256));
        ring.start();
        ring.promiscuous(true);
        report("ring.promiscuous", ring.promiscuous());
        ring.allMulticast(true);
        report("ring.allMulticast", ring.allMulticast());
        report("ring.mac", ring.macAddress());
        report("ring.setMac", attempt(() -> ring.macAddress(MacAddress.parse("02:00:5e:10:00:01"))));
        report("ring.mtu", ring.mtu());
        report("ring.setMtu9000", attempt(() -> ring.mtu(9000)));
        report("ring.mtuAfterSet", ring.mtu());
        final LinkStatus link = ring.link();
        report("ring.link.up", link.up());
        report("ring.link.speed", link.speedMbps());
        report("ring.link.fullDuplex", link.fullDuplex());
        report("ring.socket", ring.socketId());

        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment txArray = arena.allocate(ValueLayout.JAVA_LONG, BURST);
            final MemorySegment rxArray = arena.allocate(ValueLayout.JAVA_LONG, BURST);
            final int frames = 4;
            report("allocBulk", pool.allocBulk(txArray.address(), frames));
            final long first = txArray.getAtIndex(ValueLayout.JAVA_LONG, 0);
            report("mbuf.dataOff", RteMbuf.dataOff(first));
            report("mbuf.bufLen", RteMbuf.bufLen(first));
            report("mbuf.refcnt", RteMbuf.refcnt(first));
            report("mbuf.nbSegs", RteMbuf.nbSegs(first));
            report("mbuf.next", RteMbuf.next(first));
            report("mbuf.poolMatches", RteMbuf.pool(first) == pool.address());
            report("mbuf.dataLen", RteMbuf.dataLen(first));
            report("mbuf.headroomMatchesShim", RteMbuf.headroom(first) == Dpdk.jn_pktmbuf_headroom(first));
            report("mbuf.tailroomMatchesShim", RteMbuf.tailroom(first) == Dpdk.jn_pktmbuf_tailroom(first));
            report("pool.available.afterAlloc", pool.availableCount());
            report("pool.inUse.afterAlloc", pool.inUseCount());

            for (int i = 0; i < frames; i++)
            {
                writeFrame(txArray.getAtIndex(ValueLayout.JAVA_LONG, i), i);
            }
            report("txBurst", ring.txBurst(0, txArray.address(), frames));

            int received = 0;
            final long deadline = System.nanoTime() + POLL_DEADLINE_NS;
            while (received < frames && System.nanoTime() - deadline < 0)
            {
                received += ring.rxBurst(0, rxArray.address() + (long)received * Long.BYTES, BURST - received);
            }
            report("rxBurst", received);
            boolean framesMatch = received == frames;
            boolean sameMbufs = received == frames;
            for (int i = 0; i < received; i++)
            {
                final long mbuf = rxArray.getAtIndex(ValueLayout.JAVA_LONG, i);
                framesMatch &= frameMatches(mbuf, i);
                sameMbufs &= mbuf == txArray.getAtIndex(ValueLayout.JAVA_LONG, i);
            }
            report("rx.framesMatch", framesMatch);
            // net_ring hands over the very mbufs sent, untouched (it does not even set the port).
            report("rx.sameMbufs", sameMbufs);
            Mempool.freeBulk(rxArray.address(), received);

            final PortStats stats = ring.stats();
            report("ring.stats.ipackets", stats.ipackets());
            report("ring.stats.opackets", stats.opackets());
            report("ring.stats.ibytes", stats.ibytes());
            report("ring.stats.obytes", stats.obytes());
            final Map<String, Long> xstats = ring.xstats();
            report("ring.xstats.size", xstats.size());
            report("ring.xstats.rx_good_packets", xstats.get("rx_good_packets"));
            report("ring.xstats.tx_good_packets", xstats.get("tx_good_packets"));
            ring.resetStats();
            report("ring.stats.ipacketsAfterReset", ring.stats().ipackets());

            mbufHelpers(pool);

            // net_null: RSS over two queues, tx sinks the packets (no-rx=1 keeps rx silent).
            final EthDev sink = EthDev.byName("net_null0");
            final EthDevInfo sinkInfo = sink.info();
            report("null.driver", sinkInfo.driverName());
            report("null.rss", sinkInfo.flowTypeRssOffloads());
            sink.macAddress(MacAddress.parse("02:00:5e:10:00:02"));
            report("null.macAfterSet", sink.macAddress());
            final long rssHf = sink.configure(2, 2, EthDev.DEFAULT_RSS_HF | (1L << 63), 0, 0);
            report("null.rssInEffect", rssHf);
            report("null.rssExpected", EthDev.DEFAULT_RSS_HF & sinkInfo.flowTypeRssOffloads());
            for (int q = 0; q < 2; q++)
            {
                sink.setupRxQueue(q, 128, pool);
                sink.setupTxQueue(q, 128);
            }
            sink.start();
            report("null.rssHashFunctions", sink.rssHashFunctions());
            report("null.allocBulk", pool.allocBulk(txArray.address(), 8));
            for (int i = 0; i < 8; i++)
            {
                writeFrame(txArray.getAtIndex(ValueLayout.JAVA_LONG, i), i);
            }
            report("null.txBurst", sink.txBurst(1, txArray.address(), 8));
            report("null.rxBurst", sink.rxBurst(0, rxArray.address(), BURST));
            report("null.stats.opackets", sink.stats().opackets());
            sink.stop();
            sink.close();
        }

        ring.stop();
        ring.close();
        report("pool.available.final", pool.availableCount());
        report("pool.inUse.final", pool.inUseCount());
        Eal.unregisterThread();
        report("lcoreAfterUnregister", Eal.lcoreId());
        pool.close();
        Eal.cleanup();
        report("initAfterCleanup", attempt(() -> Eal.init(ealArgs)));
    }

    /** The inline mbuf helpers of the shim against the Java accessors. */
    private static void mbufHelpers(final Mempool pool)
    {
        final long m = pool.alloc();
        report("helpers.alloc", 0 != m);
        final long tail = Dpdk.jn_pktmbuf_append(m, 100);
        report("helpers.appendAt", tail == RteMbuf.dataAddress(m));
        report("helpers.dataLenAfterAppend", RteMbuf.dataLen(m));
        final long start = Dpdk.jn_pktmbuf_prepend(m, 14);
        report("helpers.prependAt", start == RteMbuf.dataAddress(m));
        report("helpers.dataOffAfterPrepend", RteMbuf.dataOff(m));
        report("helpers.pktLenAfterPrepend", RteMbuf.pktLen(m));
        Dpdk.jn_pktmbuf_adj(m, 14);
        report("helpers.dataOffAfterAdj", RteMbuf.dataOff(m));
        report("helpers.trim", Dpdk.jn_pktmbuf_trim(m, 50));
        report("helpers.dataLenAfterTrim", RteMbuf.dataLen(m));
        report("helpers.trimTooMuch", Dpdk.jn_pktmbuf_trim(m, 1000));
        report("helpers.prependTooMuch", Dpdk.jn_pktmbuf_prepend(m, 4000));
        report("helpers.refcntUpdate", Dpdk.jn_mbuf_refcnt_update(m, 1));
        Mempool.free(m);
        report("helpers.refcntAfterOneFree", RteMbuf.refcnt(m));
        Mempool.free(m);
        final long again = pool.alloc();
        Dpdk.jn_pktmbuf_reset(again);
        report("helpers.dataOffAfterReset", RteMbuf.dataOff(again));
        Mempool.free(again);
    }

    /** Broadcast frame, local experimental ethertype, payload bytes derived from the index. */
    static byte[] expectedFrame(final int index)
    {
        final byte[] frame = new byte[FRAME_LENGTH];
        for (int i = 0; i < 6; i++)
        {
            frame[i] = (byte)0xFF;
        }
        final byte[] source = {0x02, 0x00, 0x5E, 0x10, 0x00, 0x01};
        System.arraycopy(source, 0, frame, 6, 6);
        frame[12] = (byte)(ETHERTYPE_LOCAL_EXPERIMENTAL >>> 8);
        frame[13] = (byte)ETHERTYPE_LOCAL_EXPERIMENTAL;
        for (int i = 14; i < FRAME_LENGTH; i++)
        {
            frame[i] = (byte)(index * 31 + i);
        }
        return frame;
    }

    /** Writes {@link #expectedFrame} through the raw-address accessors the data plane uses. */
    static void writeFrame(final long mbuf, final int index)
    {
        final long data = RteMbuf.dataAddress(mbuf);
        final byte[] frame = expectedFrame(index);
        for (int i = 0; i < frame.length; i++)
        {
            RawMemory.putByte(data + i, frame[i]);
        }
        RteMbuf.dataLen(mbuf, FRAME_LENGTH);
        RteMbuf.pktLen(mbuf, FRAME_LENGTH);
    }

    private static boolean frameMatches(final long mbuf, final int index)
    {
        if (RteMbuf.pktLen(mbuf) != FRAME_LENGTH || RteMbuf.dataLen(mbuf) != FRAME_LENGTH)
        {
            return false;
        }
        final long data = RteMbuf.dataAddress(mbuf);
        final byte[] frame = expectedFrame(index);
        for (int i = 0; i < frame.length; i++)
        {
            if (RawMemory.getByte(data + i) != (frame[i] & 0xFF))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * A typo EAL rejects: the exception must carry rte_errno's text, the JVM must carry on, and
     * a second attempt must be refused cleanly (22.11 cannot re-initialize after a failure).
     */
    private static void badArgs(final List<String> ealArgs)
    {
        final List<String> withTypo = new java.util.ArrayList<>(ealArgs);
        withTypo.add("--no-such-eal-option");
        try
        {
            Eal.init(withTypo);
            report("firstInit", "succeeded");
        }
        catch (final DpdkException ex)
        {
            report("firstInit", "DpdkException");
            report("firstInit.errno", ex.errno());
            report("firstInit.message", ex.getMessage());
        }
        report("initializedAfterFailure", Eal.isInitialized());
        report("secondInit", attempt(() -> Eal.init(ealArgs)));
        report("helpRefused", attempt(() -> Eal.init(List.of("--help"))));
        // Still a working JVM with DPDK loaded: native calls and allocation go on.
        report("strerrorAfterFailure", Dpdk.strerror(95));
        report("javaStillWorks", String.join(",", List.of("a", "b")).length());
    }

    /**
     * The vdevs that attach to the kernel, run inside a network namespace the test made:
     * {@code net_af_packet0}/{@code 1} on the two ends of a veth pair, {@code net_pcap0}
     * reading and writing pcap files, {@code net_tap0} creating {@code jntap0}. What the
     * kernel saw is read back from sysfs.
     */
    private static void vdevs(final List<String> ealArgs) throws Exception
    {
        Eal.init(ealArgs);
        report("ready", true);
        Eal.registerThread();
        final Mempool pool = Mempool.create("jn_vdev_pool", 2047, 32, Dpdk.RTE_MBUF_DEFAULT_BUF_SIZE, Dpdk.SOCKET_ID_ANY);
        report("portCount", EthDev.count());
        final EthDev afPacket0 = startPort("net_af_packet0", pool);
        final EthDev afPacket1 = startPort("net_af_packet1", pool);
        final EthDev pcap = startPort("net_pcap0", pool);
        final EthDev tap = startPort("net_tap0", pool);

        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment array = arena.allocate(ValueLayout.JAVA_LONG, BURST);

            // af_packet: out of jnv0, through the veth pair, into jnv1.
            report("net_af_packet0.txBurst", sendFrames(afPacket0, pool, array, 2));
            report("net_af_packet1.framesReceived", receiveFrames(afPacket1, array, 2));
            report("net_af_packet0.stats.opackets", afPacket0.stats().opackets());
            report("net_af_packet1.stats.ipackets", afPacket1.stats().ipackets());
            report("jnv1.kernel.rxPackets", sysfs("jnv1", "statistics/rx_packets"));

            // pcap: rx replays the test's file, tx writes to the test's output file.
            receivePcapFrames(pcap, array);
            report("net_pcap0.txBurst", sendFrames(pcap, pool, array, 2));
            report("net_pcap0.stats.opackets", pcap.stats().opackets());

            // tap: frames go to the kernel's jntap0; MTU and MAC changes show up there too.
            report("net_tap0.kernelIfIndexMatches", Long.parseLong(sysfs("jntap0", "ifindex")) == tap.info().ifIndex());
            report("net_tap0.txBurst", sendFrames(tap, pool, array, 2));
            report("jntap0.kernel.rxPackets", awaitSysfsAtLeast("jntap0", "statistics/rx_packets", 2));
            tap.mtu(1400);
            report("net_tap0.mtuAfterSet", tap.mtu());
            report("jntap0.kernel.mtu", sysfs("jntap0", "mtu"));
            tap.macAddress(MacAddress.parse("02:00:5e:10:00:03"));
            report("net_tap0.macAfterSet", tap.macAddress());
            report("jntap0.kernel.address", sysfs("jntap0", "address"));
        }

        for (final EthDev port : List.of(afPacket0, afPacket1, pcap, tap))
        {
            port.stop();
            port.close();
        }
        report("pool.inUse.final", pool.inUseCount());
        pool.close();
        Eal.unregisterThread();
        Eal.cleanup();
    }

    private static EthDev startPort(final String name, final Mempool pool)
    {
        final EthDev port = EthDev.byName(name);
        final EthDevInfo info = port.info();
        report(name + ".driver", info.driverName());
        report(name + ".ifIndex", info.ifIndex());
        port.configure(1, 1);
        port.setupRxQueue(0, 256, pool);
        port.setupTxQueue(0, 256);
        port.start();
        report(name + ".link.up", port.link().up());
        report(name + ".mtu", port.mtu());
        return port;
    }

    private static int sendFrames(final EthDev port, final Mempool pool, final MemorySegment array, final int count)
    {
        if (!pool.allocBulk(array.address(), count))
        {
            throw new IllegalStateException("pool empty");
        }
        for (int i = 0; i < count; i++)
        {
            writeFrame(array.getAtIndex(ValueLayout.JAVA_LONG, i), i);
        }
        final int sent = port.txBurst(0, array.address(), count);
        Mempool.freeBulk(array.address() + (long)sent * Long.BYTES, count - sent);
        return sent;
    }

    /** Counts received frames that are ours (see {@link #writeFrame}), in order, until the deadline. */
    private static int receiveFrames(final EthDev port, final MemorySegment array, final int expected)
    {
        int matched = 0;
        final long deadline = System.nanoTime() + POLL_DEADLINE_NS;
        while (matched < expected && System.nanoTime() - deadline < 0)
        {
            final int n = port.rxBurst(0, array.address(), BURST);
            for (int i = 0; i < n; i++)
            {
                if (frameMatches(array.getAtIndex(ValueLayout.JAVA_LONG, i), matched))
                {
                    matched++;
                }
            }
            Mempool.freeBulk(array.address(), n);
            Thread.onSpinWait();
        }
        return matched;
    }

    private static void receivePcapFrames(final EthDev pcap, final MemorySegment array)
    {
        int received = 0;
        final long deadline = System.nanoTime() + POLL_DEADLINE_NS;
        while (received < BURST && System.nanoTime() - deadline < 0)
        {
            final int n = pcap.rxBurst(0, array.address(), BURST - received);
            for (int i = 0; i < n; i++)
            {
                final long mbuf = array.getAtIndex(ValueLayout.JAVA_LONG, i);
                final byte[] bytes = new byte[RteMbuf.dataLen(mbuf)];
                MemorySegment.copy(RawMemory.EVERYTHING, ValueLayout.JAVA_BYTE, RteMbuf.dataAddress(mbuf), bytes, 0, bytes.length);
                report("net_pcap0.rx." + (received + i), HexFormat.of().formatHex(bytes));
            }
            Mempool.freeBulk(array.address(), n);
            received += n;
            if (0 == n && received > 0)
            {
                break;
            }
        }
        report("net_pcap0.rxCount", received);
    }

    private static String sysfs(final String iface, final String attribute) throws IOException
    {
        return Files.readString(Path.of("/sys/class/net", iface, attribute)).strip();
    }

    private static long awaitSysfsAtLeast(final String iface, final String attribute, final long atLeast) throws IOException
    {
        final long deadline = System.nanoTime() + POLL_DEADLINE_NS;
        long value = Long.parseLong(sysfs(iface, attribute));
        while (value < atLeast && System.nanoTime() - deadline < 0)
        {
            Thread.onSpinWait();
            value = Long.parseLong(sysfs(iface, attribute));
        }
        return value;
    }

    private static String attempt(final Runnable action)
    {
        try
        {
            action.run();
            return "ok";
        }
        catch (final RuntimeException ex)
        {
            return ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
    }
}
