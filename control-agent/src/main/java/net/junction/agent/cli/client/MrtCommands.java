/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code junction mrt dump}: MRT (RFC 6396) files of the router's BGP tables. */
@Command(name = "mrt", mixinStandardHelpOptions = true, description = "MRT (RFC 6396) dumps of the BGP tables.")
final class MrtCommands extends JunctionCli.GroupCommand
{
    /** Its commands, in the order help lists them. */
    static final Class<?>[] LEAVES = {MrtCommands.Dump.class};

    @Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Write a TABLE_DUMP_V2 dump of the Loc-RIB, or of one neighbor's Adj-RIB-In, to a file",
            "(GET /v1/mrt/rib); bgpdump -m FILE reads it."})
    static final class Dump extends JunctionCli.ClientCommand
    {
        @Option(names = "--neighbor", paramLabel = "NAME", description = "That neighbor's Adj-RIB-In (default: the Loc-RIB).")
        String neighbor;

        @Option(names = "--table", paramLabel = "TABLE",
            description = "With --neighbor: accepted (after import policy, the default) or received (before it).")
        String table;

        @Option(names = {"-w", "--write"}, required = true, paramLabel = "FILE", description = "Where the dump goes.")
        Path file;

        @Option(names = "--force", description = "Replace FILE if it exists.")
        boolean force;

        @Option(names = "--gzip", description = "Gzip the dump (the router compresses it; bgpdump reads .gz).")
        boolean gzip;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            if (Files.exists(file) && !force)
            {
                throw new CliFailure(CliFailure.FAILED, "write: " + file + " exists; give --force to replace it");
            }
            final Path target = file.toAbsolutePath();
            final Path dir = target.getParent();
            if (!Files.isDirectory(dir))
            {
                throw new CliFailure(CliFailure.FAILED, "write: no folder " + dir);
            }
            final String path = "/v1/mrt/rib" + JunctionCli.query("neighbor", neighbor, "table", table,
                "gzip", gzip ? "true" : null);
            Path partial = null;
            try
            {
                // Written beside the file and renamed when whole: FILE is never a dump cut short.
                partial = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
                final ApiResponse response;
                try (OutputStream out = Files.newOutputStream(partial))
                {
                    response = api.download(path, out);
                }
                cli.expect(response);
                final long bytes = Files.size(partial);
                if (force)
                {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                else
                {
                    Files.move(partial, target);
                }
                partial = null;
                if (cli.json())
                {
                    final Map<String, Object> done = new LinkedHashMap<>();
                    done.put("file", target.toString());
                    done.put("bytes", bytes);
                    cli.raw(Json.object(done));
                }
                else
                {
                    cli.say("wrote " + target + " (" + bytes + " bytes)");
                }
                return JunctionCli.OK;
            }
            catch (final FileAlreadyExistsException ex)
            {
                throw new CliFailure(CliFailure.FAILED, "write: " + file + " exists; give --force to replace it");
            }
            catch (final IOException ex)
            {
                throw new CliFailure(CliFailure.FAILED, "write: cannot write " + file + ": " + ex);
            }
            finally
            {
                if (partial != null)
                {
                    try
                    {
                        Files.deleteIfExists(partial);
                    }
                    catch (final IOException ignored)
                    {
                        // a leftover .part file names itself
                    }
                }
            }
        }
    }
}
