/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.worker;

import java.nio.file.Path;
import java.util.List;

import net.junction.dataplane.DropReason;
import net.junction.dataplane.Dataplane;
import net.junction.dataplane.DataplaneSpec;
import net.junction.routing.IpAddress;

import static net.junction.dataplane.worker.ChildDataplane.report;
import static net.junction.dataplane.worker.ChildDataplane.sleep;
import static net.junction.dataplane.worker.ChildDataplane.thread;

/**
 * The program {@code DpdkLiveChangeIT} runs in a child JVM: Junction's real data plane forwarding
 * IPv4 packets with DF set, 1600 bytes long, from {@code net_pcap0} to {@code net_null0} (MTU
 * 1500: each is dropped as {@code mtu_exceeded}), then changed live as a commit changes it: the
 * egress port's MTU raised to 1700 ({@link Dataplane#mtu}), its addresses and a static neighbor
 * changed, all while the same worker thread keeps running. Reports {@code JN key=value} lines.
 *
 * <p>Usage: {@code DpdkLiveChangeChild NAME RUN_DIR PCAP CORE WINDOW_MS}.
 */
public final class DpdkLiveChangeChild
{
    private DpdkLiveChangeChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String name = args[0];
        final Path runDirectory = Path.of(args[1]);
        final Path pcap = Path.of(args[2]);
        final int core = Integer.parseInt(args[3]);
        final long windowMs = Long.parseLong(args[4]);

        try (ChildDataplane child = ChildDataplane.startPcapToNull(name, runDirectory, pcap, core))
        {
            final Dataplane dataplane = child.dataplane();
            report("ready", true);
            final Thread worker = thread("junction-worker-0");
            final String mtuExceeded = DropReason.name(DropReason.MTU_EXCEEDED);

            sleep(windowMs);
            long drops = dataplane.drops().get(mtuExceeded);
            long tx = dataplane.portCounters(1).txPackets();
            sleep(windowMs);
            report("before.mtuDrops", dataplane.drops().get(mtuExceeded) - drops);
            report("before.tx", dataplane.portCounters(1).txPackets() - tx);

            String result;
            try
            {
                dataplane.mtu(1, 1700);
                result = "ok";
            }
            catch (final IllegalStateException ex)
            {
                result = ex.getMessage();
            }
            report("mtu.result", result);
            report("mtu.now", dataplane.port(1).mtu());
            drops = dataplane.drops().get(mtuExceeded);
            tx = dataplane.portCounters(1).txPackets();
            sleep(windowMs);
            report("after.mtuDrops", dataplane.drops().get(mtuExceeded) - drops);
            report("after.tx", dataplane.portCounters(1).txPackets() - tx);

            final DataplaneSpec.Port p1 = dataplane.port(1);
            final List<DataplaneSpec.Ip4Interface> more = new java.util.ArrayList<>(p1.ip4());
            more.add(new DataplaneSpec.Ip4Interface(((net.junction.routing.Ip4Address)IpAddress.parse("198.18.3.1")).value(), 24));
            dataplane.portAddresses(1, more, List.of());
            report("addresses.now", dataplane.port(1).ip4().size());
            final DataplaneSpec.Neighbor extra = new DataplaneSpec.Neighbor(1,
                ((net.junction.routing.Ip4Address)IpAddress.parse("198.18.3.2")).value(), null, 0x020000000009L);
            dataplane.addStaticNeighbor(extra);
            dataplane.removeStaticNeighbor(extra);
            report("neighbors", "ok");

            final Dataplane.WorkerSample sample = dataplane.workers().getFirst();
            report("worker.busy", sample.busyCycles() > 0 && sample.busyCycles() <= sample.dutyCycles());
            report("worker.same", worker.isAlive() && thread("junction-worker-0") == worker);
            report("p0.rx", dataplane.portCounters(0).rxPackets());
        }
        report("done", true);
    }
}
