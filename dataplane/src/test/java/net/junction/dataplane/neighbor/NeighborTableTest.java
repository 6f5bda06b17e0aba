package net.junction.dataplane.neighbor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The neighbor cache: keys per (port, address) for both families, the packed MAC+state value,
 * a full table that says so, and a reader racing the single writer that never sees a MAC of one
 * update paired with the state of another, nor an entry under the wrong key.
 */
class NeighborTableTest
{
    private static final long MAC_A = 0x52_54_00_AA_BB_CCL;
    private static final long MAC_B = 0x02_00_00_00_00_01L;

    @Test
    void shouldRejectCapacityThatIsNotAPowerOfTwo()
    {
        assertThrows(IllegalArgumentException.class, () -> new NeighborTable(100));
        assertThrows(IllegalArgumentException.class, () -> new NeighborTable(1));
        assertEquals(64, new NeighborTable(64).capacity());
    }

    @Test
    void shouldPackMacAndState()
    {
        final long value = NeighborTable.value(MAC_A, NeighborTable.STALE);
        assertEquals(MAC_A, NeighborTable.mac(value));
        assertEquals(NeighborTable.STALE, NeighborTable.state(value));
        assertEquals(0xFFFF_FFFF_FFFFL, NeighborTable.mac(NeighborTable.value(-1L, NeighborTable.PERMANENT)),
            "a MAC never spills into the state");
        assertEquals(NeighborTable.PERMANENT, NeighborTable.state(NeighborTable.value(-1L, NeighborTable.PERMANENT)));
    }

    @Test
    void shouldSayWhichStatesAreUsable()
    {
        assertFalse(NeighborTable.usable(NeighborTable.ABSENT));
        assertFalse(NeighborTable.usable(NeighborTable.value(MAC_A, NeighborTable.NONE)));
        assertFalse(NeighborTable.usable(NeighborTable.value(0, NeighborTable.INCOMPLETE)));
        assertFalse(NeighborTable.usable(NeighborTable.value(0, NeighborTable.FAILED)));
        assertTrue(NeighborTable.usable(NeighborTable.value(MAC_A, NeighborTable.REACHABLE)));
        assertTrue(NeighborTable.usable(NeighborTable.value(MAC_A, NeighborTable.STALE)));
        assertTrue(NeighborTable.usable(NeighborTable.value(MAC_A, NeighborTable.PROBE)));
        assertTrue(NeighborTable.usable(NeighborTable.value(MAC_A, NeighborTable.PERMANENT)));
        assertEquals("reachable", NeighborTable.stateName(NeighborTable.REACHABLE));
        assertEquals("unknown", NeighborTable.stateName(42));
    }

    @Test
    void shouldInsertAndFindIp4PerPort()
    {
        final NeighborTable table = new NeighborTable(16);
        final int address = 0xC612_0207; // 198.18.2.7

        assertEquals(NeighborTable.NOT_FOUND, table.find4(0, address));
        assertEquals(NeighborTable.ABSENT, table.lookup4(0, address));

        final int slot = table.slot4(0, address);
        assertEquals(slot, table.slot4(0, address), "finding again gives the same slot");
        assertEquals(slot, table.find4(0, address));
        assertEquals(0, NeighborTable.state(table.lookup4(0, address)), "a new key starts as NONE");
        table.set4(slot, MAC_A, NeighborTable.REACHABLE);

        assertEquals(NeighborTable.value(MAC_A, NeighborTable.REACHABLE), table.lookup4(0, address));
        assertEquals(NeighborTable.NOT_FOUND, table.find4(1, address), "the same address on another port is another neighbor");
        final int other = table.slot4(1, address);
        assertNotEquals(slot, other);
        table.set4(other, MAC_B, NeighborTable.STALE);
        assertEquals(MAC_A, NeighborTable.mac(table.lookup4(0, address)));
        assertEquals(MAC_B, NeighborTable.mac(table.lookup4(1, address)));
        assertEquals(0, table.port4(slot));
        assertEquals(1, table.port4(other));
        assertEquals(address, table.address4(slot));
        assertTrue(table.used4(slot));
        assertEquals(2, table.size4());
    }

