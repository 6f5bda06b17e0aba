/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import static net.junction.agent.commit.Fixtures.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash safety and single-writer exclusion of the state directory. */
class StateDirectoryTest
{
    @TempDir
    Path temp;

    private CommitRecord record(final long number, final String document)
    {
        return new CommitRecord(number, "alice", Instant.parse("2026-12-05T09:00:00Z").plusSeconds(number), "commit " + number,
            Optional.empty(), temp, document);
    }

    private Path commitFile(final Path root, final long number)
    {
        return root.resolve("commits").resolve(String.format("%010d.commit", number));
    }

    @Test
    void shouldLayOutTheDirectoryAsDocumented() throws IOException
    {
        final Path root = temp.resolve("state");
        try (StateDirectory state = StateDirectory.open(root))
        {
            state.record(record(1, BASE));
            state.record(record(2, BASE + "# 2\n").withConfirm(ConfirmWindow.pending(Instant.parse("2026-12-05T09:10:00Z"))));
            state.recordConfirmed(2, Instant.parse("2026-12-05T09:05:00Z"));
            state.saveCandidate(new Candidate("draft", 1, "bob", Instant.EPOCH, "name: x\n"));
        }
        try (Stream<Path> files = Files.walk(root))
        {
            assertEquals(List.of("candidates", "candidates/draft.candidate", "commits", "commits/0000000001.commit",
                "commits/0000000002.commit", "confirmed", "lock"), files.filter(f -> !f.equals(root)).map(f -> root.relativize(f).toString()).sorted().toList());
        }
        final String text = Files.readString(commitFile(root, 1));
        assertTrue(text.startsWith("junction-commit 1\nnumber: 1\nauthor: alice\ntime: 2026-12-05T09:00:01Z\n"), text);
        assertTrue(text.endsWith("\n\n" + BASE), text);
        final String confirmedText = Files.readString(commitFile(root, 2));
        assertTrue(confirmedText.contains("\nconfirm-by: 2026-12-05T09:10:00Z\nconfirmed-at: 2026-12-05T09:05:00Z\n"), confirmedText);
    }

    private static final Instant DEADLINE = Instant.parse("2026-12-05T10:00:00Z");

    private CommitRecord windowed(final long number)
    {
        return record(number, BASE + "# " + number + "\n").withConfirm(ConfirmWindow.pending(DEADLINE.plusSeconds(number)));
    }

    private ConfirmWindow.State state(final StateDirectory state, final long number)
    {
        return state.commit(number).orElseThrow().confirm().orElseThrow().state();
    }

    @Test
    void shouldKeepHowEachConfirmWindowEndedAcrossAReopen() throws IOException
    {
        final Path root = temp.resolve("state");
        try (StateDirectory state = StateDirectory.open(root))
        {
            state.record(record(1, BASE));
            state.record(windowed(2));
            assertEquals(ConfirmWindow.State.PENDING, state(state, 2));
            assertEquals(ConfirmWindow.State.CONFIRMED, state.recordConfirmed(2, DEADLINE).confirm().orElseThrow().state());
            state.record(windowed(3));
            state.record(record(4, BASE), Optional.of(new StateDirectory.WindowEnd(3, ConfirmWindow.State.EXPIRED)));
            state.record(windowed(5));
            state.record(record(6, BASE + "# 6\n"), Optional.of(new StateDirectory.WindowEnd(5, ConfirmWindow.State.ROLLED_BACK)));
            state.record(windowed(7));
            state.record(record(8, BASE + "# 8\n"), Optional.of(new StateDirectory.WindowEnd(7, ConfirmWindow.State.REPLACED)));
            state.record(windowed(9));
            // Only the window that is pending can be ended or confirmed.
            assertThrows(IllegalArgumentException.class,
                () -> state.record(record(10, BASE), Optional.of(new StateDirectory.WindowEnd(7, ConfirmWindow.State.EXPIRED))));
            assertThrows(IllegalArgumentException.class, () -> state.recordConfirmed(3, DEADLINE));
        }
        assertTrue(Files.readString(commitFile(root, 4)).contains("\nends-confirm: 3 expired\n"));
        assertTrue(Files.readString(commitFile(root, 6)).contains("\nends-confirm: 5 rolled-back\n"));
        try (StateDirectory state = StateDirectory.open(root))
        {
            assertEquals(Optional.empty(), state.commit(1).orElseThrow().confirm());
            assertEquals(new ConfirmWindow(DEADLINE.plusSeconds(2), ConfirmWindow.State.CONFIRMED, Optional.of(DEADLINE),
                OptionalLong.empty()), state.commit(2).orElseThrow().confirm().orElseThrow());
            assertEquals(new ConfirmWindow(DEADLINE.plusSeconds(3), ConfirmWindow.State.EXPIRED, Optional.empty(),
                OptionalLong.of(4)), state.commit(3).orElseThrow().confirm().orElseThrow());
            assertEquals(OptionalLong.of(6), state.commit(5).orElseThrow().confirm().orElseThrow().endedBy());
            assertEquals(ConfirmWindow.State.ROLLED_BACK, state(state, 5));
            assertEquals(ConfirmWindow.State.REPLACED, state(state, 7));
            assertEquals(ConfirmWindow.State.PENDING, state(state, 9));
            assertEquals(Optional.empty(), state.commit(4).orElseThrow().confirm());
        }
    }

