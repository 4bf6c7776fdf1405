package dev.claudebottle.store;

import dev.claudebottle.statejson.AuditLines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.testing.AuditLogContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditLogTest extends AuditLogContract {
    private static final BottleId DEMO = BottleId.of("demo");
    private static final Instant T0 = Instant.parse("2026-11-24T06:00:00Z");

    @TempDir
    Path home;

    @Override
    protected AuditLog newLog() {
        return FileStore.open(home).auditLog();
    }

    @Test
    void writesOneJsonLinePerEntryEndingInItsHash() throws Exception {
        AuditLog log = newLog();
        AuditRecord record = log.append(entry(DEMO, T0, AuditAction.SUBMITTED));

        List<String> lines = Files.readAllLines(logFile());
        assertThat(lines).singleElement().asString()
                .startsWith("{\"seq\":1,\"time\":\"2026-11-24T06:00:00Z\",\"action\":\"submitted\",\"bottle\":\"demo\"")
                .contains("\"prev\":\"" + AuditRecord.GENESIS + "\"")
                .endsWith(",\"hash\":\"" + record.hash() + "\"}");
    }

    @Test
    void detectsAnAlteredEntryAndNamesIt() throws Exception {
        AuditLog log = appended(3);
        List<String> lines = new ArrayList<>(Files.readAllLines(logFile()));
        lines.set(1, lines.get(1).replace("\"operator\":\"alice\"", "\"operator\":\"mallory\""));
        Files.write(logFile(), lines);

        assertThat(log.verify()).isEqualTo(new AuditVerification.Broken("bottles/demo/audit.jsonl:2", 2,
                "the entry does not match its hash (altered after it was written)"));
    }

    @Test
    void detectsARemovedEntry() throws Exception {
        AuditLog log = appended(3);
        List<String> lines = new ArrayList<>(Files.readAllLines(logFile()));
        lines.remove(1);
        Files.write(logFile(), lines);

        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, broken -> {
            assertThat(broken.location()).isEqualTo("bottles/demo/audit.jsonl:2");
            assertThat(broken.problem()).contains("sequence 3 where 2 was expected");
        });
    }

    @Test
    void detectsAnEntryRewrittenWithAFreshHash() throws Exception {
        AuditLog log = appended(3);
        List<String> lines = new ArrayList<>(Files.readAllLines(logFile()));
        AuditRecord original = new FileAuditLog(BottleDirectories.home(home)).read(Optional.of(DEMO)).records().get(1);
        String forged = new String(AuditLines.encode(2, entry(DEMO, T0, AuditAction.REJECTED), original.previousHash())
                .line(), StandardCharsets.UTF_8).strip();
        lines.set(1, forged);
        Files.write(logFile(), lines);

        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, broken -> {
            assertThat(broken.location()).isEqualTo("bottles/demo/audit.jsonl:3");
            assertThat(broken.problem()).contains("\"prev\" does not match the hash of entry 2");
        });
    }

    @Test
    void anUnfinishedFinalLineIsNotedNotCountedAndDroppedByTheNextAppend() throws Exception {
        AuditLog log = appended(2);
        Files.write(logFile(), "{\"seq\":3,\"time\":\"2026".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Intact.class, intact -> {
            assertThat(intact.entries()).isEqualTo(2);
            assertThat(intact.notes()).singleElement().asString().contains("unfinished final line");
        });

        AuditRecord third = log.append(entry(DEMO, T0.plusSeconds(9), AuditAction.APPLIED));
        assertThat(third.sequence()).isEqualTo(3);
        assertThat(log.verify()).isEqualTo(new AuditVerification.Intact(3, List.of()));
    }

    @Test
    void reportsAGarbledLineWhenReadingAndKeepsTheRest() throws Exception {
        AuditLog log = appended(3);
        List<String> lines = new ArrayList<>(Files.readAllLines(logFile()));
        lines.set(1, "garbage");
        Files.write(logFile(), lines);

        var listing = log.read(Optional.empty());
        assertThat(listing.records()).extracting(AuditRecord::sequence).containsExactly(1L, 3L);
        assertThat(listing.problems()).singleElement().satisfies(p ->
                assertThat(p.location()).isEqualTo("bottles/demo/audit.jsonl:2"));
    }

    private AuditLog appended(int count) {
        AuditLog log = newLog();
        for (int i = 0; i < count; i++) {
            log.append(entry(DEMO, T0.plusSeconds(i), AuditAction.SUBMITTED));
        }
        return log;
    }

    private Path logFile() {
        return home.resolve("bottles/demo/audit.jsonl");
    }
}
