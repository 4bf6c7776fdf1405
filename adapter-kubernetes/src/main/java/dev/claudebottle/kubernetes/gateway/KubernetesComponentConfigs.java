package dev.claudebottle.kubernetes.gateway;

import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import java.util.Objects;

/**
 * PLACEHOLDER (branch k8s-gateway): the Kubernetes delivery of a component's configuration (write the routes
 * ConfigMap, wait for the proxy's acknowledgement) is written on another branch, which replaces this file.
 */
public final class KubernetesComponentConfigs implements ComponentConfigs {
    private final KubeConnection connection;

    public KubernetesComponentConfigs(KubeConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    @Override
    public ConfigFile current(BottleId bottle, Component component) {
        throw new UnsupportedOperationException("KubernetesComponentConfigs.current is pending (instance "
                + connection.instance() + ")");
    }

    @Override
    public Installation install(BottleId bottle, Component component, ConfigFile base, ConfigFile next) {
        throw new UnsupportedOperationException("KubernetesComponentConfigs.install is pending");
    }
}
