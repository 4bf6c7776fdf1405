package dev.claudebottle.supervise.application.changes;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator changes a component's file directly ({@code routes edit}, {@code routes apply}).
 *
 * @param editedAgainst the SHA-256 of the file the edit started from, when known; the change is
 *     refused as stale if the live file is no longer that one
 */
public record OperatorEditCommand(BottleId bottle, Component component, ConfigFile content,
        Optional<Sha256> editedAgainst, Operator operator, Optional<String> reason) {
    public OperatorEditCommand {
        Objects.requireNonNull(bottle, "bottle");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(editedAgainst, "editedAgainst");
        Objects.requireNonNull(operator, "operator");
        reason = Objects.requireNonNull(reason, "reason").map(String::strip).filter(r -> !r.isEmpty());
    }
}
