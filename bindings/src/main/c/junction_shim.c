/*
 * Junction shim: exported wrappers for DPDK 22.11's static-inline fast-path functions.
 *
 * Copyright (C) Junction contributors. SPDX-License-Identifier: AGPL-3.0-only
 *
 * Why this file exists: the Java side reaches DPDK through the Foreign Function & Memory API,
 * which can only call symbols a shared object exports. DPDK's per-packet API (rx/tx burst,
 * mbuf alloc/free) and its per-lcore TLS values (rte_errno, rte_lcore_id) are static inline
 * functions and macros in the headers, so they have no symbol. Each jn_* function below is
 * one call into the inline function and nothing else: no state, no allocation, no logging.
 *
 * Narrow integer parameters (port, queue, counts) are taken as int and narrowed here, so the
 * shim does not depend on how a caller extends 16-bit arguments (the SysV ABI leaves the upper
 * bits of a narrow argument unspecified, and compilers disagree on whether to trust them).
 *
 * The library links librte_eal/ethdev/mempool/mbuf with --no-as-needed, so a dlsym() on the
 * shim's handle also finds every exported DPDK function the Java bindings call.
 */
#include <stdint.h>
#include <stddef.h>

#include <rte_branch_prediction.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_eth_bond.h>
#include <rte_eth_bond_8023ad.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#define JN_EXPORT __attribute__((visibility("default")))

/* ---- EAL per-thread state ---------------------------------------------------------------- */

/* rte_errno is a per-lcore (thread-local) variable: read it on the thread that failed. */
JN_EXPORT int jn_errno(void) { return rte_errno; }

JN_EXPORT void jn_set_errno(int value) { rte_errno = value; }

/* LCORE_ID_ANY (UINT32_MAX) on a thread that is neither an EAL lcore nor registered. */
JN_EXPORT unsigned int jn_lcore_id(void) { return rte_lcore_id(); }

JN_EXPORT unsigned int jn_socket_id(void) { return rte_socket_id(); }

JN_EXPORT uint64_t jn_rdtsc(void) { return rte_rdtsc(); }

JN_EXPORT uint64_t jn_tsc_hz(void) { return rte_get_tsc_hz(); }

/* ---- ethdev fast path (per burst) -------------------------------------------------------- */

JN_EXPORT int jn_rx_burst(int port_id, int queue_id, struct rte_mbuf **rx_pkts, int nb_pkts)
{
    return rte_eth_rx_burst((uint16_t)port_id, (uint16_t)queue_id, rx_pkts, (uint16_t)nb_pkts);
}

JN_EXPORT int jn_tx_burst(int port_id, int queue_id, struct rte_mbuf **tx_pkts, int nb_pkts)
{
    return rte_eth_tx_burst((uint16_t)port_id, (uint16_t)queue_id, tx_pkts, (uint16_t)nb_pkts);
}

JN_EXPORT int jn_tx_prepare(int port_id, int queue_id, struct rte_mbuf **tx_pkts, int nb_pkts)
{
    return rte_eth_tx_prepare((uint16_t)port_id, (uint16_t)queue_id, tx_pkts, (uint16_t)nb_pkts);
}

/* Number of used descriptors of an rx queue, or a negative errno (-ENOTSUP on many PMDs). */
JN_EXPORT int jn_rx_queue_count(int port_id, int queue_id)
{
    return rte_eth_rx_queue_count((uint16_t)port_id, (uint16_t)queue_id);
}

/* ---- mbuf alloc / free ------------------------------------------------------------------- */

JN_EXPORT struct rte_mbuf *jn_pktmbuf_alloc(struct rte_mempool *mp)
{
    return rte_pktmbuf_alloc(mp);
}

/* 0 on success (all count mbufs allocated and reset), -ENOENT if the pool had too few. */
JN_EXPORT int jn_pktmbuf_alloc_bulk(struct rte_mempool *mp, struct rte_mbuf **mbufs, unsigned int count)
{
    return rte_pktmbuf_alloc_bulk(mp, mbufs, count);
}

JN_EXPORT void jn_pktmbuf_free(struct rte_mbuf *m)
{
    rte_pktmbuf_free(m);
}

JN_EXPORT void jn_pktmbuf_free_bulk(struct rte_mbuf **mbufs, unsigned int count)
{
    rte_pktmbuf_free_bulk(mbufs, count);
}

/* ---- mbuf helpers the data plane uses when it rewrites packets in place ------------------- */

JN_EXPORT void jn_pktmbuf_reset(struct rte_mbuf *m) { rte_pktmbuf_reset(m); }

