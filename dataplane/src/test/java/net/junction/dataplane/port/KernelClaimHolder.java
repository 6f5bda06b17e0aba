package net.junction.dataplane.port;

import java.io.IOException;

/**
 * A process that holds a {@link KernelClaim} for KernelClaimIT, started inside a network namespace
 * (KernelClaim runs nft and writes /proc/sys in the namespace of its process, as the router does
 * in its own): claims every interface named, prints {@code claimed}, holds the claim until its
 * standard input closes, then releases it and prints {@code released}. When the claim fails it
 * prints {@code failed: <message>}, releases what it had (as DpdkPorts does) and exits 1.
 *
 * <pre>java -cp ... net.junction.dataplane.port.KernelClaimHolder ROUTER_NAME IFACE...</pre>
 */
public final class KernelClaimHolder
{
    private KernelClaimHolder()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final KernelClaim claim = new KernelClaim(args[0]);
        try
        {
            for (int i = 1; i < args.length; i++)
            {
                claim.claim(args[i]);
            }
        }
        catch (final IllegalStateException ex)
        {
            claim.close();
            System.out.println("failed: " + ex.getMessage());
            System.out.flush();
            System.exit(1);
        }
        System.out.println("claimed " + claim.interfaces() + " in table " + claim.table());
        System.out.flush();
        while (System.in.read() >= 0)
        {
            // hold the claim until the test closes our stdin (or dies)
        }
        claim.close();
        System.out.println("released");
        System.out.flush();
    }
}
