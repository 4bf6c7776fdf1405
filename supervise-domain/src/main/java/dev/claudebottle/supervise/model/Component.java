package dev.claudebottle.supervise.model;

import java.util.regex.Pattern;

/** A part of a bottle that the supervisor can read, write and signal: a sidecar or the agent itself. */
public record Component(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");

    /** The HTTPS forward proxy sidecar that enforces routes.yaml. */
    public static final Component EGRESS_PROXY = new Component("egress-proxy");
    /** The agent's container; it only ever receives read-only copies of the current configuration. */
    public static final Component AGENT = new Component("agent");
    /** The supervise MCP sidecar. */
    public static final Component SUPERVISE = new Component("supervise");

    public Component {
        if (name == null || name.length() > 64 || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a component name (lowercase words joined by hyphens): "
                    + BottleId.quoted(name));
        }
    }

    public static Component of(String name) {
        return new Component(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
