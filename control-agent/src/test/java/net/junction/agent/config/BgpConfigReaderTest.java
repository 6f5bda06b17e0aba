/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import net.junction.bgp.config.AddPathConfig;
import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.policy.Policy.Action;
import net.junction.bgp.policy.Policy.CommunityPattern;
import net.junction.bgp.policy.Policy.LargeCommunityPattern;
import net.junction.bgp.policy.Policy.PrefixEntry;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

/**
 * The {@code bgp:} section: every field read, defaults, and a clear problem by path for each kind
 * of mistake.
 */
class BgpConfigReaderTest
{
    private static final int CPUS = 4;

    private static final String PORTS = """
        name: lab
        ports:
          - name: p0
            device: net_af_packet0
            addresses: [198.18.1.1/24, 2001:db8:1::1/64]
        """;

    private static BgpConfig parse(final String bgp) throws ConfigException
    {
        return ConfigLoader.parse(PORTS + bgp, CPUS).bgp().orElseThrow();
    }

    private static List<String> problems(final String bgp)
    {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(PORTS + bgp, CPUS)).problems();
    }

    private static void assertOnlyProblem(final String bgp, final String path, final String gist)
    {
        final List<String> problems = problems(bgp);
        assertEquals(1, problems.size(), () -> String.join("\n", problems));
        assertTrue(problems.getFirst().startsWith(path + ": "), problems.getFirst());
        assertTrue(problems.getFirst().contains(gist), problems.getFirst());
    }

    private static final String MINIMAL = """
        bgp:
          local-as: 4200000001
          router-id: 198.18.0.1
        """;

    @Test
    void shouldReadEveryField() throws ConfigException
    {
        final BgpConfig bgp = parse("""
            bgp:
              local-as: 4200000001
              router-id: 198.18.0.1
              listen: {address: 198.18.1.1, port: 1179}
              multipath: 4
              networks: [198.18.200.0/24, '2001:db8:200::/48']
              neighbors:
                - name: bird1
                  address: 198.18.1.2
                  remote-as: 65001
                  local-address: 198.18.1.1
                  local-as: 65000
                  passive: true
                  hold-time: 30
                  connect-retry: 2
                  password: s3cret
                  ttl-security: 1
                  families: [ipv4-unicast]
                  graceful-restart: false
                  restart-time: 60
                  max-prefixes: {ipv4-unicast: 1000}
                  import: in
                  export: out
                  next-hop-self: true
                  route-reflector-client: true
              policies:
                in:
                  terms:
                    - name: bogons
                      match:
                        family: ipv4-unicast
                        prefixes: ["198.19.0.0/16 le 32", "198.18.0.0/15 ge 24", "198.18.100.0/24"]
                        as-path: "_65001$"
                        communities: ["65000:*", no-export]
                        large-communities: ["4200000001:*:7"]
                        next-hop: [198.18.1.2, 198.18.0.0/15]
                      then: reject
                    - set:
                        local-pref: 200
                        med: 10
                        communities: ["65000:1"]
                        remove-communities: ["65000:*"]
                        add-communities: ["65000:2", blackhole]
                        remove-large-communities: ["*:*:*"]
                        add-large-communities: ["4200000001:1:2"]
                        prepend: {as: 65000, count: 2}
                        next-hop: self
                      then: next
                  otherwise: accept
                out: {otherwise: reject}
            """);

        assertEquals(4200000001L, Integer.toUnsignedLong(bgp.localAs()));
        assertEquals(Ip4.parse("198.18.0.1"), bgp.routerId());
        assertEquals(Optional.of(IpAddress.parse("198.18.1.1")), bgp.listenAddress());
        assertEquals(1179, bgp.listenPort());
        assertEquals(4, bgp.multipath());
        assertEquals(List.of(IpPrefix.parse("198.18.200.0/24"), IpPrefix.parse("2001:db8:200::/48")), bgp.networks());

        final PeerConfig peer = bgp.neighbors().getFirst();
        assertEquals(PeerConfig.builder("bird1", IpAddress.parse("198.18.1.2"), 65001)
            .localAddress(Optional.of(IpAddress.parse("198.18.1.1")))
            .localAs(Optional.of(65000))
            .passive(true)
            .holdTimeSeconds(30)
            .connectRetrySeconds(2)
            .password(Optional.of("s3cret"))
            .ttlSecurityHops(Optional.of(1))
            .families(Set.of(AfiSafi.IPV4_UNICAST))
            .gracefulRestart(false)
            .restartTimeSeconds(60)
            .maxPrefixes(Map.of(AfiSafi.IPV4_UNICAST, 1000))
            .importPolicy(Optional.of("in"))
            .exportPolicy(Optional.of("out"))
            .nextHopSelf(true)
            .routeReflectorClient(true)
            .build(), peer);

        final Policy in = bgp.policies().get("in");
        assertEquals(Policy.Disposition.ACCEPT, in.otherwise());
        final Policy.Term bogons = in.terms().getFirst();
        assertEquals("bogons", bogons.name());
        assertEquals(Policy.Disposition.REJECT, bogons.disposition());
        assertEquals(Optional.of(AfiSafi.IPV4_UNICAST), bogons.match().family());
        assertEquals(List.of(
            new PrefixEntry(IpPrefix.parse("198.19.0.0/16"), 16, 32),
            new PrefixEntry(IpPrefix.parse("198.18.0.0/15"), 24, 32),
            PrefixEntry.exact(IpPrefix.parse("198.18.100.0/24"))), bogons.match().prefixes());
        assertEquals(Optional.of("_65001$"), bogons.match().asPath());
        assertEquals(List.of(new CommunityPattern(65000, -1), new CommunityPattern(0xFFFF, 0xFF01)),
            bogons.match().communities());
        assertEquals(List.of(new LargeCommunityPattern(4200000001L, -1, 7)), bogons.match().largeCommunities());
        assertEquals(List.of(IpPrefix.parse("198.18.1.2/32"), IpPrefix.parse("198.18.0.0/15")), bogons.match().nextHops());

        final Policy.Term second = in.terms().get(1);
        assertEquals(Policy.Disposition.NEXT, second.disposition());
        assertEquals(Policy.Match.ANY, second.match());
        final List<Action> actions = second.actions();
        assertEquals(new Action.SetLocalPref(200), actions.get(0));
        assertEquals(new Action.SetMed(10), actions.get(1));
        assertEquals(new Action.SetCommunities(List.of(65000 << 16 | 1)), actions.get(2));
        assertEquals(new Action.RemoveCommunities(List.of(new CommunityPattern(65000, -1))), actions.get(3));
        assertEquals(new Action.AddCommunities(List.of(65000 << 16 | 2, 0xFFFF029A)), actions.get(4));
        assertEquals(new Action.RemoveLargeCommunities(List.of(new LargeCommunityPattern(-1, -1, -1))), actions.get(5));
        assertArrayEquals(new long[]{4200000001L, 1, 2},
            ((Action.AddLargeCommunities)actions.get(6)).communities().getFirst());
        assertEquals(new Action.PrependAs(65000, 2), actions.get(7));
        assertEquals(new Action.NextHopSelf(), actions.get(8));
        assertEquals(Policy.Disposition.REJECT, bgp.policies().get("out").otherwise());
    }

    @Test
    void shouldApplyDefaults() throws ConfigException
    {
        final BgpConfig bgp = parse(MINIMAL + """
              neighbors:
                - {name: peer, address: '2001:db8:1::2', remote-as: 4200000001}
            """);

        assertEquals(Optional.empty(), bgp.listenAddress());
        assertEquals(179, bgp.listenPort());
        assertEquals(1, bgp.multipath());
        final PeerConfig peer = bgp.neighbors().getFirst();
        assertEquals(PeerConfig.of("peer", IpAddress.parse("2001:db8:1::2"), (int)4200000001L), peer);
        assertFalse(peer.isExternal(bgp.localAs()), "same AS: iBGP");
        assertFalse(peer.extendedNextHop(), "RFC 8950 off unless asked for");
        assertTrue(ConfigLoader.parse(PORTS, CPUS).bgp().isEmpty());
    }

    @Test
    void shouldReadExtendedNextHopOfAnIpv6Neighbor() throws ConfigException
    {
        final BgpConfig bgp = parse(MINIMAL + """
              neighbors:
                - {name: peer, address: '2001:db8:1::2', remote-as: 65001, extended-next-hop: true}
            """);

        assertEquals(PeerConfig.of("peer", IpAddress.parse("2001:db8:1::2"), 65001).withExtendedNextHop(true),
            bgp.neighbors().getFirst());
        assertTrue(PeerConfig.SESSION_FIELDS.contains("extended-next-hop"), "a change restarts the session (a capability)");
    }

    @Test
    void shouldReadAddPathPerNeighbor() throws ConfigException
    {
        final BgpConfig bgp = parse(MINIMAL + """
              neighbors:
                - {name: a, address: 198.18.1.2, remote-as: 1, add-path: {receive: true}}
                - {name: b, address: 198.18.1.3, remote-as: 1, add-path: {receive: true, families: [ipv6-unicast]}}
                - {name: c, address: 198.18.1.4, remote-as: 1, add-path: {receive: false}}
                - {name: d, address: 198.18.1.5, remote-as: 1}
                - {name: e, address: 198.18.1.6, remote-as: 1, add-path: {send: 4, families: [ipv4-unicast]}}
                - {name: f, address: 198.18.1.7, remote-as: 1, add-path: {receive: true, send: all}}
            """);
        assertEquals(new AddPathConfig(true, Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST)),
            bgp.neighbors().get(0).addPath(), "every family of the neighbor by default");
        final AddPathConfig b = bgp.neighbors().get(1).addPath();
        assertTrue(b.receives(AfiSafi.IPV6_UNICAST));
        assertFalse(b.receives(AfiSafi.IPV4_UNICAST));
        assertEquals(AddPathConfig.NONE, bgp.neighbors().get(2).addPath(), "receive false is off");
        assertEquals(AddPathConfig.NONE, bgp.neighbors().get(3).addPath());
        assertTrue(PeerConfig.SESSION_FIELDS.contains("add-path"), "a change renegotiates the OPEN");
        assertEquals(new AddPathConfig(false, 4, Set.of(AfiSafi.IPV4_UNICAST)), bgp.neighbors().get(4).addPath());
        assertEquals(new AddPathConfig(true, AddPathConfig.SEND_ALL, Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST)),
            bgp.neighbors().get(5).addPath());
    }

    @Test
    void shouldReportAddPathMistakesByPath()
    {
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, add-path: {send: 0}}]\n",
            "bgp.neighbors[0].add-path.send", "out of range 1..64");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, add-path: {send: 65}}]\n",
            "bgp.neighbors[0].add-path.send", "out of range 1..64");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, add-path: {send: every}}]\n",
            "bgp.neighbors[0].add-path.send", "expected a number of paths per prefix (1..64) or all, got 'every'");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, add-path: {send: true}}]\n",
            "bgp.neighbors[0].add-path.send", "or all, got true");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, add-path: {sends: 2}}]\n",
            "bgp.neighbors[0].add-path.sends", "unknown key");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, add-path: {receive: 1}}]\n",
            "bgp.neighbors[0].add-path.receive", "");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, add-path: true}]\n",
            "bgp.neighbors[0].add-path", "");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, families: [ipv4-unicast]," +
                " add-path: {receive: true, families: [ipv6-unicast]}}]\n",
            "bgp.neighbors[0].add-path.families", "one of the neighbor's families");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, add-path: {families: []}}]\n",
            "bgp.neighbors[0].add-path.families", "at least one family");
    }

    @Test
    void shouldReadWhetherUnknownAttributesAreRelayed() throws ConfigException
    {
        final BgpConfig bgp = parse(MINIMAL + """
              neighbors:
                - {name: edge, address: 198.18.1.2, remote-as: 65001, relay-unknown-attributes: false}
                - {name: core, address: 198.18.1.3, remote-as: 4200000001}
            """);
        assertFalse(bgp.neighbors().get(0).relayUnknownAttributes());
        assertTrue(bgp.neighbors().get(1).relayUnknownAttributes(), "relayed by default (RFC 4271 §5)");
        assertOnlyProblem(MINIMAL + """
              neighbors:
                - {name: edge, address: 198.18.1.2, remote-as: 65001, relay-unknown-attributes: sometimes}
            """, "bgp.neighbors[0].relay-unknown-attributes", "expected true or false");
    }

    @Test
    void shouldRequireTheAsAndARouterId()
    {
        assertEquals(List.of(
            "bgp.local-as: required (this router's AS, 1..4294967295)",
            "bgp.router-id: required (an IPv4 address, such as 198.18.0.1)"), problems("bgp: {multipath: 2}\n"));
        assertOnlyProblem("bgp: {local-as: 0, router-id: 198.18.0.1}\n", "bgp.local-as", "AS 0 is reserved");
        assertOnlyProblem("bgp: {local-as: 23456, router-id: 198.18.0.1}\n", "bgp.local-as", "AS_TRANS");
        assertOnlyProblem("bgp: {local-as: 4294967296, router-id: 198.18.0.1}\n", "bgp.local-as", "out of range");
        assertOnlyProblem("bgp: {local-as: 65000, router-id: '2001:db8::1'}\n", "bgp.router-id", "non-zero IPv4");
        assertOnlyProblem("bgp: {local-as: 65000, router-id: 0.0.0.0}\n", "bgp.router-id", "non-zero IPv4");
        assertOnlyProblem("bgp: {local-as: 65000, router-id: 198.18.0.1, multipath: 17}\n", "bgp.multipath",
            "out of range 1..16");
        assertOnlyProblem("bgp: {local-as: 65000, router-id: 198.18.0.1, peers: []}\n", "bgp.peers", "unknown key");
    }

    @Test
    void shouldReadEbgpMultihopAndUpdateSource() throws ConfigException
    {
        final BgpConfig bgp = parse(MINIMAL + """
              neighbors:
                - {name: far, address: 198.18.7.2, remote-as: 65001, ebgp-multihop: 3, update-source: p0}
                - {name: far6, address: '2001:db8:7::2', remote-as: 65001, update-source: p0}
                - {name: by-address, address: 198.18.8.2, remote-as: 65001, update-source: 198.18.1.1}
                - {name: near, address: 198.18.1.2, remote-as: 65001}
            """);
        final PeerConfig far = bgp.neighbors().get(0);
        assertEquals(Optional.of(3), far.ebgpMultihop());
        assertEquals(Optional.of(IpAddress.parse("198.18.1.1")), far.localAddress(), "p0's IPv4 address");
        assertEquals(Optional.of(IpAddress.parse("2001:db8:1::1")), bgp.neighbors().get(1).localAddress(),
            "p0's IPv6 address for an IPv6 neighbor");
        assertEquals(Optional.of(IpAddress.parse("198.18.1.1")), bgp.neighbors().get(2).localAddress());
        assertEquals(Optional.empty(), bgp.neighbors().get(3).ebgpMultihop(), "directly connected by default");
        assertEquals(Optional.empty(), bgp.neighbors().get(3).localAddress());
        assertTrue(far.sessionFieldsChanged(bgp.neighbors().get(3)).contains("ebgp-multihop"),
            "a changed TTL resets the session");
    }

    @Test
    void shouldRefuseBadEbgpMultihopAndUpdateSource()
    {
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, ebgp-multihop: 0}]\n",
            "bgp.neighbors[0].ebgp-multihop", "out of range 1..255");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, ebgp-multihop: 256}]\n",
            "bgp.neighbors[0].ebgp-multihop", "out of range 1..255");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, ebgp-multihop: 2, " +
            "ttl-security: 1}]\n", "bgp.neighbors[0].ebgp-multihop", "exclude each other");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 4200000001, " +
            "ebgp-multihop: 2}]\n", "bgp.neighbors[0].ebgp-multihop", "external neighbors only");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, update-source: p9}]\n",
            "bgp.neighbors[0].update-source", "no port or sub-interface named p9");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, " +
            "update-source: 198.18.9.9}]\n", "bgp.neighbors[0].update-source", "not one of this router's addresses");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, update-source: p0, " +
            "local-address: 198.18.1.1}]\n", "bgp.neighbors[0].update-source", "not both");
    }

    @Test
    void shouldReadBgpRoles() throws ConfigException
    {
        final BgpConfig bgp = parse(MINIMAL + """
              neighbors:
                - {name: up, address: 198.18.1.2, remote-as: 65001, role: customer, strict-role: true}
                - {name: down, address: 198.18.1.3, remote-as: 65002, role: provider}
                - {name: ix, address: 198.18.1.4, remote-as: 65003, role: rs-client}
                - {name: none, address: 198.18.1.5, remote-as: 65004}
            """);
        assertEquals(Optional.of(net.junction.bgp.config.BgpRole.CUSTOMER), bgp.neighbors().get(0).role());
        assertTrue(bgp.neighbors().get(0).strictRole());
        assertEquals(Optional.of(net.junction.bgp.config.BgpRole.PROVIDER), bgp.neighbors().get(1).role());
        assertEquals(Optional.of(net.junction.bgp.config.BgpRole.RS_CLIENT), bgp.neighbors().get(2).role());
        assertEquals(Optional.empty(), bgp.neighbors().get(3).role());
        assertTrue(bgp.neighbors().get(1).sessionFieldsChanged(bgp.neighbors().get(3)).contains("role"));
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, role: upstream}]\n",
            "bgp.neighbors[0].role", "'upstream' is not a BGP role");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 4200000001, role: peer}]\n",
            "bgp.neighbors[0].role", "external neighbors only");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, strict-role: true}]\n",
            "bgp.neighbors[0].strict-role", "needs a role");
    }

    @Test
    void shouldReportNeighborMistakesByPath()
    {
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.1, remote-as: 1}]\n",
            "bgp.neighbors[0].address", "this router's own address");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, local-address: 198.18.9.9}]\n",
            "bgp.neighbors[0].local-address", "not one of this router's addresses");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, hold-time: 2}]\n",
            "bgp.neighbors[0].hold-time", "at least 3 s");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, families: [ipv4]}]\n",
            "bgp.neighbors[0].families[0]", "'ipv4' is not a family");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, import: in}]\n",
            "bgp.neighbors[0].import", "no policy named 'in'");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: A, address: 198.18.1.2, remote-as: 1}]\n",
            "bgp.neighbors[0].name", "'A' is not a neighbor name");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, password: ''}]\n",
            "bgp.neighbors[0].password", "1..80 characters");
        assertOnlyProblem(MINIMAL + """
              neighbors:
                - {name: a, address: 198.18.1.2, remote-as: 1}
                - {name: a, address: 198.18.1.3, remote-as: 1}
            """, "bgp.neighbors[1].name", "another neighbor is named a");
        assertOnlyProblem(MINIMAL + """
              neighbors:
                - {name: a, address: 198.18.1.2, remote-as: 1}
                - {name: b, address: 198.18.1.2, remote-as: 1}
            """, "bgp.neighbors[1].address", "another neighbor has the address 198.18.1.2");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, extended-next-hop: true}]\n",
            "bgp.neighbors[0].extended-next-hop", "need a neighbor over IPv6");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: '2001:db8:1::2', remote-as: 1, " +
            "families: [ipv6-unicast], extended-next-hop: true}]\n",
            "bgp.neighbors[0].extended-next-hop", "need ipv4-unicast in families");
        assertOnlyProblem(MINIMAL + "  neighbors: [{name: a, address: '2001:db8:1::2', remote-as: 1, extended-next-hop: 1}]\n",
            "bgp.neighbors[0].extended-next-hop", "");
        assertEquals(List.of("bgp.neighbors[0].remote-as: required (the neighbor's AS)"),
            problems(MINIMAL + "  neighbors: [{name: a, address: 198.18.1.2}]\n"));
    }

    @Test
    void shouldReportPolicyMistakesByPath()
    {
        assertOnlyProblem(MINIMAL + "  policies: {p: {terms: [{match: {prefixes: ['198.18.0.0/15 le 7']}, then: reject}], " +
            "otherwise: accept}}\n", "bgp.policies.p.terms[0].match.prefixes[0]", "ge <= le");
        assertOnlyProblem(MINIMAL + "  policies: {p: {terms: [{match: {prefixes: ['198.18.0.0/15 lt 16']}, then: reject}], " +
            "otherwise: accept}}\n", "bgp.policies.p.terms[0].match.prefixes[0]", "PREFIX [ge N] [le N]");
        assertOnlyProblem(MINIMAL + "  policies: {p: {terms: [{match: {as-path: '(65001'}, then: reject}], " +
            "otherwise: accept}}\n", "bgp.policies.p.terms[0].match.as-path", "not a regular expression");
        assertOnlyProblem(MINIMAL + "  policies: {p: {terms: [{match: {communities: ['65536:1']}, then: reject}], " +
            "otherwise: accept}}\n", "bgp.policies.p.terms[0].match.communities[0]", "not a community pattern");
        assertOnlyProblem(MINIMAL + "  policies: {p: {terms: [{set: {add-communities: ['65000:*']}, then: accept}], " +
            "otherwise: accept}}\n", "bgp.policies.p.terms[0].set.add-communities[0]", "not a community");
        assertOnlyProblem(MINIMAL + "  policies: {p: {terms: [{set: {add-large-communities: ['1:2']}, then: accept}], " +
            "otherwise: accept}}\n", "bgp.policies.p.terms[0].set.add-large-communities[0]", "GLOBAL:LOCAL1:LOCAL2");
        assertOnlyProblem(MINIMAL + "  policies: {p: {terms: [{then: maybe}], otherwise: accept}}\n",
            "bgp.policies.p.terms[0].then", "'maybe' is not accept, reject or next");
        assertOnlyProblem(MINIMAL + "  policies: {p: {otherwise: next}}\n", "bgp.policies.p.otherwise",
            "'next' is not accept or reject");
        assertOnlyProblem(MINIMAL + "  policies: {p: {terms: [{set: {prepend: {count: 17}}, then: accept}], " +
            "otherwise: accept}}\n", "bgp.policies.p.terms[0].set.prepend.count", "out of range 1..16");
    }

    @Test
    void shouldReportOnlyThePolicysOwnMistakeWhenANeighborNamesAPolicyThatDoesNotParse()
    {
        // An agent's session (docs/agent-session.md) got "no policy named 'from-bird'" as well, for a policy that
        // was there but had a typo: the follow-on sent it looking for a missing policy.
        final String neighbors = "  neighbors: [{name: a, address: 198.18.1.2, remote-as: 1, import: from-bird, export: to-bird}]\n";
        assertOnlyProblem(MINIMAL + neighbors + """
              policies:
                from-bird:
                  terms:
                    - {name: prefer, match: {prefixes: [198.19.51.0/24]}, set: {local-pref: high}, then: accept}
                  otherwise: accept
                to-bird: {otherwise: accept}
            """, "bgp.policies.from-bird.terms[0].set.local-pref", "expected an integer, got 'high'");
        assertOnlyProblem(MINIMAL + neighbors + "  policies: {from-bird: [accept], to-bird: {otherwise: accept}}\n",
            "bgp.policies.from-bird", "expected a mapping");
        assertOnlyProblem(MINIMAL + neighbors + "  policies: [from-bird, to-bird]\n", "bgp.policies",
            "expected a mapping of policy names to policies");
        // A policy that is really missing is still named, with the policies there are (the broken one among them).
        assertEquals(List.of("bgp.policies.from-bird.otherwise: required (accept or reject)",
                "bgp.neighbors[0].export: no policy named 'to-bird' (the policies are from-bird)"),
            problems(MINIMAL + neighbors + "  policies: {from-bird: {terms: []}}\n"));
    }
}
