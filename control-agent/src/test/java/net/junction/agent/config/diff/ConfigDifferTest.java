/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config.diff;

import static net.junction.agent.config.ConfigDocuments.FULL;
import static net.junction.agent.config.ConfigDocuments.edit;
import static net.junction.agent.config.ConfigDocuments.parseValid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.junction.agent.config.JunctionConfig;

class ConfigDifferTest
{
    /** The shared full document with a second route (a blackhole) and a second BGP neighbor. */
    private static final String BASE = edit(edit(FULL,
        "  - {prefix: 198.18.100.0/24, via: 198.18.2.2}\n",
        "  - {prefix: 198.18.100.0/24, via: 198.18.2.2}\n  - {prefix: 198.18.101.0/24, blackhole: true}\n"),
        "      export: to-transit\n",
        """
              export: to-transit
            - name: peer2
              address: 198.18.2.3
              remote-as: 65002
              import: from-transit
              export: to-transit
        """);

    private static ConfigDiff diff(final String before, final String after)
    {
        return ConfigDiffer.diff(before, parseValid(before), after, parseValid(after), "running", "candidate");
    }

    @Test
    void shouldFindNoChangeBetweenEqualDocuments()
    {
        final ConfigDiff diff = diff(BASE, BASE);
        assertTrue(diff.isEmpty());
        assertEquals("", diff.text());
        assertEquals("no change\n", diff.describe());
    }

    @Test
    void shouldSeeNoSemanticChangeInCommentsDefaultsOrListOrderButShowTheText()
    {
        final String same = edit(edit(BASE, "device: net_af_packet0\n", "device: net_af_packet0\n    mtu: 1500  # the default\n"),
            """
              - {prefix: 198.18.100.0/24, via: 198.18.2.2}
              - {prefix: 198.18.101.0/24, blackhole: true}
            """, """
              - {prefix: 198.18.101.0/24, blackhole: true}
              - {prefix: 198.18.100.0/24, via: 198.18.2.2}
            """);
        final ConfigDiff diff = diff(BASE, same);
        assertTrue(diff.isEmpty(), diff.describe());
        assertTrue(diff.text().contains("+    mtu: 1500  # the default"), diff.text());
    }

    @Test
    void shouldDiffPortsAddressesAndMtu()
    {
        final ConfigDiff diff = diff(BASE, edit(BASE, "addresses: [198.18.2.1/24]", "addresses: [198.18.2.1/24, 198.18.3.1/24]\n    mtu: 9000"));
        final ObjectChange p1 = diff.change(ObjectKind.PORT, "p1").orElseThrow();
        assertEquals(ChangeType.CHANGED, p1.type());
        assertEquals(List.of(new FieldChange("mtu", "1500", "9000"),
            new FieldChange("addresses", "198.18.2.1/24", "198.18.2.1/24 198.18.3.1/24")), p1.fields());
        assertEquals(1, diff.changes().size(), diff.describe());
        assertEquals("~ port p1: mtu 1500 -> 9000; addresses 198.18.2.1/24 -> 198.18.2.1/24 198.18.3.1/24", p1.describe());
    }

    @Test
    void shouldDiffPortsAddedAndRemoved()
    {
        final String after = edit(BASE, """
              - name: p1
                device: net_af_packet1
                addresses: [198.18.2.1/24]
            """, """
              - name: p1
                device: net_af_packet1
                addresses: [198.18.2.1/24]
              - name: p2
                device: net_af_packet2
            """);
        final ConfigDiff diff = diff(BASE, after);
        assertEquals(ChangeType.ADDED, diff.change(ObjectKind.PORT, "p2").orElseThrow().type());
        assertEquals(ChangeType.REMOVED, diff(after, BASE).change(ObjectKind.PORT, "p2").orElseThrow().type());
    }

    @Test
    void shouldDiffStaticRoutesByPrefix()
    {
        final String after = edit(edit(BASE, "{prefix: 198.18.100.0/24, via: 198.18.2.2}", "{prefix: 198.18.100.0/24, interface: p1}"),
            "{prefix: 198.18.101.0/24, blackhole: true}", "{prefix: 198.18.102.0/24, blackhole: true}");
        final ConfigDiff diff = diff(BASE, after);
        final List<ObjectChange> routes = diff.changes(ObjectKind.ROUTE);
        assertEquals(3, routes.size(), diff.describe());
        assertEquals(List.of(new FieldChange("via", "198.18.2.2", ConfigDiffer.NONE), new FieldChange("interface", ConfigDiffer.NONE, "p1")),
            diff.change(ObjectKind.ROUTE, "198.18.100.0/24").orElseThrow().fields());
        assertEquals(ChangeType.REMOVED, diff.change(ObjectKind.ROUTE, "198.18.101.0/24").orElseThrow().type());
        assertEquals(ChangeType.ADDED, diff.change(ObjectKind.ROUTE, "198.18.102.0/24").orElseThrow().type());
    }

