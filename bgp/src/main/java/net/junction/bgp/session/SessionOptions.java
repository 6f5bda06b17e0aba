/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.transport.NanoClock;

import java.util.Objects;

/**
 * Tunables of the session layer, with their defaults in {@link #DEFAULT}.
 *
 * @param clock                 time source of the timers ({@link NanoClock#SYSTEM}).
 * @param peerPort              TCP port connected to on neighbors ({@link BgpConfig#BGP_PORT}; tests use others).
 * @param sendHighWaterBytes    a session is congested above this many queued octets (256 KiB).
 * @param sendLowWaterBytes     a congested session calls its writable task below this (64 KiB).
 * @param restart               this speaker's own restart: the R and F bits of its graceful restart capability
 *                              and its route selection deferral ({@link LocalRestart#NONE}: a fresh start).
 * @param stalePathTimeSeconds  after a restarted peer is back, how long its stale routes wait for its
 *                              End-of-RIB before they are flushed anyway (360, FRR's stalepath-time).
 */
public record SessionOptions(
    NanoClock clock,
    int peerPort,
    long sendHighWaterBytes,
    long sendLowWaterBytes,
    LocalRestart restart,
    int stalePathTimeSeconds)
{
    /** The defaults. */
    public static final SessionOptions DEFAULT =
        new SessionOptions(NanoClock.SYSTEM, BgpConfig.BGP_PORT, 256 * 1024, 64 * 1024, LocalRestart.NONE, 360);

    public SessionOptions
    {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(restart, "restart");
        if (peerPort < 1 || peerPort > 65535)
        {
            throw new IllegalArgumentException("peer port must be 1..65535: " + peerPort);
        }
        if (sendLowWaterBytes < 0 || sendLowWaterBytes > sendHighWaterBytes)
        {
            throw new IllegalArgumentException("water marks must be 0 <= low <= high");
        }
    }

    /**
     * @param clock time source.
     * @return a copy with that clock.
     */
    public SessionOptions withClock(final NanoClock clock)
    {
        return new SessionOptions(clock, peerPort, sendHighWaterBytes, sendLowWaterBytes, restart,
            stalePathTimeSeconds);
    }

    /**
     * @param port TCP port of the neighbors.
     * @return a copy with that port.
     */
    public SessionOptions withPeerPort(final int port)
    {
        return new SessionOptions(clock, port, sendHighWaterBytes, sendLowWaterBytes, restart,
            stalePathTimeSeconds);
    }

    /**
     * @param high congested above.
     * @param low  writable below.
     * @return a copy with those water marks.
     */
    public SessionOptions withWaterMarks(final long high, final long low)
    {
        return new SessionOptions(clock, peerPort, high, low, restart, stalePathTimeSeconds);
    }

    /**
     * @param localRestart this speaker's own restart.
     * @return a copy.
     */
    public SessionOptions withRestart(final LocalRestart localRestart)
    {
        return new SessionOptions(clock, peerPort, sendHighWaterBytes, sendLowWaterBytes, localRestart,
            stalePathTimeSeconds);
    }
}
