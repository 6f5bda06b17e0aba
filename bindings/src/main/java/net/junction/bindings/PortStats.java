package net.junction.bindings;

/**
 * A port's basic counters ({@code struct rte_eth_stats}), cumulative since start or the last
 * reset. Per-queue and driver-specific counters are in {@link EthDev#xstats()}.
 */
public record PortStats(
    long ipackets,
    long opackets,
    long ibytes,
    long obytes,
    long imissed,
    long ierrors,
    long oerrors,
    long rxNombuf)
{
}
