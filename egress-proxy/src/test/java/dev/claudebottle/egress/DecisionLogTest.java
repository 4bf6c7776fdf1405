package dev.claudebottle.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
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
