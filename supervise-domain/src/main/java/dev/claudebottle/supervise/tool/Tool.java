package dev.claudebottle.supervise.tool;

import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ToolId;
import java.util.Objects;

/**
 * A remediation tool agents can call: its name, the component whose file it changes, the file's
 * name (for messages and diffs), the validator the component itself would apply, how changes are
 * installed, and how they are shown in the audit log.
 *
 * <p>{@code applier} is transitional: it is {@link Applier#over} the gateway's
 * {@link dev.claudebottle.supervise.application.port.out.ComponentConfigs} and goes once the use cases call that
 * port themselves (issue 14).
 */
public record Tool(ToolId id, Component component, String fileName, ContentValidator validator,
        @Deprecated Applier applier, DiffRenderer diff) {
    public Tool {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(component, "component");
        if (fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException("a tool names the file it changes");
        }
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(applier, "applier");
        Objects.requireNonNull(diff, "diff");
    }
}
