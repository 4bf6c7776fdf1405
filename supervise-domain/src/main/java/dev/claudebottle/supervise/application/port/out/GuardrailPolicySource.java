package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.routes.Guardrails;
import java.util.List;

/**
 * The operator's guardrail policy (policy.yaml in the operator's state home). Read on every use, so
 * an edit takes effect at once. No file means {@link Guardrails#none()}. Implementations are thread-safe and block
 * only to read the policy.
 */
public interface GuardrailPolicySource {

    /**
     * The policy as it stands now.
     *
     * @throws InvalidPolicy when the file exists but does not validate: callers refuse every change (fail closed)
     */
    Guardrails current();

    /** The policy file exists and is invalid; {@code problems} are formatted {@code policy.yaml:LINE:COL: PATH: message}. */
    final class InvalidPolicy extends RuntimeException {
        private final List<String> problems;

        /** An invalid policy with every problem found. */
        public InvalidPolicy(List<String> problems) {
            super("the guardrail policy does not validate, so every change is refused until it is fixed: "
                    + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        /** Every problem, formatted {@code policy.yaml:LINE:COL: PATH: message}. */
        public List<String> problems() {
            return problems;
        }
    }

    /** No policy at all (tests, and where no state home is mounted). */
    GuardrailPolicySource NONE = Guardrails::none;
}
