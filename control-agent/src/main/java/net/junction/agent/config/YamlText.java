/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.util.Optional;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns YAML text into plain Java values (maps, lists, strings, integers, booleans) and never into
 * other classes: SnakeYAML's {@link SafeConstructor} builds standard types only, and a tag naming a
 * class is an error.
 * <p>
 * Plain scalars are typed by a narrower resolver than YAML 1.1's: only {@code true}/{@code false},
 * decimal integers and {@code null}/{@code ~}/nothing get a type, everything else stays a string.
 * YAML 1.1 would read {@code 12:00:00:00:00:01} (a MAC) and {@code 2001:0:0:0:0:0:0:1} (an IPv6
 * address) as base-60 integers, {@code on}/{@code off}/{@code yes}/{@code no} as booleans and
 * {@code 1.10} as a float; in a router's configuration each of those is a silent corruption.
 */
final class YamlText
{
    /** Well beyond any router's configuration; bounds the work an accidental or hostile file can cause. */
    private static final int MAX_CODE_POINTS = 1 << 20;
    private static final int MAX_ALIASES = 50;

    private static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
    private static final Pattern DECIMAL_INT = Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$");
    private static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL)$");

    private YamlText()
    {
    }

    /**
     * The single document in {@code text} as plain values. Empty when there is no document or it is
     * null (an empty or comment-only file), and when the text is not YAML, in which case the
     * problem, with its line and column, has been added to {@code problems}.
     */
    static Optional<Object> read(final String text, final Problems problems)
    {
        final LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setCodePointLimit(MAX_CODE_POINTS);
        final DumperOptions unused = new DumperOptions();
        final Yaml yaml = new Yaml(
            new SafeConstructor(options), new Representer(unused), unused, options, new StrictResolver());
        try
        {
            return Optional.ofNullable(yaml.load(text));
        }
        catch (final MarkedYAMLException ex)
        {
            problems.add(where(ex), what(ex));
        }
        catch (final YAMLException ex)
        {
            problems.add("top level", "not valid YAML: " + ex.getMessage());
        }
        return Optional.empty();
    }

    private static String where(final MarkedYAMLException ex)
    {
        final Mark mark = null != ex.getProblemMark() ? ex.getProblemMark() : ex.getContextMark();
        return null == mark ? "top level" : at(mark);
    }

    private static String what(final MarkedYAMLException ex)
    {
        final String problem = null != ex.getProblem() ? ex.getProblem() : "unreadable";
        // SnakeYAML names indentation mistakes by its parser's tokens, "expected <block end>, but found ...".
        final String hint = problem.contains("<block") ? "; check the indentation" : "";
        if (null == ex.getContext())
        {
            return "not valid YAML: " + problem + hint;
        }
        final String context = null == ex.getContextMark() || ex.getContextMark() == ex.getProblemMark() ?
            ex.getContext() : ex.getContext() + " at " + at(ex.getContextMark());
        return "not valid YAML: " + problem + " (" + context + ")" + hint;
    }

    private static String at(final Mark mark)
    {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /** YAML 1.2 core-schema typing for the scalars a configuration uses; see the class comment. */
    private static final class StrictResolver extends Resolver
    {
        @Override
        protected void addImplicitResolvers()
        {
            addImplicitResolver(Tag.BOOL, BOOL, "tTfF", 10);
            addImplicitResolver(Tag.INT, DECIMAL_INT, "-+0123456789");
            addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
            addImplicitResolver(Tag.NULL, NULL, "~nN", 10);
            addImplicitResolver(Tag.NULL, EMPTY, null, 10);
        }
    }
}
