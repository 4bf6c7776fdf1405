package dev.claudebottle.supervise.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.testing.AuditLogContract;
import dev.claudebottle.supervise.testing.InMemoryAuditLog;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryAuditLogTest extends AuditLogContract {
    @Override
    protected AuditLog newLog() {
        return new InMemoryAuditLog();
    }

    @Test
    void noticesATamperedEntry() {
        InMemoryAuditLog log = new InMemoryAuditLog();
        BottleId demo = BottleId.of("demo");
        Instant t0 = Instant.parse("2026-11-24T06:00:00Z");
        log.append(entry(demo, t0, AuditAction.SUBMITTED));
        log.append(entry(demo, t0.plusSeconds(1), AuditAction.APPROVED));

        log.tamper(demo, 2, entry(demo, t0.plusSeconds(1), AuditAction.REJECTED));

        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class,
                broken -> assertThat(broken.sequence()).isEqualTo(2));
    }
}
