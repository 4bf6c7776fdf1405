package dev.claudebottle.supervise.application.audit;

import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.model.AuditVerification;
import jakarta.inject.Inject;

/** Proves the audit log's hash chains from the first entry, or names the first entry that breaks them. */
public final class VerifyAuditLog {
    private final AuditLog audit;

    @Inject
    public VerifyAuditLog(AuditLog audit) {
        this.audit = audit;
    }

    public AuditVerification verify() {
        return audit.verify();
    }
}
