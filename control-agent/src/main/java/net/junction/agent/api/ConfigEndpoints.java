/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import net.junction.agent.commit.Candidate;
import net.junction.agent.commit.CommitRecord;
import net.junction.agent.commit.CommitRefusedException;
import net.junction.agent.commit.ConfigLifecycle;
import net.junction.agent.commit.ConfirmWindow;
import net.junction.agent.config.ConfigLoader;
import net.junction.agent.config.diff.ConfigDiff;
import net.junction.agent.config.diff.FieldChange;
import net.junction.agent.config.diff.ObjectChange;
import net.junction.agent.config.JunctionConfig;
import net.junction.agent.router.RouterEvents;
import net.junction.agent.router.RunningRouter;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The configuration routes: the running document, validate and diff, candidates, commits,
 * confirm, rollback. All of it is {@link ConfigLifecycle}'s; this class maps HTTP onto it, names
 * the author (the caller), and publishes a {@code Committed} event for each commit it makes.
 */
final class ConfigEndpoints
{
    static final String YAML = "application/yaml; charset=utf-8";

    /**
     * A commit; {@code document} only when one commit is asked for. {@code confirm_by} and {@code confirm} for a
     * commit made with a confirm window ({@code confirm_by} is {@code confirm.by}, kept for clients of before).
     */
    record CommitView(
        long number, String author, Instant time, String message, Optional<Instant> confirmBy, Optional<ConfirmView> confirm,
        Optional<String> document)
    {
        static CommitView of(final CommitRecord commit, final boolean withDocument)
        {
            return new CommitView(commit.number(), commit.author(), commit.time(), commit.message(), commit.confirmBy(),
                commit.confirm().map(ConfirmView::of), withDocument ? Optional.of(commit.document()) : Optional.empty());
        }
    }

    /**
     * A commit's confirm window: {@code state} {@code pending}, {@code confirmed} (with {@code confirmed_at}, absent
     * for one confirmed before the time was kept), {@code expired} or {@code rolled-back} (with {@code rolled_back_by}),
     * {@code replaced} (with {@code replaced_by}), {@code unknown} (recorded before confirm states were kept).
     */
    record ConfirmView(
        Instant by, String state, Optional<Instant> confirmedAt, OptionalLong rolledBackBy, OptionalLong replacedBy)
    {
        static ConfirmView of(final ConfirmWindow window)
        {
            final boolean replaced = window.state() == ConfirmWindow.State.REPLACED;
            return new ConfirmView(window.by(), window.state().text(), window.confirmedAt(),
                replaced ? OptionalLong.empty() : window.endedBy(), replaced ? window.endedBy() : OptionalLong.empty());
        }
    }

    /** A change, as {@code ConfigDiff} has it: {@code kind} as a person reads it ({@code bgp neighbor}). */
    record ObjectChangeView(String kind, String key, String type, List<FieldChange> fields, boolean sessionReset, String summary)
    {
        static ObjectChangeView of(final ObjectChange change)
        {
            return new ObjectChangeView(change.kind().label(), change.key(), change.type().name().toLowerCase(Locale.ROOT), change.fields(),
                change.sessionReset(), change.describe());
        }
    }

    /** A diff: per object, and as unified text. */
    record DiffView(List<ObjectChangeView> objects, String text)
    {
        static DiffView of(final ConfigDiff diff)
        {
            return new DiffView(diff.changes().stream().map(ObjectChangeView::of).toList(), diff.text());
        }
    }

    /**
     * {@code POST /v1/config/validate}: problems by field, and the diff against the running configuration when valid;
     * with {@code ?preview=true} the preview (or why there is none) too.
     */
    record ValidationView(
        boolean valid, List<Problem.FieldError> problems, Optional<DiffView> diff, Optional<RunningRouter.PreviewView> preview,
        Optional<String> previewError)
    {
    }

    /** A candidate; {@code document}, {@code problems} and {@code diff} only when one is asked for. */
    record CandidateView(
        String name, long baseVersion, String author, Instant time, Optional<String> document,
        Optional<List<Problem.FieldError>> problems, Optional<DiffView> diff)
    {
    }

