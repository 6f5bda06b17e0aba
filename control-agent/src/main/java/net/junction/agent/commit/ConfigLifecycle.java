/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import net.junction.agent.config.ConfigException;
import net.junction.agent.config.ConfigLoader;
import net.junction.agent.config.JunctionConfig;
import net.junction.agent.config.diff.ConfigDiff;
import net.junction.agent.config.diff.ConfigDiffer;

/**
 * A router's configuration lifecycle: validate, diff, commit (optionally to be confirmed within
 * some minutes), confirm, roll back, history, running; plus named candidates. Plain Java, used by
 * {@code junction run} and, later, by the HTTP API and the CLI. Its state lives in a
 * {@link StateDirectory} that survives restarts; see {@code docs/config-lifecycle.md}.
 * <p>
 * Every operation either does all it says or nothing: a refused one throws
 * {@link CommitRefusedException} and leaves the state directory byte for byte as it was, and the
 * router as it was (the {@link ConfigApplier} is called only once every check has passed, and the
 * commit is recorded only once it has applied). A commit is checked in this order: the base
 * version is the running one (else {@code STALE_VERSION}); no commit awaits confirmation
 * ({@code CONFIRM_PENDING}); author and message are given, the document is valid
 * ({@code INVALID}, with the validator's field paths); it differs from the running document
 * ({@code NO_CHANGE}); the running router can make the change ({@code RESTART_REQUIRED}, naming
 * every field, see {@link RestartRules}); it applies ({@code APPLY_FAILED}).
 * <p>
 * The version a candidate is based on is the running commit's number (0 before the first
 * commit), as an ETag: a commit made from an older one is refused, so two operators cannot undo
 * each other's changes unseen.
 * <p>
 * Thread-safe: every operation holds this object's monitor. One process at a time: the state
 * directory's lock is held from {@link #open} to {@link #close}.
 */
public final class ConfigLifecycle implements AutoCloseable
{
    /** {@code /var/lib/junction}: the default state directory of router NAME is {@code /var/lib/junction/NAME}. */
    public static final Path DEFAULT_STATE_ROOT = Path.of("/var/lib/junction");
    /** Commits kept in the history. */
    public static final int HISTORY = StateDirectory.HISTORY;
    /** Longest commit-confirm window, a day. */
    public static final int MAX_CONFIRM_MINUTES = 24 * 60;
    public static final int MAX_AUTHOR_CHARS = 64;
    public static final int MAX_MESSAGE_CHARS = 1000;
    /** The author of commits the router makes itself (a commit-confirm rolled back). */
    public static final String SYSTEM_AUTHOR = "junction";
    /** The author of the commit {@code junction run} makes from its {@code --config} file. */
    public static final String RUN_AUTHOR = "junction run";

    /**
     * How a lifecycle is set up.
     *
     * @param applier           makes the running router match a commit.
     * @param clock             commit times and confirm deadlines.
     * @param availableCpus     {@code cores} are checked against it.
     * @param documentDirectory where a relative {@code routes-file} of a new commit is found;
     *                          empty: the running commit's, else the working directory.
     */
    public record Settings(ConfigApplier applier, InstantSource clock, int availableCpus, Optional<Path> documentDirectory)
    {
        public Settings
        {
            Objects.requireNonNull(applier, "applier");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(documentDirectory, "documentDirectory");
            if (availableCpus < 1)
            {
                throw new IllegalArgumentException("availableCpus must be at least 1: " + availableCpus);
            }
        }

        /**
         * @param applier makes the running router match a commit.
         * @return the system clock, this machine's CPUs, no document directory.
         */
        public static Settings of(final ConfigApplier applier)
        {
            return new Settings(applier, InstantSource.system(), Runtime.getRuntime().availableProcessors(), Optional.empty());
        }

        public Settings withClock(final InstantSource clock)
        {
            return new Settings(applier, clock, availableCpus, documentDirectory);
        }

