package net.junction.dataplane.worker;

/**
 * Token bucket for the ICMP errors one worker generates (RFC 1812 §4.3.2.8, RFC 4443 §2.4(f)):
 * at most {@code ratePerSecond} on average, bursts up to {@code burst}. Per worker, so no sharing.
 *
 * <p>Fast path: arithmetic only.
 */
public final class IcmpRateLimiter
{
    private final long nanosPerToken;
    private final long burstNanos;
    private long budgetTimeNs;

    public IcmpRateLimiter(final int ratePerSecond, final int burst)
    {
        if (ratePerSecond <= 0 || burst <= 0)
        {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        nanosPerToken = 1_000_000_000L / ratePerSecond;
        burstNanos = nanosPerToken * burst;
        budgetTimeNs = Long.MIN_VALUE / 2;
    }

    /** @return true when a token was taken. */
    public boolean tryAcquire(final long nowNs)
    {
        // The bucket is the time span (budgetTimeNs, nowNs]: each token costs nanosPerToken of it.
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
