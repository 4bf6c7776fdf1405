package dev.claudebottle.supervise.application.port.out;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the agent container is confined (Docker gateway). The defaults are the hardened ones: a non-root user, at most
 * {@value #DEFAULT_PIDS_LIMIT} processes, {@value #DEFAULT_MEMORY_BYTES} bytes of memory (no swap on top), a writable
 * root file system; no new privileges and no capabilities are not options at all.
 *
 * @param user the {@code USER[:GROUP]} (names or numbers) to run as; empty = the image's user, unless that is root,
 *     then {@value #DEFAULT_USER}
 * @param allowRoot the operator confirms that the agent may run as root (the image's root user, or {@code --user 0})
 * @param pidsLimit the most processes and threads the container may hold at once
 * @param memoryBytes the container's memory limit in bytes (swap included)
 * @param readOnlyRoot the root file system is read-only; only {@code /tmp} (a tmpfs) is writable
 */
public record AgentOptions(Optional<String> user, boolean allowRoot, long pidsLimit, long memoryBytes, boolean readOnlyRoot) {
    public static final long DEFAULT_PIDS_LIMIT = 512;
    public static final long DEFAULT_MEMORY_BYTES = 4L * 1024 * 1024 * 1024;
    /** Who the agent runs as when the image's user is root and the operator did not allow root. */
    public static final String DEFAULT_USER = "1000:1000";
    /** The least memory Docker accepts for a container (6 MiB). */
    public static final long MIN_MEMORY_BYTES = 6L * 1024 * 1024;
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?");

    public AgentOptions {
        Objects.requireNonNull(user, "user");
        if (user.isPresent() && !USER.matcher(user.get()).matches()) {
            throw new IllegalArgumentException("--user wants USER[:GROUP] (names or numbers), got: " + user.get());
        }
        if (user.isPresent() && runsAsRoot(user.get()) && !allowRoot) {
            throw new IllegalArgumentException("--user " + user.get() + " runs the agent as root; add --allow-root to confirm that");
        }
        if (pidsLimit < 16) {
            throw new IllegalArgumentException("--pids-limit must be at least 16 (the agent needs a shell and its tools), got: "
                    + pidsLimit);
        }
        if (memoryBytes < MIN_MEMORY_BYTES) {
            throw new IllegalArgumentException("--memory must be at least 6m (Docker's minimum), got " + memoryBytes + " bytes");
        }
    }

    /** The hardened defaults. */
    public static AgentOptions defaults() {
        return new AgentOptions(Optional.empty(), false, DEFAULT_PIDS_LIMIT, DEFAULT_MEMORY_BYTES, false);
    }

    /** Whether {@code user} ({@code USER[:GROUP]}, as Docker takes it) names the root user: {@code root} or uid 0. */
    public static boolean runsAsRoot(String user) {
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return name.isEmpty() || name.equals("root") || name.chars().allMatch(c -> c == '0');
    }
}
