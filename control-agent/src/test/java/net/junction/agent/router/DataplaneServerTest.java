/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import net.junction.agent.config.ConfigDocuments;
import net.junction.agent.config.ConfigLoader;
import net.junction.dataplane.Dataplane;
import net.junction.dataplane.DataplaneSpec;
import net.junction.dataplane.fib.FibSnapshot;
import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data plane served to a control plane of another process: every {@link DataplaneControl} operation through
 * {@link DataplaneServer} and {@link RemoteDataplane} gives what the data plane itself gives; a refusal comes back
 * as the data plane's message and changed nothing; bad requests are answered with an error and the connection
 * goes on; a control plane that goes away and comes back connects again.
 */
class DataplaneServerTest
{
    @TempDir
    Path run;
    FakeDataplane fake;
    DataplaneServer server;
    RemoteDataplane remote;

    @BeforeEach
    void start() throws Exception
    {
        fake = new FakeDataplane(SpecMapping.dataplaneSpec(ConfigLoader.parse(ConfigDocuments.TWO_PORTS, 4), run));
        fake.neighborStates.put("1 198.18.2.2", "reachable");
        server = DataplaneServer.start(fake, run);
        remote = RemoteDataplane.connect(run);
    }

    @AfterEach
    void stop()
    {
        remote.close();
        server.close();
    }

    @Test
    void shouldAnswerEveryReadAsTheDataPlaneDoes()
    {
        assertEquals(ProcessHandle.current().pid(), remote.hello().pid());
        assertEquals(2, remote.hello().ports());
        assertEquals(7, remote.hello().fib4());
        assertEquals(3, remote.hello().fib6());
        assertEquals(2, remote.portCount());
        for (int p = 0; p < 2; p++)
        {
            assertEquals(fake.port(p), remote.port(p));
            assertEquals(fake.mac(p), remote.mac(p));
            assertEquals(fake.portCounters(p), remote.portCounters(p));
        }
        assertEquals(fake.drops(), remote.drops());
        assertEquals(fake.workers(), remote.workers());
        assertEquals(7, remote.fibRoutes(true));
        assertEquals(3, remote.fibRoutes(false));
        assertEquals(0, remote.fibBatchesApplied());
        assertEquals(Optional.of("reachable"), remote.neighborState(1, IpAddress.parse("198.18.2.2")));
        assertEquals(Optional.of("none"), remote.neighborState(0, IpAddress.parse("2001:db8:1::9")));
        final Histogram h = new Histogram(3);
        remote.drainFibLatency(h);
        assertEquals(0, h.getTotalCount());
    }

