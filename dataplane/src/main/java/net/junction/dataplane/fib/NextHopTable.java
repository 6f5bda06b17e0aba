package net.junction.dataplane.fib;

import net.junction.dataplane.packet.FlowHash;

/**
 * Next hops by index, as the control plane numbered them in its FIB updates. Routes in the FIB
 * hold an index; the entry says what to do: send to a gateway on a port, send on-link (the
 * destination is the neighbor), receive locally, drop, or pick one member of an ECMP group by
 * the flow's hash ({@link #member}).
 *
 * <p>One writer (the FIB writer), readers on every worker. The writer fills an entry before any
 * route refers to it; route publication in the trie is a release store and lookups acquire it,
 * so a reader that found an index sees the entry's fields. An index is reused only after the
 * control plane deleted every route that used it (reclamation behind a quiescent point is the next
 * FIB's work).
 */
public final class NextHopTable
{
    public static final int NONE = 0;
    public static final int GATEWAY4 = 1;
    public static final int GATEWAY6 = 2;
    public static final int DIRECT = 3;
    public static final int LOCAL = 4;
    public static final int BLACKHOLE = 5;
    public static final int GROUP = 6;

    /** Most members of a group. */
    public static final int MAX_GROUP_MEMBERS = net.junction.routing.fib.FibUpdates.MAX_GROUP_MEMBERS;

    private final int[] kind;
    private final int[] port;
    private final int[] gateway4;
    private final long[] gateway6High;
    private final long[] gateway6Low;
    private final int[] groupCount;
    private final int[] groupMembers;

    public NextHopTable(final int capacity)
    {
        kind = new int[capacity];
        port = new int[capacity];
        gateway4 = new int[capacity];
        gateway6High = new long[capacity];
        gateway6Low = new long[capacity];
        groupCount = new int[capacity];
        groupMembers = new int[capacity * MAX_GROUP_MEMBERS];
    }

    public int capacity()
    {
        return kind.length;
    }

    public int kind(final int index)
    {
        return kind[index];
    }

    public int port(final int index)
    {
        return port[index];
    }

    public int gateway4(final int index)
    {
        return gateway4[index];
    }

    public long gateway6High(final int index)
    {
        return gateway6High[index];
    }

    public long gateway6Low(final int index)
    {
        return gateway6Low[index];
    }

    public void set(final int index, final int kindValue, final int portIndex, final int gw4, final long gw6High, final long gw6Low)
    {
        port[index] = portIndex;
        gateway4[index] = gw4;
        gateway6High[index] = gw6High;
        gateway6Low[index] = gw6Low;
        java.lang.invoke.VarHandle.releaseFence();
        kind[index] = kindValue;
    }

    /**
     * The member of a group a flow goes to: {@code members[(hash * count) >>> 32]} with the hash
     * unsigned, so every flow of one 5-tuple takes the same path and flows spread evenly.
     *
     * @param index    a {@link #GROUP} entry.
     * @param flowHash the flow's hash.
     * @return the member's next-hop index.
     */
    public int member(final int index, final int flowHash)
    {
        final int count = groupCount[index];
        return groupMembers[index * MAX_GROUP_MEMBERS + (int)(((flowHash & 0xFFFF_FFFFL) * count) >>> 32)];
    }

    /**
     * The entry an IPv4 packet's flow takes: for a {@link #GROUP}, the member its {@link FlowHash}
     * picks (the hash is computed only then); any other entry is itself.
     *
     * @param entry a set entry, as a FIB lookup returned it.
     * @param ip    address of the packet's validated IPv4 header.
     * @return the next hop to use.
     */
    public int forFlow4(final int entry, final long ip)
    {
        return kind[entry] == GROUP ? member(entry, FlowHash.ip4(ip)) : entry;
    }

    /**
     * {@link #forFlow4} for an IPv6 packet.
     *
     * @param entry a set entry, as a FIB lookup returned it.
     * @param ip    address of the packet's validated IPv6 header.
     * @return the next hop to use.
     */
    public int forFlow6(final int entry, final long ip)
    {
        return kind[entry] == GROUP ? member(entry, FlowHash.ip6(ip)) : entry;
    }

    /**
     * @param index a {@link #GROUP} entry.
     * @return its member count.
     */
    public int groupCount(final int index)
    {
        return groupCount[index];
    }

    /**
     * @param index a {@link #GROUP} entry.
     * @param i     member position, {@code 0..}{@link #groupCount}{@code -1}.
     * @return that member's next-hop index.
     */
    public int groupMember(final int index, final int i)
    {
        return groupMembers[index * MAX_GROUP_MEMBERS + i];
    }

    /**
     * Make an entry an ECMP group. Members are written before the kind, so a reader that sees
     * {@link #GROUP} sees them.
     *
     * @param index   entry.
     * @param members member next-hop indexes, already set.
     * @param count   {@code 2..}{@link #MAX_GROUP_MEMBERS}.
     */
    public void setGroup(final int index, final int[] members, final int count)
    {
        System.arraycopy(members, 0, groupMembers, index * MAX_GROUP_MEMBERS, count);
        groupCount[index] = count;
        java.lang.invoke.VarHandle.releaseFence();
        kind[index] = GROUP;
    }

    public void clear(final int index)
    {
        kind[index] = NONE;
    }
}
