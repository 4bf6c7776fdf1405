package dev.claudebottle.supervise.application.guardrails;

import dev.claudebottle.supervise.application.grants.RoutesGrant;
import dev.claudebottle.routes.GuardrailCheck;
import dev.claudebottle.routes.Routes;
import dev.claudebottle.supervise.application.port.out.GuardrailPolicySource;
import dev.claudebottle.supervise.model.ConfigFile;
import java.util.List;

/**
 * Judges a routes change against the operator's guardrail policy: the violations of the routes
 * {@code after} adds or changes relative to {@code before}. An invalid policy refuses everything
 * (one violation, rule {@code policy}); a file that does not parse is left to the validator.
 */
public final class GuardrailReview {
    private GuardrailReview() {}

    /** Each violation as one line: {@code guardrail deny_hosts[0]: route ... }. Empty when the change is within the policy. */
    public static List<String> violations(GuardrailPolicySource source, ConfigFile before, ConfigFile after) {
        try {
            Routes old;
            try {
                old = RoutesGrant.parse(before, "the live file");
            } catch (IllegalArgumentException e) {
                old = Routes.denyAll();
            }
            Routes neu;
            try {
                neu = RoutesGrant.parse(after, "the new file");
            } catch (IllegalArgumentException e) {
                return List.of();
            }
            return GuardrailCheck.check(source.current(), old, neu).stream().map(GuardrailCheck.Violation::describe).toList();
        } catch (GuardrailPolicySource.InvalidPolicy e) {
            return List.of("guardrail policy: " + e.getMessage());
        }
    }
}
