package dev.claudebottle.supervise.tool;

import dev.claudebottle.supervise.model.ConfigFile;

/**
 * A tool's syntactic check of a proposed file, run before anything is queued and again before it is
 * applied. Must be the same check the component itself makes. Stateless and thread-safe; reports
 * problems as values, never throws for bad input.
 */
@FunctionalInterface
public interface ContentValidator {
    /** {@link Validation.Valid}, or {@link Validation.Invalid} with every problem in {@code file}; never throws for bad content. */
    Validation validate(ConfigFile file);
}
