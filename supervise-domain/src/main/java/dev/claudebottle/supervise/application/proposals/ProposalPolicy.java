package dev.claudebottle.supervise.application.proposals;

import java.time.Duration;

/**
 * Settings for proposals: how long one waits for a decision before expiry denies it, and the bounds
 * on what one bottle's agent may queue (so it cannot fill the operator's state directory or bury
 * the review): at most {@code maxPending} proposals waiting for a decision, at most
 * {@code maxProposalBytes} per proposal (file + justification + blocked URL, UTF-8), and at most
 * {@code maxSubmissions} new proposals per {@code submissionWindow}.
 */
public record ProposalPolicy(Duration ttl, int maxPending, int maxProposalBytes, int maxSubmissions, Duration submissionWindow) {
    public static final int DEFAULT_MAX_PENDING = 20;
    public static final int DEFAULT_MAX_PROPOSAL_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_SUBMISSIONS = 10;
    public static final Duration DEFAULT_SUBMISSION_WINDOW = Duration.ofMinutes(1);
    public static final ProposalPolicy DEFAULT = new ProposalPolicy(Duration.ofMinutes(30));

    public ProposalPolicy {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a proposal's time to live must be positive");
        }
        if (maxPending < 1 || maxProposalBytes < 1024 || maxSubmissions < 1) {
            throw new IllegalArgumentException("proposal limits too small: pending >= 1, bytes >= 1024, submissions >= 1");
        }
        if (submissionWindow == null || submissionWindow.isNegative() || submissionWindow.isZero()) {
            throw new IllegalArgumentException("the submission window must be positive");
        }
    }

    /** {@code ttl} with the default limits. */
    public ProposalPolicy(Duration ttl) {
        this(ttl, DEFAULT_MAX_PENDING, DEFAULT_MAX_PROPOSAL_BYTES, DEFAULT_MAX_SUBMISSIONS, DEFAULT_SUBMISSION_WINDOW);
    }
}
