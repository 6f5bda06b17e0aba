package net.junction.bindings;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import net.junction.bindings.dpdk.Dpdk;

/**
 * DPDK's Environment Abstraction Layer: start-up, per-thread registration, shut-down.
 *
 * <p>Why it looks like this:
 * <ul>
 * <li>EAL initializes once per process and cannot restart after {@link #cleanup()}; tests
 *     that start it run in a child JVM.</li>
 * <li>Some arguments make EAL call {@code exit()} (it prints usage and ends the process on
 *     {@code -h}/{@code --help}), which would take the JVM with it: {@link #validateArguments}
 *     rejects them before DPDK sees them. Anything else EAL rejects comes back as a
 *     {@link DpdkException} carrying {@code rte_errno}'s text, and the JVM carries on. EAL
 *     cannot be retried in that process, though: 22.11 keeps parser state from the failed
 *     attempt (a second {@code -l} is refused with "Option -l is ignored, because (-l) is
 *     set"), so a later {@link #init} throws {@link IllegalStateException} naming the first
 *     failure. Fix the arguments and restart the process.</li>
 * <li>{@code rte_eal_init} pins its calling thread to the main lcore's CPUs, and threads the
 *     pinned thread starts inherit that mask. {@link #init} therefore runs it on a dedicated,
 *     short-lived thread, so the caller's thread (and every thread it starts later) keeps the
 *     JVM's affinity. Data-plane workers are JVM threads that pin themselves and call
 *     {@link #registerThread()}; give EAL one lcore ({@code -l 0}) and let the workers
 *     register, rather than letting EAL start its own worker threads.</li>
 * </ul>
 * Control path: every method may allocate; none is for the per-packet loop.
 */
public final class Eal
{
    /** argv[0] handed to EAL, which uses it in its log lines. */
    public static final String PROGRAM_NAME = "junction";

    private enum State
    {
        NEW, RUNNING, FAILED, CLEANED_UP
    }

    private static final Object LOCK = new Object();
    private static volatile State state = State.NEW;
    private static String failure = "";

    private Eal()
    {
    }

    /**
     * Starts EAL with the given arguments (argv[0] excluded: {@link #PROGRAM_NAME} is
     * prepended), for example {@code List.of("-l", "0", "--no-huge", "-m", "256", "--no-pci",
     * "--in-memory", "--vdev=net_ring0")}.
     *
     * @return the number of arguments EAL consumed
     * @throws IllegalArgumentException if an argument is refused before reaching DPDK
     * @throws IllegalStateException    if EAL already ran, or failed, in this process
     * @throws DpdkException            if {@code rte_eal_init} failed (message carries rte_errno's text)
     */
    public static int init(final List<String> args)
    {
        validateArguments(args);
        synchronized (LOCK)
        {
            switch (state)
            {
                case NEW ->
                {
                }
                case RUNNING -> throw new IllegalStateException(
                    "EAL is already initialized in this process; it initializes once");
                case CLEANED_UP -> throw new IllegalStateException(
                    "EAL was cleaned up in this process; it cannot start again");
                case FAILED -> throw new IllegalStateException(
                    "EAL already failed to start in this process and cannot be retried (DPDK keeps state " +
                    "from the failed attempt); restart the process. The failure: " + failure);
            }

            final List<String> argv = new ArrayList<>(args.size() + 1);
            argv.add(PROGRAM_NAME);
            argv.addAll(args);
            final InitResult result = runOnInitThread(argv);
            if (result.returned() < 0)
            {
                state = State.FAILED;
                failure = "rte_eal_init(" + String.join(" ", args) + ") failed: " + result.errorText() +
                    " (rte_errno " + result.rteErrno() + ")";
                throw new DpdkException("rte_eal_init(" + String.join(" ", args) + ") failed: " +
                    result.errorText() + " (rte_errno " + result.rteErrno() + ")", result.rteErrno());
            }
            state = State.RUNNING;
            return result.returned();
        }
    }

    /**
     * Refuses arguments that would end the process instead of returning an error: the help
     * option in any spelling getopt accepts ({@code -h}, {@code -vh}, {@code --help},
     * {@code --hel}), and strings C cannot carry (NUL characters).
     */
    public static void validateArguments(final List<String> args)
    {
        Objects.requireNonNull(args, "args");
        for (final String arg : args)
        {
            if (null == arg)
            {
                throw new IllegalArgumentException("EAL arguments contain null: " + args);
            }
            if (arg.indexOf('\0') >= 0)
            {
                throw new IllegalArgumentException("EAL argument contains a NUL character: " + arg.replace('\0', '?'));
            }
            if (isHelpOption(arg))
            {
                throw new IllegalArgumentException(
                    "EAL argument '" + arg + "' asks for usage, which makes DPDK exit the process; refused");
            }
        }
    }