    /**
     * A proposal as {@code POST /v1/proposals} and {@code GET /v1/proposals/{id}} answer it;
     * {@code document} only from {@code GET}. {@code preview}: what committing it now would do to the
     * routes, computed at each answer while the proposal is valid, not committed and its base runs;
     * otherwise, or when the router could not compute it, {@code preview_error} says why.
     */
    record ProposalView(
        String id, long baseVersion, long runningVersion, String author, Optional<String> agent, Optional<String> message,
        Instant time, Instant expires, boolean valid, List<Problem.FieldError> problems, Optional<DiffView> diff,
        Optional<RunningRouter.PreviewView> preview, Optional<String> previewError, OptionalLong committed,
        Optional<String> document)
    {
    }

    /** A preview, or why there is none: never a failed request. */
    private record PreviewOutcome(Optional<RunningRouter.PreviewView> preview, Optional<String> error)
    {
        static PreviewOutcome failed(final String why)
        {
            return new PreviewOutcome(Optional.empty(), Optional.of(why));
        }
    }

    /** The agent's name a client sends, as its MCP client named itself. */
    static final String AGENT_HEADER = "X-Junction-Agent";

    private static final System.Logger LOG = System.getLogger(ConfigEndpoints.class.getName());

    private final ConfigLifecycle lifecycle;
    private final RunningRouter router;
    private final RouterEvents events;
    private final Proposals proposals;

    ConfigEndpoints(final ConfigLifecycle lifecycle, final RunningRouter router, final InstantSource clock)
    {
        this.lifecycle = lifecycle;
        this.router = router;
        this.events = router.events();
        this.proposals = new Proposals(clock);
    }

    List<Endpoint> endpoints()
    {
        return List.of(
            Endpoint.read("GET", "/v1/config", Role.READ, this::running),
            Endpoint.read("POST", "/v1/config/validate", Role.READ, this::validate),
            Endpoint.read("GET", "/v1/candidates", Role.READ, this::candidates),
            Endpoint.read("GET", "/v1/candidates/{name}", Role.READ, this::candidate),
            Endpoint.write("PUT", "/v1/candidates/{name}", Role.ADMIN, "candidate.save", this::saveCandidate),
            Endpoint.write("DELETE", "/v1/candidates/{name}", Role.ADMIN, "candidate.delete", this::deleteCandidate),
            Endpoint.read("GET", "/v1/commits", Role.READ, this::commits),
            Endpoint.read("GET", "/v1/commits/{number}", Role.READ, this::commit),
            Endpoint.write("POST", "/v1/commits", Role.ADMIN, "commit", this::makeCommit),
            Endpoint.write("POST", "/v1/commits/confirm", Role.OPERATE, "confirm", this::confirm),
            Endpoint.write("POST", "/v1/rollback", Role.OPERATE, "rollback", this::rollback),
            Endpoint.write("POST", "/v1/proposals", Role.OPERATE, "proposal.create", this::propose),
            Endpoint.read("GET", "/v1/proposals/{id}", Role.READ, this::proposal),
            Endpoint.write("POST", "/v1/proposals/{id}/commit", Role.OPERATE, "proposal.commit", this::commitProposal));
    }

    // ------------------------------------------------------------------------------------ reading

    private Answer running(final ApiRequest request) throws Exception
    {
        request.queryAllows("format");
        final String format = request.queryChoice("format", "text", "json").orElse("text");
        final CommitRecord running = lifecycle.running()
            .orElseThrow(() -> ApiException.notFound("config", "nothing is committed yet"));
        final Map<String, String> headers = Map.of("ETag", etag(running.number()));
        if (format.equals("json"))
        {
            // The reader's own YAML typing: a MAC or an IPv6 address stays a string, never a base-60 number.
            final Object tree = ConfigLoader.plainValues(running.document());
            return new Answer(200, null == tree ? Map.of() : tree, null, headers, "ok");
        }
        return new Answer(200, running.document(), YAML, headers, "ok");
    }

