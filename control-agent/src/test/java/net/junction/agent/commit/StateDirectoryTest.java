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
            state.recordConfirmed(1);
            state.saveCandidate(new Candidate("draft", 1, "bob", Instant.EPOCH, "name: x\n"));
        }
        try (Stream<Path> files = Files.walk(root))
        {
            assertEquals(List.of("candidates", "candidates/draft.candidate", "commits", "commits/0000000001.commit", "confirmed",
                "lock"), files.filter(f -> !f.equals(root)).map(f -> root.relativize(f).toString()).sorted().toList());
        }
        final String text = Files.readString(commitFile(root, 1));
        assertTrue(text.startsWith("junction-commit 1\nnumber: 1\nauthor: alice\ntime: 2026-12-05T09:00:01Z\n"), text);
        assertTrue(text.endsWith("\n\n" + BASE), text);
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
