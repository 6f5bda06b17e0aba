package net.junction.dataplane.counters;

import java.util.Map;
import java.util.TreeMap;

import org.agrona.concurrent.status.CountersReader;

/**
 * Counters read from a {@link CountersFile} at one moment, summed over workers by label.
 * Labels are dotted: {@code port.p0.rx}, {@code drop.no_route}, {@code dp.forwarded},
 * {@code port.p0.link} (a gauge).
 */
public record CounterSnapshot(long pid, long startTimeMs, Map<String, Long> values)
{
    public static CounterSnapshot read(final CountersFile file)
    {
        final CountersReader reader = file.reader();
        final Map<String, Long> sums = new TreeMap<>();
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            final long value = reader.getCounterValue(counterId);
            if (typeId == CountersFile.TYPE_GAUGE)
            {
                sums.put(label, value);
            }
            else
            {
                sums.merge(label, value, Long::sum);
            }
        });
        return new CounterSnapshot(file.pid(), file.startTimeMs(), sums);
    }

    public long get(final String label)
    {
        return values.getOrDefault(label, 0L);
    }
}
