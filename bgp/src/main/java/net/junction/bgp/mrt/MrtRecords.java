/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The records of an MRT file (RFC 6396 §2: timestamp, type, subtype, length, message), one after the other, for the
 * readers of this package. A record cut short, longer than 16 MiB, or whose body its reader finds malformed (it runs
 * past the body, or holds a value that cannot be) ends the read with an error naming the record's offset.
 */
final class MrtRecords
{
    /** Longest record body taken: far more than any MRT writer makes (RIS's largest are under 1 MiB). */
    private static final int MAX_LENGTH = 1 << 24;

    /** Told each record. */
    @FunctionalInterface
    interface Handler
    {
        /**
         * @param timestamp seconds since the epoch.
         * @param body      the record's message, positioned at its start.
         * @param offset    where the record starts in the file.
         */
        void record(long timestamp, int type, int subtype, ByteBuffer body, long offset) throws IOException;
    }

    private MrtRecords()
    {
    }

    /** Reads {@code in} to its end (not closed). */
    static void read(final InputStream stream, final Handler handler) throws IOException
    {
        final DataInputStream in = new DataInputStream(stream);
        final byte[] header = new byte[TableDumpV2Writer.HEADER_LENGTH];
        final ByteBuffer h = ByteBuffer.wrap(header);
        long offset = 0;
        while (true)
        {
            try
            {
                in.readFully(header, 0, 1);
            }
            catch (final EOFException end)
            {
                return;
            }
            try
            {
                in.readFully(header, 1, header.length - 1);
                final int length = h.getInt(8);
                if (length < 0 || length > MAX_LENGTH)
                {
                    throw new IOException("MRT record at offset " + offset + ": length " + Integer.toUnsignedString(length));
                }
                final byte[] body = new byte[length];
                in.readFully(body);
                handler.record(h.getInt(0) & 0xFFFFFFFFL, h.getShort(4) & 0xFFFF, h.getShort(6) & 0xFFFF,
                    ByteBuffer.wrap(body), offset);
                offset += header.length + length;
            }
            catch (final EOFException cut)
            {
                throw new IOException("MRT record at offset " + offset + " is cut short", cut);
            }
            catch (final java.nio.BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException ex)
            {
                throw new IOException("MRT record at offset " + offset + " is malformed: " + ex, ex);
            }
        }
    }
}
