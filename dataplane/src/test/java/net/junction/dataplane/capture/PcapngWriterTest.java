package net.junction.dataplane.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class PcapngWriterTest
{
    @Test
    void shouldWriteBlocksThatReadBack() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PcapngWriter writer = new PcapngWriter(out);
        writer.header(List.of("p0", "uplink-1"), 256);
        final byte[] a = new byte[61];
        final byte[] b = new byte[64];
        for (int i = 0; i < b.length; i++)
        {
            b[i] = (byte)i;
            if (i < a.length)
            {
                a[i] = (byte)(0xff - i);
            }
        }
        writer.packet(0, CaptureRing.RX, 1_700_000_000_123_456_789L, 61, new UnsafeBuffer(a), 0, 61);
        writer.packet(1, CaptureRing.TX, 1_700_000_001_000_000_000L, 1500, new UnsafeBuffer(b), 0, 64);
        writer.flush();

        final PcapngReader read = new PcapngReader(out.toByteArray());
        assertEquals(List.of("p0", "uplink-1"), read.interfaces);
        assertEquals(List.of(256, 256), read.snapLengths);
        assertEquals(2, read.packets.size());
        final PcapngReader.Packet first = read.packets.get(0);
        assertEquals(0, first.iface());
        assertEquals(1_700_000_000_123_456_789L, first.timestampNs());
        assertEquals(PcapngWriter.EPB_INBOUND, first.flags());
        assertArrayEquals(a, first.data());
        final PcapngReader.Packet second = read.packets.get(1);
        assertEquals(1, second.iface());
        assertEquals(PcapngWriter.EPB_OUTBOUND, second.flags());
        assertEquals(1500, second.originalLength());
        assertArrayEquals(b, second.data());
    }
}
