package dev.claudebottle.docker;

import com.github.dockerjava.api.model.HostConfig;
import dev.claudebottle.supervise.application.port.out.AgentOptions;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link AgentOptions} mean for the agent container: which user it runs as, and the limits on its host
 * configuration (processes, memory without extra swap, a read-only root with a tmpfs {@code /tmp}).
 */
final class AgentConfinement {
    /** The writable scratch space a read-only root keeps: world-writable and sticky, like a usual /tmp. */
    static final String TMPFS_OPTIONS = "rw,nosuid,nodev,mode=1777,size=256m";

    private AgentConfinement() {}

    /**
     * The user to set on the container, or empty to keep the image's. An explicit {@code --user} wins (the options have
     * checked it); otherwise the image's user, unless that is root (unset, {@code root}, uid 0) and the operator did not
     * pass {@code --allow-root}: then {@link AgentOptions#DEFAULT_USER}.
     */
    static Optional<String> user(String imageUser, AgentOptions options) {
        if (options.user().isPresent()) {
            return options.user();
        }
        boolean imageRunsAsRoot = imageUser == null || imageUser.isBlank() || AgentOptions.runsAsRoot(imageUser.strip());
        if (imageRunsAsRoot && !options.allowRoot()) {
            return Optional.of(AgentOptions.DEFAULT_USER);
        }
        return Optional.empty();
    }

    /**
     * Whether {@code user} ({@code USER[:GROUP]}) is root once the image's {@code /etc/passwd} ({@code passwd}, may be
     * empty) maps its name: {@code root}, uid 0, or a name whose passwd line has uid 0 (e.g. {@code toor:x:0:0:...}).
     */
    static boolean isRoot(String user, String passwd) {
        if (AgentOptions.runsAsRoot(user)) {
            return true;
        }
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return passwd.lines().map(line -> line.split(":", -1))
                .anyMatch(fields -> fields.length >= 3 && fields[0].equals(name) && fields[2].strip().chars().allMatch(c -> c == '0')
                        && !fields[2].isBlank());
    }

    static HostConfig limit(HostConfig host, AgentOptions options) {
        host.withPidsLimit(options.pidsLimit()).withMemory(options.memoryBytes()).withMemorySwap(options.memoryBytes());
        if (options.readOnlyRoot()) {
            host.withReadonlyRootfs(true).withTmpFs(Map.of("/tmp", TMPFS_OPTIONS));
        }
        return host;
    }
}
