/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import net.junction.agent.JunctionVersion;

/**
 * The {@code junction} client commands, each a client of the router's HTTP API (docs/api.md):
 * {@code show}, {@code config}, {@code neighbor}, {@code token}, {@code mcp} (an MCP server over
 * stdio) and {@code completion}. Parsed by
 * picocli; the process commands ({@code run}, {@code status}, {@code validate}) stay in
 * {@code agent.Main}.
 * <p>
 * Output: human tables by default, the API's JSON as it came with {@code --json}. Exit codes:
 * {@value #OK} done, {@value CliFailure#FAILED} refused or failed (the RFC 9457 problem printed as
 * {@code junction: FIELD: message} lines on stderr), {@value CliFailure#USAGE} bad usage,
 * {@value CliFailure#NOT_RUNNING} no router answers.
 * <p>
 * Start-up matters (a show command answers in well under a second, launcher and JVM included):
 * this class and its commands load no class of the data plane, Aeron or the BGP speaker.
 */
@Command(name = "junction", mixinStandardHelpOptions = true, versionProvider = JunctionCli.Version.class,
    description = "Drive a running Junction router through its HTTP API.",
    footer = {"", "Process commands (launcher): junction run | status | validate | lab | test | bench | build."})
public final class JunctionCli implements Callable<Integer>
{
    static final int OK = 0;

    @Spec
    CommandSpec spec;

    @Option(names = "--name", scope = ScopeType.INHERIT, paramLabel = "NAME",
        description = "The router instance (its socket is /run/junction/NAME/api.sock). Default: the only one running.")
    String name;

