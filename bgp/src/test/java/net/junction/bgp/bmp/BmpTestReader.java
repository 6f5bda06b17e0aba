/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.bmp;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads BMP messages back, as a station would, written from RFC 7854 §4 independently of the encoder.
 */
final class BmpTestReader
{
    /** One message: its type, per-peer header fields (when it has one), and what follows them. */
    record Message(int type, int peerType, int peerFlags, long distinguisher, byte[] peerAddress, int peerAs,
                   int peerBgpId, long seconds, long micros, byte[] body)
    {
        boolean hasPeerHeader()
        {
            return type != BmpEncoder.INITIATION && type != BmpEncoder.TERMINATION;
        }
    }

    /** A TLV of an Initiation, Termination or Peer Up. */
    record Tlv(int type, byte[] value)
    {
        String text()
        {
            return new String(value, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private BmpTestReader()
    {
    }

    static Message parse(final byte[] bytes)
    {
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.get() != 3)
        {
            throw new IllegalArgumentException("version");
        }
        final int length = b.getInt();
        if (length != bytes.length)
        {
            throw new IllegalArgumentException("length " + length + " != " + bytes.length);
        }
        final int type = b.get() & 0xFF;
        if (type == BmpEncoder.INITIATION || type == BmpEncoder.TERMINATION)
        {
            return new Message(type, -1, 0, 0, null, 0, 0, 0, 0, Arrays.copyOfRange(bytes, 6, bytes.length));
        }
        final int peerType = b.get() & 0xFF;
        final int flags = b.get() & 0xFF;
        final long rd = b.getLong();
        final byte[] address = new byte[16];
        b.get(address);
        final int as = b.getInt();
        final int id = b.getInt();
        final long seconds = Integer.toUnsignedLong(b.getInt());
        final long micros = Integer.toUnsignedLong(b.getInt());
        return new Message(type, peerType, flags, rd, address, as, id, seconds, micros,
            Arrays.copyOfRange(bytes, 48, bytes.length));
    }

    static List<Tlv> tlvs(final byte[] bytes, final int from)
    {
        final List<Tlv> out = new ArrayList<>();
        final ByteBuffer b = ByteBuffer.wrap(bytes, from, bytes.length - from);
        while (b.remaining() >= 4)
        {
            final int type = b.getShort() & 0xFFFF;
            final byte[] value = new byte[b.getShort() & 0xFFFF];
            b.get(value);
            out.add(new Tlv(type, value));
        }
        if (b.hasRemaining())
        {
            throw new IllegalArgumentException("trailing octets");
        }
        return out;
    }

    /** @return the next whole message from a stream, or null at its end. */
    static byte[] next(final InputStream in) throws IOException
    {
        final DataInputStream data = new DataInputStream(in);
        final byte[] header = new byte[6];
        try
        {
            data.readFully(header);
        }
        catch (final EOFException ex)
        {
            return null;
        }
        final int length = ByteBuffer.wrap(header, 1, 4).getInt();
        final byte[] whole = Arrays.copyOf(header, length);
        data.readFully(whole, 6, length - 6);
        return whole;
    }

    /** @return the BGP message at {@code offset} (its 16-octet marker, length and type included). */
    static byte[] bgpMessage(final byte[] body, final int offset)
    {
        final int length = ((body[offset + 16] & 0xFF) << 8) | (body[offset + 17] & 0xFF);
        return Arrays.copyOfRange(body, offset, offset + length);
    }
}
