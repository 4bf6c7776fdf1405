package dev.claudebottle.supervise.api;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.tool.Tool;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The agent's side of one bottle: submit a proposal, read its status, wait (bounded) for its outcome. Scoped to
 * {@link #bottle()}: another bottle's proposal reads as unknown, and nothing here decides or applies.
 *
 * <p>Thread-safe. {@link #awaitOutcome} blocks up to its bound; the other methods block only on the stores. Store
 * failures are thrown as unchecked exceptions from the stores; expected outcomes are values.
 */
public interface AgentDesk {

    /** The only bottle this desk sees. */
    BottleId bottle();

    /**
     * The registered tool {@code id} (its validator and file name, for checking arguments before submitting).
     *
     * @throws IllegalArgumentException when no tool by that name is registered
     */
    Tool tool(ToolId id);

    /**
     * The guardrail policy's objections to replacing {@code current} with {@code next}; empty when within the policy.
     * A proposal that breaks the policy cannot be approved, so an agent-facing adapter refuses it before submitting.
     */
    List<String> guardrailViolations(ConfigFile current, ConfigFile next);

    /**
     * Validates and queues a proposal of {@code tool} to replace the file whose SHA-256 is {@code base} with
     * {@code content}; a new one is announced to the operator (the notifier's failures never reach the agent).
     *
     * @throws IllegalArgumentException when the justification is missing or too long, or {@code tool} is unknown
     */
    SubmitResult submit(ToolId tool, ConfigFile content, Sha256 base, String justification, Optional<String> blockedUrl);

    /** The proposal as it stands, when it is this bottle's (empty for an unknown id or another bottle's); records an overdue expiry first. */
    Optional<ProposalRecord> status(ProposalId id);

    /** This bottle's proposals, newest last. */
    List<ProposalRecord> proposals();

    /**
     * Waits at most {@code bound} for the proposal to have an outcome. An overdue undecided proposal is expired (denied)
     * first, so the agent learns of it even when no operator looks.
     *
     * @throws InterruptedException when the waiting thread is interrupted; the proposal stays queued
     */
    AwaitResult awaitOutcome(ProposalId id, Duration bound) throws InterruptedException;
}
