package dev.claudebottle.supervise.application.changes;

import dev.claudebottle.supervise.api.ChangeResult;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.application.port.out.BottleLocks;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.tool.Tool;
import dev.claudebottle.supervise.tool.ToolRegistry;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Applies an approved proposal under its bottle's lock: the proposed file (or the operator's edit)
 * goes through the {@link ChangePipeline}, and the outcome is recorded where the agent waits for it.
 * A base that is no longer live gives a {@code conflict} outcome unless the operator rebased.
 */
public final class ApplyProposal {
    private final ToolRegistry tools;
    private final ProposalQueue queue;
    private final AuditLog audit;
    private final BottleLocks locks;
    private final Clock clock;
    private final ChangePipeline pipeline;
    private final ComponentConfigs configs;

    @Inject
    public ApplyProposal(ToolRegistry tools, ProposalQueue queue, AuditLog audit, BottleLocks locks,
            VersionHistory history, Clock clock, ComponentConfigs configs) {
        this.tools = tools;
        this.queue = queue;
        this.audit = audit;
        this.locks = locks;
        this.clock = clock;
        this.configs = configs;
        this.pipeline = new ChangePipeline(configs, history, clock);
    }

    /**
     * @throws dev.claudebottle.supervise.application.port.out.GatewayException when the component
     *     cannot be reached to read its live file; nothing changed and the proposal stays approved,
     *     so applying can be retried
     */
    @SuppressWarnings("try") // the lock is held for the block, never read
    public ApplyResult apply(ApplyProposalCommand command) throws InterruptedException {
        Optional<ProposalRecord> found = queue.find(command.id());
        if (found.isEmpty()) {
            return new ApplyResult.NoSuchProposal(command.id());
        }
        try (BottleLocks.Held held = locks.lock(found.get().proposal().bottle())) {
            return applyHeld(command.id());
        }
    }

    /**
     * Applies the approved proposal {@code id}; the caller holds its bottle's lock (so a decision and its apply can
     * be one hold of the lock).
     */
    public ApplyResult applyHeld(dev.claudebottle.supervise.model.ProposalId id) throws InterruptedException {
        // Re-read under the lock: another process may have applied it while we waited.
        Optional<ProposalRecord> found = queue.find(id);
        if (found.isEmpty()) {
            return new ApplyResult.NoSuchProposal(id);
        }
        ProposalRecord record = found.get();
        if (record.outcome().isPresent()) {
            return new ApplyResult.AlreadyFinished(record);
        }
        if (record.decision().filter(Decision::approves).isEmpty()) {
            return new ApplyResult.NotApproved(record);
        }
        return applyApproved(record, record.decision().get());
    }

    private ApplyResult applyApproved(ProposalRecord record, Decision decision) throws InterruptedException {
        Proposal proposal = record.proposal();
        Tool tool = tools.require(proposal.tool());
        ConfigFile content = decision instanceof Decision.ApproveWithEdits edits ? edits.edited() : proposal.content();
        Sha256 expectedBase = switch (decision) {
            case Decision.ApproveWithEdits edits -> edits.editedAgainst();
            case Decision.Approve approve -> approve.rebasedOnto().orElse(proposal.base());
            default -> throw new IllegalStateException("not an approval: " + decision);
        };
        ChangeResult change = pipeline.change(proposal.bottle(), tool, content, Optional.of(expectedBase));
        Instant now = clock.now();
        List<String> warnings = List.of();
        Outcome outcome;
        AuditEntry.Builder entry;
        switch (change) {
            case ChangeResult.Changed changed -> {
                outcome = new Outcome.Applied(content.sha256(), now);
                warnings = changed.warnings();
                entry = entry(AuditAction.APPLIED, now, record, tool, decision).diff(changed.diff())
                        .reason(warnings.isEmpty() ? null : String.join("; ", warnings));
            }
            case ChangeResult.Unchanged unchanged -> {
                // The file is in place already (an apply whose process stopped midway, or a proposal of the live
                // file): make sure the component runs it and the agent's copy shows it, as a full apply would.
                switch (configs.install(proposal.bottle(), tool.component(), unchanged.current(), unchanged.current())) {
                    case Installation.Installed installed -> {
                        outcome = new Outcome.Applied(content.sha256(), clock.now());
                        warnings = installed.warnings();
                        entry = entry(AuditAction.APPLIED, now, record, tool, decision).reason("the file was already in place;"
                                + " confirmed live" + (warnings.isEmpty() ? "" : "; " + String.join("; ", warnings)));
                    }
                    case Installation.NotInstalled failed -> {
                        outcome = new Outcome.Failed(failed.cause(), clock.now());
                        entry = entry(AuditAction.APPLY_FAILED, now, record, tool, decision).reason(failed.cause());
                    }
                    case Installation.BaseChanged moved -> {
                        outcome = new Outcome.Conflict(unchanged.current().sha256(), moved.live(), now);
                        entry = entry(AuditAction.CONFLICT, now, record, tool, decision).reason("the live file changed to "
                                + moved.live().abbreviated() + " while it was being confirmed");
                    }
                }
            }
            case ChangeResult.Stale stale -> {
                outcome = new Outcome.Conflict(stale.expected(), stale.actual(), now);
                entry = entry(AuditAction.CONFLICT, now, record, tool, decision)
                        .reason("the live file is " + stale.actual().abbreviated() + ", not the base "
                                + stale.expected().abbreviated() + " the change was made against");
            }
            case ChangeResult.Invalid invalid -> {
                String cause = "the file no longer validates: " + invalid.problems().getFirst().format(tool.fileName());
                outcome = new Outcome.Failed(cause, now);
                entry = entry(AuditAction.APPLY_FAILED, now, record, tool, decision).reason(cause);
            }
            case ChangeResult.NotInstalled failed -> {
                outcome = new Outcome.Failed(failed.cause(), now);
                entry = entry(AuditAction.APPLY_FAILED, now, record, tool, decision).reason(failed.cause())
                        .diff(failed.diff());
            }
        }
        entry.baseSha256(expectedBase).newSha256(content.sha256());
        return switch (queue.recordOutcome(proposal.id(), outcome)) {
            case QueueWrite.Written written -> {
                audit.append(entry.build());
                yield new ApplyResult.Finished(written.record(), warnings);
            }
            case QueueWrite.AlreadyThere there -> new ApplyResult.AlreadyFinished(there.record());
            case QueueWrite.NoSuchProposal none -> new ApplyResult.NoSuchProposal(none.id());
        };
    }

    private static AuditEntry.Builder entry(AuditAction action, Instant now, ProposalRecord record, Tool tool,
            Decision decision) {
        return AuditEntry.of(now, action, record.proposal().bottle(), tool.component())
                .tool(tool.id())
                .operator(decision.operator())
                .proposal(record.id())
                .justification(record.proposal().justification());
    }
}
