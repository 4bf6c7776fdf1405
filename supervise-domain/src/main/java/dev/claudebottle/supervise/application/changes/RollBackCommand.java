package dev.claudebottle.supervise.application.changes;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.Operator;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator restores an earlier version of a component's file.
 *
 * @param to the version's SHA-256; empty for the version live before the current one
 */
public record RollBackCommand(BottleId bottle, Component component, Optional<Sha256> to, Operator operator,
        Optional<String> reason) {
    public RollBackCommand {
        Objects.requireNonNull(bottle, "bottle");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(operator, "operator");
        reason = Objects.requireNonNull(reason, "reason").map(String::strip).filter(r -> !r.isEmpty());
    }
}
