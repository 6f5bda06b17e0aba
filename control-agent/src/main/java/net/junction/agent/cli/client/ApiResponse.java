/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.util.Optional;

/**
 * One answer of the API, whole: read from a connection, or made inside the router
 * ({@link InProcessApi}).
 *
 * @param status    the HTTP status.
 * @param mediaType such as {@code application/json}, {@code application/problem+json}, or empty.
 * @param body      the body as text (UTF-8), empty for a 204.
 * @param etag      the {@code ETag} header without quotes, if any.
 */
public record ApiResponse(int status, String mediaType, String body, Optional<String> etag)
{
    /**
     * An answer as the HTTP client reads it off the wire.
     *
     * @param contentType the {@code Content-Type} header, or null: its parameters are dropped.
     * @param etagHeader  the {@code ETag} header, or null: quotes and a weak {@code W/} are dropped.
     */
    public static ApiResponse of(final int status, final String contentType, final String body, final String etagHeader)
    {
        final String mediaType = null == contentType ? "" : contentType.split(";", 2)[0].strip();
        return new ApiResponse(status, mediaType, body, Optional.ofNullable(etagHeader).map(ApiResponse::unquote));
    }

    private static String unquote(final String etag)
    {
        final String weakless = etag.startsWith("W/") ? etag.substring(2) : etag;
        return weakless.length() >= 2 && weakless.startsWith("\"") && weakless.endsWith("\"") ?
            weakless.substring(1, weakless.length() - 1) : weakless;
    }

    boolean ok()
    {
        return status >= 200 && status < 300;
    }
}
