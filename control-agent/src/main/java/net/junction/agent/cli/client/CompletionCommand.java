/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code junction completion bash}: picocli's bash completion script for every client command,
 * bound to {@code junction} and {@code ./junction}. The launcher's {@code setup} installs it.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Print the bash completion script.", "Use: source <(junction completion bash)"})
final class CompletionCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", defaultValue = "bash", completionCandidates = Shells.class,
        description = "Only bash.")
    String shell;

    @Override
    public Integer call()
    {
        if (!"bash".equals(shell))
        {
            throw new CliFailure(CliFailure.USAGE, "completion: only bash is supported, not " + shell);
        }
        final JunctionCli cli = (JunctionCli)spec.root().userObject();
        final String script = AutoComplete.bash("junction", spec.root().commandLine());
        cli.raw(script);
        // The launcher is run as ./junction from a checkout: complete that word too.
        cli.raw("complete -F _complete_junction -o default ./junction");
        return JunctionCli.OK;
    }

    static final class Shells extends java.util.ArrayList<String>
    {
        Shells()
        {
            super(java.util.List.of("bash"));
        }
    }
}
