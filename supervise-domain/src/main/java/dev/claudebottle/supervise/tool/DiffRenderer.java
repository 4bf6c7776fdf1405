package dev.claudebottle.supervise.tool;

import dev.claudebottle.supervise.model.ConfigFile;

/** Renders a change to a tool's file as a unified diff, for the audit log. Stateless and thread-safe. */
@FunctionalInterface
public interface DiffRenderer {
    /** The unified diff from {@code before} to {@code after}, for the audit log and the operator's review. */
    String unifiedDiff(ConfigFile before, ConfigFile after);
}