    @Test
    void shouldChangeTheDataPlaneAndReportItsRefusals()
    {
        remote.mtu(0, 1400);
        assertEquals(1400, fake.port(0).mtu());
        final List<DataplaneSpec.Ip4Interface> ip4 = List.of(new DataplaneSpec.Ip4Interface(Ip4.parse("198.18.9.1"), 24));
        final List<DataplaneSpec.Ip6Interface> ip6 = List.of(new DataplaneSpec.Ip6Interface(Ip6Address.parse("2001:db8:9::1"), 64));
        remote.portAddresses(1, ip4, ip6);
        assertEquals(ip4, fake.port(1).ip4());
        assertEquals(ip6, fake.port(1).ip6());
        final DataplaneSpec.Neighbor v4 = new DataplaneSpec.Neighbor(0, Ip4.parse("198.18.1.7"), null, 0x02AABBCCDDEEL);
        final DataplaneSpec.Neighbor v6 = new DataplaneSpec.Neighbor(1, 0, Ip6Address.parse("2001:db8:2::7"), 0x02AABBCCDDEFL);
        remote.addStaticNeighbor(v4);
        remote.addStaticNeighbor(v6);
        assertTrue(fake.neighbors.containsAll(Set.of(v4, v6)));
        remote.removeStaticNeighbor(v4);
        assertFalse(fake.neighbors.contains(v4));

        fake.refuse = "mtu";
        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> remote.mtu(0, 9000));
        assertEquals("refused mtu 0 9000", refused.getMessage());
        assertEquals(1400, fake.port(0).mtu(), "nothing changed");
        assertEquals(2, remote.port(1).ip4().size() + remote.port(1).ip6().size(), "the connection goes on");
    }

    @Test
    void shouldAnswerBadRequestsWithAnErrorAndGoOn() throws Exception
    {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX))
        {
            c.connect(UnixDomainSocketAddress.of(server.path()));
            final OutputStream out = Channels.newOutputStream(c);
            final BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
            for (final String bad : List.of("not json", "{\"op\": \"reboot\"}", "{\"op\": \"mtu\", \"port\": \"zero\"}",
                "{\"port\": 1}", "{\"op\": \"port\", \"port\": 99}",
                "{\"op\": \"fibPage\", \"from\": 0, \"count\": 10}"))
            {
                out.write((bad + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                final String answer = in.readLine();
                assertTrue(answer.startsWith("{\"ok\":false,\"error\":"), bad + " -> " + answer);
            }
            out.write("{\"op\": \"mac\", \"port\": 1}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("{\"ok\":true,\"value\":" + fake.mac(1) + "}", in.readLine());
        }
        assertEquals(List.of(), fake.calls, "no bad request reached the data plane");
    }

    private static Map<IpPrefix, List<NextHop>> routes(final FibSnapshot snapshot)
    {
        final Map<IpPrefix, List<NextHop>> routes = new LinkedHashMap<>();
        for (int r = 0; r < snapshot.size(); r++)
        {
            routes.put(snapshot.prefix(r), snapshot.nextHops(r));
        }
        return routes;
    }

    @Test
    void shouldReadTheFibBackPageByPage()
    {
        final NextHop.Gateway4 gw4 = new NextHop.Gateway4(0, Ip4.parse("198.18.1.2"));
        final NextHop.Gateway6 gw6 = new NextHop.Gateway6(1, Ip6Address.parse("2001:db8:2::2"));
        final FibSnapshot.Builder fib = new FibSnapshot.Builder(0, 0, 7, true, 42);
        final int many = 2 * DataplaneServer.MAX_PAGE + 10; // three pages
        for (int i = 0; i < many; i++)
        {
            fib.add(new Prefix4(Ip4.parse("198.18.0.0") + (i << 2), 30), List.of(gw4));
        }
        fib.add(Prefix4.parse("198.19.0.0/16"), List.of(gw4, new NextHop.Gateway4(1, Ip4.parse("198.18.2.2"))));
        fib.add(Prefix4.parse("198.19.1.1/32"), List.of(NextHop.LOCAL));
        fib.add(Prefix4.parse("198.19.2.0/24"), List.of(NextHop.BLACKHOLE));
        fib.add(Prefix4.parse("198.19.3.0/24"), List.of(new NextHop.Direct(1)));
        fib.add(Prefix6.parse("2001:db8:9::/48"), List.of(gw6));
        fake.fib = fib.build();

        final FibSnapshot read = remote.fibSnapshot();

        assertEquals(many + 4, read.routes4());
        assertEquals(1, read.routes6());
        assertEquals(7, read.epoch());
        assertTrue(read.resyncing());
        assertEquals(42, read.batches());
        assertEquals(routes(fake.fib), routes(read));
        assertEquals(routes(fake.fib), routes(remote.fibSnapshot()), "read again, the same");

        fake.fib = new FibSnapshot.Builder(0, 0, 0, false, 0).build();
        assertEquals(0, remote.fibSnapshot().size(), "an empty FIB reads as one empty page");
        fake.refuse = "fibSnapshot";
        assertEquals("refused fibSnapshot", assertThrows(IllegalStateException.class, remote::fibSnapshot).getMessage());
    }

    @Test
    void shouldRefusePagesOutsideTheDump() throws Exception
    {
        fake.fib = new FibSnapshot.Builder(0, 0, 0, false, 0)
            .add(Prefix4.parse("198.18.3.0/24"), List.of(new NextHop.Direct(0))).build();
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX))
        {
            c.connect(UnixDomainSocketAddress.of(server.path()));
            final OutputStream out = Channels.newOutputStream(c);
            final BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
            out.write("{\"op\": \"fibDump\"}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("{\"ok\":true,\"value\":{\"routes4\":1,\"routes6\":0,\"epoch\":0,\"resyncing\":false,\"batches\":0}}",
                in.readLine());
            for (final String bad : List.of("{\"op\": \"fibPage\", \"from\": 0, \"count\": 0}",
                "{\"op\": \"fibPage\", \"from\": 0, \"count\": " + (DataplaneServer.MAX_PAGE + 1) + "}",
                "{\"op\": \"fibPage\", \"from\": 2, \"count\": 10}", "{\"op\": \"fibPage\", \"from\": -1, \"count\": 10}",
                "{\"op\": \"fibPage\", \"count\": 10}"))
            {
                out.write((bad + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                final String answer = in.readLine();
                assertTrue(answer.startsWith("{\"ok\":false,\"error\":"), bad + " -> " + answer);
            }
            out.write("{\"op\": \"fibPage\", \"from\": 0, \"count\": 10}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("{\"ok\":true,\"value\":{\"routes\":[{\"prefix\":\"198.18.3.0/24\",\"nextHops\":" +
                "[{\"type\":\"direct\",\"port\":0}]}],\"next\":null}}", in.readLine());
            out.write("{\"op\": \"fibPage\", \"from\": 0, \"count\": 10}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertTrue(in.readLine().contains("send fibDump first"), "the dump is dropped once read to its end");
        }
    }

    @Test
    void shouldRefuseNextHopsItCannotRead()
    {
        for (final String bad : List.of("{}", "[{\"type\": \"tunnel\"}]", "[{\"type\": \"gateway\", \"port\": 0}]",
            "[{\"type\": \"gateway\", \"port\": 0, \"address\": \"198.18.1\"}]", "[{\"type\": \"direct\"}]"))
        {
            assertThrows(IllegalArgumentException.class,
                () -> DataplaneServer.nextHopsFromJson(DataplaneServer.JSON.readTree(bad)), bad);
        }
    }

    @Test
    void shouldReadNeighborsAndPortsBack()
    {
        final Dataplane.NeighborEntry arp = new Dataplane.NeighborEntry(0, IpAddress.parse("198.18.1.2"), 0x02AABBCCDDEEL, "reachable");
        final Dataplane.NeighborEntry nd = new Dataplane.NeighborEntry(1, IpAddress.parse("2001:db8:2::2"), 0, "incomplete");
        final Dataplane.NeighborEntry aged = new Dataplane.NeighborEntry(0, IpAddress.parse("198.18.1.3"), 0x02AABBCCDD01L,
            "delay", 31_000, 0, 1_200);
        fake.neighborEntries.addAll(List.of(arp, nd, aged));
        assertEquals(List.of(arp, nd, aged), remote.neighbors(), "the ages too, and unknown ones as unknown");
        final List<DataplaneControl.PortState> ports = remote.ports();
        assertEquals(2, ports.size());
        for (int p = 0; p < 2; p++)
        {
            assertEquals(fake.port(p), ports.get(p).port());
            assertEquals(fake.portCounters(p), ports.get(p).counters());
        }
        assertEquals(fake.ports(), ports);
    }

    @Test
    void shouldServeAControlPlaneThatComesBack() throws Exception
    {
        remote.close(); // the control plane crashed
        try (RemoteDataplane again = RemoteDataplane.connect(run))
        {
            assertEquals(fake.port(0), again.port(0));
        }
        server.close();
        assertFalse(Files.exists(run.resolve(DataplaneServer.SOCKET_NAME)), "the socket goes with the data plane");
        assertThrows(java.io.IOException.class, () -> RemoteDataplane.connect(run));
    }

    @Test
    void shouldReadAndChangeTheControlPlanePolicing()
    {
        assertEquals(fake.copp(), remote.copp());
        final net.junction.dataplane.copp.CoppPolicy policy = new net.junction.dataplane.copp.CoppPolicy(
            new net.junction.dataplane.copp.CoppPolicy.Rate(50_000, 9_000), new net.junction.dataplane.copp.CoppPolicy.Rate(300, 30),
            new net.junction.dataplane.copp.CoppPolicy.Rate(7, 1), List.of(Ip4.parse("198.18.2.2")),
            List.of(Ip6Address.parse("2001:db8:2::2"), Ip6Address.parse("fe80::2")));
        remote.copp(policy);
        assertEquals(policy, fake.copp());
        assertEquals(policy, remote.copp());
        fake.coppPassed.put("bgp", 12L);
        assertEquals(fake.coppPassed(), remote.coppPassed());

        fake.refuse = "copp";
        assertThrows(IllegalStateException.class, () -> remote.copp(net.junction.dataplane.copp.CoppPolicy.DEFAULTS));
        assertEquals(policy, fake.copp(), "nothing changed");
    }
}
