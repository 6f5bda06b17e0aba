/*
 * Prints the real offsets, sizes, bit positions and macro values of every DPDK 22.11 struct
 * field and constant the Java bindings hard-code, one "key value" line each, as compiled
 * against the installed headers. StructLayoutProbeTest builds and runs this and compares each
 * line with the Java constant of the same key, in both directions (nothing missing, nothing
 * extra).
 *
 * SPDX-License-Identifier: AGPL-3.0-only
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_memory.h>

#define SIZE(t) printf("%s.sizeof %zu\n", #t, sizeof(struct t))
#define ALIGN(t) printf("%s.alignof %zu\n", #t, _Alignof(struct t))
#define OFF(t, f) printf("%s.%s %zu\n", #t, #f, offsetof(struct t, f))
#define CONST(c) printf("%s %llu\n", #c, (unsigned long long)(c))
#define SCONST(c) printf("%s %lld\n", #c, (long long)(c))

/* Bit index, within the struct's first 64-bit word read in host order, of a 1-bit field. */
#define LINK_BIT(f)                                                 \
    do {                                                            \
        struct rte_eth_link l;                                      \
        uint64_t w;                                                 \
        memset(&l, 0, sizeof(l));                                   \
        l.f = 1;                                                    \
        memcpy(&w, &l, sizeof(w));                                  \
        printf("rte_eth_link.%s.bit %d\n", #f, __builtin_ctzll(w)); \
    } while (0)

int main(void)
{
    SIZE(rte_mbuf);
    ALIGN(rte_mbuf);
    OFF(rte_mbuf, buf_addr);
    OFF(rte_mbuf, buf_iova);
    OFF(rte_mbuf, data_off);
    OFF(rte_mbuf, refcnt);
    OFF(rte_mbuf, nb_segs);
    OFF(rte_mbuf, port);
    OFF(rte_mbuf, ol_flags);
    OFF(rte_mbuf, packet_type);
    OFF(rte_mbuf, pkt_len);
    OFF(rte_mbuf, data_len);
    OFF(rte_mbuf, vlan_tci);
    OFF(rte_mbuf, hash.rss);
    OFF(rte_mbuf, vlan_tci_outer);
    OFF(rte_mbuf, buf_len);
    OFF(rte_mbuf, pool);
    OFF(rte_mbuf, next);
    OFF(rte_mbuf, tx_offload);
    OFF(rte_mbuf, shinfo);
    OFF(rte_mbuf, priv_size);
    OFF(rte_mbuf, timesync);

    SIZE(rte_ether_addr);
    OFF(rte_ether_addr, addr_bytes);

    SIZE(rte_eth_stats);
    OFF(rte_eth_stats, ipackets);
    OFF(rte_eth_stats, opackets);
    OFF(rte_eth_stats, ibytes);
    OFF(rte_eth_stats, obytes);
    OFF(rte_eth_stats, imissed);
    OFF(rte_eth_stats, ierrors);
    OFF(rte_eth_stats, oerrors);
    OFF(rte_eth_stats, rx_nombuf);
    OFF(rte_eth_stats, q_ipackets);
    OFF(rte_eth_stats, q_opackets);
    OFF(rte_eth_stats, q_ibytes);
    OFF(rte_eth_stats, q_obytes);
    OFF(rte_eth_stats, q_errors);

    SIZE(rte_eth_link);
    ALIGN(rte_eth_link);
    OFF(rte_eth_link, link_speed);
    LINK_BIT(link_duplex);
    LINK_BIT(link_autoneg);
    LINK_BIT(link_status);

    SIZE(rte_eth_dev_info);
    OFF(rte_eth_dev_info, driver_name);
    OFF(rte_eth_dev_info, if_index);
    OFF(rte_eth_dev_info, min_mtu);
    OFF(rte_eth_dev_info, max_mtu);
    OFF(rte_eth_dev_info, min_rx_bufsize);
    OFF(rte_eth_dev_info, max_rx_pktlen);
    OFF(rte_eth_dev_info, max_rx_queues);
    OFF(rte_eth_dev_info, max_tx_queues);
    OFF(rte_eth_dev_info, max_mac_addrs);
    OFF(rte_eth_dev_info, rx_offload_capa);
    OFF(rte_eth_dev_info, tx_offload_capa);
    OFF(rte_eth_dev_info, rx_queue_offload_capa);
    OFF(rte_eth_dev_info, tx_queue_offload_capa);
    OFF(rte_eth_dev_info, reta_size);
    OFF(rte_eth_dev_info, hash_key_size);
    OFF(rte_eth_dev_info, flow_type_rss_offloads);
    OFF(rte_eth_dev_info, rx_desc_lim.nb_max);
    OFF(rte_eth_dev_info, rx_desc_lim.nb_min);
    OFF(rte_eth_dev_info, rx_desc_lim.nb_align);
    OFF(rte_eth_dev_info, tx_desc_lim.nb_max);
    OFF(rte_eth_dev_info, tx_desc_lim.nb_min);
    OFF(rte_eth_dev_info, tx_desc_lim.nb_align);
    OFF(rte_eth_dev_info, speed_capa);
    OFF(rte_eth_dev_info, nb_rx_queues);
    OFF(rte_eth_dev_info, nb_tx_queues);

    SIZE(rte_eth_conf);
    OFF(rte_eth_conf, link_speeds);
    OFF(rte_eth_conf, rxmode.mq_mode);
    OFF(rte_eth_conf, rxmode.mtu);
    OFF(rte_eth_conf, rxmode.offloads);
    OFF(rte_eth_conf, txmode.mq_mode);
    OFF(rte_eth_conf, txmode.offloads);
    OFF(rte_eth_conf, lpbk_mode);
    OFF(rte_eth_conf, rx_adv_conf.rss_conf.rss_key);
    OFF(rte_eth_conf, rx_adv_conf.rss_conf.rss_key_len);
    OFF(rte_eth_conf, rx_adv_conf.rss_conf.rss_hf);

    SIZE(rte_eth_rss_conf);
    OFF(rte_eth_rss_conf, rss_key);
    OFF(rte_eth_rss_conf, rss_key_len);
    OFF(rte_eth_rss_conf, rss_hf);

    SIZE(rte_eth_xstat);
    OFF(rte_eth_xstat, id);
    OFF(rte_eth_xstat, value);

    SIZE(rte_eth_xstat_name);
    OFF(rte_eth_xstat_name, name);

    CONST(RTE_PKTMBUF_HEADROOM);
    CONST(RTE_MBUF_DEFAULT_DATAROOM);
    CONST(RTE_MBUF_DEFAULT_BUF_SIZE);
    CONST(RTE_MEMPOOL_NAMESIZE);
    CONST(RTE_MEMPOOL_CACHE_MAX_SIZE);
    CONST(RTE_MAX_ETHPORTS);
    CONST(RTE_MAX_LCORE);
    CONST(RTE_ETH_NAME_MAX_LEN);
    CONST(RTE_ETH_XSTATS_NAME_SIZE);
    CONST(RTE_ETHDEV_QUEUE_STAT_CNTRS);
    CONST(RTE_ETHER_ADDR_LEN);
    CONST(RTE_ETHER_MTU);
    SCONST(SOCKET_ID_ANY);
    CONST(LCORE_ID_ANY);
    CONST(RTE_ETH_MQ_RX_NONE);
    CONST(RTE_ETH_MQ_RX_RSS);
    CONST(RTE_ETH_MQ_TX_NONE);
    CONST(RTE_ETH_RSS_IPV4);
    CONST(RTE_ETH_RSS_NONFRAG_IPV4_TCP);
    CONST(RTE_ETH_RSS_NONFRAG_IPV4_UDP);
    CONST(RTE_ETH_RSS_IPV6);
    CONST(RTE_ETH_RSS_NONFRAG_IPV6_TCP);
    CONST(RTE_ETH_RSS_NONFRAG_IPV6_UDP);
    CONST(RTE_ETH_RSS_IP);
    CONST(RTE_ETH_RSS_TCP);
    CONST(RTE_ETH_RSS_UDP);
    CONST(RTE_ETH_LINK_DOWN);
    CONST(RTE_ETH_LINK_UP);
    CONST(RTE_ETH_LINK_HALF_DUPLEX);
    CONST(RTE_ETH_LINK_FULL_DUPLEX);
    CONST(RTE_ETH_LINK_FIXED);
    CONST(RTE_ETH_LINK_AUTONEG);
    CONST(RTE_ETH_SPEED_NUM_NONE);
    CONST(RTE_ETH_SPEED_NUM_UNKNOWN);
    CONST(RTE_ETH_RX_OFFLOAD_IPV4_CKSUM);
    CONST(RTE_ETH_RX_OFFLOAD_UDP_CKSUM);
    CONST(RTE_ETH_RX_OFFLOAD_TCP_CKSUM);
    CONST(RTE_ETH_RX_OFFLOAD_RSS_HASH);
    CONST(RTE_ETH_RX_OFFLOAD_SCATTER);
    CONST(RTE_ETH_TX_OFFLOAD_IPV4_CKSUM);
    CONST(RTE_ETH_TX_OFFLOAD_UDP_CKSUM);
    CONST(RTE_ETH_TX_OFFLOAD_TCP_CKSUM);
    CONST(RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
    CONST(RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE);
    CONST(RTE_MBUF_F_RX_RSS_HASH);
    CONST(RTE_MBUF_F_RX_IP_CKSUM_MASK);
    CONST(RTE_MBUF_F_RX_IP_CKSUM_BAD);
    CONST(RTE_MBUF_F_RX_IP_CKSUM_GOOD);
    CONST(RTE_MBUF_F_RX_L4_CKSUM_MASK);
    CONST(RTE_MBUF_F_RX_L4_CKSUM_BAD);
    CONST(RTE_MBUF_F_RX_L4_CKSUM_GOOD);
    CONST(RTE_MBUF_F_TX_IPV4);
    CONST(RTE_MBUF_F_TX_IPV6);
    CONST(RTE_MBUF_F_TX_IP_CKSUM);
    CONST(RTE_MBUF_F_TX_TCP_CKSUM);
    CONST(RTE_MBUF_F_TX_UDP_CKSUM);
    CONST(RTE_VER_YEAR);
    CONST(RTE_VER_MONTH);
    return 0;
}
