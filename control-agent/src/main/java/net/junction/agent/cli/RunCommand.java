package net.junction.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import net.junction.agent.JunctionVersion;
import net.junction.agent.commit.CommitRefusedException;
import net.junction.agent.commit.ConfigApplier;
import net.junction.agent.commit.ConfigLifecycle;
import net.junction.agent.config.ConfigException;
import net.junction.agent.config.ConfigLoader;
import net.junction.agent.config.JunctionConfig;
import net.junction.agent.api.ApiServer;
import net.junction.agent.cli.client.JunctionCli;
import net.junction.agent.commit.ConfirmTimer;
import net.junction.agent.config.ListenAddress;
import net.junction.agent.metrics.MetricsServer;
import net.junction.agent.router.BulkThreads;
import net.junction.agent.router.DataplaneControl;
import net.junction.agent.router.DataplaneServer;
import net.junction.agent.router.FibCheck;
import net.junction.agent.router.HeldFibUpdates;
import net.junction.agent.router.LiveRouter;
import net.junction.agent.router.RemoteDataplane;
import net.junction.agent.router.RibOwner;
import net.junction.agent.router.RouterEvents;
import net.junction.agent.router.RunningRouter;
import net.junction.agent.router.SpecMapping;
import net.junction.agent.router.SystemdNotify;
import net.junction.bgp.speaker.BgpControl;
import net.junction.bgp.session.LocalRestart;
import net.junction.bgp.session.SessionOptions;
import net.junction.bgp.speaker.BgpSpeaker;
import net.junction.bgp.wire.AfiSafi;
import net.junction.dataplane.Dataplane;
import net.junction.dataplane.DataplaneSpec;
import net.junction.dataplane.counters.CountersFile;
import net.junction.routing.fib.FibUpdateEncoder;
import net.junction.routing.rib.Rib;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@code junction run --one-process}, {@code junction dataplane} and {@code junction control} (what {@code junction run}
 * starts and supervises: scripts/run-router.sh). One process runs both planes: an embedded Aeron media driver, the
 * data plane, and the control plane's RIB, whose
 * changes reach the data plane's FIB writer over the "fib" IPC stream. Prints
 * {@code junction: ready} once the ports run and the first FIB batch is applied; stops on
 * SIGINT/SIGTERM, undoing everything it made.
 * <p>
 * The configuration comes from the state directory ({@code --state-dir}, default
 * {@code /var/lib/junction/NAME}, see {@code docs/config-lifecycle.md}): a {@code --config} file is
 * committed there unless it is the last commit already, and without one the router starts from
 * the last commit of router {@code --name}. Either way it prints which commit it starts from.
 * <p>
 * While it runs, commits change it live ({@link LiveRouter} is the lifecycle's applier from
 * "ready" on), and a commit made with {@code --confirm} whose deadline passes unconfirmed is rolled
 * back live by the {@link ConfirmTimer}, checked every {@value #CONFIRM_POLL_MS} ms, while the
 * router forwards. The RIB has one owner thread: the BGP speaker's with BGP, else one of its own
 * ({@link RibOwner}).
 */
public final class RunCommand
{
    private static final long READY_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private RunCommand()
    {
    }

    /** What one process runs: both planes (one process), or one of the two (docs/dataplane.md "Two processes"). */
    public enum Mode
    {
        /** {@code junction run}: the data plane and the control plane in this process. */
        BOTH,
        /** {@code junction dataplane}: DPDK, ports, workers, FIB, the Aeron media driver, the control socket. */
        DATAPLANE,
        /** {@code junction control}: BGP, RIB, config, API, journal; the data plane is another process. */
        CONTROL
    }

    public static int run(final List<String> args, final PrintStream out, final PrintStream err)
    {
        return run(Mode.BOTH, args, out, err);
    }

    public static int run(final Mode mode, final List<String> args, final PrintStream out, final PrintStream err)
    {
        final RunArguments arguments = RunArguments.parse(args, err, mode.name().toLowerCase(java.util.Locale.ROOT).replace("both", "run"));
        if (arguments == null)
        {
            return 2;
        }
        final Path file = arguments.config();
        String name = arguments.name();
        JunctionConfig fromFile = null;
        if (file != null)
        {
            try
            {
                fromFile = ConfigLoader.load(file);
                final String named = fromFile.name();
                if (null != name && !name.equals(named))
                {
                    err.println("junction: " + file + " configures router '" + named + "', not '" + name + "', nothing started");
                    return 2;
                }
                name = named;
            }
            catch (final ConfigException ex)
            {
                err.println("junction: " + file + " is invalid, nothing started:");
                err.println(ex.getMessage());
                return 2;
            }
        }
        final Path runDirectory = StatusCommand.RUN_ROOT.resolve(name);
        final String running = Mode.CONTROL == mode ? controlRunning(runDirectory) : alreadyRunning(runDirectory);
        if (running != null)
        {
            err.println("junction: " + running);
            return 1;
        }
        if (Mode.DATAPLANE == mode)
        {
            if (null == fromFile)
            {
                // By name: the router's last commit (its control plane, which may hold the state directory, starts
                // from it too, and sets the ports as its running configuration says).
                final Path stateDirectory =
                    null != arguments.stateDirectory() ? arguments.stateDirectory() : ConfigLifecycle.defaultStateDirectory(name);
                try
                {
                    fromFile = ConfigLifecycle.lastCommitted(stateDirectory, Runtime.getRuntime().availableProcessors()).orElse(null);
                }
                catch (final IOException | ConfigException ex)
                {
                    err.println("junction dataplane: nothing started: the last commit in " + stateDirectory + " cannot be read: " +
                        ex.getMessage());
                    return 1;
                }
                if (null == fromFile)
                {
                    err.println("junction dataplane: nothing started: " + stateDirectory + " holds no commit of router '" + name +
                        "': give --config FILE");
                    return 2;
                }
            }
            return dataplane(fromFile, runDirectory, out, err);
        }

        // Created first, so a SIGTERM during start-up also ends in the cleanup below: its hook
        // waits for close(), which comes only after everything is undone.
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        MediaDriver driver = null;
        Aeron aeron = null;
        Dataplane dataplane = null;
        RemoteDataplane remote = null;
        ControlStatus status = null;
        BulkThreads bulk = null;
        BgpSpeaker speaker = null;
        RibOwner ribOwner = null;
        LiveRouter router = null;
        ApiServer api = null;
        MetricsServer metrics = null;
        AgentRunner confirmTimer = null;
        ConfigLifecycle lifecycle = null;
        // Commits made before the router runs (the one junction run starts from) change nothing
        // live; from "ready" on, the live router applies them.
        final AtomicReference<ConfigApplier> applier = new AtomicReference<>(ConfigApplier.NOT_RUNNING);
        final java.util.concurrent.atomic.AtomicBoolean handover = new java.util.concurrent.atomic.AtomicBoolean();
        final java.util.concurrent.atomic.AtomicBoolean dataplaneGone = new java.util.concurrent.atomic.AtomicBoolean();
        final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        try
        {
            // Held open while the router runs: its lock keeps any other writer out of the state directory.
            final Path stateDirectory =
                null != arguments.stateDirectory() ? arguments.stateDirectory() : ConfigLifecycle.defaultStateDirectory(name);
            try
            {
                lifecycle = ConfigLifecycle.open(stateDirectory,
                    ConfigLifecycle.Settings.of(ConfigApplier.deferredTo(applier::get)));
            }
            catch (final IOException ex)
            {
                // A FileSystemException's message is only the path; its class says what went wrong.
                err.println("junction: nothing started: cannot open the state directory " + stateDirectory + ": " +
                    (ex instanceof java.nio.file.FileSystemException ? ex.getClass().getSimpleName() + " " : "") + ex.getMessage());
                return 1;
            }
            final ConfigLifecycle.Start start;
            try
            {
                start = null != file ? lifecycle.start(file, fromFile) : lifecycle.start(Optional.empty());
            }
            catch (final CommitRefusedException ex)
            {
                err.println("junction: nothing started: " + String.join("\n", ex.problems()));
                return CommitRefusedException.Reason.INVALID == ex.reason() ? 2 : 1;
            }
            final JunctionConfig config = start.config();
            if (!config.name().equals(name))
            {
                err.println("junction: nothing started: " + lifecycle.stateDirectory() + " holds router '" + config.name() +
                    "', not '" + name + "'");
                return 2;
            }
            out.println(start.message());
            Files.createDirectories(runDirectory);
            Files.writeString(runDirectory.resolve(pidFile(mode)), Long.toString(ProcessHandle.current().pid()));
            final DataplaneControl control;
            if (Mode.CONTROL == mode)
            {
                // The data plane (another process) owns the media driver and the ports: connect to both, waiting
                // for it to be up (systemd starts the two together).
                // The data plane's media driver gone (Aeron's own handler would exit the JVM on it): stop as below.
                aeron = connectToDataplane(runDirectory, ex ->
                {
                    if (ex instanceof io.aeron.exceptions.DriverTimeoutException)
                    {
                        dataplaneLost(err, runDirectory, dataplaneGone, stopping, barrier, "its media driver is gone");
                    }
                    else
                    {
                        err.println("junction: Aeron: " + ex);
                    }
                });
                remote = connectControlSocket(runDirectory);
                final DataplaneServer.Hello hello = remote.hello();
                out.println("junction: data plane pid " + hello.pid() + " holds " + hello.fib4() + " IPv4 and " + hello.fib6() +
                    " IPv6 routes" + (hello.fibBatches() > 0 ? " from an earlier control plane: it forwards on them meanwhile" : ""));
                // It started from its file; commits since may have changed the ports: run the committed ones.
                for (final String change : SpecMapping.reconcilePorts(config, remote))
                {
                    out.println("junction: the data plane ran " + change + ": set as the running configuration says");
                }
                // Its static neighbors likewise: an earlier control plane may have left others (docs/dataplane.md).
                for (final String change : SpecMapping.reconcileNeighbors(config, remote))
                {
                    out.println("junction: the data plane's static neighbor " + change);
                }
                for (final String change : SpecMapping.reconcileCopp(config, remote))
                {
                    out.println("junction: the data plane ran " + change + ": set as the running configuration says");
                }
                control = remote;
            }
            else
            {
                driver = Dataplane.launchMediaDriver(runDirectory.resolve("aeron"));
                aeron = Aeron.connect(Dataplane.aeronContext().aeronDirectoryName(driver.aeronDirectoryName()));
                final DataplaneSpec spec = SpecMapping.dataplaneSpec(config, runDirectory);
                dataplane = Dataplane.start(spec, aeron);
                control = DataplaneControl.of(dataplane);
            }
            final long batchesBefore = control.fibBatchesApplied();

            final ExclusivePublication fib = aeron.addExclusivePublication(Dataplane.FIB_CHANNEL, Dataplane.FIB_STREAM_ID);
            await(fib::isConnected, "the data plane's FIB subscription");
            final FibUpdateEncoder encoder = new FibUpdateEncoder(
                new UnsafeBuffer(new byte[Math.min(fib.maxMessageLength(), 64 * 1024)]),
                (buffer, offset, length) -> fib.offer(buffer, offset, length) > 0);
            // A data plane an earlier control plane programmed forwards on what it holds: take it over. The RIB's
            // changes are held until it is whole (with BGP: once route selection after the graceful restart ran),
            // then the FIB is resynced with it in a new epoch, and the data plane sweeps what is no longer there.
            // Its next hops are numbered from the other half of the table than the last epoch's, so no index the
            // data plane still uses means another next hop meanwhile.
            final boolean takeover = null != remote && remote.hello().fibBatches() > 0;
            final long epoch = takeover ? remote.hello().fibEpoch() + 1 : 0;
            final AtomicReference<FibCheck.Result> fibChecked = new AtomicReference<>();
            final AtomicReference<RunningRouter.FibCheckView> fibCheckView = new AtomicReference<>(); // its metrics
            if (takeover)
            {
                // What it forwards on, read back through the control socket (docs/dataplane.md "The reverse stream"):
                // its routes counted (hello), not copied: a full table's copy would hold the takeover up for seconds;
                // the FIB check below copies it once the resync ended.
                try
                {
                    final DataplaneServer.Hello kept = remote.hello();
                    out.println("junction: the data plane kept " +
                        FibCheck.kept(kept.fib4(), kept.fib6(), kept.fibEpoch(), remote.neighbors(), remote.ports()));
                }
                catch (final IllegalStateException ex)
                {
                    err.println("junction: cannot read back what the data plane kept: " + ex.getMessage());
                }
            }
            final HeldFibUpdates held = new HeldFibUpdates(encoder, !takeover);
            final Rib rib = new Rib(held, takeover && (epoch & 1) == 1 ? Dataplane.NEXT_HOPS / 2 : 0);
            SpecMapping.loadRoutes(config, rib);
            final Runnable resync = () ->
            {
                rib.resync(encoder, epoch);
                held.open();
                out.println("junction: FIB resynced with the control plane's table (epoch " + epoch + ", " +
                    rib.installedCount() + " routes); the data plane sweeps what the last epoch left");
                out.flush();
            };

            if (config.bgp().isPresent())
            {
                // Once started, the speaker's thread owns the RIB; until then its tasks run on this thread. Taking
                // over, it is the restarting speaker of graceful restart: the R bit, the F bit of both families (the
                // data plane kept their forwarding state), route selection deferred until the peers' End-of-RIB.
                speaker = new BgpSpeaker(config.bgp().get(), rib, takeover ? SessionOptions.DEFAULT.withRestart(
                    LocalRestart.restarted(Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST),
                        LocalRestart.DEFAULT_SELECTION_DEFERRAL_SECONDS)) : SessionOptions.DEFAULT);
                speaker.stampFibBatches(encoder::batchOrigin); // UPDATE-to-FIB latency (metrics)
                if (takeover)
                {
                    speaker.whenRestartSelected(resync);
                }
            }
            else if (takeover)
            {
                resync.run();
            }
            if (!takeover || speaker == null)
            {
                await(() -> control.fibBatchesApplied() > batchesBefore, "the first FIB batch");
            }
            if (null != remote && !takeover)
            {
                dataplaneBack(runDirectory, rib.installedCount(), out, err);
            }
            final Optional<BgpControl> bgp = Optional.ofNullable(speaker);
            ribOwner = null == speaker ? RibOwner.ownThread(rib) : RibOwner.through(rib, speaker::execute);
            if (takeover)
            {
                // Once the resync ended, does the data plane forward on exactly what the RIB installed?
                final RibOwner owner = ribOwner;
                final RemoteDataplane checked = remote;
                Thread.ofVirtual().name("junction-fib-check").start(() ->
                {
                    try
                    {
                        final FibCheck.Result result = FibCheck.afterResync(checked, epoch,
                            () -> owner.call(FibCheck::installed, FIB_CHECK_RIB_TIMEOUT_MS), stopping::get,
                            Duration.ofSeconds(LocalRestart.DEFAULT_SELECTION_DEFERRAL_SECONDS + 60));
                        if (null != result)
                        {
                            fibChecked.set(result);
                            fibCheckView.set(new RunningRouter.FibCheckView(result, java.time.Instant.now()));
                            out.println("junction: FIB check after the resync (epoch " + epoch + "): the data plane holds " +
                                result.fib4() + " IPv4 and " + result.fib6() + " IPv6 routes, the RIB installed " +
                                result.installed() + ": " + result.summary());
                            out.flush();
                        }
                    }
                    catch (final RuntimeException ex)
                    {
                        err.println("junction: FIB check after the resync failed: " + ex.getMessage());
                    }
                });
            }
            router = new LiveRouter(config, version(), control, ribOwner, bgp, new RouterEvents(),
                InstantSource.system()).journalIn(lifecycle.stateDirectory()).fibCheckFrom(fibCheckView::get).start();
            if (null != speaker)
            {
                // Only now, with the journal's hook and the session listener in place: the first UPDATE and
                // the first Established are journaled like every later one.
                speaker.start();
                out.println("junction: BGP AS " + Integer.toUnsignedString(config.bgp().get().localAs()) +
                    " listening on port " + speaker.listenPort() + ", " + config.bgp().get().neighbors().size() +
                    " neighbor(s)");
            }
            final LiveRouter live = router;
            status = new ControlStatus(runDirectory, () ->
            {
                final RunningRouter.RouterStatus now = live.status();
                return new long[] {now.ribRoutes().get("ipv4"), now.ribRoutes().get("ipv6")};
            }, bgp.isEmpty() ? null : live::neighbors);
            status.fibCheck(fibChecked::get);
            status.start();
            // The BGP thread and the journal run from here on: their turn comes after the API's and the CLI's.
            bulk = BulkThreads.fromSystemProperty();
            if (null != bulk)
            {
                bulk.start();
            }
            final long installed = ribOwner.call(Rib::installedCount);
            applier.set(router);
            confirmTimer = new AgentRunner(new SleepingMillisIdleStrategy(CONFIRM_POLL_MS),
                ex -> err.println("junction: confirm timer: " + ex.getMessage()), null,
                new ConfirmTimer(lifecycle, InstantSource.system(), rollback -> live.events().publish(
                    new RouterEvents.Committed(rollback.time(), rollback.number(), rollback.author(), rollback.message(),
                    "confirm-expired"))));
            AgentRunner.startOnThread(confirmTimer);

            api = ApiServer.start(config.api(), runDirectory, lifecycle, router);
            if (config.api().socket())
            {
                out.println("junction: API on " + runDirectory.resolve(ApiServer.SOCKET_NAME) + " (junction show, config, neighbor)");
                JunctionCli.warmUpInBackground(); // the thin client's POST /v1/cli: docs/cli.md "How show runs"
            }
            config.api().listen().ifPresent(address -> out.println("junction: API on https://" + ListenAddress.format(address)));
            if (config.metrics().listen().isPresent())
            {
                metrics = MetricsServer.start(config.metrics().listen().get(), router, control::drainFibLatency);
                out.println("junction: metrics on http://" + ListenAddress.format(config.metrics().listen().get()) + "/metrics");
            }

            out.println("junction: " + (Mode.CONTROL == mode ? "control plane of router '" : "router '") + config.name() +
                "' forwarding on " + config.ports().size() + " ports, " +
                config.cores().size() + " worker(s); " + installed + " routes installed; commits apply live; " + heap() +
                (null == bulk ? "" : "; bulk work at nice " + bulk.nice()));
            if (Mode.CONTROL == mode)
            {
                // SIGHUP (junction restart control): hand over to the next control plane. Stop as a crash stops BGP,
                // without a NOTIFICATION, so the peers keep Junction's routes (graceful restart) while the next
                // instance starts; the rest closes as for SIGTERM. The data plane forwards throughout.
                final Runnable handOver = () ->
                {
                    handover.set(true);
                    barrier.signal();
                };
                sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> handOver.run());
                router.onControlRestart(handOver); // POST /v1/control/restart
                // A data plane that goes away (stopped, crashed) takes the ports, the TAPs and so every BGP session
                // with it: stop too, within a second, so the supervisor (systemd's Restart=always, the data plane
                // unit's Upholds=) starts a control plane that programs the next data plane from the start.
                final RemoteDataplane watched = remote;
                final long dataplanePid = remote.hello().pid();
                Thread.ofPlatform().daemon().name("junction-dataplane-watch").start(() ->
                {
                    while (!stopping.get())
                    {
                        try
                        {
                            Thread.sleep(DATAPLANE_WATCH_MS);
                            watched.fibEpoch();
                        }
                        catch (final InterruptedException ex)
                        {
                            return;
                        }
                        catch (final IllegalStateException ex)
                        {
                            dataplaneLost(err, runDirectory, dataplaneGone, stopping, barrier, "pid " + dataplanePid + ": " + ex.getMessage());
                            return;
                        }
                    }
                });
            }
            out.println("junction: ready");
            out.flush();
            SystemdNotify.tell("READY=1\nSTATUS=" + (Mode.CONTROL == mode ? "control plane" : "router") + " ready, " +
                installed + " routes installed", err);
            barrier.await();
            stopping.set(true);
            SystemdNotify.tell("STOPPING=1", err);
            out.println(handover.get() ? "junction: handing over to the next control plane (BGP peers keep the routes)" :
                dataplaneGone.get() ? "junction: stopping: no data plane" : "junction: stopping");
            if (handover.get() && null != speaker)
            {
                speaker.abandon();
            }
            return dataplaneGone.get() ? 3 : 0;
        }
        catch (final RuntimeException | IOException ex)
        {
            err.println("junction: " + ex.getMessage());
            return 1;
        }
        finally
        {
            applier.set((from, to, diff) ->
            {
                throw new IllegalStateException("the router is stopping");
            });
            CloseHelper.quietCloseAll(api, metrics, confirmTimer, bulk, status, router, ribOwner, speaker, dataplane, remote, aeron, driver,
                lifecycle);
            try
            {
                Files.deleteIfExists(runDirectory.resolve(pidFile(mode)));
                if (Mode.BOTH == mode)
                {
                    Files.deleteIfExists(runDirectory); // empty by now: counters and Aeron's directory are gone
                }
            }
            catch (final IOException ignored)
            {
                // tmpfs; a leftover is replaced at the next start
            }
            barrier.close();
        }
    }

    /**
     * {@code junction dataplane}: the data plane as a process of its own, which the control plane
     * ({@code junction control}) connects to and may leave and come back to while the packets flow: the Aeron media
     * driver (never deleted while this runs), DPDK, the ports, the workers, the FIB writer, and
     * {@link DataplaneServer} on {@value DataplaneServer#SOCKET_NAME}. It starts from the configuration file; the
     * control plane applies its running configuration live. Prints {@code junction: data plane ready}; stops on
     * SIGINT/SIGTERM.
     */
    private static int dataplane(final JunctionConfig config, final Path runDirectory, final PrintStream out,
        final PrintStream err)
    {
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        MediaDriver driver = null;
        Aeron aeron = null;
        Dataplane dataplane = null;
        DataplaneServer server = null;
        try
        {
            Files.createDirectories(runDirectory);
            Files.writeString(runDirectory.resolve(pidFile(Mode.DATAPLANE)), Long.toString(ProcessHandle.current().pid()));
            driver = Dataplane.launchMediaDriver(runDirectory.resolve("aeron"));
            aeron = Aeron.connect(Dataplane.aeronContext().aeronDirectoryName(driver.aeronDirectoryName()));
            dataplane = Dataplane.start(SpecMapping.dataplaneSpec(config, runDirectory), aeron);
            server = DataplaneServer.start(DataplaneControl.of(dataplane), runDirectory);
            out.println("junction: data plane of router '" + config.name() + "' on " + config.ports().size() + " ports, " +
                config.cores().size() + " worker(s); control socket " + server.path() + "; waits for its control plane " +
                "(junction control --name " + config.name() + ")");
            out.println("junction: data plane ready");
            out.flush();
            // Type=notify (scripts/systemd): the control plane's unit, ordered after this one, starts now.
            SystemdNotify.tell("READY=1\nSTATUS=data plane ready on " + config.ports().size() + " ports", err);
            barrier.await();
            SystemdNotify.tell("STOPPING=1", err);
            out.println("junction: data plane stopping");
            return 0;
        }
        catch (final RuntimeException | IOException ex)
        {
            err.println("junction: " + ex.getMessage());
            return 1;
        }
        finally
        {
            CloseHelper.quietCloseAll(server, dataplane, aeron, driver);
            try
            {
                Files.deleteIfExists(runDirectory.resolve(pidFile(Mode.DATAPLANE)));
                Files.deleteIfExists(runDirectory); // empty unless a control plane runs or left its files
            }
            catch (final IOException ignored)
            {
                // tmpfs; replaced at the next start
            }
            barrier.close();
        }
    }

    /** The file in the run directory that holds the process's pid. */
    static String pidFile(final Mode mode)
    {
        return switch (mode)
        {
            case BOTH -> "pid";
            case DATAPLANE -> "dataplane.pid";
            case CONTROL -> "control.pid";
        };
    }

    /** A message when a live control plane already runs for this router, else null. */
    static String controlRunning(final Path runDirectory)
    {
        try
        {
            final long pid = Long.parseLong(Files.readString(runDirectory.resolve(pidFile(Mode.CONTROL))).trim());
            if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            {
                return "a control plane of router '" + runDirectory.getFileName() + "' already runs (pid " + pid + ")";
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            return null; // none, or a leftover
        }
        return null;
    }

    /** The data plane's Aeron media driver, waited for up to the ready timeout. */
    /** The data plane went away: say so once, and stop (unless the control plane is stopping anyway). */
    private static void dataplaneLost(final PrintStream err, final Path runDirectory, final java.util.concurrent.atomic.AtomicBoolean gone,
        final java.util.concurrent.atomic.AtomicBoolean stopping, final ShutdownSignalBarrier barrier, final String why)
    {
        if (!stopping.get() && !gone.getAndSet(true))
        {
            try
            {
                // The next control plane says how long the data plane's restart took (dataplaneBack).
                Files.writeString(runDirectory.resolve(DATAPLANE_LOST_FILE), Long.toString(System.currentTimeMillis()));
            }
            catch (final IOException ex)
            {
                err.println("junction: cannot write " + runDirectory.resolve(DATAPLANE_LOST_FILE) + ": " + ex.getMessage());
            }
            err.println("junction: the data plane is gone (" + why + "): the control plane stops; started again, it " +
                "programs the next data plane");
            err.flush();
            barrier.signal();
        }
    }

    /** Written by a control plane that saw its data plane go: when (epoch milliseconds). */
    static final String DATAPLANE_LOST_FILE = "dataplane.lost";

    /**
     * A control plane that programmed a new data plane from nothing: when the last control plane saw the previous one
     * go ({@value #DATAPLANE_LOST_FILE}), the data plane restarted: say how long it was without a FIB. BGP routes
     * follow as the sessions come up again (the ports went with the old data plane).
     */
    static void dataplaneBack(final Path runDirectory, final long routes, final PrintStream out, final PrintStream err)
    {
        final Path lost = runDirectory.resolve(DATAPLANE_LOST_FILE);
        try
        {
            if (Files.exists(lost))
            {
                final long ms = System.currentTimeMillis() - Long.parseLong(Files.readString(lost).trim());
                out.println(String.format(java.util.Locale.ROOT, "junction: data plane restarted: its FIB (%d routes) pushed " +
                    "again %.1f s after the last control plane saw the previous one go; BGP routes follow as the sessions " +
                    "come up", routes, ms / 1000.0));
                Files.delete(lost);
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            err.println("junction: " + lost + " unreadable (" + ex.getMessage() + "): removed");
            try
            {
                Files.deleteIfExists(lost);
            }
            catch (final IOException ignored)
            {
                // tmpfs; the message above says so
            }
        }
    }

    private static Aeron connectToDataplane(final Path runDirectory, final org.agrona.ErrorHandler errors)
    {
        final String directory = runDirectory.resolve("aeron").toString();
        final long deadline = System.nanoTime() + READY_TIMEOUT_NS;
        while (true)
        {
            if (io.aeron.CommonContext.isDriverActive(new java.io.File(directory), 1_000, message -> { }))
            {
                return Aeron.connect(Dataplane.aeronContext().aeronDirectoryName(directory).errorHandler(errors));
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("no data plane runs for router '" + runDirectory.getFileName() +
                    "' (no Aeron media driver in " + directory + "): start junction dataplane first");
            }
            sleep();
        }
    }

    /** The data plane's control socket, waited for up to the ready timeout. */
    private static RemoteDataplane connectControlSocket(final Path runDirectory)
    {
        final long deadline = System.nanoTime() + READY_TIMEOUT_NS;
        while (true)
        {
            try
            {
                return RemoteDataplane.connect(runDirectory);
            }
            catch (final IOException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException(ex.getMessage(), ex);
                }
                sleep();
            }
        }
    }

    private static void sleep()
    {
        try
        {
            Thread.sleep(100);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the data plane", ex);
        }
    }

    /** {@code --config FILE}, {@code --name NAME}, {@code --state-dir DIR}; at least one of the first two. */
    private record RunArguments(Path config, String name, Path stateDirectory)
    {
        static RunArguments parse(final List<String> args, final PrintStream err, final String command)
        {
            Path config = null;
            String name = null;
            Path stateDirectory = null;
            for (int i = 0; i < args.size(); i++)
            {
                final String arg = args.get(i);
                if (i + 1 < args.size() && ("--config".equals(arg) || "--name".equals(arg) || "--state-dir".equals(arg)))
                {
                    final String value = args.get(++i);
                    switch (arg)
                    {
                        case "--config" -> config = Path.of(value);
                        case "--name" -> name = value;
                        default -> stateDirectory = Path.of(value);
                    }
                }
                else
                {
                    err.println("junction " + command + ": unknown argument '" + arg + "' (" + USAGE + ")");
                    return null;
                }
            }
            if (null == config && null == name)
            {
                err.println("junction " + command + ": give --config FILE, or --name NAME to start from its last commit (" + USAGE + ")");
                return null;
            }
            if (null != name && !name.matches("[a-z0-9-]{1,32}"))
            {
                err.println("junction " + command + ": '" + name + "' is not an instance name ([a-z0-9-]{1,32})");
                return null;
            }
            return new RunArguments(config, name, stateDirectory);
        }
    }

    /** How often a control plane asks whether its data plane still answers. */
    static final long DATAPLANE_WATCH_MS = 500;
    /** How long the FIB check after a takeover waits for the RIB's owner to copy the installed routes. */
    static final long FIB_CHECK_RIB_TIMEOUT_MS = 30_000;

    /** How often the commit-confirm deadline is checked while the router runs. */
    static final long CONFIRM_POLL_MS = 1_000;

    /** @return Junction's version ({@link JunctionVersion}, the Maven project version). */
    static String version()
    {
        return JunctionVersion.get();
    }

    /**
     * @return such as {@code Java heap up to 3072 MB (ZGC)}: the bound jvm.properties'
     *     junction.router.jvm.flags (or JUNCTION_HEAP) set, and the collector (the first word of its
     *     beans' names: "ZGC Minor Cycles", "G1 Young Generation").
     */
    static String heap()
    {
        final String collector = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(bean -> bean.getName().split(" ", 2)[0]).distinct().collect(Collectors.joining(", "));
        return "Java heap up to " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB (" + collector + ")";
    }

    static final String USAGE = "usage: run|control|dataplane --config FILE [--state-dir DIR] | " +
        "run|control|dataplane --name NAME [--state-dir DIR]";

    /** A message when a live router already uses this name, else null (a stale file is replaced). */
    static String alreadyRunning(final Path runDirectory)
    {
        final Path counters = runDirectory.resolve("counters.dat");
        if (!Files.exists(counters))
        {
            return null;
        }
        try (CountersFile file = CountersFile.open(counters))
        {
            final long pid = file.pid();
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            {
                return "a router named '" + runDirectory.getFileName() + "' already runs (pid " + pid + ")";
            }
        }
        catch (final IllegalStateException ex)
        {
            return null;
        }
        return null;
    }

    private static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + READY_TIMEOUT_NS;
        final BackoffIdleStrategy idle = new BackoffIdleStrategy();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            idle.idle();
        }
    }
}
