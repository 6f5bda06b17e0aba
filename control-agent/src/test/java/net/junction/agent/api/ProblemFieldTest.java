/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * A refusal's {@code errors[].field} is what the validator's problem line names, in every form the
 * validator names a place (the invalid-change corpus has each; InvalidChangesOverApiIT posts them
 * to a live router).
 */
class ProblemFieldTest
{
    @Test
    void shouldNameConfigPaths()
    {
        assertField("ports[1].mtu", "70000 is out of range 68..9600", "ports[1].mtu: 70000 is out of range 68..9600");
        assertField("bgp.neighbors[0].address", "2001:db8::1 is ours", "bgp.neighbors[0].address: 2001:db8::1 is ours");
    }

    @Test
    void shouldNameRoutesFileLinesAndTheirFields()
    {
        assertField("/etc/junction/x.routes:1", "'a b' is not a route", "/etc/junction/x.routes:1: 'a b' is not a route");
        assertField("/etc/junction/x.routes:12.via", "198.18.9.9 is not connected",
            "/etc/junction/x.routes:12.via: 198.18.9.9 is not connected");
    }

    @Test
    void shouldNamePlacesInADocumentThatDoesNotParseAndTheTopLevel()
    {
        assertField("line 10, column 6", "not valid YAML: expected ','", "line 10, column 6: not valid YAML: expected ','");
        assertField("top level", "the configuration is empty", "top level: the configuration is empty");
    }

    @Test
    void shouldNameNoFieldInPlainText()
    {
        assertEquals(new Problem.FieldError(Optional.empty(), "something went wrong"), Problem.fieldError("something went wrong"));
    }

    private static void assertField(final String field, final String message, final String line)
    {
        assertEquals(new Problem.FieldError(Optional.of(field), message), Problem.fieldError(line));
    }
}
