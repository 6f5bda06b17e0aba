package net.junction.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which IPv4 options fragmentation copies (RFC 791 §3.1: the copied flag), and malformed lists refused. */
class Ip4OptionsTest
{
    private final PacketMemory memory = new PacketMemory();

    @AfterEach
    void tearDown()
    {
        memory.close();
    }

    /** A 20-byte header (only the IHL matters here) followed by these options. */
    private long header(final byte[] options)
    {
        final byte[] header = new byte[20 + options.length];
        header[0] = (byte)(0x40 | header.length / 4);
        System.arraycopy(options, 0, header, 20, options.length);
        return memory.frame(header);
    }

    @Test
    void shouldCopyOnlyOptionsWithTheCopiedFlag()
    {
        final byte[] options = {
            1,                                  // NOP: not copied
            7, 7, 4, 0, 0, 0, 0,                // record route: not copied
            (byte)0x94, 4, 0, 0,                // router alert: copied
            (byte)0x83, 3, 4,                   // loose source route (empty): copied
            0};                                 // end of option list
        final long header = header(options);
        final long to = memory.buffer(64);

        assertEquals(7, Ip4Options.copied(header, 20 + options.length, 0), "length only");
        assertEquals(7, Ip4Options.copied(header, 20 + options.length, to));
        assertArrayEquals(new byte[] {(byte)0x94, 4, 0, 0, (byte)0x83, 3, 4}, memory.read(to, 7));
    }

    @Test
    void shouldStopAtEndOfOptionList()
    {
        final byte[] options = {0, (byte)0x94, 4, 0};
        assertEquals(0, Ip4Options.copied(header(options), 24, 0), "nothing after End of Option List is an option");
    }

    @Test
    void shouldRefuseAnOptionShorterThanTwoOrRunningPastTheHeader()
    {
        assertEquals(Ip4Options.MALFORMED, Ip4Options.copied(header(new byte[] {(byte)0x94, 1, 0, 0}), 24, 0));
        assertEquals(Ip4Options.MALFORMED, Ip4Options.copied(header(new byte[] {1, 1, 1, (byte)0x94}), 24, 0));
        assertEquals(Ip4Options.MALFORMED, Ip4Options.copied(header(new byte[] {(byte)0x94, 8, 0, 0}), 24, 0));
    }

    @Test
    void shouldFindNothingToCopyWithoutOptions()
    {
        assertEquals(0, Ip4Options.copied(header(new byte[0]), 20, 0));
    }
}
