/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.lpm;

import net.junction.routing.Prefix6;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Longest-prefix match over IPv6 prefixes as a plain binary trie, one node per prefix bit, mapping
 * each prefix to a non-negative {@code int} (a next-hop index). The IPv6 twin of
 * {@link Ip4ReferenceTrie}, with the same purpose (test oracle, forwarding until the fast FIB exists).
 *
 * <h2>Threading</h2>
 * Exactly one writer thread calls {@link #put}, {@link #remove}; any number of reader threads call
 * {@link #lookup(long, long)} at the same time. Readers never block, never allocate and never see a
 * torn entry, because:
 * <ul>
 *     <li>a new node is fully built before one release store links it into its parent, and readers
 *     follow links with acquire loads, so a reachable node is always complete;</li>
 *     <li>a value is one {@code int} written with a release store: old or new, never a mix;</li>
 *     <li>removal clears the value, then unlinks nodes left without value or children; a reader
 *     already inside an unlinked node finds nothing below it and answers with the covering route it
 *     has already passed. Nodes are never reused; the garbage collector reclaims them.</li>
 * </ul>
 * A lookup concurrent with changes returns the answer of some state the table held while the lookup
 * ran, route by route. {@link #get} and {@link #size()} are for the writer thread.
 */
public final class Ip6ReferenceTrie
{
    /** Returned by {@link #lookup} when no prefix matches, and by {@link #get}/{@link #remove} when absent. */
    public static final int NO_ROUTE = Ip4ReferenceTrie.NO_ROUTE;

    private static final VarHandle VALUE;
    private static final VarHandle ZERO;
    private static final VarHandle ONE;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            VALUE = lookup.findVarHandle(Node.class, "value", int.class);
            ZERO = lookup.findVarHandle(Node.class, "zero", Node.class);
            ONE = lookup.findVarHandle(Node.class, "one", Node.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private static final class Node
    {
        int value = NO_ROUTE;
        Node zero;
        Node one;
    }

    private final Node root = new Node();
    private final Node[] path = new Node[Prefix6.MAX_LENGTH + 1];
    private int size;

    /**
     * Add or replace a route. Writer thread only.
     *
     * @param prefix destination.
     * @param value  non-negative value, such as a next-hop index.
     * @return the value replaced, or {@link #NO_ROUTE}.
     */
    public int put(final Prefix6 prefix, final int value)
    {
        return put(prefix.high(), prefix.low(), prefix.length(), value);
    }

    /**
     * Add or replace a route given as primitives. Writer thread only.
     *
     * @param high   bits 0..63 of the network address.
     * @param low    bits 64..127 of the network address.
     * @param length prefix length in {@code 0..128}.
     * @param value  non-negative value, such as a next-hop index.
     * @return the value replaced, or {@link #NO_ROUTE}.
     * @throws IllegalArgumentException if the prefix or the value is invalid.
     */
    public int put(final long high, final long low, final int length, final int value)
    {
        Prefix6.validate(high, low, length);
        if (value < 0)
        {
            throw new IllegalArgumentException("value must be non-negative: " + value);
        }

        Node node = root;
        for (int depth = 0; depth < length; depth++)
        {
            final boolean one = bit(high, low, depth);
            Node child = one ? node.one : node.zero;
            if (null == child)
            {
                child = new Node();
                // The release store publishes the fully constructed child.
                (one ? ONE : ZERO).setRelease(node, child);
            }
            node = child;
        }

        final int previous = node.value;
        VALUE.setRelease(node, value);
        if (NO_ROUTE == previous)
        {
            size++;
        }

        return previous;
    }

    /**
     * Remove a route, revealing the covering one to lookups. Writer thread only.
     *
     * @param prefix destination.
     * @return the value removed, or {@link #NO_ROUTE} if the prefix had no route.
     */
    public int remove(final Prefix6 prefix)
    {
        return remove(prefix.high(), prefix.low(), prefix.length());
    }

    /**
     * Remove a route given as primitives. Writer thread only.
     *
     * @param high   bits 0..63 of the network address.
     * @param low    bits 64..127 of the network address.
     * @param length prefix length in {@code 0..128}.
     * @return the value removed, or {@link #NO_ROUTE} if the prefix had no route.
     * @throws IllegalArgumentException if the prefix is invalid.
     */
    public int remove(final long high, final long low, final int length)
    {
        Prefix6.validate(high, low, length);

        Node node = root;
        path[0] = root;
        for (int depth = 0; depth < length; depth++)
        {
            node = bit(high, low, depth) ? node.one : node.zero;
            if (null == node)
            {
                Arrays.fill(path, null);
                return NO_ROUTE;
            }
            path[depth + 1] = node;
        }

        final int previous = node.value;
        if (NO_ROUTE == previous)
        {
            Arrays.fill(path, null);
            return NO_ROUTE;
        }

        VALUE.setRelease(node, NO_ROUTE);
        size--;

        // Unlink the chain of nodes that now lead nowhere, deepest first; the root always stays.
        for (int depth = length; depth > 0; depth--)
        {
            final Node leaf = path[depth];
            if (NO_ROUTE != leaf.value || null != leaf.zero || null != leaf.one)
            {
                break;
            }
            (bit(high, low, depth - 1) ? ONE : ZERO).setRelease(path[depth - 1], (Node)null);
        }
        Arrays.fill(path, null);

        return previous;
    }

    /**
     * Exact-match read of one prefix's value.
     *
     * @param high   bits 0..63 of the network address.
     * @param low    bits 64..127 of the network address.
     * @param length prefix length in {@code 0..128}.
     * @return the value, or {@link #NO_ROUTE}.
     */
    public int get(final long high, final long low, final int length)
    {
        Prefix6.validate(high, low, length);

        Node node = root;
        for (int depth = 0; depth < length && null != node; depth++)
        {
            node = child(node, bit(high, low, depth));
        }

        return null == node ? NO_ROUTE : (int)VALUE.getAcquire(node);
    }

    /**
     * Longest-prefix match. Safe from any thread, concurrently with the writer; allocates nothing.
     *
     * @param high bits 0..63 of the destination.
     * @param low  bits 64..127 of the destination.
     * @return the value of the longest prefix containing the address, or {@link #NO_ROUTE}.
     */
    public int lookup(final long high, final long low)
    {
        Node node = root;
        int best = (int)VALUE.getAcquire(node);
        for (int depth = 0; depth < Prefix6.MAX_LENGTH; depth++)
        {
            node = child(node, bit(high, low, depth));
            if (null == node)
            {
                break;
            }
            final int value = (int)VALUE.getAcquire(node);
            if (NO_ROUTE != value)
            {
                best = value;
            }
        }

        return best;
    }

    /**
     * @return number of prefixes with a value.
     */
    public int size()
    {
        return size;
    }

    private static Node child(final Node node, final boolean one)
    {
        return one ? (Node)ONE.getAcquire(node) : (Node)ZERO.getAcquire(node);
    }

    private static boolean bit(final long high, final long low, final int depth)
    {
        return depth < 64 ? ((high >>> (63 - depth)) & 1) != 0 : ((low >>> (127 - depth)) & 1) != 0;
    }
}
