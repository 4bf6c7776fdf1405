package dev.claudebottle.supervise.api;

/** What an operator's direct change of a component's file came to. */
public sealed interface EditResult {
    /** The change went through the apply pipeline; {@code change} says how that went. */
    record Attempted(ChangeResult change) implements EditResult {}

    /** Nothing written: the guardrail policy refuses it and no override was given; {@code message} lists the rules. */
    record Refused(String message) implements EditResult {}
}
