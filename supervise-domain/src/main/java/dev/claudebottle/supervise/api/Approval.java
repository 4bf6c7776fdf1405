package dev.claudebottle.supervise.api;

import java.util.Objects;
import java.util.Optional;

/**
 * How the operator approves: the reason to audit, what to do about a stale base, and the reason for overriding the
 * guardrail policy (empty: a change that breaks the policy is refused).
 */
public record Approval(Optional<String> reason, OnStaleBase onStaleBase, Optional<String> guardrailOverride) {
    public Approval {
        reason = Objects.requireNonNull(reason, "reason").map(String::strip).filter(r -> !r.isEmpty());
        Objects.requireNonNull(onStaleBase, "onStaleBase");
        guardrailOverride = Objects.requireNonNull(guardrailOverride, "guardrailOverride");
    }

    /** Approve as proposed; a stale base ends in {@code conflict}; no guardrail override. */
    public static Approval sendingBack(Optional<String> reason) {
        return new Approval(reason, OnStaleBase.SEND_BACK, Optional.empty());
    }

    /** The same approval with {@code override} as the reason for overriding the guardrail policy. */
    public Approval overridingGuardrails(Optional<String> override) {
        return new Approval(reason, onStaleBase, override);
    }
}
