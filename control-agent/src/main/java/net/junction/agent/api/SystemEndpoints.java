/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The appliance's A/B upgrades through the API (docs/appliance.md "Upgrade", docs/api.md "Upgrades"). Both routes
 * run the appliance's own tool, {@code /usr/lib/junction-appliance/upgrade}, the one {@code junction upgrade} runs
 * on the box's shell, so the two ways cannot differ in what they check or write; as root, through its root side
 * ({@link UpgradeTool}: the control plane itself is not root on the appliance):
 * <ul>
 * <li>{@code GET /v1/system/upgrade}: the slots as {@code upgrade --status --json} reports them, and the last upgrade
 * or rollback started through the API (running or ended, its exit code and the last lines it printed);</li>
 * <li>{@code POST /v1/system/upgrade}: {@code {"image": PATH}} or {@code {"rollback": true}}, with {@code reboot}
 * (default true) and {@code health_timeout_seconds}. An image is checked first ({@code upgrade --check}: a bad one
 * is refused with the tool's reason, nothing written), then the write runs in the background (minutes: a slot is
 * hundreds of MiB) and the answer is 202 with the job; GET follows it. One at a time.</li>
 * </ul>
 * On a system that is not the appliance (no tool) both answer 404 {@code not-an-appliance}.
 */
final class SystemEndpoints
{
    /** {@code --status} and {@code --check} read a partition table and mount two filesystems: seconds. */
    static final long QUICK_TIMEOUT_SECONDS = 120;
    /** The last lines of a job's output kept for GET. */
    static final int OUTPUT_LINES = 40;
    static final long MAX_HEALTH_TIMEOUT_SECONDS = 24 * 3600;

    private final UpgradeTool tool;
    private final InstantSource clock;
    private final Object lock = new Object();
    private Job job; // the last one started; guarded by lock

    /** An upgrade or rollback started through the API. */
    private static final class Job
    {
        final String what;
        final String by;
        final Instant started;
        final Deque<String> output = new ArrayDeque<>();
        Integer exitCode; // null while it runs; guarded by the endpoints' lock, as output
        Instant ended;

        Job(final String what, final String by, final Instant started)
        {
            this.what = what;
            this.by = by;
            this.started = started;
        }

        Map<String, Object> view()
        {
            final Map<String, Object> view = new LinkedHashMap<>();
            view.put("what", what);
            view.put("by", by);
            view.put("started", started.toString());
            view.put("running", null == exitCode);
            view.put("exit_code", exitCode);
            view.put("ended", null == ended ? null : ended.toString());
            view.put("output", List.copyOf(output));
            return view;
        }
    }

    /**
     * @param tool  the appliance's upgrade tool ({@link UpgradeTool#APPLIANCE}); tests give a script of their own.
     * @param clock for the jobs' times.
     */
    SystemEndpoints(final UpgradeTool tool, final InstantSource clock)
    {
        this.tool = tool;
        this.clock = clock;
    }

    List<Endpoint> endpoints()
    {
        return List.of(
            Endpoint.read("GET", "/v1/system/upgrade", Role.READ, this::status),
            Endpoint.write("POST", "/v1/system/upgrade", Role.ADMIN, "system.upgrade", this::start));
    }

    private void requireAppliance()
    {
        if (!tool.present())
        {
            throw new ApiException(Problem.of(404, "not-an-appliance", "not a Junction appliance",
                "this system has no " + tool.tool() + ": A/B upgrades are the appliance's (docs/appliance.md \"Upgrade\")", List.of()));
        }
    }

    private Answer status(final ApiRequest request) throws IOException, InterruptedException
    {
        request.queryAllows();
        requireAppliance();
        final Run run = runQuickly(request, "--status", "--json");
        if (0 != run.exitCode)
        {
            throw new ApiException(Problem.of(500, "upgrade-tool-failed", "the upgrade tool failed", run.text(), List.of()));
        }
        final JsonNode slots;
        try
        {
            slots = Json.MAPPER.readTree(run.text());
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException ex)
        {
            throw new ApiException(Problem.of(500, "upgrade-tool-failed", "the upgrade tool's status is not JSON",
                ex.getOriginalMessage() + ": " + run.text(), List.of()));
        }
        final ObjectNode answer = slots instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
        synchronized (lock)
        {
            answer.set("job", null == job ? null : Json.MAPPER.valueToTree(job.view()));
        }
        return Answer.ok(answer);
    }

