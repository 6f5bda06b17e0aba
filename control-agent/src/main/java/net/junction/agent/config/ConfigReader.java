/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import net.junction.agent.config.YamlNode.Fields;
import net.junction.bgp.config.BgpConfig;
import net.junction.dataplane.EalArguments;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.Ip4;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip4InterfaceAddress;
import net.junction.routing.Ip6Address;
import net.junction.routing.Ip6InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;

/**
 * Reads and checks one configuration document. Every rule of {@code docs/contracts.md} is checked,
 * and a few more that would otherwise surface as a router that starts but cannot work:
 * <ul>
 *   <li>no unknown keys anywhere (a typo names the key it probably meant), no wrong types;</li>
 *   <li>{@code name} {@code [a-z0-9-]{1,32}}; {@code cores} non-empty, distinct, CPUs that exist;
 *       {@code dpdk.memory-mb} 64..65536; each {@code dpdk.extra-args} entry one non-empty argument;</li>
 *   <li>ports: at least one; names {@code [a-z0-9]{1,8}} and devices distinct; queues 1..16;
 *       mtu 68..9600 and at least 1280 with an IPv6 address; a MAC that is a unicast station
 *       address; addresses with a prefix length, usable as a host's own address (not loopback,
 *       multicast, a subnet's network or broadcast address), none on two ports, no network
 *       connected to two ports; {@code vlans}: 802.1Q sub-interfaces, each an {@code id} 1..4094 not
 *       given twice on the port, named {@code <port>.<id>}, with addresses checked as a port's, an
 *       MTU at most the port's (its default) and an exception-path TAP name that fits IFNAMSIZ;</li>
 *   <li>routes: prefix without host bits, not given twice; exactly one of {@code via},
 *       {@code interface}, {@code blackhole: true}; a gateway of the prefix's family, not the
 *       router's own, inside a connected network (no recursive resolution yet), 1..16 distinct
 *       gateways for ECMP; an interface that is a port;</li>
 *   <li>routes-file: a readable UTF-8 file whose every line is a route checked as above (a
 *       prefix routed in both places is reported);</li>
 *   <li>neighbors: a unicast address, not the router's own, inside a network connected to the
 *       named port, which must exist; a unicast MAC; no address given twice on one port;</li>
 *   <li>journal: {@code retention-days} 1..3650, {@code max-size} 64MiB..1TiB (bytes, or a whole
 *       number of MiB, GiB or TiB).</li>
 * </ul>
 * Checks that depend on a part with its own problem (a route through a port whose name is
 * misspelt, a gateway when a port's address did not parse) are skipped rather than reported twice.
 * A check that fails has always reported why, and a skipped check passes, so a section that added
 * no problem always has every value its record needs.
 */
final class ConfigReader
{
    static final List<String> TOP_KEYS = List.of("name", "dpdk", "cores", "ports", "routes", "routes-file", "neighbors", "bgp", "api",
        "metrics", "journal", "copp");

