package net.junction.bindings.dpdk;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Builds a {@link StructLayout} from the fields Junction uses and their C offsets, filling the
 * gaps with padding, so a partial view of a large DPDK struct (rte_eth_dev_info is 376 bytes,
 * rte_eth_conf 2272) still has the struct's exact size and alignment.
 */
final class StructLayouts
{
    /** One named member and its byte offset in the C struct. */
    record Field(long offset, MemoryLayout layout)
    {
    }

    private StructLayouts()
    {
    }

    static Field field(final long offset, final MemoryLayout layout)
    {
        return new Field(offset, layout);
    }

    static StructLayout struct(final String name, final long size, final long alignment, final Field... fields)
    {
        final Field[] sorted = fields.clone();
        Arrays.sort(sorted, Comparator.comparingLong(Field::offset));
        final List<MemoryLayout> members = new ArrayList<>();
        long position = 0;
        for (final Field field : sorted)
        {
            if (field.offset() < position)
            {
                throw new IllegalArgumentException(name + ": field " + field.layout().name().orElse("?") +
                    " at " + field.offset() + " overlaps the previous field ending at " + position);
            }
            if (field.offset() > position)
            {
                members.add(MemoryLayout.paddingLayout(field.offset() - position));
            }
            members.add(field.layout());
            position = field.offset() + field.layout().byteSize();
        }
        if (position > size)
        {
            throw new IllegalArgumentException(name + ": fields end at " + position + ", beyond sizeof " + size);
        }
        if (position < size)
        {
            members.add(MemoryLayout.paddingLayout(size - position));
        }
        return MemoryLayout.structLayout(members.toArray(MemoryLayout[]::new))
            .withByteAlignment(alignment)
            .withName(name);
    }
}
