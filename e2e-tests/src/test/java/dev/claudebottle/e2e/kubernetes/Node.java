package dev.claudebottle.e2e.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** What a {@link PodRun} needs from the node it runs on: the API, the networks, and the Services' names. */
interface Node {
    KubernetesClient client();

    String instance();

    /** The node name the stand-in binds pods to, as a scheduler would (its {@code spec.nodeName}). */
    String nodeName();

    /** Records a failure the tests should see ({@link KubeletStandIn#problems()}). */
    void problem(String what);

    /** The host name containers use for the API server, mapped to {@link #bridgeAddress()}. */
    String apiServerHost();

    /** The API server's address as containers reach it (the Docker bridge), also reported as the pod's host IP. */
    String bridgeAddress();

    Map<String, String> apiServerVariables();

    Duration syncPeriod();

    /** The Docker network of {@code namespace}, created (with the upstreams joined) on first use. */
    String networkOf(String namespace);

    /** The DNS names of the Services in the pod's namespace whose selector matches the pod's labels. */
    Set<String> serviceAliases(Pod pod);
}
