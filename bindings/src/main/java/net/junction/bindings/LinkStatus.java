package net.junction.bindings;

/**
 * A port's link as {@code rte_eth_link_get_nowait} reports it.
 *
 * @param speedMbps  link speed in Mbit/s; 0 if none, -1 if the driver does not know it
 * @param fullDuplex true for full duplex
 * @param autoneg    true if the speed was negotiated
 * @param up         true if the link is up
 */
public record LinkStatus(int speedMbps, boolean fullDuplex, boolean autoneg, boolean up)
{
}
