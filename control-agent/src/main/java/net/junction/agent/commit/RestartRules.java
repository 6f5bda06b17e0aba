/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import net.junction.agent.config.DpdkConfig;
import net.junction.agent.config.JunctionConfig;
import net.junction.agent.config.ListenAddress;
import net.junction.agent.config.MetricsConfig;
import net.junction.agent.config.PortConfig;
import net.junction.bgp.config.BgpConfig;
import net.junction.routing.Ip4;

/**
 * What a running router cannot change: everything {@code junction run} fixes when it starts (see
 * {@code RunCommand} and {@code SpecMapping}). A commit that changes any of it is refused whole,
 * one line per field, each saying it needs a restart.
 * <ul>
 *   <li>{@code name}: the runtime directory, the counters file and the EAL file prefix are named after it;</li>
 *   <li>the {@code dpdk} section: the EAL is initialised once per process;</li>
 *   <li>{@code cores}: workers are started and pinned once;</li>
 *   <li>adding, removing or reordering {@code ports}: ports are probed with the EAL and numbered
 *       in file order, and routes and counters refer to those numbers;</li>
 *   <li>a port's {@code device}, {@code queues}, {@code mac} and {@code exception-path}: set up when
 *       the port is started (RSS queues, the MAC, the TAP);</li>
 *   <li>adding or removing the {@code bgp} section, and its {@code local-as}, {@code router-id} and
 *       {@code listen}: the speaker is created with them at start;</li>
 *   <li>the {@code api} and {@code metrics} sections: their listeners are opened when the router
 *       starts (and a commit made through the API must not close the connection it came on);</li>
 *   <li>the {@code journal} section: the journal is opened, with its retention, when the router starts.</li>
 * </ul>
 * Everything else (ports' addresses and MTU, static routes and neighbors, BGP neighbors,
 * policies, networks, multipath) is for the live applier to change, which may still refuse by
 * throwing.
 */
public final class RestartRules
{
    private static final String RESTART = "needs a restart";

    private RestartRules()
    {
    }

    /**
     * @param running   what runs.
     * @param candidate what should run.
     * @return one line per field the running router cannot change, naming it; empty when none.
     */
    public static List<String> check(final JunctionConfig running, final JunctionConfig candidate)
    {
        final List<String> problems = new ArrayList<>();
        if (!running.name().equals(candidate.name()))
        {
            problems.add("name: '" + running.name() + "' -> '" + candidate.name() + "': the runtime directory, counters and " +
                "EAL file prefix are named after it; changing it " + RESTART);
        }
        dpdk(running.dpdk(), candidate.dpdk(), problems);
        if (!running.cores().equals(candidate.cores()))
        {
            problems.add("cores: " + running.cores() + " -> " + candidate.cores() +
                ": workers are started and pinned when the router starts; changing them " + RESTART);
        }
        ports(running.ports(), candidate.ports(), problems);
        bgp(running.bgp(), candidate.bgp(), problems);
        if (!running.api().equals(candidate.api()))
        {
            problems.add("api: " + running.api().describe() + " -> " + candidate.api().describe() +
                ": the API's listeners are opened when the router starts; changing them " + RESTART);
        }
        if (!running.metrics().equals(candidate.metrics()))
        {
            problems.add("metrics.listen: " + metricsListen(running.metrics()) + " -> " + metricsListen(candidate.metrics()) +
                ": the metrics endpoint is opened when the router starts; changing it " + RESTART);
        }
        if (!running.journal().equals(candidate.journal()))
        {
            problems.add("journal: " + running.journal().describe() + " -> " + candidate.journal().describe() +
                ": the route journal is opened when the router starts; changing it " + RESTART);
        }
        return problems;
    }

    private static void dpdk(final DpdkConfig running, final DpdkConfig candidate, final List<String> problems)
    {
        final String why = ": the EAL is started once per process; changing it " + RESTART;
        if (running.memoryMb() != candidate.memoryMb())
        {
            problems.add("dpdk.memory-mb: " + running.memoryMb() + " -> " + candidate.memoryMb() + why);
        }
        if (running.hugepages() != candidate.hugepages())
        {
            problems.add("dpdk.hugepages: " + running.hugepages() + " -> " + candidate.hugepages() + why);
        }
        if (!running.extraArgs().equals(candidate.extraArgs()))
        {
            problems.add("dpdk.extra-args: " + running.extraArgs() + " -> " + candidate.extraArgs() + why);
        }
        if (running.mbufs() != candidate.mbufs())
        {
            problems.add("dpdk.mbufs: " + mbufs(running.mbufs()) + " -> " + mbufs(candidate.mbufs()) + why);
        }
        if (running.poll() != candidate.poll())
        {
            problems.add("dpdk.poll: " + running.poll().text() + " -> " + candidate.poll().text() +
                ": a worker's idle strategy is chosen when it starts; changing it " + RESTART);
        }
    }

