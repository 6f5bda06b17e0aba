/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.util.Map;

/**
 * The router's API reached without a connection, from inside the router: what a show command
 * run by {@code POST /v1/cli} ({@link JunctionCli#runInRouter}) sends its requests to. The router
 * answers each one as the same request from the endpoint's caller on a listener: routed,
 * authorized and audited alike, and its body the bytes the listener would have sent.
 */
@FunctionalInterface
public interface InProcessApi
{
    /**
     * @param method       {@code GET}, {@code POST}...
     * @param pathAndQuery {@code /v1/...} with its query, percent-encoded.
     * @param body         the request body, or null for none.
     * @param contentType  its media type, or null.
     * @param headers      more request headers.
     * @return the whole answer, whatever its status.
     */
    ApiResponse exchange(String method, String pathAndQuery, String body, String contentType, Map<String, String> headers);
}
