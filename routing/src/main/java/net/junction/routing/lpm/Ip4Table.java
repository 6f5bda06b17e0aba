/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.lpm;

import net.junction.routing.Prefix4;
import org.agrona.collections.Int2IntHashMap;

/**
 * An IPv4 longest-prefix-match table with one writer and lock-free readers, as the data plane's FIB
 * needs one: {@link Ip4Dir24} (the data plane's) and {@link Ip4Dxr} (a DXR range table, measured
 * beside it). Values are ints from 0; {@link #NO_ROUTE} is the absence of one.
 */
public interface Ip4Table
{
    int NO_ROUTE = Ip4ReferenceTrie.NO_ROUTE;

    /** @return the value of the longest prefix holding the address, or {@link #NO_ROUTE}. Any thread. */
    int lookup(int address);

    /** {@link #lookup} of {@code count} addresses into {@code results}. Any thread. */
    void lookupBurst(int[] addresses, int[] results, int count);

    /** Adds or replaces a route. Writer thread only. @return the value it had, or {@link #NO_ROUTE}. */
    int put(int address, int length, int value);

    /** Removes a route. Writer thread only. @return its value, or {@link #NO_ROUTE} if there was none. */
    int remove(int address, int length);

    /** The value of exactly this prefix, or {@link #NO_ROUTE}. Writer thread only. */
    int get(int address, int length);

    /** Routes held. */
    int size();

    /** Bytes held off the heap (mapped), which heap and direct-buffer accounting do not see. */
    long nativeBytes();

    /** Bytes the table holds in all: its lookup structure and the writer's own. */
    long footprintBytes();

    /**
     * The rule that covers a prefix once it is gone: the longest of {@code rules} (one map per length,
     * network address to value) shorter than {@code length} that holds the address.
     *
     * @return {@code value | (long)depth << 32}, depth being the rule's length + 1; {@link #NO_ROUTE} with
     *     depth 0 when no rule covers it.
     */
    static long coveringRule(final Int2IntHashMap[] rules, final int address, final int length)
    {
        for (int l = length - 1; l >= 0; l--)
        {
            final int value = rules[l].get(address & Prefix4.mask(l));
            if (value != NO_ROUTE)
            {
                return (value & 0xFFFF_FFFFL) | (long)(l + 1) << 32;
            }
        }
        return NO_ROUTE & 0xFFFF_FFFFL;
    }

    /** The value of a {@link #coveringRule}. */
    static int coverValue(final long rule)
    {
        return (int)rule;
    }

    /** The depth (length + 1, 0 for none) of a {@link #coveringRule}. */
    static byte coverDepth(final long rule)
    {
        return (byte)(rule >>> 32);
    }
}
