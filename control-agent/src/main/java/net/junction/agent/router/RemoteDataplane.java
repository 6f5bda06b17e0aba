/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.junction.dataplane.Dataplane;
import net.junction.dataplane.DataplaneSpec;
import net.junction.dataplane.fib.FibSnapshot;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static net.junction.agent.router.DataplaneServer.JSON;

/**
 * The control-plane process's {@link DataplaneControl}: the data plane of another process, through its
 * {@link DataplaneServer} socket. Calls are serialized on one connection; a failure of the operation comes back
 * as the {@link IllegalStateException} the data plane threw (it changed nothing); a failure of the connection
 * (the data plane gone) as an {@link IllegalStateException} saying so.
 */
public final class RemoteDataplane implements DataplaneControl, AutoCloseable
{
    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;
    private final DataplaneServer.Hello hello;

    private RemoteDataplane(final SocketChannel channel) throws IOException
    {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
        final JsonNode h = call(request("hello"));
        this.hello = new DataplaneServer.Hello(h.path("pid").asLong(), h.path("startedAtMs").asLong(),
            h.path("ports").asInt(), h.path("fib4").asLong(), h.path("fib6").asLong(), h.path("fibBatches").asLong(),
            h.path("fibEpoch").asLong());
    }

    /**
     * Connect to the data plane serving {@value DataplaneServer#SOCKET_NAME} in {@code runDirectory}.
     *
     * @param runDirectory the router's run directory.
     * @return the connection, its {@link #hello} read.
     * @throws IOException when no data plane answers there.
     */
    public static RemoteDataplane connect(final Path runDirectory) throws IOException
    {
        final Path path = runDirectory.resolve(DataplaneServer.SOCKET_NAME);
        final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try
        {
            channel.connect(UnixDomainSocketAddress.of(path));
            return new RemoteDataplane(channel);
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw new IOException("no data plane answers on " + path + ": " + ex.getMessage(), ex);
        }
    }

    /** @return who the data plane is and what it held when this connected. */
    public DataplaneServer.Hello hello()
    {
        return hello;
    }

    private static ObjectNode request(final String op)
    {
        return JSON.createObjectNode().put("op", op);
    }

    private synchronized JsonNode call(final ObjectNode request)
    {
        final JsonNode answer;
        try
        {
            out.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            final String line = in.readLine();
            if (null == line)
            {
                throw new IOException("the data plane closed the connection");
            }
            answer = JSON.readTree(line);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("the data plane does not answer (" + request.path("op").asText() + "): " +
                ex.getMessage(), ex);
        }
        if (!answer.path("ok").asBoolean())
        {
            throw new IllegalStateException(answer.path("error").asText("the data plane refused"));
        }
        return answer.path("value");
    }

    @Override
    public DataplaneSpec.Port port(final int port)
    {
        return DataplaneServer.portFromJson(call(request("port").put("port", port)));
    }

    @Override
    public int portCount()
    {
        return hello.ports();
    }

    @Override
    public long fibBatchesApplied()
    {
        return call(request("fibBatchesApplied")).asLong();
    }

    @Override
    public long fibEpoch()
    {
        return call(request("fibEpoch")).asLong();
    }

    @Override
    public void drainFibLatency(final Histogram target)
    {
        final byte[] bytes = Base64.getDecoder().decode(call(request("fibLatency")).asText());
        try
        {
            target.add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
        }
        catch (final java.util.zip.DataFormatException ex)
        {
            throw new IllegalStateException("the data plane's latency histogram does not decode: " + ex.getMessage(), ex);
        }
    }

    @Override
    public long mac(final int port)
    {
        return call(request("mac").put("port", port)).asLong();
    }

    @Override
    public void mtu(final int port, final int mtu)
    {
        call(request("mtu").put("port", port).put("mtu", mtu));
    }

    @Override
    public void portAddresses(
        final int port, final List<DataplaneSpec.Ip4Interface> ip4, final List<DataplaneSpec.Ip6Interface> ip6)
    {
        final ObjectNode r = request("portAddresses").put("port", port);
        r.set("ip4", DataplaneServer.ip4ToJson(ip4));
        r.set("ip6", DataplaneServer.ip6ToJson(ip6));
        call(r);
    }

    @Override
    public void addStaticNeighbor(final DataplaneSpec.Neighbor neighbor)
    {
        final ObjectNode r = request("addStaticNeighbor");
        r.set("neighbor", DataplaneServer.neighborToJson(neighbor));
        call(r);
    }

