/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.transport;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.channels.NetworkChannel;
import java.nio.charset.StandardCharsets;

/**
 * Socket options the JDK does not offer, set through the Foreign Function &amp; Memory API on the file
 * descriptor of a NIO channel: TCP MD5 signatures (RFC 2385, Linux {@code TCP_MD5SIG}) and the
 * Generalized TTL Security Mechanism (RFC 5082: {@code IP_TTL}/{@code IPV6_UNICAST_HOPS} 255 and
 * {@code IP_MINTTL}/{@code IPV6_MINHOPCOUNT}).
 * <p>
 * Both must be set before the connection exists: on the listening socket (MD5, one key per peer
 * address) and on a connecting socket before {@code connect()}. The descriptor comes from
 * {@code sun.nio.ch.SelChImpl.getFDVal()}, which needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}
 * (in the project's {@code junction.jvm.flags}). Linux only; the constants are from
 * {@code <linux/tcp.h>}, {@code <linux/in.h>}, {@code <linux/in6.h>}, checked by {@code TcpMd5SigLayoutTest}.
 */
@SuppressWarnings("restricted") // linking setsockopt and getsockopt is what this class is for
public final class TcpSockets
{
    /** {@code <netinet/in.h>}: IPPROTO_IP. */
    public static final int IPPROTO_IP = 0;
    /** {@code <netinet/in.h>}: IPPROTO_TCP. */
    public static final int IPPROTO_TCP = 6;
    /** {@code <netinet/in.h>}: IPPROTO_IPV6. */
    public static final int IPPROTO_IPV6 = 41;
    /** {@code <asm-generic/socket.h>}: SOL_SOCKET. */
    public static final int SOL_SOCKET = 1;
    /** {@code <asm-generic/socket.h>}: SO_DOMAIN, the socket's address family. */
    public static final int SO_DOMAIN = 39;
    /** {@code <linux/tcp.h>}: TCP_MD5SIG. */
    public static final int TCP_MD5SIG = 14;
    /** {@code <linux/tcp.h>}: TCP_MD5SIG_MAXKEYLEN. */
    public static final int TCP_MD5SIG_MAXKEYLEN = 80;
    /** {@code <linux/in.h>}: IP_TTL. */
    public static final int IP_TTL = 2;
    /** {@code <linux/in.h>}: IP_MINTTL. */
    public static final int IP_MINTTL = 21;
    /** {@code <linux/in6.h>}: IPV6_UNICAST_HOPS. */
    public static final int IPV6_UNICAST_HOPS = 16;
    /** {@code <linux/in6.h>}: IPV6_MINHOPCOUNT. */
    public static final int IPV6_MINHOPCOUNT = 73;
    /** {@code <bits/socket.h>}: AF_INET. */
    public static final int AF_INET = 2;
    /** {@code <bits/socket.h>}: AF_INET6. */
    public static final int AF_INET6 = 10;
    /** RFC 5082: the TTL a GTSM speaker sends with. */
    public static final int GTSM_TTL = 255;

    /** {@code struct __kernel_sockaddr_storage}: 128 octets, 8-aligned. */
    public static final int SOCKADDR_STORAGE_SIZE = 128;