    @Test
    void shouldWorkOutTheWindowsOfCommitsRecordedBeforeConfirmStates() throws IOException
    {
        // What a router of before wrote: confirm-by only, the last confirmation in the 'confirmed' file, and its own
        // rollback's message; no confirmed-at, no ends-confirm.
        final Path root = temp.resolve("state");
        try (StateDirectory state = StateDirectory.open(root))
        {
            state.record(record(1, BASE));
            state.record(windowed(2));
            state.record(windowed(3));
            state.record(new CommitRecord(4, ConfigLifecycle.SYSTEM_AUTHOR, DEADLINE.plusSeconds(4),
                "commit 3 was not confirmed by " + DEADLINE.plusSeconds(3) + ": rolled back to commit 2", Optional.empty(), temp,
                BASE + "# 2\n"));
            state.record(windowed(5));
            state.record(new CommitRecord(6, "bob", DEADLINE.plusSeconds(6), "rollback to commit 4", Optional.empty(), temp,
                BASE + "# 2\n"));
            state.record(windowed(7));
        }
        Files.writeString(root.resolve("confirmed"), "confirmed: 2\n");
        try (StateDirectory state = StateDirectory.open(root))
        {
            assertEquals(new ConfirmWindow(DEADLINE.plusSeconds(2), ConfirmWindow.State.CONFIRMED, Optional.empty(),
                OptionalLong.empty()), state.commit(2).orElseThrow().confirm().orElseThrow(), "the 'confirmed' file");
            assertEquals(new ConfirmWindow(DEADLINE.plusSeconds(3), ConfirmWindow.State.EXPIRED, Optional.empty(),
                OptionalLong.of(4)), state.commit(3).orElseThrow().confirm().orElseThrow(), "the router's rollback message");
            assertEquals(ConfirmWindow.State.UNKNOWN, state(state, 5), "confirmed or rolled back: not recorded");
            assertEquals(ConfirmWindow.State.PENDING, state(state, 7), "the running commit");
        }
    }

    @Test
    void shouldRefuseToOpenOverADamagedConfirmRecordNamingTheFile() throws IOException
    {
        final Path root = temp.resolve("state");
        try (StateDirectory state = StateDirectory.open(root))
        {
            state.record(record(1, BASE));
            state.record(windowed(2));
            state.record(record(3, BASE), Optional.of(new StateDirectory.WindowEnd(2, ConfirmWindow.State.ROLLED_BACK)));
        }
        final String text = Files.readString(commitFile(root, 3));
        Files.writeString(commitFile(root, 3), text.replace("ends-confirm: 2 rolled-back", "ends-confirm: 2 forgotten"));
        final IOException ex = assertThrows(IOException.class, () -> StateDirectory.open(root).close());
        assertTrue(ex.getMessage().contains("0000000003.commit is damaged: 'ends-confirm'"), ex.getMessage());
    }

