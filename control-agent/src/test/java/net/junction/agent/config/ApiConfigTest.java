/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import net.junction.agent.commit.RestartRules;
import net.junction.agent.config.diff.ConfigDiffer;
import net.junction.agent.config.diff.ObjectKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code api:} and {@code metrics:} sections: read, checked, diffed, and not changeable live. */
class ApiConfigTest
{
    private static final String BASE = """
        name: lab
        cores: [1]
        ports:
          - {name: p0, device: net_af_packet0, addresses: [198.18.1.1/24]}
        """;

    @TempDir
    Path temp;

    private JunctionConfig parse(final String more) throws ConfigException
    {
        return ConfigLoader.parse(BASE + more, 4, temp);
    }

    private List<String> problems(final String more)
    {
        return assertThrows(ConfigException.class, () -> parse(more)).problems();
    }

    @Test
    void shouldDefaultToTheSocketOnlyAndNoMetrics() throws Exception
    {
        final JunctionConfig config = parse("");
        assertEquals(ApiConfig.DEFAULTS, config.api());
        assertEquals(MetricsConfig.DEFAULTS, config.metrics());
    }

    @Test
    void shouldReadListenersAndTlsFilesRelativeToTheConfig() throws Exception
    {
        Files.writeString(temp.resolve("cert.pem"), "x");
        Files.writeString(temp.resolve("key.pem"), "x");
        final JunctionConfig config = parse("""
            api:
              socket: false
              listen: "[2001:db8::1]:8443"
              tls: {certificate: cert.pem, key: key.pem}
            metrics:
              listen: 198.18.1.1:9100
            """);
        assertEquals(false, config.api().socket());
        assertEquals(8443, config.api().listen().orElseThrow().getPort());
        assertEquals(temp.resolve("cert.pem"), config.api().tls().orElseThrow().certificate());
        assertEquals(new InetSocketAddress("198.18.1.1", 9100), config.metrics().listen().orElseThrow());
        assertEquals(Optional.empty(), parse("api: {listen: 127.0.0.1:8080}").api().tls(), "plain HTTP on loopback");
    }

    @Test
    void shouldNameTheFieldOfEveryBadSetting()
    {
        assertEquals(List.of("api.tls: required when 'listen' is not a loopback address: bearer tokens must not cross a " +
            "network in clear text"), problems("api: {listen: 198.18.1.1:8443}"));
        assertTrue(problems("api: {listen: 198.18.1.1}").getFirst().startsWith("api.listen: '198.18.1.1' is not ADDRESS:PORT"));
        assertTrue(problems("api: {listen: 198.18.1.1:70000}").getFirst().startsWith("api.listen: "));
        assertTrue(problems("api: {listen: host.example:80}").getFirst().startsWith("api.listen: "));
        assertTrue(problems("api: {listen: 198.18.1.1:443, tls: {certificate: none.pem, key: none.pem}}").stream()
            .anyMatch(p -> p.startsWith("api.tls.certificate: ") && p.endsWith("is not a readable file")));
        assertTrue(problems("api: {listen: 198.18.1.1:443, tls: {certificate: a.pem}}").contains(
            "api.tls.key: required (a PEM file: the private key, PKCS#8)"));
        assertTrue(problems("api: {socket: false}").getFirst().startsWith("api.socket: "));
        assertTrue(problems("api: {sockett: true}").getFirst().startsWith("api.sockett: unknown key, did you mean 'socket'?"));
        assertTrue(problems("api: {socket: yes please}").getFirst().startsWith("api.socket: "));
        assertTrue(problems("metrics: {}").getFirst().startsWith("metrics.listen: required"));
        assertTrue(problems("metrics: {listen: ':9100'}").getFirst().startsWith("metrics.listen: "));
    }

    @Test
    void shouldRefuseToChangeListenersLiveAndShowTheChange() throws Exception
    {
        final JunctionConfig before = parse("");
        final JunctionConfig after = parse("api: {listen: 127.0.0.1:8080}\nmetrics: {listen: 127.0.0.1:9100}\n");
        final List<String> restart = RestartRules.check(before, after);
        assertEquals(2, restart.size(), restart.toString());
        assertTrue(restart.get(0).startsWith("api: "), restart.get(0));
        assertTrue(restart.get(1).startsWith("metrics.listen: none -> 127.0.0.1:9100"), restart.get(1));
        final var diff = ConfigDiffer.diff("a", before, "b", after, "before", "after");
        assertTrue(diff.change(ObjectKind.API, "api").orElseThrow().changes("listen"));
        assertTrue(diff.change(ObjectKind.METRICS, "metrics").orElseThrow().changes("listen"));
        assertTrue(RestartRules.check(before, parse("")).isEmpty());
        assertTrue(ConfigDiffer.diff("", null, "a", before, "none", "first").change(ObjectKind.API, "api").isEmpty(),
            "a first configuration with the default api shows no api change");
        assertTrue(ConfigDiffer.diff("", null, "b", after, "none", "first").change(ObjectKind.API, "api").isPresent());
    }

    @Test
    void shouldReadAndWriteListenAddresses()
    {
        assertEquals("198.18.0.1:8443", ListenAddress.format(ListenAddress.parse("198.18.0.1:8443").orElseThrow()));
        assertEquals(8443, ListenAddress.parse("[2001:db8::1]:8443").orElseThrow().getPort());
        assertEquals(Optional.empty(), ListenAddress.parse("2001:db8::1:8443"));
        assertEquals(Optional.empty(), ListenAddress.parse("198.18.0.1:0"));
        assertEquals(Optional.empty(), ListenAddress.parse("[2001:db8::1]"));
    }
}
