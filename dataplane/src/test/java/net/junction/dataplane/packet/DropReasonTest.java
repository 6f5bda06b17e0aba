package net.junction.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import net.junction.dataplane.DropReason;
import org.junit.jupiter.api.Test;

class DropReasonTest
{
    @Test
    void shouldNameEveryCodeUniquelyInSnakeCase()
    {
        final Set<String> names = new HashSet<>();
        for (int code = 0; code < DropReason.COUNT; code++)
        {
            final String name = DropReason.name(code);
            assertTrue(name.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*"), name);
            assertTrue(names.add(name), "duplicate " + name);
        }
        assertEquals(DropReason.COUNT, names.size());
    }

    @Test
    void shouldGiveEachConstantTheNameOfItsField() throws IllegalAccessException
    {
        final Set<Integer> codes = new HashSet<>();
        for (final Field field : DropReason.class.getFields())
        {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != int.class || field.getName().equals("COUNT"))
            {
                continue;
            }
            final int code = field.getInt(null);
            assertTrue(code >= 0 && code < DropReason.COUNT, field.getName());
            assertTrue(codes.add(code), "code reused by " + field.getName());
            assertEquals(field.getName().toLowerCase(Locale.ROOT), DropReason.name(code));
        }
        assertEquals(DropReason.COUNT, codes.size(), "every code in 0..COUNT-1 has a constant");
    }

    @Test
    void shouldHaveTheReasonsThePipelineCounts()
    {
        assertEquals(0, DropReason.NONE);
        assertEquals("ttl_exceeded", DropReason.name(DropReason.TTL_EXCEEDED));
        assertEquals("ip4_bad_checksum", DropReason.name(DropReason.IP4_BAD_CHECKSUM));
        assertEquals("neighbor_pending_drop", DropReason.name(DropReason.NEIGHBOR_PENDING_DROP));
        assertEquals("local_unsupported", DropReason.name(DropReason.LOCAL_UNSUPPORTED));
    }

    @Test
    void shouldNameCodesOutOfRangeUnknownWithoutThrowing()
    {
        assertEquals("unknown", DropReason.name(-1));
        assertEquals("unknown", DropReason.name(DropReason.COUNT));
        assertEquals("unknown", DropReason.name(Integer.MAX_VALUE));
    }
}
