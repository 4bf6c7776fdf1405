package dev.claudebottle.supervise.api;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.AppliedVersion;
import dev.claudebottle.supervise.model.AuditListing;
import dev.claudebottle.supervise.model.AuditVerification;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.tool.Tool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The operator's side: every bottle's proposals, deciding them, changing and rolling back a component's file, the
 * history and the audit log. Every decision and change is recorded as {@link #operator()}.
 *
 * <p>Thread-safe and usable from several processes at once: approvals, edits and rollbacks of one bottle take the
 * bottle's lock, and whether a proposal is stale is decided under it. Methods that change a bottle block until the
 * component confirms (or the gateway's deadline passes) and throw {@link InterruptedException} when interrupted.
 * Expected outcomes are values; a bottle that cannot be reached throws
 * {@link dev.claudebottle.supervise.application.port.out.GatewayException} (nothing applied; an approval already
 * recorded stays recorded and {@link #finishApplying} applies it later).
 */
public interface OperatorDesk {

    /** Who decides. */
    Operator operator();

    /** The supervisor's clock's current instant. */
    Instant now();

    /** Every proposal, with the entries the store could not read. */
    ProposalListing proposals();

    /** One proposal, of any bottle. */
    Optional<ProposalRecord> find(ProposalId id);

    /** Everything needed to decide {@code id}: diff against the live file, staleness; empty when there is no such proposal. */
    Optional<ProposalView> show(ProposalId id);

    /**
     * The registered tool {@code id}.
     *
     * @throws IllegalArgumentException when none is registered
     */
    Tool tool(ToolId id);

    /**
     * The registered tool that changes {@code component}.
     *
     * @throws IllegalArgumentException when none does
     */
    Tool toolFor(Component component);

    /**
     * Approves the proposal as proposed and applies it, in one hold of the bottle's lock: the record is re-read, the live
     * file read, staleness decided as {@link Approval#onStaleBase()} says (a rebase is onto the file live then), the
     * decision recorded, the file installed, the outcome recorded. A proposal approved earlier but never applied is
     * applied as approved (no second decision).
     *
     * @param approved told once the approval is recorded, before applying starts
     */
    ApprovalResult approve(ProposalId id, Approval approval, Consumer<ProposalRecord> approved) throws InterruptedException;

    /** Approves {@code edited} (edited against the live file {@code editedAgainst}) instead of the proposed file, and applies it. */
    ApprovalResult approveEdited(ProposalId id, ConfigFile edited, Sha256 editedAgainst, Approval approval,
            Consumer<ProposalRecord> approved) throws InterruptedException;

    /**
     * Approves the proposal as a time-boxed grant (its added or changed routes expire {@code duration} from now, rounded
     * up to a whole second) and applies it; only over the base the agent proposed against.
     */
    ApprovalResult approveFor(ProposalId id, Duration duration, Approval approval, Consumer<ProposalRecord> approved)
            throws InterruptedException;

    /** Applies a proposal approved earlier whose apply never finished, as it was approved. */
    ApprovalResult finishApplying(ProposalId id) throws InterruptedException;

    /** Rejects the proposal with {@code reason}; final at once, and the agent is told. */
    RejectResult reject(ProposalId id, String reason);

    /**
     * Replaces {@code component}'s file in {@code bottle} with {@code content} through the apply pipeline, under the
     * bottle's lock; refused when the live file is no longer {@code editedAgainst} (when given) or the guardrail policy
     * refuses it without {@code guardrailOverride}.
     */
    EditResult edit(BottleId bottle, Component component, ConfigFile content, Optional<Sha256> editedAgainst,
            Optional<String> reason, Optional<String> guardrailOverride) throws InterruptedException;

    /** Puts back version {@code to} (empty: the one before the live one) of {@code component}'s file in {@code bottle}. */
    RollBackResult rollBack(BottleId bottle, Component component, Optional<Sha256> to, Optional<String> reason)
            throws InterruptedException;

    /** The versions of {@code component}'s file that were live in {@code bottle}, oldest first. */
    List<AppliedVersion> history(BottleId bottle, Component component);

    /** One version from the history. */
    Optional<ConfigFile> version(BottleId bottle, Component component, Sha256 sha256);

    /**
     * The file {@code component} runs in {@code bottle} now.
     *
     * @throws dev.claudebottle.supervise.application.port.out.GatewayException when the bottle cannot be reached
     */
    ConfigFile current(BottleId bottle, Component component);

    /** The file {@code tool}'s component runs in {@code bottle} now, or why it cannot be read. Never throws for the gateway. */
    LiveConfig live(BottleId bottle, ToolId tool);

    /** Records the secret names {@code bottle} is launched with, for the risk review of its proposals. */
    void declareSecrets(BottleId bottle, Set<String> names);

    /**
     * Why the guardrail policy refuses replacing {@code live} with {@code next} (every broken rule, and how to
     * override), or empty when the change is within it or {@code guardrailOverride} gives a reason.
     */
    Optional<String> guardrailRefusal(ConfigFile live, ConfigFile next, Optional<String> guardrailOverride);

    /** The secret names {@code bottle} declared at launch; empty when unknown. */
    Optional<Set<String>> declaredSecrets(BottleId bottle);

    /** The audit log, of one bottle or all. */
    AuditListing audit(Optional<BottleId> bottle);

    /** Checks the audit log's hash chain. */
    AuditVerification verify();

    /**
     * Denies every overdue undecided proposal (of {@code bottle}, or of every bottle), telling the operator through the
     * notifier; returns those expired now.
     */
    List<ProposalRecord> expireProposals(Optional<BottleId> bottle);

    /**
     * Takes every ended time-boxed grant out of its bottle's file, telling the operator; returns the bottles swept. A
     * gateway that cannot be reached is left for the next sweep (an empty answer, never thrown).
     */
    List<BottleId> sweepGrants();

    /**
     * Approves, as {@link Operator#AUTO}, every pending proposal over the live file within the guardrails whose change a
     * rule of the operator's policy declares harmless; returns what was approved and how it ended. A proposal whose
     * bottle cannot be read is left to the operator.
     */
    List<ApprovalResult> autoApprove();
}
