package net.junction.bindings;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.junction.bindings.dpdk.Dpdk;

/**
 * A link aggregation port: DPDK's bonding PMD ({@code net_bonding} vdev, {@code rte_eth_bond.h}) in
 * mode 4, IEEE 802.3ad / 802.1AX LACP. The bond is an {@link EthDev} like any other (the router
 * configures, starts and bursts on it); its members are configured by the bond and never used
 * directly. Control path only: the calls take the bond's lock.
 */
public final class Bond
{
    /** {@code BONDING_MODE_8023AD}. */
    public static final int MODE_8023AD = 4;
    /** Most members a bond has ({@code RTE_MAX_ETHPORTS}). */
    private static final int MAX_MEMBERS = Dpdk.RTE_MAX_ETHPORTS;

    /** {@code STATE_*} bits of {@code rte_eth_bond_8023ad.h}, in bit order. */
    private static final String[] STATE_NAMES = {
        "active", "short-timeout", "aggregation", "sync", "collecting", "distributing", "defaulted", "expired"};

    private Bond()
    {
    }

    /**
     * One member's LACP view ({@code rte_eth_bond_8023ad_slave_info}).
     *
     * @param selected       the selection logic's verdict: {@code unselected}, {@code standby} or {@code selected}.
     * @param actorState     our LACP state bits on this member ({@code STATE_*}).
     * @param partnerState   the partner's state bits as its last LACPDU gave them.
     * @param partnerSystem  the partner's system id (its MAC), 0 before any LACPDU.
     * @param partnerKey     the partner's operational key.
     * @param partnerPort    the partner's port number.
     * @param aggregatorPort the DPDK port id of the member whose aggregator this member uses.
     */
    public record MemberInfo(
        String selected, int actorState, int partnerState, long partnerSystem, int partnerKey, int partnerPort,
        int aggregatorPort)
    {
        /** @return true when this member carries traffic both ways (collecting and distributing). */
        public boolean distributing()
        {
            return (actorState & 0x30) == 0x30;
        }
    }

    /** @return the names of the {@code STATE_*} bits set in a state byte, as {@code "active,aggregation,sync"}. */
    public static String stateNames(final int state)
    {
        final StringBuilder text = new StringBuilder();
        for (int bit = 0; bit < STATE_NAMES.length; bit++)
        {
            if ((state & (1 << bit)) != 0)
            {
                text.append(text.isEmpty() ? "" : ",").append(STATE_NAMES[bit]);
            }
        }
        return text.toString();
    }

    /** A member leaves the bond; it stays configured and started but carries nothing of the bond's. */
    public static void removeMember(final EthDev bond, final EthDev member)
    {
        DpdkException.check(Dpdk.jn_bond_member_remove(bond.portId(), member.portId()),
            "rte_eth_bond_slave_remove(" + bond.name() + ", " + member.name() + ")");
    }

    /** A member (re)joins the bond; a started bond configures and starts it, and LACP negotiates it again. */
    public static void addMember(final EthDev bond, final EthDev member)
    {
        DpdkException.check(Dpdk.jn_bond_member_add(bond.portId(), member.portId()),
            "rte_eth_bond_slave_add(" + bond.name() + ", " + member.name() + ")");
    }

    /** @return the DPDK port ids of the bond's members. */
    public static int[] members(final EthDev bond)
    {
        return ports(bond, false);
    }

    /** @return the DPDK port ids of the members the bond distributes to now (their link up, LACP aside). */
    public static int[] activeMembers(final EthDev bond)
    {
        return ports(bond, true);
    }

    private static int[] ports(final EthDev bond, final boolean active)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment ids = arena.allocate(ValueLayout.JAVA_SHORT, MAX_MEMBERS);
            final int n = DpdkException.check(active ?
                Dpdk.jn_bond_active_members(bond.portId(), ids, MAX_MEMBERS) :
                Dpdk.jn_bond_members(bond.portId(), ids, MAX_MEMBERS), "rte_eth_bond_slaves_get(" + bond.name() + ")");
            final int[] ports = new int[n];
            for (int i = 0; i < n; i++)
            {
                ports[i] = Short.toUnsignedInt(ids.getAtIndex(ValueLayout.JAVA_SHORT, i));
            }
            return ports;
        }
    }

    /** @return a member's LACP state, or null when it is not an active member of a mode-4 bond. */
    public static MemberInfo memberInfo(final EthDev bond, final int memberPort)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, 7);
            if (Dpdk.jn_bond_8023ad_member_info(bond.portId(), memberPort, out) != 0)
            {
                return null;
            }
            final int selected = (int)out.getAtIndex(ValueLayout.JAVA_LONG, 0);
            return new MemberInfo(
                selected == 2 ? "selected" : selected == 1 ? "standby" : "unselected",
                (int)out.getAtIndex(ValueLayout.JAVA_LONG, 1),
                (int)out.getAtIndex(ValueLayout.JAVA_LONG, 2),
                out.getAtIndex(ValueLayout.JAVA_LONG, 3),
                (int)out.getAtIndex(ValueLayout.JAVA_LONG, 4),
                (int)out.getAtIndex(ValueLayout.JAVA_LONG, 5),
                (int)out.getAtIndex(ValueLayout.JAVA_LONG, 6));
        }
    }
}
