package net.junction.dataplane.worker;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Pins the calling thread to one CPU with Linux's {@code sched_setaffinity(0, ...)} (pid 0 is the
 * calling thread), through FFM. Workers pin themselves when they start; the EAL pins only the
 * thread that called {@code rte_eal_init} (FIELD-NOTES).
 */
public final class CpuAffinity
{
    private static final int CPU_SET_BYTES = 128; // glibc's cpu_set_t: 1024 CPUs
    private static final MethodHandle SCHED_SETAFFINITY;
    private static final MethodHandle SCHED_GETCPU;

    static
    {
        final Linker linker = Linker.nativeLinker();
        SCHED_SETAFFINITY = linker.downcallHandle(
            linker.defaultLookup().find("sched_setaffinity").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            Linker.Option.captureCallState("errno"));
        SCHED_GETCPU = linker.downcallHandle(
            linker.defaultLookup().find("sched_getcpu").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT));
    }

    private CpuAffinity()
    {
    }

    /** Pins the calling thread to {@code cpu}. @throws IllegalStateException with errno when the kernel refuses. */
    public static void pinCurrentThread(final int cpu)
    {
        if (cpu < 0 || cpu >= CPU_SET_BYTES * 8)
        {
            throw new IllegalArgumentException("cpu out of range: " + cpu);
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment set = arena.allocate(CPU_SET_BYTES);
            set.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte)(1 << (cpu % 8)));
            final MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            final int rc = (int)SCHED_SETAFFINITY.invokeExact(state, 0, (long)CPU_SET_BYTES, set);
            if (rc != 0)
            {
                final int errno = (int)Linker.Option.captureStateLayout()
                    .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno")).get(state, 0L);
                throw new IllegalStateException("sched_setaffinity(cpu " + cpu + ") failed, errno " + errno);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** The CPU the calling thread runs on now. */
    public static int currentCpu()
    {
        try
        {
            return (int)SCHED_GETCPU.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
