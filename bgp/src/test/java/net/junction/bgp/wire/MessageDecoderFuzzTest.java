/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Coverage-guided fuzzing of the message decoders with Jazzer (libFuzzer on the JVM). The first input
 * octet picks the negotiated options and the message type (UPDATE five times in eight, then OPEN,
 * NOTIFICATION, ROUTE-REFRESH); the rest is the body behind a valid header. Every decode must return a
 * message or structured problems, never throw ({@link DecoderFuzzTest#check}); a clean UPDATE or OPEN
 * must encode and decode back to itself ({@link DecoderFuzzTest#roundTrip}).
 * <p>
 * Plain {@code mvn test} replays the inputs in {@code MessageDecoderFuzzTestInputs/decode/} (the seeds and
 * every input that ever broke a decoder); with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration},
 * writing any failing input there (its generated corpus goes to {@code bgp/.cifuzz-corpus}, not committed).
 * {@code ./junction test}, which CI runs, does that after the unit tests (bgp/pom.xml, execution {@code fuzz}).
 */
class MessageDecoderFuzzTest
{
    private static final int[] TYPES = {
        MessageHeader.TYPE_UPDATE, MessageHeader.TYPE_UPDATE, MessageHeader.TYPE_UPDATE, MessageHeader.TYPE_UPDATE,
        MessageHeader.TYPE_UPDATE, MessageHeader.TYPE_OPEN, MessageHeader.TYPE_NOTIFICATION,
        MessageHeader.TYPE_ROUTE_REFRESH};

    private final byte[] scratch = new byte[MessageHeader.MAX_EXTENDED_MESSAGE_LENGTH];
    private final UnsafeBuffer buffer = new UnsafeBuffer(scratch);

    @FuzzTest(maxDuration = "2m")
    void decode(final byte[] input)
    {
        if (input.length == 0)
        {
            return;
        }
        final int selector = input[0] & 0xFF;
        final CodecOptions options = new CodecOptions((selector & 1) != 0, (selector & 2) != 0, (selector & 4) != 0);
        final int bodyLength = Math.min(input.length - 1, scratch.length - MessageHeader.HEADER_LENGTH);
        final int length = MessageHeader.HEADER_LENGTH + bodyLength;
        java.util.Arrays.fill(scratch, 0, MessageHeader.MARKER_LENGTH, (byte)0xFF);
        scratch[16] = (byte)(length >>> 8);
        scratch[17] = (byte)length;
        scratch[18] = (byte)TYPES[(selector >>> 3) & 7];
        System.arraycopy(input, 1, scratch, MessageHeader.HEADER_LENGTH, bodyLength);

        MessageHeader.frameLength(buffer, 0, length, options);
        final DecodeResult result = MessageDecoder.decode(buffer, 0, length, options);
        DecoderFuzzTest.check(result, 0);
        if (result.isClean())
        {
            DecoderFuzzTest.roundTrip(result.message(), options, 0);
        }
    }
}
