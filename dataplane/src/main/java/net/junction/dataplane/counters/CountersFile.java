package net.junction.dataplane.counters;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * The counters of a running router in a memory-mapped file, so another process
 * ({@code ./junction status}) reads them while the router runs, the way Aeron's cnc.dat works.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                     magic "JNCTNCTR" (8 bytes)                |
 * +---------------------------------------------------------------+
 * |        version (int)          |     metadata length (int)     |
 * +---------------------------------------------------------------+
 * |      values length (int)      |           reserved            |
 * +---------------------------------------------------------------+
 * |                   pid of the writer (long)                    |
 * +---------------------------------------------------------------+
 * |                 start time, epoch ms (long)                   |
 * +---------------------------------------------------------------+
 * |           ... zero up to HEADER_LENGTH, then Agrona's         |
 * |       CountersManager metadata, then its values buffer        |
 * +---------------------------------------------------------------+
 * </pre>
 * All header fields are little-endian (host order on x86-64).
 *
 * <p>Each counter has a type (see {@code TYPE_*}) and a key holding the worker id, so a reader sums
 * a label over workers; gauges are not summed but reported as their latest value.
 */
public final class CountersFile implements AutoCloseable
{
    public static final long MAGIC = 0x5254434e54434e4aL; // "JNCTNCTR" little-endian
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 4096;
    private static final int VERSION_OFFSET = 8;
    private static final int META_LENGTH_OFFSET = 12;
    private static final int VALUES_LENGTH_OFFSET = 16;
    private static final int PID_OFFSET = 24;
    private static final int START_TIME_OFFSET = 32;

    /** Summed over workers. */
    public static final int TYPE_COUNTER = 1;
    /** Latest value wins: link state, table sizes. */
    public static final int TYPE_GAUGE = 2;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final AtomicBuffer metaData;
    private final AtomicBuffer values;
    private final CountersManager manager;

    private CountersFile(final MappedByteBuffer mapped, final boolean create, final int maxCounters)
    {
        this.mapped = mapped;
        header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        if (create)
        {
            final int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
            final int metaLength = maxCounters * CountersReader.METADATA_LENGTH;
            header.putInt(VERSION_OFFSET, VERSION);
            header.putInt(META_LENGTH_OFFSET, metaLength);
            header.putInt(VALUES_LENGTH_OFFSET, valuesLength);
            header.putLong(PID_OFFSET, ProcessHandle.current().pid());
            header.putLong(START_TIME_OFFSET, System.currentTimeMillis());
            header.putLongVolatile(0, MAGIC);
        }
        else
        {
            if (header.getLongVolatile(0) != MAGIC || header.getInt(VERSION_OFFSET) != VERSION)
            {
                throw new IllegalStateException("not a Junction counters file (or another version)");
            }
        }
        final int metaLength = header.getInt(META_LENGTH_OFFSET);
        final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        metaData = new UnsafeBuffer(mapped, HEADER_LENGTH, metaLength);
        values = new UnsafeBuffer(mapped, HEADER_LENGTH + metaLength, valuesLength);
        manager = create ? new CountersManager(metaData, values, StandardCharsets.US_ASCII) : null;
    }

    /** Creates (or replaces) the file, sized for {@code maxCounters}. */
    public static CountersFile create(final Path path, final int maxCounters)
    {
        try
        {
            Files.createDirectories(path.getParent());
            Files.deleteIfExists(path);
            final long length = HEADER_LENGTH +
                (long)maxCounters * (CountersReader.COUNTER_LENGTH + CountersReader.METADATA_LENGTH);
            final MappedByteBuffer mapped = IoUtil.mapNewFile(path.toFile(), length, true);
            return new CountersFile(mapped, true, maxCounters);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot create counters file " + path + ": " + ex.getMessage(), ex);
        }
    }

    /** Maps an existing file for reading. */
    public static CountersFile open(final Path path)
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            return new CountersFile(mapped, false, 0);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot open counters file " + path + ": " + ex.getMessage(), ex);
        }
    }

    public CountersManager manager()
    {
        if (manager == null)
        {
            throw new IllegalStateException("counters file opened read-only");
        }
        return manager;
    }

    public CountersReader reader()
    {
        return manager != null ? manager : new CountersReader(metaData, values, StandardCharsets.US_ASCII);
    }

    public AtomicBuffer values()
    {
        return values;
    }

    public long pid()
    {
        return header.getLong(PID_OFFSET);
    }

    public long startTimeMs()
    {
        return header.getLong(START_TIME_OFFSET);
    }

    /** Allocates a counter of the given type for a worker (key = worker id) and returns its offset in {@link #values()}. */
    public int allocate(final String label, final int typeId, final int workerId)
    {
        final int id = manager().allocate(label, typeId, key -> key.putInt(0, workerId));
        return CountersReader.counterOffset(id);
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
