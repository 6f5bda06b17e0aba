/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.mcp;

import java.util.Optional;

/**
 * The router's HTTP API (docs/api.md) as the MCP server uses it: one request, one whole answer.
 * {@code junction mcp} implements it over the CLI's client (UNIX socket or TLS with a token), so
 * the MCP tools can do exactly what the caller's credentials allow, no more.
 */
public interface RouterApi
{
    /**
     * One answer.
     *
     * @param status HTTP status.
     * @param body   the body as text, empty for none.
     * @param etag   the {@code ETag} without quotes (the running version), if any.
     */
    record Reply(int status, String body, Optional<String> etag)
    {
        boolean ok()
        {
            return status >= 200 && status < 300;
        }
    }

    /**
     * @param method {@code GET} or {@code POST}.
     * @param path   {@code /v1/...} with its query, encoded.
     * @param json   the request body (JSON), or null for none.
     * @param agent  the agent's name for {@code X-Junction-Agent} (the audit log records it), if known.
     * @return the answer, whatever its status.
     * @throws RuntimeException when no answer came (no router, a timeout); its message says so.
     */
    Reply call(String method, String path, String json, Optional<String> agent);
}
