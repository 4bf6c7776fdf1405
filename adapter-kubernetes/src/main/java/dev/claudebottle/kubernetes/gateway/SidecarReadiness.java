package dev.claudebottle.kubernetes.gateway;

import dev.claudebottle.egress.contract.ProxyStatus;
import dev.claudebottle.supervise.model.Component;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Waits until a bottle's sidecars are ready, as bottle up on Kubernetes defines it: the proxy's status says
 * {@code running} and carries its CA, and the supervise pod's {@code Ready} condition (which only a kubelet sets) is
 * {@code True}. On timeout it says which pod is not running and what its status shows.
 */
final class SidecarReadiness {
    private static final Duration POLL = Duration.ofMillis(200);

    private final KubernetesClient client;
    private final String namespace;

    SidecarReadiness(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The outcome: the proxy's CA when both are ready, else why not. */
    sealed interface Outcome {
        record Ready(String caPem) implements Outcome {}

        record NotReady(String why) implements Outcome {}
    }

    Outcome await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> ca = proxyCa();
            boolean supervise = ready(pod(Component.SUPERVISE));
            if (ca.isPresent() && supervise) {
                return new Outcome.Ready(ca.get());
            }
            Pod failed = failedPod();
            if (failed != null || System.nanoTime() > deadline) {
                return new Outcome.NotReady(why(ca.isPresent(), supervise));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private Pod failedPod() {
        for (Component component : List.of(Component.EGRESS_PROXY, Component.SUPERVISE)) {
            Pod pod = pod(component);
            if (pod != null && pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase())) {
                return pod;
            }
        }
        return null;
    }

    private String why(boolean proxyReady, boolean superviseReady) {
        List<String> reasons = new ArrayList<>();
        if (!proxyReady) {
            reasons.add("the egress-proxy pod is not running (" + describe(pod(Component.EGRESS_PROXY))
                    + "; its status in ConfigMap " + BottleNames.STATUS + ": " + statusText() + ")");
        }
        if (!superviseReady) {
            reasons.add("the supervise pod is not running (" + describe(pod(Component.SUPERVISE)) + ")");
        }
        return String.join("; ", reasons);
    }

    /** The CA, once the status says running and holds it. */
    private Optional<String> proxyCa() {
        ConfigMap status = client.configMaps().inNamespace(namespace).withName(BottleNames.STATUS).get();
        if (status == null || status.getData() == null) {
            return Optional.empty();
        }
        String json = status.getData().get(BottleNames.STATUS_KEY);
        String ca = status.getData().get(BottleNames.CA_KEY);
        if (json == null || ca == null || !ca.contains("-----BEGIN CERTIFICATE-----")) {
            return Optional.empty();
        }
        try {
            return ProxyStatus.parse(json.getBytes(StandardCharsets.UTF_8)).state().filter("running"::equals).map(s -> ca);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String statusText() {
        ConfigMap status = client.configMaps().inNamespace(namespace).withName(BottleNames.STATUS).get();
        if (status == null) {
            return "missing";
        }
        if (status.getData() == null || status.getData().get(BottleNames.STATUS_KEY) == null) {
            return "nothing written yet";
        }
        return status.getData().get(BottleNames.STATUS_KEY).strip();
    }

    private Pod pod(Component component) {
        return client.pods().inNamespace(namespace).withName(component.name()).get();
    }

    private static boolean ready(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The pod's state in a few words: phase, node, and each container's waiting or terminated reason. */
    static String describe(Pod pod) {
        if (pod == null) {
            return "the pod is missing";
        }
        if (pod.getStatus() == null || pod.getStatus().getPhase() == null) {
            return "no status yet: no scheduler or kubelet has taken it";
        }
        StringBuilder text = new StringBuilder("phase " + pod.getStatus().getPhase());
        if (pod.getSpec() == null || pod.getSpec().getNodeName() == null) {
            text.append(", not scheduled to a node (is there a scheduler, and a node that can take it?)");
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
                var state = container.getState();
                if (state != null && state.getWaiting() != null) {
                    text.append(", container ").append(container.getName()).append(" waiting: ")
                            .append(state.getWaiting().getReason());
                    if (state.getWaiting().getMessage() != null) {
                        text.append(" (").append(state.getWaiting().getMessage()).append(')');
                    }
                } else if (state != null && state.getTerminated() != null) {
                    text.append(", container ").append(container.getName()).append(" exited with ")
                            .append(state.getTerminated().getExitCode());
                }
            }
        }
        if (pod.getStatus().getMessage() != null) {
            text.append(": ").append(pod.getStatus().getMessage());
        }
        return text.toString();
    }
}
