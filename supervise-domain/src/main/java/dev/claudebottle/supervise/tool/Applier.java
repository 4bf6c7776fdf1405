package dev.claudebottle.supervise.tool;

import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
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
     * The applier that reads and installs {@code component}'s file through the capability-level port. Kept while
     * application code still calls {@link Tool#applier()}; it goes when every caller uses {@link ComponentConfigs}.
     */
    static Applier over(ComponentConfigs configs, Component component) {
        java.util.Objects.requireNonNull(configs, "configs");
        java.util.Objects.requireNonNull(component, "component");
        return new Applier() {
            @Override
            public ConfigFile current(BottleId bottle) {
                return configs.current(bottle, component);
            }

            @Override
            public Installation install(BottleId bottle, ConfigFile previous, ConfigFile next)
                    throws InterruptedException {
                return configs.install(bottle, component, previous, next);
            }
        };
    }

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
