/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.junction.dataplane.DataplaneSpec;
import net.junction.dataplane.EalArguments;

/** A bond port crosses the control socket (hello, {@code ports}) with its members; a plain port without. */
class BondPortJsonTest
{
    @Test
    void shouldCarryTheBondMembersBothWays()
    {
        final List<String> members = List.of("net_af_packet10,iface=r-b0", "net_af_packet11,iface=r-b1");
        final DataplaneSpec.Port bond = new DataplaneSpec.Port("lag0", EalArguments.bondDevice("lag0", members), 1, 1500, -1,
            List.of(new DataplaneSpec.Ip4Interface(0xc6120701, 24)), List.of(), true, new DataplaneSpec.Bond(members));
        final DataplaneSpec.Port plain = new DataplaneSpec.Port("p0", "net_af_packet0,iface=r-h1", 1, 1500, -1, List.of(), List.of(), true);

        assertEquals(bond, DataplaneServer.portFromJson(DataplaneServer.portToJson(bond)));
        assertEquals(plain, DataplaneServer.portFromJson(DataplaneServer.portToJson(plain)));
        assertFalse(DataplaneServer.portToJson(plain).has("bond"));
    }
}