    /** Problems reported from a routes file before the reader stops reading it. */
    static final int MAX_ROUTES_FILE_PROBLEMS = 20;
    static final List<String> DPDK_KEYS = List.of("memory-mb", "hugepages", "extra-args", "mbufs", "poll");
    static final List<String> PORT_KEYS =
        List.of("name", "device", "queues", "mtu", "mac", "addresses", "exception-path", "vlans", "bond");
    static final List<String> VLAN_KEYS = List.of("id", "addresses", "mtu", "exception-path");
    static final List<String> BOND_KEYS = List.of("mode", "members");
    static final List<String> ROUTE_KEYS = List.of("prefix", "via", "interface", "blackhole");
    static final List<String> NEIGHBOR_KEYS = List.of("address", "port", "mac");
    static final List<String> API_KEYS = List.of("socket", "listen", "tls");
    static final List<String> TLS_KEYS = List.of("certificate", "key");
    static final List<String> METRICS_KEYS = List.of("listen");
    static final List<String> JOURNAL_KEYS = List.of("enabled", "retention-days", "max-size");
    static final List<String> COPP_KEYS = net.junction.dataplane.copp.CoppPolicy.CLASS_NAMES;
    static final List<String> COPP_RATE_KEYS = List.of("rate-pps", "burst");
    /** {@code journal.max-size}: bytes as an integer, or a number with a binary unit. */
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})\\s*(MiB|GiB|TiB)");

    private static final Pattern INSTANCE_NAME = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]{1,8}");
    private static final String ROUTE_FORMS = "give exactly one of 'via', 'interface' or 'blackhole: true'";

    /** IPv4 ranges no port, gateway or neighbor can have as its address (RFC 6890 §2.2.2). */
    private static final Map<Prefix4, String> NOT_UNICAST_4 = Map.of(
        Prefix4.parse("0.0.0.0/8"), "in 0.0.0.0/8, 'this network' (RFC 1122 §3.2.1.3)",
        Prefix4.parse("127.0.0.0/8"), "a loopback address (RFC 1122 §3.2.1.3)",
        Prefix4.parse("224.0.0.0/4"), "a multicast address (RFC 5771)",
        Prefix4.parse("240.0.0.0/4"), "in 240.0.0.0/4, reserved or broadcast (RFC 1112 §4)");
    private static final Prefix6 MULTICAST_6 = Prefix6.parse("ff00::/8");
    private static final Ip6Address LOOPBACK_6 = Ip6Address.parse("::1");

    private final int availableCpus;
    private final Problems problems;
    /** Every port as far as it could be read, in file order, for the checks across ports, routes and neighbors. */
    private final List<PortDraft> ports = new ArrayList<>();
    /** The router's own addresses, to where they are configured. */
    private final Map<IpAddress, String> ownAddresses = new HashMap<>();
    /** Connected networks, to the port they are on. */
    private final Map<IpPrefix, PortDraft> connectedNetworks = new HashMap<>();
    /** The ports' 802.1Q sub-interfaces as far as they could be read, in file order. */
    private final List<PortDraft> vlans = new ArrayList<>();
    /** Port devices, to the port that has each. */
    private final Map<String, PortDraft> devices = new HashMap<>();

    /** Prefixes routed so far, to where, across {@code routes} and {@code routes-file}. */
    private final Map<IpPrefix, String> routedPrefixes = new HashMap<>();
    /** Where a relative {@code routes-file} is found: the configuration file's folder. */
    private final Path baseDirectory;

    private ConfigReader(final int availableCpus, final Problems problems, final Path baseDirectory)
    {
        this.availableCpus = availableCpus;
        this.problems = problems;
        this.baseDirectory = baseDirectory;
    }

    /**
     * @throws ConfigException with every problem in {@code text}.
     */
    static JunctionConfig read(final String text, final int availableCpus, final Path baseDirectory)
        throws ConfigException
    {
        final Problems problems = new Problems();
        final Optional<Object> document = YamlText.read(text, problems);
        if (!problems.isEmpty())
        {
            throw problems.toException();
        }
        if (document.isEmpty())
        {
            problems.add(YamlNode.TOP_LEVEL, "the configuration is empty; it needs at least 'name' and 'ports'");
            throw problems.toException();
        }

        final Optional<JunctionConfig> config =
            new ConfigReader(availableCpus, problems, baseDirectory).document(YamlNode.root(document.get(), problems));
        if (!problems.isEmpty() || config.isEmpty())
        {
            throw problems.toException();
        }
        return config.get();
    }

    private Optional<JunctionConfig> document(final YamlNode root)
    {
        if (!(root.value() instanceof Map))
        {
            root.report("expected a mapping of settings (" + String.join(", ", TOP_KEYS) + "), got " +
                YamlNode.describe(root.value()));
            return Optional.empty();
        }

        final Fields top = root.asMapping(TOP_KEYS).orElseThrow();
        final Optional<String> name = top.required("name", "the instance name, [a-z0-9-]{1,32}")
            .flatMap(this::instanceName);
        final Optional<DpdkConfig> dpdk = orDefault(top, "dpdk", this::dpdk, DpdkConfig.DEFAULTS);
        final Optional<List<Integer>> cores = top.optional("cores")
            .map(this::cores)
            .orElseGet(() -> defaultCores(top.path("cores")));
        final Optional<List<PortConfig>> portConfigs = top.required("ports", "at least one port").flatMap(this::ports);
        final Optional<List<StaticRoute>> inline = orDefault(top, "routes", this::routes, List.of());
        final Optional<List<StaticRoute>> fromFile = orDefault(top, "routes-file", this::routesFile, List.of());
        final Optional<List<StaticRoute>> routes = inline.flatMap(a -> fromFile.map(b ->
        {
            final List<StaticRoute> all = new ArrayList<>(a.size() + b.size());
            all.addAll(a);
            all.addAll(b);
            return all;
        }));
        final Optional<List<StaticNeighbor>> neighbors = orDefault(top, "neighbors", this::neighbors, List.of());
        final Optional<Optional<BgpConfig>> bgp = top.optional("bgp")
            .map(n -> new BgpConfigReader(problems, ownAddresses.keySet(), portConfigs.map(ConfigReader::interfaceAddresses))
                .read(n).map(Optional::of))
            .orElse(Optional.of(Optional.empty()));
        final Optional<ApiConfig> api = orDefault(top, "api", this::api, ApiConfig.DEFAULTS);
        final Optional<MetricsConfig> metrics = orDefault(top, "metrics", this::metrics, MetricsConfig.DEFAULTS);
        final Optional<JournalConfig> journal = orDefault(top, "journal", this::journal, JournalConfig.DEFAULTS);
        final Optional<CoppConfig> copp = orDefault(top, "copp", this::copp, CoppConfig.DEFAULTS);

        if (!problems.isEmpty())
        {
            return Optional.empty();
        }
        return Optional.of(new JunctionConfig(name.orElseThrow(), dpdk.orElseThrow(), cores.orElseThrow(),
            portConfigs.orElseThrow(), routes.orElseThrow(), neighbors.orElseThrow(), bgp.orElseThrow(), api.orElseThrow(),
            metrics.orElseThrow(), journal.orElseThrow(), copp.orElseThrow()));
    }

    private Optional<String> instanceName(final YamlNode node)
    {
        return node.asString().filter(name -> matches(node, name, INSTANCE_NAME,
            "is not a valid instance name: use 1 to 32 characters from a-z, 0-9 and '-'"));
    }

    // --------------------------------------------------------------------------------- api, metrics

    private Optional<ApiConfig> api(final YamlNode node)
    {
        final Optional<Fields> api = node.asMapping(API_KEYS);
        if (api.isEmpty())
        {
            return Optional.empty();
        }
        final Fields fields = api.get();
        final int before = problems.count();
        final Optional<Boolean> socket = orDefault(fields, "socket", YamlNode::asBoolean, true);
        final Optional<Optional<InetSocketAddress>> listen = fields.optional("listen")
            .map(n -> listenAddress(n).map(Optional::of)).orElse(Optional.of(Optional.empty()));
        final Optional<Optional<ApiConfig.Tls>> tls = fields.optional("tls")
            .map(n -> tls(n).map(Optional::of)).orElse(Optional.of(Optional.empty()));
        if (problems.count() != before)
        {
            return Optional.empty();
        }
        final Optional<InetSocketAddress> address = listen.orElseThrow();
        if (tls.orElseThrow().isPresent() && address.isEmpty())
        {
            problems.add(fields.path("tls"), "is for the TCP listener: give 'listen' too, or remove it");
            return Optional.empty();
        }
        if (address.isPresent() && tls.orElseThrow().isEmpty() && !address.get().getAddress().isLoopbackAddress())
        {
            problems.add(fields.path("tls"), "required when 'listen' is not a loopback address: bearer tokens must not " +
                "cross a network in clear text");
            return Optional.empty();
        }
        if (!socket.orElseThrow() && address.isEmpty())
        {
            problems.add(fields.path("socket"), "false with no 'listen' leaves the router without an API");
            return Optional.empty();
        }
        return Optional.of(new ApiConfig(socket.orElseThrow(), address, tls.orElseThrow()));
    }

    private Optional<ApiConfig.Tls> tls(final YamlNode node)
    {
        final Optional<Fields> tls = node.asMapping(TLS_KEYS);
        if (tls.isEmpty())
        {
            return Optional.empty();
        }
        final Optional<Path> certificate = tls.get().required("certificate", "a PEM file: the certificate, then its chain")
            .flatMap(this::readableFile);
        final Optional<Path> key = tls.get().required("key", "a PEM file: the private key, PKCS#8")
            .flatMap(this::readableFile);
        if (certificate.isEmpty() || key.isEmpty())
        {
            return Optional.empty();
        }
        return Optional.of(new ApiConfig.Tls(certificate.get(), key.get()));
    }

    /** A file named relative to the configuration's folder, which must be readable now. */
    private Optional<Path> readableFile(final YamlNode node)
    {
        final Optional<String> name = node.asNonBlankString();
        if (name.isEmpty())
        {
            return Optional.empty();
        }
        final Path file = baseDirectory.resolve(name.get()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file) || !Files.isReadable(file))
        {
            node.report(file + " is not a readable file");
            return Optional.empty();
        }
        return Optional.of(file);
    }

    private Optional<MetricsConfig> metrics(final YamlNode node)
    {
        final Optional<Fields> metrics = node.asMapping(METRICS_KEYS);
        if (metrics.isEmpty())
        {
            return Optional.empty();
        }
        return metrics.get().required("listen", "ADDRESS:PORT of the /metrics endpoint")
            .flatMap(this::listenAddress)
            .map(a -> new MetricsConfig(Optional.of(a)));
    }

    // ------------------------------------------------------------------------------------ journal

    private Optional<JournalConfig> journal(final YamlNode node)
    {
        final Optional<Fields> journal = node.asMapping(JOURNAL_KEYS);
        if (journal.isEmpty())
        {
            return Optional.empty();
        }
        final Fields fields = journal.get();
        final Optional<Boolean> enabled = orDefault(fields, "enabled", YamlNode::asBoolean, JournalConfig.DEFAULTS.enabled());
        final Optional<Integer> days = orDefault(fields, "retention-days",
            n -> n.asInteger(JournalConfig.MIN_RETENTION_DAYS, JournalConfig.MAX_RETENTION_DAYS),
            JournalConfig.DEFAULTS.retentionDays());
        final Optional<Long> maxBytes = orDefault(fields, "max-size", this::size, JournalConfig.DEFAULTS.maxBytes());
        if (enabled.isEmpty() || days.isEmpty() || maxBytes.isEmpty())
        {
            return Optional.empty();
        }
        return Optional.of(new JournalConfig(enabled.get(), days.get(), maxBytes.get()));
    }

    // ------------------------------------------------------------------------------------ copp

    /** {@code copp:}: each class optional ({@code bgp}, {@code icmp-nd-arp}, {@code other}), each field too. */
    private Optional<CoppConfig> copp(final YamlNode node)
    {
        final Optional<Fields> copp = node.asMapping(COPP_KEYS);
        if (copp.isEmpty())
        {
            return Optional.empty();
        }
        final List<Optional<net.junction.dataplane.copp.CoppPolicy.Rate>> rates = new ArrayList<>();
        for (int c = 0; c < net.junction.dataplane.copp.CoppPolicy.CLASSES; c++)
        {
            final net.junction.dataplane.copp.CoppPolicy.Rate otherwise = CoppConfig.DEFAULTS.rate(c);
            rates.add(orDefault(copp.get(), COPP_KEYS.get(c), n -> coppRate(n, otherwise), otherwise));
        }
        if (rates.stream().anyMatch(Optional::isEmpty))
        {
            return Optional.empty();
        }
        return Optional.of(new CoppConfig(rates.get(0).get(), rates.get(1).get(), rates.get(2).get()));
    }

    private Optional<net.junction.dataplane.copp.CoppPolicy.Rate> coppRate(
        final YamlNode node, final net.junction.dataplane.copp.CoppPolicy.Rate otherwise)
    {
        final Optional<Fields> rate = node.asMapping(COPP_RATE_KEYS);
        if (rate.isEmpty())
        {
            return Optional.empty();
        }
        final Optional<Integer> pps = orDefault(rate.get(), "rate-pps",
            n -> n.asInteger(1, (int)net.junction.dataplane.copp.CoppPolicy.MAX_RATE_PPS), (int)otherwise.ratePps());
        final Optional<Integer> burst = orDefault(rate.get(), "burst",
            n -> n.asInteger(1, net.junction.dataplane.copp.CoppPolicy.MAX_BURST), otherwise.burst());
        if (pps.isEmpty() || burst.isEmpty())
        {
            return Optional.empty();
        }
        return Optional.of(new net.junction.dataplane.copp.CoppPolicy.Rate(pps.get(), burst.get()));
    }

    /** {@code journal.max-size}: 64MiB..1TiB, as bytes or {@code N MiB|GiB|TiB}. */
    private Optional<Long> size(final YamlNode node)
    {
        final String form = "give bytes, or a whole number of MiB, GiB or TiB (4GiB)";
        long bytes;
        if (node.value() instanceof Integer || node.value() instanceof Long)
        {
            bytes = ((Number)node.value()).longValue();
        }
        else if (node.value() instanceof String text && SIZE.matcher(text.strip()).matches())
        {
            final java.util.regex.Matcher m = SIZE.matcher(text.strip());
            m.matches();
            final int shift = switch (m.group(2))
            {
                case "MiB" -> 20;
                case "GiB" -> 30;
                default -> 40;
            };
            final long number = Long.parseLong(m.group(1));
            bytes = number > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : number << shift;
        }
        else
        {
            node.report(YamlNode.describe(node.value()) + " is not a size: " + form);
            return Optional.empty();
        }
        if (bytes < net.junction.agent.journal.JournalConfiguration.MIN_MAX_BYTES || bytes > JournalConfig.MAX_MAX_BYTES)
        {
            node.report(YamlNode.describe(node.value()) + " is out of range 64MiB..1TiB");
            return Optional.empty();
        }
        return Optional.of(bytes);
    }

    private Optional<InetSocketAddress> listenAddress(final YamlNode node)
    {
        return node.asNonBlankString().flatMap(text ->
        {
            final Optional<InetSocketAddress> address = ListenAddress.parse(text);
            if (address.isEmpty())
            {
                node.report(YamlNode.describe(text) + " is not ADDRESS:PORT (198.18.0.1:8443, [2001:db8::1]:8443), " +
                    "port 1..65535");
            }
            return address;
        });
    }

    // ---------------------------------------------------------------------------------------- dpdk

    private Optional<DpdkConfig> dpdk(final YamlNode node)
    {
        final Optional<Fields> dpdk = node.asMapping(DPDK_KEYS);
        if (dpdk.isEmpty())
        {
            return Optional.empty();
        }
        final Fields fields = dpdk.get();
        final int before = problems.count();
        final Optional<Integer> memoryMb = orDefault(fields, "memory-mb",
            n -> n.asInteger(DpdkConfig.MIN_MEMORY_MB, DpdkConfig.MAX_MEMORY_MB), DpdkConfig.DEFAULT_MEMORY_MB);
        final Optional<Boolean> hugepages = orDefault(fields, "hugepages", YamlNode::asBoolean,
            DpdkConfig.DEFAULT_HUGEPAGES);
        final Optional<List<String>> extraArgs = orDefault(fields, "extra-args", this::extraArgs, List.of());
        final Optional<Integer> mbufs = orDefault(fields, "mbufs",
            n -> n.asInteger(DpdkConfig.MIN_MBUFS, DpdkConfig.MAX_MBUFS), DpdkConfig.AUTO_MBUFS);
        final Optional<DpdkConfig.Poll> poll = orDefault(fields, "poll", this::poll, DpdkConfig.DEFAULT_POLL);
        if (problems.count() != before)
        {
            return Optional.empty();
        }
        return Optional.of(new DpdkConfig(memoryMb.orElseThrow(), hugepages.orElseThrow(), extraArgs.orElseThrow(),
            mbufs.orElseThrow(), poll.orElseThrow()));
    }

    private Optional<DpdkConfig.Poll> poll(final YamlNode node)
    {
        return node.asString().flatMap(text ->
        {
            final Optional<DpdkConfig.Poll> poll = DpdkConfig.Poll.of(text);
            if (poll.isEmpty())
            {
                node.report(YamlNode.describe(text) + " is not a poll mode: use adaptive (spin while traffic is recent, " +
                    "then sleep) or busy (always spin)");
            }
            return poll;
        });
    }

    private Optional<List<String>> extraArgs(final YamlNode node)
    {
        return eachOf(node, arg -> arg.asString().filter(text ->
        {
            if (text.isEmpty())
            {
                arg.report("must not be empty");
                return false;
            }
            if (text.chars().anyMatch(Character::isWhitespace))
            {
                arg.report(YamlNode.describe(text) + " contains white space, but each entry is passed as one " +
                    "argument: split it into separate entries, or write option=value");
                return false;
            }
            return true;
        }));
    }

    // --------------------------------------------------------------------------------------- cores

    private Optional<List<Integer>> cores(final YamlNode node)
    {
        final Optional<List<YamlNode>> elements = node.asList();
        if (elements.isEmpty())
        {
            return Optional.empty();
        }
        if (elements.get().isEmpty())
        {
            node.report("must list at least one CPU, one worker runs on each");
            return Optional.empty();
        }

        final int before = problems.count();
        final List<Integer> cores = new ArrayList<>();
        final Map<Integer, String> seen = new HashMap<>();
        for (final YamlNode element : elements.get())
        {
            element.asInteger().ifPresent(cpu ->
            {
                if (cpu < 0 || cpu >= availableCpus)
                {
                    element.report("CPU " + cpu + " does not exist: " + cpusOfThisMachine());
                }
                else if (seen.containsKey(cpu))
                {
                    element.report("CPU " + cpu + " is already listed at " + seen.get(cpu) + "; one worker per CPU");
                }
                else
                {
                    seen.put(cpu, element.path());
                    cores.add(cpu);
                }
            });
        }
        return problems.count() == before ? Optional.of(cores) : Optional.empty();
    }

    private Optional<List<Integer>> defaultCores(final String path)
    {
        for (final int cpu : JunctionConfig.DEFAULT_CORES)
        {
            if (cpu >= availableCpus)
            {
                problems.add(path, "not given, and the default " + JunctionConfig.DEFAULT_CORES + " needs CPU " + cpu +
                    ", which does not exist: " + cpusOfThisMachine() + "; list the CPUs for the workers");
                return Optional.empty();
            }
        }
        return Optional.of(JunctionConfig.DEFAULT_CORES);
    }

    private String cpusOfThisMachine()
    {
        return 1 == availableCpus ? "this machine has 1 CPU (CPU 0)" :
            "this machine has " + availableCpus + " CPUs (0.." + (availableCpus - 1) + ")";
    }

    // --------------------------------------------------------------------------------------- ports

    /** A port as far as it could be read; {@code config} is set only when the port has no problem. */
    private static final class PortDraft
    {
        final String path;
        /** The name as written, when it is a string at all, so references to it are not reported again. */
        String writtenName;
        /** False when an address or the whole port could not be read: checks against its networks are skipped. */
        boolean addressesComplete = true;
        final List<InterfaceAddress> addresses = new ArrayList<>();
        PortConfig config;
        /** For a sub-interface ({@code ports[].vlans[]}) without a problem: its config from its parent's. */
        Function<PortConfig, PortConfig> vlanOf;
        /** For a sub-interface, its physical port. */
        PortDraft parent;

        PortDraft(final String path)
        {
            this.path = path;
        }

        String label()
        {
            return null == writtenName ? path : path + " (" + writtenName + ")";
        }
    }

    /** Each port's and sub-interface's addresses, by name. */
    private static Map<String, List<IpAddress>> interfaceAddresses(final List<PortConfig> ports)
    {
        final Map<String, List<IpAddress>> byName = new HashMap<>();
        ports.forEach(p -> byName.put(p.name(), p.addresses().stream().map(InterfaceAddress::ipAddress).toList()));
        return byName;
    }

    private Optional<List<PortConfig>> ports(final YamlNode node)
    {
        final Optional<List<YamlNode>> elements = node.asList();
        if (elements.isEmpty())
        {
            return Optional.empty();
        }
        if (elements.get().isEmpty())
        {
            node.report("must list at least one port");
            return Optional.empty();
        }

        final int before = problems.count();
        elements.get().forEach(this::port);
        // Sub-interfaces come after every physical port: their indexes follow the ports' (the data plane's numbering).
        ports.addAll(vlans);
        if (problems.count() != before)
        {
            return Optional.empty();
        }
        for (final PortDraft vlan : vlans)
        {
            vlan.config = vlan.vlanOf.apply(vlan.parent.config);
        }
        return Optional.of(ports.stream().map(port -> port.config).toList());
    }

    private void port(final YamlNode node)
    {
        final PortDraft draft = new PortDraft(node.path());
        ports.add(draft);
        final int before = problems.count();
        final Optional<Fields> port = node.asMapping(PORT_KEYS);
        if (problems.count() != before)
        {
            // Not a mapping, or an unknown key that may be a misspelt 'addresses': its networks are unknown.
            draft.addressesComplete = false;
        }
        if (port.isEmpty())
        {
            return;
        }

        final Fields fields = port.get();
        final Optional<String> name = fields.required("name", "[a-z0-9]{1,8}").flatMap(n -> portName(n, draft));
        final Optional<List<String>> bond;
        final Optional<String> device;
        if (fields.has("bond"))
        {
            if (fields.has("device"))
            {
                problems.add(fields.path("device"), "give either device or bond (a link aggregation of member devices), not both");
            }
            bond = fields.optional("bond").flatMap(n -> bond(n, draft));
            device = bond.flatMap(members -> name.map(n -> EalArguments.bondDevice(n, members)));
        }
        else
        {
            bond = Optional.of(List.of());
            device = fields.required("device", "a DPDK vdev string or PCI address")
                .flatMap(n -> device(n, draft));
        }
        final Optional<Integer> queues = orDefault(fields, "queues",
            n -> n.asInteger(PortConfig.MIN_QUEUES, PortConfig.MAX_QUEUES), PortConfig.DEFAULT_QUEUES);
        final Optional<Integer> mtu = orDefault(fields, "mtu",
            n -> n.asInteger(PortConfig.MIN_MTU, PortConfig.MAX_MTU), PortConfig.DEFAULT_MTU);
        final Optional<Optional<Long>> mac = fields.optional("mac")
            .map(n -> n.asString().flatMap(text -> stationMac(n, text)).map(Optional::of))
            .orElse(Optional.of(Optional.empty()));
        fields.optional("addresses").ifPresent(n -> addresses(n, draft));
        final Optional<Boolean> exceptionPath = orDefault(fields, "exception-path", YamlNode::asBoolean,
            PortConfig.DEFAULT_EXCEPTION_PATH);

        mtu.filter(value -> value < PortConfig.MIN_IPV6_MTU).ifPresent(value ->
            draft.addresses.stream().filter(address -> !address.isIpv4()).findFirst().ifPresent(ip6 ->
                problems.add(fields.path("mtu"), value + " is below " + PortConfig.MIN_IPV6_MTU +
                    ", the smallest MTU of a link with IPv6 (RFC 8200 §5), and the port has IPv6 address " + ip6)));

        fields.optional("vlans").ifPresent(n -> vlans(n, draft, name, mtu));

        if (problems.count() == before)
        {
            draft.config = new PortConfig(name.orElseThrow(), device.orElseThrow(), queues.orElseThrow(),
                mtu.orElseThrow(), mac.orElseThrow(), draft.addresses, exceptionPath.orElseThrow(), bond.orElseThrow());
        }
    }

    /** {@code ports[i].vlans}: the port's 802.1Q sub-interfaces. */
    private void vlans(
        final YamlNode node, final PortDraft parent, final Optional<String> parentName, final Optional<Integer> parentMtu)
    {
        final Optional<List<YamlNode>> elements = node.asList();
        if (elements.isEmpty())
        {
            return;
        }
        final Map<Integer, String> ids = new HashMap<>();
        for (final YamlNode element : elements.get())
        {
            vlan(element, parent, parentName, parentMtu, ids);
        }
    }

    private void vlan(
        final YamlNode node, final PortDraft parent, final Optional<String> parentName, final Optional<Integer> parentMtu,
        final Map<Integer, String> ids)
    {
        final PortDraft draft = new PortDraft(node.path());
        draft.parent = parent;
        vlans.add(draft);
        final int before = problems.count();
        final Optional<Fields> vlan = node.asMapping(VLAN_KEYS);
        if (problems.count() != before)
        {
            draft.addressesComplete = false;
        }
        if (vlan.isEmpty())
        {
            return;
        }
        final Fields fields = vlan.get();
        final Optional<Integer> id = fields.required("id", "the VLAN id, " + PortConfig.MIN_VLAN_ID + ".." + PortConfig.MAX_VLAN_ID)
            .flatMap(n -> n.asInteger(PortConfig.MIN_VLAN_ID, PortConfig.MAX_VLAN_ID).filter(value ->
            {
                final String earlier = ids.putIfAbsent(value, n.path());
                if (null != earlier)
                {
                    n.report("VLAN " + value + " is already a sub-interface of this port, at " + earlier);
                    return false;
                }
                return true;
            }));
        final Optional<String> name = parentName.flatMap(p -> id.map(value -> p + "." + value));
        name.ifPresent(n -> draft.writtenName = n);
        final Optional<Integer> mtu = fields.optional("mtu")
            .map(n -> n.asInteger(PortConfig.MIN_MTU, PortConfig.MAX_MTU).filter(value ->
            {
                if (parentMtu.isPresent() && value > parentMtu.get())
                {
                    n.report(value + " is above the MTU of port " + parentName.orElse("") + " (" + parentMtu.get() +
                        "): a sub-interface's frames cross its parent's link");
                    return false;
                }
                return true;
            }))
            .orElse(parentMtu);
        fields.optional("addresses").ifPresent(n -> addresses(n, draft));
        final Optional<Boolean> exceptionPath = orDefault(fields, "exception-path", YamlNode::asBoolean,
            PortConfig.DEFAULT_EXCEPTION_PATH);

        mtu.filter(value -> value < PortConfig.MIN_IPV6_MTU).ifPresent(value ->
            draft.addresses.stream().filter(address -> !address.isIpv4()).findFirst().ifPresent(ip6 ->
                problems.add(fields.path("mtu"), value + " is below " + PortConfig.MIN_IPV6_MTU +
                    ", the smallest MTU of a link with IPv6 (RFC 8200 §5), and the sub-interface has IPv6 address " + ip6)));
        if (name.isPresent() && exceptionPath.orElse(false) &&
            (PortConfig.TAP_PREFIX + name.get()).length() > PortConfig.MAX_INTERFACE_NAME)
        {
            node.report("the exception-path TAP of " + name.get() + ", " + PortConfig.TAP_PREFIX + name.get() + ", is longer " +
                "than Linux's " + PortConfig.MAX_INTERFACE_NAME + " characters: shorten the port's name or set " +
                "exception-path: false");
        }

        if (problems.count() == before && name.isPresent() && mtu.isPresent())
        {
            final String vlanName = name.get();
            final int vlanId = id.orElseThrow();
            final int vlanMtu = mtu.get();
            final boolean tap = exceptionPath.orElseThrow();
            final List<InterfaceAddress> addresses = List.copyOf(draft.addresses);
            draft.vlanOf = port -> new PortConfig(vlanName, port.device(), port.queues(), vlanMtu, port.mac(), addresses, tap,
                Optional.of(port.name()), vlanId);
        }
    }

    private Optional<String> portName(final YamlNode node, final PortDraft draft)
    {
        final Optional<String> written = node.asString();
        if (written.isEmpty())
        {
            return Optional.empty();
        }
        final String name = written.get();
        final Optional<PortDraft> earlier = ports.stream()
            .filter(other -> other != draft && name.equals(other.writtenName))
            .findFirst();
        draft.writtenName = name;
        if (!matches(node, name, PORT_NAME, "is not a valid port name: use 1 to 8 characters from a-z and 0-9 " +
            "(the exception-path TAP is named " + PortConfig.TAP_PREFIX + "<name>)"))
        {
            return Optional.empty();
        }
        if (earlier.isPresent())
        {
            node.report("'" + name + "' is already the name of " + earlier.get().path);
            return Optional.empty();
        }
        return written;
    }

    private Optional<String> device(final YamlNode node, final PortDraft draft)
    {
        return node.asNonBlankString().filter(device ->
        {
            final PortDraft earlier = devices.putIfAbsent(device, draft);
            if (null != earlier)
            {
                node.report("'" + device + "' is already the device of " + earlier.label());
                return false;
            }
            return true;
        });
    }

    /**
     * {@code bond: {mode: 802.3ad, members: [DEVICE, ...]}}: a link aggregation port; at least one member, each
     * a device no other port nor member has (nor its DPDK name), none itself a bond.
     */
    private Optional<List<String>> bond(final YamlNode node, final PortDraft draft)
    {
        final Optional<YamlNode.Fields> bond = node.asMapping(BOND_KEYS);
        if (bond.isEmpty())
        {
            return Optional.empty();
        }
        final int before = problems.count();
        bond.get().optional("mode").flatMap(YamlNode::asString).filter(mode -> !PortConfig.BOND_MODE_8023AD.equals(mode))
            .ifPresent(mode -> problems.add(bond.get().path("mode"), "'" + mode + "' is not a supported bond mode: " +
                "only " + PortConfig.BOND_MODE_8023AD + " (LACP, DPDK's bonding mode 4)"));
        final Optional<List<YamlNode>> list = bond.get().required("members", "the member devices, vdev strings or PCI addresses")
            .flatMap(YamlNode::asList);
        if (list.isEmpty())
        {
            return Optional.empty();
        }
        if (list.get().isEmpty())
        {
            problems.add(bond.get().path("members"), "a bond needs at least one member device");
            return Optional.empty();
        }
        final List<String> members = new ArrayList<>();
        for (final YamlNode member : list.get())
        {
            member.asNonBlankString().filter(device ->
            {
                if (EalArguments.deviceName(device).startsWith("net_bonding"))
                {
                    member.report("'" + device + "' is a bond: a member is a device (a vdev such as net_af_packet or a PCI address)");
                    return false;
                }
                final String deviceName = EalArguments.deviceName(device);
                for (final Map.Entry<String, PortDraft> other : devices.entrySet())
                {
                    if (EalArguments.deviceName(other.getKey()).equals(deviceName))
                    {
                        member.report("'" + device + "' is already " + (other.getKey().equals(device) ? "" : "named " +
                            deviceName + " by ") + "the device of " + other.getValue().label() + (other.getValue() == draft ?
                            " (members must be distinct)" : ""));
                        return false;
                    }
                }
                devices.put(device, draft);
                return true;
            }).ifPresent(members::add);
        }
        return problems.count() == before ? Optional.of(List.copyOf(members)) : Optional.empty();
    }

    private Optional<Long> stationMac(final YamlNode node, final String text)
    {
        final long mac;
        try
        {
            mac = MacText.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            node.report(ex.getMessage());
            return Optional.empty();
        }
        final String notUnicast = MacText.whyNotUnicast(mac);
        if (null != notUnicast)
        {
            node.report(notUnicast);
            return Optional.empty();
        }
        return Optional.of(mac);
    }

    private void addresses(final YamlNode node, final PortDraft draft)
    {
        final Optional<List<YamlNode>> elements = node.asList();
        if (elements.isEmpty())
        {
            draft.addressesComplete = false;
            return;
        }
        for (final YamlNode element : elements.get())
        {
            final Optional<InterfaceAddress> address = element.asString().flatMap(text -> interfaceAddress(element, text));
            if (address.isEmpty())
            {
                draft.addressesComplete = false;
                continue;
            }

            final InterfaceAddress interfaceAddress = address.get();
            final String where = element.path() + (null == draft.writtenName ? "" : " on " + draft.writtenName);
            final String earlierAddress = ownAddresses.putIfAbsent(interfaceAddress.ipAddress(), where);
            final PortDraft earlierPort = connectedNetworks.putIfAbsent(interfaceAddress.network(), draft);
            if (null != earlierAddress)
            {
                element.report(interfaceAddress.ipAddress() + " is already an address of this router, at " +
                    earlierAddress);
            }
            else if (null != earlierPort && earlierPort != draft)
            {
                element.report("network " + interfaceAddress.network() + " is already connected to " +
                    earlierPort.label() + "; a network can be on one port only");
            }
            else
            {
                draft.addresses.add(interfaceAddress);
                continue;
            }
            draft.addressesComplete = false;
        }
    }

    private static Optional<InterfaceAddress> interfaceAddress(final YamlNode node, final String text)
    {
        final InterfaceAddress address;
        try
        {
            address = InterfaceAddress.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            node.report(ex.getMessage());
            return Optional.empty();
        }

        String problem = whyNotUnicast(address.ipAddress());
        if (null == problem)
        {
            problem = whyNotHostOn(address.ipAddress(), address.network());
        }
        if (null != problem)
        {
            node.report(address + ": " + problem + ", not an address a port can have");
            return Optional.empty();
        }
        return Optional.of(address);
    }

    // -------------------------------------------------------------------------------------- routes

    private Optional<List<StaticRoute>> routes(final YamlNode node)
    {
        return eachOf(node, element -> route(element, routedPrefixes));
    }

    /**
     * {@code routes-file}: static routes in bulk, one per line, as {@code PREFIX via GATEWAY...},
     * {@code PREFIX interface PORT} or {@code PREFIX blackhole}; {@code #} starts a comment. Each line
     * is checked as an entry of {@code routes} is, and a problem is reported as {@code FILE:LINE}.
     */
    private Optional<List<StaticRoute>> routesFile(final YamlNode node)
    {
        final Optional<String> name = node.asString();
        if (name.isEmpty())
        {
            return Optional.empty();
        }
        final Path file = baseDirectory.resolve(name.get());
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file);
        }
        catch (final NoSuchFileException ex)
        {
            node.report("cannot read " + file + ": no such file");
            return Optional.empty();
        }
        catch (final CharacterCodingException ex)
        {
            node.report("cannot read " + file + ": not UTF-8 text");
            return Optional.empty();
        }
        catch (final IOException ex)
        {
            node.report("cannot read " + file + ": " + ex.getMessage());
            return Optional.empty();
        }

        final int before = problems.count();
        final List<StaticRoute> routes = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++)
        {
            if (problems.count() - before >= MAX_ROUTES_FILE_PROBLEMS)
            {
                node.report("stopped reading " + file + " at line " + (i + 1) + " after " + MAX_ROUTES_FILE_PROBLEMS +
                    " problems");
                break;
            }
            final String line = lines.get(i);
            final int hash = line.indexOf('#');
            final String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty())
            {
                continue;
            }

            final String where = file + ":" + (i + 1);
            final String[] words = text.split("\\s+");
            final Map<String, Object> fields = new HashMap<>(4);
            fields.put("prefix", words[0]);
            if (words.length >= 3 && "via".equals(words[1]))
            {
                fields.put("via", 3 == words.length ? words[2] : List.of(words).subList(2, words.length));
            }
            else if (3 == words.length && "interface".equals(words[1]))
            {
                fields.put("interface", words[2]);
            }
            else if (2 == words.length && "blackhole".equals(words[1]))
            {
                fields.put("blackhole", Boolean.TRUE);
            }
            else
            {
                problems.add(where, "'" + text + "' is not a route: expected 'PREFIX via GATEWAY [GATEWAY...]', " +
                    "'PREFIX interface PORT' or 'PREFIX blackhole'");
                continue;
            }
            route(new YamlNode(fields, where, problems), routedPrefixes).ifPresent(routes::add);
        }
        return problems.count() == before ? Optional.of(routes) : Optional.empty();
    }

    private Optional<StaticRoute> route(final YamlNode node, final Map<IpPrefix, String> seen)
    {
        final Optional<Fields> route = node.asMapping(ROUTE_KEYS);
        if (route.isEmpty())
        {
            return Optional.empty();
        }

        final Fields fields = route.get();
        final int before = problems.count();
        final Optional<IpPrefix> prefix = fields.required("prefix", "the destination, such as 198.18.100.0/24")
            .flatMap(n -> n.asString().flatMap(text -> prefix(n, text)));
        prefix.ifPresent(p ->
        {
            final String earlier = seen.putIfAbsent(p, fields.path("prefix"));
            if (null != earlier)
            {
                problems.add(fields.path("prefix"), p + " is already routed by " + earlier);
            }
        });

        final List<String> forms = new ArrayList<>(3);
        if (fields.has("via"))
        {
            forms.add("'via'");
        }
        if (fields.has("interface"))
        {
            forms.add("'interface'");
        }
        if (fields.has("blackhole") && !Boolean.FALSE.equals(fields.map().get("blackhole")))
        {
            forms.add("'blackhole'");
        }
        if (forms.isEmpty())
        {
            node.report(ROUTE_FORMS);
        }
        else if (forms.size() > 1)
        {
            node.report(String.join(" and ", forms) + " are both given; " + ROUTE_FORMS);
        }

        final List<IpAddress> via = fields.optional("via").map(n -> gateways(n, prefix)).orElse(List.of());
        final Optional<String> interfaceName = fields.optional("interface")
            .flatMap(n -> n.asString().filter(name -> portExists(n, name)));
        final Optional<Boolean> blackhole = orDefault(fields, "blackhole", YamlNode::asBoolean, false);

        if (problems.count() != before)
        {
            return Optional.empty();
        }
        return Optional.of(new StaticRoute(prefix.orElseThrow(), via, interfaceName, blackhole.orElseThrow()));
    }

    /** {@code via}: one gateway, or a list of 1..16 distinct ones (ECMP). */
    private List<IpAddress> gateways(final YamlNode node, final Optional<IpPrefix> prefix)
    {
        final List<YamlNode> elements;
        if (node.value() instanceof List<?>)
        {
            elements = node.asList().orElseThrow();
            if (elements.isEmpty() || elements.size() > StaticRoute.MAX_GATEWAYS)
            {
                node.report("expected 1.." + StaticRoute.MAX_GATEWAYS + " gateways, got " + elements.size());
                return List.of();
            }
        }
        else
        {
            elements = List.of(node);
        }

        final List<IpAddress> gateways = new ArrayList<>(elements.size());
        for (final YamlNode element : elements)
        {
            element.asString().flatMap(text -> address(element, text))
                .filter(gateway -> gateway(element, gateway, prefix))
                .ifPresent(gateway ->
                {
                    if (gateways.contains(gateway))
                    {
                        element.report(gateway + " is listed twice");
                    }
                    else
                    {
                        gateways.add(gateway);
                    }
                });
        }
        return gateways;
    }

    static Optional<IpPrefix> prefix(final YamlNode node, final String text)
    {
        try
        {
            return Optional.of(IpPrefix.parse(text));
        }
        catch (final IllegalArgumentException ex)
        {
            node.report(ex.getMessage());
            return Optional.empty();
        }
    }

    private boolean gateway(final YamlNode node, final IpAddress gateway, final Optional<IpPrefix> prefix)
    {
        if (prefix.isPresent() && prefix.get().isIpv4() != gateway.isIpv4())
        {
            node.report(gateway + " is an " + family(gateway.isIpv4()) + " address but the prefix " + prefix.get() +
                " is " + family(prefix.get().isIpv4()) + "; the gateway must be of the prefix's family");
            return false;
        }
        if (!usableNeighbor(node, gateway, "gateway"))
        {
            return false;
        }

        final List<PortDraft> onLink = portsConnectedTo(gateway);
        if (onLink.isEmpty())
        {
            if (ports.stream().anyMatch(port -> !port.addressesComplete))
            {
                return true; // a port's networks are unknown, and that port's problem is reported already
            }
            node.report(gateway + " is not inside a network connected to any port (" +
                connectedNetworksText(gateway.isIpv4()) + "); a gateway must be directly reachable: static " +
                "routes are not resolved recursively through other routes yet");
            return false;
        }
        for (final PortDraft port : onLink)
        {
            if (!onLinkHost(node, gateway, port))
            {
                return false;
            }
        }
        return true;
    }

    /** A port of that name was written, even if the port has problems of its own (they are reported there). */
    private boolean portExists(final YamlNode node, final String name)
    {
        if (portNamed(name).isEmpty())
        {
            node.report("no port named '" + name + "' (" + portNamesText() + ")");
            return false;
        }
        return true;
    }

    // ----------------------------------------------------------------------------------- neighbors

    private Optional<List<StaticNeighbor>> neighbors(final YamlNode node)
    {
        final Map<String, String> seen = new HashMap<>();
        return eachOf(node, element -> neighbor(element, seen));
    }

    private Optional<StaticNeighbor> neighbor(final YamlNode node, final Map<String, String> seen)
    {
        final Optional<Fields> neighbor = node.asMapping(NEIGHBOR_KEYS);
        if (neighbor.isEmpty())
        {
            return Optional.empty();
        }

        final Fields fields = neighbor.get();
        final int before = problems.count();
        final Optional<YamlNode> addressNode = fields.required("address", "the neighbor's IPv4 or IPv6 address");
        final Optional<IpAddress> address = addressNode
            .flatMap(n -> n.asString().flatMap(text -> address(n, text)))
            .filter(a -> usableNeighbor(addressNode.orElseThrow(), a, "neighbor"));
        final Optional<String> portName = fields.required("port", "the name of the port the neighbor is on")
            .flatMap(n -> n.asString().filter(name -> portExists(n, name)));

        if (address.isPresent() && portName.isPresent())
        {
            onLinkOf(addressNode.orElseThrow(), address.get(), portNamed(portName.get()).orElseThrow(), seen);
        }

        final Optional<Long> mac = fields.required("mac", "the neighbor's MAC, xx:xx:xx:xx:xx:xx")
            .flatMap(n -> n.asString().flatMap(text -> stationMac(n, text)));

        if (problems.count() != before)
        {
            return Optional.empty();
        }
        return Optional.of(new StaticNeighbor(address.orElseThrow(), portName.orElseThrow(), mac.orElseThrow()));
    }

    /** A neighbor's address: a host inside a network connected to its port, and not given twice there. */
    private void onLinkOf(final YamlNode node, final IpAddress address, final PortDraft port,
        final Map<String, String> seen)
    {
        if (!port.addressesComplete)
        {
            return; // the port's networks are unknown, and its problem is reported already
        }
        if (port.addresses.stream().noneMatch(connected -> connected.network().contains(address)))
        {
            final List<String> networks = port.addresses.stream()
                .filter(connected -> connected.isIpv4() == address.isIpv4())
                .map(connected -> connected.network().toString())
                .toList();
            final String family = family(address.isIpv4());
            node.report(address + " is not inside a network connected to port " + port.writtenName + " (" +
                (networks.isEmpty() ? "it has no " + family + " address" :
                    "its " + family + " networks: " + String.join(", ", networks)) + ")");
            return;
        }
        if (onLinkHost(node, address, port))
        {
            final String earlier = seen.putIfAbsent(port.writtenName + " " + address, node.path());
            if (null != earlier)
            {
                node.report(address + " on port " + port.writtenName + " is already given at " + earlier);
            }
        }
    }

    // ----------------------------------------------------------------------------- address helpers

    static Optional<IpAddress> address(final YamlNode node, final String text)
    {
        try
        {
            return Optional.of(IpAddress.parse(text));
        }
        catch (final IllegalArgumentException ex)
        {
            node.report(ex.getMessage());
            return Optional.empty();
        }
    }

    /** A gateway or a neighbor: a unicast address that is not one of the router's own. */
    private boolean usableNeighbor(final YamlNode node, final IpAddress address, final String role)
    {
        final String notUnicast = whyNotUnicast(address);
        if (null != notUnicast)
        {
            node.report(address + " is " + notUnicast + ", not a " + role + " address");
            return false;
        }
        final String own = ownAddresses.get(address);
        if (null != own)
        {
            node.report(address + " is this router's own address (" + own + "), not a " + role);
            return false;
        }
        return true;
    }

    /** Checks that an on-link address is not the network or broadcast address of {@code port}'s networks. */
    private static boolean onLinkHost(final YamlNode node, final IpAddress address, final PortDraft port)
    {
        for (final InterfaceAddress connected : port.addresses)
        {
            final String problem = connected.network().contains(address) ? whyNotHostOn(address, connected.network()) : null;
            if (null != problem)
            {
                node.report(address + " is " + problem);
                return false;
            }
        }
        return true;
    }

    private List<PortDraft> portsConnectedTo(final IpAddress address)
    {
        return ports.stream()
            .filter(port -> port.addresses.stream().anyMatch(ia -> ia.network().contains(address)))
            .toList();
    }

    private Optional<PortDraft> portNamed(final String name)
    {
        return ports.stream().filter(port -> name.equals(port.writtenName)).findFirst();
    }

    private String portNamesText()
    {
        final List<String> names = ports.stream()
            .map(port -> port.writtenName)
            .filter(name -> null != name)
            .toList();
        return names.isEmpty() ? "no port has a name" : "the ports are " + String.join(", ", names);
    }

    private String connectedNetworksText(final boolean ipv4)
    {
        final String networks = ports.stream()
            .flatMap(port -> port.addresses.stream()
                .filter(address -> address.isIpv4() == ipv4)
                .map(address -> address.network() + " on " + port.writtenName))
            .collect(Collectors.joining(", "));
        return networks.isEmpty() ? "no port has an " + family(ipv4) + " address" :
            "connected " + family(ipv4) + " networks: " + networks;
    }

    /**
     * Why {@code address} cannot be a host's own unicast address (unspecified, loopback, multicast,
     * reserved), or null if it can.
     */
    static String whyNotUnicast(final IpAddress address)
    {
        return switch (address)
        {
            case Ip4Address ip4 -> NOT_UNICAST_4.entrySet().stream()
                .filter(range -> range.getKey().contains(ip4.value()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
            case Ip6Address ip6 when Ip6Address.UNSPECIFIED.equals(ip6) -> "the unspecified address (RFC 4291 §2.5.2)";
            case Ip6Address ip6 when LOOPBACK_6.equals(ip6) -> "the loopback address (RFC 4291 §2.5.3)";
            case Ip6Address ip6 when MULTICAST_6.contains(ip6) -> "a multicast address (RFC 4291 §2.7)";
            case Ip6Address _ -> null;
        };
    }

    /**
     * Why {@code address}, inside {@code network}, cannot be a host on that link, or null if it can:
     * an IPv4 subnet's network and broadcast addresses (except on /31 and /32, RFC 3021), an IPv6
     * subnet's all-zero Subnet-Router anycast address (except on /127 and /128, RFC 6164).
     */
    static String whyNotHostOn(final IpAddress address, final IpPrefix network)
    {
        switch (network)
        {
            case Prefix4 p when p.length() <= 30 && address instanceof Ip4Address ip4 ->
            {
                if (ip4.value() == p.address())
                {
                    return "the network address of " + p;
                }
                if (ip4.value() == (p.address() | ~Prefix4.mask(p.length())))
                {
                    return "the broadcast address of " + p + " (" + Ip4.format(ip4.value()) + ")";
                }
                return null;
            }
            case Prefix6 p when p.length() <= 126 && address instanceof Ip6Address ip6 &&
                ip6.high() == p.high() && ip6.low() == p.low() ->
            {
                return "the Subnet-Router anycast address of " + p + " (RFC 4291 §2.6.1)";
            }
            default ->
            {
                return null;
            }
        }
    }

    private static String family(final boolean ipv4)
    {
        return ipv4 ? "IPv4" : "IPv6";
    }

    // ---------------------------------------------------------------------------------- structure

    /** Reads a field with {@code read}, or gives {@code otherwise} when it is missing. */
    private static <T> Optional<T> orDefault(
        final Fields fields, final String key, final Function<YamlNode, Optional<T>> read, final T otherwise)
    {
        return fields.optional(key).map(read).orElseGet(() -> Optional.of(otherwise));
    }

    /** Reads every element of a list with {@code read}; empty if the list or any element has a problem. */
    private <T> Optional<List<T>> eachOf(final YamlNode node, final Function<YamlNode, Optional<T>> read)
    {
        return eachOf(node, read, problems);
    }

    /** Reads every element of a list with {@code read}; empty if the list or any element has a problem. */
    static <T> Optional<List<T>> eachOf(
        final YamlNode node, final Function<YamlNode, Optional<T>> read, final Problems problems)
    {
        final Optional<List<YamlNode>> elements = node.asList();
        if (elements.isEmpty())
        {
            return Optional.empty();
        }
        final int before = problems.count();
        final List<T> values = new ArrayList<>(elements.get().size());
        for (final YamlNode element : elements.get())
        {
            read.apply(element).ifPresent(values::add);
        }
        return problems.count() == before ? Optional.of(values) : Optional.empty();
    }

    private static boolean matches(final YamlNode node, final String text, final Pattern pattern, final String problem)
    {
        if (pattern.matcher(text).matches())
        {
            return true;
        }
        node.report(YamlNode.describe(text) + " " + problem);
        return false;
    }
}
