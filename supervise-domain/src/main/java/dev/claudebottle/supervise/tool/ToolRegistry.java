package dev.claudebottle.supervise.tool;

import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ToolId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools this supervisor knows. Adding a tool is one registration: its name, component, file name, validator and
 * diff (how its file reaches the component is the gateway's {@code ComponentConfigs}, not the tool's). Each component is changed by one tool, so the component also finds its tool (for the
 * operator's own edits). Immutable and thread-safe.
 */
public final class ToolRegistry {
    private final Map<ToolId, Tool> byId;

    private ToolRegistry(Map<ToolId, Tool> byId) {
        this.byId = byId;
    }

    /**
     * A registry of {@code tools}.
     *
     * @throws IllegalArgumentException when two tools have the same name or change the same component
     */
    public static ToolRegistry of(Tool... tools) {
        Map<ToolId, Tool> byId = new LinkedHashMap<>();
        for (Tool tool : tools) {
            if (byId.putIfAbsent(tool.id(), tool) != null) {
                throw new IllegalArgumentException("tool registered twice: " + tool.id());
            }
            if (byId.values().stream().filter(t -> t.component().equals(tool.component())).count() > 1) {
                throw new IllegalArgumentException("two tools change component " + tool.component());
            }
        }
        return new ToolRegistry(Map.copyOf(byId));
    }

    /** The tool named {@code id}, if registered. */
    public Optional<Tool> find(ToolId id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The tool named {@code id}; an unknown tool is a wiring bug.
     *
     * @throws IllegalArgumentException when none is registered
     */
    public Tool require(ToolId id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no tool named " + id + " is registered"));
    }

    /**
     * The tool that changes {@code component}'s file.
     *
     * @throws IllegalArgumentException when none does
     */
    public Tool forComponent(Component component) {
        return byId.values().stream().filter(t -> t.component().equals(component)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tool changes component " + component));
    }

    /** Every registered tool, by name. */
    public List<Tool> all() {
        return byId.values().stream().sorted(java.util.Comparator.comparing(t -> t.id().value())).toList();
    }
}
