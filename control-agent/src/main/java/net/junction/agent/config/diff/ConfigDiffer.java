/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config.diff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import net.junction.agent.config.ApiConfig;
import net.junction.agent.config.CoppConfig;
import net.junction.agent.config.DpdkConfig;
import net.junction.agent.config.JournalConfig;
import net.junction.agent.config.JunctionConfig;
import net.junction.agent.config.ListenAddress;
import net.junction.agent.config.MetricsConfig;
import net.junction.agent.config.PortConfig;
import net.junction.agent.config.StaticNeighbor;
import net.junction.agent.config.StaticRoute;
import net.junction.bgp.config.AddPathConfig;
import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.Ip4;
import net.junction.routing.IpPrefix;

/**
 * Compares two validated configurations object by object (see {@link ConfigDiff}). Pure: the
 * records in, the changes out. Objects are matched by their key (a port by name, a route by
 * prefix, a BGP neighbor by name, else by address, a policy term by name within its policy),
 * so reordering a list is no change, except where order is meaning: {@code cores} (worker
 * order) and a policy's terms (tried in order).
 */
public final class ConfigDiffer
{
    /** Shown for a field that one side does not set. */
    public static final String NONE = "(none)";
    /** Lines of context around each hunk of the text diff. */
    public static final int CONTEXT_LINES = 3;

    /**
     * BGP neighbor fields a session is opened with: changing one resets that session. The list is
     * the speaker's own ({@link PeerConfig#SESSION_FIELDS}), so the diff says what the commit does.
     */
    public static final Set<String> SESSION_FIELDS = Set.copyOf(PeerConfig.SESSION_FIELDS);

    private ConfigDiffer()
    {
    }

    /**
     * @param runningText    the running document, or empty when nothing runs yet.
     * @param running        its configuration, or null when nothing runs yet.
     * @param candidateText  the candidate document.
     * @param candidate      its configuration.
     * @param runningLabel   what the text diff calls the running side, such as {@code running (commit 7)}.
     * @param candidateLabel what it calls the candidate.
     * @return the changes from running to candidate.
     */
    public static ConfigDiff diff(
        final String runningText, final JunctionConfig running, final String candidateText, final JunctionConfig candidate,
        final String runningLabel, final String candidateLabel)
    {
        final List<ObjectChange> changes = new ArrayList<>();
        instance(running, candidate, changes);
        dpdk(null == running ? null : running.dpdk(), candidate.dpdk(), changes);
        cores(null == running ? null : running.cores(), candidate.cores(), changes);
        compare(ObjectKind.PORT, null == running ? List.of() : running.ports(), candidate.ports(),
            PortConfig::name, ConfigDiffer::portFields, changes);
        compare(ObjectKind.ROUTE, null == running ? List.of() : running.routes(), candidate.routes(),
            r -> r.prefix().toString(), ConfigDiffer::routeFields, changes);
        compare(ObjectKind.NEIGHBOR, null == running ? List.of() : running.neighbors(), candidate.neighbors(),
            n -> n.address() + " on " + n.port(), ConfigDiffer::neighborFields, changes);
        bgp(null == running ? Optional.empty() : running.bgp(), candidate.bgp(), changes);
        section(ObjectKind.API, null == running ? null : apiFields(running.api()), apiFields(candidate.api()),
            apiFields(ApiConfig.DEFAULTS), changes);
        section(ObjectKind.METRICS, null == running ? null : metricsFields(running.metrics()),
            metricsFields(candidate.metrics()), metricsFields(MetricsConfig.DEFAULTS), changes);
        section(ObjectKind.JOURNAL, null == running ? null : journalFields(running.journal()),
            journalFields(candidate.journal()), journalFields(JournalConfig.DEFAULTS), changes);
        section(ObjectKind.COPP, null == running ? null : coppFields(running.copp()),
            coppFields(candidate.copp()), coppFields(CoppConfig.DEFAULTS), changes);
        return new ConfigDiff(changes, textDiff(runningText, candidateText, runningLabel, candidateLabel));
    }

