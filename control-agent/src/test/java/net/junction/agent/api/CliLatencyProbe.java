/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import net.junction.agent.cli.client.JunctionCli;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Times {@code POST /v1/cli} ({@code show route ADDRESS}) against the request it makes,
 * {@code GET /v1/routes/lookup}, in a fresh JVM over a {@link FakeRouter}: wall and thread CPU of
 * each, dispatched in-process (the router's work only, no socket), alternating, the first
 * {@value #COLD} of each (cold) and the last {@value #WARM} of {@value #TOTAL} (warm). Not a test:
 * figures for docs/cli.md. With a number N, N busy-spinning platform threads compete for the CPU
 * while it runs (bounded: they stop when it ends, at most 5 minutes). With {@code warm-up} after the
 * count, {@link JunctionCli#warmUpInBackground} first, as the router runs it, waited for
 * ({@code warm-up=N}: N rounds of it on this thread instead).
 * <pre>
 * java -cp "control-agent/target/test-classes:control-agent/target/classes:control-agent/target/lib/*" \
 *   net.junction.agent.api.CliLatencyProbe /tmp/probe 2 4000 [warm-up]
 * </pre>
 */
final class CliLatencyProbe
{
    static final int COLD = 200;
    static final int WARM = 500;
    static final int TOTAL = 4000;

    private CliLatencyProbe()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path root = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "/tmp/junction-cli-probe"));
        final int spinners = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        final int total = args.length > 2 ? Integer.parseInt(args[2]) : TOTAL;
        final boolean warmUp = args.length > 3 && args[3].startsWith("warm-up");
        final int warmUpRounds = args.length > 3 && args[3].startsWith("warm-up=") ? Integer.parseInt(args[3].substring(8)) : -1;
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (ApiFixture api = ApiFixture.start(root))
        {
            if (api.post("/v1/commits", ApiFixture.commitBody(ApiFixture.DOCUMENT, 0, "probe")).status() != 201)
            {
                throw new IllegalStateException("cannot commit the fixture's document");
            }
            // As ApiServer builds it, with the endpoints the command reaches.
            final ApiServer.Options options = ApiServer.Options.defaults();
            final CliEndpoints cliEndpoints = new CliEndpoints();
            final List<Endpoint> endpoints = new ArrayList<>(new RouterEndpoints(api.router, api.lifecycle, options).endpoints());
            endpoints.addAll(cliEndpoints.endpoints());
            final Path state = Files.createDirectories(root.resolve("probe-state"));
            final AuditLog audit = AuditLog.open(state);
            final ApiHandler handler = new ApiHandler(endpoints, TokenStore.open(state), audit, options.clock(),
                options.socketAdmin(), options.maxBodyBytes());
            cliEndpoints.start(handler);
            final Caller root0 = new Caller("unix:root", Role.ADMIN);
            final HttpFields json = HttpFields.build().put(HttpHeader.CONTENT_TYPE, "application/json").asImmutable();
            final byte[] cliBody = "{\"argv\":[\"show\",\"route\",\"198.18.100.7\"],\"ansi\":false}".getBytes(StandardCharsets.UTF_8);
            if (warmUp)
            {
                // As the router does once its API listens; measured once it is done.
                final long startNs = System.nanoTime();
                if (warmUpRounds >= 0)
                {
                    final java.lang.reflect.Method m = JunctionCli.class.getDeclaredMethod("warmUp", int.class);
                    m.setAccessible(true);
                    m.invoke(null, warmUpRounds);
                }
                else
                {
                    JunctionCli.warmUpInBackground();
                }
                for (final Thread t : Thread.getAllStackTraces().keySet())
                {
                    if (t.getName().equals("junction-cli-warm-up"))
                    {
                        t.join();
                    }
                }
                System.out.printf(Locale.ROOT, "warm-up: %.0f ms%n", (System.nanoTime() - startNs) / 1e6);
            }
            final long stopSpinningNs = System.nanoTime() + 300_000_000_000L;
            final List<Thread> spinning = new ArrayList<>();
            final AtomicBoolean stop = new AtomicBoolean();
            for (int i = 0; i < spinners; i++)
            {
                final Thread t = Thread.ofPlatform().daemon().name("spin-" + i).start(() ->
                {
                    long x = 0;
                    while (!stop.get() && System.nanoTime() - stopSpinningNs < 0)
                    {
                        x += System.nanoTime() & 1;
                    }
                    if (x == 42)
                    {
                        System.out.print("");
                    }
                });
                spinning.add(t);
            }
            final long[][] cli = new long[2][total];
            final long[][] lookup = new long[2][total];
            for (int i = 0; i < total; i++)
            {
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                final Answer a = handler.dispatch(root0, "POST", CliEndpoints.PATH, json, cliBody);
                cli[0][i] = System.nanoTime() - wall;
                cli[1][i] = threads.getCurrentThreadCpuTime() - cpu;
                if (a.status() != 200)
                {
                    throw new IllegalStateException("cli: " + a.status());
                }
                cpu = threads.getCurrentThreadCpuTime();
                wall = System.nanoTime();
                final Answer b = handler.dispatch(root0, "GET", "/v1/routes/lookup?address=198.18.100.7", json, new byte[0]);
                lookup[0][i] = System.nanoTime() - wall;
                lookup[1][i] = threads.getCurrentThreadCpuTime() - cpu;
                if (b.status() != 200)
                {
                    throw new IllegalStateException("lookup: " + b.status());
                }
                Json.write(b.body()); // as a listener would send it
            }
            stop.set(true);
            audit.close();
            for (final Thread t : spinning)
            {
                t.join();
            }
            System.out.printf(Locale.ROOT, "spinners=%d total=%d%n", spinners, total);
            report("cli cold", cli, 0, Math.min(COLD, total));
            report("lookup cold", lookup, 0, Math.min(COLD, total));
            report("cli warm", cli, Math.max(0, total - WARM), total);
            report("lookup warm", lookup, Math.max(0, total - WARM), total);
        }
    }

    private static void report(final String what, final long[][] samples, final int from, final int to)
    {
        final long[] wall = Arrays.copyOfRange(samples[0], from, to);
        final long[] cpu = Arrays.copyOfRange(samples[1], from, to);
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%-12s n=%d wall p50 %.3f ms p99 %.3f ms | cpu p50 %.3f ms p99 %.3f ms | first wall %.1f ms%n",
            what, wall.length, wall[wall.length / 2] / 1e6, wall[(int)(wall.length * 0.99)] / 1e6,
            cpu[cpu.length / 2] / 1e6, cpu[(int)(cpu.length * 0.99)] / 1e6, samples[0][from] / 1e6);
    }
}
