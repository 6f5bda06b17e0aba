/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code dpdk:} section: how the EAL is started.
 *
 * @param memoryMb  EAL {@code -m}, megabytes of memory, {@value #MIN_MEMORY_MB}..{@value #MAX_MEMORY_MB}.
 * @param hugepages when false the EAL runs with {@code --no-huge}.
 * @param extraArgs appended to the EAL arguments verbatim.
 * @param mbufs     packet buffers in the pool, {@value #MIN_MBUFS}..{@value #MAX_MBUFS}, or
 *                  {@value #AUTO_MBUFS} to size it from the ports' queues.
 * @param poll      how the workers wait while their ports are quiet.
 */
public record DpdkConfig(int memoryMb, boolean hugepages, List<String> extraArgs, int mbufs, Poll poll)
{
    /** {@code poll:}, how a worker waits when a duty cycle found no packet. */
    public enum Poll
    {
        /** Spin while traffic is recent, then sleep up to 100 us at a time: a quiet router idles. */
        ADAPTIVE("adaptive"),
        /** Always spin: the lowest latency, one CPU per worker at 100% whatever the traffic. */
        BUSY("busy");

        private final String text;

        Poll(final String text)
        {
            this.text = text;
        }

        /** @return as written in the config. */
        public String text()
        {
            return text;
        }

        /** @return the mode written so, if any. */
        public static Optional<Poll> of(final String text)
        {
            for (final Poll poll : values())
            {
                if (poll.text.equals(text))
                {
                    return Optional.of(poll);
                }
            }
            return Optional.empty();
        }
    }

    public static final Poll DEFAULT_POLL = Poll.ADAPTIVE;

    /** {@link #mbufs}: size the pool from the ports' queues. */
    public static final int AUTO_MBUFS = 0;
    public static final int MIN_MBUFS = 1024;
    public static final int MAX_MBUFS = 1 << 24;

    public static final int DEFAULT_MEMORY_MB = 512;
    public static final int MIN_MEMORY_MB = 64;
    public static final int MAX_MEMORY_MB = 65536;
    public static final boolean DEFAULT_HUGEPAGES = false;

    /** The section when the file leaves it out. */
    public static final DpdkConfig DEFAULTS = new DpdkConfig(DEFAULT_MEMORY_MB, DEFAULT_HUGEPAGES, List.of());

    /** With an automatically sized mbuf pool. */
    public DpdkConfig(final int memoryMb, final boolean hugepages, final List<String> extraArgs)
    {
        this(memoryMb, hugepages, extraArgs, AUTO_MBUFS);
    }

    /** Workers polling adaptively. */
    public DpdkConfig(final int memoryMb, final boolean hugepages, final List<String> extraArgs, final int mbufs)
    {
        this(memoryMb, hugepages, extraArgs, mbufs, DEFAULT_POLL);
    }

    public DpdkConfig
    {
        extraArgs = List.copyOf(Objects.requireNonNull(extraArgs, "extraArgs"));
        Objects.requireNonNull(poll, "poll");
    }

    /**
     * @return such as {@code memory 512 MB, hugepages off, extra args [--log-level=8]}.
     */
    public String describe()
    {
        return "memory " + memoryMb + " MB, hugepages " + (hugepages ? "on" : "off") +
            (AUTO_MBUFS == mbufs ? "" : ", " + mbufs + " mbufs") +
            (DEFAULT_POLL == poll ? "" : ", poll " + poll.text()) +
            (extraArgs.isEmpty() ? "" : ", extra args " + extraArgs);
    }
}
