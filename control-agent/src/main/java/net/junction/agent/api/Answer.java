/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.util.Map;

/**
 * What an endpoint answers.
 *
 * @param status      HTTP status.
 * @param body        written as JSON; a {@link String} is written as is with {@code contentType};
 *                    null for no body.
 * @param contentType of a String body.
 * @param headers     more response headers ({@code ETag}, {@code Location}).
 * @param auditDetail what the audit log records of a write that succeeded ({@code commit 7}).
 */
record Answer(int status, Object body, String contentType, Map<String, String> headers, String auditDetail)
{
    /** The endpoint wrote the response itself (an event stream). */
    static final Answer STREAMED = new Answer(0, null, null, Map.of(), "stream ended");

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
