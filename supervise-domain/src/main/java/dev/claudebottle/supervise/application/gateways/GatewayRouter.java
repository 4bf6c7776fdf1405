package dev.claudebottle.supervise.application.gateways;

import dev.claudebottle.supervise.api.GatewayProfile;
import dev.claudebottle.supervise.application.port.out.BottleDiscovery;
import dev.claudebottle.supervise.application.port.out.ComponentConfigs;
import dev.claudebottle.supervise.application.port.out.GatewayException;
import dev.claudebottle.supervise.application.port.out.Installation;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link ComponentConfigs} and {@link BottleDiscovery} over several gateways: each bottle's calls go to the gateway
 * (local, Docker, …) that runs that bottle's component. The composition root builds it over every registered gateway;
 * an embedder with one gateway does not need it. Which gateway that is gets discovered on first use and
 * remembered. Thread-safe.
 */
public final class GatewayRouter implements ComponentConfigs, BottleDiscovery {
    /** One gateway's two ports, under its name. */
    public record Gateway(ComponentConfigs configs, BottleDiscovery discovery) {}

    private final Map<String, Gateway> gateways;
    private final Map<BottleId, Gateway> chosen = new ConcurrentHashMap<>();

    /**
     * The router over every registered gateway, asked in their profiles' {@link GatewayProfile#lookupOrder()} (ties by
     * name); a gateway without a profile is asked last.
     *
     * @param configs each gateway's {@link ComponentConfigs} by name
     * @param discovery each gateway's {@link BottleDiscovery} by name (the same names)
     * @param profiles the gateways' profiles by name
     * @throws IllegalArgumentException when a gateway registered one port but not the other
     */
    public static GatewayRouter over(Map<String, ComponentConfigs> configs, Map<String, BottleDiscovery> discovery,
            Map<String, GatewayProfile> profiles) {
        if (!configs.keySet().equals(discovery.keySet())) {
            throw new IllegalArgumentException("every gateway registers both ComponentConfigs and BottleDiscovery; got "
                    + configs.keySet() + " and " + discovery.keySet());
        }
        List<String> names = new java.util.ArrayList<>(configs.keySet());
        names.sort(java.util.Comparator.comparingInt((String name) -> profiles.getOrDefault(name, GatewayProfile.DEFAULT)
                .lookupOrder()).thenComparing(java.util.Comparator.naturalOrder()));
        Map<String, Gateway> ordered = new LinkedHashMap<>();
        names.forEach(name -> ordered.put(name, new Gateway(configs.get(name), discovery.get(name))));
        return new GatewayRouter(ordered);
    }

    /** @param gateways by name, in the order they are asked (cheap ones first) */
    public GatewayRouter(Map<String, Gateway> gateways) {
        this.gateways = new LinkedHashMap<>(gateways);
    }

    @Override
    public ConfigFile current(BottleId bottle, Component component) {
        return gatewayOf(bottle, component).configs().current(bottle, component);
    }

    @Override
    public Installation install(BottleId bottle, Component component, ConfigFile base, ConfigFile next)
            throws InterruptedException {
        return gatewayOf(bottle, component).configs().install(bottle, component, base, next);
    }

    /** Bottles running {@code component} on any gateway that answers; fails only when none answers. */
    @Override
    public Set<BottleId> bottlesRunning(Component component) {
        Set<BottleId> running = new LinkedHashSet<>();
        GatewayException lastFailure = null;
        int answered = 0;
        for (Gateway gateway : gateways.values()) {
            try {
                running.addAll(gateway.discovery().bottlesRunning(component));
                answered++;
            } catch (GatewayException e) {
                lastFailure = e;
            }
        }
        if (answered == 0 && lastFailure != null) {
            throw lastFailure;
        }
        return running;
    }

    /** The gateway names, in the order they are asked. */
    public List<String> names() {
        return List.copyOf(gateways.keySet());
    }

    private Gateway gatewayOf(BottleId bottle, Component component) {
        Gateway known = chosen.get(bottle);
        if (known != null) {
            return known;
        }
        Map<String, String> silent = new LinkedHashMap<>();
        for (Map.Entry<String, Gateway> entry : gateways.entrySet()) {
            Gateway gateway = entry.getValue();
            try {
                if (gateway.discovery().bottlesRunning(component).contains(bottle)) {
                    chosen.put(bottle, gateway);
                    return gateway;
                }
            } catch (GatewayException e) {
                // This gateway does not answer (e.g. no Docker engine, a cluster refusing the account); the bottle may
                // run on another. Said below when no gateway has it, since the bottle may be on the silent one.
                silent.put(entry.getKey(), e.getMessage());
            }
        }
        StringBuilder why = new StringBuilder();
        silent.forEach((name, message) -> why.append("; gateway ").append(name).append(" could not be asked: ").append(message));
        throw new GatewayException(GatewayException.Reason.BOTTLE_NOT_FOUND, bottle, component,
                "no running bottle named " + bottle + " (its " + component + " is not running on any gateway: "
                        + String.join(", ", gateways.keySet()) + why + "); start it with `bottle up " + bottle
                        + "` or list bottles with `bottle ls`");
    }
}
