package net.junction.bindings;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What {@link Eal} refuses before DPDK sees it: arguments that would end the JVM. */
class EalArgumentsTest
{
    @Test
    void shouldRefuseTheHelpOptionInEverySpellingGetoptAccepts()
    {
        for (final String help : List.of("-h", "--help", "--hel", "--he", "-vh", "-vvh", "--help=x"))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Eal.validateArguments(List.of("-l", "0", help)), help);
            assertTrue(ex.getMessage().contains("exit"), ex.getMessage());
        }
    }

    @Test
    void shouldAcceptOrdinaryArgumentsIncludingOnesThatMerelyContainAnH()
    {
        assertDoesNotThrow(() -> Eal.validateArguments(List.of(
            "-l", "0", "--no-huge", "-m", "256", "--no-pci", "--huge-dir=/mnt/huge", "--vdev=net_pcap0,rx_pcap=/tmp/h.pcap",
            "-a", "0000:00:04.0", "-dh", "--file-prefix=h", "-v", "--h")));
    }

    @Test
    void shouldRefuseNullsAndNulCharacters()
    {
        assertThrows(NullPointerException.class, () -> Eal.validateArguments(null));
        assertThrows(IllegalArgumentException.class, () -> Eal.validateArguments(Arrays.asList("-l", null)));
        assertThrows(IllegalArgumentException.class, () -> Eal.validateArguments(List.of("--vdev=net_ring0\0")));
    }

    @Test
    void shouldRefuseBeforeTouchingDpdk()
    {
        assertThrows(IllegalArgumentException.class, () -> Eal.init(List.of("--help")));
        assertFalse(Eal.isInitialized());
    }
}
