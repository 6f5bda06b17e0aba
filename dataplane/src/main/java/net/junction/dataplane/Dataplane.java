package net.junction.dataplane;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.aeron.Aeron;
import io.aeron.Subscription;
import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.fib.Fib;
import net.junction.dataplane.fib.FibApplyLatency;
import net.junction.dataplane.fib.FibSubscriber;
import net.junction.dataplane.neighbor.NeighborTable;
import net.junction.dataplane.port.DpdkPacketIo;
import net.junction.dataplane.port.DpdkPorts;
import net.junction.dataplane.port.PortTable;
import net.junction.dataplane.ring.PacketRing;
import net.junction.dataplane.slowpath.LinkMonitor;
import net.junction.dataplane.slowpath.NeighborResolver;
import net.junction.dataplane.slowpath.SlowPath;
import net.junction.dataplane.worker.CpuAffinity;
import net.junction.dataplane.worker.IcmpRateLimiter;
import net.junction.dataplane.worker.Pipeline;
import net.junction.dataplane.worker.Worker;
import net.junction.routing.Ip6Address;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A running data plane: DPDK initialised on its own thread, ports configured and started, one
 * pinned worker per configured core, the slow path on a backoff thread, FIB updates arriving on an
 * Aeron IPC stream. Built by {@link #start} and torn down by {@link #close}, in reverse order.
 */
public final class Dataplane implements AutoCloseable
{
    public static final int FIB_STREAM_ID = 1001;
    public static final String FIB_CHANNEL = "aeron:ipc?term-length=1m";
    private static final int NEXT_HOPS = 1 << 16;
    private static final int NEIGHBORS = 1 << 14;
    private static final int PUNT_RING = 1024;
    private static final int INJECT_RING = 4096;

    private final DataplaneSpec spec;
    private final CountersFile counters;
    private final DpdkPorts devices;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final WorkerCounters slowCounters;
    private final AtomicCounter errors;
    private final FibApplyLatency fibApplyLatency = new FibApplyLatency();

    private Dataplane(final DataplaneSpec spec, final CountersFile counters, final DpdkPorts devices, final WorkerCounters slowCounters, final AtomicCounter errors)
    {
        this.spec = spec;
        this.counters = counters;
        this.devices = devices;
        this.slowCounters = slowCounters;
        this.errors = errors;
    }

    /**
     * Starts everything; on any failure undoes what it did and throws with the reason.
     */
    public static Dataplane start(final DataplaneSpec spec, final Aeron aeron)
    {
        final Path counterPath = spec.runDirectory().resolve("counters.dat");
        final List<String> portNames = spec.ports().stream().map(DataplaneSpec.Port::name).toList();
        final int workers = spec.cores().size();
        final CountersFile counters = CountersFile.create(counterPath,
            (workers + 1) * (portNames.size() * WorkerCounters.PORT_COUNTERS.length +
                WorkerCounters.DP_COUNTERS.length + DropReason.COUNT) + portNames.size() + 16);
        DpdkPorts devices = null;
        try
        {
            devices = DpdkPorts.start(spec, EalArguments.build(spec, Runtime.getRuntime().availableProcessors()));
            final DpdkPacketIo io = devices.io();
            final PortTable ports = devices.portTable();
            final Fib fib = new Fib(NEXT_HOPS);
            final NeighborTable neighbors = new NeighborTable(NEIGHBORS);
            final WorkerCounters slowCounters = new WorkerCounters(counters, workers, portNames);
            final AtomicCounter errors = counters.manager().newCounter("dp.agent_errors", CountersFile.TYPE_COUNTER);
            final Dataplane dataplane = new Dataplane(spec, counters, devices, slowCounters, errors);

            final int[][] own4 = new int[spec.ports().size()][];
            final long[][] own6 = new long[spec.ports().size()][];
            for (int p = 0; p < spec.ports().size(); p++)
            {
                final DataplaneSpec.Port port = spec.ports().get(p);
                own4[p] = port.ip4().stream().mapToInt(DataplaneSpec.Ip4Interface::address).toArray();
                final List<Ip6Address> six = new ArrayList<>(port.ip6().stream().map(DataplaneSpec.Ip6Interface::address).toList());
                six.add(new Ip6Address(ports.ip6LinkLocalHigh(p), ports.ip6LinkLocalLow(p)));
                own6[p] = new long[six.size() * 2];
                for (int i = 0; i < six.size(); i++)
                {
                    own6[p][2 * i] = six.get(i).high();
                    own6[p][2 * i + 1] = six.get(i).low();
                }
            }
            final NeighborResolver resolver = new NeighborResolver(
                neighbors, fib, ports, io, slowCounters, own4, own6);
            for (final DataplaneSpec.Neighbor n : spec.neighbors())
            {
                if (n.ip6() == null)
                {
                    resolver.addPermanent4(n.port(), n.ip4(), n.mac());
                }
                else
                {
                    resolver.addPermanent6(n.port(), n.ip6().high(), n.ip6().low(), n.mac());
                }
            }
            final BooleanSupplier[] linkSources = new BooleanSupplier[spec.ports().size()];
            for (int p = 0; p < linkSources.length; p++)
            {
                final String device = spec.ports().get(p).device();
                final String iface = EalArguments.afPacketInterface(device);
                linkSources[p] = EalArguments.isAfPacket(device) && iface != null ?
                    LinkMonitor.sysfsCarrier(iface) : devices.linkSource(p);
            }
            final LinkMonitor links = new LinkMonitor(ports, linkSources, counters);
            final Subscription subscription = aeron.addSubscription(FIB_CHANNEL, FIB_STREAM_ID);
            final FibSubscriber fibSubscriber = new FibSubscriber(subscription, fib, slowCounters, dataplane.fibApplyLatency);

            final PacketRing[] punts = new PacketRing[workers];
            final PacketRing injections = new PacketRing(INJECT_RING);
            final List<Worker> workerAgents = new ArrayList<>();
            for (int w = 0; w < workers; w++)
            {
                punts[w] = new PacketRing(PUNT_RING);
                final WorkerCounters wc = new WorkerCounters(counters, w, portNames);
                final Pipeline pipeline = new Pipeline(fib, neighbors, ports, wc, punts[w], new IcmpRateLimiter(1000, 100));
                final List<int[]> rx = new ArrayList<>();
                for (int p = 0; p < spec.ports().size(); p++)
                {
                    final int rxQueues = EalArguments.rxQueues(spec.ports().get(p), workers);
                    for (int q = w; q < rxQueues; q += workers)
                    {
                        rx.add(new int[] {p, q});
                    }
                }
                workerAgents.add(new Worker(w, io, ports, pipeline, wc,
                    w == 0 ? injections : new PacketRing(2),
                    rx.stream().mapToInt(a -> a[0]).toArray(), rx.stream().mapToInt(a -> a[1]).toArray(), w));
            }
            final SlowPath slowPath = new SlowPath(io, ports, punts, injections, resolver, links, fibSubscriber::poll, slowCounters);

            dataplane.launch(slowPath, new BackoffIdleStrategy(100, 10, 1_000, 1_000_000), -1);
            for (int w = 0; w < workers; w++)
            {
                dataplane.launch(workerAgents.get(w), new BusySpinIdleStrategy(), spec.cores().get(w));
            }
            return dataplane;
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietClose(devices);
            CloseHelper.quietClose(counters);
            throw ex;
        }
    }

    private void launch(final Agent agent, final IdleStrategy idle, final int cpu)
    {
        final ErrorHandler onError = ex ->
        {
            errors.increment();
            System.err.println("junction: " + agent.roleName() + " error: " + ex);
        };
        final CompletableFuture<Void> started = new CompletableFuture<>();
        final AgentRunner runner = new AgentRunner(idle, onError, null, new PinnedAgent(agent, cpu, devices, started));
        runners.add(runner);
        AgentRunner.startOnThread(runner);
        try
        {
            started.get(10, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(agent.roleName() + " did not start: " + ex.getMessage(), ex);
        }
    }

    /** Pins the agent's thread and registers it with DPDK before its first duty cycle. */
    private static final class PinnedAgent implements Agent
    {
        private final Agent delegate;
        private final int cpu;
        private final DpdkPorts devices;
        private final CompletableFuture<Void> started;

        PinnedAgent(
            final Agent delegate, final int cpu, final DpdkPorts devices,
            final CompletableFuture<Void> started)
        {
            this.delegate = delegate;
            this.cpu = cpu;
            this.devices = devices;
            this.started = started;
        }

        @Override
        public void onStart()
        {
            try
            {
                if (cpu >= 0)
                {
                    CpuAffinity.pinCurrentThread(cpu);
                }
                devices.registerThread();
                delegate.onStart();
                started.complete(null);
            }
            catch (final RuntimeException ex)
            {
                started.completeExceptionally(ex);
                throw ex;
            }
        }

        @Override
        public int doWork() throws Exception
        {
            return delegate.doWork();
        }

        @Override
        public void onClose()
        {
            delegate.onClose();
            devices.unregisterThread();
        }

        @Override
        public String roleName()
        {
            return delegate.roleName();
        }
    }

    public CountersFile counters()
    {
        return counters;
    }

    public long fibBatchesApplied()
    {
        return slowCounters.dpValue(WorkerCounters.FIB_BATCHES_APPLIED);
    }

    /**
     * @return the UPDATE-to-FIB latency of the FIB batches applied so far (those sent with an origin).
     */
    public FibApplyLatency fibApplyLatency()
    {
        return fibApplyLatency;
    }

    public DataplaneSpec spec()
    {
        return spec;
    }

    @Override
    public void close()
    {
        for (int i = runners.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(runners.get(i));
        }
        CloseHelper.quietClose(devices);
        CloseHelper.quietClose(counters);
        try
        {
            Files.deleteIfExists(spec.runDirectory().resolve("counters.dat"));
        }
        catch (final java.io.IOException ignored)
        {
            // the runtime directory is tmpfs; a leftover file is harmless and replaced at next start
        }
    }
}
