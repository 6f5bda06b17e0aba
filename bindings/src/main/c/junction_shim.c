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

/* ---- ABI fingerprint, checked by the Java side when it loads the shim -------------------- */

JN_EXPORT unsigned int jn_sizeof_mbuf(void) { return (unsigned int)sizeof(struct rte_mbuf); }

JN_EXPORT unsigned int jn_dpdk_version_year(void) { return RTE_VER_YEAR; }

JN_EXPORT unsigned int jn_dpdk_version_month(void) { return RTE_VER_MONTH; }
