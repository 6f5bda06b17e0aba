/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rpki;

import net.junction.bgp.transport.EventLoop;
import net.junction.bgp.transport.NanoClock;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.routing.Ip4Address;
import net.junction.routing.IpPrefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RTR client's state machine against an in-process cache ({@link FakeCache}), through the validator that
 * owns it: every PDU the router sends is checked, and what it makes of every answer.
 */
class RpkiValidatorTest
{
    private static final IpPrefix P16 = IpPrefix.parse("198.18.0.0/16");
    private static final IpPrefix P24 = IpPrefix.parse("198.18.7.0/24");
    private static final Vrp A = new Vrp(P16, 24, 65001);
    private static final Vrp B = new Vrp(IpPrefix.parse("2001:db8::/32"), 48, 65002);
    private static final Vrp C = new Vrp(P24, 24, 65003);

    private final EventLoop loop = new EventLoop("rpki-test", NanoClock.SYSTEM);
    private final ConcurrentLinkedQueue<Set<IpPrefix>> changes = new ConcurrentLinkedQueue<>();
    private final RpkiValidator validator = new RpkiValidator(loop, changes::add);

    @AfterEach
    void tearDown()
    {
        loop.close();
    }

    private static RpkiConfig.Cache cache(final FakeCache fake, final int preference, final int expire)
    {
        return new RpkiConfig.Cache(new Ip4Address(0x7F000001), fake.port(), preference, OptionalInt.empty(),
            OptionalInt.of(1), expire > 0 ? OptionalInt.of(expire) : OptionalInt.empty());
    }

