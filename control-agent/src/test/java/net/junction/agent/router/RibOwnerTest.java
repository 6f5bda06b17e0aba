/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import net.junction.routing.InterfaceAddress;
import net.junction.routing.fib.ReferenceFib;
import net.junction.routing.rib.Rib;
import org.junit.jupiter.api.Test;

class RibOwnerTest
{
    @Test
    void shouldRunCommandsOnTheOwnersThreadAndAnswer()
    {
        try (RibOwner owner = RibOwner.ownThread(new Rib(new ReferenceFib(16))))
        {
            assertEquals("junction-rib", owner.call(rib -> Thread.currentThread().getName()));
            assertEquals(Boolean.TRUE, owner.call(rib -> rib.addInterfaceAddress(0, InterfaceAddress.parse("198.18.1.1/24"))));
            assertEquals(2, owner.call(Rib::installedCount));
            final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> owner.call(rib -> rib.addInterfaceAddress(1, InterfaceAddress.parse("198.18.1.2/24"))));
            assertTrue(thrown.getMessage().contains("already connected"), thrown.getMessage());
        }
    }

    @Test
    void shouldNeverRunACommandItGaveUpOn() throws Exception
    {
        final ExecutorService busy = Executors.newSingleThreadExecutor();
        final CountDownLatch release = new CountDownLatch(1);
        busy.execute(() ->
        {
            try
            {
                release.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        final AtomicBoolean ran = new AtomicBoolean();
        try (RibOwner owner = RibOwner.through(new Rib(new ReferenceFib(16)), busy))
        {
            final IllegalStateException late = assertThrows(IllegalStateException.class, () -> owner.call(rib ->
            {
                ran.set(true);
                return null;
            }, 50));
            assertTrue(late.getMessage().contains("it was not run"), late.getMessage());
            release.countDown();
            busy.shutdown();
            assertTrue(busy.awaitTermination(5, TimeUnit.SECONDS));
            assertFalse(ran.get(), "a command the caller gave up on must not change the RIB later");
        }
    }
}
