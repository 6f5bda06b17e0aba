package net.junction.dataplane.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test support: reads back what {@link PcapngWriter} wrote, block by block, checking each block's framing. */
public final class PcapngReader
{
    public record Packet(int iface, long timestampNs, int flags, int originalLength, byte[] data)
    {
    }

    public final List<String> interfaces = new ArrayList<>();
    public final List<Integer> snapLengths = new ArrayList<>();
    public final List<Packet> packets = new ArrayList<>();

    public PcapngReader(final byte[] file)
    {
        final ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        boolean first = true;
        while (b.remaining() > 0)
        {
            final int start = b.position();
            final int type = b.getInt();
            final int length = b.getInt();
            if (length % 4 != 0 || length < 12 || b.getInt(start + length - 4) != length)
            {
                throw new IllegalStateException("bad block length " + length + " at " + start);
            }
            if (first)
            {
                if (type != PcapngWriter.SHB_TYPE || b.getInt() != PcapngWriter.BYTE_ORDER_MAGIC)
                {
                    throw new IllegalStateException("no section header first");
                }
                first = false;
            }
            else if (type == PcapngWriter.IDB_TYPE)
            {
                if (b.getShort() != PcapngWriter.LINKTYPE_ETHERNET)
                {
                    throw new IllegalStateException("not Ethernet");
                }
                b.getShort();
                snapLengths.add(b.getInt());
                String name = null;
                int code;
                while ((code = b.getShort()) != PcapngWriter.OPT_ENDOFOPT)
                {
                    final int l = b.getShort();
                    final byte[] v = new byte[l];
                    b.get(v);
                    b.position(b.position() + (-l & 3));
                    if (code == PcapngWriter.IF_NAME)
                    {
                        name = new String(v, StandardCharsets.UTF_8);
                    }
                }
                interfaces.add(name);
            }
            else if (type == PcapngWriter.EPB_TYPE)
            {
                final int iface = b.getInt();
                final long ts = ((long)b.getInt() << 32) | (b.getInt() & 0xffffffffL);
                final int captured = b.getInt();
                final int original = b.getInt();
                final byte[] data = Arrays.copyOfRange(file, b.position(), b.position() + captured);
                b.position(b.position() + captured + (-captured & 3));
                int flags = -1;
                int code;
                while ((code = b.getShort()) != PcapngWriter.OPT_ENDOFOPT)
                {
                    final int l = b.getShort();
                    if (code == PcapngWriter.EPB_FLAGS)
                    {
                        flags = b.getInt(b.position());
                    }
                    b.position(b.position() + l + (-l & 3));
                }
                packets.add(new Packet(iface, ts, flags, original, data));
            }
            b.position(start + length);
        }
    }
}
