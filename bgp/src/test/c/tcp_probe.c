/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 *
 * Prints the layout of struct tcp_md5sig and the socket option constants that
 * net.junction.bgp.transport.TcpSockets writes by hand, one "key value" per line;
 * TcpSocketsLayoutTest compares them.
 */
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/tcp.h>

int main(void)
{
    printf("sizeof %zu\n", sizeof(struct tcp_md5sig));
    printf("tcpm_flags %zu\n", offsetof(struct tcp_md5sig, tcpm_flags));
    printf("tcpm_prefixlen %zu\n", offsetof(struct tcp_md5sig, tcpm_prefixlen));
    printf("tcpm_keylen %zu\n", offsetof(struct tcp_md5sig, tcpm_keylen));
    printf("tcpm_ifindex %zu\n", offsetof(struct tcp_md5sig, tcpm_ifindex));
    printf("tcpm_key %zu\n", offsetof(struct tcp_md5sig, tcpm_key));
    printf("TCP_MD5SIG %d\n", TCP_MD5SIG);
    printf("TCP_MD5SIG_MAXKEYLEN %d\n", TCP_MD5SIG_MAXKEYLEN);
    printf("IPPROTO_TCP %d\n", IPPROTO_TCP);
    printf("IPPROTO_IP %d\n", IPPROTO_IP);
    printf("IPPROTO_IPV6 %d\n", IPPROTO_IPV6);
    printf("IP_TTL %d\n", IP_TTL);
    printf("IP_MINTTL %d\n", IP_MINTTL);
    printf("IPV6_UNICAST_HOPS %d\n", IPV6_UNICAST_HOPS);
    printf("IPV6_MINHOPCOUNT %d\n", IPV6_MINHOPCOUNT);
    printf("SOL_SOCKET %d\n", SOL_SOCKET);
    printf("SO_DOMAIN %d\n", SO_DOMAIN);
    printf("AF_INET %d\n", AF_INET);
    printf("AF_INET6 %d\n", AF_INET6);
    printf("sockaddr_in.sin_addr %zu\n", offsetof(struct sockaddr_in, sin_addr));
    printf("sockaddr_in6.sin6_addr %zu\n", offsetof(struct sockaddr_in6, sin6_addr));
    printf("sockaddr_in6.sin6_scope_id %zu\n", offsetof(struct sockaddr_in6, sin6_scope_id));
    return 0;
}
