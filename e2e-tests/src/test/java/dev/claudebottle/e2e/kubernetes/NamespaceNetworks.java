package dev.claudebottle.e2e.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stand-in's stand-in for Services and DNS: one Docker bridge network per namespace ({@code k8s-<namespace>},
 * labelled with the instance and the namespace), created on first use, with the test's upstream containers joined
 * to each under their host names. Thread-safe.
 */
final class NamespaceNetworks {
    private final String instance;
    private final Map<String, String> networks = new LinkedHashMap<>();
    private final Map<String, List<String>> upstreams = new LinkedHashMap<>();

    NamespaceNetworks(String instance) {
        this.instance = instance;
    }

    /** The network of {@code namespace}, created (with the upstreams joined) when missing. */
    synchronized String of(String namespace) {
        String existing = networks.get(namespace);
        if (existing != null) {
            return existing;
        }
        String network = "k8s-" + namespace;
        StandInDocker.ok("docker", "network", "create", "--label", StandInDocker.LABEL + "=" + instance,
                "--label", StandInDocker.NAMESPACE_LABEL + "=" + namespace, network);
        networks.put(namespace, network);
        upstreams.forEach((container, hosts) -> connect(network, container, hosts));
        return network;
    }

    /** Joins {@code container} to every namespace network, now and later, under {@code hostNames}. */
    synchronized void joinUpstream(String container, List<String> hostNames) {
        upstreams.put(container, List.copyOf(hostNames));
        for (String network : networks.values()) {
            connect(network, container, hostNames);
        }
    }

    /** Removes the namespace's containers and its network. */
    synchronized void removeNamespace(String namespace) {
        removeContainers("label=" + StandInDocker.NAMESPACE_LABEL + "=" + namespace);
        String network = networks.remove(namespace);
        if (network != null) {
            removeNetwork(network);
        }
    }

    /** Removes every container and network of the instance, also those a crashed earlier run left. */
    synchronized void removeAll() {
        removeContainers("label=" + StandInDocker.LABEL + "=" + instance);
        for (String network : StandInDocker.run("docker", "network", "ls", "-q", "--filter",
                "label=" + StandInDocker.LABEL + "=" + instance).out().split("\\s+")) {
            if (!network.isBlank()) {
                removeNetwork(network);
            }
        }
        networks.clear();
    }

    private static void connect(String network, String container, List<String> hosts) {
        List<String> command = new ArrayList<>(List.of("docker", "network", "connect"));
        hosts.forEach(host -> command.addAll(List.of("--alias", host)));
        command.addAll(List.of(network, container));
        StandInDocker.ok(command);
    }

    private static void removeContainers(String filter) {
        for (String id : StandInDocker.run("docker", "ps", "-aq", "--filter", filter).out().split("\\s+")) {
            if (!id.isBlank()) {
                StandInDocker.run("docker", "rm", "-f", "-v", id);
            }
        }
    }

    /** Disconnects whatever else is on {@code network} (the test's upstreams) and removes it. */
    private static void removeNetwork(String network) {
        String attached = StandInDocker.run("docker", "network", "inspect", "-f",
                "{{range $id, $c := .Containers}}{{$id}} {{end}}", network).out();
        for (String container : attached.split("\\s+")) {
            if (!container.isBlank()) {
                StandInDocker.run("docker", "network", "disconnect", "-f", network, container);
            }
        }
        StandInDocker.run("docker", "network", "rm", network);
    }
}
