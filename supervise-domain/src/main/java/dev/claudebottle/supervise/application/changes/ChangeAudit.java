package dev.claudebottle.supervise.application.changes;

import dev.claudebottle.supervise.api.ChangeResult;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.tool.Tool;
import java.util.Optional;

/** Audits an operator's direct change (edit or rollback): one entry if the component's file was touched. */
final class ChangeAudit {
    private final AuditLog audit;
    private final Clock clock;

    ChangeAudit(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    void record(AuditAction success, BottleId bottle, Tool tool, Operator operator, Optional<String> reason,
            ChangeResult result) {
        switch (result) {
            case ChangeResult.Changed changed -> audit.append(AuditEntry.of(clock.now(), success, bottle, tool.component())
                    .operator(operator)
                    .reason(withWarnings(reason, changed))
                    .diff(changed.diff())
                    .baseSha256(changed.previous().sha256())
                    .newSha256(changed.now().sha256())
                    .build());
            case ChangeResult.NotInstalled failed -> audit.append(AuditEntry.of(clock.now(), AuditAction.APPLY_FAILED,
                            bottle, tool.component())
                    .operator(operator)
                    .reason(failed.cause())
                    .diff(failed.diff())
                    .baseSha256(failed.previous().sha256())
                    .newSha256(failed.attempted().sha256())
                    .build());
            case ChangeResult.Unchanged unchanged -> { }
            case ChangeResult.Stale stale -> { }
            case ChangeResult.Invalid invalid -> { }
        }
    }

    private static Optional<String> withWarnings(Optional<String> reason, ChangeResult.Changed changed) {
        if (changed.warnings().isEmpty()) {
            return reason;
        }
        return Optional.of(reason.map(r -> r + "; ").orElse("") + String.join("; ", changed.warnings()));
    }
}
