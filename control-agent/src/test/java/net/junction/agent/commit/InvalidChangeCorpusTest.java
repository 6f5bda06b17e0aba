/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import net.junction.agent.commit.Fixtures.ManualClock;
import net.junction.agent.commit.Fixtures.RecordingApplier;

/**
 * Issue 10's corpus of invalid changes (src/test/resources/invalid-changes/, loaded by
 * {@link InvalidChangeCorpus}): the base is committed once to a temp state directory; then each case
 * is committed on top and must be refused with its reason, a problem naming its field, the applier
 * never called, the state directory byte for byte unchanged and the running version and document
 * unchanged. The cases run against one lifecycle in corpus order, so a refusal that changed
 * anything would also show in every case after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvalidChangeCorpusTest
{
    /** Issue 10 asks for at least 50; the corpus README promises at least 60. */
    private static final int MIN_CASES = 60;

    private final InvalidChangeCorpus corpus = InvalidChangeCorpus.load();
    private final RecordingApplier applier = new RecordingApplier();
    private ConfigLifecycle lifecycle;
    private Path stateDir;
    private String stateHash;

    @BeforeAll
    void commitTheBase(@TempDir final Path temp) throws Exception
    {
        stateDir = temp.resolve("state");
        lifecycle = ConfigLifecycle.open(stateDir, ConfigLifecycle.Settings.of(applier).withClock(new ManualClock())
            .withAvailableCpus(InvalidChangeCorpus.CPUS).withDocumentDirectory(corpus.directory()));
        assertEquals(List.of(), lifecycle.validate(corpus.base()), "the corpus base must be valid");
        lifecycle.commit(corpus.base(), 0, "corpus", "the base every invalid change starts from", OptionalInt.empty());
        assertEquals(1, applier.calls.size());
        stateHash = Fixtures.hash(stateDir);
    }

    @AfterAll
    void close() throws Exception
    {
        lifecycle.close();
    }

    List<InvalidChangeCorpus.Case> cases()
    {
        return corpus.cases();
    }

    @Test
    void shouldHoldAtLeastSixtyCasesOfBothReasons()
    {
        final Map<CommitRefusedException.Reason, Long> byReason = corpus.cases().stream()
            .collect(Collectors.groupingBy(InvalidChangeCorpus.Case::reason,
                () -> new EnumMap<>(CommitRefusedException.Reason.class), Collectors.counting()));
        assertTrue(corpus.cases().size() >= MIN_CASES, "only " + corpus.cases().size() + " cases");
        assertTrue(byReason.getOrDefault(CommitRefusedException.Reason.INVALID, 0L) > 0, byReason::toString);
        assertTrue(byReason.getOrDefault(CommitRefusedException.Reason.RESTART_REQUIRED, 0L) > 0, byReason::toString);
        assertEquals(corpus.cases().size(), corpus.cases().stream().map(InvalidChangeCorpus.Case::document).distinct().count(),
            "two cases make the same change");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldRefuseTheChangeNamingTheFieldAndChangeNothing(final InvalidChangeCorpus.Case change) throws Exception
    {
        final CommitRecord runningBefore = lifecycle.running().orElseThrow();

        final CommitRefusedException ex = assertThrows(CommitRefusedException.class,
            () -> lifecycle.commit(change.document(), 1, "corpus", change.what(), OptionalInt.empty()),
            () -> change + " was committed:\n" + change.document());

        assertEquals(change.reason(), ex.reason(), () -> change + ": " + ex.getMessage());
        assertTrue(ex.problems().stream().anyMatch(change::matches), () -> change + ": no problem '" + change.field() + ": " +
            change.message().map(m -> "..." + m + "...").orElse("...") + "' among\n  " + String.join("\n  ", ex.problems()));
        if (change.only())
        {
            assertEquals(1, ex.problems().size(), () -> change + ": that problem and no other, got\n  " +
                String.join("\n  ", ex.problems()));
        }
        assertEquals(1, applier.calls.size(), () -> change + " reached the applier");
        assertEquals(stateHash, Fixtures.hash(stateDir), () -> change + " changed the state directory");
        assertEquals(1, lifecycle.runningVersion(), () -> change + " changed the running version");
        assertEquals(runningBefore, lifecycle.running().orElseThrow(), () -> change + " changed the running commit");
        if (CommitRefusedException.Reason.INVALID == change.reason())
        {
            // The validator (validate, POST /v1/config/validate) says the same as the refusal.
            assertEquals(ex.problems(), lifecycle.validate(change.document()), change::toString);
        }
    }

    @Test
    void shouldNameEveryCaseFileByNumberAndSlug()
    {
        for (final InvalidChangeCorpus.Case change : corpus.cases())
        {
            assertTrue(change.id().matches("\\d{3}-[a-z0-9-]+"), change::toString);
        }
        assertEquals(corpus.cases().size(), Arrays.stream(corpus.cases().stream().map(c -> c.id().substring(0, 3))
            .toArray()).distinct().count(), "two cases share a number");
    }
}
