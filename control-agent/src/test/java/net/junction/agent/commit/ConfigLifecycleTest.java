/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import static net.junction.agent.commit.Fixtures.BASE;
import static net.junction.agent.config.ConfigDocuments.edit;
import static net.junction.agent.commit.Fixtures.hash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.junction.agent.commit.CommitRefusedException.Reason;
import net.junction.agent.commit.Fixtures.ManualClock;
import net.junction.agent.commit.Fixtures.RecordingApplier;
import net.junction.agent.config.JunctionConfig;
import net.junction.agent.config.diff.ChangeType;
import net.junction.agent.config.diff.ObjectKind;

class ConfigLifecycleTest
{
    private static final OptionalInt NO_CONFIRM = OptionalInt.empty();

    @TempDir
    Path temp;

    private Path stateDir;
    private final ManualClock clock = new ManualClock();
    private final RecordingApplier applier = new RecordingApplier();
    private ConfigLifecycle lifecycle;

    @BeforeEach
    void open() throws IOException
    {
        stateDir = temp.resolve("state");
        lifecycle = ConfigLifecycle.open(stateDir, Fixtures.settings(applier, clock, temp));
    }

    @AfterEach
    void close() throws IOException
    {
        lifecycle.close();
    }

    private void reopen() throws IOException
    {
        lifecycle.close();
        lifecycle = ConfigLifecycle.open(stateDir, Fixtures.settings(applier, clock, temp));
    }

    private CommitRecord commitBase() throws CommitRefusedException
    {
        return lifecycle.commit(BASE, 0, "alice", "first", NO_CONFIRM);
    }

    private CommitRefusedException refused(final Reason reason, final ThrowingCall call)
    {
        final String before = hash(stateDir);
        final int applied = applier.calls.size();
        final CommitRefusedException ex = assertThrows(CommitRefusedException.class, call::run);
        assertEquals(reason, ex.reason(), ex.getMessage());
        assertEquals(before, hash(stateDir), "a refused operation changed the state directory");
        assertEquals(applied, applier.calls.size(), "a refused operation reached the applier");
        return ex;
    }

    @FunctionalInterface
    interface ThrowingCall
    {
        void run() throws Exception;
    }

    // ------------------------------------------------------------------------------------ commits

    @Test
    void shouldStartEmptyAtVersionZero()
    {
        assertEquals(0, lifecycle.runningVersion());
        assertTrue(lifecycle.running().isEmpty());
        assertTrue(lifecycle.history().isEmpty());
        assertTrue(lifecycle.pendingConfirm().isEmpty());
    }

    @Test
    void shouldRecordACommitWithNumberAuthorTimeMessageAndDocument() throws Exception
    {
        final CommitRecord first = commitBase();

        assertEquals(1, first.number());
        assertEquals(1, lifecycle.runningVersion());
        final CommitRecord running = lifecycle.running().orElseThrow();
        assertEquals("alice", running.author());
        assertEquals(clock.instant(), running.time());
        assertEquals("first", running.message());
        assertEquals(BASE, running.document());
        assertEquals("lab", lifecycle.runningConfig().orElseThrow().name());
        assertEquals(1, applier.calls.size());
        assertTrue(applier.calls.getFirst().from().isEmpty());
    }

    @Test
    void shouldKeepCommitsAcrossReopen() throws Exception
    {
        commitBase();
        clock.advance(Duration.ofMinutes(1));
        lifecycle.commit(mtuCandidate(), 1, "bob", "jumbo frames on p0", NO_CONFIRM);

        reopen();

        assertEquals(2, lifecycle.runningVersion());
        final List<CommitRecord> history = lifecycle.history();
        assertEquals(List.of(2L, 1L), history.stream().map(CommitRecord::number).toList());
        assertEquals("bob", history.getFirst().author());
        assertEquals("jumbo frames on p0", history.getFirst().message());
        assertEquals(clock.instant(), history.getFirst().time());
        assertEquals(9000, lifecycle.runningConfig().orElseThrow().port("p0").orElseThrow().mtu());
    }

    @Test
    void shouldKeepAMultiLineMessageAndAnyDocumentBytes() throws Exception
    {
        final String document = BASE + "# caf\u00e9 \u2014 a comment\n\n\n";
        lifecycle.commit(document, 0, "alice", "line one\nline two: with \\ and colon", NO_CONFIRM);
        reopen();
        assertEquals(document, lifecycle.running().orElseThrow().document());
        assertEquals("line one\nline two: with \\ and colon", lifecycle.running().orElseThrow().message());
    }

