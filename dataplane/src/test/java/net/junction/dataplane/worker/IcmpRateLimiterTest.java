package net.junction.dataplane.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The ICMP error token bucket (RFC 1812 §4.3.2.8, RFC 4443 §2.4(f)) on a synthetic clock: a full
 * bucket allows a burst, then tokens come back at the rate, and idling never saves more than one
 * burst.
 */
class IcmpRateLimiterTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long START = 7 * SECOND;

    @Test
    void shouldRejectNonPositiveSettings()
    {
        assertThrows(IllegalArgumentException.class, () -> new IcmpRateLimiter(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new IcmpRateLimiter(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new IcmpRateLimiter(-5, 10));
    }

    @Test
    void shouldAllowABurstThenRefuse()
    {
        final IcmpRateLimiter limiter = new IcmpRateLimiter(1000, 5);
        for (int i = 0; i < 5; i++)
        {
            assertTrue(limiter.tryAcquire(START), "token " + i);
        }
        assertFalse(limiter.tryAcquire(START));
        assertFalse(limiter.tryAcquire(START));
    }

    @Test
    void shouldRefillOneTokenPerInterval()
    {
        final IcmpRateLimiter limiter = new IcmpRateLimiter(1000, 5);
        while (limiter.tryAcquire(START))
        {
            // empty the bucket
        }

        assertFalse(limiter.tryAcquire(START + 999_999), "not a whole millisecond yet");
        assertTrue(limiter.tryAcquire(START + 1_000_000));
        assertFalse(limiter.tryAcquire(START + 1_000_000));
        assertTrue(limiter.tryAcquire(START + 2_000_000));
        assertFalse(limiter.tryAcquire(START + 2_500_000));
    }

    @Test
    void shouldKeepTheRateOverASecond()
    {
        final IcmpRateLimiter limiter = new IcmpRateLimiter(1000, 50);
        int granted = 0;
        for (long t = 0; t <= SECOND; t += 10_000) // asked 100 times per millisecond
        {
            if (limiter.tryAcquire(START + t))
            {
                granted++;
            }
        }
        assertEquals(50 + 1000, granted, "the burst at 0, then one per millisecond up to 1 s");
    }

    @Test
    void shouldNotSaveMoreThanOneBurstWhileIdle()
    {
        final IcmpRateLimiter limiter = new IcmpRateLimiter(10, 3);
        assertTrue(limiter.tryAcquire(START));

        int granted = 0;
        while (limiter.tryAcquire(START + 3600 * SECOND))
        {
            granted++;
        }
        assertEquals(3, granted, "an hour idle refills one burst, no more");
    }

    @Test
    void shouldWorkAcrossZeroOfNanoTime()
    {
        // System.nanoTime's origin is arbitrary, so its values may be negative; only differences matter.
        final IcmpRateLimiter limiter = new IcmpRateLimiter(1000, 1);
        assertTrue(limiter.tryAcquire(-500_000));
        assertFalse(limiter.tryAcquire(-1));
        assertTrue(limiter.tryAcquire(500_000));
        assertFalse(limiter.tryAcquire(500_001));
    }
}
