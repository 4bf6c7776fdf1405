package dev.claudebottle.kubernetes.gateway;

import dev.claudebottle.egress.contract.ProxyStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What a kubelet and a running proxy would report, written through the API as they would (the status ConfigMap with
 * {@code running} and a CA; the supervise pod's Ready condition), so {@code up} can finish without a kubelet. Runs on
 * its own thread until both are written or it is interrupted.
 */
final class FakeKubeletReadiness implements Runnable {
    static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";

    private final KubernetesClient admin;
    private final String namespace;

    FakeKubeletReadiness(KubernetesClient admin, String namespace) {
        this.admin = admin;
        this.namespace = namespace;
    }

    static Thread start(KubernetesClient admin, String namespace) {
        Thread thread = new Thread(new FakeKubeletReadiness(admin, namespace), "fake-kubelet-" + namespace);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        try {
            boolean proxy = false;
            boolean supervise = false;
            while (!(proxy && supervise)) {
                if (!proxy) {
                    ConfigMap status = admin.configMaps().inNamespace(namespace).withName(BottleNames.STATUS).get();
                    if (status != null) {
                        String json = new String(new ProxyStatus(1, Optional.empty(), Optional.empty(), Optional.empty(),
                                Optional.empty(), Optional.empty(), java.util.List.of(), true, Optional.empty(),
                                Optional.of("running"), Optional.of("0.0.0.0:3128"), Optional.empty()).toJson(),
                                StandardCharsets.UTF_8);
                        status.setData(Map.of(BottleNames.STATUS_KEY, json, BottleNames.CA_KEY, CA));
                        admin.configMaps().inNamespace(namespace).resource(status).update();
                        proxy = true;
                    }
                }
                if (!supervise) {
                    Pod pod = admin.pods().inNamespace(namespace).withName("supervise").get();
                    if (pod != null) {
                        pod.setStatus(new PodStatusBuilder().withPhase("Running").withConditions(new PodConditionBuilder()
                                .withType("Ready").withStatus("True").build()).build());
                        admin.pods().inNamespace(namespace).resource(pod).updateStatus();
                        supervise = true;
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