/* Returns the new data start, or NULL if the headroom is too small. */
JN_EXPORT char *jn_pktmbuf_prepend(struct rte_mbuf *m, unsigned int len)
{
    return rte_pktmbuf_prepend(m, (uint16_t)len);
}

/* Returns the address of the appended bytes, or NULL if the tailroom is too small. */
JN_EXPORT char *jn_pktmbuf_append(struct rte_mbuf *m, unsigned int len)
{
    return rte_pktmbuf_append(m, (uint16_t)len);
}

/* Returns the new data start, or NULL if len exceeds the first segment's data. */
JN_EXPORT char *jn_pktmbuf_adj(struct rte_mbuf *m, unsigned int len)
{
    return rte_pktmbuf_adj(m, (uint16_t)len);
}

/* 0 on success, -1 if len exceeds the last segment's data. */
JN_EXPORT int jn_pktmbuf_trim(struct rte_mbuf *m, unsigned int len)
{
    return rte_pktmbuf_trim(m, (uint16_t)len);
}

/* Atomic refcount update (e.g. to send one mbuf out of several ports); returns the new value. */
JN_EXPORT int jn_mbuf_refcnt_update(struct rte_mbuf *m, int value)
{
    return rte_mbuf_refcnt_update(m, (int16_t)value);
}

JN_EXPORT unsigned int jn_pktmbuf_headroom(const struct rte_mbuf *m) { return rte_pktmbuf_headroom(m); }

JN_EXPORT unsigned int jn_pktmbuf_tailroom(const struct rte_mbuf *m) { return rte_pktmbuf_tailroom(m); }

/* ---- link aggregation (control path): DPDK's bonding PMD, mode 4 (802.3ad) -------------------- */

/*
 * A member leaves or rejoins a bond (rte_eth_bond_slave_remove/add; 22.11 still says "slave").
 * Called when the member's own link is seen to change: net_af_packet reports no carrier, so the
 * bond would keep distributing to a dead member until LACP expires it (90 s in 22.11, whose actor
 * never asks for the short timeout). 0 or a negative errno.
 */
JN_EXPORT int jn_bond_member_remove(int bond_port, int member_port)
{
    return rte_eth_bond_slave_remove((uint16_t)bond_port, (uint16_t)member_port);
}

JN_EXPORT int jn_bond_member_add(int bond_port, int member_port)
{
    return rte_eth_bond_slave_add((uint16_t)bond_port, (uint16_t)member_port);
}

/* The bond's members (active or not) into members[0..max): their count, or a negative errno. */
JN_EXPORT int jn_bond_members(int bond_port, uint16_t *members, int max)
{
    return rte_eth_bond_slaves_get((uint16_t)bond_port, members, (uint16_t)max);
}

/* The bond's active members (those it distributes to) into members[0..max): their count, or a negative errno. */
JN_EXPORT int jn_bond_active_members(int bond_port, uint16_t *members, int max)
{
    return rte_eth_bond_active_slaves_get((uint16_t)bond_port, members, (uint16_t)max);
}

/*
 * One member's LACP state, flattened into out[0..6): selection (0 unselected, 1 standby, 2 selected),
 * actor state bits, partner state bits (STATE_* of rte_eth_bond_8023ad.h), the partner's system MAC
 * (6 bytes, the first in the high byte of the 48 bits), the partner's key and port number (host order),
 * the aggregator's port id. 0, or a negative errno (-EINVAL: not an active member of a mode-4 bond).
 */
JN_EXPORT int jn_bond_8023ad_member_info(int bond_port, int member_port, int64_t *out)
{
    struct rte_eth_bond_8023ad_slave_info info;
    int rc = rte_eth_bond_8023ad_slave_info((uint16_t)bond_port, (uint16_t)member_port, &info);
    if (rc != 0)
        return rc;
    int64_t mac = 0;
    for (int i = 0; i < RTE_ETHER_ADDR_LEN; i++)
        mac = (mac << 8) | info.partner.system.addr_bytes[i];
    out[0] = info.selected;
    out[1] = info.actor_state;
    out[2] = info.partner_state;
    out[3] = mac;
    out[4] = rte_be_to_cpu_16(info.partner.key);
    out[5] = rte_be_to_cpu_16(info.partner.port_number);
    out[6] = info.agg_port_id;
    return 0;
}

/* ---- ABI fingerprint, checked by the Java side when it loads the shim -------------------- */

JN_EXPORT unsigned int jn_sizeof_mbuf(void) { return (unsigned int)sizeof(struct rte_mbuf); }

JN_EXPORT unsigned int jn_dpdk_version_year(void) { return RTE_VER_YEAR; }

JN_EXPORT unsigned int jn_dpdk_version_month(void) { return RTE_VER_MONTH; }
