package dev.claudebottle.supervise.application;

import java.time.Duration;

/** Settings for proposals: how long one waits for a decision before expiry denies it. */
public record ProposalPolicy(Duration ttl) {
    public static final ProposalPolicy DEFAULT = new ProposalPolicy(Duration.ofMinutes(30));

    public ProposalPolicy {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a proposal's time to live must be positive");
        }
    }
}
