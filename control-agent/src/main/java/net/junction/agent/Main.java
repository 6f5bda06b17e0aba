package net.junction.agent;

import java.util.Arrays;
import java.util.List;

import net.junction.agent.cli.CaptureCommand;
import net.junction.agent.cli.RunCommand;
import net.junction.agent.cli.StatusCommand;
import net.junction.agent.cli.ValidateCommand;
import net.junction.agent.cli.client.JunctionCli;

/**
 * The {@code junction} entry point: the process commands {@code run}, {@code status} and
 * {@code validate} here; every other command ({@code show}, {@code config}, {@code neighbor}, {@code mrt},
 * {@code token}, {@code completion}) is a client of a running router's API, parsed by
 * {@link JunctionCli} (the launcher calls that class directly, for a faster start). Exit codes:
 * 0 fine, 1 failed or refused, 2 bad usage or invalid config, 3 not running.
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
            System.err.println("       junction dataplane --config FILE | control --config FILE [--state-dir DIR] (the two planes as two processes)");
            System.err.println("       junction show | config | neighbor | mrt | token | completion ... (junction --help)");
            System.exit(2);
        }
        final List<String> rest = Arrays.asList(args).subList(1, args.length);
        final int code = switch (args[0])
        {
            case "run" -> RunCommand.run(rest, System.out, System.err);
            case "dataplane" -> RunCommand.run(RunCommand.Mode.DATAPLANE, rest, System.out, System.err);
            case "control" -> RunCommand.run(RunCommand.Mode.CONTROL, rest, System.out, System.err);
            case "status" -> StatusCommand.run(rest, System.out, System.err);
            case "capture" -> CaptureCommand.run(rest, System.out, System.err);
            case "validate" -> ValidateCommand.run(rest, System.out, System.err);
            default -> JunctionCli.run(args, System.out, System.err);
        };
        System.exit(code);
    }
}