    @Test
    void shouldAcceptAJsonDocument() throws Exception
    {
        final String json = """
            {
              "name": "lab",
              "cores": [1],
              "ports": [
                {"name": "p0", "device": "net_af_packet0", "addresses": ["198.18.1.1/24"]}
              ],
              "routes": [{"prefix": "198.18.100.0/24", "via": "198.18.1.2"}]
            }
            """;
        assertEquals(List.of(), lifecycle.validate(json));
        lifecycle.commit(json, 0, "alice", "json", NO_CONFIRM);
        assertEquals(1, lifecycle.runningConfig().orElseThrow().routes().size());
    }

    @Test
    void shouldRefuseAStaleBaseVersion() throws Exception
    {
        commitBase();
        final String mtu = edit(BASE, "device: net_af_packet1\n", "device: net_af_packet1\n    mtu: 9000\n");
        lifecycle.commit(mtu, 1, "bob", "jumbo", NO_CONFIRM);

        final CommitRefusedException ex = refused(Reason.STALE_VERSION, () -> lifecycle.commit(
            edit(BASE, "198.18.100.0/24", "198.18.101.0/24"), 1, "carol", "made from commit 1", NO_CONFIRM));
        assertTrue(ex.getMessage().contains("version 1") && ex.getMessage().contains("commit 2"), ex.getMessage());
        refused(Reason.STALE_VERSION, () -> lifecycle.commit(mtu, 7, "carol", "from the future", NO_CONFIRM));
    }

    @Test
    void shouldRefuseACandidateThatIsTheRunningDocument() throws Exception
    {
        commitBase();
        refused(Reason.NO_CHANGE, () -> lifecycle.commit(BASE, 1, "bob", "again", NO_CONFIRM));
    }

    @Test
    void shouldRefuseAMissingAuthorOrMessage() throws Exception
    {
        refused(Reason.INVALID, () -> lifecycle.commit(BASE, 0, "", "x", NO_CONFIRM));
        final CommitRefusedException ex = refused(Reason.INVALID, () -> lifecycle.commit(BASE, 0, "alice", " ", NO_CONFIRM));
        assertEquals(List.of("message: required: say why"), ex.problems());
    }

