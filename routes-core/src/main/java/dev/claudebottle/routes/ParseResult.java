package dev.claudebottle.routes;

import java.util.List;

/** What parsing a routes file gives: valid routes, or every problem found. Never an exception. */
public sealed interface ParseResult {

    /** The file was valid; {@code routes} is what it says and {@code file} is its exact bytes. */
    record Valid(Routes routes, RoutesFile file) implements ParseResult {}

    /** The file was invalid; all problems, in document order, never empty. */
    record Invalid(List<Problem> problems) implements ParseResult {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid result carries at least one problem");
            }
        }
    }
}
