/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.junction.agent.config.ConfigDocuments;
import net.junction.agent.config.ConfigLoader;
import net.junction.dataplane.capture.CaptureRing;
import net.junction.dataplane.port.MemoryPacketIo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code capture} on the data plane's control socket: a refusal answered before anything starts; frames a worker
 * copied come back as a pcapng stream that ends at the count, with the capture off; a client that goes away switches
 * it off (the connection is the lease).
 */
class CaptureStreamTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path run;
    FakeDataplane fake;
    DataplaneServer server;

    @BeforeEach
    void start() throws Exception
    {
        fake = new FakeDataplane(SpecMapping.dataplaneSpec(ConfigLoader.parse(ConfigDocuments.TWO_PORTS, 4), run));
        server = DataplaneServer.start(fake, run);
    }

    @AfterEach
    void stop()
    {
        server.close();
    }

    private SocketChannel request(final String json) throws Exception
    {
        final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(run.resolve(DataplaneServer.SOCKET_NAME)));
        final OutputStream out = Channels.newOutputStream(channel);
        out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return channel;
    }

    private static JsonNode line(final InputStream in) throws Exception
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n')
        {
            line.write(c);
        }
        return JSON.readTree(line.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseAnUnknownPortOrFilterBeforeStarting() throws Exception
    {
        try (SocketChannel c = request("{\"op\":\"capture\",\"port\":\"p9\"}"))
        {
            final JsonNode answer = line(Channels.newInputStream(c));
            assertFalse(answer.path("ok").asBoolean());
            assertTrue(answer.path("error").asText().contains("p9"), answer.toString());
        }
        try (SocketChannel c = request("{\"op\":\"capture\",\"port\":\"p0\",\"filter\":\"ether proto 1\"}"))
        {
            assertFalse(line(Channels.newInputStream(c)).path("ok").asBoolean());
        }
        assertFalse(fake.capture.running());
    }

    @Test
    void shouldStreamPcapngUntilTheCountAndSwitchOff() throws Exception
    {
        try (SocketChannel c = request("{\"op\":\"capture\",\"port\":\"p1\",\"count\":3,\"snapLength\":64}");
             MemoryPacketIo io = new MemoryPacketIo(2, 16);
             Arena arena = Arena.ofConfined())
        {
            final InputStream in = Channels.newInputStream(c);
            assertTrue(line(in).path("ok").asBoolean());
            final ByteArrayOutputStream file = new ByteArrayOutputStream();
            final CompletableFuture<String> end = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return CaptureStream.copy(in, file);
                }
                catch (final Exception ex)
                {
                    throw new RuntimeException(ex);
                }
            });
            final MemorySegment burst = arena.allocate(ValueLayout.JAVA_LONG, 4);
            final byte[] frame = new byte[100];
            frame[12] = 0x08; // IPv4 ethertype
            while (!end.isDone())
            {
                if (fake.capture.portMask() != 0)
                {
                    io.inject(0, frame);
                    final int n = io.rxBurst(0, 0, burst, 4);
                    fake.capture.ring(0).offer(burst.address(), n, 1, CaptureRing.TX, fake.capture.snapLength(), System.nanoTime());
                    io.freeBulk(burst, n);
                }
                Thread.sleep(2);
            }
            final JsonNode summary = JSON.readTree(end.get(10, TimeUnit.SECONDS));
            assertEquals(3, summary.path("written").asLong(), summary.toString());
            assertFalse(fake.capture.running(), "off at the count");

            final ByteBuffer pcap = ByteBuffer.wrap(file.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0x0A0D0D0A, pcap.getInt(0));
            assertEquals(0x1A2B3C4D, pcap.getInt(8));
            final Path saved = run.resolve("c.pcapng");
            Files.write(saved, file.toByteArray());
            if (Files.isExecutable(Path.of("/usr/bin/tshark")))
            {
                final Process tshark = new ProcessBuilder("/usr/bin/tshark", "-r", saved.toString(), "-T", "fields",
                    "-e", "frame.interface_name", "-e", "frame.p2p_dir", "-e", "frame.len", "-e", "frame.cap_len")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start(); // p2p_dir 0: sent
                final String out = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, tshark.waitFor(), out);
                assertEquals("p1\t0\t100\t64\np1\t0\t100\t64\np1\t0\t100\t64\n", out.replace("\r", ""), out);
            }
        }
    }

    @Test
    void shouldSwitchOffWhenTheClientGoesAway() throws Exception
    {
        final SocketChannel c = request("{\"op\":\"capture\",\"port\":\"p0\"}");
        assertTrue(line(Channels.newInputStream(c)).path("ok").asBoolean());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!fake.capture.running() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertTrue(fake.capture.running());
        c.close();
        while (fake.capture.running() && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        assertFalse(fake.capture.running(), "a client gone is a capture off");
    }
}
