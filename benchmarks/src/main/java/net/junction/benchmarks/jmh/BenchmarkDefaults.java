/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.jmh;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every JMH benchmark of Junction inherits (JMH reads these annotations from superclasses):
 * one fork with a fixed heap, and a short run: 2 warm-up and 3 measured iterations of 1 s. That is a
 * smoke run on a shared 2-CPU machine; for figures worth recording pass e.g. {@code -f 3 -wi 5 -i 10}
 * to {@code ./junction bench jmh}.
 *
 * <p>The project's JVM flags (jvm.properties at the repository root, their one place) are not
 * repeated here: {@code benchmarks/scripts/bench-jmh.sh} starts JMH with them, and a fork inherits
 * its parent's JVM options (JMH's default), then appends these. Extra JVM options go in
 * {@code -jvmArgsPrepend}: {@code -jvmArgsAppend} on the command line replaces the ones below.
 */
@Fork(value = 1, jvmArgsAppend = {
    // JMH 1.37 itself calls sun.misc.Unsafe (JDK 25 warns once per fork otherwise)
    "--sun-misc-unsafe-memory-access=allow",
    "-Xms1g", "-Xmx4g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
abstract class BenchmarkDefaults
{
}
