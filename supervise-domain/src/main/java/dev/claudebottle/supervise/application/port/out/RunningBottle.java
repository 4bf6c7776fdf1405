package dev.claudebottle.supervise.application.port.out;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A bottle as its launcher sees it: how an agent reaches its egress-proxy and supervise server, and
 * the state of each component.
 *
 * @param proxyUrl the egress-proxy as an agent sets it in {@code HTTPS_PROXY} (reachable from the agent)
 * @param caCert the host path of the certificate the agent must trust
 * @param mcpUrl the supervise server's streamable-HTTP endpoint (reachable from the agent)
 * @param mcpTokenFile the host path of the bearer token for {@code mcpUrl}
 * @param components each component's state as the runtime reports it (running, exited, ...)
 */
public record RunningBottle(BottleId name, String gateway, String proxyUrl, String caCert, String mcpUrl,
        String mcpTokenFile, Map<Component, String> components) {
    public RunningBottle {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(proxyUrl, "proxyUrl");
        Objects.requireNonNull(caCert, "caCert");
        Objects.requireNonNull(mcpUrl, "mcpUrl");
        Objects.requireNonNull(mcpTokenFile, "mcpTokenFile");
        TreeMap<Component, String> sorted = new TreeMap<>((a, b) -> a.name().compareTo(b.name()));
        sorted.putAll(components);
        components = java.util.Collections.unmodifiableMap(sorted);
    }
}
