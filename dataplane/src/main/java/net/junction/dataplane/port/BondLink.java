package net.junction.dataplane.port;

import java.util.function.BooleanSupplier;

import net.junction.bindings.Bond;
import net.junction.bindings.DpdkException;
import net.junction.bindings.EthDev;

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
 */
final class BondLink implements BooleanSupplier
{
    private final String portName;
    private final EthDev bond;
    private final EthDev[] members;
    private final BooleanSupplier[] carriers;
    private final boolean[] inBond;

    /**
     * @param carriers per member, its carrier, or null for a member the bond watches itself.
     */
    BondLink(final String portName, final EthDev bond, final EthDev[] members, final BooleanSupplier[] carriers)
    {
        this.portName = portName;
        this.bond = bond;
        this.members = members.clone();
        this.carriers = carriers.clone();
        inBond = new boolean[members.length];
        java.util.Arrays.fill(inBond, true);
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

    /** @return whether a member is in the bond now (its carrier was up at the last poll). */
    boolean inBond(final int member)
    {
        return inBond[member];
    }
}
