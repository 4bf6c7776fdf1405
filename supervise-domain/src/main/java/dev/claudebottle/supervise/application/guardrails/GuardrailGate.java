package dev.claudebottle.supervise.application.guardrails;

import dev.claudebottle.supervise.application.port.out.GuardrailPolicySource;
import dev.claudebottle.supervise.model.ConfigFile;
import java.util.List;
import java.util.Optional;

/**
 * The operator's side of the guardrail policy: an approval or an operator's change that breaks it is refused, unless
 * the operator overrides with a reason, which then heads the audit entry's reason
 * ({@code guardrails overridden (deny_hosts[0]): REASON}).
 */
public final class GuardrailGate {
    /** How the operator overrides, named in the refusal (the CLI's option; other front ends take the same reason). */
    static final String OVERRIDE_OPTION = "--override-guardrails";

    private final GuardrailPolicySource policy;

    public GuardrailGate(GuardrailPolicySource policy) {
        this.policy = policy;
    }

    /** What the gate says about one change. */
    public sealed interface Verdict {
        /** Within the policy, or overridden: {@code reason} is what to audit (the override prepended). */
        record Pass(Optional<String> reason) implements Verdict {}

        /** Refused: every broken rule, and how to override. */
        record Refused(String message) implements Verdict {}
    }

    public Verdict judge(ConfigFile live, ConfigFile next, Optional<String> override, Optional<String> reason) {
        List<String> violations = GuardrailReview.violations(policy, live, next);
        if (violations.isEmpty()) {
            return new Verdict.Pass(reason);
        }
        Optional<String> why = override.map(String::strip).filter(o -> !o.isEmpty());
        if (why.isEmpty()) {
            return new Verdict.Refused("refused by the operator's guardrail policy:\n  " + String.join("\n  ", violations)
                    + "\nNothing was decided or applied. To do it anyway, give " + OVERRIDE_OPTION
                    + " REASON (the reason and the rules are audited).");
        }
        String rules = violations.stream().map(v -> v.startsWith("guardrail ") ? v.substring(10, v.indexOf(':')) : "policy")
                .distinct().reduce((a, b) -> a + ", " + b).orElse("");
        String overridden = "guardrails overridden (" + rules + "): " + why.get();
        return new Verdict.Pass(Optional.of(reason.map(r -> overridden + "; " + r).orElse(overridden)));
    }
}
