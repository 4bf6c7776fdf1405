package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLogTest {
    @TempDir
    Path dir;

    private static DecisionLog.Entry entry(String path) {
        return new DecisionLog.Entry("api.github.com", 443, "GET", path, true, "allowed", Optional.of("api.github.com:443"), 3,
                Optional.of("a".repeat(64)), true);
    }

    @Test
    void writesOneJsonLinePerDecisionWithoutTheQuery() throws Exception {
        Path file = dir.resolve("d.jsonl");
        try (DecisionLog log = DecisionLog.open(Optional.of(file), Clock.systemUTC())) {
            log.record(entry("/user?access_token=abc"));
        }
        var line = ProxyHarness.JSON.readTree(Files.readAllLines(file).get(0));
        assertThat(line.get("path").asText()).isEqualTo("/user");
        assertThat(line.get("verdict").asText()).isEqualTo("allow");
        assertThat(line.get("generation").asLong()).isEqualTo(3);
        assertThat(Files.readString(file)).doesNotContain("access_token");
    }

    @Test
    void eachLineIsExactlyTheJsonObjectOfTheDecisionInFieldOrderWhateverTheStringsHold() throws Exception {
        Path file = dir.resolve("d.jsonl");
        Instant now = Instant.parse("2026-12-03T01:59:21.070100Z");
        String nasty = "/a\"b\\c\n\r\t\u0001\u001f\u2028\u2029é😀";
        var denied = new DecisionLog.Entry("h\"ost", 8443, "PO\u0000ST", nasty + "?q=secret", false, "no-route: \"x\"",
                Optional.empty(), 0, Optional.empty(), false);
        try (DecisionLog log = DecisionLog.open(Optional.of(file), Clock.fixed(now, ZoneOffset.UTC))) {
            log.record(denied);
            log.record(entry("/ok"));
        }
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("time", now.toString());
        first.put("host", "h\"ost");
        first.put("port", 8443);
        first.put("method", "PO\u0000ST");
        first.put("path", nasty);
        first.put("verdict", "deny");
        first.put("reason", "no-route: \"x\"");
        first.put("route", null);
        first.put("generation", 0L);
        first.put("routes_sha256", null);
        first.put("tls", false);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(JsonText.object(first));
        var parsed = ProxyHarness.JSON.readTree(lines.get(0));
        assertThat(parsed.get("path").asText()).isEqualTo(nasty);
        assertThat(parsed.get("route").isNull()).isTrue();
        var second = ProxyHarness.JSON.readTree(lines.get(1));
        assertThat(second.get("route").asText()).isEqualTo("api.github.com:443");
        assertThat(second.get("routes_sha256").asText()).isEqualTo("a".repeat(64));
        assertThat(second.get("tls").asBoolean()).isTrue();
        assertThat(Files.readString(file)).doesNotContain("secret").endsWith(System.lineSeparator());
    }

    @Test
    void reopenLeavesARotatedFileAloneAndStartsAFreshOne() throws Exception {
        Path file = dir.resolve("d.jsonl");
        try (DecisionLog log = DecisionLog.open(Optional.of(file), Clock.systemUTC())) {
            log.record(entry("/one"));
            Files.move(file, dir.resolve("d.jsonl.1"));
            log.reopen();
            log.record(entry("/two"));
        }
        assertThat(Files.readAllLines(dir.resolve("d.jsonl.1"))).singleElement().asString().contains("/one");
        assertThat(Files.readAllLines(file)).singleElement().asString().contains("/two");
    }

    @Test
    void aLogFileItCreatesIsOwnerOnlyAlsoAfterReopen() throws Exception {
        Path file = dir.resolve("d.jsonl");
        try (DecisionLog log = DecisionLog.open(Optional.of(file), Clock.systemUTC())) {
            log.record(entry("/one"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            Files.move(file, dir.resolve("d.jsonl.1"));
            log.reopen();
            log.record(entry("/two"));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
