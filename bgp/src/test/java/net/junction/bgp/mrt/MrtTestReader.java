/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, independent TABLE_DUMP_V2 reader for tests (RFC 6396 §4.3): records, peers and RIB entries with
 * their raw attribute octets, split into (type, value) pairs.
 */
final class MrtTestReader
{
    record Peer(int type, int bgpId, byte[] address, int asNumber)
    {
    }

    record Attribute(int flags, int type, byte[] value)
    {
    }

    /** @param pathId RFC 8050 records: the entry's Path Identifier; else -1. */
    record Entry(int peerIndex, int originatedTime, long pathId, List<Attribute> attributes)
    {
    }

    record Rib(int subtype, int sequence, int prefixLength, byte[] prefix, List<Entry> entries)
    {
    }

    record Dump(int collectorBgpId, String viewName, List<Peer> peers, List<Rib> ribs)
    {
    }

    private MrtTestReader()
    {
    }

    static Dump read(final byte[] bytes)
    {
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        int collector = 0;
        String view = null;
        final List<Peer> peers = new ArrayList<>();
        final List<Rib> ribs = new ArrayList<>();
        while (b.hasRemaining())
        {
            b.getInt(); // timestamp
            final int type = b.getShort() & 0xFFFF;
            final int subtype = b.getShort() & 0xFFFF;
            final int length = b.getInt();
            final ByteBuffer m = b.slice(b.position(), length);
            b.position(b.position() + length);
            if (type != TableDumpV2Writer.TABLE_DUMP_V2)
            {
                throw new IllegalArgumentException("type " + type);
            }
            if (subtype == TableDumpV2Writer.PEER_INDEX_TABLE)
            {
                collector = m.getInt();
                final byte[] name = new byte[m.getShort() & 0xFFFF];
                m.get(name);
                view = new String(name, java.nio.charset.StandardCharsets.UTF_8);
                final int count = m.getShort() & 0xFFFF;
                for (int i = 0; i < count; i++)
                {
                    final int peerType = m.get() & 0xFF;
                    final int id = m.getInt();
                    final byte[] address = new byte[(peerType & 1) != 0 ? 16 : 4];
                    m.get(address);
                    final int as = (peerType & 2) != 0 ? m.getInt() : m.getShort() & 0xFFFF;
                    peers.add(new Peer(peerType, id, address, as));
                }
            }
            else
            {
                final int sequence = m.getInt();
                final int prefixLength = m.get() & 0xFF;
                final byte[] prefix = new byte[(prefixLength + 7) / 8];
                m.get(prefix);
                final int count = m.getShort() & 0xFFFF;
                final List<Entry> entries = new ArrayList<>();
                for (int i = 0; i < count; i++)
                {
                    final int peerIndex = m.getShort() & 0xFFFF;
                    final int time = m.getInt();
                    // RFC 8050 §4.1: RIB_IPV4_UNICAST_ADDPATH (8), RIB_IPV6_UNICAST_ADDPATH (10).
                    final long pathId = subtype == 8 || subtype == 10 ? Integer.toUnsignedLong(m.getInt()) : -1;
                    final int attributesLength = m.getShort() & 0xFFFF;
                    final ByteBuffer a = m.slice(m.position(), attributesLength);
                    m.position(m.position() + attributesLength);
                    final List<Attribute> attributes = new ArrayList<>();
                    while (a.hasRemaining())
                    {
                        final int flags = a.get() & 0xFF;
                        final int attributeType = a.get() & 0xFF;
                        final int valueLength = (flags & 0x10) != 0 ? a.getShort() & 0xFFFF : a.get() & 0xFF;
                        final byte[] value = new byte[valueLength];
                        a.get(value);
                        attributes.add(new Attribute(flags, attributeType, value));
                    }
                    entries.add(new Entry(peerIndex, time, pathId, attributes));
                }
                if (m.hasRemaining())
                {
                    throw new IllegalArgumentException("trailing octets in a RIB record");
                }
                ribs.add(new Rib(subtype, sequence, prefixLength, prefix, entries));
            }
        }
        return new Dump(collector, view, peers, ribs);
    }
}
