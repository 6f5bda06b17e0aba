package net.junction.dataplane.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.DirectBuffer;

/**
 * Writes a pcapng file (draft-ietf-opsawg-pcapng): one Section Header Block, one Interface Description Block per
 * port (its name in {@code if_name}, nanosecond timestamps in {@code if_tsresol}), then an Enhanced Packet Block
 * per frame with its direction in {@code epb_flags} (inbound or outbound), as dpdk-dumpcap writes. Little endian
 * throughout (the byte-order magic tells readers). Off the fast path: the capture reader's thread.
 *
 * <pre>
 * Enhanced Packet Block:
 * +---------------------------------------------------------------+
 * |                 Block Type = 0x00000006                       |
 * |                 Block Total Length                            |
 * |                 Interface ID                                  |
 * |                 Timestamp (High)                              |
 * |                 Timestamp (Low)                               |
 * |                 Captured Packet Length                        |
 * |                 Original Packet Length                        |
 * /                 Packet Data, padded to 32 bits                /
 * /                 Options (epb_flags), opt_endofopt             /
 * |                 Block Total Length                            |
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class PcapngWriter
{
    public static final int SHB_TYPE = 0x0A0D0D0A;
    public static final int IDB_TYPE = 1;
    public static final int EPB_TYPE = 6;
    public static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    public static final int LINKTYPE_ETHERNET = 1;
    static final int OPT_ENDOFOPT = 0;
    static final int IF_NAME = 2;
    static final int IF_TSRESOL = 9;
    static final int EPB_FLAGS = 2;
    /** epb_flags bits 0-1: 01 inbound, 10 outbound. */
    public static final int EPB_INBOUND = 1;
    public static final int EPB_OUTBOUND = 2;

    private final OutputStream out;
    private final ByteBuffer block = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);

    public PcapngWriter(final OutputStream out)
    {
        this.out = out;
    }

    /**
     * The section header and one interface per port, in port order (interface id = port index).
     *
     * @param interfaces the ports' names.
     * @param snapLength the snap length every interface declares.
     */
    public void header(final List<String> interfaces, final int snapLength) throws IOException
    {
        block.clear();
        block.putInt(SHB_TYPE).putInt(28).putInt(BYTE_ORDER_MAGIC).putShort((short)1).putShort((short)0)
            .putLong(-1L).putInt(28);
        for (final String name : interfaces)
        {
            final byte[] n = name.getBytes(StandardCharsets.UTF_8);
            final int start = block.position();
            block.putInt(IDB_TYPE).putInt(0).putShort((short)LINKTYPE_ETHERNET).putShort((short)0).putInt(snapLength);
            option(IF_NAME, n, n.length);
            option(IF_TSRESOL, new byte[] {9}, 1);
            block.putShort((short)OPT_ENDOFOPT).putShort((short)0);
            finish(start);
        }
        write();
    }

    /**
     * One frame.
     *
     * @param port        its interface (port index).
     * @param direction   {@link CaptureRing#RX} or {@link CaptureRing#TX}.
     * @param epochNs     when, in nanoseconds since 1970.
     */
    public void packet(final int port, final int direction, final long epochNs, final int originalLength,
        final DirectBuffer frame, final int offset, final int length) throws IOException
    {
        block.clear();
        block.putInt(EPB_TYPE).putInt(0).putInt(port).putInt((int)(epochNs >>> 32)).putInt((int)epochNs)
            .putInt(length).putInt(originalLength);
        frame.getBytes(offset, block, block.position(), length);
        block.position(block.position() + length);
        pad();
        block.putShort((short)EPB_FLAGS).putShort((short)4)
            .putInt(direction == CaptureRing.RX ? EPB_INBOUND : EPB_OUTBOUND);
        block.putShort((short)OPT_ENDOFOPT).putShort((short)0);
        finish(0);
        write();
    }

    public void flush() throws IOException
    {
        out.flush();
    }

    private void option(final int code, final byte[] value, final int length)
    {
        block.putShort((short)code).putShort((short)length).put(value, 0, length);
        pad();
    }

    private void pad()
    {
        while ((block.position() & 3) != 0)
        {
            block.put((byte)0);
        }
    }

    private void finish(final int start)
    {
        final int length = block.position() - start + 4;
        block.putInt(start + 4, length);
        block.putInt(length);
    }

    private void write() throws IOException
    {
        out.write(block.array(), 0, block.position());
    }
}
