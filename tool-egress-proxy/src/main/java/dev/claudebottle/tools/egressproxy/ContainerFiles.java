package dev.claudebottle.tools.egressproxy;

import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.util.Optional;

/**
 * What a gateway that reaches into containers (Docker) or component directories (local) offers the file + SIGHUP +
 * status protocol of {@link FileAndSignalConfigs}: read a file, replace one atomically, send SIGHUP to the main
 * process. A gateway without files or signals (Kubernetes) does not implement it; it implements
 * {@link dev.claudebottle.supervise.application.port.out.ComponentConfigs} itself.
 *
 * <p>Contract: every method blocks until done; implementations are thread-safe. Paths are absolute, as the component
 * sees them (inside its container); a relative path or one leaving the root is an {@link IllegalArgumentException}.
 * Failures throw {@link GatewayException} naming the bottle, the component and the reason; nothing is retried.
 */
public interface ContainerFiles {

    /**
     * The exact bytes of {@code path} in the component, or empty when that file does not exist.
     *
     * @throws GatewayException when the bottle or component cannot be reached
     */
    Optional<byte[]> read(BottleId bottle, Component component, String path);

    /**
     * Replaces {@code path} in the component with exactly {@code content}, creating missing directories. Atomic as
     * the component sees it: a reader sees the old bytes or the new ones, never a mix.
     *
     * @throws GatewayException when the bottle or component cannot be reached or the write fails
     */
    void write(BottleId bottle, Component component, String path, byte[] content);

    /**
     * Sends SIGHUP to the component's main process (egress-proxy reloads its routes on it).
     *
     * @throws GatewayException when the bottle or component cannot be reached
     */
    void hangUp(BottleId bottle, Component component);

    /**
     * The normalised absolute form of a component path, checked as every implementation must: absolute, no NUL, naming
     * a file inside the component (not its root, not climbing out with {@code ..}).
     *
     * @throws IllegalArgumentException saying which rule {@code path} breaks
     */
    static String checkedPath(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a component path must be absolute, e.g. /etc/egress-proxy/routes.yaml: " + path);
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a component path must not contain NUL");
        }
        java.nio.file.Path relative = java.nio.file.Path.of(path.substring(1)).normalize();
        if (relative.toString().isEmpty() || relative.startsWith("..")) {
            throw new IllegalArgumentException("a component path must name a file inside the component: " + path);
        }
        return "/" + relative;
    }
}
