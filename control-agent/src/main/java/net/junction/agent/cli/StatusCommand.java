package net.junction.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import net.junction.dataplane.counters.CounterSnapshot;
import net.junction.dataplane.counters.CountersFile;

/**
 * {@code junction status [--name NAME] [--json]}: the counters of a running router, read from its
 * counters file by another process, summed over workers.
 */
public final class StatusCommand
{
    public static final Path RUN_ROOT = Path.of("/run/junction");

    private StatusCommand()
    {
    }

    public static int run(final List<String> args, final PrintStream out, final PrintStream err)
    {
        String name = null;
        boolean json = false;
        for (int i = 0; i < args.size(); i++)
        {
            switch (args.get(i))
            {
                case "--json" -> json = true;
                case "--name" ->
                {
                    if (i + 1 >= args.size())
                    {
                        err.println("junction status: --name needs a value");
                        return 2;
                    }
                    name = args.get(++i);
                }
                default ->
                {
                    err.println("junction status: unknown argument '" + args.get(i) + "' (usage: status [--name NAME] [--json])");
                    return 2;
                }
            }
        }
        final Path file;
        try
        {
            file = counterFile(name);
        }
        catch (final IllegalStateException ex)
        {
            err.println("junction status: " + ex.getMessage());
            return 1;
        }
        try (CountersFile counters = CountersFile.open(file))
        {
            final CounterSnapshot snapshot = CounterSnapshot.read(counters);
            final boolean running = ProcessHandle.of(snapshot.pid()).map(ProcessHandle::isAlive).orElse(false);
            final String instance = file.getParent().getFileName().toString();
            final Path runDirectory = file.getParent();
            out.println(json ? withControl(toJson(instance, running, snapshot), ControlStatus.members(runDirectory)) :
                withControlText(toText(instance, running, snapshot), ControlStatus.text(runDirectory)));
            return running ? 0 : 3;
        }
        catch (final IllegalStateException ex)
        {
            err.println("junction status: " + ex.getMessage());
            return 1;
        }
    }

    /** The data plane's JSON with the control plane's members (RIB, BGP) added, when it wrote any. */
    static String withControl(final String json, final String members)
    {
        return members.isEmpty() ? json : json.substring(0, json.length() - 1) + "," + members + "}";
    }

        /** The data plane's text with the control plane's (RIB, BGP) below it. */
    static String withControlText(final String text, final String control)
    {
        if (control.isEmpty())
        {
            return text;
        }
        return (text.endsWith("\n") ? text : text + "\n") + control.stripTrailing();
    }

    static Path counterFile(final String name)
    {
        return runFile(name, "counters.dat", "router");
    }

    /**
     * A running router's file in /run/junction/NAME: of router {@code name}, or of the one router running when no
     * name is given.
     *
     * @param what what the file stands for in the messages ("router", "data plane").
     * @throws IllegalStateException when there is none, or several without a name.
     */
    static Path runFile(final String name, final String fileName, final String what)
    {
        if (name != null)
        {
            final Path file = RUN_ROOT.resolve(name).resolve(fileName);
            if (!Files.exists(file))
            {
                throw new IllegalStateException("no " + what + " named '" + name + "' is running (no " + file + ")");
            }
            return file;
        }
        final List<Path> found = new ArrayList<>();
        if (Files.isDirectory(RUN_ROOT))
        {
            try (Stream<Path> dirs = Files.list(RUN_ROOT))
            {
                dirs.map(d -> d.resolve(fileName)).filter(Files::exists).forEach(found::add);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("cannot list " + RUN_ROOT + ": " + ex.getMessage());
            }
        }
        if (found.isEmpty())
        {
            throw new IllegalStateException("no " + what + " is running (no " + RUN_ROOT + "/*/" + fileName + ")");
        }
        if (found.size() > 1)
        {
            throw new IllegalStateException("several routers run; choose one with --name: " +
                found.stream().map(p -> p.getParent().getFileName().toString()).toList());
        }
        return found.getFirst();
    }

    /** Groups dotted labels: port.NAME.COUNTER, drop.REASON, dp.COUNTER. */
    static Map<String, Map<String, Long>> groups(final CounterSnapshot snapshot)
    {
        final Map<String, Map<String, Long>> groups = new TreeMap<>();
        snapshot.values().forEach((label, value) ->
        {
            final int dot = label.indexOf('.');
            final String group = dot < 0 ? "other" : label.substring(0, dot);
            final String rest = dot < 0 ? label : label.substring(dot + 1);
            groups.computeIfAbsent(group, g -> new TreeMap<>()).put(rest, value);
        });
        return groups;
    }

    static String toJson(final String name, final boolean running, final CounterSnapshot snapshot)
    {
        final Map<String, Map<String, Long>> groups = groups(snapshot);
        final Map<String, Map<String, Long>> ports = new TreeMap<>();
        groups.getOrDefault("port", Map.of()).forEach((key, value) ->
        {
            final int dot = key.lastIndexOf('.'); // a sub-interface's name has a dot (p0.100): the counter's has none
            ports.computeIfAbsent(key.substring(0, dot), p -> new TreeMap<>()).put(key.substring(dot + 1), value);
        });
        final StringBuilder sb = new StringBuilder(1024);
        sb.append("{\"name\":").append(Json.quote(name))
            .append(",\"running\":").append(running)
            .append(",\"pid\":").append(snapshot.pid())
            .append(",\"started_ms\":").append(snapshot.startTimeMs())
            .append(",\"ports\":{");
        boolean firstPort = true;
        for (final Map.Entry<String, Map<String, Long>> port : ports.entrySet())
        {
            sb.append(firstPort ? "" : ",").append(Json.quote(port.getKey())).append(":{");
            firstPort = false;
            boolean first = true;
            for (final Map.Entry<String, Long> counter : port.getValue().entrySet())
            {
                sb.append(first ? "" : ",").append(Json.quote(counter.getKey())).append(':');
                if ("link".equals(counter.getKey()))
                {
                    sb.append(Json.quote(counter.getValue() != 0 ? "up" : "down"));
                }
                else
                {
                    sb.append(counter.getValue());
                }
                first = false;
            }
            sb.append('}');
        }
        sb.append("},\"drops\":");
        Json.appendCounts(sb, groups.getOrDefault("drop", Map.of()));
        sb.append(",\"counters\":");
        Json.appendCounts(sb, groups.getOrDefault("dp", Map.of()));
        sb.append('}');
        return sb.toString();
    }

    static String toText(final String name, final boolean running, final CounterSnapshot snapshot)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("router ").append(name).append(running ? " (running, pid " : " (NOT running, last pid ")
            .append(snapshot.pid()).append(")\n");
        final Map<String, Map<String, Long>> groups = groups(snapshot);
        groups.forEach((group, values) ->
        {
            sb.append(group).append(":\n");
            values.forEach((key, value) ->
            {
                if ("drop".equals(group) && value == 0)
                {
                    return; // a drop reason that never happened is noise in the text view (JSON lists all)
                }
                sb.append(String.format("  %-32s %,d%n", key, value));
            });
        });
        return sb.toString().stripTrailing();
    }
}
