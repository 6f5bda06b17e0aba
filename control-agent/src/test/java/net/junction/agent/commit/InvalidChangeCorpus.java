/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The corpus of invalid changes ({@code src/test/resources/invalid-changes/}, described in its
 * README.md): a base configuration every case starts from, and one file per case giving the
 * change, the field the refusal must name and the reason it must carry. This class turns each case
 * into the full candidate document, so the same corpus can be committed through
 * {@link ConfigLifecycle#commit} (InvalidChangeCorpusTest) or posted to a live router's API:
 *
 * <pre>{@code
 * InvalidChangeCorpus corpus = InvalidChangeCorpus.load();
 * // commit corpus.base() first (or run the router with it), then for each case:
 * for (InvalidChangeCorpus.Case c : corpus.cases()) {
 *     // POST /v1/commits {"document": c.document(), "base_version": running, "message": c.what()}
 *     // expect 422 with "reason": c.problemType() and an errors[] entry whose field is c.field()
 *     // (and whose message contains c.message(), when given); GET /v1/config unchanged, same ETag.
 * }
 * }</pre>
 *
 * Documents may name files of the corpus folder as {@value #CORPUS_PLACEHOLDER} (routes files):
 * the loader writes the folder's absolute path there, in documents and expected fields alike, so a
 * router on the same machine reads the same files.
 */
public final class InvalidChangeCorpus
{
    /** The corpus folder on the test class path. */
    public static final String RESOURCE = "/invalid-changes";
    /** Replaced by the corpus folder's absolute path in documents and fields. */
    public static final String CORPUS_PLACEHOLDER = "${corpus}";
    /** The base must be valid with this many CPUs (cores are checked against the machine otherwise). */
    public static final int CPUS = 4;

    private static final Set<String> CASE_KEYS = Set.of("what", "field", "reason", "message", "only", "replace", "append",
        "document");

    private final Path directory;
    private final String base;
    private final List<Case> cases;

    /**
     * One invalid change.
     *
     * @param id       the case file's name without {@code .yaml} (numbered, so they sort in order).
     * @param what     what is wrong, in words (used as the commit message).
     * @param document the whole candidate document: the base with the change made.
     * @param field    the field path the refusal must name: some problem is {@code FIELD: text}.
     * @param reason   {@link CommitRefusedException.Reason#INVALID} or {@link CommitRefusedException.Reason#RESTART_REQUIRED}.
     * @param message  a piece of that problem's text, or empty to check the field only.
     * @param only     the refusal must hold that problem and no other (no follow-on of it).
     */
    public record Case(String id, String what, String document, String field, CommitRefusedException.Reason reason,
        Optional<String> message, boolean only)
    {
        /** The RFC 9457 problem's {@code reason} the API answers with (docs/api.md): {@code invalid}, {@code restart-required}. */
        public String problemType()
        {
            return reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** True when {@code problem} (one line of a refusal, {@code FIELD: text}) is about this case's field, with its message. */
        public boolean matches(final String problem)
        {
            return problem.startsWith(field + ": ") && message.map(problem::contains).orElse(true);
        }

        @Override
        public String toString()
        {
            return id + " (" + what + ")";
        }
    }

    private InvalidChangeCorpus(final Path directory, final String base, final List<Case> cases)
    {
        this.directory = directory;
        this.base = base;
        this.cases = cases;
    }

    /** The corpus from the test class path ({@value #RESOURCE}). */
    public static InvalidChangeCorpus load()
    {
        final URL url = InvalidChangeCorpus.class.getResource(RESOURCE + "/base.yaml");
        if (null == url)
        {
            throw new IllegalStateException("no " + RESOURCE + "/base.yaml on the test class path");
        }
        try
        {
            return load(Path.of(url.toURI()).getParent());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** The corpus in {@code directory}: {@code base.yaml} and {@code cases/*.yaml}. */
    public static InvalidChangeCorpus load(final Path directory)
    {
        final Path dir = directory.toAbsolutePath().normalize();
        try
        {
            final String base = Files.readString(dir.resolve("base.yaml"), StandardCharsets.UTF_8);
            final List<Case> cases = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir.resolve("cases")))
            {
                for (final Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList())
                {
                    cases.add(read(dir, base, file));
                }
            }
            return new InvalidChangeCorpus(dir, base, List.copyOf(cases));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the invalid-change corpus in " + dir, ex);
        }
    }

    /** The corpus folder (routes files the cases name live here). */
    public Path directory()
    {
        return directory;
    }

    /** The running configuration every case changes. */
    public String base()
    {
        return base;
    }

    public List<Case> cases()
    {
        return cases;
    }

    private static Case read(final Path dir, final String base, final Path file) throws IOException
    {
        final String name = file.getFileName().toString();
        final String id = name.substring(0, name.length() - ".yaml".length());
        final Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        if (!(parsed instanceof Map<?, ?> map))
        {
            throw new IllegalArgumentException(file + ": expected a mapping");
        }
        for (final Object key : map.keySet())
        {
            if (!CASE_KEYS.contains(String.valueOf(key)))
            {
                throw new IllegalArgumentException(file + ": unknown key '" + key + "'; expected " + CASE_KEYS);
            }
        }
        final String corpus = dir.toString();
        final String what = text(file, map, "what");
        final String field = text(file, map, "field").replace(CORPUS_PLACEHOLDER, corpus);
        final CommitRefusedException.Reason reason = CommitRefusedException.Reason.valueOf(text(file, map, "reason"));
        if (CommitRefusedException.Reason.INVALID != reason && CommitRefusedException.Reason.RESTART_REQUIRED != reason)
        {
            throw new IllegalArgumentException(file + ": reason is INVALID or RESTART_REQUIRED, not " + reason);
        }
        final Optional<String> message = Optional.ofNullable(map.get("message")).map(String::valueOf);
        final Object only = map.containsKey("only") ? map.get("only") : Boolean.FALSE;
        if (!(only instanceof Boolean))
        {
            throw new IllegalArgumentException(file + ": only is true or false, not '" + only + "'");
        }
        final String document;
        if (map.containsKey("document"))
        {
            if (map.containsKey("replace") || map.containsKey("append"))
            {
                throw new IllegalArgumentException(file + ": a case gives either 'document' or 'replace'/'append'");
            }
            document = text(file, map, "document");
        }
        else
        {
            document = change(file, base, map);
        }
        return new Case(id, what, document.replace(CORPUS_PLACEHOLDER, corpus), field, reason, message, (Boolean)only);
    }

    /** The base with each {@code replace: [FROM, TO]} made (FROM must occur exactly once), then {@code append}. */
    private static String change(final Path file, final String base, final Map<?, ?> map)
    {
        String document = base;
        if (map.get("replace") instanceof List<?> replacements)
        {
            for (final Object replacement : replacements)
            {
                if (!(replacement instanceof List<?> pair) || 2 != pair.size())
                {
                    throw new IllegalArgumentException(file + ": each replace entry is [FROM, TO], got " + replacement);
                }
                final String from = String.valueOf(pair.get(0));
                final int at = document.indexOf(from);
                if (at < 0 || document.indexOf(from, at + 1) >= 0)
                {
                    throw new IllegalArgumentException(file + ": '" + from + "' must occur exactly once in the document, " +
                        (at < 0 ? "it does not occur" : "it occurs more than once"));
                }
                document = document.substring(0, at) + pair.get(1) + document.substring(at + from.length());
            }
        }
        else if (map.containsKey("replace"))
        {
            throw new IllegalArgumentException(file + ": replace is a list of [FROM, TO] pairs");
        }
        if (map.containsKey("append"))
        {
            document = document + text(file, map, "append");
        }
        if (document.equals(base))
        {
            throw new IllegalArgumentException(file + ": the case changes nothing");
        }
        return document;
    }

    private static String text(final Path file, final Map<?, ?> map, final String key)
    {
        final Object value = map.get(key);
        if (null == value)
        {
            throw new IllegalArgumentException(file + ": '" + key + "' is required");
        }
        return String.valueOf(value);
    }
}
