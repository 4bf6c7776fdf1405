package dev.claudebottle.supervise.model;

import dev.claudebottle.routes.Sha256;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One state change, as the audit log records it. The log adds the sequence number and hash chain
 * (see {@link AuditRecord}); this is what happened.
 *
 * @param component the part of the bottle the change concerns, from the tool registry
 * @param tool the agent tool behind the change; empty for the operator's own edits and rollbacks
 * @param operator who acted; empty for an agent's submission
 * @param justification the agent's justification, when a proposal is involved
 * @param reason the operator's reason, a rejection's reason, or a failure's cause
 * @param diff unified diff of the change, when there is a before and an after
 */
public record AuditEntry(
        Instant time,
        AuditAction action,
        BottleId bottle,
        Component component,
        Optional<ToolId> tool,
        Optional<Operator> operator,
        Optional<ProposalId> proposal,
        Optional<String> justification,
        Optional<String> reason,
        Optional<String> diff,
        Optional<Sha256> baseSha256,
        Optional<Sha256> newSha256) {

    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(bottle, "bottle");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(proposal, "proposal");
        Objects.requireNonNull(justification, "justification");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(diff, "diff");
        Objects.requireNonNull(baseSha256, "baseSha256");
        Objects.requireNonNull(newSha256, "newSha256");
    }

    /** Starts an entry; the builder's setters fill the optional fields. */
    public static Builder of(Instant time, AuditAction action, BottleId bottle, Component component) {
        return new Builder(time, action, bottle, component);
    }

    /** Fills an {@link AuditEntry}'s optional fields by name, so call sites stay readable. */
    public static final class Builder {
        private final Instant time;
        private final AuditAction action;
        private final BottleId bottle;
        private final Component component;
        private ToolId tool;
        private Operator operator;
        private ProposalId proposal;
        private String justification;
        private String reason;
        private String diff;
        private Sha256 baseSha256;
        private Sha256 newSha256;

        private Builder(Instant time, AuditAction action, BottleId bottle, Component component) {
            this.time = time;
            this.action = action;
            this.bottle = bottle;
            this.component = component;
        }

        public Builder tool(ToolId value) { this.tool = value; return this; }
        public Builder operator(Operator value) { this.operator = value; return this; }
        public Builder proposal(ProposalId value) { this.proposal = value; return this; }
        public Builder justification(String value) { this.justification = value; return this; }
        public Builder reason(String value) { this.reason = value; return this; }
        public Builder reason(Optional<String> value) { this.reason = value.orElse(null); return this; }
        public Builder diff(String value) { this.diff = value; return this; }
        public Builder baseSha256(Sha256 value) { this.baseSha256 = value; return this; }
        public Builder newSha256(Sha256 value) { this.newSha256 = value; return this; }

        public AuditEntry build() {
            return new AuditEntry(time, action, bottle, component, Optional.ofNullable(tool), Optional.ofNullable(operator),
                    Optional.ofNullable(proposal), Optional.ofNullable(justification), Optional.ofNullable(reason),
                    Optional.ofNullable(diff), Optional.ofNullable(baseSha256), Optional.ofNullable(newSha256));
        }
    }
}
