package dev.claudebottle.supervise.model;

import dev.claudebottle.routes.Sha256;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent's request to change one of its bottle's configuration files: the full proposed file, why,
 * and the SHA-256 of the file it started from (its base). Immutable once queued.
 *
 * @param blockedUrl the request that was refused, when the agent said so
 * @param expires when an undecided proposal is denied
 */
public record Proposal(
        ProposalId id,
        BottleId bottle,
        ToolId tool,
        ConfigFile content,
        String justification,
        Sha256 base,
        Optional<String> blockedUrl,
        Instant created,
        Instant expires) {

    /** How long a proposal waits for a decision unless told otherwise. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);
    public static final int MAX_JUSTIFICATION_CHARS = 8192;
    public static final int MAX_URL_CHARS = 4096;

    public Proposal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bottle, "bottle");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(expires, "expires");
        justification = requireJustification(justification);
        blockedUrl = Objects.requireNonNull(blockedUrl, "blockedUrl").map(String::strip).filter(u -> !u.isEmpty());
        if (blockedUrl.filter(u -> u.length() > MAX_URL_CHARS || u.chars().anyMatch(Character::isISOControl)).isPresent()) {
            throw new IllegalArgumentException("the blocked URL must be at most " + MAX_URL_CHARS
                    + " characters without control characters");
        }
        if (!expires.isAfter(created)) {
            throw new IllegalArgumentException("a proposal must expire after it was created: created "
                    + created + ", expires " + expires);
        }
    }

    /** Checks a justification as a proposal requires it: not blank, at most 8192 characters. */
    public static String requireJustification(String justification) {
        if (justification == null || justification.isBlank()) {
            throw new IllegalArgumentException("a justification is required: say why the change is needed");
        }
        if (justification.length() > MAX_JUSTIFICATION_CHARS) {
            throw new IllegalArgumentException("the justification is " + justification.length()
                    + " characters; the limit is " + MAX_JUSTIFICATION_CHARS);
        }
        return justification.strip();
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expires);
    }
}
