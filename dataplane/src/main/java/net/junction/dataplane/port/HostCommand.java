package net.junction.dataplane.port;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host command the control path needs (ip, sysctl, nft) and says why it failed, if it did.
 * Bounded: a command that does not finish in {@link #TIMEOUT_SECONDS} counts as failed.
 */
final class HostCommand
{
    static final long TIMEOUT_SECONDS = 10;

    private HostCommand()
    {
    }

    /** @return null when the command ran and exited 0, else why not (its output included). */
    static String failure(final String... command)
    {
        final String line = String.join(" ", command);
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes()).trim();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                return "'" + line + "' did not finish in " + TIMEOUT_SECONDS + " s";
            }
            return process.exitValue() == 0 ? null : "'" + line + "' failed: " + output;
        }
        catch (final IOException ex)
        {
            return "cannot run '" + line + "': " + ex.getMessage();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "interrupted running '" + line + "'";
        }
    }
}
