package dev.claudebottle.supervise.tool;

import dev.claudebottle.routes.Problem;
import java.util.List;

/** What a tool's validator says about a proposed file: fine, or every problem with it. */
public sealed interface Validation {

    /** No problem found. */
    record Valid() implements Validation {}

    /** Never empty; problems in document order, each with line, column and path. */
    record Invalid(List<Problem> problems) implements Validation {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid file has at least one problem");
            }
        }
    }
}
