package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.time.Duration;
import java.util.Optional;

/**
 * The durable queue of proposals, shared by separate processes: the supervise server submits and
 * waits, the dashboard and CLI decide and record outcomes. A queue may see every bottle (host side)
 * or a single bottle (inside that bottle's supervise sidecar).
 *
 * <p>Contract: every method is thread-safe and safe against other processes using the same
 * storage. A write either happens completely or not at all, survives a crash once the method
 * returns, and is first-wins (see {@link QueueWrite}). Storage failures throw
 * {@link java.io.UncheckedIOException}; a corrupt entry is reported in a {@link ProposalListing},
 * never thrown from a listing.
 */
public interface ProposalQueue {

    /**
     * Queues {@code proposal} unless one with its id is there already: idempotent.
     *
     * @return {@code Written} for a new proposal, {@code AlreadyThere} with the existing record
     * @throws IllegalArgumentException when this queue does not hold the proposal's bottle
     */
    QueueWrite submit(Proposal proposal);

    /** The proposal with its decision and outcome so far; empty when this queue holds no proposal with that id. */
    Optional<ProposalRecord> find(ProposalId id);

    /** Every proposal this queue holds, with anything unreadable reported alongside. */
    ProposalListing list();

    /**
     * Records the decision unless one is there: the first decision wins, across processes.
     *
     * @return {@code Written}, {@code AlreadyThere} with the earlier decision, or {@code NoSuchProposal}
     */
    QueueWrite decide(ProposalId id, Decision decision);

    /**
     * Records how the proposal ended unless an outcome is there: the first outcome wins.
     *
     * @return {@code Written}, {@code AlreadyThere} with the earlier outcome, or {@code NoSuchProposal}
     */
    QueueWrite recordOutcome(ProposalId id, Outcome outcome);

    /**
     * Blocks until the proposal has an outcome or {@code timeout} passes, whichever is first. Sees
     * outcomes recorded by other processes promptly (a file watch, or polling where none works).
     *
     * @return the outcome, or empty when it is still pending after {@code timeout}
     * @throws IllegalArgumentException when no proposal has that id
     * @throws InterruptedException when the waiting thread is interrupted
     */
    Optional<Outcome> awaitOutcome(ProposalId id, Duration timeout) throws InterruptedException;
}
