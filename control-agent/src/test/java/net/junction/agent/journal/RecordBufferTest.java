/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordBuffer} writes the bytes Chronicle's {@link Bytes} write for the same calls (the journal's
 * format was defined by them), and reads back with Chronicle's readers.
 */
class RecordBufferTest
{
    @Test
    void shouldWriteWhatChronicleBytesWrite()
    {
        final long[] numbers = {0, 1, 127, 128, 0x3FFF, 0x4000, (1L << 21) - 1, 1L << 21, 1L << 28, 1L << 35, 1L << 42,
            1L << 49, 1L << 56, 1L << 62, Long.MAX_VALUE, -1, -2, -127, -128, -129, Integer.MIN_VALUE, Long.MIN_VALUE,
            0xFFFF_FFFFL, 0x1_0000_0000L};
        final Random random = new Random(7);
        final Bytes<byte[]> expected = Bytes.allocateElasticOnHeap(16);
        final RecordBuffer buffer = new RecordBuffer(4); // grows
        for (int i = 0; i < 2_000; i++)
        {
            final long n = i < numbers.length ? numbers[i] : random.nextLong() >> random.nextInt(64);
            expected.writeStopBit(n).writeUnsignedByte((int)n & 0xFF).writeUnsignedShort((int)n & 0xFFFF).writeInt((int)n).writeLong(n);
            buffer.writeStopBit(n).writeUnsignedByte((int)n & 0xFF).writeUnsignedShort((int)n & 0xFFFF).writeInt((int)n).writeLong(n);
        }
        final RecordBuffer copy = new RecordBuffer(1).write(buffer, 3, buffer.position() - 3);
        final Bytes<byte[]> written = Bytes.allocateElasticOnHeap(16);
        buffer.writeTo(written);

        assertArrayEquals(expected.toByteArray(), written.toByteArray());
        assertArrayEquals(expected.toByteArray(), buffer.toByteArray());
        assertEquals(buffer.position() - 3, copy.position());
        for (int i = 0; i < numbers.length; i++)
        {
            assertEquals(numbers[i], written.readStopBit());
            written.readSkip(1 + 2 + 4 + 8);
        }
    }

    @Test
    void shouldForgetWhatFollowsAMovedBackPosition()
    {
        final RecordBuffer buffer = new RecordBuffer(8);
        buffer.writeLong(1).writeLong(2);
        buffer.position(8);
        buffer.writeUnsignedByte(3);
        final Bytes<byte[]> out = Bytes.allocateElasticOnHeap(16);
        buffer.writeTo(out);

        assertEquals(9, out.readRemaining());
        assertEquals(1, out.readLong());
        assertEquals(3, out.readUnsignedByte());
    }
}
