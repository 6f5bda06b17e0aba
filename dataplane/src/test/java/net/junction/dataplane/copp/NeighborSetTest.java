package net.junction.dataplane.copp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.junction.routing.Ip6Address;
import org.junit.jupiter.api.Test;

/** The BGP neighbors' address set the workers classify with, and the token bucket the policer keeps per class. */
class NeighborSetTest
{
    @Test
    void shouldFindEveryNeighborAndNoOtherAddress()
    {
        final Random random = new Random(14);
        final List<Integer> four = new ArrayList<>();
        final List<Ip6Address> six = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            four.add(0xC6120000 | random.nextInt(1 << 17));
            six.add(new Ip6Address(0x20010db8_00000000L | random.nextInt(1 << 16), random.nextLong()));
        }
        four.add(four.getFirst()); // a duplicate
        final NeighborSet set = new NeighborSet(four, six);

        for (final int a : four)
        {
            assertTrue(set.contains4(a));
        }
        for (final Ip6Address a : six)
        {
            assertTrue(set.contains6(a.high(), a.low()));
            assertFalse(set.contains6(a.high(), a.low() ^ 1));
        }
        int strangers = 0;
        for (int i = 0; i < 10_000; i++)
        {
            final int a = random.nextInt();
            if (!four.contains(a))
            {
                assertFalse(set.contains4(a));
                strangers++;
            }
        }
        assertTrue(strangers > 9_000);
    }

    @Test
    void shouldHoldNothingWhenEmpty()
    {
        final NeighborSet set = new NeighborSet(List.of(), List.of());
        assertFalse(set.contains4(0));
        assertFalse(set.contains6(0, 0));
    }

    @Test
    void shouldStartFullAndRefillAtTheRate()
    {
        final TokenBucket bucket = new TokenBucket();
        bucket.rate(1_000_000, 3); // 1,000 a second, bursts of 3
        long now = 1_000_000_000L;
        assertTrue(bucket.tryAcquire(now));
        assertTrue(bucket.tryAcquire(now));
        assertTrue(bucket.tryAcquire(now));
        assertFalse(bucket.tryAcquire(now));
        now += 999_999;
        assertFalse(bucket.tryAcquire(now));
        now += 1;
        assertTrue(bucket.tryAcquire(now));
        assertFalse(bucket.tryAcquire(now));
        now += 60_000_000_000L;
        int taken = 0;
        while (bucket.tryAcquire(now))
        {
            taken++;
        }
        assertEquals(3, taken, "never more than the burst");
    }

    @Test
    void shouldShareTheRateAmongWorkers()
    {
        final ControlPlanePolicer.Prepared prepared = ControlPlanePolicer.prepare(
            new CoppPolicy(new CoppPolicy.Rate(20_000, 5_000), new CoppPolicy.Rate(2_000, 501), new CoppPolicy.Rate(3, 1),
                List.of(), List.of()), 4);
        assertEquals(200_000, prepared.nanosPerToken()[CoppPolicy.BGP], "5,000 a second a worker");
        assertEquals(1_250, prepared.burst()[CoppPolicy.BGP]);
        assertEquals(126, prepared.burst()[CoppPolicy.ICMP_ND_ARP], "rounded up");
        assertEquals(1_333_333_333, prepared.nanosPerToken()[CoppPolicy.OTHER]);
        assertEquals(1, prepared.burst()[CoppPolicy.OTHER], "at least one");
    }

    @Test
    void shouldRefuseRatesOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> new CoppPolicy.Rate(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new CoppPolicy.Rate(CoppPolicy.MAX_RATE_PPS + 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new CoppPolicy.Rate(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new CoppPolicy.Rate(10, CoppPolicy.MAX_BURST + 1));
    }
}
