/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import net.junction.agent.config.YamlNode.Fields;
import net.junction.bgp.bmp.BmpConfig;
import net.junction.bgp.config.AddPathConfig;
import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.BgpRole;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.mrt.MrtConfig;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.policy.Policy.Action;
import net.junction.bgp.policy.Policy.CommunityPattern;
import net.junction.bgp.policy.Policy.LargeCommunityPattern;
import net.junction.bgp.policy.Policy.PrefixEntry;
import net.junction.bgp.rpki.RpkiConfig;
import net.junction.bgp.rpki.ValidationState;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.Ip4Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

/**
 * Reads and checks the {@code bgp:} section of a configuration (docs/contracts.md) into a
 * {@link BgpConfig}. Problems are reported by path like the rest of the file; references between
 * parts (a neighbor's policy) are checked, as are communities, prefix-list entries and AS-path
 * expressions.
 */
final class BgpConfigReader
{
    static final List<String> BGP_KEYS =
        List.of("local-as", "router-id", "listen", "multipath", "networks", "neighbors", "policies", "rpki", "mrt", "bmp");
    static final List<String> LISTEN_KEYS = List.of("address", "port");
    static final List<String> NEIGHBOR_KEYS = List.of(
        "name", "address", "remote-as", "local-address", "local-as", "passive", "hold-time", "connect-retry",
        "password", "ttl-security", "families", "graceful-restart", "restart-time", "max-prefixes", "import",
        "export", "next-hop-self", "route-reflector-client", "ebgp-multihop", "update-source", "role", "strict-role",
        "extended-next-hop", "add-path", "relay-unknown-attributes");
    static final List<String> ADD_PATH_KEYS = List.of("receive", "send", "families");
    static final List<String> POLICY_KEYS = List.of("terms", "otherwise");
    static final List<String> TERM_KEYS = List.of("name", "match", "set", "then");
    static final List<String> MATCH_KEYS =
        List.of("family", "prefixes", "as-path", "communities", "large-communities", "next-hop", "rpki");
    static final List<String> SET_KEYS = List.of(
        "local-pref", "med", "communities", "add-communities", "remove-communities", "add-large-communities",
        "remove-large-communities", "prepend", "next-hop");
    static final List<String> PREPEND_KEYS = List.of("as", "count");
    static final List<String> RPKI_KEYS = List.of("caches");
    static final List<String> CACHE_KEYS = List.of("address", "port", "preference", "refresh", "retry", "expire");
    static final List<String> BMP_KEYS = List.of("stations");
    static final List<String> STATION_KEYS =
        List.of("address", "port", "monitoring", "statistics-interval", "retry", "queue-limit");
    /** What a BMP station may be sent ({@code bgp.bmp.stations[].monitoring}). */
    static final List<String> MONITORING = List.of("pre-policy", "post-policy", "loc-rib");
    static final List<String> MRT_KEYS = List.of("directory", "table-dump-interval", "update-log", "rotate-interval", "keep");

    /** Families by their configuration names. */
    static final Map<String, AfiSafi> FAMILIES = Map.of(
        "ipv4-unicast", AfiSafi.IPV4_UNICAST, "ipv6-unicast", AfiSafi.IPV6_UNICAST);

    /** RFC 1997 and RFC 7999 well-known communities by name. */
    static final Map<String, Integer> WELL_KNOWN = Map.of(
        "no-export", 0xFFFFFF01, "no-advertise", 0xFFFFFF02, "no-export-subconfed", 0xFFFFFF03,
        "nopeer", 0xFFFFFF04, "blackhole", 0xFFFF029A, "graceful-shutdown", 0xFFFF0000);

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final long MAX_AS = 0xFFFF_FFFFL;
    private static final int AS_TRANS = 23456;

    private final Problems problems;
    private final Set<IpAddress> ownAddresses;
    /** Each port's and sub-interface's addresses by its name; empty when the ports could not be read. */
    private final Optional<Map<String, List<IpAddress>>> interfaces;

    BgpConfigReader(final Problems problems, final Set<IpAddress> ownAddresses,
        final Optional<Map<String, List<IpAddress>>> interfaces)
    {
        this.problems = problems;
        this.ownAddresses = ownAddresses;
        this.interfaces = interfaces;
    }

