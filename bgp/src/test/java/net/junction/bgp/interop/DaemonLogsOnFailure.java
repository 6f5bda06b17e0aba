/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints the tail of the logs of every daemon a failed test started (stopped ones included: a
 * try-with-resources has closed them by the time the failure leaves the test), then rethrows.
 * Use with {@code @ExtendWith(DaemonLogsOnFailure.class)} on an interop IT.
 */
public final class DaemonLogsOnFailure implements BeforeEachCallback, TestExecutionExceptionHandler
{
    @Override
    public void beforeEach(final ExtensionContext context)
    {
        PeerDaemon.STARTED.clear();
    }

    @Override
    public void handleTestExecutionException(final ExtensionContext context, final Throwable throwable) throws Throwable
    {
        if (!PeerDaemon.STARTED.isEmpty())
        {
            final StringBuilder sb = new StringBuilder("==== daemon logs of failed test " + context.getDisplayName() + "\n");
            for (final PeerDaemon daemon : PeerDaemon.STARTED)
            {
                sb.append(daemon.logTail(40));
            }
            System.err.print(sb);
        }
        throw throwable;
    }
}
