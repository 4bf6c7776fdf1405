package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.util.Optional;
import java.util.Set;

/**
 * Reaches into a bottle's components: read a file, write one, signal the main process, and find
 * which bottles run a component. Docker, the local process gateway and (later) Kubernetes
 * implement it.
 *
 * <p>Contract: every method blocks until done; implementations are thread-safe. Paths are absolute
 * paths as the component sees them (inside its container). Failures throw {@link GatewayException}
 * naming the reason (bottle not found, component not running, engine unreachable, operation
 * failed); nothing is retried silently.
 */
public interface SidecarGateway {

    /**
     * The exact bytes of {@code path} in the component, or empty when that file does not exist.
     *
     * @throws GatewayException when the bottle or component cannot be reached
     */
    Optional<byte[]> read(BottleId bottle, Component component, String path);

    /**
     * Replaces {@code path} in the component with exactly {@code content}. The replacement is atomic
     * as the component sees it: a reader of the path sees the old bytes or the new ones, never a mix.
     *
     * @throws GatewayException when the bottle or component cannot be reached or the write fails
     */
    void write(BottleId bottle, Component component, String path, byte[] content);

    /**
     * Sends {@code signal} to the component's main process.
     *
     * @throws GatewayException when the bottle or component cannot be reached
     */
    void signal(BottleId bottle, Component component, Signal signal);

    /**
     * The bottles in which {@code component} is running now.
     *
     * @throws GatewayException with {@link GatewayException.Reason#ENGINE_UNREACHABLE} when nothing answers
     */
    Set<BottleId> bottlesRunning(Component component);
}
