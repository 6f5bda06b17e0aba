/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.fib;


import net.junction.dataplane.fib.Fib;
import net.junction.routing.lpm.Ip4Dir24;
import net.junction.routing.lpm.Ip4Dxr;
import net.junction.routing.lpm.Ip4ReferenceTrie;
import net.junction.routing.lpm.Ip4Table;
import net.junction.routing.lpm.Ip6Mtrie;
import net.junction.routing.lpm.Ip6ReferenceTrie;
import net.junction.routing.qsbr.Qsbr;

/**
 * The FIBs {@link FibBench} can measure, behind two tiny interfaces, so that measuring another
 * implementation is one line: {@link #DEFAULT4} / {@link #DEFAULT6} (or {@code --fib4} /
 * {@code --fib6} on the command line), plus an adapter below for a new class.
 *
 * <p>{@code lookupBurst} and {@code footprintBytes} are optional: an adapter for a FIB without
 * them keeps the interfaces' defaults and is measured without them. {@code remove} is needed only
 * by the JMH churn benchmark ({@code net.junction.benchmarks.jmh.ChurnBench}).
 *
 * <p>Public because the JMH benchmarks ({@code net.junction.benchmarks.jmh}) measure the same
 * adapters.
 */
public final class Fibs
{
    /** The IPv4 FIB measured by default: the data plane's (net.junction.dataplane.fib.Fib). */
    public static final String DEFAULT4 = "dir24";
    /** The IPv6 FIB measured by default: the data plane's (net.junction.dataplane.fib.Fib). */
    public static final String DEFAULT6 = "mtrie";

    public static final int NO_ROUTE = -1;

    private Fibs()
    {
    }

    /** An IPv4 FIB: network addresses with host bits clear, non-negative values. */
    public interface Fib4
    {
        Class<?> implementation();

        void put(int address, int length, int value);

        int lookup(int address);

        /** Removes a route; returns its value or {@link #NO_ROUTE}. Optional: the default refuses. */
        default int remove(final int address, final int length)
        {
            throw new UnsupportedOperationException(implementation().getName() + " has no remove in Fibs");
        }

        /** Looks up {@code count} addresses into {@code results}; false if the FIB has no burst lookup. */
        default boolean lookupBurst(final int[] addresses, final int[] results, final int count)
        {
            return false;
        }

        /** The FIB's own accounting of its bytes, or -1 if it has none. */
        default long footprintBytes()
        {
            return -1;
        }

        /**
         * Bytes the FIB holds off the heap and outside direct buffers (mapped with mmap), which
         * the heap-plus-direct measure cannot see: added to it.
         */
        default long nativeBytes()
        {
            return 0;
        }

        /** Whether the kernel accepted the FIB's huge-page advice for its first level (false: none asked). */
        default boolean hugePageAdvice()
        {
            return false;
        }
    }

    /** An IPv6 FIB: addresses as two longs (bits 0..63, 64..127). */
    public interface Fib6
    {
        Class<?> implementation();

        void put(long high, long low, int length, int value);

        int lookup(long high, long low);

        /** Removes a route; returns its value or {@link #NO_ROUTE}. Optional: the default refuses. */
        default int remove(final long high, final long low, final int length)
        {
            throw new UnsupportedOperationException(implementation().getName() + " has no remove in Fibs");
        }

        default boolean lookupBurst(final long[] highs, final long[] lows, final int[] results, final int count)
        {
            return false;
        }

        default long footprintBytes()
        {
            return -1;
        }

        /** As {@link Fib4#nativeBytes()}: off-heap bytes the heap-plus-direct measure cannot see. */
        default long nativeBytes()
        {
            return 0;
        }
    }

    public static Fib4 newFib4(final String name)
    {
        return switch (name)
        {
            case "dir24" -> new Table4(new Ip4Dir24(dataPlaneQsbr()));
            case "reference" -> new Reference4();
            case "dxr" -> new Table4(new Ip4Dxr(dataPlaneQsbr(), Ip4Dxr.DEFAULT_DIRECT_BITS));
            case "dxr16", "dxr17", "dxr18", "dxr19", "dxr20" -> new Table4(new Ip4Dxr(dataPlaneQsbr(), Integer.parseInt(name.substring(3))));
            default -> throw new IllegalArgumentException("unknown IPv4 FIB '" + name + "' (dir24, dxr, dxr16..dxr20, reference)");
        };
    }