    /**
     * @return a unified diff of the two texts, or empty when they are equal.
     */
    public static String textDiff(final String before, final String after, final String beforeLabel, final String afterLabel)
    {
        if (before.equals(after))
        {
            return "";
        }
        final List<String> a = before.isEmpty() ? List.of() : before.lines().toList();
        final List<String> b = after.isEmpty() ? List.of() : after.lines().toList();
        final Patch<String> patch = DiffUtils.diff(a, b);
        final List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(beforeLabel, afterLabel, a, patch, CONTEXT_LINES);
        if (lines.isEmpty())
        {
            // Only line endings or a final newline differ, which lines() does not see.
            return "--- " + beforeLabel + "\n+++ " + afterLabel + "\n(only line endings differ)\n";
        }
        return String.join("\n", lines) + "\n";
    }

    // ------------------------------------------------------------------------------ top level

    private static void instance(final JunctionConfig running, final JunctionConfig candidate, final List<ObjectChange> changes)
    {
        final String before = null == running ? NONE : running.name();
        if (!before.equals(candidate.name()))
        {
            changes.add(new ObjectChange(ObjectKind.INSTANCE, "name", null == running ? ChangeType.ADDED : ChangeType.CHANGED,
                List.of(new FieldChange("name", before, candidate.name())), false));
        }
    }

    /**
     * A section that is one object, its fields as text; {@code running} null when nothing runs yet.
     * A first configuration that leaves the section at its defaults shows no change for it.
     */
    private static void section(
        final ObjectKind kind, final Map<String, String> running, final Map<String, String> candidate,
        final Map<String, String> defaults, final List<ObjectChange> changes)
    {
        if (null == running && candidate.equals(defaults))
        {
            return;
        }
        final List<FieldChange> fields = fieldChanges(null == running ? absent(candidate) : running, candidate);
        if (!fields.isEmpty())
        {
            changes.add(new ObjectChange(kind, kind.label(), null == running ? ChangeType.ADDED : ChangeType.CHANGED,
                fields, false));
        }
    }

