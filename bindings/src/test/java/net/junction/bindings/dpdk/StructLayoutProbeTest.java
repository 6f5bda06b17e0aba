package net.junction.bindings.dpdk;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Proves the hand-written offsets, sizes, bit positions and macro values against the DPDK
 * headers installed on this machine: compiles {@code src/test/c/struct_probe.c} with gcc and
 * {@code pkg-config --cflags libdpdk}, runs it, and compares every line with the Java constant
 * annotated with the same {@link NativeConstant} key, in both directions.
 */
class StructLayoutProbeTest
{
    private static final List<Class<?>> BINDING_CLASSES = List.of(
        Dpdk.class, RteMbuf.class, RteEtherAddr.class, RteEthStats.class, RteEthLink.class, RteEthDevInfo.class,
        RteEthConf.class, RteEthRssConf.class, RteEthXstat.class, RteEthXstatName.class);

    private static final Map<String, StructLayout> LAYOUTS = Map.of(
        "rte_mbuf", RteMbuf.LAYOUT,
        "rte_ether_addr", RteEtherAddr.LAYOUT,
        "rte_eth_stats", RteEthStats.LAYOUT,
        "rte_eth_link", RteEthLink.LAYOUT,
        "rte_eth_dev_info", RteEthDevInfo.LAYOUT,
        "rte_eth_conf", RteEthConf.LAYOUT,
        "rte_eth_rss_conf", RteEthRssConf.LAYOUT,
        "rte_eth_xstat", RteEthXstat.LAYOUT,
        "rte_eth_xstat_name", RteEthXstatName.LAYOUT);

    private static Map<String, String> probe;

    @BeforeAll
    static void runProbe() throws IOException, InterruptedException
    {
        final Path basedir = Path.of(System.getProperty("basedir", "."));
        final Path source = basedir.resolve("src/test/c/struct_probe.c");
        final Path outputDir = Files.createDirectories(basedir.resolve("target/struct-probe"));
        final Path binary = outputDir.resolve("struct_probe");
        exec(List.of("sh", "-c", "gcc -O0 -Wall -Werror $(pkg-config --cflags libdpdk) -o \"$1\" \"$2\"",
            "compile-probe", binary.toString(), source.toString()));
        probe = new TreeMap<>();
        for (final String line : exec(List.of(binary.toString())).split("\n"))
        {
            final String[] parts = line.strip().split(" ");
            assertEquals(2, parts.length, () -> "probe line not 'key value': " + line);
            probe.put(parts[0], parts[1]);
        }
    }

    @Test
    void shouldMatchEveryAnnotatedConstantWithTheInstalledHeaders() throws IllegalAccessException
    {
        final Map<String, Field> javaConstants = annotatedConstants();
        assertEquals(new TreeSet<>(probe.keySet()), new TreeSet<>(javaConstants.keySet()),
            "the probe and the Java bindings must cover the same C values");

        final List<Executable> checks = new ArrayList<>();
        for (final Map.Entry<String, Field> entry : javaConstants.entrySet())
        {
            final String key = entry.getKey();
            final Field field = entry.getValue();
            final Number javaValue = (Number)field.get(null);
            final String cValue = probe.get(key);
            checks.add(() -> assertTrue(sameValue(cValue, javaValue, field.getType()),
                () -> key + ": C says " + cValue + ", " + field.getDeclaringClass().getSimpleName() + "." +
                    field.getName() + " says " + javaValue));
        }
        assertAll(checks);
    }

    @Test
    void shouldAnnotateEveryOffsetSizeAndBitConstant()
    {
        final List<String> unannotated = new ArrayList<>();
        for (final Class<?> type : BINDING_CLASSES)
        {
            for (final Field field : type.getDeclaredFields())
            {
                final String name = field.getName();
                final boolean layoutConstant = name.endsWith("_OFFSET") || name.endsWith("_BIT") ||
                    "SIZEOF".equals(name) || "ALIGNOF".equals(name) || name.startsWith("RTE_");
                if (isConstant(field) && layoutConstant && null == field.getAnnotation(NativeConstant.class))
                {
                    unannotated.add(type.getSimpleName() + "." + name);
                }
            }
        }
        assertEquals(List.of(), unannotated, "constants that the probe does not check");
    }

    @Test
    void shouldGiveEveryLayoutTheSizeAndAlignmentOfItsCStruct()
    {
        final List<Executable> checks = new ArrayList<>();
        LAYOUTS.forEach((struct, layout) ->
        {
            checks.add(() -> assertEquals(Long.parseLong(probe.get(struct + ".sizeof")), layout.byteSize(), struct + " size"));
            final String alignof = probe.get(struct + ".alignof");
            if (null != alignof)
            {
                checks.add(() -> assertEquals(Long.parseLong(alignof), layout.byteAlignment(), struct + " alignment"));
            }
            checks.add(() -> assertEquals(struct, layout.name().orElseThrow()));
        });
        assertAll(checks);
    }

    private static Map<String, Field> annotatedConstants()
    {
        final Map<String, Field> constants = new TreeMap<>();
        for (final Class<?> type : BINDING_CLASSES)
        {
            for (final Field field : type.getDeclaredFields())
            {
                final NativeConstant annotation = field.getAnnotation(NativeConstant.class);
                if (null != annotation)
                {
                    assertTrue(isConstant(field), () -> field + " is annotated but not a public static final number");
                    final Field previous = constants.put(annotation.value(), field);
                    assertEquals(null, previous, () -> annotation.value() + " annotated twice: " + previous + ", " + field);
                }
            }
        }
        return constants;
    }

    private static boolean isConstant(final Field field)
    {
        final int modifiers = field.getModifiers();
        return Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) &&
            (int.class == field.getType() || long.class == field.getType());
    }

    /** C prints unsigned values unsigned; an {@code int} constant may hold a {@code uint32_t} such as UINT32_MAX. */
    private static boolean sameValue(final String cValue, final Number javaValue, final Class<?> javaType)
    {
        final long c = cValue.startsWith("-") ? Long.parseLong(cValue) : Long.parseUnsignedLong(cValue);
        if (long.class == javaType)
        {
            return c == javaValue.longValue();
        }
        final int value = javaValue.intValue();
        return c == value || c == Integer.toUnsignedLong(value);
    }

    private static String exec(final List<String> command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), () -> command + " did not finish");
        assertEquals(0, process.exitValue(), () -> command + " failed:\n" + output);
        return output;
    }
}
