/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every input in {@code regression/} (see its README) decodes to a message or a structured problem under
 * every option set.
 */
class RegressionCorpusTest
{
    static List<Path> corpus() throws IOException, URISyntaxException
    {
        final Path dir = Path.of(RegressionCorpusTest.class.getResource("regression").toURI());
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.toString().endsWith(".hex")).sorted().toList();
        }
    }

    static byte[] read(final Path file) throws IOException
    {
        try (InputStream in = Files.newInputStream(file))
        {
            final String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                .filter(l -> !l.startsWith("#"))
                .map(l -> l.replaceAll("\\s+", ""))
                .collect(Collectors.joining());
            return HexFormat.of().parseHex(hex);
        }
    }

    @Test
    void shouldDecodeEveryRegressionInputToAMessageOrAProblem() throws IOException, URISyntaxException
    {
        final List<Path> files = corpus();
        assertFalse(files.isEmpty());
        for (final Path file : files)
        {
            final byte[] message = read(file);
            assertEquals(message.length, ((message[16] & 0xFF) << 8) | (message[17] & 0xFF), file + " length field");
            for (final boolean fourOctet : new boolean[] {false, true})
            {
                for (final boolean extended : new boolean[] {false, true})
                {
                    for (final boolean external : new boolean[] {false, true})
                    {
                        final DecodeResult r = MessageDecoder.decode(message,
                            new CodecOptions(fourOctet, extended, external));
                        assertNotNull(r);
                        assertTrue(r.message() != null || !r.problems().isEmpty(), file.toString());
                        assertFalse(r.isClean(), file + " is malformed");
                    }
                }
            }
        }
    }
}
