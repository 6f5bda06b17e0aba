/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bindings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Classic libpcap files (microsecond timestamps, Ethernet link type) for the ITs that feed DPDK's
 * {@code net_pcap} PMD or read what it sent; shared with other modules through this module's
 * test-jar, beside {@link ChildJvm}.
 *
 * <pre>
 *   global header (24 bytes): magic 0xA1B2C3D4, version 2.4, thiszone 0, sigfigs 0, snaplen, linktype 1
 *   per record (16 bytes):    ts_sec, ts_usec, incl_len, orig_len, then incl_len bytes of frame
 * </pre>
 */
public final class PcapFile
{
    private static final int MAGIC_MICROS = 0xA1B2C3D4;
    private static final int MAGIC_NANOS = 0xA1B23C4D;
    private static final int GLOBAL_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;
    private static final int SNAPLEN = 65535;
    private static final int LINKTYPE_ETHERNET = 1;

    private PcapFile()
    {
    }

    /** Writes the frames in order, one second apart, in the writer's (little-endian) byte order. */
    public static void write(final Path path, final List<byte[]> frames)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(
            GLOBAL_HEADER_LENGTH + frames.stream().mapToInt(f -> RECORD_HEADER_LENGTH + f.length).sum())
            .order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC_MICROS).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(SNAPLEN)
            .putInt(LINKTYPE_ETHERNET);
        int second = 1;
        for (final byte[] frame : frames)
        {
            buffer.putInt(second++).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
        }
        try
        {
            Files.write(path, buffer.array());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The captured bytes of every record, in either byte order and timestamp resolution. */
    public static List<byte[]> read(final Path path) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = buffer.getInt();
        if (MAGIC_MICROS != magic && MAGIC_NANOS != magic)
        {
            buffer.order(ByteOrder.BIG_ENDIAN);
        }
        buffer.position(GLOBAL_HEADER_LENGTH);
        final List<byte[]> frames = new ArrayList<>();
        while (buffer.remaining() >= RECORD_HEADER_LENGTH)
        {
            buffer.getInt();
            buffer.getInt();
            final int captured = buffer.getInt();
            buffer.getInt();
            final byte[] frame = new byte[captured];
            buffer.get(frame);
            frames.add(frame);
        }
        return frames;
    }
}