    private void configure(final RpkiConfig.Cache... caches)
    {
        loop.execute(() -> validator.configure(new RpkiConfig(List.of(caches))));
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private ValidationState state(final IpPrefix prefix, final int origin)
    {
        return validator.table().validate(prefix, PathAttribute.AsPath.sequence(65000, origin));
    }

    /** Reset Query, Cache Response, the data, End of Data: the table holds it. */
    private void reset(final FakeCache fake, final int session, final int serial, final Vrp... vrps) throws Exception
    {
        fake.accept();
        assertEquals(new RtrPdu.ResetQuery(1), fake.receive());
        fake.send(new RtrPdu.CacheResponse(1, session));
        for (final Vrp v : vrps)
        {
            fake.send(new RtrPdu.Prefix(1, true, v));
        }
        fake.send(new RtrPdu.EndOfData(1, session, serial, 3600, 600, 7200));
    }

    @Test
    void shouldLoadTheCacheDataAndFollowItsSerials() throws Exception
    {
        loop.start();
        try (FakeCache fake = new FakeCache())
        {
            configure(cache(fake, 1, 0));
            reset(fake, 77, 10, A, B);
            await("the data", () -> validator.status().vrps4() == 1 && validator.status().vrps6() == 1);
            assertEquals(ValidationState.VALID, state(P24, 65001));
            assertEquals(ValidationState.INVALID, state(P24, 65003));
            assertTrue(changes.stream().anyMatch(c -> c.contains(P16)));

            // Serial Notify: the router asks for what changed since its serial; the changes apply at End of Data.
            fake.send(new RtrPdu.SerialNotify(1, 77, 11));
            assertEquals(new RtrPdu.SerialQuery(1, 77, 10), fake.receive());
            fake.send(new RtrPdu.CacheResponse(1, 77), new RtrPdu.Prefix(1, true, C), new RtrPdu.Prefix(1, false, A));
            Thread.sleep(50);
            assertEquals(ValidationState.VALID, state(P24, 65001), "nothing applies before End of Data");
            fake.send(new RtrPdu.EndOfData(1, 77, 11, 3600, 600, 7200));
            await("the update", () -> state(P24, 65003) == ValidationState.VALID &&
                validator.status().caches().getFirst().serial() == 11); // the status follows the table
            assertEquals(ValidationState.NOT_FOUND, state(IpPrefix.parse("198.18.8.0/24"), 65001));
            final RpkiValidator.CacheStatus s = validator.status().caches().getFirst();
            assertEquals("synced", s.state());
            assertEquals(11, s.serial());
            assertEquals(1, s.resets());
            assertEquals(1, s.serialUpdates());
            assertTrue(s.selected());

            // Cache Reset answers a Serial Query: the router resets, and the data is replaced by the difference.
            fake.send(new RtrPdu.SerialNotify(1, 77, 12));
            assertEquals(new RtrPdu.SerialQuery(1, 77, 11), fake.receive());
            fake.send(new RtrPdu.CacheReset(1));
            assertEquals(new RtrPdu.ResetQuery(1), fake.receive());
            fake.send(new RtrPdu.CacheResponse(1, 78), new RtrPdu.Prefix(1, true, A),
                new RtrPdu.EndOfData(1, 78, 1, 3600, 600, 7200));
            await("the reset", () -> state(P24, 65003) == ValidationState.INVALID);
            assertEquals(ValidationState.VALID, state(P24, 65001));
            assertEquals(0, validator.table().size6());
        }
    }

    @Test
    void shouldAnswerABadUpdateWithAnErrorReportAndKeepTheData() throws Exception
    {
        loop.start();
        try (FakeCache fake = new FakeCache())
        {
            configure(cache(fake, 1, 0));
            reset(fake, 5, 1, A);
            await("the data", () -> validator.status().vrps4() == 1);
            fake.send(new RtrPdu.SerialNotify(1, 5, 2));
            assertEquals(new RtrPdu.SerialQuery(1, 5, 1), fake.receive());
            fake.send(new RtrPdu.CacheResponse(1, 5), new RtrPdu.Prefix(1, true, C), new RtrPdu.Prefix(1, true, A));
            final RtrPdu.ErrorReport report = assertInstanceOf(RtrPdu.ErrorReport.class, fake.receive());
            assertEquals(RtrCodec.ERROR_DUPLICATE_ANNOUNCEMENT, report.errorCode());
            assertTrue(fake.closedByRouter());
            assertEquals(ValidationState.NOT_FOUND, state(IpPrefix.parse("198.17.0.0/24"), 65003));
            assertEquals(ValidationState.INVALID, state(P24, 65003), "C of the refused update is not used");
            assertEquals(1, validator.status().vrps4());

            // After retry (1 s) the router comes back with the serial it holds.
            fake.accept();
            assertEquals(new RtrPdu.SerialQuery(1, 5, 1), fake.receive());
            // Bytes that are no PDU: Corrupt Data, the bad PDU sent back.
            fake.sendBytes(new byte[]{1, 4, 0, 0, 0, 0, 0, 20, 1, 33, 33, 0, 1, 2, 3, 4, 0, 0, 0, 1});
            final RtrPdu.ErrorReport corrupt = assertInstanceOf(RtrPdu.ErrorReport.class, fake.receive());
            assertEquals(RtrCodec.ERROR_CORRUPT_DATA, corrupt.errorCode());
            assertEquals(20, corrupt.erroneousPdu().length);
            assertTrue(fake.closedByRouter());
            await("the error in the status", () -> validator.status().caches().getFirst().lastError().contains("Corrupt Data"));
        }
    }

    @Test
    void shouldFallBackToVersionZero() throws Exception
    {
        loop.start();
        try (FakeCache fake = new FakeCache())
        {
            configure(cache(fake, 1, 0));
            fake.accept();
            assertEquals(new RtrPdu.ResetQuery(1), fake.receive());
            // A version-0 cache (RFC 6810) refuses version 1 (RFC 8210 §7).
            fake.send(new RtrPdu.ErrorReport(0, RtrCodec.ERROR_UNSUPPORTED_PROTOCOL_VERSION, RtrCodec.encode(new RtrPdu.ResetQuery(1)), ""));
            fake.accept();
            assertEquals(new RtrPdu.ResetQuery(0), fake.receive());
            fake.send(new RtrPdu.CacheResponse(0, 9), new RtrPdu.Prefix(0, true, A), new RtrPdu.EndOfData(0, 9, 1, -1, -1, -1));
            await("the data", () -> validator.status().vrps4() == 1);
            assertEquals(0, validator.status().caches().getFirst().version());
            // Once version 0 is in use, a version-1 PDU is an error.
            fake.send(new RtrPdu.SerialNotify(1, 9, 2));
            final RtrPdu.ErrorReport report = assertInstanceOf(RtrPdu.ErrorReport.class, fake.receive());
            assertEquals(RtrCodec.ERROR_UNEXPECTED_PROTOCOL_VERSION, report.errorCode());
            assertEquals(0, report.version());
        }
    }

    @Test
    void shouldPreferTheLowerPreferenceAndDropExpiredData() throws Exception
    {
        loop.start();
        try (FakeCache first = new FakeCache(); FakeCache second = new FakeCache())
        {
            configure(cache(first, 1, 2), cache(second, 2, 0));
            reset(second, 2, 1, C);
            await("the second cache's data", () -> state(P24, 65003) == ValidationState.VALID);
            reset(first, 1, 1, A);
            await("the preferred cache's data", () -> state(P24, 65001) == ValidationState.VALID);
            assertEquals(ValidationState.INVALID, state(P24, 65003));
            await("the preferred cache selected", () -> validator.status().caches().getFirst().selected());
            // The preferred cache goes away: its data is used until it expires (2 s here), then the other's.
            first.disconnect();
            Thread.sleep(500);
            assertEquals(ValidationState.VALID, state(P24, 65001));
            await("the expiry", () -> state(P24, 65003) == ValidationState.VALID);
            assertEquals(ValidationState.INVALID, state(P24, 65001));
            await("the other cache selected", () -> validator.status().caches().get(1).selected());
            // With no cache at all, every route is not-found.
            loop.execute(() -> validator.configure(RpkiConfig.NONE));
            await("no data", () -> state(P24, 65003) == ValidationState.NOT_FOUND);
            assertEquals(0, validator.table().size4());
        }
    }
}
