package dev.claudebottle.supervise.api;

import dev.claudebottle.supervise.model.ConfigFile;
import java.util.Objects;
import java.util.Optional;

/** The file a tool's component runs now, or why it could not be read ({@code problem}, empty when read). */
public record LiveConfig(Optional<ConfigFile> file, String problem) {
    public LiveConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(problem, "problem");
    }
}