    @Test
    void shouldIgnoreAndRemoveTemporaryFilesAnInterruptedWriteLeft() throws IOException
    {
        final Path root = temp.resolve("state");
        try (StateDirectory state = StateDirectory.open(root))
        {
            state.record(record(1, BASE));
        }
        // A crash before the rename: the next commit's bytes, whole or torn, under a temporary name.
        final Path whole = root.resolve("commits").resolve(".tmp-0000000002.commit-123-1");
        Files.copy(commitFile(root, 1), whole);
        final byte[] all = Files.readAllBytes(commitFile(root, 1));
        final Path torn = root.resolve("commits").resolve(".tmp-0000000002.commit-123-2");
        Files.write(torn, Arrays.copyOf(all, all.length / 2));
        final Path tornConfirm = root.resolve(".tmp-confirmed-123-3");
        Files.writeString(tornConfirm, "confir");

        try (StateDirectory state = StateDirectory.open(root))
        {
            assertEquals(1, state.latest().orElseThrow().number());
            assertEquals(BASE, state.latest().orElseThrow().document());
            assertEquals(1, state.commits().size());
            assertEquals(0, state.confirmed());
        }
        assertFalse(Files.exists(whole));
        assertFalse(Files.exists(torn));
        assertFalse(Files.exists(tornConfirm));
    }

    @Test
    void shouldRefuseToOpenOverADamagedCommitNamingTheFile() throws IOException
    {
        final Path root = temp.resolve("state");
        try (StateDirectory state = StateDirectory.open(root))
        {
            state.record(record(1, BASE));
        }
        // Not a torn write (those never reach this name) but a disk that lost bytes.
        final byte[] all = Files.readAllBytes(commitFile(root, 1));
        Files.write(commitFile(root, 1), Arrays.copyOf(all, all.length - 10));
        final IOException ex = assertThrows(IOException.class, () -> StateDirectory.open(root).close());
        assertTrue(ex.getMessage().contains("0000000001.commit is damaged"), ex.getMessage());

        Files.writeString(commitFile(root, 1), "garbage");
        assertThrows(IOException.class, () -> StateDirectory.open(root).close());
    }

    @Test
    void shouldLetOneWriterAtATimeOpenIt() throws IOException
    {
        final Path root = temp.resolve("state");
        try (StateDirectory first = StateDirectory.open(root))
        {
            final IOException ex = assertThrows(IOException.class, () -> StateDirectory.open(root).close());
            assertTrue(ex.getMessage().contains("already open"), ex.getMessage());
        }
        StateDirectory.open(root).close(); // released on close
    }

    @Test
    void shouldExcludeAWriterInAnotherProcess() throws Exception
    {
        final Path root = temp.resolve("state");
        try (StateDirectory first = StateDirectory.open(root))
        {
            // Another JVM: FileChannel.tryLock is an fcntl lock, held per process.
            final Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockProbe.class.getName(), root.toString())
                .redirectErrorStream(true).start();
            final String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(3, other.waitFor(), output);
            assertTrue(output.contains("in use by another process"), output);
        }
    }

    /** Run in a second JVM by {@link #shouldExcludeAWriterInAnotherProcess}. */
    public static final class LockProbe
    {
        public static void main(final String[] args)
        {
            try (StateDirectory state = StateDirectory.open(Path.of(args[0])))
            {
                System.exit(0);
            }
            catch (final IOException ex)
            {
                System.out.println(ex.getMessage());
                System.exit(3);
            }
        }
    }

    @Test
    void shouldPruneCommitsLeftOverByACrashBeforePruning() throws IOException
    {
        final Path root = temp.resolve("state");
        try (StateDirectory state = StateDirectory.open(root))
        {
            for (int i = 1; i <= 100; i++)
            {
                state.record(record(i, BASE + "# " + i + "\n"));
            }
        }
        // Commit 101 recorded, then a crash before commit 1 was deleted: 101 files.
        Files.copy(commitFile(root, 100), commitFile(root, 101));
        final String text = Files.readString(commitFile(root, 101)).replace("number: 100\n", "number: 101\n");
        Files.writeString(commitFile(root, 101), text);
        try (StateDirectory state = StateDirectory.open(root))
        {
            assertEquals(100, state.commits().size());
            assertEquals(2, state.commits().getFirst().number());
            assertEquals(101, state.latest().orElseThrow().number());
        }
        assertFalse(Files.exists(commitFile(root, 1)));
    }
}
