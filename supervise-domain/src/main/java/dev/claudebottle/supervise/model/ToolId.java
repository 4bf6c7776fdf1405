package dev.claudebottle.supervise.model;

import java.util.regex.Pattern;

/** The name of an agent-facing remediation tool, such as {@code egress-proxy-block}. */
public record ToolId(String value) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");

    /** The tool an agent calls when egress-proxy refused its request. */
    public static final ToolId EGRESS_PROXY_BLOCK = new ToolId("egress-proxy-block");

    public ToolId {
        if (value == null || value.length() > 64 || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("not a tool name (lowercase words joined by hyphens): "
                    + BottleId.quoted(value));
        }
    }

    public static ToolId of(String value) {
        return new ToolId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
