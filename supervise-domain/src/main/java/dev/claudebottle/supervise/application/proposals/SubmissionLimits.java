package dev.claudebottle.supervise.application.proposals;

import dev.claudebottle.supervise.application.port.out.ProposalQueue;
import dev.claudebottle.supervise.model.ProposalRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Checks a new proposal against {@link ProposalPolicy}'s bounds, counting from the queue itself (so
 * the bounds hold across supervise restarts and processes). Each refusal says what was exceeded
 * and what the agent should do instead. Concurrent submissions of one bottle may overshoot a count
 * by the number racing; nothing more.
 */
final class SubmissionLimits {
    private final ProposalQueue queue;
    private final ProposalPolicy policy;

    SubmissionLimits(ProposalQueue queue, ProposalPolicy policy) {
        this.queue = queue;
        this.policy = policy;
    }

    /** Why {@code command} may not be queued now, or empty when it may. */
    Optional<String> refusal(SubmitProposalCommand command, Instant now) {
        long bytes = (long) command.content().bytes().length + command.justification().getBytes(StandardCharsets.UTF_8).length
                + command.blockedUrl().map(u -> u.getBytes(StandardCharsets.UTF_8).length).orElse(0);
        if (bytes > policy.maxProposalBytes()) {
            return Optional.of("the proposal is " + bytes + " bytes (routes file, justification and blocked URL); the limit is "
                    + policy.maxProposalBytes() + " bytes per proposal. Send a smaller routes file: propose only the routes"
                    + " this task needs, and keep the justification short.");
        }
        List<ProposalRecord> mine = queue.list().proposals().stream()
                .filter(r -> r.proposal().bottle().equals(command.bottle())).toList();
        long waiting = mine.stream().filter(r -> r.awaitsDecision() && !r.proposal().isExpiredAt(now)).count();
        if (waiting >= policy.maxPending()) {
            return Optional.of("this bottle already has " + waiting + " proposals waiting for the operator; the limit is "
                    + policy.maxPending() + ". Do not submit more: wait for their outcomes with proposal-status (or until"
                    + " they expire), or combine what you need into one proposal once they are decided.");
        }
        Instant since = now.minus(policy.submissionWindow());
        List<Instant> recent = mine.stream().map(r -> r.proposal().created()).filter(created -> created.isAfter(since))
                .sorted().toList();
        if (recent.size() >= policy.maxSubmissions()) {
            Duration wait = Duration.between(now, recent.get(recent.size() - policy.maxSubmissions()).plus(policy.submissionWindow()));
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            return Optional.of(recent.size() + " proposals were submitted in the last " + policy.submissionWindow().toSeconds()
                    + " s; the limit is " + policy.maxSubmissions() + " per " + policy.submissionWindow().toSeconds()
                    + " s. Wait " + seconds + " s before submitting again, and prefer one proposal with every route you need.");
        }
        return Optional.empty();
    }
}
