/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import static net.junction.agent.api.ApiFixture.DOCUMENT;
import static net.junction.agent.api.ApiFixture.commitBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.junction.agent.router.RouterEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EventStreamTest
{
    @TempDir
    Path temp;

    /** A raw HTTP/1.1 client on the socket that reads the stream as text. */
    private static final class StreamClient implements AutoCloseable
    {
        private final SocketChannel channel;
        private final StringBuilder seen = new StringBuilder();

        StreamClient(final Path socket) throws IOException
        {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("GET /v1/events HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        }

        /** Reads until {@code text} has been seen. */
        String await(final String text) throws IOException
        {
            final ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (!seen.toString().contains(text))
            {
                buffer.clear();
                if (channel.read(buffer) < 0)
                {
                    throw new IOException("stream ended before '" + text + "': " + seen);
                }
                seen.append(StandardCharsets.UTF_8.decode(buffer.flip()));
            }
            return seen.toString();
        }

        @Override
        public void close() throws IOException
        {
            channel.close();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldStreamRouterEventsAndCommitsMadeThroughTheApi() throws Exception
    {
        try (ApiFixture api = new ApiFixture(temp, ApiServer.Options.defaults().withEvents(64, 200), false);
             StreamClient stream = new StreamClient(api.server.socket().orElseThrow()))
        {
            final String head = stream.await(": junction events");
            assertTrue(head.contains("text/event-stream"), head);
            api.router.events.publish(new RouterEvents.SessionChanged(Instant.parse("2026-12-05T12:00:00Z"), "transit1",
                "openconfirm", "established", "keepalive received"));
            assertTrue(stream.await("\"to\":\"established\"").contains("event: session\ndata: {\"time\":\"2026-12-05T12:00:00Z\""));
            assertEquals(201, api.post("/v1/commits", commitBody(DOCUMENT, 0, "first")).status());
            final String text = stream.await("\"how\":\"commit\"");
            assertTrue(text.contains("event: commit\n"), text);
            assertTrue(text.contains("\"number\":1"), text);
            assertTrue(stream.await(": keep-alive").contains(": keep-alive\n\n"));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldTellASlowClientHowManyEventsItLost() throws Exception
    {
        try (ApiFixture api = new ApiFixture(temp, ApiServer.Options.defaults().withEvents(2, 15_000), false);
             StreamClient stream = new StreamClient(api.server.socket().orElseThrow()))
        {
            stream.await(": junction events");
            for (int i = 0; i < 10_000; i++)
            {
                api.router.events.publish(new RouterEvents.RoutesChanged(Instant.EPOCH, "ipv4", i, 0, 0));
            }
            final String text = stream.await("\"added\":9999");
            assertTrue(text.matches("(?s).*event: dropped\ndata: \\{\"count\":[1-9][0-9]*}\n\n.*"), text);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldBoundTheNumberOfOpenStreams() throws Exception
    {
        final List<StreamClient> open = new ArrayList<>();
        try (ApiFixture api = ApiFixture.start(temp))
        {
            for (int i = 0; i < ApiServer.MAX_EVENT_STREAMS; i++)
            {
                final StreamClient stream = new StreamClient(api.server.socket().orElseThrow());
                open.add(stream);
                stream.await(": junction events");
            }
            final ApiFixture.Reply refused = api.get("/v1/events");
            assertEquals(503, refused.status());
            assertEquals("too-many-streams", refused.json().path("reason").asText());
            open.removeLast().close();
            // The server notices a client has gone at its next write to it: publish until a slot is free.
            int status = 503;
            for (int tries = 0; tries < 100 && status == 503; tries++)
            {
                api.router.events.publish(new RouterEvents.RoutesChanged(Instant.EPOCH, "ipv4", tries, 0, 0));
                Thread.sleep(20);
                status = probe(api);
            }
            assertEquals(200, status, "a slot is free again once the server saw the client go");
        }
        finally
        {
            for (final StreamClient stream : open)
            {
                stream.close();
            }
        }
    }

    /** Whether one more stream is accepted now: answers 200 (and closes it) or 503. */
    private static int probe(final ApiFixture api) throws IOException
    {
        try (StreamClient stream = new StreamClient(api.server.socket().orElseThrow()))
        {
            final String head = stream.await("\r\n\r\n");
            return head.startsWith("HTTP/1.1 200") ? 200 : 503;
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldEndStreamsWhenTheServerCloses() throws Exception
    {
        final ApiFixture api = new ApiFixture(temp, ApiServer.Options.defaults(), false);
        try (StreamClient stream = new StreamClient(api.server.socket().orElseThrow()))
        {
            stream.await(": junction events");
            final long start = System.nanoTime();
            api.close();
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "closing does not wait for a keep-alive");
        }
    }

    @Test
    void shouldDropTheOldestEventsOfASlowClientAndSayHowMany() throws Exception
    {
        final EventQueue queue = new EventQueue(4);
        for (int i = 0; i < 10; i++)
        {
            queue.accept(new RouterEvents.RoutesChanged(Instant.EPOCH, "ipv4", i, 0, 0));
        }
        final EventQueue.Batch batch = queue.take(0);
        assertEquals(6, batch.dropped());
        assertEquals(4, batch.events().size());
        assertEquals(6, ((RouterEvents.RoutesChanged)batch.events().getFirst()).added(), "the newest are kept");
        final EventQueue.Batch empty = queue.take(10);
        assertEquals(0, empty.dropped());
        assertTrue(empty.events().isEmpty());
        queue.close();
        assertNull(queue.take(1000));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldNeverBlockThePublisherOnAClientThatDoesNotRead() throws Exception
    {
        final RouterEvents events = new RouterEvents();
        final EventQueue stuck = new EventQueue(ApiServer.EVENT_QUEUE_CAPACITY);
        events.subscribe(stuck);
        final long start = System.nanoTime();
        for (int i = 0; i < 1_000_000; i++)
        {
            events.publish(new RouterEvents.RoutesChanged(Instant.EPOCH, "ipv4", i, 0, 0));
        }
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs < 5000, "a million events took " + elapsedMs + " ms");
        assertEquals(1_000_000 - ApiServer.EVENT_QUEUE_CAPACITY, stuck.take(0).dropped());
    }
}
