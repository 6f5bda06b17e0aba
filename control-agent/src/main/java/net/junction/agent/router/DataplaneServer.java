/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.junction.dataplane.Dataplane;
import net.junction.dataplane.DataplaneSpec;
import net.junction.dataplane.fib.FibSnapshot;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.NextHop;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The data-plane process's side of {@link DataplaneControl}: what the control plane changes in and reads from the
 * running data plane, served on a UNIX socket ({@value #SOCKET_NAME} in the router's run directory, mode 0660: the
 * data plane's user and group, which on the appliance are root and {@code junction}, the control plane's user) while
 * the control plane comes and goes (docs/dataplane.md "Two processes").
 * <p>
 * Protocol: one JSON object per line each way. A request names its operation ({@code "op"}) and its arguments;
 * the answer is {@code {"ok": true, "value": ...}} or {@code {"ok": false, "error": "..."}}, and an operation
 * that fails changed nothing ({@link DataplaneControl}'s contract). Requests of one connection are served in
 * order, on a virtual thread per connection; the data plane's own live methods are safe to call from any
 * thread. {@code hello} answers who this data plane is and what it holds, so a control plane that starts knows
 * whether it takes over forwarding state ({@link Hello}).
 * <p>
 * The reverse stream reads back what the data plane holds: {@code fibDump} copies the FIB on its writer's thread
 * and the connection keeps the copy, which {@code fibPage} answers {@value #MAX_PAGE} routes at a time, so a
 * million routes never make one message; {@code neighbors} and {@code ports} answer in one (docs/dataplane.md
 * "The reverse stream").
 * <p>
 * {@code capture} turns its connection into a packet capture's stream ({@link CaptureStream}) until the capture
 * ends; the capture is switched off when the connection closes, so a client that dies ends it.
 */
public final class DataplaneServer implements AutoCloseable
{
    /** The socket's name in the run directory. */
    public static final String SOCKET_NAME = "dataplane.sock";
    /** The longest request line read: a port's addresses are the largest (bounded by the configuration). */
    static final int MAX_LINE = 1 << 20;
    /** The most routes a {@code fibPage} answers: some 400 KB of JSON. */
    static final int MAX_PAGE = 4096;

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Who a data plane is and what it holds.
     *
     * @param pid          its process.
     * @param startedAtMs  when it started (epoch milliseconds): a control plane that meets a data plane it did
     *                     not start takes over its forwarding state.
     * @param ports        how many ports it runs.
     * @param fib4         IPv4 routes in its FIB.
     * @param fib6         IPv6 routes in its FIB.
     * @param fibBatches   FIB batches applied since it started (0: no control plane has programmed it yet).
     * @param fibEpoch     the epoch of its FIB's last resync begun (0 before any): a control plane that takes over
     *                     resyncs with the next one.
     */
    public record Hello(long pid, long startedAtMs, int ports, long fib4, long fib6, long fibBatches, long fibEpoch)
    {
    }

    private final DataplaneControl dataplane;
    private final Path path;
    private final ServerSocketChannel server;
    private final long startedAtMs;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<SocketChannel> connections = new ArrayList<>();
    private final Thread acceptor;

    private DataplaneServer(final DataplaneControl dataplane, final Path path, final ServerSocketChannel server,
        final long startedAtMs)
    {
        this.dataplane = dataplane;
        this.path = path;
        this.server = server;
        this.startedAtMs = startedAtMs;
        this.acceptor = Thread.ofPlatform().daemon().name("junction-dataplane-control").unstarted(this::accept);
    }

    /**
     * Serve {@code dataplane} on {@value #SOCKET_NAME} in {@code runDirectory} (a stale socket file is replaced).
     *
     * @param dataplane    the running data plane.
     * @param runDirectory the router's run directory.
     * @return the server, accepting.
     * @throws IOException when the socket cannot be made.
     */
    public static DataplaneServer start(final DataplaneControl dataplane, final Path runDirectory) throws IOException
    {
        Objects.requireNonNull(dataplane, "dataplane");
        final Path path = runDirectory.resolve(SOCKET_NAME);
        Files.createDirectories(runDirectory);
        Files.deleteIfExists(path);
        final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        // The control plane may run as another user of the data plane's group (the appliance's units: group junction).
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        final DataplaneServer s = new DataplaneServer(dataplane, path, server, System.currentTimeMillis());
        s.acceptor.start();
        return s;
    }

    /** @return the socket's path. */
    public Path path()
    {
        return path;
    }

    private void accept()
    {
        while (!closed.get())
        {
            final SocketChannel channel;
            try
            {
                channel = server.accept();
            }
            catch (final IOException ex)
            {
                return; // closed
            }
            synchronized (connections)
            {
                connections.add(channel);
            }
            Thread.ofVirtual().name("junction-dataplane-control-", 0).start(() -> serve(channel));
        }
    }

    /** What one control plane's connection holds between requests: the FIB copy it reads page by page. */
    private static final class Session
    {
        FibSnapshot dump;
    }

    private void serve(final SocketChannel channel)
    {
        final Session session = new Session();
        try (channel;
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                 StandardCharsets.UTF_8));
             OutputStream out = Channels.newOutputStream(channel))
        {
            String line;
            while ((line = readLine(in)) != null)
            {
                final ObjectNode answer = JSON.createObjectNode();
                try
                {
                    final JsonNode request = JSON.readTree(line);
                    if ("capture".equals(request.path("op").asText()))
                    {
                        try
                        {
                            CaptureStream.serve(dataplane, request, in, out); // the connection is the capture's now
                        }
                        catch (final IOException ex)
                        {
                            // the client went away: the capture is off
                        }
                        return;
                    }
                    final JsonNode value = handle(request, session);
                    answer.put("ok", true);
                    answer.set("value", value);
                }
                catch (final RuntimeException | IOException ex)
                {
                    answer.put("ok", false);
                    answer.put("error", null == ex.getMessage() ? ex.toString() : ex.getMessage());
                }
                out.write((JSON.writeValueAsString(answer) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
        catch (final IOException ex)
        {
            // the control plane went away; it connects again when it comes back
        }
        finally
        {
            synchronized (connections)
            {
                connections.remove(channel);
            }
        }
    }

    private static String readLine(final BufferedReader in) throws IOException
    {
        final StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0)
        {
            if (c == '\n')
            {
                return line.toString();
            }
            if (line.length() >= MAX_LINE)
            {
                throw new IOException("request longer than " + MAX_LINE + " characters");
            }
            line.append((char)c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    private JsonNode handle(final JsonNode request, final Session session) throws IOException
    {
        final String op = text(request, "op");
        return switch (op)
        {
            case "hello" -> JSON.valueToTree(new Hello(ProcessHandle.current().pid(), startedAtMs,
                dataplane.portCount(), dataplane.fibRoutes(true), dataplane.fibRoutes(false), dataplane.fibBatchesApplied(),
                dataplane.fibEpoch()));
            case "port" -> portToJson(dataplane.port(integer(request, "port")));
            case "mac" -> JSON.getNodeFactory().numberNode(dataplane.mac(integer(request, "port")));
            case "mtu" ->
            {
                dataplane.mtu(integer(request, "port"), integer(request, "mtu"));
                yield JSON.nullNode();
            }
            case "portAddresses" ->
            {
                dataplane.portAddresses(integer(request, "port"), ip4FromJson(request.path("ip4")),
                    ip6FromJson(request.path("ip6")));
                yield JSON.nullNode();
            }
            case "addStaticNeighbor" ->
            {
                dataplane.addStaticNeighbor(neighborFromJson(request.path("neighbor")));
                yield JSON.nullNode();
            }
            case "copp" -> coppToJson(dataplane.copp());
            case "coppPassed" -> JSON.valueToTree(new java.util.LinkedHashMap<>(dataplane.coppPassed()));
            case "setCopp" ->
            {
                dataplane.copp(coppFromJson(request.path("policy")));
                yield JSON.nullNode();
            }
            case "removeStaticNeighbor" ->
            {
                dataplane.removeStaticNeighbor(neighborFromJson(request.path("neighbor")));
                yield JSON.nullNode();
            }
            case "portCounters" -> JSON.valueToTree(dataplane.portCounters(integer(request, "port")));
            case "drops" -> JSON.valueToTree(new TreeMap<>(dataplane.drops()));
            case "workers" -> JSON.valueToTree(dataplane.workers());
            case "fibRoutes" -> JSON.getNodeFactory().numberNode(dataplane.fibRoutes(request.path("ipv4").asBoolean()));
            case "fibBatchesApplied" -> JSON.getNodeFactory().numberNode(dataplane.fibBatchesApplied());
            case "fibEpoch" -> JSON.getNodeFactory().numberNode(dataplane.fibEpoch());
            case "fibLatency" ->
            {
                final Histogram h = net.junction.dataplane.fib.FibApplyLatency.newHistogram();
                dataplane.drainFibLatency(h);
                final ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
                final int length = h.encodeIntoCompressedByteBuffer(buffer);
                yield JSON.getNodeFactory().textNode(Base64.getEncoder().encodeToString(
                    java.util.Arrays.copyOf(buffer.array(), length)));
            }
            case "neighborState" -> dataplane.neighborState(integer(request, "port"),
                    IpAddress.parse(text(request, "address")))
                .<JsonNode>map(s -> JSON.getNodeFactory().textNode(s)).orElse(JSON.nullNode());
            case "fibDump" ->
            {
                session.dump = null; // a dump not read to its end is dropped
                final FibSnapshot dump = dataplane.fibSnapshot();
                session.dump = dump;
                yield JSON.createObjectNode().put("routes4", dump.routes4()).put("routes6", dump.routes6())
                    .put("epoch", dump.epoch()).put("resyncing", dump.resyncing()).put("batches", dump.batches());
            }
            case "fibPage" -> fibPage(session, integer(request, "from"), integer(request, "count"));
            case "neighbors" ->
            {
                final ArrayNode a = JSON.createArrayNode();
                for (final Dataplane.NeighborEntry n : dataplane.neighbors())
                {
                    final ObjectNode o = a.addObject().put("port", n.port()).put("address", n.address().toString())
                        .put("mac", n.mac()).put("state", n.state());
                    // The ages when known; a control plane of before them reads the four fields above only.
                    ageToJson(o, "confirmedAgoMs", n.confirmedAgoMs());
                    ageToJson(o, "usedAgoMs", n.usedAgoMs());
                    ageToJson(o, "updatedAgoMs", n.updatedAgoMs());
                }
                yield a;
            }
            case "ports" ->
            {
                final ArrayNode a = JSON.createArrayNode();
                for (final DataplaneControl.PortState p : dataplane.ports())
                {
                    final ObjectNode o = a.addObject();
                    o.set("port", portToJson(p.port()));
                    o.set("counters", JSON.valueToTree(p.counters()));
                }
                yield a;
            }
            default -> throw new IllegalArgumentException("unknown operation '" + op + "'");
        };
    }

    /**
     * A page of the connection's FIB dump: routes {@code from} to {@code from + count - 1} (IPv4 first), and where
     * the next page starts, null after the last (the dump is then dropped).
     */
    private static JsonNode fibPage(final Session session, final int from, final int count)
    {
        final FibSnapshot dump = session.dump;
        if (null == dump)
        {
            throw new IllegalArgumentException("no FIB dump on this connection: send fibDump first");
        }
        if (count < 1 || count > MAX_PAGE)
        {
            throw new IllegalArgumentException("count: 1.." + MAX_PAGE + " routes a page, not " + count);
        }
        if (from < 0 || from > dump.size())
        {
            throw new IllegalArgumentException("from: 0.." + dump.size() + " (the dump's routes), not " + from);
        }
        final int end = (int)Math.min((long)from + count, dump.size());
        final ObjectNode page = JSON.createObjectNode();
        final ArrayNode routes = page.putArray("routes");
        for (int r = from; r < end; r++)
        {
            final ObjectNode route = routes.addObject().put("prefix", dump.prefix(r).toString());
            route.set("nextHops", nextHopsToJson(dump.nextHops(r)));
        }
        if (end < dump.size())
        {
            page.put("next", end);
        }
        else
        {
            page.putNull("next");
            session.dump = null;
        }
        return page;
    }

    static ArrayNode nextHopsToJson(final List<NextHop> nextHops)
    {
        final ArrayNode a = JSON.createArrayNode();
        for (final NextHop nextHop : nextHops)
        {
            final ObjectNode o = a.addObject();
            switch (nextHop)
            {
                case NextHop.Gateway4 g -> o.put("type", "gateway").put("port", g.portId())
                    .put("address", net.junction.routing.Ip4.format(g.gateway()));
                case NextHop.Gateway6 g -> o.put("type", "gateway").put("port", g.portId())
                    .put("address", g.gateway().toString());
                case NextHop.Direct d -> o.put("type", "direct").put("port", d.portId());
                case NextHop.Local l -> o.put("type", "local");
                case NextHop.Blackhole b -> o.put("type", "blackhole");
            }
        }
        return a;
    }

    static List<NextHop> nextHopsFromJson(final JsonNode a)
    {
        if (!a.isArray())
        {
            throw new IllegalArgumentException("nextHops: an array is needed");
        }
        final List<NextHop> out = new ArrayList<>();
        for (final JsonNode o : a)
        {
            final String type = text(o, "type");
            out.add(switch (type)
            {
                case "gateway" -> switch (IpAddress.parse(text(o, "address")))
                {
                    case net.junction.routing.Ip4Address g -> new NextHop.Gateway4(integer(o, "port"), g.value());
                    case Ip6Address g -> new NextHop.Gateway6(integer(o, "port"), g);
                };
                case "direct" -> new NextHop.Direct(integer(o, "port"));
                case "local" -> new NextHop.Local();
                case "blackhole" -> new NextHop.Blackhole();
                default -> throw new IllegalArgumentException("nextHops: unknown type '" + type + "'");
            });
        }
        return out;
    }

    private static void ageToJson(final ObjectNode o, final String field, final long ms)
    {
        if (ms != Dataplane.NeighborEntry.UNKNOWN)
        {
            o.put(field, ms);
        }
    }

    /** @return an age {@link #ageToJson} wrote, {@link Dataplane.NeighborEntry#UNKNOWN} when absent (or a data plane of before them). */
    static long ageFromJson(final JsonNode o, final String field)
    {
        final JsonNode v = o.path(field);
        return v.canConvertToLong() && v.asLong() >= 0 ? v.asLong() : Dataplane.NeighborEntry.UNKNOWN;
    }

    static String text(final JsonNode node, final String field)
    {
        final JsonNode v = node.get(field);
        if (null == v || !v.isTextual())
        {
            throw new IllegalArgumentException(field + ": a string is needed");
        }
        return v.asText();
    }

    static int integer(final JsonNode node, final String field)
    {
        final JsonNode v = node.get(field);
        if (null == v || !v.canConvertToInt())
        {
            throw new IllegalArgumentException(field + ": an integer is needed");
        }
        return v.asInt();
    }

    // ---------------------------------------------------------------- the data plane's types, both ways

    static ObjectNode portToJson(final DataplaneSpec.Port port)
    {
        final ObjectNode o = JSON.createObjectNode();
        o.put("name", port.name());
        o.put("device", port.device());
        o.put("queues", port.queues());
        o.put("mtu", port.mtu());
        o.put("mac", port.mac());
        o.set("ip4", ip4ToJson(port.ip4()));
        o.set("ip6", ip6ToJson(port.ip6()));
        o.put("exceptionPath", port.exceptionPath());
        if (port.isVlan())
        {
            o.put("parent", port.parent());
            o.put("vlanId", port.vlanId());
        }
        if (port.bond() != null)
        {
            final ArrayNode members = o.putObject("bond").putArray("members");
            port.bond().members().forEach(members::add);
        }
        return o;
    }

    static DataplaneSpec.Port portFromJson(final JsonNode o)
    {
        return new DataplaneSpec.Port(text(o, "name"), text(o, "device"), integer(o, "queues"), integer(o, "mtu"),
            o.path("mac").asLong(), ip4FromJson(o.path("ip4")), ip6FromJson(o.path("ip6")), o.path("exceptionPath").asBoolean(),
            o.path("parent").asInt(-1), o.path("vlanId").asInt(0),
            o.path("bond").isObject() ? new DataplaneSpec.Bond(
                java.util.stream.StreamSupport.stream(o.path("bond").path("members").spliterator(), false)
                    .map(JsonNode::asText).toList()) : null);
    }

    static ArrayNode ip4ToJson(final List<DataplaneSpec.Ip4Interface> list)
    {
        final ArrayNode a = JSON.createArrayNode();
        for (final DataplaneSpec.Ip4Interface i : list)
        {
            a.addObject().put("address", i.address()).put("prefixLength", i.prefixLength());
        }
        return a;
    }

    static List<DataplaneSpec.Ip4Interface> ip4FromJson(final JsonNode a)
    {
        final List<DataplaneSpec.Ip4Interface> out = new ArrayList<>();
        for (final JsonNode i : a)
        {
            out.add(new DataplaneSpec.Ip4Interface(integer(i, "address"), integer(i, "prefixLength")));
        }
        return out;
    }

    static ArrayNode ip6ToJson(final List<DataplaneSpec.Ip6Interface> list)
    {
        final ArrayNode a = JSON.createArrayNode();
        for (final DataplaneSpec.Ip6Interface i : list)
        {
            a.addObject().put("address", i.address().toString()).put("prefixLength", i.prefixLength());
        }
        return a;
    }

    static List<DataplaneSpec.Ip6Interface> ip6FromJson(final JsonNode a)
    {
        final List<DataplaneSpec.Ip6Interface> out = new ArrayList<>();
        for (final JsonNode i : a)
        {
            out.add(new DataplaneSpec.Ip6Interface(Ip6Address.parse(text(i, "address")), integer(i, "prefixLength")));
        }
        return out;
    }

    static ObjectNode neighborToJson(final DataplaneSpec.Neighbor n)
    {
        final ObjectNode o = JSON.createObjectNode();
        o.put("port", n.port());
        o.put("ip4", n.ip4());
        if (null != n.ip6())
        {
            o.put("ip6", n.ip6().toString());
        }
        o.put("mac", n.mac());
        return o;
    }

    static DataplaneSpec.Neighbor neighborFromJson(final JsonNode o)
    {
        return new DataplaneSpec.Neighbor(integer(o, "port"), o.path("ip4").asInt(),
            o.hasNonNull("ip6") ? Ip6Address.parse(text(o, "ip6")) : null, o.path("mac").asLong());
    }

    /**
     * {@code {"bgp":{"ratePps":N,"burst":N},"icmpNdArp":{..},"other":{..},"bgpNeighbors4":["198.18.2.2"],
     * "bgpNeighbors6":["2001:db8:2::2"]}}
     */
    static ObjectNode coppToJson(final net.junction.dataplane.copp.CoppPolicy policy)
    {
        final ObjectNode o = JSON.createObjectNode();
        for (int c = 0; c < net.junction.dataplane.copp.CoppPolicy.CLASSES; c++)
        {
            o.putObject(COPP_FIELDS.get(c)).put("ratePps", policy.rate(c).ratePps()).put("burst", policy.rate(c).burst());
        }
        final ArrayNode four = o.putArray("bgpNeighbors4");
        policy.bgpNeighbors4().forEach(a -> four.add(new net.junction.routing.Ip4Address(a).toString()));
        final ArrayNode six = o.putArray("bgpNeighbors6");
        policy.bgpNeighbors6().forEach(a -> six.add(a.toString()));
        return o;
    }

    private static final List<String> COPP_FIELDS = List.of("bgp", "icmpNdArp", "other");

    static net.junction.dataplane.copp.CoppPolicy coppFromJson(final JsonNode o)
    {
        final List<net.junction.dataplane.copp.CoppPolicy.Rate> rates = new ArrayList<>();
        for (final String field : COPP_FIELDS)
        {
            final JsonNode rate = o.path(field);
            if (!rate.path("ratePps").canConvertToLong() || !rate.path("burst").canConvertToInt())
            {
                throw new IllegalArgumentException("copp." + field + ": ratePps and burst expected");
            }
            rates.add(new net.junction.dataplane.copp.CoppPolicy.Rate(rate.path("ratePps").asLong(), rate.path("burst").asInt()));
        }
        final List<Integer> four = new ArrayList<>();
        o.path("bgpNeighbors4").forEach(a -> four.add(net.junction.routing.Ip4Address.parse(a.asText()).value()));
        final List<Ip6Address> six = new ArrayList<>();
        o.path("bgpNeighbors6").forEach(a -> six.add(Ip6Address.parse(a.asText())));
        return new net.junction.dataplane.copp.CoppPolicy(rates.get(0), rates.get(1), rates.get(2), four, six);
    }

    static Dataplane.PortCounters countersFromJson(final JsonNode o)
    {
        return new Dataplane.PortCounters(o.path("rxPackets").asLong(), o.path("rxBytes").asLong(),
            o.path("txPackets").asLong(), o.path("txBytes").asLong(), o.path("rxErrors").asLong(),
            o.path("txErrors").asLong(), o.path("rxMissed").asLong(), o.path("linkUp").asBoolean(),
            o.path("speedMbps").asLong());
    }

    static Map<String, Long> dropsFromJson(final JsonNode o)
    {
        final Map<String, Long> out = new TreeMap<>();
        o.properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    static List<Dataplane.WorkerSample> workersFromJson(final JsonNode a)
    {
        final List<Dataplane.WorkerSample> out = new ArrayList<>();
        for (final JsonNode w : a)
        {
            out.add(new Dataplane.WorkerSample(w.path("core").asInt(), w.path("dutyCycles").asLong(),
                w.path("busyCycles").asLong(), w.path("rxPackets").asLong()));
        }
        return out;
    }

    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        try
        {
            server.close();
        }
        catch (final IOException ignored)
        {
            // closing
        }
        synchronized (connections)
        {
            for (final SocketChannel c : connections)
            {
                try
                {
                    c.close();
                }
                catch (final IOException ignored)
                {
                    // closing
                }
            }
        }
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ignored)
        {
            // tmpfs; replaced at the next start
        }
    }
}
