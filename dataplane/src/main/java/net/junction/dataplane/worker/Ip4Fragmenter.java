package net.junction.dataplane.worker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.DropReason;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.packet.Checksum;
import net.junction.dataplane.packet.Ethernet;
import net.junction.dataplane.packet.Ip4;
import net.junction.dataplane.packet.Ip4Options;
import net.junction.dataplane.port.Mbuf;
import net.junction.dataplane.port.PacketIo;

/**
 * The fragmentation stage of IPv4 output (RFC 791 §3.2 "Fragmentation and Reassembly", RFC 1812 §4.2.2.7 and
 * §5.2.6): a packet without DF that is longer than its egress port's MTU leaves as fragments. It runs after the
 * rest of forwarding is done: the TTL was decremented once, the next hop chosen and its MACs written into the
 * frame, so every fragment goes to the same neighbor as the packet would have.
 *
 * <pre>
 *  packet:   | Ethernet | IP header + all options |              payload (total length - IHL)              |
 *  first:    | Ethernet | IP header + all options | data (MTU - IHL, rounded down to 8) |   (the packet's mbuf)
 *  others:   | Ethernet | IP header + copied options | next data (a multiple of 8, the last what is left) |
 * </pre>
 *
 * <ul>
 * <li>The first fragment is the packet's own mbuf, trimmed; the others are new mbufs with the Ethernet header,
 * the fixed 20 bytes of the IP header and only the options whose copied flag is set ({@link Ip4Options}),
 * padded with End of Option List to a multiple of 4.
 * <li>Offsets continue the packet's own: a packet that is itself a fragment keeps its offset in the first piece
 * and its MF bit in the last; every other piece has MF set. DF is clear in all of them (it was clear in the
 * packet); the identification, TOS, TTL, protocol and addresses are the packet's. Each header's checksum is
 * computed whole.
 * <li>Sent in order, first fragment first, through the worker's TX buffers ({@link Sender}); a burst may so
 * send more packets than it received.
 * </ul>
 *
 * <p>Buffers: fragments after the first come from a stock of mbufs this worker holds ({@link #MAX_FRAGMENTS}
 * slots), refilled from the pool with one bulk allocation ({@link PacketIo#allocBulk}, one downcall) whenever a
 * packet needs more than it holds: a whole stock at once, so a stream of fragmented packets costs one downcall
 * per {@value #MAX_FRAGMENTS} fragments or so, never one per fragment. It starts empty (a router that never
 * fragments holds no buffers for it) and is given back to the pool by {@link #close}. An empty pool drops the
 * packet ({@link DropReason#FRAGMENT_NO_MBUF}); a packet that would need more than {@link #MAX_FRAGMENTS}
 * pieces is dropped too ({@link DropReason#FRAGMENT_TOO_MANY}: a 9000-byte packet at an MTU below ~150); so
 * is one whose options are malformed ({@link DropReason#IP4_BAD_OPTIONS}).
 *
 * <p>Fast path: no allocation, no locks; plain copies within the pool's memory. One per worker, used by its
 * thread only.
 */
public final class Ip4Fragmenter implements AutoCloseable
{
    /** Where fragments go: the worker's TX buffer of a port. */
    @FunctionalInterface
    public interface Sender
    {
        void send(int port, long mbuf);
    }

    /** Most fragments one packet may become, and the stock of mbufs a worker holds for them. */
    public static final int MAX_FRAGMENTS = 64;

    private static final int ETHER_HEADER = Ethernet.HEADER_LENGTH;
    private static final int IP_FIXED = Ip4.MIN_HEADER_LENGTH;

    private final PacketIo io;
    private final WorkerCounters counters;
    private final Sender sender;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment stock;
    private final long stockAddress;
    private int stockCount;
    private long refills;
    private int fragmented;
    private int fragments;

    public Ip4Fragmenter(final PacketIo io, final WorkerCounters counters, final Sender sender)
    {
        this.io = io;
        this.counters = counters;
        this.sender = sender;
        stock = arena.allocate(ValueLayout.JAVA_LONG, MAX_FRAGMENTS);
        stockAddress = stock.address();
    }

    /** Mbufs held in stock now (tests: a leak check subtracts them). */
    public int stocked()
    {
        return stockCount;
    }

    /** Bulk allocations made to refill the stock (tests: downcalls per fragment). */
    public long refills()
    {
        return refills;
    }