    Optional<BgpConfig> read(final YamlNode node)
    {
        final Optional<Fields> mapping = node.asMapping(BGP_KEYS);
        if (mapping.isEmpty())
        {
            return Optional.empty();
        }
        final Fields fields = mapping.get();
        final int before = problems.count();

        final Optional<Integer> localAs = fields.required("local-as", "this router's AS, 1..4294967295")
            .flatMap(n -> asNumber(n, "local-as"));
        final Optional<Integer> routerId = fields.required("router-id", "an IPv4 address, such as 198.18.0.1")
            .flatMap(this::routerId);
        Optional<IpAddress> listenAddress = Optional.empty();
        int listenPort = BgpConfig.BGP_PORT;
        if (fields.has("listen"))
        {
            final Optional<Fields> listen = fields.optional("listen").orElseThrow().asMapping(LISTEN_KEYS);
            if (listen.isPresent())
            {
                listenAddress = listen.get().optional("address")
                    .flatMap(n -> n.asString().flatMap(t -> ConfigReader.address(n, t)));
                listenPort = listen.get().optional("port")
                    .flatMap(n -> n.asInteger(0, 65535)).orElse(BgpConfig.BGP_PORT);
            }
        }
        final int multipath = fields.optional("multipath").flatMap(n -> n.asInteger(1, 16)).orElse(1);
        final List<IpPrefix> networks = fields.optional("networks")
            .flatMap(n -> eachOf(n, e -> e.asString().flatMap(t -> ConfigReader.prefix(e, t)))).orElse(List.of());

        final Map<String, Policy> policies = new LinkedHashMap<>();
        // Every name given under bgp.policies, also of a policy that did not parse: its own problems are
        // reported where it is, and a neighbor naming it must not add "no policy named" to them. When
        // bgp.policies is not a mapping at all no name is known, and references are not checked.
        final Set<String> policyNames = new LinkedHashSet<>();
        final boolean policiesReadable = fields.optional("policies")
            .map(n -> readPolicies(n, policies, policyNames)).orElse(true);
        final List<PeerConfig> neighbors = fields.optional("neighbors")
            .flatMap(n -> neighbors(n, policiesReadable ? Optional.of(policyNames) : Optional.empty(), localAs))
            .orElse(List.of());
        final RpkiConfig rpki = fields.optional("rpki").flatMap(this::rpki).orElse(RpkiConfig.NONE);
        final MrtConfig mrt = fields.optional("mrt").flatMap(this::mrt).orElse(MrtConfig.NONE);
        final BmpConfig bmp = fields.optional("bmp").flatMap(this::bmp).orElse(BmpConfig.NONE);

        if (problems.count() != before)
        {
            return Optional.empty();
        }
        try
        {
            return Optional.of(new BgpConfig(localAs.orElseThrow(), routerId.orElseThrow(), listenAddress, listenPort,
                multipath, neighbors, policies, networks, rpki, mrt, bmp));
        }
        catch (final IllegalArgumentException ex)
        {
            node.report(ex.getMessage());
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------ neighbors

    private Optional<List<PeerConfig>> neighbors(final YamlNode node, final Optional<Set<String>> policyNames,
        final Optional<Integer> speakerAs)
    {
        final Set<String> names = new HashSet<>();
        final Set<IpAddress> addresses = new HashSet<>();
        return eachOf(node, element -> neighbor(element, policyNames, names, addresses, speakerAs));
    }

    private Optional<PeerConfig> neighbor(final YamlNode node, final Optional<Set<String>> policyNames,
        final Set<String> names, final Set<IpAddress> addresses, final Optional<Integer> speakerAs)
    {
        final Optional<Fields> mapping = node.asMapping(NEIGHBOR_KEYS);
        if (mapping.isEmpty())
        {
            return Optional.empty();
        }
        final Fields f = mapping.get();
        final int before = problems.count();

        final Optional<String> name = f.required("name", "a label such as 'transit1', [a-z0-9-]{1,32}")
            .flatMap(n -> n.asString().filter(text -> checkName(n, text, "a neighbor name")))
            .filter(text -> unique(f, "name", names, text, "another neighbor is named " + text));
        final Optional<IpAddress> address = f.required("address", "the neighbor's address")
            .flatMap(n -> n.asString().flatMap(t -> ConfigReader.address(n, t)).filter(a -> notOwn(n, a)))
            .filter(a -> unique(f, "address", addresses, a, "another neighbor has the address " + a));
        final Optional<Integer> remoteAs = f.required("remote-as", "the neighbor's AS")
            .flatMap(n -> asNumber(n, "remote-as"));
        final Optional<IpAddress> localAddress = f.optional("local-address")
            .flatMap(n -> n.asString().flatMap(t -> ConfigReader.address(n, t)).filter(a -> own(n, a)));
        final Optional<Integer> localAs = f.optional("local-as").flatMap(n -> asNumber(n, "local-as"));
        final boolean passive = f.optional("passive").flatMap(YamlNode::asBoolean).orElse(false);
        final Optional<Integer> holdTime = f.optional("hold-time").flatMap(n -> n.asInteger(0, 65535)
            .filter(t -> t == 0 || t >= 3 || report(n, "a hold time is 0 (no keepalives) or at least 3 s (RFC 4271)")));
        final int connectRetry = f.optional("connect-retry").flatMap(n -> n.asInteger(1, 3600))
            .orElse(PeerConfig.DEFAULT_CONNECT_RETRY);
        final Optional<String> password = f.optional("password").flatMap(n -> n.asString()
            .filter(p -> (!p.isEmpty() && p.length() <= 80) || report(n, "a TCP MD5 key has 1..80 characters")));
        final Optional<Integer> ttlSecurity = f.optional("ttl-security").flatMap(n -> n.asInteger(1, 254));
        final Set<AfiSafi> families = f.optional("families")
            .flatMap(n -> eachOf(n, this::family).map(Set::copyOf))
            .orElse(Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST));
        if (f.has("families") && families.isEmpty())
        {
            problems.add(f.path("families"), "give at least one of " + String.join(", ", FAMILIES.keySet()));
        }
        final boolean gracefulRestart = f.optional("graceful-restart").flatMap(YamlNode::asBoolean).orElse(true);
        final int restartTime = f.optional("restart-time").flatMap(n -> n.asInteger(0, 4095))
            .orElse(PeerConfig.DEFAULT_RESTART_TIME);
        final Map<AfiSafi, Integer> maxPrefixes = f.optional("max-prefixes").map(this::maxPrefixes).orElse(Map.of());
        final Optional<String> importPolicy = f.optional("import").flatMap(n -> policyRef(n, policyNames));
        final Optional<String> exportPolicy = f.optional("export").flatMap(n -> policyRef(n, policyNames));
        final boolean nextHopSelf = f.optional("next-hop-self").flatMap(YamlNode::asBoolean).orElse(false);
        final boolean client = f.optional("route-reflector-client").flatMap(YamlNode::asBoolean).orElse(false);
        final AddPathConfig addPath = f.optional("add-path").map(n -> addPath(n, families)).orElse(AddPathConfig.NONE);
        final Optional<Integer> multihop = f.optional("ebgp-multihop").flatMap(n -> n.asInteger(1, 255)
            .filter(hops -> ttlSecurity.isEmpty() || report(n, "ebgp-multihop and ttl-security exclude each other " +
                "(GTSM sends with TTL 255 and checks the hops itself)"))
            .filter(hops -> remoteAs.isEmpty() || speakerAs.isEmpty() ||
                !remoteAs.get().equals(localAs.orElse(speakerAs.get())) ||
                report(n, "ebgp-multihop applies to external neighbors only (iBGP sessions are not limited to one hop)")));
        final Optional<IpAddress> source = f.optional("update-source").flatMap(n -> updateSource(n, address))
            .filter(a -> localAddress.isEmpty() || report(f.optional("update-source").orElseThrow(),
                "give local-address or update-source, not both"));

        final Optional<BgpRole> role = f.optional("role").flatMap(n -> n.asString().flatMap(t -> BgpRole.ofConfigName(t)
            .or(() ->
            {
                n.report("'" + t + "' is not a BGP role: give one of provider, customer, peer, rs-server, rs-client " +
                    "(what this router is to the neighbor, RFC 9234)");
                return Optional.empty();
            }))
            .filter(r -> remoteAs.isEmpty() || speakerAs.isEmpty() ||
                !remoteAs.get().equals(localAs.orElse(speakerAs.get())) ||
                report(n, "a BGP role applies to external neighbors only (RFC 9234)")));
        final boolean strictRole = f.optional("strict-role").flatMap(n -> n.asBoolean()
            .filter(on -> !on || f.has("role") || report(n, "strict-role needs a role"))).orElse(false);
        // RFC 8950: off by default, as BIRD's "extended next hop" and FRR's "capability extended-nexthop" (numbered).
        final boolean extendedNextHop = f.optional("extended-next-hop").flatMap(YamlNode::asBoolean)
            .filter(on -> !on || address.isEmpty() || !address.get().isIpv4() ||
                report(f.optional("extended-next-hop").orElseThrow(),
                    "IPv4 routes with IPv6 next hops (RFC 8950) need a neighbor over IPv6, not " + address.get()))
            .filter(on -> !on || families.contains(AfiSafi.IPV4_UNICAST) ||
                report(f.optional("extended-next-hop").orElseThrow(),
                    "IPv4 routes with IPv6 next hops (RFC 8950) need ipv4-unicast in families"))
            .orElse(false);
        final boolean relayUnknown = f.optional("relay-unknown-attributes").flatMap(YamlNode::asBoolean).orElse(true);

        if (problems.count() != before)
        {
            return Optional.empty();
        }
        try
        {
            return Optional.of(new PeerConfig(name.orElseThrow(), address.orElseThrow(), source.or(() -> localAddress),
                remoteAs.orElseThrow(), localAs, passive, holdTime.orElse(PeerConfig.DEFAULT_HOLD_TIME), connectRetry,
                password, ttlSecurity, families, gracefulRestart, restartTime, maxPrefixes, importPolicy, exportPolicy,
                nextHopSelf, client, multihop, role, strictRole, extendedNextHop, addPath, relayUnknown));
        }
        catch (final IllegalArgumentException ex)
        {
            node.report(ex.getMessage());
            return Optional.empty();
        }
    }

    private Optional<AfiSafi> family(final YamlNode node)
    {
        return node.asString().flatMap(text ->
        {
            final AfiSafi family = FAMILIES.get(text);
            if (null == family)
            {
                node.report("'" + text + "' is not a family: use " + String.join(" or ", FAMILIES.keySet()));
            }
            return Optional.ofNullable(family);
        });
    }

    /**
     * {@code add-path: {receive: BOOL, send: N | all, families: [...]}}: families default to the neighbor's;
     * {@code send} is the most paths per prefix sent (1..{@link AddPathConfig#MAX_SEND}, or {@code all}), left out
     * for none.
     */
    private AddPathConfig addPath(final YamlNode node, final Set<AfiSafi> neighborFamilies)
    {
        final Optional<Fields> mapping = node.asMapping(ADD_PATH_KEYS);
        if (mapping.isEmpty())
        {
            return AddPathConfig.NONE;
        }
        final Fields f = mapping.get();
        final boolean receive = f.optional("receive").flatMap(YamlNode::asBoolean).orElse(false);
        final int send = f.optional("send").flatMap(BgpConfigReader::addPathSend).orElse(0);
        final Set<AfiSafi> families = f.optional("families")
            .flatMap(n -> eachOf(n, this::family).map(Set::copyOf)
                .filter(list -> !list.isEmpty() || report(n, "give at least one family, or leave families out"))
                .filter(list -> neighborFamilies.containsAll(list) ||
                    report(n, "each family must be one of the neighbor's families")))
            .orElse(neighborFamilies);
        return receive || send > 0 ? new AddPathConfig(receive, send, families) : AddPathConfig.NONE;
    }

    /** {@code send}: a count of paths per prefix, or {@code all}. */
    private static Optional<Integer> addPathSend(final YamlNode node)
    {
        if ("all".equals(node.value()))
        {
            return Optional.of(AddPathConfig.SEND_ALL);
        }
        if (!(node.value() instanceof Number))
        {
            node.report("expected a number of paths per prefix (1.." + AddPathConfig.MAX_SEND + ") or all, got " +
                (node.value() instanceof String s ? "'" + s + "'" : String.valueOf(node.value())));
            return Optional.empty();
        }
        return node.asInteger(1, AddPathConfig.MAX_SEND);
    }

    private Map<AfiSafi, Integer> maxPrefixes(final YamlNode node)
    {
        final Map<AfiSafi, Integer> limits = new HashMap<>();
        node.asMapping(List.copyOf(FAMILIES.keySet())).ifPresent(fields ->
            FAMILIES.forEach((name, family) -> fields.optional(name)
                .flatMap(n -> n.asInteger(1, Integer.MAX_VALUE))
                .ifPresent(limit -> limits.put(family, limit))));
        return limits;
    }

    /** @param policyNames the names under bgp.policies; empty when it is not a mapping (then any name passes). */
    private Optional<String> policyRef(final YamlNode node, final Optional<Set<String>> policyNames)
    {
        return node.asString().filter(name ->
        {
            if (policyNames.isEmpty() || policyNames.get().contains(name))
            {
                return true;
            }
            node.report("no policy named '" + name + "'" +
                (policyNames.get().isEmpty() ? " (define it under bgp.policies)" : " (the policies are " +
                    String.join(", ", policyNames.get()) + ")"));
            return false;
        });
    }

    // ------------------------------------------------------------------------------------- policies

    /**
     * Reads {@code bgp.policies}: each valid policy into {@code policies}, every name given (valid or not) into
     * {@code names}.
     *
     * @return false when it is not a mapping (reported), so that no policy name is known.
     */
    private boolean readPolicies(final YamlNode node, final Map<String, Policy> policies, final Set<String> names)
    {
        if (!(node.value() instanceof Map<?, ?> map))
        {
            node.report("expected a mapping of policy names to policies, got " + YamlNode.describe(node.value()));
            return false;
        }
        for (final Map.Entry<?, ?> entry : map.entrySet())
        {
            final String name = String.valueOf(entry.getKey());
            names.add(name);
            final YamlNode policyNode = new YamlNode(entry.getValue(), node.child(name), problems);
            if (!checkName(policyNode, name, "a policy name"))
            {
                continue;
            }
            policy(policyNode, name).ifPresent(policy -> policies.put(name, policy));
        }
        return true;
    }

    private Optional<Policy> policy(final YamlNode node, final String name)
    {
        final Optional<Fields> mapping = node.asMapping(POLICY_KEYS);
        if (mapping.isEmpty())
        {
            return Optional.empty();
        }
        final Fields f = mapping.get();
        final int before = problems.count();
        final List<Policy.Term> terms = f.optional("terms").flatMap(n -> eachOf(n, this::term)).orElse(List.of());
        final Optional<Policy.Disposition> otherwise = f.required("otherwise", "accept or reject")
            .flatMap(n -> disposition(n, false));
        if (problems.count() != before)
        {
            return Optional.empty();
        }
        return Optional.of(new Policy(name, terms, otherwise.orElseThrow()));
    }

    private Optional<Policy.Term> term(final YamlNode node)
    {
        final Optional<Fields> mapping = node.asMapping(TERM_KEYS);
        if (mapping.isEmpty())
        {
            return Optional.empty();
        }
        final Fields f = mapping.get();
        final int before = problems.count();
        final String name = f.optional("name").flatMap(YamlNode::asNonBlankString).orElse(node.path());
        final Policy.Match match = f.optional("match").flatMap(this::match).orElse(Policy.Match.ANY);
        final List<Action> actions = f.optional("set").map(this::actions).orElse(List.of());
        final Optional<Policy.Disposition> then = f.required("then", "accept, reject or next")
            .flatMap(n -> disposition(n, true));
        if (problems.count() != before)
        {
            return Optional.empty();
        }
        return Optional.of(new Policy.Term(name, match, actions, then.orElseThrow()));
    }

    private Optional<Policy.Disposition> disposition(final YamlNode node, final boolean nextAllowed)
    {
        return node.asString().flatMap(text ->
        {
            if ("accept".equals(text))
            {
                return Optional.of(Policy.Disposition.ACCEPT);
            }
            if ("reject".equals(text))
            {
                return Optional.of(Policy.Disposition.REJECT);
            }
            if ("next".equals(text) && nextAllowed)
            {
                return Optional.of(Policy.Disposition.NEXT);
            }
            node.report("'" + text + "' is not " + (nextAllowed ? "accept, reject or next" : "accept or reject"));
            return Optional.empty();
        });
    }

    private Optional<Policy.Match> match(final YamlNode node)
    {
        final Optional<Fields> mapping = node.asMapping(MATCH_KEYS);
        if (mapping.isEmpty())
        {
            return Optional.empty();
        }
        final Fields f = mapping.get();
        final Optional<AfiSafi> family = f.optional("family").flatMap(this::family);
        final List<PrefixEntry> prefixes = f.optional("prefixes")
            .flatMap(n -> eachOf(n, this::prefixEntry)).orElse(List.of());
        final Optional<String> asPath = f.optional("as-path").flatMap(n -> n.asString().filter(re -> regex(n, re)));
        final List<CommunityPattern> communities = f.optional("communities")
            .flatMap(n -> eachOf(n, e -> communityPattern(e))).orElse(List.of());
        final List<LargeCommunityPattern> large = f.optional("large-communities")
            .flatMap(n -> eachOf(n, e -> largePattern(e))).orElse(List.of());
        final List<IpPrefix> nextHops = f.optional("next-hop")
            .flatMap(n -> eachOf(n, e -> e.asString().flatMap(t -> prefixOrAddress(e, t)))).orElse(List.of());
        final List<ValidationState> rpki = f.optional("rpki").flatMap(this::rpkiStates).orElse(List.of());
        return Optional.of(new Policy.Match(family, prefixes, asPath, communities, large, nextHops, rpki));
    }

    private List<Action> actions(final YamlNode node)
    {
        final List<Action> actions = new ArrayList<>();
        node.asMapping(SET_KEYS).ifPresent(f ->
        {
            f.optional("local-pref").flatMap(BgpConfigReader::asUnsigned32)
                .ifPresent(v -> actions.add(new Action.SetLocalPref(v)));
            f.optional("med").flatMap(n -> asUnsigned32(n)).ifPresent(v -> actions.add(new Action.SetMed(v)));
            f.optional("communities").flatMap(n -> eachOf(n, this::community))
                .ifPresent(list -> actions.add(new Action.SetCommunities(list)));
            f.optional("remove-communities").flatMap(n -> eachOf(n, this::communityPattern))
                .ifPresent(list -> actions.add(new Action.RemoveCommunities(list)));
            f.optional("add-communities").flatMap(n -> eachOf(n, this::community))
                .ifPresent(list -> actions.add(new Action.AddCommunities(list)));
            f.optional("remove-large-communities").flatMap(n -> eachOf(n, this::largePattern))
                .ifPresent(list -> actions.add(new Action.RemoveLargeCommunities(list)));
            f.optional("add-large-communities").flatMap(n -> eachOf(n, this::largeCommunity))
                .ifPresent(list -> actions.add(new Action.AddLargeCommunities(list)));
            f.optional("prepend").flatMap(this::prepend).ifPresent(actions::add);
            f.optional("next-hop").flatMap(n -> n.asString().flatMap(text -> "self".equals(text) ?
                Optional.of((Action)new Action.NextHopSelf()) :
                ConfigReader.address(n, text).map(a -> (Action)new Action.SetNextHop(a)))).ifPresent(actions::add);
        });
        return actions;
    }

    private Optional<Action> prepend(final YamlNode node)
    {
        return node.asMapping(PREPEND_KEYS).flatMap(f ->
        {
            final int asn = f.optional("as").flatMap(n -> asNumber(n, "as")).orElse(0);
            final Optional<Integer> count = f.required("count", "how many times, 1..16")
                .flatMap(n -> n.asInteger(1, 16));
            return count.map(c -> new Action.PrependAs(asn, c));
        });
    }

    /** {@code "198.18.0.0/15"}, {@code "198.18.0.0/15 le 24"}, {@code "198.18.0.0/15 ge 16 le 24"}. */
    private Optional<PrefixEntry> prefixEntry(final YamlNode node)
    {
        return node.asString().flatMap(text ->
        {
            final String[] words = text.trim().split("\\s+");
            final Optional<IpPrefix> prefix = ConfigReader.prefix(node, words[0]);
            if (prefix.isEmpty())
            {
                return Optional.empty();
            }
            final int max = prefix.get().isIpv4() ? 32 : 128;
            int ge = prefix.get().length();
            int le = -1;
            boolean geGiven = false;
            for (int i = 1; i < words.length; i += 2)
            {
                if (i + 1 >= words.length || !("ge".equals(words[i]) || "le".equals(words[i])) ||
                    !words[i + 1].matches("\\d{1,3}"))
                {
                    node.report("'" + text + "' is not a prefix-list entry: PREFIX [ge N] [le N]");
                    return Optional.empty();
                }
                final int value = Integer.parseInt(words[i + 1]);
                if ("ge".equals(words[i]))
                {
                    ge = value;
                    geGiven = true;
                }
                else
                {
                    le = value;
                }
            }
            if (le < 0)
            {
                le = geGiven ? max : ge; // "ge N" alone means N..max, as in Cisco/FRR prefix lists
            }
            try
            {
                return Optional.of(new PrefixEntry(prefix.get(), ge, le));
            }
            catch (final IllegalArgumentException ex)
            {
                node.report(ex.getMessage());
                return Optional.empty();
            }
        });
    }

    private boolean regex(final YamlNode node, final String expression)
    {
        try
        {
            Pattern.compile(expression.replace("_", "(?:^|$|[ {},])"));
            return true;
        }
        catch (final PatternSyntaxException ex)
        {
            node.report("'" + expression + "' is not a regular expression: " + ex.getDescription());
            return false;
        }
    }

    /** {@code "65000:100"} or a well-known name such as {@code no-export}. */
    private Optional<Integer> community(final YamlNode node)
    {
        return node.asString().flatMap(text ->
        {
            final Integer wellKnown = WELL_KNOWN.get(text);
            if (null != wellKnown)
            {
                return Optional.of(wellKnown);
            }
            final String[] halves = text.split(":", -1);
            if (2 == halves.length && halves[0].matches("\\d{1,5}") && halves[1].matches("\\d{1,5}") &&
                Integer.parseInt(halves[0]) <= 0xFFFF && Integer.parseInt(halves[1]) <= 0xFFFF)
            {
                return Optional.of(Integer.parseInt(halves[0]) << 16 | Integer.parseInt(halves[1]));
            }
            node.report("'" + text + "' is not a community: ASN:VALUE with both 0..65535, or one of " +
                String.join(", ", WELL_KNOWN.keySet()));
            return Optional.empty();
        });
    }

    /** A community, or a pattern with {@code *} for either half. */
    private Optional<CommunityPattern> communityPattern(final YamlNode node)
    {
        return node.asString().flatMap(text ->
        {
            final Integer wellKnown = WELL_KNOWN.get(text);
            if (null != wellKnown)
            {
                return Optional.of(new CommunityPattern(wellKnown >>> 16, wellKnown & 0xFFFF));
            }
            final String[] halves = text.split(":", -1);
            final int asn = 2 == halves.length ? field(halves[0], 0xFFFF) : -2;
            final int value = 2 == halves.length ? field(halves[1], 0xFFFF) : -2;
            if (asn < -1 || value < -1)
            {
                node.report("'" + text + "' is not a community pattern: ASN:VALUE, each 0..65535 or *");
                return Optional.empty();
            }
            return Optional.of(new CommunityPattern(asn, value));
        });
    }

    private Optional<long[]> largeCommunity(final YamlNode node)
    {
        return largeFields(node, false).map(f -> f);
    }

    private Optional<LargeCommunityPattern> largePattern(final YamlNode node)
    {
        return largeFields(node, true).map(f -> new LargeCommunityPattern(f[0], f[1], f[2]));
    }

    private Optional<long[]> largeFields(final YamlNode node, final boolean wildcards)
    {
        return node.asString().flatMap(text ->
        {
            final String[] parts = text.split(":", -1);
            if (3 == parts.length)
            {
                final long[] fields = new long[3];
                boolean valid = true;
                for (int i = 0; i < 3 && valid; i++)
                {
                    if (wildcards && "*".equals(parts[i]))
                    {
                        fields[i] = -1;
                    }
                    else if (parts[i].matches("\\d{1,10}") && Long.parseLong(parts[i]) <= MAX_AS)
                    {
                        fields[i] = Long.parseLong(parts[i]);
                    }
                    else
                    {
                        valid = false;
                    }
                }
                if (valid)
                {
                    return Optional.of(fields);
                }
            }
            node.report("'" + text + "' is not a large community: GLOBAL:LOCAL1:LOCAL2, each 0..4294967295" +
                (wildcards ? " or *" : ""));
            return Optional.empty();
        });
    }

    /** A field of a community pattern: -1 for {@code *}, -2 if invalid. */
    private static int field(final String text, final int max)
    {
        if ("*".equals(text))
        {
            return -1;
        }
        return text.matches("\\d{1,5}") && Integer.parseInt(text) <= max ? Integer.parseInt(text) : -2;
    }

    // -------------------------------------------------------------------------------------- helpers

    private Optional<Integer> routerId(final YamlNode node)
    {
        return node.asString().flatMap(text -> ConfigReader.address(node, text)).flatMap(address ->
        {
            if (!(address instanceof Ip4Address ip4) || 0 == ip4.value())
            {
                node.report(address + " is not a router id: use a non-zero IPv4 address (RFC 6286)");
                return Optional.empty();
            }
            return Optional.of(ip4.value());
        });
    }

    /** An AS number 1..4294967295 as an unsigned int; AS_TRANS refused. */
    private static Optional<Integer> asNumber(final YamlNode node, final String what)
    {
        return asUnsigned32(node).flatMap(value ->
        {
            if (0 == value || AS_TRANS == value)
            {
                node.report(value + " is not usable as " + what + (0 == value ? " (AS 0 is reserved, RFC 7607)" :
                    " (23456 is AS_TRANS, RFC 6793)"));
                return Optional.empty();
            }
            return Optional.of((int)(long)value);
        });
    }

    private static Optional<Long> asUnsigned32(final YamlNode node)
    {
        if (!(node.value() instanceof Integer || node.value() instanceof Long || node.value() instanceof BigInteger))
        {
            node.report("expected an integer, got " + YamlNode.describe(node.value()));
            return Optional.empty();
        }
        final BigInteger number = new BigInteger(node.value().toString());
        if (number.signum() < 0 || number.compareTo(BigInteger.valueOf(MAX_AS)) > 0)
        {
            node.report(number + " is out of range 0..4294967295");
            return Optional.empty();
        }
        return Optional.of(number.longValue());
    }

    private static boolean checkName(final YamlNode node, final String text, final String what)
    {
        if (NAME.matcher(text).matches())
        {
            return true;
        }
        node.report("'" + text + "' is not " + what + ": use 1 to 32 characters from a-z, 0-9 and '-'");
        return false;
    }

    private static <T> boolean unique(
        final Fields fields, final String key, final Set<T> seen, final T value, final String problem)
    {
        if (seen.add(value))
        {
            return true;
        }
        fields.node().problems().add(fields.path(key), problem);
        return false;
    }

    private boolean notOwn(final YamlNode node, final IpAddress address)
    {
        if (ownAddresses.contains(address))
        {
            node.report(address + " is this router's own address, not a neighbor");
            return false;
        }
        return true;
    }

    /**
     * {@code update-source}: one of this router's addresses, or the name of a port or sub-interface, whose first
     * address of the neighbor's family is the session's source (as FRR's {@code update-source IFNAME}).
     */
    private Optional<IpAddress> updateSource(final YamlNode node, final Optional<IpAddress> neighbor)
    {
        final Optional<String> text = node.asString();
        if (text.isEmpty())
        {
            return Optional.empty();
        }
        final List<IpAddress> addresses = interfaces.map(i -> i.get(text.get())).orElse(null);
        if (null == addresses)
        {
            if (text.get().contains(":") || text.get().matches("[0-9.]+"))
            {
                return ConfigReader.address(node, text.get()).filter(a -> own(node, a));
            }
            if (interfaces.isPresent())
            {
                node.report("no port or sub-interface named " + text.get() + " (ports[].name, or NAME.VLAN)");
            }
            return Optional.empty(); // without readable ports, their own problems are reported where they are
        }
        if (neighbor.isEmpty())
        {
            return Optional.empty();
        }
        final boolean v4 = neighbor.get().isIpv4();
        final Optional<IpAddress> first = addresses.stream().filter(a -> a.isIpv4() == v4).findFirst();
        if (first.isEmpty())
        {
            node.report(text.get() + " has no " + (v4 ? "IPv4" : "IPv6") + " address for a session to " + neighbor.get());
        }
        return first;
    }

    private boolean own(final YamlNode node, final IpAddress address)
    {
        if (!ownAddresses.contains(address))
        {
            node.report(address + " is not one of this router's addresses (ports[].addresses)");
            return false;
        }
        return true;
    }

    private static boolean report(final YamlNode node, final String problem)
    {
        node.report(problem);
        return false;
    }



    private static Optional<IpPrefix> prefixOrAddress(final YamlNode node, final String text)
    {
        if (text.contains("/"))
        {
            return ConfigReader.prefix(node, text);
        }
        return ConfigReader.address(node, text).map(a -> IpPrefix.parse(a + (a.isIpv4() ? "/32" : "/128")));
    }

    // ------------------------------------------------------------------------------------ rpki

    /** {@code rpki: invalid} or {@code rpki: [valid, not-found]}. */
    private Optional<List<ValidationState>> rpkiStates(final YamlNode node)
    {
        if (node.value() instanceof String)
        {
            return rpkiState(node).map(List::of);
        }
        return eachOf(node, this::rpkiState);
    }

    private Optional<ValidationState> rpkiState(final YamlNode node)
    {
        return node.asString().flatMap(text ->
        {
            try
            {
                return Optional.of(ValidationState.parse(text));
            }
            catch (final IllegalArgumentException ex)
            {
                node.report(ex.getMessage());
                return Optional.empty();
            }
        });
    }

    private Optional<RpkiConfig> rpki(final YamlNode node)
    {
        final Optional<Fields> mapping = node.asMapping(RPKI_KEYS);
        if (mapping.isEmpty())
        {
            return Optional.empty();
        }
        final int before = problems.count();
        final Set<String> names = new HashSet<>();
        final List<RpkiConfig.Cache> caches = mapping.get().optional("caches")
            .flatMap(n -> eachOf(n, e -> cache(e, names))).orElse(List.of());
        if (problems.count() != before)
        {
            return Optional.empty();
        }
        return Optional.of(new RpkiConfig(caches));
    }

    private Optional<RpkiConfig.Cache> cache(final YamlNode node, final Set<String> names)
    {
        final Optional<Fields> mapping = node.asMapping(CACHE_KEYS);
        if (mapping.isEmpty())
        {
            return Optional.empty();
        }
        final Fields f = mapping.get();
        final int before = problems.count();
        final Optional<IpAddress> address = f.required("address", "the RTR cache's address, such as 198.18.0.10")
            .flatMap(n -> n.asString().flatMap(t -> ConfigReader.address(n, t)));
        final Optional<Integer> port = f.required("port", "the cache's RTR port (TCP), such as 323 or 8282")
            .flatMap(n -> n.asInteger(1, 65535));
        final int preference = f.optional("preference").flatMap(n -> n.asInteger(0, 255)).orElse(0);
        // RFC 8210 §6 ranges; expire from 60 s (not 600) so a lab can show expiry.
        final java.util.OptionalInt refresh = interval(f, "refresh", 1, 86_400);
        final java.util.OptionalInt retry = interval(f, "retry", 1, 7_200);
        final java.util.OptionalInt expire = interval(f, "expire", 60, 172_800);
        if (problems.count() != before)
        {
            return Optional.empty();
        }
        final RpkiConfig.Cache cache = new RpkiConfig.Cache(address.orElseThrow(), port.orElseThrow(), preference, refresh,
            retry, expire);
        if (!names.add(cache.name()))
        {
            node.report("another cache is at " + cache.name());
            return Optional.empty();
        }
        if (expire.isPresent() && (expire.getAsInt() <= refresh.orElse(0) || expire.getAsInt() <= retry.orElse(0)))
        {
            problems.add(f.path("expire"), "must be longer than refresh and retry (RFC 8210 §6), not " + expire.getAsInt());
            return Optional.empty();
        }
        return Optional.of(cache);
    }

    // ------------------------------------------------------------------------------------ mrt

    /** {@code bgp.mrt}: where and what MRT files are recorded. */
    private Optional<MrtConfig> mrt(final YamlNode node)
    {
        final Optional<Fields> mapping = node.asMapping(MRT_KEYS);
        if (mapping.isEmpty())
        {
            return Optional.empty();
        }
        final Fields f = mapping.get();
        final int before = problems.count();
        final Optional<java.nio.file.Path> directory = f.required("directory", "an absolute path, such as /var/lib/junction/mrt")
            .flatMap(n -> n.asNonBlankString().flatMap(t ->
            {
                final java.nio.file.Path path = java.nio.file.Path.of(t);
                if (!path.isAbsolute())
                {
                    n.report("an absolute path, such as /var/lib/junction/mrt, not '" + t + "'");
                    return Optional.empty();
                }
                return Optional.of(path.normalize());
            }));
        // RIPE RIS dumps every 8 hours, RouteViews every 2; under a minute would only fill the disk.
        final int tableDump = f.optional("table-dump-interval").flatMap(n -> n.asInteger(0, 604_800))
            .orElse(MrtConfig.DEFAULT_TABLE_DUMP_INTERVAL_SECONDS);
        if (tableDump > 0 && tableDump < 60)
        {
            problems.add(f.path("table-dump-interval"), "0 (no table dumps) or 60..604800 seconds, not " + tableDump);
        }
        final boolean updateLog = f.optional("update-log").flatMap(YamlNode::asBoolean).orElse(true);
        final int rotate = f.optional("rotate-interval").flatMap(n -> n.asInteger(60, 86_400))
            .orElse(MrtConfig.DEFAULT_ROTATE_INTERVAL_SECONDS);
        final int keep = f.optional("keep").flatMap(n -> n.asInteger(1, 100_000)).orElse(MrtConfig.DEFAULT_KEEP);
        if (tableDump == 0 && !updateLog && problems.count() == before)
        {
            problems.add(f.path("update-log"), "false with table-dump-interval 0 records nothing: leave bgp.mrt out instead");
        }
        if (problems.count() != before)
        {
            return Optional.empty();
        }
        return Optional.of(new MrtConfig(directory, tableDump, updateLog, rotate, keep));
    }

    // ------------------------------------------------------------------------------------ bmp

    private Optional<BmpConfig> bmp(final YamlNode node)
    {
        final Optional<Fields> mapping = node.asMapping(BMP_KEYS);
        if (mapping.isEmpty())
        {
            return Optional.empty();
        }
        final int before = problems.count();
        final Set<String> names = new HashSet<>();
        final List<BmpConfig.Station> stations = mapping.get().optional("stations")
            .flatMap(n -> eachOf(n, e -> station(e, names))).orElse(List.of());
        if (problems.count() != before)
        {
            return Optional.empty();
        }
        return Optional.of(new BmpConfig(stations));
    }

    private Optional<BmpConfig.Station> station(final YamlNode node, final Set<String> names)
    {
        final Optional<Fields> mapping = node.asMapping(STATION_KEYS);
        if (mapping.isEmpty())
        {
            return Optional.empty();
        }
        final Fields f = mapping.get();
        final int before = problems.count();
        final Optional<IpAddress> address = f.required("address", "the BMP station's address, such as 198.18.0.20")
            .flatMap(n -> n.asString().flatMap(t -> ConfigReader.address(n, t)));
        final Optional<Integer> port = f.required("port", "the station's BMP port (TCP), such as 11019")
            .flatMap(n -> n.asInteger(1, 65535));
        final List<String> monitoring = f.optional("monitoring").flatMap(this::monitoring).orElse(MONITORING);
        final int statistics = f.optional("statistics-interval").flatMap(n -> n.asInteger(0, 86_400))
            .orElse(BmpConfig.DEFAULT_STATISTICS_INTERVAL);
        final int retry = f.optional("retry").flatMap(n -> n.asInteger(1, 3600)).orElse(BmpConfig.DEFAULT_RETRY);
        final int queueLimit = f.optional("queue-limit").flatMap(n -> n.asInteger(1000, 10_000_000))
            .orElse(BmpConfig.DEFAULT_QUEUE_LIMIT);
        if (problems.count() != before)
        {
            return Optional.empty();
        }
        if (monitoring.isEmpty())
        {
            problems.add(f.path("monitoring"), "at least one of " + String.join(", ", MONITORING));
            return Optional.empty();
        }
        final BmpConfig.Station station = new BmpConfig.Station(address.orElseThrow(), port.orElseThrow(),
            monitoring.contains("pre-policy"), monitoring.contains("post-policy"), monitoring.contains("loc-rib"),
            statistics, retry, queueLimit);
        if (!names.add(station.name()))
        {
            node.report("another station is at " + station.name());
            return Optional.empty();
        }
        return Optional.of(station);
    }

    /** {@code monitoring: [pre-policy, post-policy, loc-rib]}, any of them, or one as a string. */
    private Optional<List<String>> monitoring(final YamlNode node)
    {
        final Function<YamlNode, Optional<String>> one = n -> n.asString().flatMap(text ->
        {
            if (!MONITORING.contains(text))
            {
                n.report("'" + text + "' is not one of " + String.join(", ", MONITORING));
                return Optional.empty();
            }
            return Optional.of(text);
        });
        if (node.value() instanceof String)
        {
            return one.apply(node).map(List::of);
        }
        return eachOf(node, one);
    }

    private static java.util.OptionalInt interval(final Fields f, final String key, final int min, final int max)
    {
        return f.optional(key).flatMap(n -> n.asInteger(min, max))
            .map(java.util.OptionalInt::of).orElse(java.util.OptionalInt.empty());
    }

    private <T> Optional<List<T>> eachOf(final YamlNode node, final Function<YamlNode, Optional<T>> read)
    {
        return ConfigReader.eachOf(node, read, problems);
    }
}
