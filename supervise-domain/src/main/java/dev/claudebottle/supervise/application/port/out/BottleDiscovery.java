package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.util.Set;

/**
 * Which bottles run a component now, as the gateway sees them. Blocking and thread-safe.
 */
public interface BottleDiscovery {

    /**
     * The bottles in which {@code component} is running now.
     *
     * @throws GatewayException with {@link GatewayException.Reason#ENGINE_UNREACHABLE} when nothing answers
     */
    Set<BottleId> bottlesRunning(Component component);
}
