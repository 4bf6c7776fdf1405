package dev.claudebottle.supervise.tool;

import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import java.util.Objects;

/**
 * {@link ComponentConfigs} over the {@link Applier} of the tool registered for each component: the bridge until the
 * gateways implement the port themselves. Blocking and thread-safe as the appliers are.
 */
public final class ToolApplierConfigs implements ComponentConfigs {
    private final ToolRegistry tools;

    public ToolApplierConfigs(ToolRegistry tools) {
        this.tools = Objects.requireNonNull(tools, "tools");
    }

    @Override
    public ConfigFile current(BottleId bottle, Component component) {
        return tools.forComponent(component).applier().current(bottle);
    }

    @Override
    public Installation install(BottleId bottle, Component component, ConfigFile base, ConfigFile next)
            throws InterruptedException {
        return tools.forComponent(component).applier().install(bottle, base, next);
    }
}
