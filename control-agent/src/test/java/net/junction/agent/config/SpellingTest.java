package net.junction.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SpellingTest {
    private static final List<String> PORT_KEYS =
        List.of("name", "device", "queues", "mtu", "mac", "addresses", "exception-path");

    @Test
    void shouldSuggestTheKeyOneEditAway() {
        assertEquals(Optional.of("addresses"), Spelling.closest("adresses", PORT_KEYS));
        assertEquals(Optional.of("queues"), Spelling.closest("queue", PORT_KEYS));
    }

    @Test
    void shouldTreatAnAdjacentSwapAsOneEdit() {
        assertEquals(Optional.of("mtu"), Spelling.closest("mut", PORT_KEYS));
        assertEquals(1, Spelling.editDistance("mut", "mtu"));
    }

    @Test
    void shouldIgnoreCaseAndUnderscores() {
        assertEquals(Optional.of("exception-path"), Spelling.closest("Exception_Path", PORT_KEYS));
        assertEquals(Optional.of("mtu"), Spelling.closest("MTU", PORT_KEYS));
    }

    @Test
    void shouldNotSuggestWhenNothingIsClose() {
        assertEquals(Optional.empty(), Spelling.closest("speed", PORT_KEYS));
        assertEquals(Optional.empty(), Spelling.closest("vlan", PORT_KEYS));
    }
}
