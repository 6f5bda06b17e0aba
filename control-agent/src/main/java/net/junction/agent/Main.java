package net.junction.agent;

import java.util.Arrays;
import java.util.List;

import net.junction.agent.cli.RunCommand;
import net.junction.agent.cli.StatusCommand;
import net.junction.agent.cli.ValidateCommand;

/**
 * The {@code junction} entry point the launcher script calls: {@code run}, {@code status},
 * {@code validate}. Exit codes: 0 fine, 1 failed, 2 bad usage or invalid config, 3 not running.
 */
public final class Main
{
    private Main()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length == 0)
        {
            System.err.println("usage: junction run --config FILE [--state-dir DIR] | run --name NAME [--state-dir DIR] | status [--name NAME] [--json] | validate --config FILE");
            System.exit(2);
        }
        final List<String> rest = Arrays.asList(args).subList(1, args.length);
        final int code = switch (args[0])
        {
            case "run" -> RunCommand.run(rest, System.out, System.err);
            case "status" -> StatusCommand.run(rest, System.out, System.err);
            case "validate" -> ValidateCommand.run(rest, System.out, System.err);
            default ->
            {
                System.err.println("junction: unknown command '" + args[0] + "'");
                yield 2;
            }
        };
        System.exit(code);
    }
}
