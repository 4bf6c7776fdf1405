package dev.claudebottle.supervise.application.changes;

import dev.claudebottle.supervise.api.ChangeResult;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.tool.Tool;
import dev.claudebottle.supervise.tool.ToolRegistry;
import jakarta.inject.Inject;

/**
 * Applies the operator's own change to a component's file, with no proposal, through the same
 * pipeline as an approval and under the same per-bottle lock. A change that takes (or fails after
 * writing) is audited as {@code edited} (or {@code apply-failed}); a stale, invalid or unchanged
 * file changes nothing and is not audited.
 */
public final class ApplyOperatorEdit {
    private final ToolRegistry tools;
    private final BottleLocks locks;
    private final ChangePipeline pipeline;
    private final ChangeAudit changeAudit;

    @Inject
    public ApplyOperatorEdit(ToolRegistry tools, AuditLog audit, BottleLocks locks, VersionHistory history,
            Clock clock, ComponentConfigs configs) {
        this.tools = tools;
        this.locks = locks;
        this.pipeline = new ChangePipeline(configs, history, clock);
        this.changeAudit = new ChangeAudit(audit, clock);
    }

    @SuppressWarnings("try") // the lock is held for the block, never read
    public ChangeResult apply(OperatorEditCommand command) throws InterruptedException {
        Tool tool = tools.forComponent(command.component());
        try (BottleLocks.Held held = locks.lock(command.bottle())) {
            ChangeResult result = pipeline.change(command.bottle(), tool, command.content(), command.editedAgainst());
            changeAudit.record(AuditAction.EDITED, command.bottle(), tool, command.operator(), command.reason(), result);
            return result;
        }
    }
}
