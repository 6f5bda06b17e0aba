/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every BGP message RIPE RIS recorded in the MRT update dumps (RFC 6396 BGP4MP_MESSAGE and
 * BGP4MP_MESSAGE_AS4, the raw bytes a router sent): decodes without a session reset, and every clean
 * one survives encode then decode unchanged.
 */
class MrtUpdatesTest
{
    static final int BGP4MP = 16;
    static final int BGP4MP_ET = 17;

    @ParameterizedTest
    @CsvSource({
        "updates.20160811.1600.gz, false, 0",
        "updates.20070211.0141.gz, false, 0",
        // 36894 octets: only an RFC 8654 session carries it.
        "updates.long_withdrawal.gz, true, 0",
        // Its NLRI end with a /11 that has no octets: RFC 7606 §3 j, session reset (Invalid Network Field).
        "updates.nlri_mask_trailing_bits.gz, false, 1"})
    void shouldDecodeEveryRecordedMessage(final String file, final boolean extended, final int expectedResets)
        throws IOException
    {
        final Path path = SharedData.require(SharedData.MRT, file);
        int messages = 0;
        int clean = 0;
        final Map<ErrorAction, Integer> actions = new EnumMap<>(ErrorAction.class);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16))
        {
            final DataInputStream data = new DataInputStream(in);
            while (true)
            {
                final byte[] header = new byte[12];
                try
                {
                    data.readFully(header);
                }
                catch (final EOFException ex)
                {
                    break;
                }
                final int type = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
                final int subtype = ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
                final int length = ((header[8] & 0xFF) << 24) | ((header[9] & 0xFF) << 16) |
                    ((header[10] & 0xFF) << 8) | (header[11] & 0xFF);
                final byte[] body = new byte[length];
                data.readFully(body);
                if (type != BGP4MP && type != BGP4MP_ET)
                {
                    continue;
                }
                final int start = type == BGP4MP_ET ? 4 : 0;
                // RFC 6396 §4.4.2/§4.4.3: MESSAGE(1) and MESSAGE_LOCAL(6) have 2-octet ASes, *_AS4 (4, 7) 4-octet.
                final boolean as4;
                switch (subtype)
                {
                    case 1, 6 -> as4 = false;
                    case 4, 7 -> as4 = true;
                    default ->
                    {
                        continue;
                    }
                }
                final int asLength = as4 ? 4 : 2;
                final int afi = ((body[start + 2 * asLength + 2] & 0xFF) << 8) | (body[start + 2 * asLength + 3] & 0xFF);
                final int bgp = start + 2 * asLength + 4 + 2 * (afi == 2 ? 16 : 4);
                final byte[] message = java.util.Arrays.copyOfRange(body, bgp, body.length);
                final CodecOptions options = new CodecOptions(as4, extended, true);

                final DecodeResult r = MessageDecoder.decode(message, options);
                messages++;
                if (r.isClean())
                {
                    clean++;
                    final byte[] encoded = MessageEncoder.encode(r.message(), new CodecOptions(as4, true, true));
                    assertEquals(r.message(), MessageDecoder.decode(encoded, new CodecOptions(as4, true, true)).message());
                }
                else
                {
                    actions.merge(r.action(), 1, Integer::sum);
                    if (r.isSessionReset())
                    {
                        assertEquals(NotificationMessage.of(NotificationMessage.UPDATE_MESSAGE_ERROR,
                            NotificationMessage.UPDATE_INVALID_NETWORK_FIELD), r.notification(), r.toString());
                    }
                }
            }
        }
        System.out.printf("%s: %d messages, %d clean, %s%n", file, messages, clean, actions);
        assertTrue(messages > 0);
        assertEquals(expectedResets, actions.getOrDefault(ErrorAction.SESSION_RESET, 0), actions.toString());
        assertEquals(messages - expectedResets, clean, "every other message is clean: " + actions);
    }
}