    @Test
    void shouldRefuseRestartOnlyChangesNamingEachFieldAndRecordNothing() throws Exception
    {
        commitBase();
        String candidate = edit(BASE, "cores: [1]", "cores: [1, 2]\ndpdk: {memory-mb: 1024}");
        candidate = edit(candidate, "device: net_af_packet1\n", "device: net_af_packet9\n");
        candidate = edit(candidate, "routes:", """
              - name: p2
                device: net_af_packet2
                addresses: [198.18.3.1/24]
            routes:""");
        candidate = edit(candidate, "local-as: 4200000001", "local-as: 4200000002");
        // A live change in the same commit: it must not be applied either.
        candidate = edit(candidate, "198.18.100.0/24", "198.18.101.0/24");

        final String finalCandidate = candidate;
        final CommitRefusedException ex = refused(Reason.RESTART_REQUIRED,
            () -> lifecycle.commit(finalCandidate, 1, "bob", "too much", NO_CONFIRM));

        final List<String> problems = ex.problems();
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("dpdk.memory-mb: 512 -> 1024"), problems.get(0));
        assertTrue(problems.get(1).startsWith("cores: [1] -> [1, 2]"), problems.get(1));
        assertTrue(problems.get(2).startsWith("ports[1].device: 'net_af_packet1' -> 'net_af_packet9'"), problems.get(2));
        assertTrue(problems.get(3).startsWith("ports[2]: adding port 'p2'"), problems.get(3));
        assertTrue(problems.get(4).startsWith("bgp.local-as: 4200000001 -> 4200000002"), problems.get(4));
        problems.forEach(p -> assertTrue(p.contains("needs a restart"), p));
        assertEquals(1, lifecycle.runningVersion());
        assertEquals(BASE, lifecycle.running().orElseThrow().document());
    }

    @Test
    void shouldRefuseRemovingOrReorderingAPort() throws Exception
    {
        final String twoPorts = """
            name: lab
            ports:
              - {name: p0, device: net_af_packet0, addresses: [198.18.1.1/24]}
              - {name: p1, device: net_af_packet1, addresses: [198.18.2.1/24]}
            """;
        lifecycle.commit(twoPorts, 0, "alice", "two ports", NO_CONFIRM);

        final CommitRefusedException removed = refused(Reason.RESTART_REQUIRED, () -> lifecycle.commit("""
            name: lab
            ports:
              - {name: p0, device: net_af_packet0, addresses: [198.18.1.1/24]}
            """, 1, "bob", "drop p1", NO_CONFIRM));
        assertEquals(List.of("ports: removing port 'p1' needs a restart"), removed.problems());

        final CommitRefusedException reordered = refused(Reason.RESTART_REQUIRED, () -> lifecycle.commit("""
            name: lab
            ports:
              - {name: p1, device: net_af_packet1, addresses: [198.18.2.1/24]}
              - {name: p0, device: net_af_packet0, addresses: [198.18.1.1/24]}
            """, 1, "bob", "swap", NO_CONFIRM));
        assertEquals(1, reordered.problems().size());
        assertTrue(reordered.problems().getFirst().startsWith("ports: the order changed (p0, p1 -> p1, p0)"));
    }

    @Test
    void shouldRefuseChangingTheNameOrAddingTheBgpSection() throws Exception
    {
        final String noBgp = BASE.substring(0, BASE.indexOf("bgp:"));
        lifecycle.commit(noBgp, 0, "alice", "no bgp", NO_CONFIRM);
        final CommitRefusedException ex = refused(Reason.RESTART_REQUIRED,
            () -> lifecycle.commit(edit(BASE, "name: lab", "name: lab2"), 1, "bob", "rename, add bgp", NO_CONFIRM));
        assertEquals(2, ex.problems().size(), ex.problems().toString());
        assertTrue(ex.problems().get(0).startsWith("name: 'lab' -> 'lab2'"));
        assertTrue(ex.problems().get(1).startsWith("bgp: adding the BGP speaker needs a restart"));
    }

    @Test
    void shouldApplyLiveChangesThroughTheApplierBeforeRecording() throws Exception
    {
        commitBase();
        final String candidate = edit(edit(BASE, "addresses: [198.18.2.1/24]", "addresses: [198.18.2.1/24, 198.18.3.1/24]\n    mtu: 9000"),
            "remote-as: 65001", "remote-as: 65002");

        final CommitRecord second = lifecycle.commit(candidate, 1, "bob", "live", NO_CONFIRM);

        assertEquals(2, second.number());
        assertEquals(2, applier.calls.size());
        final RecordingApplier.Call call = applier.calls.get(1);
        assertEquals(1500, call.from().orElseThrow().port("p1").orElseThrow().mtu());
        assertEquals(9000, call.to().port("p1").orElseThrow().mtu());
        assertTrue(call.diff().change(ObjectKind.PORT, "p1").orElseThrow().changes("addresses"));
        assertTrue(call.diff().change(ObjectKind.BGP_NEIGHBOR, "transit1").orElseThrow().sessionReset());
        assertTrue(call.diff().text().contains("+    mtu: 9000"), call.diff().text());
    }

    @Test
    void shouldHandTheApplierTheCommitItApplies() throws Exception
    {
        commitBase();
        lifecycle.commit(edit(BASE, "198.18.100.0/24", "198.18.101.0/24"), 1, "bob", "move a route", NO_CONFIRM);
        lifecycle.rollback(1, "carol");

        assertEquals(List.of(1L, 2L, 3L), applier.commits.stream().map(CommitRecord::number).toList());
        assertEquals(List.of("alice", "bob", "carol"), applier.commits.stream().map(CommitRecord::author).toList());
        assertEquals("move a route", applier.commits.get(1).message());
        assertEquals("rollback to commit 1", applier.commits.get(2).message());
        assertEquals(applier.calls.size(), applier.commits.size(), "every apply came with its commit");
        assertEquals(lifecycle.history().reversed(), applier.commits, "the commits as they were then recorded");
    }

    @Test
    void shouldHandOnTheCommitThroughADeferredApplier() throws Exception
    {
        final java.util.concurrent.atomic.AtomicReference<ConfigApplier> target = new java.util.concurrent.atomic.AtomicReference<>(
            ConfigApplier.NOT_RUNNING);
        final ConfigApplier deferred = ConfigApplier.deferredTo(target::get);
        deferred.apply(Optional.empty(), null, null); // NOT_RUNNING: nothing
        target.set(applier);
        final CommitRecord commit = new CommitRecord(4, "dave", clock.instant(), "why", Optional.empty(), temp, BASE);
        deferred.apply(commit, Optional.empty(), null, null);
        deferred.apply(Optional.empty(), null, null);
        assertEquals(List.of(commit), applier.commits);
        assertEquals(2, applier.calls.size());
    }

    @Test
    void shouldLeaveEverythingAsItWasWhenTheApplierFails() throws Exception
    {
        commitBase();
        applier.failing = "FIB writer refused the batch";
        final CommitRefusedException ex = refused(Reason.APPLY_FAILED, () -> lifecycle.commit(
            edit(BASE, "198.18.100.0/24", "198.18.101.0/24"), 1, "bob", "move a route", NO_CONFIRM));
        assertTrue(ex.getMessage().contains("FIB writer refused the batch"));
        assertEquals(1, lifecycle.runningVersion());
        assertEquals(BASE, lifecycle.running().orElseThrow().document());

        applier.failing = null;
        assertEquals(2, lifecycle.commit(edit(BASE, "198.18.100.0/24", "198.18.101.0/24"), 1, "bob", "again",
            NO_CONFIRM).number());
    }

    @Test
    void shouldDiffACandidateAgainstTheRunningConfig() throws Exception
    {
        commitBase();
        final var diff = lifecycle.diff(edit(BASE, "198.18.100.0/24, via: 198.18.2.2", "198.18.100.0/24, blackhole: true"));
        assertEquals(1, diff.changes().size(), diff.describe());
        assertEquals(ChangeType.CHANGED, diff.changes().getFirst().type());
        assertTrue(diff.text().startsWith("--- running (commit 1)\n+++ candidate\n"), diff.text());
        final CommitRefusedException ex = assertThrows(CommitRefusedException.class, () -> lifecycle.diff("name: [x]"));
        assertEquals(Reason.INVALID, ex.reason());
    }

    // ------------------------------------------------------------------------------ commit-confirm

    private String mtuCandidate()
    {
        return edit(BASE, "device: net_af_packet0\n", "device: net_af_packet0\n    mtu: 9000\n");
    }

    @Test
    void shouldConfirmACommitBeforeItsDeadline() throws Exception
    {
        commitBase();
        final CommitRecord second = lifecycle.commit(mtuCandidate(), 1, "bob", "try jumbo", OptionalInt.of(10));
        assertEquals(Optional.of(clock.instant().plus(Duration.ofMinutes(10))), second.confirmBy());
        assertEquals(new PendingConfirm(2, clock.instant().plus(Duration.ofMinutes(10)), 1),
            lifecycle.pendingConfirm().orElseThrow());

        final Instant deadline = clock.instant().plus(Duration.ofMinutes(10));
        assertEquals(Optional.of(ConfirmWindow.pending(deadline)), second.confirm());
        assertEquals(second, lifecycle.history().getFirst());

        clock.advance(Duration.ofMinutes(9));
        final CommitRecord confirmed = lifecycle.confirm();
        assertEquals(2, confirmed.number());
        final ConfirmWindow window = new ConfirmWindow(deadline, ConfirmWindow.State.CONFIRMED, Optional.of(clock.instant()),
            OptionalLong.empty());
        assertEquals(Optional.of(window), confirmed.confirm(), "the answer says it is confirmed, and when");
        assertEquals(Optional.of(window), lifecycle.history().getFirst().confirm());
        assertTrue(lifecycle.pendingConfirm().isEmpty());

        clock.advance(Duration.ofMinutes(5));
        assertTrue(new ConfirmTimer(lifecycle, clock).poll().isEmpty());
        reopen();
        assertTrue(lifecycle.pendingConfirm().isEmpty());
        assertEquals(2, lifecycle.runningVersion());
        assertEquals(Optional.of(window), lifecycle.commit(2).orElseThrow().confirm(), "kept on disk");
        assertEquals(Optional.empty(), lifecycle.commit(1).orElseThrow().confirm());
    }

    @Test
    void shouldRollBackAnUnconfirmedCommitWhenItsDeadlinePasses() throws Exception
    {
        commitBase();
        lifecycle.commit(mtuCandidate(), 1, "bob", "try jumbo", OptionalInt.of(10));
        final ConfirmTimer timer = new ConfirmTimer(lifecycle, clock);

        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertEquals(0, timer.doWork());
        assertEquals(2, lifecycle.runningVersion());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, timer.doWork());

        final CommitRecord rollback = lifecycle.running().orElseThrow();
        assertEquals(3, rollback.number());
        assertEquals(ConfigLifecycle.SYSTEM_AUTHOR, rollback.author());
        assertTrue(rollback.message().startsWith("commit 2 was not confirmed by"), rollback.message());
        assertEquals(BASE, rollback.document());
        assertTrue(lifecycle.pendingConfirm().isEmpty());
        assertEquals(1500, applier.calls.getLast().to().port("p0").orElseThrow().mtu());
        assertEquals(0, timer.doWork());
        refused(Reason.NOT_PENDING, lifecycle::confirm);

        final ConfirmWindow expired = new ConfirmWindow(clock.instant(), ConfirmWindow.State.EXPIRED, Optional.empty(),
            OptionalLong.of(3));
        assertEquals(Optional.of(expired), lifecycle.commit(2).orElseThrow().confirm(), "expired, rolled back by commit 3");
        assertEquals(Optional.empty(), rollback.confirm());
        reopen();
        assertEquals(Optional.of(expired), lifecycle.commit(2).orElseThrow().confirm(), "kept on disk");
        assertTrue(lifecycle.pendingConfirm().isEmpty());
    }

    @Test
    void shouldRetryARollbackTheApplierRefused() throws Exception
    {
        commitBase();
        lifecycle.commit(mtuCandidate(), 1, "bob", "try jumbo", OptionalInt.of(1));
        clock.advance(Duration.ofMinutes(2));
        applier.failing = "busy";
        final ConfirmTimer timer = new ConfirmTimer(lifecycle, clock);
        assertEquals(0, timer.doWork());
        assertEquals(2, lifecycle.runningVersion());
        assertTrue(lifecycle.pendingConfirm().isPresent());
        applier.failing = null;
        assertEquals(1, timer.doWork());
        assertEquals(BASE, lifecycle.running().orElseThrow().document());
    }

    @Test
    void shouldRollBackAnUnconfirmedCommitWhenReopenedAfterItsDeadline() throws Exception
    {
        commitBase();
        lifecycle.commit(mtuCandidate(), 1, "bob", "try jumbo", OptionalInt.of(5));
        lifecycle.close();

        clock.advance(Duration.ofMinutes(30)); // the router was down past the deadline
        lifecycle = ConfigLifecycle.open(stateDir, Fixtures.settings(ConfigApplier.NOT_RUNNING, clock, temp));
        assertEquals(2, lifecycle.pendingConfirm().orElseThrow().commit());
        final ConfigLifecycle.Start start = lifecycle.start(Optional.empty());

        assertEquals(3, start.commit().number());
        assertEquals(BASE, start.commit().document());
        assertEquals(1500, start.config().port("p0").orElseThrow().mtu());
        assertTrue(start.message().contains("commit 2 was not confirmed"), start.message());
        assertTrue(lifecycle.pendingConfirm().isEmpty());
    }

    @Test
    void shouldKeepAPendingConfirmAcrossAReopenBeforeItsDeadline() throws Exception
    {
        commitBase();
        lifecycle.commit(mtuCandidate(), 1, "bob", "try jumbo", OptionalInt.of(5));
        reopen();
        clock.advance(Duration.ofMinutes(1));
        final ConfigLifecycle.Start start = lifecycle.start(Optional.empty());
        assertEquals(2, start.commit().number());
        assertTrue(start.message().contains("commit 2 awaits confirmation"), start.message());
        assertEquals(2, lifecycle.confirm().number());
        reopen();
        assertTrue(lifecycle.pendingConfirm().isEmpty());
    }

    @Test
    void shouldRefuseACommitWhileAnotherAwaitsConfirmation() throws Exception
    {
        commitBase();
        lifecycle.commit(mtuCandidate(), 1, "bob", "try jumbo", OptionalInt.of(5));
        final CommitRefusedException ex = refused(Reason.CONFIRM_PENDING, () -> lifecycle.commit(
            edit(mtuCandidate(), "198.18.100.0/24", "198.18.101.0/24"), 2, "carol", "more", NO_CONFIRM));
        assertTrue(ex.getMessage().contains("commit 2 awaits confirmation"));
    }

    @Test
    void shouldRefuseAConfirmWindowOnTheFirstCommitOrOutOfRange() throws Exception
    {
        refused(Reason.INVALID, () -> lifecycle.commit(BASE, 0, "alice", "first", OptionalInt.of(5)));
        commitBase();
        refused(Reason.INVALID, () -> lifecycle.commit(mtuCandidate(), 1, "bob", "x", OptionalInt.of(0)));
        refused(Reason.INVALID, () -> lifecycle.commit(mtuCandidate(), 1, "bob", "x", OptionalInt.of(24 * 60 + 1)));
        refused(Reason.NOT_PENDING, lifecycle::confirm);
    }

    @Test
    void shouldEndAConfirmWindowByAnExplicitRollback() throws Exception
    {
        commitBase();
        lifecycle.commit(mtuCandidate(), 1, "bob", "try jumbo", OptionalInt.of(5));
        final CommitRecord back = lifecycle.rollback(1, "bob");
        assertEquals(3, back.number());
        assertTrue(lifecycle.pendingConfirm().isEmpty());
        final Optional<ConfirmWindow> rolledBack = Optional.of(new ConfirmWindow(clock.instant().plus(Duration.ofMinutes(5)),
            ConfirmWindow.State.ROLLED_BACK, Optional.empty(), OptionalLong.of(3)));
        assertEquals(rolledBack, lifecycle.commit(2).orElseThrow().confirm());
        clock.advance(Duration.ofMinutes(10));
        assertTrue(new ConfirmTimer(lifecycle, clock).poll().isEmpty());
        assertEquals(3, lifecycle.runningVersion());
        reopen();
        assertEquals(rolledBack, lifecycle.commit(2).orElseThrow().confirm(), "kept on disk");
    }

    @Test
    void shouldSayACommitAwaitingConfirmationWasReplacedByAnotherConfigFileAtStart() throws Exception
    {
        final Path file = write("lab.yaml", BASE);
        lifecycle.start(Optional.of(file));
        lifecycle.commit(mtuCandidate(), 1, "bob", "jumbo over the API", OptionalInt.of(10));
        reopen();
        clock.advance(Duration.ofMinutes(1)); // before the deadline: nothing to roll back

        final ConfigLifecycle.Start start = lifecycle.start(Optional.of(write("lab.yaml", edit(BASE, "cores: [1]", "cores: [2]"))));

        assertEquals(3, start.commit().number());
        assertTrue(start.message().contains("commit 2 awaited confirmation until") &&
            start.message().contains("replaced by commit 3"), start.message());
        final ConfirmWindow replaced = lifecycle.commit(2).orElseThrow().confirm().orElseThrow();
        assertEquals(ConfirmWindow.State.REPLACED, replaced.state());
        assertEquals(OptionalLong.of(3), replaced.endedBy());
        assertTrue(lifecycle.pendingConfirm().isEmpty());
        reopen();
        assertEquals(replaced, lifecycle.commit(2).orElseThrow().confirm().orElseThrow());
    }

    // ------------------------------------------------------------------------------------ rollback

    @Test
    void shouldRollBackToCommitNAsANewCommit() throws Exception
    {
        commitBase();
        lifecycle.commit(mtuCandidate(), 1, "bob", "jumbo", NO_CONFIRM);
        lifecycle.commit(edit(mtuCandidate(), "198.18.100.0/24", "198.18.101.0/24"), 2, "bob", "move", NO_CONFIRM);
        clock.advance(Duration.ofHours(1));

        final CommitRecord back = lifecycle.rollback(1, "carol");

        assertEquals(4, back.number());
        assertEquals("carol", back.author());
        assertEquals("rollback to commit 1", back.message());
        assertEquals(BASE, back.document());
        assertEquals(List.of(4L, 3L, 2L, 1L), lifecycle.history().stream().map(CommitRecord::number).toList());
        assertEquals(BASE, lifecycle.running().orElseThrow().document());
        refused(Reason.NO_CHANGE, () -> lifecycle.rollback(1, "carol"));
        refused(Reason.NOT_FOUND, () -> lifecycle.rollback(9, "carol"));
    }

    @Test
    void shouldRefuseARollbackThatNeedsARestart() throws Exception
    {
        lifecycle.start(Optional.of(write("a.yaml", BASE)));
        // junction run restarted with more cores: a restart may change anything.
        lifecycle.start(Optional.of(write("a.yaml", edit(BASE, "cores: [1]", "cores: [1, 2]"))));
        final CommitRefusedException ex = refused(Reason.RESTART_REQUIRED, () -> lifecycle.rollback(1, "bob"));
        assertTrue(ex.problems().getFirst().startsWith("cores: [1, 2] -> [1]"));
    }

    @Test
    void shouldKeepTheLastHundredCommits() throws Exception
    {
        commitBase();
        for (int i = 1; i <= 104; i++)
        {
            lifecycle.commit(edit(BASE, "198.18.100.0/24", "198.18." + (100 + i % 2) + ".0/24") + "# " + i + "\n", i,
                "bot", "change " + i, NO_CONFIRM);
        }
        assertEquals(105, lifecycle.runningVersion());
        final List<CommitRecord> history = lifecycle.history();
        assertEquals(100, history.size());
        assertEquals(105, history.getFirst().number());
        assertEquals(6, history.getLast().number());
        try (var files = Files.list(stateDir.resolve("commits")))
        {
            assertEquals(100, files.count());
        }
        refused(Reason.NOT_FOUND, () -> lifecycle.rollback(5, "carol"));
        reopen();
        assertEquals(100, lifecycle.history().size());
        assertEquals(6, lifecycle.history().getLast().number());
    }

    // ---------------------------------------------------------------------------------- candidates

    @Test
    void shouldSaveListCommitAndDeleteCandidates() throws Exception
    {
        commitBase();
        final Candidate saved = lifecycle.saveCandidate("jumbo", mtuCandidate(), "bob");
        assertEquals(1, saved.baseVersion());
        lifecycle.saveCandidate("broken", "name: [", "bob"); // drafts need not be valid
        assertEquals(List.of("broken", "jumbo"), lifecycle.candidateNames());
        reopen();
        assertEquals(mtuCandidate(), lifecycle.candidate("jumbo").orElseThrow().document());

        final CommitRecord committed = lifecycle.commitCandidate("jumbo", "bob", "jumbo frames", NO_CONFIRM);
        assertEquals(2, committed.number());
        assertEquals(List.of("broken"), lifecycle.candidateNames());
        refused(Reason.STALE_VERSION, () -> lifecycle.commitCandidate("broken", "bob", "x", NO_CONFIRM).number());
        lifecycle.saveCandidate("broken", "name: [", "bob");
        refused(Reason.INVALID, () -> lifecycle.commitCandidate("broken", "bob", "x", NO_CONFIRM).number());
        assertTrue(lifecycle.deleteCandidate("broken"));
        assertFalse(lifecycle.deleteCandidate("broken"));
        refused(Reason.NOT_FOUND, () -> lifecycle.commitCandidate("broken", "bob", "x", NO_CONFIRM));
        refused(Reason.INVALID, () -> lifecycle.saveCandidate("../etc", BASE, "bob"));
    }

    @Test
    void shouldRefuseACandidateSavedOnAnOlderVersion() throws Exception
    {
        commitBase();
        lifecycle.saveCandidate("route", edit(BASE, "198.18.100.0/24", "198.18.101.0/24"), "carol");
        lifecycle.commit(mtuCandidate(), 1, "bob", "jumbo", NO_CONFIRM);
        refused(Reason.STALE_VERSION, () -> lifecycle.commitCandidate("route", "carol", "move", NO_CONFIRM));
        assertTrue(lifecycle.candidate("route").isPresent());
    }

    // ------------------------------------------------------------------------------ junction run

    private Path write(final String name, final String text) throws IOException
    {
        return Files.writeString(temp.resolve(name), text);
    }

    @Test
    void shouldCommitTheConfigFileAsCommitOneAtTheFirstStart() throws Exception
    {
        final Path file = write("lab.yaml", BASE);
        final ConfigLifecycle.Start start = lifecycle.start(Optional.of(file));
        assertEquals(1, start.commit().number());
        assertEquals(ConfigLifecycle.RUN_AUTHOR, start.commit().author());
        assertEquals("initial config from " + file, start.commit().message());
        assertEquals("lab", start.config().name());
        assertTrue(start.message().contains("committed it as commit 1"), start.message());
    }

    @Test
    void shouldStartFromTheLastCommitWhenTheFileIsTheSame() throws Exception
    {
        final Path file = write("lab.yaml", BASE);
        lifecycle.start(Optional.of(file));
        reopen();
        final ConfigLifecycle.Start start = lifecycle.start(Optional.of(file));
        assertEquals(1, start.commit().number());
        assertEquals(1, lifecycle.history().size());
        assertTrue(start.message().startsWith("junction: starting from the last committed config, commit 1 ("), start.message());
    }

    @Test
    void shouldCommitAChangedConfigFileAndSaySo() throws Exception
    {
        final Path file = write("lab.yaml", BASE);
        lifecycle.start(Optional.of(file));
        lifecycle.commit(mtuCandidate(), 1, "bob", "jumbo over the API", NO_CONFIRM);
        reopen();

        final ConfigLifecycle.Start start = lifecycle.start(Optional.of(write("lab.yaml", edit(BASE, "cores: [1]", "cores: [2]"))));

        assertEquals(3, start.commit().number());
        assertEquals(file + " given to junction run differs from commit 2", start.commit().message());
        assertEquals(List.of(2), start.config().cores());
        assertTrue(start.message().contains("committed it as commit 3"), start.message());
    }

    @Test
    void shouldReadTheLastCommitWhileTheRouterHoldsTheDirectory() throws Exception
    {
        // junction dataplane --name: the control plane holds the lock; the data plane reads the last commit anyway.
        assertEquals(Optional.empty(), ConfigLifecycle.lastCommitted(stateDir, 4));
        commitBase();
        lifecycle.commit(mtuCandidate(), 1, "bob", "jumbo", NO_CONFIRM);
        final JunctionConfig last = ConfigLifecycle.lastCommitted(stateDir, 4).orElseThrow();
        assertEquals(9000, last.port("p0").orElseThrow().mtu());
        assertEquals(Optional.empty(), ConfigLifecycle.lastCommitted(temp.resolve("no-such-state"), 4));
    }

    @Test
    void shouldRefuseToReadADamagedLastCommit() throws Exception
    {
        commitBase();
        final Path file;
        try (var files = Files.list(stateDir.resolve("commits")))
        {
            file = files.findFirst().orElseThrow();
        }
        Files.writeString(file, Files.readString(file).replace("cores: [1]", "cores: [2]"));
        final IOException ex = assertThrows(IOException.class, () -> ConfigLifecycle.lastCommitted(stateDir, 4));
        assertTrue(ex.getMessage().contains("is damaged"), ex.getMessage());
    }

    @Test
    void shouldStartFromTheLastCommitWithoutAConfigFile() throws Exception
    {
        refused(Reason.NOT_FOUND, () -> lifecycle.start(Optional.empty()));
        lifecycle.start(Optional.of(write("lab.yaml", BASE)));
        lifecycle.commit(mtuCandidate(), 1, "bob", "jumbo", NO_CONFIRM);
        reopen();
        final ConfigLifecycle.Start start = lifecycle.start(Optional.empty());
        assertEquals(2, start.commit().number());
        assertEquals(9000, start.config().port("p0").orElseThrow().mtu());
        assertTrue(start.message().contains("commit 2 (") && start.message().contains("by bob: jumbo"), start.message());
    }

    @Test
    void shouldFindARelativeRoutesFileNextToTheConfigFile() throws Exception
    {
        final Path folder = Files.createDirectories(temp.resolve("etc"));
        Files.writeString(folder.resolve("bulk.routes"), "198.18.150.0/24 via 198.18.2.2\n");
        final Path file = Files.writeString(folder.resolve("lab.yaml"), BASE + "routes-file: bulk.routes\n");
        lifecycle.close();
        lifecycle = ConfigLifecycle.open(stateDir, ConfigLifecycle.Settings.of(applier).withClock(clock).withAvailableCpus(4));
        assertEquals(2, lifecycle.start(Optional.of(file)).config().routes().size());
        reopen();
        assertEquals(2, lifecycle.start(Optional.empty()).config().routes().size());
    }

    @Test
    void shouldRefuseAnInvalidConfigFileAtStart() throws Exception
    {
        final CommitRefusedException ex = refused(Reason.INVALID,
            () -> lifecycle.start(Optional.of(write("bad.yaml", edit(BASE, "cores: [1]", "cores: [9]")))));
        assertTrue(ex.problems().getFirst().contains("cores[0]"), ex.problems().toString());
    }
}