    @Test
    void shouldDiffStaticNeighbors()
    {
        final ConfigDiff diff = diff(BASE, edit(BASE, "mac: 02:00:00:00:00:02", "mac: 02:00:00:00:00:22"));
        assertEquals(List.of(new FieldChange("mac", "02:00:00:00:00:02", "02:00:00:00:00:22")),
            diff.change(ObjectKind.NEIGHBOR, "198.18.2.2 on p1").orElseThrow().fields());
    }

    @Test
    void shouldDiffTopLevelSettings()
    {
        final ConfigDiff diff = diff(BASE, edit(edit(BASE, "cores: [1]", "cores: [2, 1]\ndpdk: {memory-mb: 1024}"), "name: lab", "name: lab2"));
        assertEquals(List.of(ObjectKind.INSTANCE, ObjectKind.DPDK, ObjectKind.CORES),
            diff.changes().stream().map(ObjectChange::kind).toList());
        assertEquals(List.of(new FieldChange("memory-mb", "512", "1024")), diff.changes(ObjectKind.DPDK).getFirst().fields());
    }

    @Test
    void shouldMarkABgpNeighborSessionResetOnlyForSessionParameters()
    {
        final ConfigDiff policyOnly = diff(BASE, edit(BASE, "      import: from-transit\n      export: to-transit\n    - name: peer2",
            "      import: to-transit\n      export: to-transit\n    - name: peer2"));
        final ObjectChange transit = policyOnly.change(ObjectKind.BGP_NEIGHBOR, "transit1").orElseThrow();
        assertEquals(List.of(new FieldChange("import", "from-transit", "to-transit")), transit.fields());
        assertFalse(transit.sessionReset());

        final ConfigDiff remoteAs = diff(BASE, edit(BASE, "remote-as: 65001", "remote-as: 65009\n      hold-time: 30"));
        final ObjectChange reset = remoteAs.change(ObjectKind.BGP_NEIGHBOR, "transit1").orElseThrow();
        assertTrue(reset.sessionReset());
        assertTrue(reset.changes("remote-as") && reset.changes("hold-time"), reset.describe());
    }

    @Test
    void shouldResetForAnAddPathModeButNotForItsCountOfPaths()
    {
        final String two = edit(BASE, "remote-as: 65001", "remote-as: 65001\n      add-path: {send: 2}");
        final ObjectChange count = diff(two, edit(two, "send: 2", "send: all"))
            .change(ObjectKind.BGP_NEIGHBOR, "transit1").orElseThrow();
        assertEquals(List.of(new FieldChange("add-path", "send 2 ipv4-unicast ipv6-unicast",
            "send all ipv4-unicast ipv6-unicast")), count.fields());
        assertFalse(count.sessionReset(), "the count is not in the OPEN: applied live");
        final ObjectChange mode = diff(two, edit(two, "send: 2", "send: 2, receive: true"))
            .change(ObjectKind.BGP_NEIGHBOR, "transit1").orElseThrow();
        assertTrue(mode.sessionReset(), mode.describe());
    }

    @Test
    void shouldNeverShowAPasswordButSeeItChange()
    {
        final String with = edit(BASE, "remote-as: 65001", "remote-as: 65001\n      password: s3cret");
        final ConfigDiff diff = diff(with, edit(with, "s3cret", "0ther"));
        final ObjectChange change = diff.change(ObjectKind.BGP_NEIGHBOR, "transit1").orElseThrow();
        assertTrue(change.sessionReset());
        assertFalse(diff.describe().contains("s3cret") || diff.describe().contains("0ther"), diff.describe());
    }

    @Test
    void shouldMatchARenamedBgpNeighborByAddress()
    {
        final ConfigDiff diff = diff(BASE, edit(BASE, "name: peer2", "name: peer-two"));
        assertEquals(1, diff.changes().size(), diff.describe());
        final ObjectChange change = diff.changes().getFirst();
        assertEquals("peer-two", change.key());
        assertEquals(List.of(new FieldChange("name", "peer2", "peer-two")), change.fields());
        assertFalse(change.sessionReset());
    }

