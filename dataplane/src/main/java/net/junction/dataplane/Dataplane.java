package net.junction.dataplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import net.junction.dataplane.capture.Capture;
import net.junction.dataplane.copp.ControlPlanePolicer;
import net.junction.dataplane.copp.CoppPolicy;
import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.fib.Fib;
import net.junction.dataplane.fib.FibApplyLatency;
import net.junction.dataplane.fib.FibSnapshot;
import net.junction.dataplane.fib.FibSubscriber;
import net.junction.dataplane.neighbor.NeighborTable;
import net.junction.dataplane.port.DpdkPacketIo;
import net.junction.dataplane.port.DpdkPorts;
import net.junction.dataplane.port.PortTable;
import net.junction.dataplane.ring.PacketRing;
import net.junction.dataplane.slowpath.LinkMonitor;
import net.junction.dataplane.slowpath.NeighborResolver;
import net.junction.dataplane.slowpath.SlowPath;
import net.junction.dataplane.worker.CommandQueue;
import net.junction.dataplane.worker.CpuAffinity;
import net.junction.dataplane.worker.IcmpRateLimiter;
import net.junction.dataplane.worker.Pipeline;
import net.junction.dataplane.worker.Worker;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
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
 * <p>
 * A commit changes a running port's MTU ({@link #mtu}), its addresses ({@link #portAddresses}) and
 * the static neighbors without restarting the port or the workers: the device and TAP first, then
 * each agent through its {@link CommandQueue}; the control path never writes what an agent reads.
 */
public final class Dataplane implements AutoCloseable
{
    public static final int FIB_STREAM_ID = 1001;
    /**
     * The FIB stream: 16 MiB terms, so 8 MiB of changes (some 250k routes) can wait for the FIB writer
     * when it falls behind (it grows its tables by copying them); with 1 MiB terms the RIB's thread,
     * the BGP event loop, sat in back-pressure during a full-table load, and every API request with it.
     */
    public static final String FIB_CHANNEL = "aeron:ipc?term-length=16m";
    /** Entries of the FIB's next-hop table (next hops and ECMP groups). */
    public static final int NEXT_HOPS = 1 << 16;
    private static final int NEIGHBORS = 1 << 15; // slots a family: half hold neighbors at most (NeighborResolver.maxEntries), 16,384
    private static final int PUNT_RING = 1024;
    private static final int INJECT_RING = 4096;
    /** How long a live change waits for a worker or the slow path to take its command. */
    public static final long COMMAND_TIMEOUT_MS = 2_000;
    /**
     * How long a read of the whole FIB waits for the FIB writer (the slow path) to copy it: some 63 ms for a million
     * routes ({@code FibSnapshotCostTest}), during which the slow path answers no ARP or ND; the rest is margin for
     * a slow path that is busy (a FIB writer growing its tables).
     */
    public static final long FIB_SNAPSHOT_TIMEOUT_MS = 30_000;

    private final DataplaneSpec spec;
    private final CountersFile counters;
    private final DpdkPorts devices;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final WorkerCounters slowCounters;
    private final AtomicCounter errors;
    /** The ports as they run now: the spec's, with what commits changed since. Control path only. */
    private final DataplaneSpec.Port[] running;
    private final List<WorkerCounters> workerCounters = new ArrayList<>();
    private final List<CommandQueue> workerCommands = new ArrayList<>();
    private final List<PortTable> workerPorts = new ArrayList<>();
    private final List<ControlPlanePolicer> workerPolicers = new ArrayList<>();
    /** The control-plane policing as it runs now. Control path only. */
    private CoppPolicy copp;
    private long[] linkLocal6;
    private SlowPath slowPath;
    private NeighborResolver resolver;
    private Capture capture;
    private NeighborTable neighbors;
    private Fib fib;
    private final FibApplyLatency fibApplyLatency = new FibApplyLatency();

    private Dataplane(final DataplaneSpec spec, final CountersFile counters, final DpdkPorts devices, final WorkerCounters slowCounters, final AtomicCounter errors)
    {
        this.spec = spec;
        this.counters = counters;
        this.devices = devices;
        this.slowCounters = slowCounters;
        this.errors = errors;
        this.running = spec.ports().toArray(DataplaneSpec.Port[]::new);
    }