    private static Map<String, String> apiFields(final ApiConfig api)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("socket", Boolean.toString(api.socket()));
        fields.put("listen", api.listen().map(ListenAddress::format).orElse(NONE));
        fields.put("tls.certificate", api.tls().map(t -> t.certificate().toString()).orElse(NONE));
        fields.put("tls.key", api.tls().map(t -> t.key().toString()).orElse(NONE));
        return fields;
    }

    private static Map<String, String> metricsFields(final MetricsConfig metrics)
    {
        return Map.of("listen", metrics.listen().map(ListenAddress::format).orElse(NONE));
    }

    private static Map<String, String> journalFields(final JournalConfig journal)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("enabled", Boolean.toString(journal.enabled()));
        fields.put("retention-days", Integer.toString(journal.retentionDays()));
        fields.put("max-size", JournalConfig.formatSize(journal.maxBytes()));
        return fields;
    }

    private static Map<String, String> coppFields(final CoppConfig copp)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        for (int c = 0; c < net.junction.dataplane.copp.CoppPolicy.CLASSES; c++)
        {
            final String name = net.junction.dataplane.copp.CoppPolicy.CLASS_NAMES.get(c);
            fields.put(name + ".rate-pps", Long.toString(copp.rate(c).ratePps()));
            fields.put(name + ".burst", Integer.toString(copp.rate(c).burst()));
        }
        return fields;
    }

    private static void dpdk(final DpdkConfig running, final DpdkConfig candidate, final List<ObjectChange> changes)
    {
        final Map<String, String> after = dpdkFields(candidate);
        final Map<String, String> before = null == running ? absent(after) : dpdkFields(running);
        final List<FieldChange> fields = fieldChanges(before, after);
        if (!fields.isEmpty())
        {
            changes.add(new ObjectChange(ObjectKind.DPDK, "dpdk", null == running ? ChangeType.ADDED : ChangeType.CHANGED,
                fields, false));
        }
    }

    private static Map<String, String> dpdkFields(final DpdkConfig dpdk)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("memory-mb", Integer.toString(dpdk.memoryMb()));
        fields.put("hugepages", Boolean.toString(dpdk.hugepages()));
        fields.put("extra-args", dpdk.extraArgs().toString());
        fields.put("mbufs", DpdkConfig.AUTO_MBUFS == dpdk.mbufs() ? "auto" : Integer.toString(dpdk.mbufs()));
        fields.put("poll", dpdk.poll().text());
        return fields;
    }

    private static void cores(final List<Integer> running, final List<Integer> candidate, final List<ObjectChange> changes)
    {
        if (!candidate.equals(running))
        {
            changes.add(new ObjectChange(ObjectKind.CORES, "cores", null == running ? ChangeType.ADDED : ChangeType.CHANGED,
                List.of(new FieldChange("cores", null == running ? NONE : running.toString(), candidate.toString())), false));
        }
    }

    // ---------------------------------------------------------------------------------- ports etc.

    private static Map<String, String> portFields(final PortConfig port)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("device", port.device());
        fields.put("queues", Integer.toString(port.queues()));
        fields.put("mtu", Integer.toString(port.mtu()));
        fields.put("mac", port.macText());
        fields.put("addresses", port.addresses().isEmpty() ? NONE :
            port.addresses().stream().map(Object::toString).collect(Collectors.joining(" ")));
        fields.put("exception-path", Boolean.toString(port.exceptionPath()));
        return fields;
    }

    private static Map<String, String> routeFields(final StaticRoute route)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("via", route.via().isEmpty() ? NONE :
            route.via().stream().map(Object::toString).collect(Collectors.joining(" ")));
        fields.put("interface", route.interfaceName().orElse(NONE));
        fields.put("blackhole", Boolean.toString(route.blackhole()));
        return fields;
    }

    private static Map<String, String> neighborFields(final StaticNeighbor neighbor)
    {
        return Map.of("mac", neighbor.macText());
    }

    // ----------------------------------------------------------------------------------------- bgp

    private static void bgp(final Optional<BgpConfig> running, final Optional<BgpConfig> candidate, final List<ObjectChange> changes)
    {
        if (running.isEmpty() && candidate.isEmpty())
        {
            return;
        }
        final Map<String, String> before = running.map(ConfigDiffer::bgpFields).orElse(null);
        final Map<String, String> after = candidate.map(ConfigDiffer::bgpFields).orElse(null);
        if (null == before)
        {
            changes.add(new ObjectChange(ObjectKind.BGP, "bgp", ChangeType.ADDED, fieldChanges(absent(after), after), false));
        }
        else if (null == after)
        {
            changes.add(new ObjectChange(ObjectKind.BGP, "bgp", ChangeType.REMOVED, fieldChanges(before, absent(before)), false));
        }
        else
        {
            final List<FieldChange> fields = fieldChanges(before, after);
            if (!fields.isEmpty())
            {
                changes.add(new ObjectChange(ObjectKind.BGP, "bgp", ChangeType.CHANGED, fields, false));
            }
        }
        bgpNeighbors(running.map(BgpConfig::neighbors).orElse(List.of()), candidate.map(BgpConfig::neighbors).orElse(List.of()),
            changes);
        compare(ObjectKind.BGP_NETWORK, running.map(BgpConfig::networks).orElse(List.of()),
            candidate.map(BgpConfig::networks).orElse(List.of()), IpPrefix::toString, p -> Map.of(), changes);
        policies(running.map(BgpConfig::policies).orElse(Map.of()), candidate.map(BgpConfig::policies).orElse(Map.of()),
            changes);
    }

    private static Map<String, String> bgpFields(final BgpConfig bgp)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("local-as", Integer.toUnsignedString(bgp.localAs()));
        fields.put("router-id", Ip4.format(bgp.routerId()));
        fields.put("listen", bgp.listenAddress().map(Object::toString).orElse("all") + " port " + bgp.listenPort());
        fields.put("multipath", Integer.toString(bgp.multipath()));
        if (!bgp.rpki().caches().isEmpty())
        {
            fields.put("rpki.caches", list(bgp.rpki().caches(), c -> c.name() + " preference " + c.preference() +
                c.refresh().stream().mapToObj(v -> " refresh " + v).findFirst().orElse("") +
                c.retry().stream().mapToObj(v -> " retry " + v).findFirst().orElse("") +
                c.expire().stream().mapToObj(v -> " expire " + v).findFirst().orElse("")));
        }
        if (!bgp.bmp().stations().isEmpty())
        {
            fields.put("bmp.stations", list(bgp.bmp().stations(), s -> s.name() + " monitoring" +
                (s.prePolicy() ? " pre-policy" : "") + (s.postPolicy() ? " post-policy" : "") +
                (s.locRib() ? " loc-rib" : "") + " statistics-interval " + s.statisticsIntervalSeconds() + " retry " +
                s.retrySeconds() + " queue-limit " + s.queueLimit()));
        }
        if (bgp.mrt().enabled())
        {
            final net.junction.bgp.mrt.MrtConfig mrt = bgp.mrt();
            fields.put("mrt", mrt.directory().orElseThrow() + " table-dump-interval " + mrt.tableDumpIntervalSeconds() +
                " update-log " + mrt.updateLog() + " rotate-interval " + mrt.rotateIntervalSeconds() + " keep " + mrt.keep());
        }
        return fields;
    }

    private static void bgpNeighbors(final List<PeerConfig> running, final List<PeerConfig> candidate, final List<ObjectChange> changes)
    {
        // By name, else by address: a neighbor renamed keeps its address, the same peer.
        for (final PeerConfig.Match match : PeerConfig.match(running, candidate))
        {
            if (null == match.after())
            {
                final Map<String, String> before = peerFields(match.before());
                changes.add(new ObjectChange(ObjectKind.BGP_NEIGHBOR, match.before().name(), ChangeType.REMOVED,
                    fieldChanges(before, absent(before)), false));
            }
            else if (null == match.before())
            {
                final Map<String, String> after = peerFields(match.after());
                changes.add(new ObjectChange(ObjectKind.BGP_NEIGHBOR, match.after().name(), ChangeType.ADDED,
                    fieldChanges(absent(after), after), false));
            }
            else
            {
                final List<FieldChange> fields =
                    new ArrayList<>(fieldChanges(peerFields(match.before()), peerFields(match.after())));
                if (passwordChanged(match.before(), match.after()) && fields.stream().noneMatch(f -> "password".equals(f.field())))
                {
                    fields.add(new FieldChange("password", "(set)", "(set, another key)"));
                }
                if (!fields.isEmpty())
                {
                    // The speaker's own test: a change of add-path's send count alone is applied live.
                    final boolean reset = !match.before().sessionFieldsChanged(match.after()).isEmpty();
                    changes.add(new ObjectChange(ObjectKind.BGP_NEIGHBOR, match.after().name(), ChangeType.CHANGED, fields, reset));
                }
            }
        }
    }

    private static boolean passwordChanged(final PeerConfig before, final PeerConfig after)
    {
        return !before.password().equals(after.password());
    }

    private static Map<String, String> peerFields(final PeerConfig peer)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", peer.name());
        fields.put("address", peer.remoteAddress().toString());
        fields.put("remote-as", Integer.toUnsignedString(peer.remoteAs()));
        fields.put("local-address", peer.localAddress().map(Object::toString).orElse(NONE));
        fields.put("local-as", peer.localAs().map(Integer::toUnsignedString).orElse(NONE));
        fields.put("passive", Boolean.toString(peer.passive()));
        fields.put("hold-time", Integer.toString(peer.holdTimeSeconds()));
        fields.put("connect-retry", Integer.toString(peer.connectRetrySeconds()));
        // Never the key itself; a changed key is caught by passwordChanged and shown as "(set) -> (set)".
        fields.put("password", peer.password().isPresent() ? "(set)" : NONE);
        fields.put("ttl-security", peer.ttlSecurityHops().map(Object::toString).orElse(NONE));
        fields.put("ebgp-multihop", peer.ebgpMultihop().map(Object::toString).orElse(NONE));
        fields.put("role", peer.role().map(Object::toString).orElse(NONE));
        fields.put("strict-role", Boolean.toString(peer.strictRole()));
        fields.put("families", peer.families().stream().map(AfiSafi::toString).sorted().collect(Collectors.joining(" ")));
        fields.put("graceful-restart", Boolean.toString(peer.gracefulRestart()));
        fields.put("restart-time", Integer.toString(peer.restartTimeSeconds()));
        fields.put("max-prefixes", peer.maxPrefixes().isEmpty() ? NONE : new TreeMap<>(peer.maxPrefixes().entrySet().stream()
            .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue))).toString());
        fields.put("import", peer.importPolicy().orElse(NONE));
        fields.put("export", peer.exportPolicy().orElse(NONE));
        fields.put("next-hop-self", Boolean.toString(peer.nextHopSelf()));
        fields.put("route-reflector-client", Boolean.toString(peer.routeReflectorClient()));
        fields.put("extended-next-hop", Boolean.toString(peer.extendedNextHop()));
        fields.put("add-path", !peer.addPath().enabled() ? NONE : addPathText(peer.addPath()));
        fields.put("relay-unknown-attributes", Boolean.toString(peer.relayUnknownAttributes()));
        return fields;
    }

    /** {@code receive send 4 ipv4-unicast ipv6-unicast}: the modes, then the families. */
    private static String addPathText(final AddPathConfig addPath)
    {
        final List<String> words = new ArrayList<>();
        if (addPath.receive())
        {
            words.add("receive");
        }
        if (addPath.send() > 0)
        {
            words.add("send " + (addPath.send() == AddPathConfig.SEND_ALL ? "all" : Integer.toString(addPath.send())));
        }
        addPath.families().stream().map(AfiSafi::toString).sorted().forEach(words::add);
        return String.join(" ", words);
    }

    // ------------------------------------------------------------------------------------ policies

    private static void policies(final Map<String, Policy> running, final Map<String, Policy> candidate,
        final List<ObjectChange> changes)
    {
        final List<String> names = new ArrayList<>(new TreeMap<>(running).keySet());
        candidate.keySet().stream().filter(n -> !running.containsKey(n)).sorted().forEach(names::add);
        for (final String name : names)
        {
            final Policy before = running.get(name);
            final Policy after = candidate.get(name);
            if (null == before)
            {
                final Map<String, String> fields = policyFields(after);
                changes.add(new ObjectChange(ObjectKind.POLICY, name, ChangeType.ADDED, fieldChanges(absent(fields), fields), false));
            }
            else if (null == after)
            {
                final Map<String, String> fields = policyFields(before);
                changes.add(new ObjectChange(ObjectKind.POLICY, name, ChangeType.REMOVED, fieldChanges(fields, absent(fields)), false));
            }
            else
            {
                final List<FieldChange> fields = fieldChanges(policyFields(before), policyFields(after));
                if (!fields.isEmpty())
                {
                    changes.add(new ObjectChange(ObjectKind.POLICY, name, ChangeType.CHANGED, fields, false));
                }
                compare(ObjectKind.POLICY_TERM, keyedTerms(name, before), keyedTerms(name, after), KeyedTerm::key,
                    t -> termFields(t.term()), changes);
            }
        }
    }

    private static Map<String, String> policyFields(final Policy policy)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("terms", policy.terms().isEmpty() ? NONE :
            policy.terms().stream().map(Policy.Term::name).collect(Collectors.joining(", ")));
        fields.put("otherwise", policy.otherwise().name().toLowerCase(java.util.Locale.ROOT));
        return fields;
    }

    private record KeyedTerm(String key, Policy.Term term)
    {
    }

    /** Terms keyed {@code POLICY/TERM}; a name used twice in one policy gets {@code #2}, {@code #3}. */
    private static List<KeyedTerm> keyedTerms(final String policy, final Policy p)
    {
        final Map<String, Integer> seen = new HashMap<>();
        final List<KeyedTerm> terms = new ArrayList<>();
        for (final Policy.Term term : p.terms())
        {
            final int n = seen.merge(term.name(), 1, Integer::sum);
            terms.add(new KeyedTerm(policy + "/" + term.name() + (1 == n ? "" : "#" + n), term));
        }
        return terms;
    }

    private static Map<String, String> termFields(final Policy.Term term)
    {
        final Policy.Match match = term.match();
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("match.family", match.family().map(AfiSafi::toString).orElse(NONE));
        fields.put("match.prefixes", list(match.prefixes(), e ->
            e.prefix() + (e.ge() == e.prefix().length() && e.le() == e.prefix().length() ? "" : " ge " + e.ge() + " le " + e.le())));
        fields.put("match.as-path", match.asPath().orElse(NONE));
        fields.put("match.communities", list(match.communities(), c -> half(c.asn()) + ":" + half(c.value())));
        fields.put("match.large-communities", list(match.largeCommunities(), c ->
            half(c.global()) + ":" + half(c.local1()) + ":" + half(c.local2())));
        fields.put("match.next-hop", list(match.nextHops(), Object::toString));
        if (!match.rpki().isEmpty())
        {
            fields.put("match.rpki", list(match.rpki(), net.junction.bgp.rpki.ValidationState::text));
        }
        fields.put("set", list(term.actions(), ConfigDiffer::action));
        fields.put("then", term.disposition().name().toLowerCase(java.util.Locale.ROOT));
        return fields;
    }

    private static String half(final long value)
    {
        return value < 0 ? "*" : Long.toString(value);
    }

    private static String community(final int community)
    {
        return (community >>> 16) + ":" + (community & 0xFFFF);
    }

    private static String action(final Policy.Action action)
    {
        return switch (action)
        {
            case Policy.Action.SetLocalPref a -> "local-pref " + a.value();
            case Policy.Action.SetMed a -> "med " + a.value();
            case Policy.Action.AddCommunities a -> "add-communities " + list(a.communities(), ConfigDiffer::community);
            case Policy.Action.RemoveCommunities a ->
                "remove-communities " + list(a.patterns(), c -> half(c.asn()) + ":" + half(c.value()));
            case Policy.Action.SetCommunities a -> "communities " + list(a.communities(), ConfigDiffer::community);
            case Policy.Action.AddLargeCommunities a -> "add-large-communities " +
                list(a.communities(), c -> Long.toString(c[0]) + ":" + c[1] + ":" + c[2]);
            case Policy.Action.RemoveLargeCommunities a -> "remove-large-communities " +
                list(a.patterns(), c -> half(c.global()) + ":" + half(c.local1()) + ":" + half(c.local2()));
            case Policy.Action.PrependAs a -> "prepend " + (0 == a.asn() ? "own AS" : Integer.toUnsignedString(a.asn())) +
                " x" + a.count();
            case Policy.Action.NextHopSelf a -> "next-hop self";
            case Policy.Action.SetNextHop a -> "next-hop " + a.address();
        };
    }

    private static <T> String list(final List<T> values, final Function<T, String> text)
    {
        return values.isEmpty() ? NONE : "[" + values.stream().map(text).collect(Collectors.joining(", ")) + "]";
    }

    // -------------------------------------------------------------------------------------- shared

    /**
     * Matches objects by key: changed ones in the running order, then removed ones, then added ones
     * in the candidate's order.
     */
    private static <T> void compare(
        final ObjectKind kind, final List<T> running, final List<T> candidate, final Function<T, String> key,
        final Function<T, Map<String, String>> fields, final List<ObjectChange> changes)
    {
        final Map<String, T> after = new LinkedHashMap<>();
        candidate.forEach(o -> after.putIfAbsent(key.apply(o), o));
        final Map<String, T> before = new LinkedHashMap<>();
        running.forEach(o -> before.putIfAbsent(key.apply(o), o));
        final List<ObjectChange> removed = new ArrayList<>();
        for (final Map.Entry<String, T> entry : before.entrySet())
        {
            final T other = after.get(entry.getKey());
            final Map<String, String> b = fields.apply(entry.getValue());
            if (null == other)
            {
                removed.add(new ObjectChange(kind, entry.getKey(), ChangeType.REMOVED, fieldChanges(b, absent(b)), false));
                continue;
            }
            final List<FieldChange> differences = fieldChanges(b, fields.apply(other));
            if (!differences.isEmpty())
            {
                changes.add(new ObjectChange(kind, entry.getKey(), ChangeType.CHANGED, differences, false));
            }
        }
        changes.addAll(removed);
        for (final Map.Entry<String, T> entry : after.entrySet())
        {
            if (!before.containsKey(entry.getKey()))
            {
                final Map<String, String> a = fields.apply(entry.getValue());
                changes.add(new ObjectChange(kind, entry.getKey(), ChangeType.ADDED, fieldChanges(absent(a), a), false));
            }
        }
    }

    private static Map<String, String> absent(final Map<String, String> fields)
    {
        final Map<String, String> none = new LinkedHashMap<>();
        fields.keySet().forEach(k -> none.put(k, NONE));
        return none;
    }

    /** Fields whose values differ, in the order of {@code after} (then any only in {@code before}). */
    private static List<FieldChange> fieldChanges(final Map<String, String> before, final Map<String, String> after)
    {
        final List<FieldChange> fields = new ArrayList<>();
        for (final Map.Entry<String, String> entry : after.entrySet())
        {
            final String b = before.getOrDefault(entry.getKey(), NONE);
            if (!b.equals(entry.getValue()))
            {
                fields.add(new FieldChange(entry.getKey(), b, entry.getValue()));
            }
        }
        for (final Map.Entry<String, String> entry : before.entrySet())
        {
            if (!after.containsKey(entry.getKey()) && !NONE.equals(entry.getValue()))
            {
                fields.add(new FieldChange(entry.getKey(), entry.getValue(), NONE));
            }
        }
        return fields;
    }
}