        public Settings withAvailableCpus(final int cpus)
        {
            return new Settings(applier, clock, cpus, documentDirectory);
        }

        public Settings withDocumentDirectory(final Path directory)
        {
            return new Settings(applier, clock, availableCpus, Optional.of(directory.toAbsolutePath().normalize()));
        }
    }

    /**
     * What {@code junction run} starts from.
     *
     * @param commit  the commit it runs.
     * @param config  its configuration.
     * @param message one or more lines for the operator: which commit, when, by whom, and why.
     */
    public record Start(CommitRecord commit, JunctionConfig config, String message)
    {
    }

    private final StateDirectory state;
    private final Settings settings;
    /** The running commit's configuration as it was applied, by commit number; parsed lazily after open. */
    private long parsedNumber;
    private JunctionConfig parsedConfig;

    private ConfigLifecycle(final StateDirectory state, final Settings settings)
    {
        this.state = state;
        this.settings = settings;
    }

    /**
     * @param stateDirectory created if missing.
     * @param settings       see {@link Settings}.
     * @return the lifecycle, holding the directory's lock until closed.
     * @throws IOException when the directory cannot be created, read or locked, or holds a damaged file.
     */
    public static ConfigLifecycle open(final Path stateDirectory, final Settings settings) throws IOException
    {
        return new ConfigLifecycle(StateDirectory.open(stateDirectory), settings);
    }

    /**
     * @param stateDirectory a router's state directory, read without taking its lock (its control plane may hold it).
     * @param availableCpus what the configuration's cores are checked against.
     * @return the configuration of its last commit (the one it runs, or starts from), or empty when it has none.
     * @throws IOException when it cannot be read, or the commit is damaged.
     * @throws ConfigException when the commit no longer parses (a newer or older Junction wrote it).
     */
    public static Optional<JunctionConfig> lastCommitted(final Path stateDirectory, final int availableCpus)
        throws IOException, ConfigException
    {
        final Optional<StateDirectory.Stored> commit = StateDirectory.lastCommit(stateDirectory);
        return commit.isEmpty() ? Optional.empty() : Optional.of(ConfigLoader.parse(commit.get().document(), availableCpus,
            Path.of(commit.get().text("directory"))));
    }

    /**
     * @param name a router's instance name.
     * @return {@code /var/lib/junction/NAME}.
     */
    public static Path defaultStateDirectory(final String name)
    {
        return DEFAULT_STATE_ROOT.resolve(name);
    }

    /**
     * @return the state directory.
     */
    public Path stateDirectory()
    {
        return state.root();
    }

    // ------------------------------------------------------------------------------------- reading

    /**
     * @param document a candidate configuration, YAML or JSON.
     * @return every problem, one line each naming the field by path; empty when it is valid.
     */
    public synchronized List<String> validate(final String document)
    {
        try
        {
            parse(document, newDocumentDirectory());
            return List.of();
        }
        catch (final ConfigException ex)
        {
            return ex.problems();
        }
    }

    /**
     * @return the running commit, empty before the first.
     */
    public synchronized Optional<CommitRecord> running()
    {
        return state.latest();
    }

    /**
     * @return the running version, the base a candidate names: the running commit's number, 0 before the first.
     */
    public synchronized long runningVersion()
    {
        return state.latest().map(CommitRecord::number).orElse(0L);
    }

    /**
     * @return the running configuration, empty before the first commit.
     * @throws CommitRefusedException {@code INVALID} when the running document no longer validates
     *                                here (its routes file is gone, fewer CPUs than it names).
     */
    public synchronized Optional<JunctionConfig> runningConfig() throws CommitRefusedException
    {
        final Optional<CommitRecord> running = state.latest();
        if (running.isEmpty())
        {
            return Optional.empty();
        }
        return Optional.of(configOf(running.get()));
    }

    /**
     * @return the kept commits, newest first, at most {@value #HISTORY}.
     */
    public synchronized List<CommitRecord> history()
    {
        return state.commits().reversed();
    }