    private Answer start(final ApiRequest request) throws IOException, InterruptedException
    {
        request.queryAllows();
        final ApiRequest.JsonBody body = request.jsonBody("image", "rollback", "reboot", "health_timeout_seconds");
        final String image = body.string("image").orElse(null);
        final boolean rollback = body.bool("rollback").orElse(false);
        if ((null == image) == !rollback)
        {
            throw ApiException.badRequest(null == image ? "image" : "rollback",
                "give either image (the path of a Junction image on the box) or rollback: true");
        }
        if (null != image && (!Path.of(image).isAbsolute() || image.chars().anyMatch(Character::isISOControl)))
        {
            throw ApiException.badRequest("image", "'" + image + "' is not an absolute path on the box");
        }
        final boolean reboot = body.bool("reboot").orElse(true);
        final Long healthTimeout = body.integer("health_timeout_seconds", 30, MAX_HEALTH_TIMEOUT_SECONDS).orElse(null);
        if (rollback && null != healthTimeout)
        {
            throw ApiException.badRequest("health_timeout_seconds", "only for an image: a rollback returns to a slot that passed already");
        }
        requireAppliance();

        final List<String> args = new ArrayList<>();
        String what;
        if (rollback)
        {
            args.add("--rollback");
            what = "rollback";
        }
        else
        {
            final Run check = runQuickly(request, "--check", image);
            if (0 != check.exitCode)
            {
                throw new ApiException(Problem.of(422, "image-refused", "not an image to upgrade to", check.text(),
                    List.of(new Problem.FieldError("image", check.text()))));
            }
            args.add(image);
            what = check.text();
            if (null != healthTimeout)
            {
                args.add("--health-timeout");
                args.add(Long.toString(healthTimeout));
            }
        }
        if (!reboot)
        {
            args.add("--no-reboot");
        }
        final Job started;
        synchronized (lock)
        {
            if (null != job && null == job.exitCode)
            {
                throw new ApiException(Problem.of(409, "upgrade-running", "an upgrade is running",
                    job.what + ", started " + job.started + " by " + job.by, List.of()));
            }
            started = new Job(what, request.caller().who(), clock.instant());
            job = started;
        }
        final UpgradeTool.Run run;
        try
        {
            run = tool.start(started.by, args);
        }
        catch (final IOException ex)
        {
            synchronized (lock)
            {
                started.output.add("could not start " + tool.tool() + ": " + ex.getMessage());
                started.exitCode = -1;
                started.ended = clock.instant();
            }
            throw ex;
        }
        Thread.ofVirtual().name("junction-upgrade").start(() -> follow(started, run));
        final Map<String, Object> view;
        synchronized (lock)
        {
            view = started.view();
        }
        return new Answer(202, view, null, Map.of("Location", "/v1/system/upgrade"), what + (reboot ? ", then a reboot" : ""));
    }

    /** Keeps the job's last lines as they come, then its exit code. */
    private void follow(final Job running, final UpgradeTool.Run run)
    {
        int exitCode;
        try (run)
        {
            for (String line = run.readLine(); null != line; line = run.readLine())
            {
                synchronized (lock)
                {
                    running.output.addLast(line);
                    if (running.output.size() > OUTPUT_LINES)
                    {
                        running.output.removeFirst();
                    }
                }
            }
            exitCode = run.exitCode();
        }
        catch (final IOException ex)
        {
            exitCode = -1;
            synchronized (lock)
            {
                running.output.addLast("reading the tool's output failed: " + ex.getMessage());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            exitCode = -1;
        }
        synchronized (lock)
        {
            running.exitCode = exitCode;
            running.ended = clock.instant();
        }
    }

    private record Run(int exitCode, String output)
    {
        String text()
        {
            return output.strip();
        }
    }

    private Run runQuickly(final ApiRequest request, final String... args) throws IOException, InterruptedException
    {
        final UpgradeTool.Run run = tool.start(request.caller().who(), List.of(args));
        final StringBuilder output = new StringBuilder();
        final Thread reader = Thread.ofVirtual().name("junction-upgrade-quick").start(() ->
        {
            try
            {
                for (String line = run.readLine(); null != line; line = run.readLine())
                {
                    output.append(line).append('\n');
                }
            }
            catch (final IOException ex)
            {
                output.append("reading the tool's output failed: ").append(ex.getMessage()).append('\n');
            }
        });
        try (run)
        {
            if (!reader.join(Duration.ofSeconds(QUICK_TIMEOUT_SECONDS)))
            {
                throw new ApiException(Problem.of(504, "upgrade-tool-timeout", "the upgrade tool did not answer",
                    tool.tool() + " " + String.join(" ", args) + " ran longer than " + QUICK_TIMEOUT_SECONDS + " s", List.of()));
            }
            return new Run(run.exitCode(), output.toString());
        }
    }
}
