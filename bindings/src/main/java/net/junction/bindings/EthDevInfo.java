package net.junction.bindings;

/**
 * What a port can do ({@code struct rte_eth_dev_info}), read once before configuring it.
 *
 * @param driverName          the PMD, e.g. {@code net_ring}, {@code net_af_packet}
 * @param ifIndex             kernel interface index behind the port, 0 if none
 * @param flowTypeRssOffloads {@code RTE_ETH_RSS_*} hash functions the device supports (0: no RSS)
 */
public record EthDevInfo(
    String driverName,
    int ifIndex,
    int minMtu,
    int maxMtu,
    int maxRxPktLen,
    int maxRxQueues,
    int maxTxQueues,
    long rxOffloadCapa,
    long txOffloadCapa,
    long flowTypeRssOffloads,
    int hashKeySize,
    int retaSize,
    int rxDescMin,
    int rxDescMax,
    int txDescMin,
    int txDescMax,
    int speedCapa)
{
}