    /**
     * @param number a commit number.
     * @return that commit, if it is kept.
     */
    public synchronized Optional<CommitRecord> commit(final long number)
    {
        return state.commit(number);
    }

    /**
     * @return the running commit if it was made with a confirm window and is not confirmed yet.
     */
    public synchronized Optional<PendingConfirm> pendingConfirm()
    {
        final Optional<CommitRecord> latest = state.latest();
        if (latest.isEmpty() || latest.get().confirm().map(w -> w.state() != ConfirmWindow.State.PENDING).orElse(true))
        {
            return Optional.empty();
        }
        final List<CommitRecord> commits = state.commits();
        final long previous = commits.size() < 2 ? 0 : commits.get(commits.size() - 2).number();
        return Optional.of(new PendingConfirm(latest.get().number(), latest.get().confirmBy().get(), previous));
    }

    /**
     * @param candidate a candidate configuration.
     * @return its changes against the running configuration (against nothing before the first commit).
     * @throws CommitRefusedException {@code INVALID} when the candidate is.
     */
    public synchronized ConfigDiff diff(final String candidate) throws CommitRefusedException
    {
        final JunctionConfig to = parseOrRefuse(candidate, newDocumentDirectory(), "");
        final Optional<CommitRecord> running = state.latest();
        if (running.isEmpty())
        {
            return ConfigDiffer.diff("", null, candidate, to, "running (none)", "candidate");
        }
        return ConfigDiffer.diff(running.get().document(), configOf(running.get()), candidate, to,
            "running (commit " + running.get().number() + ")", "candidate");
    }

    /**
     * @param candidate a candidate configuration, YAML or JSON.
     * @return it parsed as a commit would parse it (a relative {@code routes-file} from where new commits are read).
     * @throws CommitRefusedException {@code INVALID} when the candidate is.
     */
    public synchronized JunctionConfig parseCandidate(final String candidate) throws CommitRefusedException
    {
        return parseOrRefuse(candidate, newDocumentDirectory(), "");
    }

