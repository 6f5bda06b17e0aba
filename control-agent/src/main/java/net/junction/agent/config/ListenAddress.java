/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/** {@code ADDRESS:PORT} as the config writes a listener: {@code 198.18.0.1:8443}, {@code [2001:db8::1]:8443}. */
public final class ListenAddress
{
    private ListenAddress()
    {
    }

    /**
     * @param text such as {@code 198.18.0.1:8443} or {@code [2001:db8::1]:8443}; port 1..65535.
     * @return the socket address (never resolved through DNS), or empty when {@code text} is not one.
     */
    public static Optional<InetSocketAddress> parse(final String text)
    {
        final String host;
        final String port;
        if (text.startsWith("["))
        {
            final int close = text.indexOf("]:");
            if (close < 0)
            {
                return Optional.empty();
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        }
        else
        {
            final int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon)
            {
                return Optional.empty();
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        if (host.isEmpty() || !port.matches("[0-9]{1,5}"))
        {
            return Optional.empty();
        }
        final int number = Integer.parseInt(port);
        if (number < 1 || number > 65535)
        {
            return Optional.empty();
        }
        try
        {
            return Optional.of(new InetSocketAddress(InetAddress.ofLiteral(host), number));
        }
        catch (final IllegalArgumentException ex)
        {
            return Optional.empty();
        }
    }

    /**
     * @param address a socket address with an IP address.
     * @return as {@link #parse} reads it.
     */
    public static String format(final InetSocketAddress address)
    {
        final InetAddress ip = address.getAddress();
        final String host = ip.getHostAddress();
        return (ip instanceof Inet6Address ? "[" + host.replaceFirst("%.*$", "") + "]" : host) + ":" + address.getPort();
    }
}
