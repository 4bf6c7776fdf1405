package dev.claudebottle.local;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a local sidecar starts with: an allowlist of the variables a JVM and its launcher
 * script need from {@code bottle up}'s environment (PATH, HOME, locale, time zone, temporary
 * directory, JAVA_HOME), plus the component's own JVM options variable and what the launcher sets
 * explicitly. Nothing else of the operator's shell (tokens, cloud keys, SSH agent sockets) reaches
 * a child; secrets reach the egress-proxy only on its standard input.
 */
final class ChildEnvironment {
    /** What every child may inherit. */
    static final Set<String> COMMON = Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR",
            "JAVA_HOME", "BOTTLE_DEBUG");
    /** The egress-proxy launcher script's JVM options. */
    static final String PROXY_JAVA_OPTS = "EGRESS_PROXY_JAVA_OPTS";
    /** The bottle launcher script's JVM options (the supervise server runs {@code bottle supervise}). */
    static final String BOTTLE_JAVA_OPTS = "BOTTLE_JAVA_OPTS";

    private ChildEnvironment() {}

    /**
     * The allowlisted part of {@code parent} (COMMON, {@code LC_*} locale variables and {@code extra}),
     * then {@code set} on top.
     */
    static Map<String, String> of(Map<String, String> parent, Set<String> extra, Map<String, String> set) {
        Map<String, String> child = new TreeMap<>();
        parent.forEach((name, value) -> {
            if (COMMON.contains(name) || extra.contains(name) || name.startsWith("LC_")) {
                child.put(name, value);
            }
        });
        child.putAll(set);
        return child;
    }
}