    private static boolean isHelpOption(final String arg)
    {
        if (arg.startsWith("--"))
        {
            // getopt_long accepts any unambiguous prefix of a long option: --hel means --help.
            final int equals = arg.indexOf('=');
            final String name = equals < 0 ? arg : arg.substring(0, equals);
            return name.length() > "--h".length() && "--help".startsWith(name);
        }
        if (arg.startsWith("-") && arg.length() > 1)
        {
            // A cluster of short flags: only -v takes no argument besides -h; anything else
            // consumes the rest of the word as its argument.
            for (int i = 1; i < arg.length(); i++)
            {
                final char c = arg.charAt(i);
                if ('h' == c)
                {
                    return true;
                }
                if ('v' != c)
                {
                    return false;
                }
            }
        }
        return false;
    }

    public static boolean isInitialized()
    {
        return State.RUNNING == state;
    }

    /** Releases EAL's resources (devices, memory). No DPDK call is valid afterwards. */
    public static void cleanup()
    {
        synchronized (LOCK)
        {
            if (State.RUNNING != state)
            {
                throw new IllegalStateException("EAL is not running");
            }
            state = State.CLEANED_UP;
            DpdkException.check(Dpdk.rte_eal_cleanup(), "rte_eal_cleanup()");
        }
    }

    /**
     * Registers the calling thread with EAL ({@code rte_thread_register}) so it gets an lcore
     * id, and with it a per-lcore mempool cache. Each data-plane worker calls this once, on its
     * own thread, after pinning itself.
     *
     * @return the thread's lcore id
     */
    public static int registerThread()
    {
        requireRunning();
        if (Dpdk.rte_thread_register() < 0)
        {
            throw DpdkException.ofRteErrno("rte_thread_register() on thread " + Thread.currentThread().getName());
        }
        return Dpdk.jn_lcore_id();
    }

    /** Gives the calling thread's lcore id back; call on the thread that registered. */
    public static void unregisterThread()
    {
        requireRunning();
        Dpdk.rte_thread_unregister();
    }

    /** The calling thread's lcore id, {@link Dpdk#LCORE_ID_ANY} if it is not registered. */
    public static int lcoreId()
    {
        return Dpdk.jn_lcore_id();
    }

    /** NUMA socket of the calling thread's lcore. */
    public static int socketId()
    {
        return Dpdk.jn_socket_id();
    }

    static void requireRunning()
    {
        if (State.RUNNING != state)
        {
            throw new IllegalStateException("EAL is not running; call Eal.init first");
        }
    }

    private record InitResult(int returned, int rteErrno, String errorText)
    {
    }

    private static InitResult runOnInitThread(final List<String> argv)
    {
        final InitResult[] result = new InitResult[1];
        final Throwable[] failure = new Throwable[1];
        final Thread thread = Thread.ofPlatform().name("dpdk-eal-init").unstarted(() ->
        {
            try
            {
                result[0] = callRteEalInit(argv);
            }
            catch (final Throwable ex)
            {
                failure[0] = ex;
            }
        });
        thread.start();
        boolean interrupted = false;
        while (true)
        {
            try
            {
                thread.join();
                break;
            }
            catch (final InterruptedException ex)
            {
                // rte_eal_init cannot be cancelled half-way: wait for it, then restore the flag.
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        if (null != failure[0])
        {
            if (failure[0] instanceof RuntimeException runtime)
            {
                throw runtime;
            }
            if (failure[0] instanceof Error error)
            {
                throw error;
            }
            throw new IllegalStateException("rte_eal_init thread failed", failure[0]);
        }
        return result[0];
    }

    private static InitResult callRteEalInit(final List<String> argv)
    {
        // EAL may keep pointers into argv (and permutes it while parsing): the strings live in
        // the global arena, a few hundred bytes once per process.
        final Arena arena = Arena.global();
        final MemorySegment array = arena.allocate(ValueLayout.ADDRESS, argv.size() + 1L);
        for (int i = 0; i < argv.size(); i++)
        {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(argv.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, argv.size(), MemorySegment.NULL);

        final int returned = Dpdk.rte_eal_init(argv.size(), array);
        if (returned < 0)
        {
            final int rteErrno = Dpdk.jn_errno();
            return new InitResult(returned, rteErrno, Dpdk.strerror(rteErrno));
        }
        return new InitResult(returned, 0, "");
    }
}