    @Option(names = "--api", scope = ScopeType.INHERIT, paramLabel = "URL",
        description = "A remote router's API, https://HOST:PORT (default: $JUNCTION_API, else the local socket).")
    String api;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
        description = "Bearer token for --api (default: $JUNCTION_TOKEN).")
    String token;

    @Option(names = "--socket", scope = ScopeType.INHERIT, paramLabel = "PATH",
        description = "The API's UNIX socket, when it is not in /run/junction/NAME.")
    Path socket;

    @Option(names = "--cacert", scope = ScopeType.INHERIT, paramLabel = "PEM",
        description = "Trust these CA certificates for --api (default: the JDK's).")
    Path caCertificates;

    @Option(names = "--insecure", scope = ScopeType.INHERIT,
        description = "Accept any certificate and host name for --api (labs only).")
    boolean insecure;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the API's JSON as it came.")
    boolean json;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "SECONDS", defaultValue = "60",
        description = "Give up on an answer after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    /**
     * Where the command prints. Inside the router, a kept command line's root is bound to each
     * request's streams and API in turn ({@link #runInRouter}), by one request at a time.
     */
    private PrintStream out;
    private PrintStream err;
    private final Map<String, String> env;
    private final Path runRoot;
    /** Inside the router: the API without a connection; null in a client process. */
    private InProcessApi inProcess;

    JunctionCli(final PrintStream out, final Map<String, String> env, final Path runRoot)
    {
        this.out = out;
        this.env = env;
        this.runRoot = runRoot;
    }

    /** The launcher's entry for the client commands. */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /** @return the exit code of the client command in {@code args}. */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return run(args, out, err, System.getenv(), ApiEndpoint.RUN_ROOT);
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err, final Map<String, String> env,
        final Path runRoot)
    {
        final String group = group(args);
        final List<String> words = words(args);
        final CommandLine line = commandLine(new JunctionCli(out, env, runRoot), err, group,
            group != null && words.size() > 1 ? words.get(1) : null);
        final int code = line.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Runs a show command inside the router ({@code POST /v1/cli}, docs/cli.md "How show runs"): the
     * same command tree, parser and renderer as {@link #run}, its output written to {@code out} and
     * {@code err}, its requests made to {@code api} instead of a connection. The connection options
     * ({@code --socket}, {@code --name}, {@code --timeout}...) are parsed and checked as the client
     * parses them, and not used.
     * <p>
     * Thread-safe: picocli's objects are not, so each call takes a {@link CommandLine} no other call
     * holds, one kept from an earlier call (picocli's model is built once, by reflection, which
     * costs far more than the command itself: docs/cli.md "How show runs") or a new one. Its
     * options and parameters are reset by picocli before each parse, so nothing of one call's
     * command line reaches the next ({@code JunctionCliReuseTest}).
     *
     * @param ansi picocli's styles in usage and error messages on or off, as the client's terminal
     *             would have them ({@code Ansi.AUTO} in a client process).
     * @return the exit code.
     * @throws IllegalArgumentException when {@code args} is not a show command ({@link #isShow}).
     */
    public static int runInRouter(
        final String[] args, final PrintStream out, final PrintStream err, final boolean ansi, final InProcessApi api)
    {
        if (!isShow(args))
        {
            throw new IllegalArgumentException("not a show command: " + String.join(" ", args));
        }
        final String leaf = knownLeaf("show", words(args));
        final BlockingQueue<CommandLine> kept = ROUTER_LINES.computeIfAbsent(null == leaf ? ALL_LEAVES : leaf,
            k -> new ArrayBlockingQueue<>(ROUTER_LINES_KEPT));
        CommandLine line = kept.poll();
        if (null == line)
        {
            line = commandLine(new JunctionCli(null, Map.of(), ApiEndpoint.RUN_ROOT), null, "show", leaf);
        }
        final JunctionCli root = line.getCommand();
        root.out = out;
        root.err = err;
        root.inProcess = api;
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setColorScheme(ansi ? COLORS_ON : COLORS_OFF);
        boolean whole = false;
        try
        {
            final int code = line.execute(args);
            out.flush();
            err.flush();
            whole = true;
            return code;
        }
        finally
        {
            // A kept line holds on to nothing of this request (its output may be megabytes).
            root.out = null;
            root.err = null;
            root.inProcess = null;
            line.setOut(NOWHERE);
            line.setErr(NOWHERE);
            if (whole)
            {
                kept.offer(line); // dropped when ROUTER_LINES_KEPT are kept already
            }
        }
    }

    /**
     * Warms {@link #runInRouter} up in the background, on one daemon thread of minimum priority (a hint
     * only: Linux ignores Java's priorities): {@value #WARM_UP_ROUNDS} rounds of
     * {@link #WARM_UP_COMMANDS}, parsed, run and rendered against canned answers ({@link #WARM_UP_ANSWERS}), so the
     * router's first {@code POST /v1/cli} commands find picocli's models built and the code compiled
     * rather than interpreted. It calls nothing of the router. Once per JVM; the router calls it once its
     * API listens.
     */
    public static void warmUpInBackground()
    {
        if (WARMED.compareAndSet(false, true))
        {
            final Thread thread = Thread.ofPlatform().daemon().name("junction-cli-warm-up").unstarted(() -> warmUp(WARM_UP_ROUNDS));
            thread.setPriority(Thread.MIN_PRIORITY);
            thread.start();
        }
    }

    /** Runs each warm-up command line {@code rounds} times; @return how many printed what they should (exit 0). */
    static int warmUp(final int rounds)
    {
        final PrintStream nowhere = new PrintStream(java.io.OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        final InProcessApi canned = (method, pathAndQuery, body, contentType, headers) ->
        {
            final String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
            final String answer = WARM_UP_ANSWERS.get(path);
            return null == answer ?
                ApiResponse.of(404, "application/problem+json", "{\"status\":404,\"title\":\"not found\"}", null) :
                ApiResponse.of(200, "application/json", answer, null);
        };
        int ok = 0;
        for (int i = 0; i < rounds; i++)
        {
            for (final String[] command : WARM_UP_COMMANDS)
            {
                if (runInRouter(command, nowhere, nowhere, false, canned) == OK)
                {
                    ok++;
                }
            }
        }
        return ok;
    }

    /** 200 commands: ~1 s on the 2-core build machine, ~0.6 s of it the first round (class loading, the models). */
    static final int WARM_UP_ROUNDS = 50;

    /** The commands a monitoring loop runs most (docs/cli.md), human and JSON. */
    static final List<String[]> WARM_UP_COMMANDS = List.of(
        new String[] {"show", "route", "198.18.100.7"},
        new String[] {"show", "route", "2001:db8::1", "--json"},
        new String[] {"show", "neighbors"},
        new String[] {"show", "neighbors", "--json"});

    /** Answers of the shape the router gives, by path; no router is asked. */
    static final Map<String, String> WARM_UP_ANSWERS = Map.of(
        "/v1/routes/lookup", "{\"prefix\":\"198.18.0.0/15\",\"protocol\":\"bgp\",\"distance\":20," +
            "\"next_hops\":[{\"address\":\"192.0.2.1\",\"port\":\"p1\"}],\"bgp\":{\"neighbor\":\"transit1\"," +
            "\"as_path\":[64500,64501],\"origin\":\"igp\",\"local_pref\":100,\"next_hop\":\"192.0.2.1\"," +
            "\"communities\":[\"64500:1\"]}}",
        "/v1/bgp/neighbors", "[{\"name\":\"transit1\",\"address\":\"192.0.2.1\",\"remote_as\":64500," +
            "\"state\":\"established\",\"uptime_seconds\":60,\"prefixes_received\":{\"ipv4_unicast\":1}," +
            "\"prefixes_accepted\":{\"ipv4_unicast\":1},\"prefixes_advertised\":{\"ipv4_unicast\":0},\"flaps\":0}]");

    private static final AtomicBoolean WARMED = new AtomicBoolean();

    /**
     * Inside the router, command lines kept for reuse, by the show command they model (or
     * {@link #ALL_LEAVES}): at most {@value #ROUTER_LINES_KEPT} of each, one per command running at once.
     */
    private static final Map<String, BlockingQueue<CommandLine>> ROUTER_LINES = new ConcurrentHashMap<>();
    static final int ROUTER_LINES_KEPT = 8;
    private static final String ALL_LEAVES = "*";
    private static final PrintWriter NOWHERE = new PrintWriter(java.io.Writer.nullWriter());
    private static final CommandLine.Help.ColorScheme COLORS_ON = CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.ON);
    private static final CommandLine.Help.ColorScheme COLORS_OFF = CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF);

    /** @return the command of {@code group} the second word names (name or alias), as its name; null for none. */
    private static String knownLeaf(final String group, final List<String> words)
    {
        if (words.size() < 2)
        {
            return null;
        }
        for (final Class<?> c : LEAVES.get(group))
        {
            if (names(c).contains(words.get(1)))
            {
                return names(c).getFirst();
            }
        }
        return null;
    }

    /**
     * @return whether {@code args} name a {@code show} command (global options anywhere), the only
     *         group that reads nothing but the API and changes nothing: what {@link #runInRouter} runs.
     */
    public static boolean isShow(final String[] args)
    {
        return "show".equals(group(args));
    }

    /**
     * The command groups, in the order help lists them, and their commands. Only the group and the
     * command a line names are modelled (picocli reflects over every command it is given and
     * inherits the global options into each; its Java 5 classes cannot be AOT-cached): all of them
     * only for help, completion or a name that matches none.
     */
    private static final Map<String, Supplier<Object>> GROUPS = new LinkedHashMap<>();
    private static final Map<String, Class<?>[]> LEAVES = new LinkedHashMap<>();

    static
    {
        GROUPS.put("show", ShowCommands::new);
        LEAVES.put("show", ShowCommands.LEAVES);
        GROUPS.put("config", ConfigCommands::new);
        LEAVES.put("config", ConfigCommands.LEAVES);
        GROUPS.put("neighbor", NeighborCommands::new);
        LEAVES.put("neighbor", NeighborCommands.LEAVES);
        GROUPS.put("mrt", MrtCommands::new);
        LEAVES.put("mrt", MrtCommands.LEAVES);
        GROUPS.put("token", TokenCommands::new);
        LEAVES.put("token", TokenCommands.LEAVES);
        GROUPS.put("mcp", McpCommand::new);
        LEAVES.put("mcp", new Class<?>[0]);
        GROUPS.put("completion", CompletionCommand::new);
        LEAVES.put("completion", new Class<?>[0]);
    }

    /** Global options that take a value: their value is never a command's name. */
    private static final Set<String> VALUED = Set.of("--name", "--api", "--token", "--socket", "--cacert", "--timeout");

    /** @return the group the arguments name, or null when they name none (help, a typo) or want all (completion). */
    static String group(final String[] args)
    {
        final List<String> words = words(args);
        return words.isEmpty() || !GROUPS.containsKey(words.getFirst()) || "completion".equals(words.getFirst()) ? null :
            words.getFirst();
    }

    /** @return the words of a command line that are not options nor global options' values. */
    private static List<String> words(final String[] args)
    {
        final List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            if (VALUED.contains(args[i]))
            {
                i++;
            }
            else if (!args[i].startsWith("-"))
            {
                words.add(args[i]);
            }
        }
        return words;
    }

    /**
     * @param group the only group to model, or null for all of them.
     */
    static CommandLine commandLine(final PrintStream out, final PrintStream err, final Map<String, String> env,
        final Path runRoot, final String group)
    {
        return commandLine(out, err, env, runRoot, group, null);
    }

    /**
     * @param group the only group to model, or null for all of them.
     * @param leaf  the only command of that group to model, or null for all of them.
     */
    static CommandLine commandLine(final PrintStream out, final PrintStream err, final Map<String, String> env,
        final Path runRoot, final String group, final String leaf)
    {
        return commandLine(new JunctionCli(out, env, runRoot), err, group, leaf);
    }

    /** @param err where it prints, or null to bind later (inside the router: {@link #runInRouter}). */
    private static CommandLine commandLine(final JunctionCli root, final PrintStream err, final String group, final String leaf)
    {
        root.err = err;
        final PrintStream out = root.out;
        final CommandLine line = new CommandLine(root);
        GROUPS.forEach((name, command) ->
        {
            if (group == null || group.equals(name))
            {
                final CommandLine groupLine = new CommandLine(command.get());
                final Class<?>[] leaves = LEAVES.get(name);
                final boolean known = leaf != null && java.util.Arrays.stream(leaves).anyMatch(c -> names(c).contains(leaf));
                for (final Class<?> c : leaves)
                {
                    if (!known || names(c).contains(leaf))
                    {
                        groupLine.addSubcommand(names(c).getFirst(), instance(c));
                    }
                }
                line.addSubcommand(name, groupLine);
            }
        });
        if (null != out)
        {
            line.setOut(new PrintWriter(out, true));
            line.setErr(new PrintWriter(err, true));
        }
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setExecutionExceptionHandler((ex, cmd, parsed) ->
        {
            if (ex instanceof CliFailure failure)
            {
                failure.lines().forEach(root.err::println);
                return failure.exitCode();
            }
            root.err.println("junction: " + ex);
            return CliFailure.FAILED;
        });
        return line;
    }

    /** @return a command's name, then its aliases. */
    private static List<String> names(final Class<?> command)
    {
        final Command annotation = command.getAnnotation(Command.class);
        final List<String> names = new java.util.ArrayList<>();
        names.add(annotation.name());
        names.addAll(List.of(annotation.aliases()));
        return names;
    }

    private static Object instance(final Class<?> command)
    {
        try
        {
            final java.lang.reflect.Constructor<?> constructor = command.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("cannot make " + command.getName(), ex);
        }
    }

    @Override
    public Integer call()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
        return CliFailure.USAGE;
    }

    /** Opens a client to the router the options name; inside the router, one without a connection. */
    ApiClient connect()
    {
        if (null != inProcess)
        {
            return new ApiClient(inProcess);
        }
        final ApiEndpoint endpoint = ApiEndpoint.resolve(name, api, token, socket, env, runRoot);
        return new ApiClient(endpoint, timeoutSeconds, caCertificates, insecure);
    }

    /**
     * Prints an answer: its body as is with {@code --json}, else what {@code human} makes of it.
     *
     * @return {@link #OK}.
     * @throws CliFailure exit 1 for a refusal or failure.
     */
    int print(final ApiResponse response, final Function<JsonNode, String> human)
    {
        final JsonNode body = expect(response);
        if (json)
        {
            raw(response.body());
        }
        else
        {
            out.print(human.apply(body));
        }
        return OK;
    }

    /**
     * @return the answer's JSON, or null for an empty body.
     * @throws CliFailure exit 1 when it is not a 2xx answer: the problem's lines, or with {@code --json}
     *                    the problem itself on stdout.
     */
    JsonNode expect(final ApiResponse response)
    {
        if (!response.ok())
        {
            if (json && !response.body().isBlank())
            {
                raw(response.body());
                throw new CliFailure(CliFailure.FAILED, List.of());
            }
            throw new CliFailure(CliFailure.FAILED, ProblemLines.of(response));
        }
        return response.body().isBlank() ? null : Json.parse(response.body());
    }

    /** Prints text as it is, ending it with a newline. */
    void raw(final String text)
    {
        out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
    }

    /** Prints a line of human output (nothing with {@code --json}). */
    void say(final String line)
    {
        if (!json)
        {
            out.println(line);
        }
    }

    boolean json()
    {
        return json;
    }

    PrintStream out()
    {
        return out;
    }

    /** @return a path segment, percent-encoded. */
    static String segment(final String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** @return {@code ?k=v&...} of the pairs whose value is not null, or empty. */
    static String query(final Object... pairs)
    {
        final StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        for (int i = 0; i + 1 < pairs.length; i += 2)
        {
            if (pairs[i + 1] != null)
            {
                q.add(pairs[i] + "=" + URLEncoder.encode(pairs[i + 1].toString(), StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }

    /** A leaf command: opens a client, runs, closes it. */
    abstract static class ClientCommand implements Callable<Integer>
    {
        @Spec
        CommandSpec spec;

        @Override
        public final Integer call()
        {
            final JunctionCli cli = (JunctionCli)spec.root().userObject();
            try (ApiClient api = cli.connect())
            {
                return run(api, cli);
            }
        }

        abstract int run(ApiClient api, JunctionCli cli);
    }

    /** A command that only groups others: alone, it prints its usage and exits 2. */
    abstract static class GroupCommand implements Callable<Integer>
    {
        @Spec
        CommandSpec spec;

        @Override
        public final Integer call()
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: one of " +
                String.join(", ", spec.subcommands().keySet()));
        }
    }

    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            return new String[] {"junction " + JunctionVersion.get()};
        }
    }
}
