/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * {@link JunctionCli#runInRouter} keeps its picocli command lines and reuses them: nothing of one
 * command line (an option, a parameter, {@code --json}, the colours, the streams) reaches the next,
 * in any order, from several threads at once; each command makes one request.
 */
class JunctionCliReuseTest
{
    private static final String ADDRESS = "198.18.100.7";
    private static final String LOOKUP = JunctionCli.WARM_UP_ANSWERS.get("/v1/routes/lookup");
    private static final String NEIGHBORS = JunctionCli.WARM_UP_ANSWERS.get("/v1/bgp/neighbors");

    /** A command line, what it must print on stdout, and the one request it must make (null: none). */
    record Case(List<String> argv, boolean ansi, String stdout, int exit, String request)
    {
    }

    private static final List<Case> CASES = List.of(
        new Case(List.of("--json", "show", "route", ADDRESS), false, LOOKUP + "\n", 0, "GET /v1/routes/lookup?address=" + ADDRESS),
        new Case(List.of("show", "route", ADDRESS), false, HumanText.route(ADDRESS, Json.parse(LOOKUP)), 0,
            "GET /v1/routes/lookup?address=" + ADDRESS),
        new Case(List.of("show", "route", "2001:db8::1", "--json"), false, LOOKUP + "\n", 0,
            "GET /v1/routes/lookup?address=2001%3Adb8%3A%3A1"),
        new Case(List.of("show", "route", "198.18.0.0/16", "--explain"), false, "", 1,
            "GET /v1/routes/explain?prefix=198.18.0.0%2F16"),
        new Case(List.of("show", "route", "198.18.0.0/16", "--history", "--limit", "3"), false, "", 1,
            "GET /v1/routes/history?prefix=198.18.0.0%2F16&limit=3"),
        new Case(List.of("show", "neighbors", "--json"), false, NEIGHBORS + "\n", 0, "GET /v1/bgp/neighbors"),
        new Case(List.of("show", "neighbors"), false, HumanText.neighbors(Json.parse(NEIGHBORS)), 0, "GET /v1/bgp/neighbors"),
        new Case(List.of("show", "neighbor", "transit1"), false, "", 1, "GET /v1/bgp/neighbors/transit1"),
        new Case(List.of("show", "route"), true, "", 2, null),
        new Case(List.of("show", "route"), false, "", 2, null),
        new Case(List.of("show", "bogus"), false, "", 2, null));

    /** What one command printed and asked for. */
    record Run(int exit, String stdout, String stderr, List<String> requests)
    {
    }

    private static Run run(final Case c)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final List<String> requests = new ArrayList<>();
        final InProcessApi api = (method, pathAndQuery, body, contentType, headers) ->
        {
            requests.add(method + " " + pathAndQuery);
            final String path = pathAndQuery.split("\\?", 2)[0];
            final String answer = JunctionCli.WARM_UP_ANSWERS.get(path);
            return null == answer ?
                ApiResponse.of(404, "application/problem+json", "{\"status\":404,\"title\":\"not found\",\"detail\":\"no\"}", null) :
                ApiResponse.of(200, "application/json", answer, null);
        };
        final int exit;
        try (PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, false, StandardCharsets.UTF_8))
        {
            exit = JunctionCli.runInRouter(c.argv().toArray(String[]::new), o, e, c.ansi(), api);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), requests);
    }

    private static void check(final Case c, final Run r, final String stderrFirst)
    {
        final String what = String.join(" ", c.argv()) + (c.ansi() ? " (ansi)" : "");
        assertEquals(c.exit(), r.exit(), what + ": " + r);
        assertEquals(c.stdout(), r.stdout(), what);
        assertEquals(null == c.request() ? List.of() : List.of(c.request()), r.requests(), what + ": one request, its own");
        assertEquals(c.ansi(), r.stderr().contains("\u001b["), what + ": colours only when asked: " + r.stderr());
        assertEquals(stderrFirst, r.stderr(), what + ": the same error as the first time");
    }

    @Test
    void shouldPrintTheSameForACommandWhateverRanBefore()
    {
        final List<String> firstErrors = new ArrayList<>();
        for (final Case c : CASES)
        {
            firstErrors.add(run(c).stderr());
        }
        final Random random = new Random(7);
        for (int round = 0; round < 30; round++)
        {
            final List<Integer> order = new ArrayList<>();
            for (int i = 0; i < CASES.size(); i++)
            {
                order.add(i);
            }
            if (round == 1)
            {
                Collections.reverse(order);
            }
            else if (round > 1)
            {
                Collections.shuffle(order, random);
            }
            for (final int i : order)
            {
                check(CASES.get(i), run(CASES.get(i)), firstErrors.get(i));
            }
        }
        assertTrue(firstErrors.get(CASES.size() - 1).contains("bogus"), firstErrors.getLast());
        assertFalse(firstErrors.get(0).contains("junction:"), "a plain lookup prints no error");
    }

    @Test
    void shouldKeepCommandsApartWhenTheyRunAtOnce() throws Exception
    {
        final List<String> firstErrors = new ArrayList<>();
        for (final Case c : CASES)
        {
            firstErrors.add(run(c).stderr());
        }
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try
        {
            final List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++)
            {
                final int seed = t;
                runs.add(pool.submit(() ->
                {
                    final Random random = new Random(seed);
                    for (int i = 0; i < 300; i++)
                    {
                        final int k = random.nextInt(CASES.size());
                        check(CASES.get(k), run(CASES.get(k)), firstErrors.get(k));
                    }
                    return null;
                }));
            }
            for (final Future<?> f : runs)
            {
                f.get();
            }
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldWarmUpOnCannedAnswersWithoutError()
    {
        assertEquals(2 * JunctionCli.WARM_UP_COMMANDS.size(), JunctionCli.warmUp(2), "every warm-up command exits 0");
    }
}
