package dev.claudebottle.supervise.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something the operator should be told about while nobody may be watching: an agent waits for a
 * decision, a proposal expired undecided, a time-boxed grant ended. Never carries a secret value
 * (routes name secrets, they never hold them); agent-supplied text is escaped by {@link #text()}.
 *
 * @param detail a sentence about it; for a submission, the agent's justification (escaped when shown)
 */
public record Notification(Kind kind, BottleId bottle, Optional<ProposalId> proposal, String detail, Instant at) {

    /** What happened. {@link #word()} is the {@code event} field of a webhook. */
    public enum Kind {
        SUBMITTED("submitted", "waits for your decision"),
        PROPOSAL_EXPIRED("proposal-expired", "expired undecided (the agent was told it was denied)"),
        GRANT_EXPIRED("grant-expired", "time-boxed grant ended"),
        TEST("test", "test notification from `bottle notify test`");

        private final String word;
        private final String phrase;

        Kind(String word, String phrase) {
            this.word = word;
            this.phrase = phrase;
        }

        public String word() {
            return word;
        }
    }

    /** The longest detail shown; the rest is cut with an ellipsis. */
    public static final int MAX_DETAIL_CHARS = 300;

    public Notification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bottle, "bottle");
        Objects.requireNonNull(proposal, "proposal");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }

    public static Notification submitted(Proposal proposal) {
        return new Notification(Kind.SUBMITTED, proposal.bottle(), Optional.of(proposal.id()), proposal.justification(),
                proposal.created());
    }

    /**
     * One line for a human, Slack-compatible: {@code [claude-bottle] demo: proposal p-… waits for your decision: …}.
     * The detail has {@code &}, {@code <}, {@code >} escaped as Slack requires (so it cannot mention people or
     * forge links), control and invisible format characters shown as {@code \\uXXXX}, line breaks folded, and is
     * cut at {@value #MAX_DETAIL_CHARS} characters.
     */
    public String text() {
        String what = proposal.map(id -> "proposal " + id.value() + " ").orElse("");
        String shown = escaped(detail);
        return "[claude-bottle] " + bottle.value() + ": " + what + kind.phrase + (shown.isEmpty() ? "" : ": " + shown);
    }

    static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        String folded = text.strip().replaceAll("[\\r\\n\\t]+", " ");
        folded.codePoints().forEach(cp -> {
            if (out.length() >= MAX_DETAIL_CHARS) {
                return;
            }
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    int type = Character.getType(cp);
                    if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.SURROGATE
                            || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.length() >= MAX_DETAIL_CHARS ? out.substring(0, MAX_DETAIL_CHARS) + "…" : out.toString();
    }
}
