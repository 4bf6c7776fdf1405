package dev.claudebottle.supervise.tool;

import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ToolId;
import java.util.Objects;

/**
 * A remediation tool agents can call: its name, the component whose file it changes, the file's
 * name (for messages and diffs), the validator the component itself would apply, and how changes are shown in the
 * audit log. How a change reaches the component is the gateway's business
 * ({@link dev.claudebottle.supervise.application.port.out.ComponentConfigs}), not the tool's.
 */
public record Tool(ToolId id, Component component, String fileName, ContentValidator validator,
        DiffRenderer diff) {
    public Tool {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(component, "component");
        if (fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException("a tool names the file it changes");
        }
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(diff, "diff");
    }
}
