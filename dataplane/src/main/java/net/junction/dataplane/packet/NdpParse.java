package net.junction.dataplane.packet;

/**
 * What {@link Ndp#validate} found in a Neighbor Solicitation or Advertisement: a small mutable
 * result the caller owns (one per worker) and passes in, so parsing allocates nothing.
 *
 * <p>Fast path.
 */
public final class NdpParse
{
    /** {@link #linkLayerAddress()} when the message carried no (source or target) link-layer address option. */
    public static final long NO_LINK_LAYER_ADDRESS = -1L;

    int type;
    int flags;
    long targetHi;
    long targetLo;
    long linkLayerAddress = NO_LINK_LAYER_ADDRESS;
    boolean sourceUnspecified;

    /** {@link Icmp6#TYPE_NEIGHBOR_SOLICITATION} or {@link Icmp6#TYPE_NEIGHBOR_ADVERTISEMENT}. */
    public int type()
    {
        return type;
    }

    public boolean isSolicitation()
    {
        return type == Icmp6.TYPE_NEIGHBOR_SOLICITATION;
    }

    /** NA flags as in the message's first byte after the checksum: {@link Ndp#FLAG_ROUTER} etc.; 0 for an NS. */
    public int flags()
    {
        return flags;
    }

    public boolean isRouter()
    {
        return (flags & Ndp.FLAG_ROUTER) != 0;
    }

    public boolean isSolicited()
    {
        return (flags & Ndp.FLAG_SOLICITED) != 0;
    }

    public boolean isOverride()
    {
        return (flags & Ndp.FLAG_OVERRIDE) != 0;
    }

    public long targetHi()
    {
        return targetHi;
    }

    public long targetLo()
    {
        return targetLo;
    }

    /**
     * The source link-layer address option of an NS or the target link-layer address option of
     * an NA (48-bit MAC), or {@link #NO_LINK_LAYER_ADDRESS}.
     */
    public long linkLayerAddress()
    {
        return linkLayerAddress;
    }

    public boolean hasLinkLayerAddress()
    {
        return linkLayerAddress != NO_LINK_LAYER_ADDRESS;
    }

    /** The IPv6 source was :: (duplicate address detection, RFC 4862 §5.4). */
    public boolean sourceUnspecified()
    {
        return sourceUnspecified;
    }
}