    @Test
    void shouldInsertAndFindIp6PerPort()
    {
        final NeighborTable table = new NeighborTable(16);
        final long high = 0x2001_0DB8_0002_0000L;
        final long low = 7;

        assertEquals(NeighborTable.ABSENT, table.lookup6(3, high, low));
        final int slot = table.slot6(3, high, low);
        table.set6(slot, MAC_A, NeighborTable.PERMANENT);

        assertEquals(NeighborTable.value(MAC_A, NeighborTable.PERMANENT), table.lookup6(3, high, low));
        assertEquals(NeighborTable.ABSENT, table.lookup6(3, high, low + 1), "differs in the low half");
        assertEquals(NeighborTable.ABSENT, table.lookup6(3, high + 1, low), "differs in the high half");
        assertEquals(NeighborTable.ABSENT, table.lookup6(2, high, low), "differs in the port");
        assertEquals(3, table.port6(slot));
        assertEquals(high, table.high6(slot));
        assertEquals(low, table.low6(slot));
        assertTrue(table.used6(slot));
        assertEquals(1, table.size6());
        assertEquals(0, table.size4(), "families are separate");
    }

    @Test
    void shouldFindPortZeroAddressZero()
    {
        final NeighborTable table = new NeighborTable(8);
        final int slot = table.slot4(0, 0);
        table.set4(slot, MAC_A, NeighborTable.STALE);
        assertEquals(MAC_A, NeighborTable.mac(table.lookup4(0, 0)), "the used bit keeps the key apart from an empty slot");
        final int slot6 = table.slot6(0, 0, 0);
        table.set6(slot6, MAC_B, NeighborTable.STALE);
        assertEquals(MAC_B, NeighborTable.mac(table.lookup6(0, 0, 0)));
    }

    @Test
    void shouldReturnNotFoundWhenFull()
    {
        final NeighborTable table = new NeighborTable(8);
        for (int i = 0; i < 7; i++)
        {
            final int slot = table.slot4(0, 0x0A00_0001 + i);
            assertNotEquals(NeighborTable.NOT_FOUND, slot, "neighbor " + i);
            table.set4(slot, MAC_A + i, NeighborTable.REACHABLE);
            assertNotEquals(NeighborTable.NOT_FOUND, table.slot6(0, 1, i));
        }

        assertEquals(NeighborTable.NOT_FOUND, table.slot4(0, 0x0B00_0001), "one slot always stays empty");
        assertEquals(NeighborTable.NOT_FOUND, table.slot6(0, 2, 0));
        assertEquals(NeighborTable.ABSENT, table.lookup4(0, 0x0B00_0001), "a miss on a full table ends");
        assertEquals(NeighborTable.NOT_FOUND, table.find6(0, 2, 0));
        for (int i = 0; i < 7; i++)
        {
            assertEquals(MAC_A + i, NeighborTable.mac(table.lookup4(0, 0x0A00_0001 + i)), "existing ones still found");
            assertEquals(table.find6(0, 1, i), table.slot6(0, 1, i), "existing keys still get their slot");
        }
    }

    /**
     * One writer inserts neighbors and rewrites their values, as the slow path does; a reader looks
     * them up all the while. Every value the writer stores encodes its own key and a generation,
     * and its state is a function of that generation, so the reader can tell a torn or misplaced
     * value from a good one.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldNeverShowATornOrMisplacedValueToAConcurrentReader() throws InterruptedException
    {
        final int neighbors = 1500;
        final NeighborTable table = new NeighborTable(2048);
        final AtomicBoolean writerDone = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong hits = new AtomicLong();

        final Thread writer = new Thread(() ->
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            int generation = 0;
            do
            {
                generation = (generation + 1) & 0xFFFF;
                for (int n = 0; n < neighbors; n++)
                {
                    final int slot4 = table.slot4(n & 3, address4(n));
                    table.set4(slot4, mac(address4(n), generation), stateOf(generation));
                    final int slot6 = table.slot6(n & 3, high6(n), n);
                    table.set6(slot6, mac(n, generation), stateOf(generation));
                }
            }
            while (System.nanoTime() - deadlineNs < 0);
            writerDone.set(true);
        }, "neighbor-writer");

        final Thread reader = new Thread(() ->
        {
            int n = 0;
            while (!writerDone.get())
            {
                n = (n + 7) % neighbors;
                check(table.lookup4(n & 3, address4(n)), address4(n), failure, hits);
                check(table.lookup6(n & 3, high6(n), n), n, failure, hits);
                if (table.lookup4((n & 3) ^ 1, address4(n)) != NeighborTable.ABSENT)
                {
                    failure.compareAndSet(null, "found neighbor " + n + " on the wrong port");
                }
            }
        }, "neighbor-reader");

        writer.start();
        reader.start();
        writer.join();
        reader.join();

        assertNull(failure.get());
        assertTrue(hits.get() > 1000, "the reader saw values while the writer ran: " + hits.get());
        assertEquals(neighbors, table.size4());
        assertEquals(neighbors, table.size6());
    }

    private static void check(final long value, final int key, final AtomicReference<String> failure, final AtomicLong hits)
    {
        if (value == NeighborTable.ABSENT)
        {
            return; // not inserted yet, or inserted and not set yet (NONE, MAC 0)
        }
        final long mac = NeighborTable.mac(value);
        final int generation = (int)(mac & 0xFFFF);
        if ((int)(mac >>> 16) != key)
        {
            failure.compareAndSet(null, "value of another key: " + Long.toHexString(value) + " for " + key);
        }
        else if (NeighborTable.state(value) != stateOf(generation))
        {
            failure.compareAndSet(null, "MAC of generation " + generation + " with state " + NeighborTable.state(value));
        }
        hits.incrementAndGet();
    }

    private static int address4(final int n)
    {
        return 0x0A00_0000 + n * 13;
    }

    private static long high6(final int n)
    {
        return 0x2001_0DB8_0000_0000L | n;
    }

    /** 32 bits of key, 16 bits of generation: 48 bits, a MAC's width. */
    private static long mac(final int key, final int generation)
    {
        return ((key & 0xFFFF_FFFFL) << 16) | generation;
    }

