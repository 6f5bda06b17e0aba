package net.junction.bindings;

import net.junction.bindings.dpdk.Dpdk;

/**
 * A DPDK call failed. The message names the call and its arguments and carries DPDK's own
 * text for the error ({@code rte_strerror}), for example
 * {@code "rte_eth_dev_configure(port 0 net_ring0, 2 rx, 2 tx) failed: Invalid argument (errno 22)"}.
 */
public final class DpdkException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int errno;

    public DpdkException(final String message, final int errno)
    {
        super(message);
        this.errno = errno;
    }

    /** The positive errno or rte_errno value (DPDK's own codes start at 1000). */
    public int errno()
    {
        return errno;
    }

    /** For a failed call with the given positive error number. */
    public static DpdkException of(final String operation, final int errno)
    {
        return new DpdkException(operation + " failed: " + Dpdk.strerror(errno) + " (errno " + errno + ")", errno);
    }

    /** For a call that failed and left its reason in rte_errno; call on the failing thread, at once. */
    public static DpdkException ofRteErrno(final String operation)
    {
        return of(operation, Dpdk.jn_errno());
    }

    /** Throws unless {@code result} is non-negative (ethdev returns {@code -errno}); returns it. */
    public static int check(final int result, final String operation)
    {
        if (result < 0)
        {
            throw of(operation, -result);
        }
        return result;
    }
}