    public static Fib6 newFib6(final String name)
    {
        return switch (name)
        {
            case "mtrie" -> new Mtrie6();
            case "reference" -> new Reference6();
            default -> throw new IllegalArgumentException("unknown IPv6 FIB '" + name + "' (mtrie, reference)");
        };
    }

    // ------------------------------------------------------------------------------- adapters

    /**
     * Built as net.junction.dataplane.fib.Fib builds its tables: with a Qsbr, so that memory freed
     * by a remove is reused (no reader is registered here, so at the next update). Without one it
     * is never reused and a remove/re-add churn grows the table without bound.
     */
    private static Qsbr dataPlaneQsbr()
    {
        return new Qsbr(Fib.MAX_READERS);
    }

    /** An {@link Ip4Table} ({@code dir24}: the data plane's Ip4Dir24; {@code dxr}: Ip4Dxr), built with a Qsbr. */
    static final class Table4 implements Fib4
    {
        private final Ip4Table fib;

        Table4(final Ip4Table fib)
        {
            this.fib = fib;
        }

        public Class<?> implementation()
        {
            return fib.getClass();
        }

        public void put(final int address, final int length, final int value)
        {
            fib.put(address, length, value);
        }

        public int lookup(final int address)
        {
            return fib.lookup(address);
        }

        public int remove(final int address, final int length)
        {
            return fib.remove(address, length);
        }

        public boolean lookupBurst(final int[] addresses, final int[] results, final int count)
        {
            fib.lookupBurst(addresses, results, count);
            return true;
        }

        public long footprintBytes()
        {
            return fib.footprintBytes();
        }

        public long nativeBytes()
        {
            return fib.nativeBytes();
        }

        public boolean hugePageAdvice()
        {
            return fib instanceof Ip4Dir24 dir24 && dir24.hugePages();
        }
    }

    static final class Reference4 implements Fib4
    {
        private final Ip4ReferenceTrie fib = new Ip4ReferenceTrie();

        public Class<?> implementation()
        {
            return Ip4ReferenceTrie.class;
        }

        public void put(final int address, final int length, final int value)
        {
            fib.put(address, length, value);
        }

        public int lookup(final int address)
        {
            return fib.lookup(address);
        }

        public int remove(final int address, final int length)
        {
            return fib.remove(address, length);
        }
    }

    static final class Mtrie6 implements Fib6
    {
        private final Ip6Mtrie fib = new Ip6Mtrie(dataPlaneQsbr());

        public Class<?> implementation()
        {
            return Ip6Mtrie.class;
        }

        public void put(final long high, final long low, final int length, final int value)
        {
            fib.put(high, low, length, value);
        }

        public int lookup(final long high, final long low)
        {
            return fib.lookup(high, low);
        }

        public int remove(final long high, final long low, final int length)
        {
            return fib.remove(high, low, length);
        }

        public boolean lookupBurst(final long[] highs, final long[] lows, final int[] results, final int count)
        {
            fib.lookupBurst(highs, lows, results, count);
            return true;
        }

        public long footprintBytes()
        {
            return fib.footprintBytes();
        }

        public long nativeBytes()
        {
            return fib.nativeBytes();
        }
    }

    static final class Reference6 implements Fib6
    {
        private final Ip6ReferenceTrie fib = new Ip6ReferenceTrie();

        public Class<?> implementation()
        {
            return Ip6ReferenceTrie.class;
        }

        public void put(final long high, final long low, final int length, final int value)
        {
            fib.put(high, low, length, value);
        }

        public int lookup(final long high, final long low)
        {
            return fib.lookup(high, low);
        }

        public int remove(final long high, final long low, final int length)
        {
            return fib.remove(high, low, length);
        }
    }
}
