/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.util.Optional;

/**
 * One answer of the API, whole.
 *
 * @param status    the HTTP status.
 * @param mediaType such as {@code application/json}, {@code application/problem+json}, or empty.
 * @param body      the body as text (UTF-8), empty for a 204.
 * @param etag      the {@code ETag} header without quotes, if any.
 */
record ApiResponse(int status, String mediaType, String body, Optional<String> etag)
{
    boolean ok()
    {
        return status >= 200 && status < 300;
    }
}