    /**
     * {@code struct tcp_md5sig} of {@code <linux/tcp.h>}:
     * <pre>
     * +----------------------------------------------+
     * | tcpm_addr: sockaddr_storage (128)            |  sockaddr_in / sockaddr_in6 of the peer
     * +-----------+-------------+--------------------+
     * | flags (1) | prefixlen(1)| keylen (2, host)   |
     * +-----------+-------------+--------------------+
     * | ifindex (4, host)                            |
     * +----------------------------------------------+
     * | key (80)                                     |
     * +----------------------------------------------+
     * </pre>
     */
    public static final StructLayout TCP_MD5SIG_LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(SOCKADDR_STORAGE_SIZE / 8, ValueLayout.JAVA_LONG).withName("tcpm_addr"),
        ValueLayout.JAVA_BYTE.withName("tcpm_flags"),
        ValueLayout.JAVA_BYTE.withName("tcpm_prefixlen"),
        ValueLayout.JAVA_SHORT.withName("tcpm_keylen"),
        ValueLayout.JAVA_INT.withName("tcpm_ifindex"),
        MemoryLayout.sequenceLayout(TCP_MD5SIG_MAXKEYLEN, ValueLayout.JAVA_BYTE).withName("tcpm_key"));
    /** Offset of tcpm_flags. */
    public static final long TCPM_FLAGS_OFFSET = offset("tcpm_flags");
    /** Offset of tcpm_prefixlen. */
    public static final long TCPM_PREFIXLEN_OFFSET = offset("tcpm_prefixlen");
    /** Offset of tcpm_keylen. */
    public static final long TCPM_KEYLEN_OFFSET = offset("tcpm_keylen");
    /** Offset of tcpm_ifindex. */
    public static final long TCPM_IFINDEX_OFFSET = offset("tcpm_ifindex");
    /** Offset of tcpm_key. */
    public static final long TCPM_KEY_OFFSET = offset("tcpm_key");

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SETSOCKOPT;
    private static final MethodHandle GETSOCKOPT;
    private static final Method GET_FD_VAL;

    static
    {
        final Linker linker = Linker.nativeLinker();
        final Linker.Option errno = Linker.Option.captureCallState("errno");
        SETSOCKOPT = linker.downcallHandle(linker.defaultLookup().find("setsockopt").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), errno);
        GETSOCKOPT = linker.downcallHandle(linker.defaultLookup().find("getsockopt").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS), errno);
        Method m = null;
        try
        {
            m = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            m.setAccessible(true);
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            // Reported by fd() with the flag that is missing.
            m = null;
        }
        GET_FD_VAL = m;
    }

    private TcpSockets()
    {
    }

    private static long offset(final String field)
    {
        return TCP_MD5SIG_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    /**
     * @param channel a JDK socket or server-socket channel, open.
     * @return its file descriptor.
     * @throws IllegalStateException if the JVM lacks {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}.
     */
    public static int fd(final NetworkChannel channel)
    {
        if (GET_FD_VAL == null)
        {
            throw new IllegalStateException(
                "cannot reach sun.nio.ch.SelChImpl.getFDVal: run the JVM with --add-opens java.base/sun.nio.ch=ALL-UNNAMED");
        }
        try
        {
            return (int)GET_FD_VAL.invoke(channel);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("cannot get the file descriptor of " + channel, ex);
        }
    }

    /**
     * @param fd a socket.
     * @return its address family ({@link #AF_INET} or {@link #AF_INET6}).
     * @throws IOException if getsockopt fails.
     */
    public static int domain(final int fd) throws IOException
    {
        return getInt(fd, SOL_SOCKET, SO_DOMAIN);
    }

    /**
     * Install (or, with an empty key, remove) the RFC 2385 key for segments to and from {@code peer}. On
     * an IPv6 socket an IPv4 peer is given as its IPv4-mapped address, as the kernel expects of dual-stack
     * sockets.
     *
     * @param fd   socket, listening or not yet connected.
     * @param peer the peer's address.
     * @param key  the shared secret, at most 80 octets of UTF-8; empty removes the key.
     * @throws IOException if the kernel refuses (no MD5 support: ENOPROTOOPT/ENOENT).
     */
    public static void setMd5Key(final int fd, final InetAddress peer, final String key) throws IOException
    {
        final byte[] secret = key.getBytes(StandardCharsets.UTF_8);
        if (secret.length > TCP_MD5SIG_MAXKEYLEN)
        {
            throw new IllegalArgumentException("a TCP MD5 key is at most 80 octets, not " + secret.length);
        }
        final int domain = domain(fd);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment sig = arena.allocate(TCP_MD5SIG_LAYOUT);
            writeSockaddr(sig, domain, peer);
            sig.set(ValueLayout.JAVA_SHORT, TCPM_KEYLEN_OFFSET, (short)secret.length);
            MemorySegment.copy(secret, 0, sig, ValueLayout.JAVA_BYTE, TCPM_KEY_OFFSET, secret.length);
            setsockopt(arena, fd, IPPROTO_TCP, TCP_MD5SIG, sig, "TCP_MD5SIG for " + peer.getHostAddress());
        }
    }

    /**
     * Write a sockaddr_in (IPv4 socket) or sockaddr_in6 (IPv6 socket; IPv4 peers mapped) with port 0.
     *
     * @param sockaddr at least 28 octets, zeroed.
     * @param domain   the socket's family.
     * @param address  to write.
     */
    static void writeSockaddr(final MemorySegment sockaddr, final int domain, final InetAddress address)
    {
        final byte[] bytes = address.getAddress();
        sockaddr.set(ValueLayout.JAVA_SHORT, 0, (short)domain);
        if (domain == AF_INET)
        {
            if (!(address instanceof Inet4Address))
            {
                throw new IllegalArgumentException("an IPv4 socket cannot have a key for " + address);
            }
            // struct sockaddr_in: family, port (BE), sin_addr (BE) at 4.
            MemorySegment.copy(bytes, 0, sockaddr, ValueLayout.JAVA_BYTE, 4, 4);
            return;
        }
        // struct sockaddr_in6: family, port, flowinfo (4), sin6_addr (16) at 8, scope id at 24.
        if (address instanceof Inet6Address)
        {
            MemorySegment.copy(bytes, 0, sockaddr, ValueLayout.JAVA_BYTE, 8, 16);
            sockaddr.set(ValueLayout.JAVA_INT, 24, ((Inet6Address)address).getScopeId());
        }
        else
        {
            sockaddr.set(ValueLayout.JAVA_BYTE, 8 + 10, (byte)0xFF);
            sockaddr.set(ValueLayout.JAVA_BYTE, 8 + 11, (byte)0xFF);
            MemorySegment.copy(bytes, 0, sockaddr, ValueLayout.JAVA_BYTE, 8 + 12, 4);
        }
    }

    /**
     * Set the unicast TTL (IPv4) or hop limit (IPv6) of outgoing segments. On an IPv6 socket the IPv4
     * TTL is set too, for IPv4-mapped peers.
     *
     * @param fd  socket.
     * @param ttl 1..255.
     * @throws IOException if the kernel refuses.
     */
    public static void setTtl(final int fd, final int ttl) throws IOException
    {
        if (domain(fd) == AF_INET6)
        {
            setInt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, ttl, "IPV6_UNICAST_HOPS");
        }
        setInt(fd, IPPROTO_IP, IP_TTL, ttl, "IP_TTL");
    }

    /**
     * RFC 5082: drop segments whose TTL (hop limit) is below {@code minTtl}. On an IPv6 socket both the
     * IPv6 and the IPv4 (mapped peers) minimum are set.
     *
     * @param fd     socket.
     * @param minTtl 1..255, or 0 to accept any.
     * @throws IOException if the kernel refuses.
     */
    public static void setMinTtl(final int fd, final int minTtl) throws IOException
    {
        if (domain(fd) == AF_INET6)
        {
            setInt(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, minTtl, "IPV6_MINHOPCOUNT");
        }
        setInt(fd, IPPROTO_IP, IP_MINTTL, minTtl, "IP_MINTTL");
    }

    /**
     * @param fd     socket.
     * @param level  protocol level.
     * @param option option name.
     * @param value  int value.
     * @param what   for the error message.
     * @throws IOException if setsockopt fails.
     */
    public static void setInt(final int fd, final int level, final int option, final int value, final String what)
        throws IOException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
            v.set(ValueLayout.JAVA_INT, 0, value);
            setsockopt(arena, fd, level, option, v, what);
        }
    }

    /**
     * @param fd     socket.
     * @param level  protocol level.
     * @param option option name.
     * @return the int value.
     * @throws IOException if getsockopt fails.
     */
    public static int getInt(final int fd, final int level, final int option) throws IOException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
            final MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, 4);
            final MemorySegment state = arena.allocate(CALL_STATE);
            final int rc = (int)GETSOCKOPT.invokeExact(state, fd, level, option, v, length);
            if (rc != 0)
            {
                throw new IOException("getsockopt(" + fd + ", " + level + ", " + option + ") failed: errno " +
                    (int)ERRNO.get(state, 0L));
            }
            return v.get(ValueLayout.JAVA_INT, 0);
        }
        catch (final IOException | RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    private static void setsockopt(
        final Arena arena, final int fd, final int level, final int option, final MemorySegment value, final String what)
        throws IOException
    {
        final MemorySegment state = arena.allocate(CALL_STATE);
        final int rc;
        try
        {
            rc = (int)SETSOCKOPT.invokeExact(state, fd, level, option, value, (int)value.byteSize());
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
        if (rc != 0)
        {
            final int errno = (int)ERRNO.get(state, 0L);
            throw new IOException("setsockopt " + what + " on fd " + fd + " failed: errno " + errno +
                (errno == 92 ? " (ENOPROTOOPT: kernel without this option)" : ""));
        }
    }
}
