package dev.claudebottle.supervise.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ToolId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link AuditLog} must do, as tests; extend it with a factory for the log under test. */
public abstract class AuditLogContract {
    private static final BottleId DEMO = BottleId.of("demo");
    private static final BottleId OTHER = BottleId.of("other");
    private static final Instant T0 = Instant.parse("2026-11-24T06:00:00Z");

    private AuditLog log;

    protected abstract AuditLog newLog() throws Exception;

    @BeforeEach
    void createLog() throws Exception {
        log = newLog();
    }

    /** A fully populated entry, so every field goes through storage. */
    public static AuditEntry entry(BottleId bottle, Instant time, AuditAction action) {
        return AuditEntry.of(time, action, bottle, Component.EGRESS_PROXY)
                .tool(ToolId.EGRESS_PROXY_BLOCK)
                .operator(Operator.of("alice"))
                .proposal(ProposalId.parse("p-abcdefghijkl"))
                .justification("need \"pypi\"\nfor pip")
                .reason("ok ✓")
                .diff("--- a/routes.yaml\n+++ b/routes.yaml\n@@ -1 +1,2 @@\n routes:\n+  - host: pypi.org\n")
                .baseSha256(Sha256.of(new byte[] {1}))
                .newSha256(Sha256.of(new byte[] {2}))
                .build();
    }

    @Test
    void chainsEachBottlesEntriesFromGenesis() {
        AuditRecord first = log.append(entry(DEMO, T0, AuditAction.SUBMITTED));
        AuditRecord second = log.append(entry(DEMO, T0.plusSeconds(1), AuditAction.APPROVED));
        AuditRecord otherFirst = log.append(entry(OTHER, T0.plusSeconds(2), AuditAction.SUBMITTED));

        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.previousHash()).isEqualTo(AuditRecord.GENESIS);
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(second.previousHash()).isEqualTo(first.hash());
        assertThat(otherFirst.sequence()).isEqualTo(1);
        assertThat(otherFirst.previousHash()).isEqualTo(AuditRecord.GENESIS);
    }

    @Test
    void readsBackEveryFieldInTimeOrder() {
        AuditEntry later = entry(DEMO, T0.plusSeconds(5), AuditAction.APPLIED);
        AuditEntry earlier = entry(OTHER, T0, AuditAction.SUBMITTED);
        log.append(later);
        log.append(earlier);

        assertThat(log.read(Optional.empty()).records()).extracting(AuditRecord::entry).containsExactly(earlier, later);
        assertThat(log.read(Optional.of(DEMO)).records()).extracting(AuditRecord::entry).containsExactly(later);
    }

    @Test
    void keepsEntriesWithoutOptionalFields() {
        AuditEntry bare = AuditEntry.of(T0, AuditAction.EXPIRED, DEMO, Component.EGRESS_PROXY).build();
        log.append(bare);

        assertThat(log.read(Optional.of(DEMO)).records()).extracting(AuditRecord::entry).containsExactly(bare);
    }

    @Test
    void verifiesAnUntouchedLogAsIntact() {
        for (int i = 0; i < 5; i++) {
            log.append(entry(i % 2 == 0 ? DEMO : OTHER, T0.plusSeconds(i), AuditAction.SUBMITTED));
        }

        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Intact.class,
                intact -> assertThat(intact.entries()).isEqualTo(5));
    }

    @Test
    void verifiesAnEmptyLogAsIntact() {
        assertThat(log.verify()).isEqualTo(new AuditVerification.Intact(0, java.util.List.of()));
    }
}
