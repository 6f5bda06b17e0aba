/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Tells systemd how a plane started by a {@code Type=notify} unit is doing ({@code sd_notify(3)}): {@code READY=1}
 * once it serves, {@code STATUS=} a line {@code systemctl status} shows, {@code STOPPING=1} when it stops. So a unit
 * ordered after {@code junction-dataplane@NAME} (its control plane, a health check) starts once the data plane
 * forwards rather than when its JVM was exec'd.
 * <p>
 * The protocol: one datagram of {@code KEY=VALUE} lines to the {@code AF_UNIX} socket named by
 * {@code $NOTIFY_SOCKET} (a path, or an abstract name when it starts with {@code @}). The JDK has no Unix datagram
 * channel, so the socket is made through the Foreign Function &amp; Memory API ({@code socket}, {@code sendto},
 * {@code close}). Without {@code NOTIFY_SOCKET} (a plane run by hand, by {@code junction run}, by a test) there is
 * nothing to tell and nothing is linked. A message that cannot be sent is reported and never stops the plane: a
 * router that forwards must not fail because its supervisor did not listen.
 */
@SuppressWarnings("restricted") // linking socket, sendto and close is what this class is for
public final class SystemdNotify
{
    /** The environment variable systemd sets for a {@code Type=notify} service. */
    public static final String SOCKET_VARIABLE = "NOTIFY_SOCKET";

    /** {@code <bits/socket.h>}: AF_UNIX. */
    static final int AF_UNIX = 1;
    /** {@code <bits/socket_type.h>}: SOCK_DGRAM | SOCK_CLOEXEC. */
    static final int SOCK_DGRAM_CLOEXEC = 2 | 0x80000;
    /** {@code <bits/socket.h>}: MSG_NOSIGNAL. */
    static final int MSG_NOSIGNAL = 0x4000;
    /** {@code struct sockaddr_un}: sun_family (2 octets) and sun_path (108). */
    static final int SUN_PATH_OFFSET = 2;
    static final int SUN_PATH_SIZE = 108;

    private final String socket;

    private SystemdNotify(final String socket)
    {
        this.socket = socket;
    }

    /**
     * @return the notifier of the service this process runs as, or empty when it was not started by a
     * {@code Type=notify} unit ({@code NOTIFY_SOCKET} unset or empty).
     */
    public static Optional<SystemdNotify> fromEnvironment()
    {
        return of(System.getenv(SOCKET_VARIABLE));
    }

    /**
     * @param socket the value of {@code NOTIFY_SOCKET}: a path, or {@code @name} for an abstract socket.
     * @return its notifier, or empty when {@code socket} is null or empty.
     * @throws IllegalArgumentException if the name does not fit in a {@code sockaddr_un}.
     */
    static Optional<SystemdNotify> of(final String socket)
    {
        if (null == socket || socket.isEmpty())
        {
            return Optional.empty();
        }
        // A path needs its terminating NUL in sun_path; an abstract name has none.
        final int room = socket.startsWith("@") ? SUN_PATH_SIZE : SUN_PATH_SIZE - 1;
        if (socket.getBytes(StandardCharsets.UTF_8).length > room)
        {
            throw new IllegalArgumentException(SOCKET_VARIABLE + " '" + socket + "' is longer than a Unix socket address (" +
                room + " octets)");
        }
        return Optional.of(new SystemdNotify(socket));
    }

    /**
     * Sends one message: {@code KEY=VALUE} lines, such as {@code "READY=1\nSTATUS=forwarding"}.
     *
     * @throws IOException with the call and its errno when the socket could not be made or the datagram not sent.
     */
    public void send(final String state) throws IOException
    {
        Native.send(socket, state);
    }

    /**
     * Sends one message to the service manager of this process, if it has one ({@link #fromEnvironment}), and
     * reports a failure on {@code err} instead of throwing: for the planes, which go on either way.
     *
     * @return whether it was sent; false also when there is no {@code NOTIFY_SOCKET}.
     */
    public static boolean tell(final String state, final PrintStream err)
    {
        try
        {
            final Optional<SystemdNotify> notify = fromEnvironment();
            if (notify.isPresent())
            {
                notify.get().send(state);
                return true;
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("junction: could not tell systemd '" + state.replace('\n', ' ') + "': " + ex.getMessage());
        }
        return false;
    }

    /** The libc calls, linked on the first message only. */
    private static final class Native
    {
        private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
        private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        private static final MethodHandle SOCKET;
        private static final MethodHandle SENDTO;
        private static final MethodHandle CLOSE;

        static
        {
            final Linker linker = Linker.nativeLinker();
            final Linker.Option errno = Linker.Option.captureCallState("errno");
            SOCKET = linker.downcallHandle(linker.defaultLookup().find("socket").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT), errno);
            SENDTO = linker.downcallHandle(linker.defaultLookup().find("sendto").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), errno);
            CLOSE = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        }

        private Native()
        {
        }

        static void send(final String socket, final String state) throws IOException
        {
            final byte[] name = socket.getBytes(StandardCharsets.UTF_8);
            final byte[] message = state.getBytes(StandardCharsets.UTF_8);
            try (Arena arena = Arena.ofConfined())
            {
                final MemorySegment callState = arena.allocate(CALL_STATE);
                final MemorySegment address = arena.allocate(SUN_PATH_OFFSET + SUN_PATH_SIZE); // zeroed
                address.set(ValueLayout.JAVA_SHORT, 0, (short)AF_UNIX);
                MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, SUN_PATH_OFFSET, name.length);
                final boolean abstractName = name[0] == '@';
                if (abstractName)
                {
                    address.set(ValueLayout.JAVA_BYTE, SUN_PATH_OFFSET, (byte)0);
                }
                final int addressLength = SUN_PATH_OFFSET + name.length + (abstractName ? 0 : 1);
                final MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, message);

                final int fd = (int)SOCKET.invokeExact(callState, AF_UNIX, SOCK_DGRAM_CLOEXEC, 0);
                if (fd < 0)
                {
                    throw new IOException("socket(AF_UNIX, SOCK_DGRAM): errno " + (int)ERRNO.get(callState, 0L));
                }
                try
                {
                    final long sent = (long)SENDTO.invokeExact(callState, fd, buffer, (long)message.length, MSG_NOSIGNAL,
                        address, addressLength);
                    if (sent != message.length)
                    {
                        throw new IOException("sendto " + socket + ": " +
                            (sent < 0 ? "errno " + (int)ERRNO.get(callState, 0L) : sent + " of " + message.length + " octets"));
                    }
                }
                finally
                {
                    final int ignored = (int)CLOSE.invokeExact(fd);
                }
            }
            catch (final IOException ex)
            {
                throw ex;
            }
            catch (final Throwable t)
            {
                throw new IOException("sd_notify through " + socket + ": " + t, t);
            }
        }
    }
}