    private Answer validate(final ApiRequest request) throws IOException
    {
        request.queryAllows("preview", "first");
        final boolean withPreview = request.queryBoolean("preview", false);
        final int first = first(request);
        final String document = request.bodyText();
        final List<String> problems = lifecycle.validate(document);
        if (!problems.isEmpty())
        {
            return Answer.ok(new ValidationView(false, fieldErrors(problems), Optional.empty(), Optional.empty(), Optional.empty()));
        }
        try
        {
            final DiffView diff = DiffView.of(lifecycle.diff(document));
            final PreviewOutcome preview = withPreview ? preview(document, first) : new PreviewOutcome(Optional.empty(), Optional.empty());
            return Answer.ok(new ValidationView(true, List.of(), Optional.of(diff), preview.preview(), preview.error()));
        }
        catch (final CommitRefusedException ex)
        {
            // the running document no longer validates here: the candidate is still valid on its own
            return Answer.ok(new ValidationView(true, fieldErrors(ex.problems()), Optional.empty(), Optional.empty(),
                withPreview ? Optional.of("no preview: the running configuration does not validate here") : Optional.empty()));
        }
    }

    /** {@code first}, 0..1000 (default 20), from the query. */
    private static int first(final ApiRequest request)
    {
        return request.queryInt("first", 0, RunningRouter.PreviewView.MAX_FIRST, RunningRouter.PreviewView.DEFAULT_FIRST);
    }

