package net.junction.agent.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import net.junction.agent.config.ConfigException;
import net.junction.agent.config.ConfigLoader;
import net.junction.agent.config.JunctionConfig;

/**
 * {@code junction validate --config FILE}: checks a config without starting anything, printing
 * every problem with its field path.
 */
public final class ValidateCommand
{
    private ValidateCommand()
    {
    }

    /** Parses {@code --config FILE} out of the arguments; null (and a message on err) when absent. */
    static Path configArgument(final String command, final List<String> args, final PrintStream err)
    {
        Path config = null;
        for (int i = 0; i < args.size(); i++)
        {
            if ("--config".equals(args.get(i)) && i + 1 < args.size())
            {
                config = Path.of(args.get(++i));
            }
            else
            {
                err.println("junction " + command + ": unknown argument '" + args.get(i) + "' (usage: " + command + " --config FILE)");
                return null;
            }
        }
        if (config == null)
        {
            err.println("junction " + command + ": --config FILE is required");
        }
        return config;
    }

    public static int run(final List<String> args, final PrintStream out, final PrintStream err)
    {
        final Path file = configArgument("validate", args, err);
        if (file == null)
        {
            return 2;
        }
        try
        {
            final JunctionConfig config = ConfigLoader.load(file);
            out.println("junction: " + file + " is valid: router '" + config.name() + "', " + config.ports().size() +
                " ports, " + config.routes().size() + " static routes, " + config.cores().size() + " workers");
            return 0;
        }
        catch (final ConfigException ex)
        {
            err.println("junction: " + file + " is invalid:");
            err.println(ex.getMessage());
            return 2;
        }
    }
}
