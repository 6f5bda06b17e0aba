package net.junction.bindings.dpdk;

import static net.junction.bindings.dpdk.StructLayouts.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

class StructLayoutsTest
{
    @Test
    void shouldPadBetweenFieldsAndToTheStructSize()
    {
        final StructLayout layout = StructLayouts.struct("s", 48, 16,
            field(24, ValueLayout.JAVA_LONG.withName("late")),
            field(4, ValueLayout.JAVA_INT.withName("early")));
        assertEquals(48, layout.byteSize());
        assertEquals(16, layout.byteAlignment());
        assertEquals(4, layout.byteOffset(PathElement.groupElement("early")));
        assertEquals(24, layout.byteOffset(PathElement.groupElement("late")));
    }

    @Test
    void shouldRejectOverlappingFieldsAndFieldsPastTheEnd()
    {
        assertThrows(IllegalArgumentException.class, () -> StructLayouts.struct("s", 16, 8,
            field(0, ValueLayout.JAVA_LONG.withName("a")), field(4, ValueLayout.JAVA_INT.withName("b"))));
        assertThrows(IllegalArgumentException.class, () -> StructLayouts.struct("s", 8, 8,
            field(4, ValueLayout.JAVA_LONG.withName("a"))));
    }
}
