package dev.claudebottle.supervise.api;

import dev.claudebottle.routes.Problem;
import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.model.ConfigFile;
import java.util.List;
import java.util.Objects;

/** What putting a new file into a component came to: the apply pipeline's answer. */
public sealed interface ChangeResult {

    /** The new file is live and confirmed; {@code diff} is the change from {@code previous}. */
    record Changed(ConfigFile previous, ConfigFile now, String diff, List<String> warnings) implements ChangeResult {
        public Changed {
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(diff, "diff");
            warnings = List.copyOf(warnings);
        }
    }

    /** The component already runs exactly this file; nothing was written. */
    record Unchanged(ConfigFile current) implements ChangeResult {}

    /** The file changed since {@code expected} was read: not applied blindly. */
    record Stale(Sha256 expected, Sha256 actual) implements ChangeResult {}

    /** The file does not validate; nothing was written. */
    record Invalid(List<Problem> problems) implements ChangeResult {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    /** Writing or confirming failed; {@code restored} says whether {@code previous} is back. */
    record NotInstalled(ConfigFile previous, ConfigFile attempted, String diff, String cause, boolean restored) implements ChangeResult {}
}
