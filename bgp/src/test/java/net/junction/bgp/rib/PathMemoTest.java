/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.wire.attribute.PathAttributes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class PathMemoTest
{
    static final class Note extends PathMemo.Entry
    {
    }

    @Test
    void shouldKeepOneEntryPerPathPerMemoAndForgetItOnClose()
    {
        final Path path = new Path(PathAttributes.EMPTY, null, null);
        path.references = 1; // a table holds it
        final Path other = new Path(PathAttributes.EMPTY, null, null);
        final PathMemo<Note> a = new PathMemo<>();
        final PathMemo<Note> b = new PathMemo<>();
        final Note first = new Note();
        a.put(path, first);
        assertSame(first, a.get(path));
        assertNull(a.get(other), "kept per instance, not per value");
        assertNull(b.get(path), "another memo's entry reads as absent");

        final Note second = new Note();
        b.put(path, second);
        assertNull(a.get(path), "a path holds the entry of the memo that wrote last");
        assertSame(second, b.get(path));

        a.close();
        assertSame(second, b.get(path), "closing a memo leaves another's entry alone");
        b.close();
        assertNull(b.get(path));
        assertNull(path.memo, "nothing outlives the memo on a path a table holds");
    }

    @Test
    void shouldLeaveTheEntryOnAPathNoTableHoldsToGoWithIt()
    {
        final Path made = new Path(PathAttributes.EMPTY, null, null); // made by the computation, held by no table
        final PathMemo<Note> a = new PathMemo<>();
        final Note note = new Note();
        a.put(made, note);
        assertSame(note, a.get(made));
        a.close();
        assertSame(note, made.memo, "not visited again at close");
        assertNull(new PathMemo<Note>().get(made), "a stale entry reads as absent to another memo");
    }
}