    /**
     * The embedded Aeron media driver the planes' IPC streams ("fib", "events") run through: one
     * shared thread backing off to 1 ms when idle (IPC only, so no sender or receiver threads), sparse
     * term files, and its directory made fresh at start and deleted at shutdown.
     *
     * @param aeronDirectory the driver's directory (under the router's run directory).
     * @return the running driver; close it after the {@link Aeron} clients and the data plane.
     */
    public static MediaDriver launchMediaDriver(final Path aeronDirectory)
    {
        final MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectory.toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 10, 1_000, 1_000_000))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)
            .warnIfDirectoryExists(false)
            // A control plane that dies (a crash, kill -9) is seen within a second, not Aeron's 10 s: its FIB
            // publication is then released and a new control plane's taken at once. Clients keep alive every
            // CLIENT_KEEPALIVE_NS (aeronContext), ten times per timeout, so a live one is never taken for dead.
            .timerIntervalNs(CLIENT_KEEPALIVE_NS) // how often the driver looks (1 s by default: the liveness's floor)
            .clientLivenessTimeoutNs(CLIENT_LIVENESS_NS)
            .imageLivenessTimeoutNs(CLIENT_LIVENESS_NS));
        closeDirectories(aeronDirectory);
        return driver;
    }

    /**
     * The driver's directories writable by their owner only. Its files stay as the process's umask made them: on the
     * appliance (UMask=0007, group junction) its control plane, the user junction, maps them read-write; but it can
     * add nothing to the directories, so the driver, root, deleting them at shutdown never follows a link planted
     * there (Agrona's delete follows them).
     */
    private static void closeDirectories(final Path aeronDirectory)
    {
        try (Stream<Path> paths = Files.walk(aeronDirectory))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-x---"));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot restrict the media driver's directory " + aeronDirectory, ex);
        }
    }

    /** How long the media driver waits for a silent client (a control plane) before it is taken for dead. */
    public static final long CLIENT_LIVENESS_NS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    /** How often an Aeron client of this project tells the driver it lives. */
    public static final long CLIENT_KEEPALIVE_NS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * @return an Aeron client context for the router's media driver: keepalives every {@link #CLIENT_KEEPALIVE_NS}
     *     (the driver takes a client silent for {@link #CLIENT_LIVENESS_NS} for dead); the caller sets the directory.
     */
    public static Aeron.Context aeronContext()
    {
        return new Aeron.Context().keepAliveIntervalNs(CLIENT_KEEPALIVE_NS);
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

            dataplane.linkLocal6 = new long[2 * spec.ports().size()];
            for (int p = 0; p < spec.ports().size(); p++)
            {
                dataplane.linkLocal6[2 * p] = ports.ip6LinkLocalHigh(p);
                dataplane.linkLocal6[2 * p + 1] = ports.ip6LinkLocalLow(p);
            }
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
                final DataplaneSpec.Port port = spec.ports().get(p);
                final int wire = port.isVlan() ? port.parent() : p; // a sub-interface's link is its parent's
                final String device = spec.ports().get(wire).device();
                final String iface = EalArguments.afPacketInterface(device);
                linkSources[p] = EalArguments.isAfPacket(device) && iface != null ?
                    LinkMonitor.sysfsCarrier(iface) : devices.linkSource(wire);
                if (port.bond() != null)
                {
                    linkSources[p] = devices.bondLink(p, LinkMonitor::sysfsCarrier, port, counters);
                }
                else if (wire != p && spec.ports().get(wire).bond() != null)
                {
                    linkSources[p] = linkSources[wire]; // a sub-interface of a bond: the bond's link (made above)
                }
            }
            final LinkMonitor links = new LinkMonitor(ports, linkSources, counters);
            final Subscription subscription = aeron.addSubscription(FIB_CHANNEL, FIB_STREAM_ID);
            final FibSubscriber fibSubscriber = new FibSubscriber(subscription, fib, slowCounters, dataplane.fibApplyLatency);

            final PacketRing[] punts = new PacketRing[workers];
            final PacketRing injections = new PacketRing(INJECT_RING);
            final List<Worker> workerAgents = new ArrayList<>();
            dataplane.capture = new Capture(workers, Capture.DEFAULT_RING_BYTES);
            dataplane.copp = spec.copp();
            final ControlPlanePolicer.Prepared copp = ControlPlanePolicer.prepare(spec.copp(), workers);
            for (int w = 0; w < workers; w++)
            {
                punts[w] = new PacketRing(PUNT_RING);
                final WorkerCounters wc = new WorkerCounters(counters, w, portNames);
                // Each worker reads its own copy of the port table; a commit changes it by a command.
                final PortTable workerTable = ports.copyForWorker();
                final ControlPlanePolicer policer = new ControlPlanePolicer(copp, workers, wc);
                final Pipeline pipeline = new Pipeline(fib, neighbors, workerTable, wc, punts[w], new IcmpRateLimiter(1000, 100),
                    policer);
                final List<int[]> rx = new ArrayList<>();
                for (int p = 0; p < spec.ports().size(); p++)
                {
                    if (spec.ports().get(p).isVlan())
                    {
                        continue; // received on its parent's queues
                    }
                    final int rxQueues = EalArguments.rxQueues(spec.ports().get(p), workers);
                    for (int q = w; q < rxQueues; q += workers)
                    {
                        rx.add(new int[] {p, q});
                    }
                }
                final Worker worker = new Worker(w, io, workerTable, pipeline, wc,
                    w == 0 ? injections : new PacketRing(2),
                    rx.stream().mapToInt(a -> a[0]).toArray(), rx.stream().mapToInt(a -> a[1]).toArray(), w);
                worker.capture(dataplane.capture, dataplane.capture.ring(w));
                if (w == 0)
                {
                    worker.pollTx(java.util.stream.IntStream.range(0, spec.ports().size())
                        .filter(p -> spec.ports().get(p).bond() != null).toArray());
                }
                workerAgents.add(worker);
                dataplane.workerCounters.add(wc);
                dataplane.workerCommands.add(worker.commands());
                dataplane.workerPorts.add(workerTable);
                dataplane.workerPolicers.add(policer);
            }
            final SlowPath slowPath = new SlowPath(io, ports, punts, injections, resolver, links, fibSubscriber::poll, slowCounters);
            dataplane.slowPath = slowPath;
            dataplane.resolver = resolver;
            dataplane.neighbors = neighbors;
            dataplane.fib = fib;

            dataplane.launch(slowPath, new BackoffIdleStrategy(100, 10, 1_000, 1_000_000), -1);
            for (int w = 0; w < workers; w++)
            {
                final Worker worker = workerAgents.get(w);
                dataplane.launch(worker,
                    spec.poll() == DataplaneSpec.Poll.BUSY ? new BusySpinIdleStrategy() : worker.adaptivePoll(),
                    spec.cores().get(w));
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

    // ------------------------------------------------------------------ live changes (control path)

    /**
     * @param port port index.
     * @return the port as it runs now (MTU and addresses as the last commit set them).
     */
    public synchronized DataplaneSpec.Port port(final int port)
    {
        return running[port];
    }

    /**
     * @return how many ports it runs.
     */
    public int portCount()
    {
        return running.length;
    }

    /**
     * Changes a running port's MTU: on the device ({@code rte_eth_dev_set_mtu}) and its TAP first,
     * then in every worker's port table and the slow path's, each through its command queue. The
     * port, its queues and the workers keep running.
     *
     * @throws IllegalStateException when the device or the TAP refuses (net_af_packet refuses an MTU
     *     above its frame size): nothing was changed.
     */
    public synchronized void mtu(final int port, final int mtu)
    {
        final DataplaneSpec.Port now = running[port];
        if (now.mtu() == mtu)
        {
            return;
        }
        devices.mtu(port, mtu, now.mtu());
        try
        {
            onEveryTable(table -> table.mtu(port, mtu));
        }
        catch (final RuntimeException ex)
        {
            onEveryTableQuietly(table -> table.mtu(port, now.mtu()));
            devices.mtu(port, now.mtu(), mtu);
            throw ex;
        }
        running[port] = now.with(mtu, now.ip4(), now.ip6());
    }

    /**
     * Changes a running port's addresses: the kernel side of its TAP first (the step that may fail),
     * then the slow path's (ARP and ND answer for them, ICMP comes from the first) and every worker's
     * ICMP source, through their command queues. Routes to them (LOCAL, CONNECTED) are the RIB's.
     *
     * @throws IllegalStateException when a step fails; what was done is undone.
     */
    public synchronized void portAddresses(
        final int port, final List<DataplaneSpec.Ip4Interface> ip4, final List<DataplaneSpec.Ip6Interface> ip6)
    {
        final DataplaneSpec.Port now = running[port];
        if (now.ip4().equals(ip4) && now.ip6().equals(ip6))
        {
            return;
        }
        devices.tapAddresses(port, now.ip4(), now.ip6(), ip4, ip6);
        try
        {
            setAddresses(port, ip4, ip6);
        }
        catch (final RuntimeException ex)
        {
            try
            {
                setAddresses(port, now.ip4(), now.ip6());
            }
            catch (final RuntimeException ignored)
            {
                // reported below; the agents that took the new addresses are the ones that answer
            }
            devices.tapAddresses(port, ip4, ip6, now.ip4(), now.ip6());
            throw ex;
        }
        running[port] = now.with(now.mtu(), List.copyOf(ip4), List.copyOf(ip6));
    }

    private void setAddresses(final int port, final List<DataplaneSpec.Ip4Interface> ip4, final List<DataplaneSpec.Ip6Interface> ip6)
    {
        final int[] own4 = ip4.stream().mapToInt(DataplaneSpec.Ip4Interface::address).toArray();
        final long[] own6 = new long[2 * ip6.size() + 2];
        for (int i = 0; i < ip6.size(); i++)
        {
            own6[2 * i] = ip6.get(i).address().high();
            own6[2 * i + 1] = ip6.get(i).address().low();
        }
        own6[2 * ip6.size()] = linkLocal6[2 * port];
        own6[2 * ip6.size() + 1] = linkLocal6[2 * port + 1];
        final int source4 = own4.length == 0 ? 0 : own4[0];
        final Ip6Address source6 = ip6.isEmpty() ? Ip6Address.UNSPECIFIED : ip6.getFirst().address();
        final PortTable slowTable = devices.portTable();
        slowPath.commands().run(() ->
        {
            resolver.addresses(port, own4, own6);
            slowTable.ip4Source(port, source4);
            slowTable.ip6Source(port, source6.high(), source6.low());
        }, COMMAND_TIMEOUT_MS);
        onWorkerTables(table ->
        {
            table.ip4Source(port, source4);
            table.ip6Source(port, source6.high(), source6.low());
        });
    }

    /**
     * Changes the control-plane policing (docs/dataplane.md "Control-plane policing"): the rates are divided among
     * the workers and the neighbor set built here, then every worker takes the new policy between two of its cycles
     * (its buckets keep the tokens they hold). Nothing else changes.
     *
     * @param policy the rates per class and the BGP neighbors' addresses.
     * @throws IllegalStateException when a worker did not take it in time; those that did are set back.
     */
    public synchronized void copp(final CoppPolicy policy)
    {
        final CoppPolicy now = copp;
        if (now.equals(policy))
        {
            return;
        }
        try
        {
            applyCopp(policy);
        }
        catch (final RuntimeException ex)
        {
            try
            {
                applyCopp(now);
            }
            catch (final RuntimeException ignored)
            {
                // the first failure is the one reported
            }
            throw ex;
        }
        copp = policy;
    }

    private void applyCopp(final CoppPolicy policy)
    {
        final ControlPlanePolicer.Prepared prepared = ControlPlanePolicer.prepare(policy, workerCommands.size());
        final List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int w = 0; w < workerCommands.size(); w++)
        {
            final ControlPlanePolicer policer = workerPolicers.get(w);
            done.add(workerCommands.get(w).submit(() -> policer.apply(prepared)));
        }
        for (int w = 0; w < done.size(); w++)
        {
            CommandQueue.await(done.get(w), "worker " + w, COMMAND_TIMEOUT_MS);
        }
    }

    /** @return the control-plane policing as it runs now. */
    public synchronized CoppPolicy copp()
    {
        return copp;
    }

    /** Installs a static (permanent) neighbor entry, on the slow path's thread. */
    public synchronized void addStaticNeighbor(final DataplaneSpec.Neighbor neighbor)
    {
        slowPath.commands().run(() ->
        {
            if (neighbor.ip6() == null)
            {
                resolver.addPermanent4(neighbor.port(), neighbor.ip4(), neighbor.mac());
            }
            else
            {
                resolver.addPermanent6(neighbor.port(), neighbor.ip6().high(), neighbor.ip6().low(), neighbor.mac());
            }
        }, COMMAND_TIMEOUT_MS);
    }

    /** Forgets a static neighbor entry (resolved again when next used), on the slow path's thread. */
    public synchronized void removeStaticNeighbor(final DataplaneSpec.Neighbor neighbor)
    {
        slowPath.commands().run(() ->
        {
            if (neighbor.ip6() == null)
            {
                resolver.removePermanent4(neighbor.port(), neighbor.ip4());
            }
            else
            {
                resolver.removePermanent6(neighbor.port(), neighbor.ip6().high(), neighbor.ip6().low());
            }
        }, COMMAND_TIMEOUT_MS);
    }

    private void onEveryTable(final java.util.function.Consumer<PortTable> change)
    {
        final PortTable slowTable = devices.portTable();
        slowPath.commands().run(() -> change.accept(slowTable), COMMAND_TIMEOUT_MS);
        onWorkerTables(change);
    }

    private void onEveryTableQuietly(final java.util.function.Consumer<PortTable> change)
    {
        try
        {
            onEveryTable(change);
        }
        catch (final RuntimeException ignored)
        {
            // undoing after a failure; the first failure is the one reported
        }
    }

    /** Every worker takes the change between two of its cycles; waits for all of them. */
    private void onWorkerTables(final java.util.function.Consumer<PortTable> change)
    {
        final List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int w = 0; w < workerCommands.size(); w++)
        {
            final PortTable table = workerPorts.get(w);
            done.add(workerCommands.get(w).submit(() -> change.accept(table)));
        }
        for (int w = 0; w < done.size(); w++)
        {
            CommandQueue.await(done.get(w), "worker " + w, COMMAND_TIMEOUT_MS);
        }
    }

    // ------------------------------------------------------------------------------ reads (any thread)

    /**
     * A port's counters since start, summed over the workers and the slow path, with the device's
     * error counters and link.
     */
    public record PortCounters(
        long rxPackets, long rxBytes, long txPackets, long txBytes, long rxErrors, long txErrors, long rxMissed,
        boolean linkUp, long speedMbps)
    {
    }

    /** @return a port's counters now. */
    public PortCounters portCounters(final int port)
    {
        long rx = 0;
        long rxBytes = 0;
        long tx = 0;
        long txBytes = 0;
        for (final WorkerCounters c : allCounters())
        {
            rx += c.portValue(port, WorkerCounters.PORT_RX);
            rxBytes += c.portValue(port, WorkerCounters.PORT_RX_BYTES);
            tx += c.portValue(port, WorkerCounters.PORT_TX);
            txBytes += c.portValue(port, WorkerCounters.PORT_TX_BYTES);
        }
        long rxErrors = 0;
        long txErrors = 0;
        long missed = 0;
        long speed = 0;
        try
        {
            final net.junction.bindings.PortStats stats = devices.stats(port);
            rxErrors = stats.ierrors();
            txErrors = stats.oerrors();
            missed = stats.imissed();
            speed = devices.link(port).speedMbps();
        }
        catch (final RuntimeException ex)
        {
            // a device without stats reports zero errors
        }
        return new PortCounters(rx, rxBytes, tx, txBytes, rxErrors, txErrors, missed, devices.portTable().linkUp(port), speed);
    }

    /** @return every drop reason by its counter name ({@code no_route}), summed over threads, zeros included. */
    public java.util.Map<String, Long> drops()
    {
        final java.util.Map<String, Long> drops = new java.util.TreeMap<>();
        for (int r = 1; r < DropReason.COUNT; r++)
        {
            long sum = 0;
            for (final WorkerCounters c : allCounters())
            {
                sum += c.dropValue(r);
            }
            drops.put(DropReason.name(r), sum);
        }
        return drops;
    }

    /**
     * @return control-plane policing's packets let through, by class ({@code bgp}, {@code icmp-nd-arp}, {@code other}),
     *     summed over the workers (the drops are {@link #drops()}' {@code copp_*}).
     */
    public java.util.Map<String, Long> coppPassed()
    {
        final int[] counters = {WorkerCounters.COPP_BGP_PASSED, WorkerCounters.COPP_ICMP_ND_ARP_PASSED,
            WorkerCounters.COPP_OTHER_PASSED};
        final java.util.Map<String, Long> passed = new java.util.LinkedHashMap<>();
        for (int c = 0; c < CoppPolicy.CLASSES; c++)
        {
            long sum = 0;
            for (final WorkerCounters w : workerCounters)
            {
                sum += w.dpValue(counters[c]);
            }
            passed.put(CoppPolicy.CLASS_NAMES.get(c), sum);
        }
        return passed;
    }

    /**
     * @param core       the CPU the worker is pinned to.
     * @param dutyCycles cycles it ran since start.
     * @param busyCycles of them, those that did work.
     * @param rxPackets  packets it received.
     */
    public record WorkerSample(int core, long dutyCycles, long busyCycles, long rxPackets)
    {
    }

    /** @return one sample per worker, in core order of the spec. */
    public List<WorkerSample> workers()
    {
        final List<WorkerSample> samples = new ArrayList<>();
        for (int w = 0; w < workerCounters.size(); w++)
        {
            final WorkerCounters c = workerCounters.get(w);
            long rx = 0;
            for (int p = 0; p < running.length; p++)
            {
                rx += running[p].isVlan() ? 0 : c.portValue(p, WorkerCounters.PORT_RX); // counted on the parent too
            }
            // Busy before duty: the worker counts a cycle's duty, then its busy, so read in the other order
            // busy <= duty holds (read the other way round, a running worker's busy could pass the duty read).
            final long busy = c.dpValue(WorkerCounters.BUSY_CYCLES);
            samples.add(new WorkerSample(spec.cores().get(w), c.dpValue(WorkerCounters.DUTY_CYCLES), busy, rx));
        }
        return samples;
    }

    /** @return the router's MAC on a port (set at start, never changed). */
    public long mac(final int port)
    {
        return devices.portTable().mac(port);
    }

    /**
     * The ARP (IPv4) or Neighbor Discovery (IPv6) state of a neighbor, read from any thread (the
     * table's readers are lock-free).
     *
     * @param port    the port.
     * @param address the neighbor's address.
     * @return {@code reachable}, {@code stale}, {@code delay}, {@code probe}, {@code permanent} (usable),
     *     {@code incomplete}, {@code failed}, or {@code none} when it has no entry.
     */
    public String neighborState(final int port, final IpAddress address)
    {
        final long value = switch (address)
        {
            case Ip4Address a -> neighbors.lookup4(port, a.value());
            case Ip6Address a -> neighbors.lookup6(port, a.high(), a.low());
        };
        return NeighborTable.stateName(NeighborTable.state(value));
    }

    /**
     * A copy of the FIB: every route with its next hops, taken on the FIB writer's thread (the slow path, between
     * two frames of the FIB stream), so it is what the workers forward on at one instant; the workers are not
     * involved (docs/dataplane.md "The reverse stream").
     *
     * @return the copy, with the epoch of the last resync begun and whether it is still in progress.
     * @throws IllegalStateException when the slow path did not take the command in {@link #FIB_SNAPSHOT_TIMEOUT_MS}.
     */
    public FibSnapshot fibSnapshot()
    {
        final FibSnapshot[] taken = new FibSnapshot[1];
        slowPath.commands().run(() -> taken[0] = FibSnapshot.take(fib, fibEpoch(),
            slowCounters.dpValue(WorkerCounters.FIB_RESYNCS_STARTED) != slowCounters.dpValue(WorkerCounters.FIB_RESYNCS_ENDED),
            fibBatchesApplied()), FIB_SNAPSHOT_TIMEOUT_MS);
        return taken[0];
    }

    /**
     * An ARP (IPv4) or Neighbor Discovery (IPv6) entry as the data plane holds it.
     *
     * @param port           the port.
     * @param address        the neighbor's address.
     * @param mac            its MAC (0 while incomplete).
     * @param state          {@code reachable}, {@code stale}, {@code delay}, {@code probe}, {@code permanent},
     *                       {@code incomplete} or {@code failed} ({@link NeighborTable}'s states); {@code permanent} is
     *                       a static neighbor.
     * @param confirmedAgoMs since its last confirmation (an ARP reply, a solicited NA; else since it was learned), as
     *                       {@code ip -s neigh} prints it; {@link #UNKNOWN} for a static entry or when not known.
     * @param usedAgoMs      since a worker last sent a packet to it; {@link #UNKNOWN} when none ever did, or not known.
     * @param updatedAgoMs   since the resolver last changed or learned it; {@link #UNKNOWN} for a static entry or
     *                       when not known.
     */
    public record NeighborEntry(int port, IpAddress address, long mac, String state, long confirmedAgoMs, long usedAgoMs,
        long updatedAgoMs)
    {
        /** No such time, or a data plane that does not say. */
        public static final long UNKNOWN = -1;

        /** An entry whose times are not known. */
        public NeighborEntry(final int port, final IpAddress address, final long mac, final String state)
        {
            this(port, address, mac, state, UNKNOWN, UNKNOWN, UNKNOWN);
        }

        /** @return a static neighbor (configured, never aged). */
        public boolean permanent()
        {
            return "permanent".equals(state);
        }
    }

    /**
     * @return every neighbor entry of both families (entries whose neighbor went away, state {@code none}, left
     *     out), copied on the slow path's thread, which writes the table: one consistent view, with the times of
     *     its last confirmation, use and update as ages at that instant.
     */
    public List<NeighborEntry> neighbors()
    {
        final List<NeighborEntry> entries = new ArrayList<>();
        slowPath.commands().run(() ->
        {
            final long nowNs = slowPath.nowNs();
            for (int slot = 0; slot < neighbors.capacity(); slot++)
            {
                if (neighbors.used4(slot) && NeighborTable.state(neighbors.value4(slot)) != NeighborTable.NONE)
                {
                    final long value = neighbors.value4(slot);
                    entries.add(entry(neighbors.port4(slot), new Ip4Address(neighbors.address4(slot)), value, false, slot, nowNs));
                }
                if (neighbors.used6(slot) && NeighborTable.state(neighbors.value6(slot)) != NeighborTable.NONE)
                {
                    final long value = neighbors.value6(slot);
                    entries.add(entry(neighbors.port6(slot), new Ip6Address(neighbors.high6(slot), neighbors.low6(slot)),
                        value, true, slot, nowNs));
                }
            }
        }, COMMAND_TIMEOUT_MS);
        return entries;
    }

    private NeighborEntry entry(
        final int port, final IpAddress address, final long value, final boolean ipv6, final int slot, final long nowNs)
    {
        final int state = NeighborTable.state(value);
        final boolean permanent = state == NeighborTable.PERMANENT;
        final long usedNs = ipv6 ? neighbors.lastUsed6(slot) : neighbors.lastUsed4(slot);
        return new NeighborEntry(port, address, NeighborTable.mac(value), NeighborTable.stateName(state),
            permanent ? NeighborEntry.UNKNOWN : agoMs(nowNs, resolver.confirmedNs(ipv6, slot)),
            0 == usedNs ? NeighborEntry.UNKNOWN : agoMs(nowNs, usedNs),
            permanent ? NeighborEntry.UNKNOWN : agoMs(nowNs, resolver.updatedNs(ipv6, slot)));
    }

    private static long agoMs(final long nowNs, final long thenNs)
    {
        return Math.max(0, (nowNs - thenNs) / 1_000_000L);
    }

    /** @return IPv4 and IPv6 routes in the FIB after its last batch. */
    public long fibRoutes(final boolean ipv4)
    {
        return slowCounters.dpValue(ipv4 ? WorkerCounters.FIB_ROUTES4 : WorkerCounters.FIB_ROUTES6);
    }

    private List<WorkerCounters> allCounters()
    {
        final List<WorkerCounters> all = new ArrayList<>(workerCounters);
        all.add(slowCounters);
        return all;
    }

    public CountersFile counters()
    {
        return counters;
    }

    public long fibBatchesApplied()
    {
        return slowCounters.dpValue(WorkerCounters.FIB_BATCHES_APPLIED);
    }

    /** @return the packet capture the workers copy frames into (docs/dataplane.md "Packet capture"). */
    public Capture capture()
    {
        return capture;
    }

    /** @return the epoch of the FIB's last resync begun, 0 before any (docs/dataplane.md "FIB resync"). */
    public long fibEpoch()
    {
        return slowCounters.dpValue(WorkerCounters.FIB_EPOCH);
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
