package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;

/**
 * IPv4 options (RFC 791 §3.1, "Options") as fragmentation needs them: which are copied into every
 * fragment. An option is either one octet (End of Option List, type 0; No Operation, type 1) or
 * type, length (counting both), data. The high bit of the type is the copied flag: an option with
 * it set goes into every fragment, one without it only into the first (RFC 791 §3.2, "An Example
 * Fragmentation Procedure"; RFC 1812 §5.2.6).
 *
 * <pre>
 *   type octet:  +-+-+-+-+-+-+-+-+
 *                |C| cls |  number |   C = copied flag (0x80)
 *                +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Fast path: static, allocation free; a header without options (IHL 5) costs one comparison.
 */
public final class Ip4Options
{
    public static final int END_OF_OPTION_LIST = 0;
    public static final int NO_OPERATION = 1;
    public static final int COPIED_FLAG = 0x80;
    /** Returned for options that run past the header or carry a length below 2. */
    public static final int MALFORMED = -1;

    private Ip4Options()
    {
    }

    /**
     * The options of the header at {@code l3} (of {@code headerLength} bytes) that carry the copied flag,
     * written one after the other at {@code to} (when {@code to} is not 0) without padding.
     *
     * @return their length in bytes (0 for none), or {@link #MALFORMED}
     */
    public static int copied(final long l3, final int headerLength, final long to)
    {
        int written = 0;
        int at = Ip4.MIN_HEADER_LENGTH;
        while (at < headerLength)
        {
            final int type = RawMemory.getByte(l3 + at);
            if (type == END_OF_OPTION_LIST)
            {
                break;
            }
            if (type == NO_OPERATION)
            {
                at++;
                continue;
            }
            if (at + 1 >= headerLength)
            {
                return MALFORMED;
            }
            final int length = RawMemory.getByte(l3 + at + 1);
            if (length < 2 || at + length > headerLength)
            {
                return MALFORMED;
            }
            if ((type & COPIED_FLAG) != 0)
            {
                if (to != 0)
                {
                    RawMemory.copy(l3 + at, to + written, length);
                }
                written += length;
            }
            at += length;
        }
        return written;
    }
}
