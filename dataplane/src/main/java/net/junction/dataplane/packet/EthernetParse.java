package net.junction.dataplane.packet;

/**
 * What {@link Ethernet#parse} found in a frame: a small mutable result the caller owns (one per
 * worker) and passes in for every frame, so parsing allocates nothing.
 *
 * <p>Fast path. Tags are classified for sub-interface lookup and for {@link Ethernet#prependHeader}:
 * a single 802.1Q (0x8100) tag is a C-tag, a single 802.1ad (0x88A8) tag an S-tag, and of two
 * tags the outer is the S-tag and the inner the C-tag. An absent tag is {@link Ethernet#NO_TAG}.
 */
public final class EthernetParse
{
    int etherType;
    int l3Offset;
    int l3Length;
    int tagCount;
    int sTagTci = Ethernet.NO_TAG;
    int cTagTci = Ethernet.NO_TAG;

    /** The ethertype after the tags: {@link Ethernet#ETHER_TYPE_IPV4}, IPv6, ARP or anything else. */
    public int etherType()
    {
        return etherType;
    }

    /** Bytes from the frame start to the L3 header: 14, 18 or 22. */
    public int l3Offset()
    {
        return l3Offset;
    }

    /** Bytes of the frame from the L3 header on (including any trailing Ethernet padding). */
    public int l3Length()
    {
        return l3Length;
    }

    /** 0, 1 or 2. */
    public int tagCount()
    {
        return tagCount;
    }

    /** Tag control information (PCP, DEI, VID) of the S-tag, or {@link Ethernet#NO_TAG}. */
    public int sTagTci()
    {
        return sTagTci;
    }

    /** Tag control information (PCP, DEI, VID) of the C-tag, or {@link Ethernet#NO_TAG}. */
    public int cTagTci()
    {
        return cTagTci;
    }

    /** VLAN id (12 bits) of the S-tag, or {@link Ethernet#NO_TAG}. */
    public int sVlanId()
    {
        return sTagTci == Ethernet.NO_TAG ? Ethernet.NO_TAG : sTagTci & Ethernet.VLAN_ID_MASK;
    }

    /** VLAN id (12 bits) of the C-tag, or {@link Ethernet#NO_TAG}. */
    public int cVlanId()
    {
        return cTagTci == Ethernet.NO_TAG ? Ethernet.NO_TAG : cTagTci & Ethernet.VLAN_ID_MASK;
    }
}
