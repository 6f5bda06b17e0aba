/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.mcp;

import java.util.Map;
import java.util.Objects;

/**
 * One row of the tool table ({@link RouterTools}): everything the model is told of a tool, and
 * what a call does.
 *
 * @param name         {@code snake_case}, as the model calls it.
 * @param title        a few words for a person.
 * @param description  for a model that has never seen a router: what it does, when to use it, one example.
 * @param input        its arguments.
 * @param outputSchema the JSON schema of its structured result (an object).
 * @param effect       its annotations.
 * @param handler      the work: API requests through {@link Calls}.
 */
record RouterTool(
    String name, String title, String description, Input input, Map<String, Object> outputSchema, Effect effect,
    Handler handler)
{
    /**
     * The MCP annotations, as honest hints to the client.
     *
     * @param readOnly    changes nothing anywhere.
     * @param destructive may change or remove what runs on the router.
     * @param idempotent  a second identical call has no further effect.
     */
    record Effect(boolean readOnly, boolean destructive, boolean idempotent)
    {
        /** Reads only. */
        static final Effect READ = new Effect(true, false, true);
    }

    @FunctionalInterface
    interface Handler
    {
        /**
         * @return the structured result: a JSON object matching {@code outputSchema}.
         * @throws ToolError when the router refuses or an argument is wrong.
         */
        Object call(Input.Arguments arguments, Calls api);
    }

    RouterTool
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(outputSchema, "outputSchema");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(handler, "handler");
    }
}
