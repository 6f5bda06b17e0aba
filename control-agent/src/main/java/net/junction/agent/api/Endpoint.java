/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One route of the API: method, path template ({@code /v1/bgp/neighbors/{name}/routes}), the role it
 * needs, and what it does.
 *
 * @param method   {@code GET}, {@code POST}, {@code PUT}, {@code DELETE}.
 * @param template segments; {@code {x}} matches one segment and names it.
 * @param role     the least role allowed; null: no authentication (the OpenAPI document).
 * @param action   for a write, its name in the audit log ({@code commit}); null for a read.
 * @param handler  the work.
 */
record Endpoint(String method, String template, Role role, String action, Handler handler)
{
    @FunctionalInterface
    interface Handler
    {
        Answer handle(ApiRequest request) throws Exception;
    }

    Endpoint
    {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(handler, "handler");
    }

    static Endpoint read(final String method, final String template, final Role role, final Handler handler)
    {
        return new Endpoint(method, template, role, null, handler);
    }

    static Endpoint write(final String method, final String template, final Role role, final String action, final Handler handler)
    {
        return new Endpoint(method, template, role, action, handler);
    }

    boolean isWrite()
    {
        return null != action;
    }

    /** @return how many segments are parameters: with two templates matching, the one with fewer wins. */
    int parameterCount()
    {
        return (int)segments(template).stream().filter(s -> s.startsWith("{")).count();
    }

    /**
     * @param path a request path, without the query.
     * @return the path parameters when it matches, else empty.
     */
    Optional<Map<String, String>> match(final String path)
    {
        final List<String> want = segments(template);
        final List<String> got = segments(path);
        if (want.size() != got.size())
        {
            return Optional.empty();
        }
        final Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < want.size(); i++)
        {
            final String w = want.get(i);
            if (w.startsWith("{") && w.endsWith("}"))
            {
                if (got.get(i).isEmpty())
                {
                    return Optional.empty();
                }
                parameters.put(w.substring(1, w.length() - 1), got.get(i));
            }
            else if (!w.equals(got.get(i)))
            {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    private static List<String> segments(final String path)
    {
        return List.of(path.split("/", -1));
    }
}