    private static String mbufs(final int mbufs)
    {
        return DpdkConfig.AUTO_MBUFS == mbufs ? "auto" : Integer.toString(mbufs);
    }

    private static void ports(final List<PortConfig> running, final List<PortConfig> candidate, final List<String> problems)
    {
        final List<String> runningNames = running.stream().map(PortConfig::name).toList();
        final List<String> candidateNames = candidate.stream().map(PortConfig::name).toList();
        for (int i = 0; i < candidate.size(); i++)
        {
            final PortConfig port = candidate.get(i);
            final Optional<PortConfig> before = running.stream().filter(p -> p.name().equals(port.name())).findFirst();
            final String path = "ports[" + i + "]";
            if (before.isEmpty())
            {
                problems.add(path + ": adding port '" + port.name() + "' " + RESTART +
                    " (ports are probed and started with the EAL)");
                continue;
            }
            final String why = ": set up when port '" + port.name() + "' starts; changing it " + RESTART;
            final PortConfig old = before.get();
            if (!old.device().equals(port.device()))
            {
                problems.add(path + ".device: '" + old.device() + "' -> '" + port.device() + "'" + why);
            }
            if (old.queues() != port.queues())
            {
                problems.add(path + ".queues: " + old.queues() + " -> " + port.queues() + why);
            }
            if (!old.mac().equals(port.mac()))
            {
                problems.add(path + ".mac: " + old.macText() + " -> " + port.macText() + why);
            }
            if (old.exceptionPath() != port.exceptionPath())
            {
                problems.add(path + ".exception-path: " + old.exceptionPath() + " -> " + port.exceptionPath() + why);
            }
        }
        for (final PortConfig port : running)
        {
            if (!candidateNames.contains(port.name()))
            {
                problems.add("ports: removing port '" + port.name() + "' " + RESTART);
            }
        }
        final List<String> kept = runningNames.stream().filter(candidateNames::contains).toList();
        final List<String> keptInCandidateOrder = candidateNames.stream().filter(runningNames::contains).toList();
        if (!kept.equals(keptInCandidateOrder))
        {
            problems.add("ports: the order changed (" + String.join(", ", kept) + " -> " + String.join(", ", keptInCandidateOrder) +
                "); ports are numbered in file order when the router starts; reordering them " + RESTART);
        }
    }

    private static void bgp(final Optional<BgpConfig> running, final Optional<BgpConfig> candidate, final List<String> problems)
    {
        if (running.isEmpty() && candidate.isPresent())
        {
            problems.add("bgp: adding the BGP speaker " + RESTART + " (it is created when the router starts)");
            return;
        }
        if (running.isPresent() && candidate.isEmpty())
        {
            problems.add("bgp: removing the BGP speaker " + RESTART);
            return;
        }
        if (running.isEmpty())
        {
            return;
        }
        final BgpConfig old = running.get();
        final BgpConfig now = candidate.get();
        final String why = ": the BGP speaker is created with it when the router starts; changing it " + RESTART;
        if (old.localAs() != now.localAs())
        {
            problems.add("bgp.local-as: " + Integer.toUnsignedString(old.localAs()) + " -> " +
                Integer.toUnsignedString(now.localAs()) + why);
        }
        if (old.routerId() != now.routerId())
        {
            problems.add("bgp.router-id: " + Ip4.format(old.routerId()) + " -> " + Ip4.format(now.routerId()) + why);
        }
        if (!old.listenAddress().equals(now.listenAddress()) || old.listenPort() != now.listenPort())
        {
            problems.add("bgp.listen: " + listen(old) + " -> " + listen(now) + why);
        }
    }

    private static String metricsListen(final MetricsConfig metrics)
    {
        return metrics.listen().map(ListenAddress::format).orElse("none");
    }

    private static String listen(final BgpConfig bgp)
    {
        return bgp.listenAddress().map(Object::toString).orElse("all addresses") + " port " + bgp.listenPort();
    }
}
