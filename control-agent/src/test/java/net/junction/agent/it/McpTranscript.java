/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;

/**
 * Every JSON-RPC message of the MCP sessions of a test, as the client's transport sent and received
 * them, written out as request/answer pairs (the material of docs/agent-session.md). A session is
 * recorded by wrapping its transport in {@link #record}: any transport (stdio, streamable HTTP),
 * since the wrapper sits between the SDK's client and the wire.
 * <p>
 * The file: {@code {"sessions": {NAME: how it was started}, "exchanges": [{"session", "at_ms",
 * "request", "answer"}]}}, exchanges in the order the requests were sent, {@code at_ms} from the
 * transcript's start; a notification has no answer.
 */
final class McpTranscript
{
    private final long startNs = System.nanoTime();
    private final Map<String, String> sessions = new LinkedHashMap<>();
    private final List<ObjectNode> exchanges = new ArrayList<>();
    /** Requests waiting for their answer, by session and JSON-RPC id. */
    private final Map<String, ObjectNode> open = new HashMap<>();
    private final McpJsonMapper mapper;

    McpTranscript(final McpJsonMapper mapper)
    {
        this.mapper = mapper;
    }

    /**
     * @param session     the session's name in the transcript ({@code agent-1}).
     * @param description how it was started, for a reader.
     * @param transport   the session's transport.
     * @return the transport, each message recorded on its way.
     */
    McpClientTransport record(final String session, final String description, final McpClientTransport transport)
    {
        synchronized (this)
        {
            sessions.put(session, description);
        }
        return new Recorder(session, transport);
    }

    /** Writes the transcript as pretty JSON to {@code file} (its folder made). */
    synchronized void write(final Path file) throws IOException
    {
        final ObjectNode root = ApiClient.JSON.createObjectNode();
        final ObjectNode named = root.putObject("sessions");
        sessions.forEach(named::put);
        final ArrayNode list = root.putArray("exchanges");
        exchanges.forEach(list::add);
        Files.createDirectories(file.getParent());
        Files.writeString(file, ApiClient.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    }

    private synchronized void sent(final String session, final McpSchema.JSONRPCMessage message)
    {
        final ObjectNode exchange = ApiClient.JSON.createObjectNode()
            .put("session", session)
            .put("at_ms", (System.nanoTime() - startNs) / 1_000_000);
        exchange.set("request", tree(message));
        exchanges.add(exchange);
        if (message instanceof McpSchema.JSONRPCRequest request)
        {
            open.put(session + " " + request.id(), exchange);
        }
    }

    private synchronized void received(final String session, final McpSchema.JSONRPCMessage message)
    {
        final ObjectNode exchange = message instanceof McpSchema.JSONRPCResponse response ?
            open.remove(session + " " + response.id()) : null;
        if (null != exchange)
        {
            exchange.set("answer", tree(message));
            return;
        }
        // From the server unasked (a notification, a request of its own): an exchange of its own.
        final ObjectNode unasked = ApiClient.JSON.createObjectNode()
            .put("session", session)
            .put("at_ms", (System.nanoTime() - startNs) / 1_000_000);
        unasked.set("from_server", tree(message));
        exchanges.add(unasked);
    }

    private JsonNode tree(final McpSchema.JSONRPCMessage message)
    {
        try
        {
            return ApiClient.JSON.readTree(mapper.writeValueAsString(message));
        }
        catch (final IOException ex)
        {
            return ApiClient.JSON.getNodeFactory().textNode(String.valueOf(message));
        }
    }

    /** The session's transport, each message recorded as it is sent or received. */
    private final class Recorder implements McpClientTransport
    {
        private final String session;
        private final McpClientTransport transport;

        Recorder(final String session, final McpClientTransport transport)
        {
            this.session = session;
            this.transport = transport;
        }

        @Override
        public Mono<Void> connect(final Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler)
        {
            return transport.connect(incoming -> handler.apply(incoming.doOnNext(m -> received(session, m))));
        }

        @Override
        public Mono<Void> sendMessage(final McpSchema.JSONRPCMessage message)
        {
            sent(session, message);
            return transport.sendMessage(message);
        }

        @Override
        public void setExceptionHandler(final Consumer<Throwable> handler)
        {
            transport.setExceptionHandler(handler);
        }

        @Override
        public Mono<Void> closeGracefully()
        {
            return transport.closeGracefully();
        }

        @Override
        public void close()
        {
            transport.close();
        }

        @Override
        public <T> T unmarshalFrom(final Object data, final TypeRef<T> type)
        {
            return transport.unmarshalFrom(data, type);
        }

        @Override
        public List<String> protocolVersions()
        {
            return transport.protocolVersions();
        }
    }

    /** For a failure message: a value as compact JSON. */
    static String json(final Object value)
    {
        try
        {
            return ApiClient.JSON.writeValueAsString(value);
        }
        catch (final JsonProcessingException ex)
        {
            return String.valueOf(value);
        }
    }
}
