/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TableTest
{
    @Test
    void shouldPadTextLeftAndNumbersRightWithTwoSpacesBetween()
    {
        final String text = new Table("NAME", "#PACKETS", "STATE")
            .row("p0", 12, "up")
            .row("long-port-name", 1234567, "down")
            .render();
        assertEquals("""
            NAME            PACKETS  STATE
            p0                   12  up
            long-port-name  1234567  down
            """, text);
    }

    @Test
    void shouldLeaveNoTrailingBlanksAndPrintNullAsDash()
    {
        final String text = new Table("A", "B").row("x", null).row("yy", "").render();
        assertEquals("A   B\nx   -\nyy\n", text);
    }

    @Test
    void shouldPrintTheHeaderOfAnEmptyTable()
    {
        assertEquals("NAME  STATE\n", new Table("NAME", "STATE").render());
    }

    @Test
    void shouldRefuseARowOfTheWrongWidth()
    {
        assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("only one"));
    }
}
