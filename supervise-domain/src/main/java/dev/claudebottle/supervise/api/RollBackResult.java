package dev.claudebottle.supervise.api;

import dev.claudebottle.routes.Sha256;

/** What a rollback came to. */
public sealed interface RollBackResult {

    /** The target version was put through the apply pipeline; {@code change} says how that went. */
    record Attempted(Sha256 target, ChangeResult change) implements RollBackResult {}

    /** There is no such version to go back to; {@code message} says why. */
    record NoSuchVersion(String message) implements RollBackResult {}
}
