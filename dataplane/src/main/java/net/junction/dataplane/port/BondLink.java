package net.junction.dataplane.port;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

import net.junction.bindings.Bond;
import net.junction.bindings.DpdkException;
import net.junction.bindings.EthDev;
import net.junction.dataplane.counters.CountersFile;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The link of a bond port, and the keeper of its members' place in the bond. Control path: the
 * slow path's link monitor reads it on its timer.
 *
 * <p>Why it moves members: DPDK 22.11's net_af_packet reports its link up whatever the kernel
 * interface's carrier (FIELD-NOTES), so the bonding PMD, which watches its members' links, would keep
 * distributing to a dead member until LACP expired it; and 22.11's actor never asks its partner for
 * the short timeout, so that takes 90 s. The member's carrier in sysfs is the truth: a member whose
 * carrier goes leaves the bond ({@code rte_eth_bond_slave_remove}) at once and joins it again
 * ({@code rte_eth_bond_slave_add}: LACP negotiates it anew) when the carrier is back, as the Linux
 * bond's miimon does. Members whose PMD reports its link (a NIC) are left to the bond.
 *
 * <p>The bond's link is up while any member's carrier is.
 *
 * <p>Gauges in the counters file ({@code junction status}: {@code ports.NAME.*}), rewritten at every poll:
 * {@code lacp_members} (members in the bond), {@code lacp_distributing} (members LACP collects and distributes
 * on), and per member {@code memberI_up} (1: in the bond), {@code memberI_actor_state} and
 * {@code memberI_partner_state} (the 802.3ad state bits, {@code STATE_*}: 0x3d = active, aggregation, sync,
 * collecting, distributing), {@code memberI_partner_mac} (the partner's system id, 0 before it was heard),
 * I counted from 0 in the config's order.
 */
final class BondLink implements BooleanSupplier
{
    private final String portName;
    private final EthDev bond;
    private final EthDev[] members;
    private final BooleanSupplier[] carriers;
    private final boolean[] inBond;
    private final AtomicBuffer values;
    private final int membersGauge;
    private final int distributingGauge;
    /** Per member: up, actor state, partner state, partner MAC gauge offsets. */
    private final int[][] memberGauges;

    /**
     * @param carriers per member, its carrier, or null for a member the bond watches itself.
     */
    BondLink(
        final String portName, final EthDev bond, final EthDev[] members, final BooleanSupplier[] carriers,
        final CountersFile counters)
    {
        this.portName = portName;
        this.bond = bond;
        this.members = members.clone();
        this.carriers = carriers.clone();
        inBond = new boolean[members.length];
        Arrays.fill(inBond, true);
        values = counters.values();
        final String prefix = "port." + portName + ".";
        membersGauge = counters.allocate(prefix + "lacp_members", CountersFile.TYPE_GAUGE, 0);
        distributingGauge = counters.allocate(prefix + "lacp_distributing", CountersFile.TYPE_GAUGE, 0);
        memberGauges = new int[members.length][];
        for (int m = 0; m < members.length; m++)
        {
            memberGauges[m] = new int[] {
                counters.allocate(prefix + "member" + m + "_up", CountersFile.TYPE_GAUGE, 0),
                counters.allocate(prefix + "member" + m + "_actor_state", CountersFile.TYPE_GAUGE, 0),
                counters.allocate(prefix + "member" + m + "_partner_state", CountersFile.TYPE_GAUGE, 0),
                counters.allocate(prefix + "member" + m + "_partner_mac", CountersFile.TYPE_GAUGE, 0)};
        }
    }

    /** Rewrites the gauges from the bond's LACP view of each member. */
    private void publish()
    {
        int inside = 0;
        int distributing = 0;
        for (int m = 0; m < members.length; m++)
        {
            final Bond.MemberInfo info = inBond[m] ? Bond.memberInfo(bond, members[m].portId()) : null;
            inside += inBond[m] ? 1 : 0;
            distributing += info != null && info.distributing() ? 1 : 0;
            values.putLongRelease(memberGauges[m][0], inBond[m] ? 1 : 0);
            values.putLongRelease(memberGauges[m][1], info == null ? 0 : info.actorState());
            values.putLongRelease(memberGauges[m][2], info == null ? 0 : info.partnerState());
            values.putLongRelease(memberGauges[m][3], info == null ? 0 : info.partnerSystem());
        }
        values.putLongRelease(membersGauge, inside);
        values.putLongRelease(distributingGauge, distributing);
    }

    @Override
    public boolean getAsBoolean()
    {
        boolean anyUp = false;
        boolean anyWatched = false;
        for (int m = 0; m < members.length; m++)
        {
            if (carriers[m] == null)
            {
                continue;
            }
            anyWatched = true;
            final boolean up = carriers[m].getAsBoolean();
            anyUp |= up;
            if (up == inBond[m])
            {
                continue;
            }
            try
            {
                if (up)
                {
                    Bond.addMember(bond, members[m]);
                }
                else
                {
                    Bond.removeMember(bond, members[m]);
                }
                inBond[m] = up;
                System.out.println("junction: port " + portName + ": member " + members[m].name() +
                    (up ? " carrier up, rejoins the bond (LACP negotiates it)" : " carrier down, leaves the bond"));
            }
            catch (final DpdkException ex)
            {
                // tried again on the next poll
                System.out.println("junction: port " + portName + ": member " + members[m].name() + ": " + ex.getMessage());
            }
        }
        publish();
        if (anyWatched && members.length == countWatched())
        {
            return anyUp;
        }
        return anyUp || bond.link().up();
    }

    private int countWatched()
    {
        int n = 0;
        for (final BooleanSupplier carrier : carriers)
        {
            n += carrier == null ? 0 : 1;
        }
        return n;
    }
}