    @Override
    public void removeStaticNeighbor(final DataplaneSpec.Neighbor neighbor)
    {
        final ObjectNode r = request("removeStaticNeighbor");
        r.set("neighbor", DataplaneServer.neighborToJson(neighbor));
        call(r);
    }

    @Override
    public Map<String, Long> coppPassed()
    {
        return DataplaneServer.dropsFromJson(call(request("coppPassed")));
    }

    @Override
    public net.junction.dataplane.copp.CoppPolicy copp()
    {
        return DataplaneServer.coppFromJson(call(request("copp")));
    }

    @Override
    public void copp(final net.junction.dataplane.copp.CoppPolicy policy)
    {
        final ObjectNode r = request("setCopp");
        r.set("policy", DataplaneServer.coppToJson(policy));
        call(r);
    }

    @Override
    public Dataplane.PortCounters portCounters(final int port)
    {
        return DataplaneServer.countersFromJson(call(request("portCounters").put("port", port)));
    }

    @Override
    public Map<String, Long> drops()
    {
        return DataplaneServer.dropsFromJson(call(request("drops")));
    }

    @Override
    public List<Dataplane.WorkerSample> workers()
    {
        return DataplaneServer.workersFromJson(call(request("workers")));
    }

    @Override
    public long fibRoutes(final boolean ipv4)
    {
        return call(request("fibRoutes").put("ipv4", ipv4)).asLong();
    }

    @Override
    public Optional<String> neighborState(final int port, final IpAddress address)
    {
        final JsonNode v = call(request("neighborState").put("port", port).put("address", address.toString()));
        return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    /**
     * {@inheritDoc}
     * <p>
     * The data plane copies its FIB at once ({@code fibDump}) and this reads the copy page by page
     * ({@code fibPage}, {@value DataplaneServer#MAX_PAGE} routes a page), holding the connection meanwhile.
     */
    @Override
    public synchronized FibSnapshot fibSnapshot()
    {
        final JsonNode header = call(request("fibDump"));
        final long routes = header.path("routes4").asLong() + header.path("routes6").asLong();
        final FibSnapshot.Builder copy = new FibSnapshot.Builder(header.path("routes4").asInt(),
            header.path("routes6").asInt(), header.path("epoch").asLong(), header.path("resyncing").asBoolean(),
            header.path("batches").asLong());
        long read = 0;
        JsonNode next = JSON.getNodeFactory().numberNode(0);
        while (!next.isNull())
        {
            final JsonNode page = call(request("fibPage").put("from", next.asInt()).put("count", DataplaneServer.MAX_PAGE));
            for (final JsonNode route : page.path("routes"))
            {
                copy.add(IpPrefix.parse(DataplaneServer.text(route, "prefix")),
                    DataplaneServer.nextHopsFromJson(route.path("nextHops")));
                read++;
            }
            next = page.path("next");
            if (next.isMissingNode() || (!next.isNull() && next.asLong() != read))
            {
                throw new IllegalStateException("the data plane's FIB dump broke off after " + read + " routes");
            }
        }
        if (read != routes)
        {
            throw new IllegalStateException("the data plane's FIB dump gave " + read + " routes of " + routes);
        }
        return copy.build();
    }

    @Override
    public List<Dataplane.NeighborEntry> neighbors()
    {
        final List<Dataplane.NeighborEntry> out = new ArrayList<>();
        for (final JsonNode n : call(request("neighbors")))
        {
            out.add(new Dataplane.NeighborEntry(DataplaneServer.integer(n, "port"),
                IpAddress.parse(DataplaneServer.text(n, "address")), n.path("mac").asLong(), DataplaneServer.text(n, "state"),
                DataplaneServer.ageFromJson(n, "confirmedAgoMs"), DataplaneServer.ageFromJson(n, "usedAgoMs"),
                DataplaneServer.ageFromJson(n, "updatedAgoMs")));
        }
        return out;
    }

    @Override
    public List<PortState> ports()
    {
        final List<PortState> out = new ArrayList<>();
        for (final JsonNode p : call(request("ports")))
        {
            out.add(new PortState(DataplaneServer.portFromJson(p.path("port")),
                DataplaneServer.countersFromJson(p.path("counters"))));
        }
        return out;
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignored)
        {
            // closing
        }
    }
}