    @Test
    void shouldReuseARemovedSlotOnlyAfterTheGracePeriod()
    {
        final NeighborTable table = new NeighborTable(8);
        final int address = 0xC612_0207; // 198.18.2.7
        final int slot = table.slot4(1, address);
        table.set4(slot, MAC_A, NeighborTable.STALE);
        table.remove4(slot);

        assertEquals(NeighborTable.ABSENT, table.lookup4(1, address));
        assertFalse(table.used4(slot), "a tombstone is not a neighbor");
        assertEquals(0, table.size4());
        final int again = table.slot4(1, address);
        assertNotEquals(slot, again, "a fresh tombstone is not reused: a reader may still hold the old key");
        table.remove4(again);

        table.settleTombstones();
        assertNotEquals(slot, table.slot4(1, address), "settling is not yet free");
        table.remove4(table.find4(1, address));
        table.settleTombstones();
        assertEquals(slot, table.slot4(1, address), "free after two passes");
        assertEquals(0, table.value4(slot), "a reused slot starts empty");
    }

    @Test
    void shouldFindKeysPastTombstones()
    {
        final NeighborTable table = new NeighborTable(16);
        final long high = 0x2001_0db8_0000_0002L;
        for (int i = 0; i < 7; i++)
        {
            table.set4(table.slot4(0, 0xC612_0200 + i), MAC_A + i, NeighborTable.REACHABLE);
            table.set6(table.slot6(0, high, i), MAC_B + i, NeighborTable.REACHABLE);
        }
        for (int i = 0; i < 7; i += 2)
        {
            table.remove4(table.find4(0, 0xC612_0200 + i));
            table.remove6(table.find6(0, high, i));
        }
        for (int i = 0; i < 7; i++)
        {
            final boolean kept = i % 2 == 1;
            assertEquals(kept ? MAC_A + i : 0, NeighborTable.mac(table.lookup4(0, 0xC612_0200 + i)));
            assertEquals(kept ? MAC_B + i : 0, NeighborTable.mac(table.lookup6(0, high, i)));
        }
        assertEquals(3, table.size4());
        assertEquals(3, table.size6());
    }

    @Test
    void shouldMarkLastUseOnlyOfUsableEntries()
    {
        final NeighborTable table = new NeighborTable(8);
        final int address = 0xC612_0207;
        final int slot = table.slot4(0, address);
        table.set4(slot, 0, NeighborTable.INCOMPLETE);
        table.use4(0, address, 5_000_000_000L);
        assertEquals(0, table.lastUsed4(slot), "a packet that waits did not use it");

        table.set4(slot, MAC_A, NeighborTable.STALE);
        assertEquals(MAC_A, NeighborTable.mac(table.use4(0, address, 5_000_000_000L)));
        assertEquals(5_000_000_000L, table.lastUsed4(slot));
        table.use4(0, address, 6_000_000_000L);
        assertEquals(6_000_000_000L, table.lastUsed4(slot));

        final int slot6 = table.slot6(0, 0x2001_0db8_0000_0002L, 7);
        table.set6(slot6, MAC_B, NeighborTable.DELAY);
        assertEquals(MAC_B, NeighborTable.mac(table.use6(0, 0x2001_0db8_0000_0002L, 7, 9L << 30)));
        assertEquals(9L << 30, table.lastUsed6(slot6));
    }

    private static int stateOf(final int generation)
    {
        return 1 + generation % 6; // INCOMPLETE .. PERMANENT
    }
}