    /**
     * The router's preview of a valid document; a failure (no preview on this router, the speaker busy past
     * its timeout, a {@code bgp} section the speaker would refuse) is an answer, not an error.
     */
    private PreviewOutcome preview(final String document, final int first)
    {
        final JunctionConfig candidate;
        try
        {
            candidate = lifecycle.parseCandidate(document);
        }
        catch (final CommitRefusedException ex)
        {
            return PreviewOutcome.failed("no preview: " + String.join("; ", ex.problems()));
        }
        try
        {
            return new PreviewOutcome(Optional.of(router.preview(candidate, first)), Optional.empty());
        }
        catch (final IllegalArgumentException ex)
        {
            return PreviewOutcome.failed("no preview: a commit would be refused: " + ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            LOG.log(System.Logger.Level.DEBUG, "preview failed: " + ex.getMessage(), ex);
            return PreviewOutcome.failed("no preview: " + ex.getMessage());
        }
    }

    private Answer candidates(final ApiRequest request) throws Exception
    {
        request.queryAllows();
        final List<CandidateView> views = new ArrayList<>();
        for (final String name : lifecycle.candidateNames())
        {
            lifecycle.candidate(name).ifPresent(c -> views.add(
                new CandidateView(c.name(), c.baseVersion(), c.author(), c.time(), Optional.empty(), Optional.empty(),
                    Optional.empty())));
        }
        return Answer.ok(views);
    }

    private Answer candidate(final ApiRequest request) throws CommitRefusedException
    {
        request.queryAllows();
        final Candidate candidate = lifecycle.candidate(request.path("name"))
            .orElseThrow(() -> ApiException.notFound("name", "no candidate named '" + request.path("name") + "'"));
        return Answer.ok(fullView(candidate));
    }

    private CandidateView fullView(final Candidate candidate)
    {
        final List<String> problems = lifecycle.validate(candidate.document());
        Optional<DiffView> diff = Optional.empty();
        if (problems.isEmpty())
        {
            try
            {
                diff = Optional.of(DiffView.of(lifecycle.diff(candidate.document())));
            }
            catch (final CommitRefusedException ignored)
            {
                // the running document no longer validates: no diff to show
            }
        }
        return new CandidateView(candidate.name(), candidate.baseVersion(), candidate.author(), candidate.time(),
            Optional.of(candidate.document()), Optional.of(fieldErrors(problems)), diff);
    }

    private Answer commits(final ApiRequest request)
    {
        request.queryAllows("limit");
        final int limit = request.queryInt("limit", 1, ConfigLifecycle.HISTORY, ConfigLifecycle.HISTORY);
        return Answer.ok(lifecycle.history().stream().limit(limit).map(c -> CommitView.of(c, false)).toList());
    }

    private Answer commit(final ApiRequest request)
    {
        request.queryAllows();
        final long number = commitNumber(request.path("number"));
        return Answer.ok(CommitView.of(lifecycle.commit(number)
            .orElseThrow(() -> ApiException.notFound("number", "commit " + number + " is not kept")), true));
    }

    private static long commitNumber(final String text)
    {
        try
        {
            final long number = Long.parseLong(text);
            if (number >= 1)
            {
                return number;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw ApiException.badRequest("number", "'" + text + "' is not a commit number (1, 2, 3...)");
    }

    // ----------------------------------------------------------------------------------- changing

    private Answer saveCandidate(final ApiRequest request) throws Exception
    {
        request.queryAllows();
        final String name = request.path("name");
        final String document = request.bodyText();
        final boolean existed = lifecycle.candidateNames().contains(name);
        final Candidate saved = lifecycle.saveCandidate(name, document, request.caller().who());
        final CandidateView view = fullView(saved);
        final String detail = "candidate '" + name + "' saved on version " + saved.baseVersion();
        return existed ? Answer.ok(view).withAudit(detail) : Answer.created(view, "/v1/candidates/" + name, detail);
    }

    private Answer deleteCandidate(final ApiRequest request) throws CommitRefusedException
    {
        request.queryAllows();
        final String name = request.path("name");
        if (!lifecycle.deleteCandidate(name))
        {
            throw ApiException.notFound("name", "no candidate named '" + name + "'");
        }
        return Answer.noContent("candidate '" + name + "' deleted");
    }

    private Answer makeCommit(final ApiRequest request) throws Exception
    {
        request.queryAllows();
        final ApiRequest.JsonBody body = request.jsonBody("document", "candidate", "base_version", "message", "confirm_minutes");
        final Optional<String> document = body.string("document");
        final Optional<String> candidate = body.string("candidate");
        if (document.isPresent() == candidate.isPresent())
        {
            throw ApiException.badRequest(document.isPresent() ? "candidate" : "document",
                "give exactly one of 'document' (the configuration text) or 'candidate' (a saved candidate's name)");
        }
        final Optional<Long> baseField = body.integer("base_version", 0, Long.MAX_VALUE);
        final Optional<Long> ifMatch = request.header(HttpHeader.IF_MATCH).map(ConfigEndpoints::version);
        if (baseField.isPresent() && ifMatch.isPresent() && !baseField.equals(ifMatch))
        {
            throw ApiException.badRequest("base_version", baseField.get() + " differs from If-Match " + ifMatch.get());
        }
        final String message = body.string("message").orElse("");
        final OptionalInt confirm = body.integer("confirm_minutes", 1, ConfigLifecycle.MAX_CONFIRM_MINUTES)
            .map(m -> OptionalInt.of(m.intValue())).orElse(OptionalInt.empty());
        final String author = request.caller().who();
        final CommitRecord made;
        if (candidate.isPresent())
        {
            if (baseField.isPresent())
            {
                throw ApiException.badRequest("base_version", "a candidate carries its own base version: leave it out");
            }
            if (ifMatch.isPresent() && ifMatch.get() != lifecycle.runningVersion())
            {
                throw new CommitRefusedException(CommitRefusedException.Reason.STALE_VERSION, "If-Match names version " +
                    ifMatch.get() + " but commit " + lifecycle.runningVersion() + " runs now");
            }
            made = lifecycle.commitCandidate(candidate.get(), author, message, confirm);
        }
        else
        {
            final long base = baseField.or(() -> ifMatch).orElseThrow(() -> new ApiException(Problem.of(428,
                "precondition-required", "the base version is required",
                "base_version: required (or If-Match: \"N\"): the running version the document was made from, " +
                    "from GET /v1/config's ETag or GET /v1/status",
                List.of(new Problem.FieldError("base_version", "required (or If-Match)")))));
            made = lifecycle.commit(document.get(), base, author, message, confirm);
        }
        publish(made, "commit");
        return new Answer(201, CommitView.of(made, false), null,
            Map.of("Location", "/v1/commits/" + made.number(), "ETag", etag(made.number())), made.describe());
    }

    private Answer confirm(final ApiRequest request) throws Exception
    {
        request.queryAllows();
        request.jsonBody();
        final CommitRecord confirmed = lifecycle.confirm();
        publish(confirmed, "confirm");
        return Answer.ok(CommitView.of(confirmed, false)).withAudit("confirmed commit " + confirmed.number());
    }

    private Answer rollback(final ApiRequest request) throws Exception
    {
        request.queryAllows();
        final ApiRequest.JsonBody body = request.jsonBody("number", "message");
        final long number = body.integer("number", 1, Long.MAX_VALUE)
            .orElseThrow(() -> ApiException.badRequest("number", "required: the commit to roll back to"));
        final Optional<String> message = body.string("message");
        final String author = request.caller().who();
        final CommitRecord made = message.isPresent() ? lifecycle.rollback(number, author, message.get()) :
            lifecycle.rollback(number, author);
        publish(made, "rollback");
        return new Answer(201, CommitView.of(made, false), null,
            Map.of("Location", "/v1/commits/" + made.number(), "ETag", etag(made.number())), made.describe());
    }

    // ---------------------------------------------------------------------------------- proposals

    private Answer propose(final ApiRequest request) throws Exception
    {
        request.queryAllows();
        final ApiRequest.JsonBody body = request.jsonBody("document", "message", "first");
        final String document = body.requiredString("document");
        final int first = body.integer("first", 0, RunningRouter.PreviewView.MAX_FIRST)
            .map(Long::intValue).orElse(RunningRouter.PreviewView.DEFAULT_FIRST);
        final Optional<String> message = body.string("message");
        if (message.isPresent() && (message.get().isBlank() || message.get().length() > ConfigLifecycle.MAX_MESSAGE_CHARS))
        {
            throw ApiException.badRequest("message", "1.." + ConfigLifecycle.MAX_MESSAGE_CHARS + " characters, not blank");
        }
        // The base and the diff are read under one lock of the lifecycle's: the diff is against that base.
        final long base;
        final List<String> problems;
        Optional<DiffView> diff = Optional.empty();
        synchronized (lifecycle)
        {
            base = lifecycle.runningVersion();
            problems = new ArrayList<>(lifecycle.validate(document));
            if (problems.isEmpty())
            {
                try
                {
                    diff = Optional.of(DiffView.of(lifecycle.diff(document)));
                }
                catch (final CommitRefusedException ex)
                {
                    problems.addAll(ex.problems());
                }
            }
        }
        final Proposals.Proposal proposal = new Proposals.Proposal(Proposals.newId(), base, request.caller().who(),
            agent(request), message, proposals.now(), document, fieldErrors(problems), diff, OptionalLong.empty());
        proposals.add(proposal);
        return Answer.created(view(proposal, false, first), "/v1/proposals/" + proposal.id(),
            "proposal " + proposal.id() + " on version " + base + (problems.isEmpty() ? "" : ", not valid"));
    }

    private Answer proposal(final ApiRequest request)
    {
        request.queryAllows("first");
        final int first = first(request);
        return Answer.ok(view(findProposal(request.path("id")), true, first));
    }

    private Answer commitProposal(final ApiRequest request) throws Exception
    {
        request.queryAllows();
        final ApiRequest.JsonBody body = request.jsonBody("message", "confirm_minutes");
        final Proposals.Proposal proposal = findProposal(request.path("id"));
        final OptionalInt confirm = body.integer("confirm_minutes", 1, ConfigLifecycle.MAX_CONFIRM_MINUTES)
            .map(m -> OptionalInt.of(m.intValue())).orElse(OptionalInt.empty());
        final String message = body.string("message").or(proposal::message).orElseThrow(() ->
            ApiException.badRequest("message", "required: why (the proposal has no message of its own)"));
        if (proposal.committed().isPresent())
        {
            throw new ApiException(Problem.of(409, "conflict", "the proposal is already committed",
                "proposal " + proposal.id() + " is already commit " + proposal.committed().getAsLong(),
                List.of(new Problem.FieldError("id", "already committed as commit " + proposal.committed().getAsLong()))));
        }
        final long running = lifecycle.runningVersion();
        if (running != proposal.baseVersion())
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.STALE_VERSION, "proposal " + proposal.id() +
                " was made on version " + proposal.baseVersion() + " but commit " + running + " runs now: propose again");
        }
        // The lifecycle checks the base again under its lock: a commit made since is refused there too.
        final CommitRecord made = lifecycle.commit(proposal.document(), proposal.baseVersion(), request.caller().who(),
            message, confirm);
        proposals.replace(proposal.committedAs(made.number()));
        publish(made, "commit");
        return new Answer(201, CommitView.of(made, false), null,
            Map.of("Location", "/v1/commits/" + made.number(), "ETag", etag(made.number())),
            made.describe() + " from proposal " + proposal.id());
    }

    private Proposals.Proposal findProposal(final String id)
    {
        return proposals.get(id).orElseThrow(() -> ApiException.notFound("id", "no proposal '" + id + "' (proposals are kept " +
            Proposals.MAX_AGE.toMinutes() + " minutes, at most " + Proposals.MAX_PROPOSALS + ", in memory)"));
    }

    private ProposalView view(final Proposals.Proposal p, final boolean withDocument, final int first)
    {
        final long running = lifecycle.runningVersion();
        final PreviewOutcome preview;
        if (!p.problems().isEmpty())
        {
            preview = PreviewOutcome.failed("no preview: the proposal is not valid");
        }
        else if (p.committed().isPresent())
        {
            preview = PreviewOutcome.failed("no preview: the proposal is committed as commit " + p.committed().getAsLong());
        }
        else if (running != p.baseVersion())
        {
            preview = PreviewOutcome.failed("no preview: commit " + running + " runs now, not the proposal's base " +
                p.baseVersion() + ": propose again");
        }
        else
        {
            preview = preview(p.document(), first);
        }
        return new ProposalView(p.id(), p.baseVersion(), running, p.author(), p.agent(), p.message(),
            p.time(), proposals.expires(p), p.problems().isEmpty(), p.problems(), p.diff(), preview.preview(), preview.error(),
            p.committed(), withDocument ? Optional.of(p.document()) : Optional.empty());
    }

    /** The agent's name, if the client sent one: printable, at most 64 characters. */
    static Optional<String> agent(final ApiRequest request)
    {
        return AuditLog.agentName(request.header(AGENT_HEADER).orElse(null));
    }

    private void publish(final CommitRecord commit, final String how)
    {
        events.publish(new RouterEvents.Committed(commit.time(), commit.number(), commit.author(), commit.message(), how));
    }

    // ------------------------------------------------------------------------------------ helpers

    static String etag(final long version)
    {
        return "\"" + version + "\"";
    }

    /** {@code "7"} (or weak {@code W/"7"}) as If-Match sends a version. */
    private static long version(final String ifMatch)
    {
        final String text = ifMatch.trim().replaceFirst("^W/", "");
        if (text.length() > 2 && text.startsWith("\"") && text.endsWith("\""))
        {
            try
            {
                return Long.parseLong(text.substring(1, text.length() - 1));
            }
            catch (final NumberFormatException ignored)
            {
                // reported below
            }
        }
        throw ApiException.badRequest("If-Match", "'" + ifMatch + "' is not a version as GET /v1/config's ETag gives it (\"7\")");
    }

    static List<Problem.FieldError> fieldErrors(final List<String> problems)
    {
        return problems.stream().map(Problem::fieldError).toList();
    }
}
