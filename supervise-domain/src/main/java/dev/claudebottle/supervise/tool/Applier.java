package dev.claudebottle.supervise.tool;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.model.ConfigFile;

/**
 * How a tool's file reaches its component: read the live file, install a new one and confirm the
 * component took it, restoring the previous file when it did not. Callers hold the bottle's lock.
 *
 * <p>Contract: blocking, thread-safe; gateway failures while reading propagate as
 * {@link dev.claudebottle.supervise.application.port.out.GatewayException}; failures during
 * installation are reported as {@link Installation.NotInstalled}.
 */
public interface Applier {

    /** The file the component has now; an absent file reads as empty. */
    ConfigFile current(BottleId bottle);

    /**
     * Replaces {@code previous} with {@code next} in the component and confirms it is live; on any
     * failure puts {@code previous} back.
     */
    Installation install(BottleId bottle, ConfigFile previous, ConfigFile next) throws InterruptedException;

    /**
     * An applier for a process that only validates and queues proposals (the supervise sidecar,
     * which has no access to components): every call fails with {@code why}.
     */
    static Applier unavailable(String why) {
        return new Applier() {
            @Override
            public ConfigFile current(BottleId bottle) {
                throw new IllegalStateException(why);
            }

            @Override
            public Installation install(BottleId bottle, ConfigFile previous, ConfigFile next) {
                throw new IllegalStateException(why);
            }
        };
    }
}
