/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * What an endpoint answers.
 *
 * @param status      HTTP status.
 * @param body        written as JSON; a {@link String} is written as is with {@code contentType}; a
 *                    {@link Binary} is streamed as it is made (a listener only); null for no body.
 * @param contentType of a String body.
 * @param headers     more response headers ({@code ETag}, {@code Location}).
 * @param auditDetail what the audit log records of a write that succeeded ({@code commit 7}).
 */
record Answer(int status, Object body, String contentType, Map<String, String> headers, String auditDetail)
{
    /** The endpoint wrote the response itself (an event stream). */
    static final Answer STREAMED = new Answer(0, null, null, Map.of(), "stream ended");

    /** Writes a body to the response as it makes it: a table dump is never held whole, as bytes, in memory. */
    @FunctionalInterface
    interface BodyWriter
    {
        /**
         * @param out the response's body; buffered; not to be closed. A failure here aborts the response (the
         *            client sees the connection end before the body's end, never a body that looks whole).
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A body in octets, streamed (chunked) by a listener. Inside the router ({@link ApiHandler#dispatch}: MCP, the
     * CLI run in the router) there is no stream to write it to: such a request is refused.
     */
    record Binary(BodyWriter writer)
    {
    }

    /**
     * @param mediaType   such as {@code application/octet-stream}.
     * @param headers     more response headers ({@code Content-Disposition}).
     * @param writer      makes the body.
     */
    static Answer binary(final String mediaType, final Map<String, String> headers, final BodyWriter writer)
    {
        return new Answer(200, new Binary(writer), mediaType, headers, "ok");
    }

    static Answer ok(final Object body)
    {
        return new Answer(200, body, null, Map.of(), "ok");
    }

    static Answer created(final Object body, final String location, final String auditDetail)
    {
        return new Answer(201, body, null, Map.of("Location", location), auditDetail);
    }

    static Answer noContent(final String auditDetail)
    {
        return new Answer(204, null, null, Map.of(), auditDetail);
    }

    Answer withAudit(final String detail)
    {
        return new Answer(status, body, contentType, headers, detail);
    }

    /** @return the body as a listener sends it: a String as is, anything else as JSON; "" for none. */
    String bodyText()
    {
        if (body instanceof Binary)
        {
            throw new IllegalStateException("a binary body is streamed by a listener, never made text");
        }
        return null == body ? "" : body instanceof String text ? text : Json.write(body);
    }

    /** @return the body's media type as a listener sends it; null for no body. */
    String mediaType()
    {
        if (null == body)
        {
            return null;
        }
        if (null != contentType)
        {
            return contentType;
        }
        return body instanceof String ? "text/plain; charset=utf-8" : "application/json";
    }
}
