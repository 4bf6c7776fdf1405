package dev.claudebottle.supervise.testing;

import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ProposalQueue} in memory, with the same first-wins semantics as the durable one. Thread-safe. */
public final class InMemoryProposalQueue implements ProposalQueue {
    private final Map<ProposalId, ProposalRecord> records = new LinkedHashMap<>();

    @Override
    public synchronized QueueWrite submit(Proposal proposal) {
        ProposalRecord existing = records.get(proposal.id());
        if (existing != null) {
            return new QueueWrite.AlreadyThere(existing);
        }
        ProposalRecord record = ProposalRecord.queued(proposal);
        records.put(proposal.id(), record);
        notifyAll();
        return new QueueWrite.Written(record);
    }

    @Override
    public synchronized Optional<ProposalRecord> find(ProposalId id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public synchronized ProposalListing list() {
        return new ProposalListing(List.copyOf(records.values()), List.of());
    }

    @Override
    public synchronized QueueWrite decide(ProposalId id, Decision decision) {
        ProposalRecord record = records.get(id);
        if (record == null) {
            return new QueueWrite.NoSuchProposal(id);
        }
        if (record.decision().isPresent()) {
            return new QueueWrite.AlreadyThere(record);
        }
        ProposalRecord decided = record.withDecision(decision);
        records.put(id, decided);
        notifyAll();
        return new QueueWrite.Written(decided);
    }

    @Override
    public synchronized QueueWrite recordOutcome(ProposalId id, Outcome outcome) {
        ProposalRecord record = records.get(id);
        if (record == null) {
            return new QueueWrite.NoSuchProposal(id);
        }
        if (record.outcome().isPresent()) {
            return new QueueWrite.AlreadyThere(record);
        }
        ProposalRecord finished = record.withOutcome(outcome);
        records.put(id, finished);
        notifyAll();
        return new QueueWrite.Written(finished);
    }

    @Override
    public synchronized Optional<Outcome> awaitOutcome(ProposalId id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ProposalRecord record = records.get(id);
            if (record == null) {
                throw new IllegalArgumentException("no proposal " + id);
            }
            if (record.outcome().isPresent()) {
                return record.outcome();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
