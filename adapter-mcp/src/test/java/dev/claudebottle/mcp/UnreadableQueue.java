package dev.claudebottle.mcp;

import dev.claudebottle.supervise.model.ProposalListing;
import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.application.port.out.QueueWrite;
import dev.claudebottle.supervise.model.Decision;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.Proposal;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

/** A queue whose storage fails on every access, as a broken state directory would. */
final class UnreadableQueue implements ProposalQueue {
    private final String detail;

    UnreadableQueue(String detail) {
        this.detail = detail;
    }

    private UncheckedIOException failure() {
        return new UncheckedIOException(new IOException(detail));
    }

    @Override
    public QueueWrite submit(Proposal proposal) {
        throw failure();
    }

    @Override
    public Optional<ProposalRecord> find(ProposalId id) {
        throw failure();
    }

    @Override
    public ProposalListing list() {
        throw failure();
    }

    @Override
    public QueueWrite decide(ProposalId id, Decision decision) {
        throw failure();
    }

    @Override
    public QueueWrite recordOutcome(ProposalId id, Outcome outcome) {
        throw failure();
    }

    @Override
    public Optional<Outcome> awaitOutcome(ProposalId id, Duration timeout) {
        throw failure();
    }
}
