package net.junction.bindings.dpdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the C value a hand-written Java constant mirrors, in the key format the struct probe
 * ({@code src/test/c/struct_probe.c}) prints: {@code struct.field} for an offset,
 * {@code struct.sizeof}, {@code struct.field.bit} for a bit position, or the macro's name.
 *
 * <p>Why: offsets are written by hand (no jextract at build time), so each one says which C
 * expression it must equal, and {@code StructLayoutProbeTest} compiles the probe against the
 * installed headers and checks every annotated constant, in both directions.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface NativeConstant
{
    /** The probe key, for example {@code "rte_mbuf.data_off"} or {@code "RTE_PKTMBUF_HEADROOM"}. */
    String value();
}
