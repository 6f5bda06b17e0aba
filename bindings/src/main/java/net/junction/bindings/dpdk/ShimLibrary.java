package net.junction.bindings.dpdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads {@code libjunction_shim.so} once per JVM and resolves symbols through it.
 *
 * <p>Where the library comes from: the system property {@value #PATH_PROPERTY} if set (a
 * development build, or a deployment whose {@code /tmp} is {@code noexec}); otherwise the
 * {@value #RESOURCE} resource of the jar, copied to a temporary file because {@code dlopen}
 * needs a path.
 *
 * <p>Why one lookup serves both the shim and DPDK: the shim is linked with the DPDK libraries
 * as {@code DT_NEEDED}, and {@code dlsym} on a library handle searches that library's
 * dependency tree, so {@code rte_eth_dev_configure} is found through the shim's handle
 * without a second, version-guessing {@code dlopen("librte_ethdev.so.23")}.
 *
 * <p>On load it checks the shim's ABI fingerprint (DPDK version and {@code sizeof(struct
 * rte_mbuf)} it was compiled against) against the Java constants, so bindings and shim built
 * against different DPDK releases fail at start-up instead of corrupting mbufs.
 */
@SuppressWarnings("restricted") // loading and linking the native library is this class's job
final class ShimLibrary
{
    static final String PATH_PROPERTY = "junction.shim.path";
    static final String RESOURCE = "/native/libjunction_shim.so";

    static final Path PATH = locate();
    static final SymbolLookup SYMBOLS = SymbolLookup.libraryLookup(PATH, Arena.global());

    static
    {
        verifyAbi();
    }

    private ShimLibrary()
    {
    }

    static MemorySegment find(final String name)
    {
        return SYMBOLS.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
            "symbol " + name + " not found in " + PATH + " nor in the DPDK libraries it links"));
    }

    private static Path locate()
    {
        final String configured = System.getProperty(PATH_PROPERTY);
        if (null != configured && !configured.isBlank())
        {
            final Path path = Path.of(configured).toAbsolutePath();
            if (!Files.isRegularFile(path))
            {
                throw new UnsatisfiedLinkError(PATH_PROPERTY + "=" + configured + " is not a file");
            }
            return path;
        }

        try (InputStream in = ShimLibrary.class.getResourceAsStream(RESOURCE))
        {
            if (null == in)
            {
                throw new UnsatisfiedLinkError(
                    "resource " + RESOURCE + " is not on the classpath (the bindings jar is built by " +
                    "bindings/src/main/c/build-shim.sh) and -D" + PATH_PROPERTY + " is not set");
            }
            final Path extracted = Files.createTempFile("libjunction_shim-", ".so");
            extracted.toFile().deleteOnExit();
            Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
            return extracted;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot extract " + RESOURCE + " to a temporary file", ex);
        }
    }

    private static void verifyAbi()
    {
        final int year = callIntNoArgs("jn_dpdk_version_year");
        final int month = callIntNoArgs("jn_dpdk_version_month");
        final int mbufSize = callIntNoArgs("jn_sizeof_mbuf");
        if (year != Dpdk.RTE_VER_YEAR || month != Dpdk.RTE_VER_MONTH || mbufSize != RteMbuf.SIZEOF)
        {
            throw new IllegalStateException(String.format(
                "%s was built against DPDK %d.%02d (sizeof(struct rte_mbuf) = %d), but these bindings " +
                "describe DPDK %d.%02d (%d): rebuild the bindings against the installed DPDK",
                PATH, year, month, mbufSize, Dpdk.RTE_VER_YEAR, Dpdk.RTE_VER_MONTH, RteMbuf.SIZEOF));
        }
    }

    private static int callIntNoArgs(final String name)
    {
        final MethodHandle handle = Linker.nativeLinker()
            .downcallHandle(find(name), FunctionDescriptor.of(ValueLayout.JAVA_INT));
        try
        {
            return (int)handle.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("unreachable: " + name, ex);
        }
    }
}
