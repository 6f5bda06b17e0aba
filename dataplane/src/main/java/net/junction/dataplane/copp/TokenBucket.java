package net.junction.dataplane.copp;

/**
 * A token bucket kept as a span of time (the virtual-clock form of DPDK's rte_meter srTCM): the bucket holds
 * {@code (nowNs - budgetTimeNs) / nanosPerToken} tokens, at most the burst; taking one moves
 * {@code budgetTimeNs} on by {@code nanosPerToken}. One owner thread (a worker), so no atomics.
 *
 * <p>Fast path: arithmetic only.
 */
final class TokenBucket
{
    private long nanosPerToken = 1;
    private long burstNanos = 1;
    private long budgetTimeNs = Long.MIN_VALUE / 2; // starts full

    /**
     * Sets the rate; the tokens held stay (capped by the new burst).
     *
     * @param nanosPerToken the time one token takes to come, >= 1.
     * @param burst         tokens the bucket holds at most, >= 1.
     */
    void rate(final long nanosPerToken, final long burst)
    {
        this.nanosPerToken = Math.max(1, nanosPerToken);
        this.burstNanos = this.nanosPerToken * Math.max(1, burst);
    }

    /** @return true when a token was taken. */
    boolean tryAcquire(final long nowNs)
    {
        long start = budgetTimeNs;
        if (nowNs - start > burstNanos)
        {
            start = nowNs - burstNanos;
        }
        if (nowNs - start < nanosPerToken)
        {
            return false;
        }
        budgetTimeNs = start + nanosPerToken;
        return true;
    }
}
