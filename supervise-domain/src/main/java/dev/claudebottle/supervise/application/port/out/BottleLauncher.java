package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.BottleId;
import java.util.List;
import java.util.Optional;

/**
 * Starts, stops and lists bottles on one kind of runtime (Docker containers, or local processes).
 * Each gateway ({@link ComponentConfigs} and {@link BottleDiscovery} implementation) comes with its launcher.
 *
 * <p>Contract: every method blocks until done; implementations are thread-safe. {@link #up} returns
 * only once the bottle is ready (egress-proxy listening, supervise answering) and leaves nothing
 * behind when it fails. Failures throw {@link GatewayException} with a message that says what to do.
 */
public interface BottleLauncher {

    /** The gateway's name as users type it after {@code --gateway}: {@code docker} or {@code local}. */
    String name();

    /** Whether this runtime can start bottles here now (for Docker: an engine answers). Never throws. */
    boolean available();

    /**
     * Starts the bottle described by {@code request} and returns how to reach it.
     *
     * @throws GatewayException when the bottle already exists, the runtime is unreachable, or a
     *     component did not become ready (everything started so far has been removed again)
     */
    RunningBottle up(LaunchRequest request) throws InterruptedException;

    /**
     * Stops the bottle and removes everything {@link #up} created for it, except its proposal queue and
     * audit history where they are kept apart from the runtime (the state home's file store). A gateway that keeps a
     * bottle's state with its runtime removes them together and says so (Kubernetes: the bottle's namespace holds
     * both, and goes; docs/kubernetes.md).
     *
     * @return false when no such bottle existed on this runtime
     */
    boolean down(BottleId bottle);

    /** The bottles this runtime runs now, sorted by name. */
    List<RunningBottle> list();

    /**
     * A dry run of {@link #up}: what it would create for {@code request}, as text for the operator (Kubernetes: the
     * objects as YAML), creating nothing and reaching no runtime. Empty for a gateway that has no dry run.
     *
     * @throws GatewayException when {@code request} cannot be started on this gateway (say why)
     */
    default Optional<String> plan(LaunchRequest request) {
        return Optional.empty();
    }
}
