package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.routes.Sha256;
import java.util.List;
import java.util.Objects;

/**
 * What installing a file into a component did: the answer of {@link ComponentConfigs#install}, never null. Only
 * {@link Installed} means the component runs the new file.
 */
public sealed interface Installation {

    /**
     * The component confirmed it runs the new file.
     *
     * @param warnings follow-up steps that did not work but leave the change live (such as
     *     refreshing the agent's read-only copy)
     */
    record Installed(Sha256 sha256, List<String> warnings) implements Installation {
        public Installed {
            Objects.requireNonNull(sha256, "sha256");
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * The change did not take; {@code restored} says whether the previous file is back in place
     * (if not, the cause says so and the operator must look).
     */
    record NotInstalled(String cause, boolean restored) implements Installation {
        public NotInstalled {
            if (cause == null || cause.isBlank()) {
                throw new IllegalArgumentException("a failed installation says why");
            }
        }
    }

    /**
     * Nothing was written: the component no longer runs the base the change was made against ({@code live} is what it
     * runs), because another writer came first. The caller treats it as a stale base, never by widening.
     */
    record BaseChanged(Sha256 live) implements Installation {
        public BaseChanged {
            Objects.requireNonNull(live, "live");
        }
    }
}
