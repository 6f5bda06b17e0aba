/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.mcp;

/**
 * A tool call that did nothing: a malformed argument, or the router refused or failed the request.
 * It becomes a tool result with {@code isError: true} whose text says what was wrong, so the
 * model can correct its call.
 */
final class ToolError extends RuntimeException
{
    ToolError(final String message)
    {
        super(message, null, false, false);
    }
}
