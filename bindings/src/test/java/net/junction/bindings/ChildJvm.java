package net.junction.bindings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program in a separate JVM (EAL initializes once per process), {@link EalChild} here and
 * other modules' child programs through this module's test-jar, and collects its
 * {@code JN key=value} reports. Readiness and completion are read from the child's output,
 * never waited for by sleeping; {@link #close()} kills the child if it is still alive.
 */
public final class ChildJvm implements AutoCloseable
{
    private static final String REPORT_PREFIX = "JN ";
    private static final String END_OF_OUTPUT = "\u0000eof";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();
    private final Map<String, String> reports = new LinkedHashMap<>();
    private boolean ended;

    private ChildJvm(final Process process)
    {
        this.process = process;
        Thread.ofPlatform().daemon().name("child-jvm-output").start(this::pump);
    }

    /**
     * Starts {@code EalChild scenario args...}, optionally behind a command prefix such as
     * {@code ip netns exec NAME}.
     */
    static ChildJvm start(final List<String> commandPrefix, final String scenario, final List<String> args)
    {
        final List<String> programArgs = new ArrayList<>();
        programArgs.add(scenario);
        programArgs.addAll(args);
        return start(commandPrefix, List.of("-Xmx256m", "-XX:+UseSerialGC"), EalChild.class, programArgs);
    }

    /**
     * Starts {@code main} with the test's class path, {@code --enable-native-access=ALL-UNNAMED},
     * the given JVM options and program arguments, optionally behind a command prefix.
     */
    public static ChildJvm start(
        final List<String> commandPrefix, final List<String> jvmOptions, final Class<?> main, final List<String> args)
    {
        final List<String> command = new ArrayList<>(commandPrefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(testClassPath());
        command.add(main.getName());
        command.addAll(args);
        try
        {
            return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + command, ex);
        }
    }

    private static String testClassPath()
    {
        // Surefire and Failsafe may run the test JVM from a manifest-only jar; they publish the
        // real class path in this property.
        final String surefire = System.getProperty("surefire.test.class.path");
        return null != surefire && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private void pump()
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                lines.add(line);
            }
        }
        catch (final IOException ex)
        {
            lines.add("(output closed: " + ex.getMessage() + ")");
        }
        finally
        {
            lines.add(END_OF_OUTPUT);
        }
    }

    /**
     * Reads output until the child reports {@code key=value}; false if it ended or the timeout
     * passed first.
     */
    public boolean awaitReport(final String key, final String value, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended)
        {
            if (value.equals(reports.get(key)))
            {
                return true;
            }
            final long remaining = deadline - System.nanoTime();
            if (remaining <= 0)
            {
                return false;
            }
            final String line = lines.poll(remaining, TimeUnit.NANOSECONDS);
            if (null == line)
            {
                return false;
            }
            accept(line);
        }
        return value.equals(reports.get(key));
    }

    /** Waits for the process to exit (after its output ended); its exit code, or -1 on timeout. */
    public int awaitExit(final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended)
        {
            final long remaining = deadline - System.nanoTime();
            final String line = remaining > 0 ? lines.poll(remaining, TimeUnit.NANOSECONDS) : null;
            if (null == line)
            {
                return -1;
            }
            accept(line);
        }
        final long remaining = Math.max(0, deadline - System.nanoTime());
        return process.waitFor(remaining, TimeUnit.NANOSECONDS) ? process.exitValue() : -1;
    }

    private void accept(final String line)
    {
        if (END_OF_OUTPUT.equals(line))
        {
            ended = true;
            return;
        }
        transcript.add(line);
        if (line.startsWith(REPORT_PREFIX))
        {
            final int equals = line.indexOf('=');
            if (equals > 0)
            {
                reports.put(line.substring(REPORT_PREFIX.length(), equals), line.substring(equals + 1));
            }
        }
    }

    /** The value the child reported for {@code key}, null if none. */
    public String report(final String key)
    {
        return reports.get(key);
    }

    public Map<String, String> reports()
    {
        return reports;
    }

    /** Everything the child printed so far, for assertion messages. */
    public String transcript()
    {
        return String.join("\n", transcript);
    }

    /** Kills the child if it is still running and reaps it. */
    @Override
    public void close()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
            try
            {
                process.waitFor(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