    @Test
    void shouldDiffBgpNeighborsAddedAndRemoved()
    {
        final String without = edit(BASE, """
                - name: peer2
                  address: 198.18.2.3
                  remote-as: 65002
                  import: from-transit
                  export: to-transit
            """, "");
        assertEquals(ChangeType.REMOVED, diff(BASE, without).change(ObjectKind.BGP_NEIGHBOR, "peer2").orElseThrow().type());
        assertEquals(ChangeType.ADDED, diff(without, BASE).change(ObjectKind.BGP_NEIGHBOR, "peer2").orElseThrow().type());
    }

    @Test
    void shouldDiffBgpGlobalsAndNetworks()
    {
        final ConfigDiff diff = diff(BASE, edit(BASE, "networks: [198.18.200.0/24]", "networks: [198.18.201.0/24]\n  multipath: 4"));
        assertEquals(List.of(new FieldChange("multipath", "1", "4")), diff.change(ObjectKind.BGP, "bgp").orElseThrow().fields());
        assertEquals(ChangeType.REMOVED, diff.change(ObjectKind.BGP_NETWORK, "198.18.200.0/24").orElseThrow().type());
        assertEquals(ChangeType.ADDED, diff.change(ObjectKind.BGP_NETWORK, "198.18.201.0/24").orElseThrow().type());
    }

    @Test
    void shouldDiffPolicyTermsAddedRemovedAndChanged()
    {
        final String after = edit(edit(BASE,
            "- {name: tag, set: {local-pref: 120, add-communities: [\"65000:100\"]}, then: accept}",
            "- {name: tag, set: {local-pref: 150, add-communities: [\"65000:100\"]}, then: accept}\n" +
            "        - {name: all, then: accept}"),
            "        - {name: no-bogons, match: {prefixes: [\"198.19.0.0/16 le 32\"]}, then: reject}\n", "");
        final ConfigDiff diff = diff(BASE, after);

        assertEquals(List.of(new FieldChange("terms", "no-bogons, tag", "tag, all")),
            diff.change(ObjectKind.POLICY, "from-transit").orElseThrow().fields());
        assertEquals(List.of(new FieldChange("set", "[local-pref 120, add-communities [65000:100]]",
            "[local-pref 150, add-communities [65000:100]]")),
            diff.change(ObjectKind.POLICY_TERM, "from-transit/tag").orElseThrow().fields());
        assertEquals(ChangeType.REMOVED, diff.change(ObjectKind.POLICY_TERM, "from-transit/no-bogons").orElseThrow().type());
        assertEquals(ChangeType.ADDED, diff.change(ObjectKind.POLICY_TERM, "from-transit/all").orElseThrow().type());
        assertTrue(diff.change(ObjectKind.POLICY, "to-transit").isEmpty());
    }

    @Test
    void shouldSeeTheSameLargeCommunitiesAsEqual()
    {
        // long[] inside the policy records: compared by value, not identity.
        assertTrue(diff(BASE, BASE + "\n").isEmpty());
    }

    @Test
    void shouldDiffPoliciesAddedRemovedAndTheirOtherwise()
    {
        final String after = edit(BASE, "      otherwise: reject\n    to-transit:", "      otherwise: accept\n    to-transit:") +
            "    spare:\n      otherwise: accept\n";
        final ConfigDiff diff = diff(BASE, after);
        assertEquals(List.of(new FieldChange("otherwise", "reject", "accept")),
            diff.change(ObjectKind.POLICY, "from-transit").orElseThrow().fields());
        assertEquals(ChangeType.ADDED, diff.change(ObjectKind.POLICY, "spare").orElseThrow().type());
        assertEquals(ChangeType.REMOVED, diff(after, BASE).change(ObjectKind.POLICY, "spare").orElseThrow().type());
    }

    @Test
    void shouldDiffFromNothingAsEverythingAdded()
    {
        final ConfigDiff diff = ConfigDiffer.diff("", null, BASE, parseValid(BASE), "running (none)", "candidate");
        assertEquals(2, diff.changes(ObjectKind.PORT).size());
        assertTrue(diff.changes().stream().allMatch(c -> c.type() == ChangeType.ADDED), diff.describe());
        assertTrue(diff.text().startsWith("--- running (none)\n+++ candidate\n@@ -"), diff.text());
        assertTrue(diff.text().contains("\n+name: lab\n"), diff.text());
    }

    @Test
    void shouldProduceAUnifiedTextDiff()
    {
        final String text = ConfigDiffer.textDiff("a\nb\nc\n", "a\nB\nc\n", "running (commit 1)", "candidate");
        assertEquals("--- running (commit 1)\n+++ candidate\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n", text);
    }
}
