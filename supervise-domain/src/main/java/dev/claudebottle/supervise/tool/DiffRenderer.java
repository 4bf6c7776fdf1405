package dev.claudebottle.supervise.tool;

import dev.claudebottle.supervise.model.ConfigFile;

/** Renders a change to a tool's file as a unified diff, for the audit log. Stateless and thread-safe. */
@FunctionalInterface
public interface DiffRenderer {
    String unifiedDiff(ConfigFile before, ConfigFile after);
}