    /**
     * Sends the IPv4 packet in {@code mbuf} as fragments that fit {@code mtu}, or sends nothing.
     *
     * @param mbuf a single-segment frame: an untagged Ethernet header, then a validated IPv4 packet without DF
     *             whose total length is above {@code mtu} and which the frame holds exactly (padding trimmed).
     * @return {@link DropReason#NONE} when every fragment went to the sender (the mbuf is one of them), else the
     *     drop reason, nothing sent, the mbuf untouched: the caller drops it
     */
    public int fragment(final long mbuf, final int port, final int mtu)
    {
        final long frame = Mbuf.data(mbuf);
        final long ip = frame + ETHER_HEADER;
        final int headerLength = Ip4.headerLength(ip);
        final int totalLength = Ip4.totalLength(ip);
        final int flagsOffset = RawMemory.getShortBe(ip + Ip4.FLAGS_FRAGMENT_OFFSET);
        final int firstOffset = flagsOffset & Ip4.FRAGMENT_OFFSET_MASK;
        final int lastFlags = flagsOffset & Ip4.FLAG_MORE_FRAGMENTS;
        final int copied = headerLength == IP_FIXED ? 0 : Ip4Options.copied(ip, headerLength, 0);
        if (copied == Ip4Options.MALFORMED)
        {
            return DropReason.IP4_BAD_OPTIONS;
        }
        final int laterHeaderLength = IP_FIXED + ((copied + 3) & ~3);
        final int firstData = (mtu - headerLength) & ~7;
        final int laterData = (mtu - laterHeaderLength) & ~7;
        final int payload = totalLength - headerLength;
        if (firstData <= 0 || laterData <= 0)
        {
            return DropReason.FRAGMENT_TOO_MANY;
        }
        if ((firstOffset << 3) + payload > 0xFFFF)
        {
            return DropReason.IP4_BAD_LENGTH; // the last piece would lie beyond the largest datagram
        }
        final int later = (payload - firstData + laterData - 1) / laterData;
        if (later + 1 > MAX_FRAGMENTS)
        {
            return DropReason.FRAGMENT_TOO_MANY;
        }
        if (!ensureStock(later))
        {
            return DropReason.FRAGMENT_NO_MBUF;
        }

        // The fragments after the first, from the top of the stock: the first of them gets the template header
        // (Ethernet as rewritten, the fixed IP header, the copied options), the others a copy of it.
        final long template = Mbuf.data(stocked(0));
        RawMemory.copy(frame, template, ETHER_HEADER + IP_FIXED);
        if (copied > 0)
        {
            Ip4Options.copied(ip, headerLength, template + ETHER_HEADER + IP_FIXED);
            RawMemory.fill(template + ETHER_HEADER + IP_FIXED + copied, laterHeaderLength - IP_FIXED - copied,
                (byte)Ip4Options.END_OF_OPTION_LIST);
        }
        RawMemory.putByte(template + ETHER_HEADER, 0x40 | (laterHeaderLength >>> 2));
        int dataStart = firstData;
        for (int k = 0; k < later; k++)
        {
            final long fragment = stocked(k);
            final long fragmentFrame = Mbuf.data(fragment);
            if (k > 0)
            {
                RawMemory.copy(template, fragmentFrame, ETHER_HEADER + laterHeaderLength);
            }
            final int length = Math.min(laterData, payload - dataStart);
            RawMemory.copy(ip + headerLength + dataStart, fragmentFrame + ETHER_HEADER + laterHeaderLength, length);
            final long fragmentIp = fragmentFrame + ETHER_HEADER;
            Ip4.totalLength(fragmentIp, laterHeaderLength + length);
            RawMemory.putShortBe(fragmentIp + Ip4.FLAGS_FRAGMENT_OFFSET,
                (k == later - 1 ? lastFlags : Ip4.FLAG_MORE_FRAGMENTS) | (firstOffset + (dataStart >>> 3)));
            Checksum.setIp4HeaderChecksum(fragmentIp);
            Mbuf.length(fragment, ETHER_HEADER + laterHeaderLength + length);
            dataStart += length;
        }

        // The first fragment: the packet itself, trimmed, with MF set.
        Ip4.totalLength(ip, headerLength + firstData);
        RawMemory.putShortBe(ip + Ip4.FLAGS_FRAGMENT_OFFSET, Ip4.FLAG_MORE_FRAGMENTS | firstOffset);
        Checksum.setIp4HeaderChecksum(ip);
        Mbuf.length(mbuf, ETHER_HEADER + headerLength + firstData);

        sender.send(port, mbuf);
        for (int k = 0; k < later; k++)
        {
            sender.send(port, stocked(k));
        }
        stockCount -= later;
        fragmented++;
        fragments += later + 1;
        return DropReason.NONE;
    }

    /** Adds the tallies since the last call to the shared counters (once per burst, as the pipeline does). */
    public void flushCounters()
    {
        if (fragmented > 0)
        {
            counters.dp(WorkerCounters.IP4_FRAGMENTED, fragmented);
            counters.dp(WorkerCounters.IP4_FRAGMENTS, fragments);
            fragmented = 0;
            fragments = 0;
        }
    }

    /** The k-th mbuf from the top of the stock. */
    private long stocked(final int k)
    {
        return RawMemory.getLongNative(stockAddress + ((long)(stockCount - 1 - k) << 3));
    }

    /** At least {@code needed} mbufs in stock: refills it whole in one bulk allocation, or just enough. */
    private boolean ensureStock(final int needed)
    {
        if (stockCount >= needed)
        {
            return true;
        }
        final int whole = MAX_FRAGMENTS - stockCount;
        if (io.allocBulk(stock, stockCount, whole))
        {
            stockCount += whole;
            refills++;
            return true;
        }
        final int missing = needed - stockCount;
        if (missing < whole && io.allocBulk(stock, stockCount, missing)) // a pool running low: no more than needed
        {
            stockCount += missing;
            refills++;
            return true;
        }
        return false;
    }

    /** Gives the stock back to the pool. */
    @Override
    public void close()
    {
        if (stockCount > 0)
        {
            io.freeBulk(stock, stockCount);
            stockCount = 0;
        }
        arena.close();
    }
}