    /**
     * @param before a configuration.
     * @param after  another.
     * @return the changes from {@code before} to {@code after}.
     * @throws CommitRefusedException {@code INVALID} when either is; each problem says which.
     */
    public synchronized ConfigDiff diff(final String before, final String after) throws CommitRefusedException
    {
        final Path directory = newDocumentDirectory();
        final List<String> problems = new ArrayList<>();
        JunctionConfig from = null;
        JunctionConfig to = null;
        try
        {
            from = parse(before, directory);
        }
        catch (final ConfigException ex)
        {
            ex.problems().forEach(p -> problems.add("before: " + p));
        }
        try
        {
            to = parse(after, directory);
        }
        catch (final ConfigException ex)
        {
            ex.problems().forEach(p -> problems.add("after: " + p));
        }
        if (!problems.isEmpty())
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.INVALID, problems);
        }
        return ConfigDiffer.diff(before, from, after, to, "before", "after");
    }

    // ------------------------------------------------------------------------------------ changing

    /**
     * Commits a candidate: checks it (see the class comment), applies it, records it.
     *
     * @param candidate      the whole new configuration, YAML or JSON.
     * @param baseVersion    the running version the candidate was made from.
     * @param author         who, 1..{@value #MAX_AUTHOR_CHARS} characters.
     * @param message        why, 1..{@value #MAX_MESSAGE_CHARS} characters.
     * @param confirmMinutes when present, 1..{@value #MAX_CONFIRM_MINUTES}: the commit is rolled
     *                       back by itself unless {@link #confirm confirmed} within that time.
     * @return the new commit, now running.
     * @throws CommitRefusedException when refused; nothing changed.
     */
    public synchronized CommitRecord commit(
        final String candidate, final long baseVersion, final String author, final String message,
        final OptionalInt confirmMinutes) throws CommitRefusedException
    {
        Objects.requireNonNull(candidate, "candidate");
        final long runningVersion = runningVersion();
        if (baseVersion != runningVersion)
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.STALE_VERSION,
                "the candidate was made from version " + baseVersion + " but commit " + runningVersion + " runs now: " +
                "diff it against the running configuration and commit again");
        }
        refuseWhilePending();
        final List<String> problems = new ArrayList<>(checkAuthorAndMessage(author, message));
        final Optional<CommitRecord> running = state.latest();
        if (confirmMinutes.isPresent())
        {
            final int minutes = confirmMinutes.getAsInt();
            if (minutes < 1 || minutes > MAX_CONFIRM_MINUTES)
            {
                problems.add("confirm: " + minutes + " minutes is outside 1.." + MAX_CONFIRM_MINUTES);
            }
            if (running.isEmpty())
            {
                problems.add("confirm: the first commit has nothing to roll back to; commit it without --confirm");
            }
        }
        final Path directory = newDocumentDirectory();
        JunctionConfig to = null;
        try
        {
            to = parse(candidate, directory);
        }
        catch (final ConfigException ex)
        {
            problems.addAll(ex.problems());
        }
        if (!problems.isEmpty())
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.INVALID, problems);
        }
        final Instant now = now();
        final Optional<ConfirmWindow> window = confirmMinutes.isPresent() ?
            Optional.of(ConfirmWindow.pending(now.plus(Duration.ofMinutes(confirmMinutes.getAsInt())))) : Optional.empty();
        final CommitRecord record = new CommitRecord(runningVersion + 1, author, now, message, window, directory, candidate);
        return applyAndRecord(running, record, to, Optional.empty());
    }

    /**
     * Confirms the running commit made with a confirm window: it is no longer rolled back.
     *
     * @return the commit confirmed, its window {@link ConfirmWindow.State#CONFIRMED} with the time.
     * @throws CommitRefusedException {@code NOT_PENDING} when no commit awaits confirmation.
     */
    public synchronized CommitRecord confirm() throws CommitRefusedException
    {
        final Optional<PendingConfirm> pending = pendingConfirm();
        if (pending.isEmpty())
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.NOT_PENDING, "no commit awaits confirmation");
        }
        try
        {
            return state.recordConfirmed(pending.get().commit(), now());
        }
        catch (final IOException ex)
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.STORE_FAILED,
                "cannot record the confirmation in " + state.root() + ": " + ex.getMessage());
        }
    }

    /**
     * Makes commit {@code number}'s document run again, as a new commit (the history only grows).
     * Allowed while a commit awaits confirmation: it ends that window.
     *
     * @param number a kept commit.
     * @param author who.
     * @return the new commit.
     * @throws CommitRefusedException {@code NOT_FOUND}, {@code NO_CHANGE} (it is what runs),
     *                                {@code INVALID} (it no longer validates here),
     *                                {@code RESTART_REQUIRED}, {@code APPLY_FAILED}; nothing changed.
     */
    public synchronized CommitRecord rollback(final long number, final String author) throws CommitRefusedException
    {
        return rollback(number, author, "rollback to commit " + number);
    }

    /**
     * Rolls back the running commit if it awaits confirmation and its deadline has passed; the
     * {@link ConfirmTimer} calls this, and {@code junction run} at start (so an unconfirmed commit
     * is rolled back across a restart too).
     *
     * @param now the time.
     * @return the rollback commit, when one was made.
     * @throws CommitRefusedException when the rollback could not be applied or recorded; nothing
     *                                changed and the commit still awaits confirmation.
     */
    public synchronized Optional<CommitRecord> rollBackIfExpired(final Instant now) throws CommitRefusedException
    {
        final Optional<PendingConfirm> pending = pendingConfirm();
        if (pending.isEmpty() || now.isBefore(pending.get().deadline()))
        {
            return Optional.empty();
        }
        final PendingConfirm p = pending.get();
        return Optional.of(rollback(p.rollbackTo(), SYSTEM_AUTHOR,
            "commit " + p.commit() + " was not confirmed by " + p.deadline() + ": rolled back to commit " + p.rollbackTo(),
            ConfirmWindow.State.EXPIRED));
    }

    /**
     * {@link #rollback(long, String)} with the commit message given.
     *
     * @param message why, 1..{@value #MAX_MESSAGE_CHARS} characters.
     */
    public synchronized CommitRecord rollback(final long number, final String author, final String message)
        throws CommitRefusedException
    {
        return rollback(number, author, message, ConfirmWindow.State.ROLLED_BACK);
    }

    /** @param endsPendingAs how a window pending now ends when this rollback is recorded. */
    private CommitRecord rollback(
        final long number, final String author, final String message, final ConfirmWindow.State endsPendingAs)
        throws CommitRefusedException
    {
        final Optional<CommitRecord> target = state.commit(number);
        if (target.isEmpty())
        {
            final List<CommitRecord> kept = state.commits();
            throw new CommitRefusedException(CommitRefusedException.Reason.NOT_FOUND, "commit " + number + " is not kept" +
                (kept.isEmpty() ? ": there is no commit" :
                    ": the history holds commits " + kept.getFirst().number() + ".." + kept.getLast().number()));
        }
        final List<String> problems = checkAuthorAndMessage(author, message);
        if (!problems.isEmpty())
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.INVALID, problems);
        }
        final CommitRecord old = target.get();
        final JunctionConfig to = parseOrRefuse(old.document(), old.directory(), "commit " + number + ": ");
        final CommitRecord record = new CommitRecord(runningVersion() + 1, author, now(), message,
            Optional.empty(), old.directory(), old.document());
        return applyAndRecord(state.latest(), record, to, endingPending(endsPendingAs));
    }

    /** @return the running commit's window ending {@code how}, when it awaits confirmation. */
    private Optional<StateDirectory.WindowEnd> endingPending(final ConfirmWindow.State how)
    {
        return pendingConfirm().map(p -> new StateDirectory.WindowEnd(p.commit(), how));
    }

    private CommitRecord applyAndRecord(
        final Optional<CommitRecord> running, final CommitRecord record, final JunctionConfig to,
        final Optional<StateDirectory.WindowEnd> ends) throws CommitRefusedException
    {
        final Optional<JunctionConfig> from;
        final ConfigDiff diff;
        if (running.isPresent())
        {
            final CommitRecord old = running.get();
            if (old.document().equals(record.document()) && old.directory().equals(record.directory()))
            {
                throw new CommitRefusedException(CommitRefusedException.Reason.NO_CHANGE,
                    "the candidate is the running document (commit " + old.number() + "): nothing to commit");
            }
            from = Optional.of(configOf(old));
            final List<String> restart = RestartRules.check(from.get(), to);
            if (!restart.isEmpty())
            {
                throw new CommitRefusedException(CommitRefusedException.Reason.RESTART_REQUIRED, restart);
            }
            diff = ConfigDiffer.diff(old.document(), from.get(), record.document(), to,
                "running (commit " + old.number() + ")", "commit " + record.number());
        }
        else
        {
            from = Optional.empty();
            diff = ConfigDiffer.diff("", null, record.document(), to, "running (none)", "commit " + record.number());
        }
        try
        {
            settings.applier().apply(record, from, to, diff);
        }
        catch (final Exception ex)
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.APPLY_FAILED,
                "the router could not apply the change, nothing of it was applied: " + ex.getMessage());
        }
        // The undo, if the commit cannot be recorded, is told as the router's own change under the same number
        // (a journal then shows the commit, and its undoing, with the changes of each).
        record(record, to, () -> settings.applier().apply(new CommitRecord(record.number(), SYSTEM_AUTHOR, now(),
            "undoing commit " + record.number() + ": it could not be recorded", Optional.empty(), running.get().directory(),
            running.get().document()), Optional.of(to), from.orElseThrow(),
            ConfigDiffer.diff(record.document(), to, running.get().document(), from.get(), "new", "old")), from.isPresent(),
            ends);
        return record;
    }

    @FunctionalInterface
    private interface Undo
    {
        void run() throws Exception;
    }

    private void record(
        final CommitRecord record, final JunctionConfig config, final Undo undo, final boolean canUndo,
        final Optional<StateDirectory.WindowEnd> ends) throws CommitRefusedException
    {
        try
        {
            state.record(record, ends);
        }
        catch (final IOException ex)
        {
            final List<String> problems = new ArrayList<>();
            problems.add("cannot record commit " + record.number() + " in " + state.root() + ": " + ex.getMessage());
            if (canUndo)
            {
                try
                {
                    undo.run();
                    problems.add("the change was undone on the router");
                }
                catch (final Exception undoFailed)
                {
                    problems.add("and undoing it on the router failed, so the router runs a configuration the " +
                        "state directory does not hold: " + undoFailed.getMessage());
                }
            }
            throw new CommitRefusedException(CommitRefusedException.Reason.STORE_FAILED, problems);
        }
        parsedNumber = record.number();
        parsedConfig = config;
    }

    // ---------------------------------------------------------------------------------- candidates

    /**
     * Saves (or replaces) a named candidate, based on the running version.
     *
     * @param name     {@code [a-z0-9-]{1,32}}.
     * @param document any text; it is checked when committed.
     * @param author   who.
     * @return the candidate as saved.
     * @throws CommitRefusedException {@code INVALID} for a bad name or author, {@code STORE_FAILED}.
     */
    public synchronized Candidate saveCandidate(final String name, final String document, final String author)
        throws CommitRefusedException
    {
        final List<String> problems = new ArrayList<>(checkAuthorAndMessage(author, "-"));
        checkCandidateName(name, problems);
        if (!problems.isEmpty())
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.INVALID, problems);
        }
        final Candidate candidate = new Candidate(name, runningVersion(), author, now(), document);
        try
        {
            state.saveCandidate(candidate);
        }
        catch (final IOException ex)
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.STORE_FAILED,
                "cannot save candidate '" + name + "': " + ex.getMessage());
        }
        return candidate;
    }

    /**
     * @param name a candidate's name.
     * @return it, if saved.
     * @throws CommitRefusedException {@code INVALID} for a bad name, {@code STORE_FAILED} when its file is damaged.
     */
    public synchronized Optional<Candidate> candidate(final String name) throws CommitRefusedException
    {
        final List<String> problems = new ArrayList<>();
        checkCandidateName(name, problems);
        if (!problems.isEmpty())
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.INVALID, problems);
        }
        try
        {
            return state.candidate(name);
        }
        catch (final IOException ex)
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.STORE_FAILED, ex.getMessage());
        }
    }

    /**
     * @return the saved candidates' names, sorted.
     * @throws IOException when the directory cannot be read.
     */
    public synchronized List<String> candidateNames() throws IOException
    {
        return state.candidateNames();
    }

    /**
     * @param name a candidate's name.
     * @return whether it existed.
     * @throws CommitRefusedException {@code INVALID} for a bad name, {@code STORE_FAILED}.
     */
    public synchronized boolean deleteCandidate(final String name) throws CommitRefusedException
    {
        final List<String> problems = new ArrayList<>();
        checkCandidateName(name, problems);
        if (!problems.isEmpty())
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.INVALID, problems);
        }
        try
        {
            return state.deleteCandidate(name);
        }
        catch (final IOException ex)
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.STORE_FAILED, ex.getMessage());
        }
    }

    /**
     * Commits a saved candidate against the version it was saved on, then deletes it.
     *
     * @return the new commit.
     * @throws CommitRefusedException as {@link #commit}, or {@code NOT_FOUND}; the candidate is kept then.
     */
    public synchronized CommitRecord commitCandidate(
        final String name, final String author, final String message, final OptionalInt confirmMinutes)
        throws CommitRefusedException
    {
        final Candidate candidate = candidate(name).orElseThrow(() -> new CommitRefusedException(
            CommitRefusedException.Reason.NOT_FOUND, "no candidate named '" + name + "'"));
        final CommitRecord record = commit(candidate.document(), candidate.baseVersion(), author, message, confirmMinutes);
        try
        {
            state.deleteCandidate(name);
        }
        catch (final IOException ignored)
        {
            // Committed and running; a leftover draft is harmless and its base is now stale.
        }
        return record;
    }

    // ------------------------------------------------------------------------------------- starting

    /**
     * What {@code junction run} starts from. First an unconfirmed commit whose deadline passed is
     * rolled back. Then, with a config file: when it is byte for byte the running document (and in
     * the same folder) the router starts from that commit; otherwise the file is committed as a new
     * commit by {@value #RUN_AUTHOR} (the first: "initial config from FILE"; later: "FILE given to
     * junction run differs from commit N") and the router starts from it; no restart rule applies,
     * as nothing runs yet. Without a file the router starts from the running commit.
     *
     * @param configFile the {@code --config} file, if given.
     * @return the commit to start from, and what to tell the operator.
     * @throws CommitRefusedException {@code INVALID} (the file, or the stored document, does not
     *                                validate), {@code NOT_FOUND} (no file and no commit), {@code STORE_FAILED}.
     */
    public synchronized Start start(final Optional<Path> configFile) throws CommitRefusedException
    {
        return start(configFile, null);
    }

    /**
     * {@link #start(Optional)} with the file already read and checked by the caller, so that a
     * large {@code routes-file} is not parsed twice at start.
     *
     * @param configFile the {@code --config} file.
     * @param parsed     {@code ConfigLoader.load(configFile)}.
     * @return the commit to start from, and what to tell the operator.
     * @throws CommitRefusedException as {@link #start(Optional)}.
     */
    public synchronized Start start(final Path configFile, final JunctionConfig parsed) throws CommitRefusedException
    {
        return start(Optional.of(configFile), Objects.requireNonNull(parsed, "parsed"));
    }

    private Start start(final Optional<Path> configFile, final JunctionConfig parsed) throws CommitRefusedException
    {
        final StringBuilder message = new StringBuilder();
        final Optional<CommitRecord> rolledBack = rollBackIfExpired(settings.clock().instant());
        rolledBack.ifPresent(r -> message.append("junction: ").append(r.message()).append(" (commit ").append(r.number())
            .append(")\n"));
        final Optional<CommitRecord> running = state.latest();
        if (configFile.isEmpty())
        {
            if (running.isEmpty())
            {
                throw new CommitRefusedException(CommitRefusedException.Reason.NOT_FOUND,
                    "no committed configuration in " + state.root() + ": give --config FILE");
            }
            message.append("junction: starting from the last committed config, ").append(running.get().describe());
            return new Start(running.get(), configOf(running.get()), withPendingNote(message));
        }
        final Path file = configFile.get().toAbsolutePath().normalize();
        final String text;
        try
        {
            text = Files.readString(file);
        }
        catch (final IOException ex)
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.INVALID, file + ": cannot read: " + ex.getMessage());
        }
        final Path directory = file.getParent();
        final JunctionConfig config = null != parsed ? parsed : parseOrRefuse(text, directory, file + ": ");
        if (running.isPresent() && running.get().document().equals(text) && running.get().directory().equals(directory))
        {
            message.append("junction: starting from the last committed config, ").append(running.get().describe())
                .append(", the same as ").append(file);
            return new Start(running.get(), config, withPendingNote(message));
        }
        final String why = running.isEmpty() ? "initial config from " + file :
            file + " given to junction run differs from commit " + running.get().number();
        final CommitRecord record = new CommitRecord(runningVersion() + 1, RUN_AUTHOR, now(),
            why, Optional.empty(), directory, text);
        final Optional<PendingConfirm> replaced = pendingConfirm();
        record(record, config, () -> { }, false, endingPending(ConfirmWindow.State.REPLACED));
        message.append("junction: ").append(why).append(": committed it as commit ").append(record.number())
            .append("; starting from it");
        replaced.ifPresent(p -> message.append("\njunction: commit ").append(p.commit())
            .append(" awaited confirmation until ").append(p.deadline()).append(" and is not confirmed: replaced by commit ")
            .append(record.number()));
        return new Start(record, config, message.toString());
    }

    private String withPendingNote(final StringBuilder message)
    {
        pendingConfirm().ifPresent(p -> message.append("\njunction: commit ").append(p.commit())
            .append(" awaits confirmation until ").append(p.deadline()).append("; unless confirmed it is rolled back to commit ")
            .append(p.rollbackTo()));
        return message.toString();
    }

    @Override
    public synchronized void close() throws IOException
    {
        state.close();
    }

    // ------------------------------------------------------------------------------------- helpers

    private void refuseWhilePending() throws CommitRefusedException
    {
        final Optional<PendingConfirm> pending = pendingConfirm();
        if (pending.isPresent())
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.CONFIRM_PENDING,
                "commit " + pending.get().commit() + " awaits confirmation until " + pending.get().deadline() +
                ": confirm it, or roll back, before committing again");
        }
    }

    private static List<String> checkAuthorAndMessage(final String author, final String message)
    {
        final List<String> problems = new ArrayList<>();
        if (null == author || author.isBlank())
        {
            problems.add("author: required");
        }
        else if (author.length() > MAX_AUTHOR_CHARS || author.chars().anyMatch(Character::isISOControl))
        {
            problems.add("author: at most " + MAX_AUTHOR_CHARS + " characters, one line");
        }
        if (null == message || message.isBlank())
        {
            problems.add("message: required: say why");
        }
        else if (message.length() > MAX_MESSAGE_CHARS)
        {
            problems.add("message: at most " + MAX_MESSAGE_CHARS + " characters, got " + message.length());
        }
        return problems;
    }

    private static void checkCandidateName(final String name, final List<String> problems)
    {
        if (null == name || !StateDirectory.CANDIDATE_NAME.matcher(name).matches())
        {
            problems.add("name: '" + name + "' is not a candidate name: use 1 to 32 characters from a-z, 0-9 and '-'");
        }
    }

    /** Commit times to the millisecond: what a person reads in the history, and still in order. */
    private Instant now()
    {
        return settings.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private Path newDocumentDirectory()
    {
        return settings.documentDirectory()
            .or(() -> state.latest().map(CommitRecord::directory))
            .orElseGet(() -> Path.of("").toAbsolutePath());
    }

    private JunctionConfig parse(final String document, final Path directory) throws ConfigException
    {
        return ConfigLoader.parse(Objects.requireNonNull(document, "document"), settings.availableCpus(), directory);
    }

    private JunctionConfig parseOrRefuse(final String document, final Path directory, final String prefix)
        throws CommitRefusedException
    {
        try
        {
            return parse(document, directory);
        }
        catch (final ConfigException ex)
        {
            throw new CommitRefusedException(CommitRefusedException.Reason.INVALID,
                ex.problems().stream().map(p -> prefix + p).toList());
        }
    }

    private JunctionConfig configOf(final CommitRecord commit) throws CommitRefusedException
    {
        if (null != parsedConfig && parsedNumber == commit.number())
        {
            return parsedConfig;
        }
        final JunctionConfig config = parseOrRefuse(commit.document(), commit.directory(),
            "commit " + commit.number() + " (running) no longer validates here: ");
        if (state.latest().map(CommitRecord::number).orElse(0L) == commit.number())
        {
            parsedNumber = commit.number();
            parsedConfig = config;
        }
        return config;
    }
}
