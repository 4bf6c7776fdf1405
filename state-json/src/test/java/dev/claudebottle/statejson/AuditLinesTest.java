package dev.claudebottle.statejson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.testing.AuditLogContract;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditLinesTest {
    private static final Instant T0 = Instant.parse("2026-11-24T06:00:00Z");
    private static final AuditEntry FULL = AuditLogContract.entry(BottleId.of("demo"), T0, AuditAction.APPROVED);

    @Test
    void readsBackEveryFieldAndTheChain() {
        String line = AuditLines.encode(7, FULL, "a".repeat(64)).text();
        AuditRecord record = AuditLines.decode(line);

        assertThat(record.entry()).isEqualTo(FULL);
        assertThat(record.sequence()).isEqualTo(7);
        assertThat(record.previousHash()).isEqualTo("a".repeat(64));
        assertThat(line).endsWith("\"hash\":\"" + record.hash() + "\"}");
    }

    @Test
    void theStoredTextIsTheLineWithoutItsNewlineAndBothReadTheSame() {
        AuditLines.Encoded encoded = AuditLines.encode(3, FULL, "b".repeat(64));

        assertThat(encoded.line()[encoded.line().length - 1]).isEqualTo((byte) '\n');
        assertThat(encoded.text()).doesNotContain("\n");
        assertThat(AuditLines.decode(encoded.text())).isEqualTo(encoded.record());
        assertThat(AuditLines.decode(java.util.Arrays.copyOf(encoded.line(), encoded.line().length - 1)))
                .isEqualTo(encoded.record());
    }

    @Test
    void keepsAnEntryWithoutOptionalFields() {
        AuditEntry bare = AuditEntry.of(T0, AuditAction.EXPIRED, BottleId.of("demo"), Component.EGRESS_PROXY).build();

        assertThat(AuditLines.decode(AuditLines.encode(1, bare, AuditRecord.GENESIS).text()).entry()).isEqualTo(bare);
    }

    @Test
    void anyChangedCharacterIsCaught() {
        String line = AuditLines.encode(1, FULL, AuditRecord.GENESIS).text();
        for (int i = 0; i < line.lastIndexOf(",\"hash\""); i += 7) {
            char replacement = line.charAt(i) == 'x' ? 'y' : 'x';
            String altered = line.substring(0, i) + replacement + line.substring(i + 1);
            assertThatThrownBy(() -> AuditLines.decode(altered)).as("changed at %d", i)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void garbageIsAClearError() {
        for (String bad : new String[] {"", "{}", "not json", "{\"hash\":\"" + "0".repeat(64) + "\"}",
                "{\"a\":1,\"hash\":\"" + "G".repeat(64) + "\"}"}) {
            assertThatThrownBy(() -> AuditLines.decode(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("null");
        }
    }

    @Test
    void aSelfConsistentLineWithAMissingFieldSaysWhichField() {
        String unhashed = "{\"seq\":1,\"time\":\"" + T0 + "\",\"bottle\":\"demo\",\"component\":\"egress-proxy\","
                + "\"prev\":\"" + AuditRecord.GENESIS + "\"}";
        String hash = dev.claudebottle.routes.Sha256.of(unhashed.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex();
        String line = unhashed.substring(0, unhashed.length() - 1) + ",\"hash\":\"" + hash + "\"}";

        assertThatThrownBy(() -> AuditLines.decode(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("action");
    }
}
