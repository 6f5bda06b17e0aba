/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/** Tokens, the audit log, and the OpenAPI document. */
final class AccessEndpoints
{
    /** The OpenAPI 3.1 document, a resource beside this class. */
    static final String OPENAPI_RESOURCE = "openapi.json";
    static final int MAX_AUDIT_LIMIT = 10_000;

    private final TokenStore tokens;
    private final AuditLog audit;
    private final InstantSource clock;
    private final String openApi;

    AccessEndpoints(final TokenStore tokens, final AuditLog audit, final InstantSource clock)
    {
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.openApi = openApiDocument();
    }

    static String openApiDocument()
    {
        try (InputStream in = AccessEndpoints.class.getResourceAsStream(OPENAPI_RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing beside " + AccessEndpoints.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    List<Endpoint> endpoints()
    {
        return List.of(
            Endpoint.read("GET", "/v1/tokens", Role.ADMIN, r ->
            {
                r.queryAllows();
                return Answer.ok(tokens.list());
            }),
            Endpoint.write("POST", "/v1/tokens", Role.ADMIN, "token.create", this::createToken),
            Endpoint.write("DELETE", "/v1/tokens/{name}", Role.ADMIN, "token.delete", this::deleteToken),
            Endpoint.read("GET", "/v1/audit", Role.ADMIN, r ->
            {
                r.queryAllows("limit");
                return Answer.ok(audit.newest(r.queryInt("limit", 1, MAX_AUDIT_LIMIT, 100)));
            }),
            Endpoint.read("GET", "/v1/openapi.json", null, r -> new Answer(200, openApi, "application/json", Map.of(), "ok")));
    }

    private Answer createToken(final ApiRequest request) throws IOException
    {
        request.queryAllows();
        final ApiRequest.JsonBody body = request.jsonBody("name", "role");
        final String name = body.requiredString("name");
        if (!TokenStore.NAME.matcher(name).matches())
        {
            throw ApiException.badRequest("name", "'" + name + "' is not a token name: use 1 to 32 characters from a-z, 0-9 and '-'");
        }
        final String roleText = body.requiredString("role");
        final Role role = Role.parse(roleText)
            .orElseThrow(() -> ApiException.badRequest("role", "'" + roleText + "' is not one of read, operate, admin"));
        final TokenStore.NewToken token = tokens.create(name, role, request.caller().who(), clock.instant());
        // The audit line names the token, never its secret.
        return Answer.created(token, "/v1/tokens/" + name, "token '" + name + "' (" + role.text() + ") created");
    }

    private Answer deleteToken(final ApiRequest request) throws IOException
    {
        request.queryAllows();
        final String name = request.path("name");
        if (!tokens.delete(name))
        {
            throw ApiException.notFound("name", "no token named '" + name + "'");
        }
        return Answer.noContent("token '" + name + "' deleted");
    }
}
