package dev.claudebottle.e2e.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a pod's status through the {@code status} subresource as the kubelet reports it: Pending with a waiting
 * reason, Running with {@code Ready=True} once every container runs and answers, Failed (or Succeeded) with the exit
 * code and the end of the container's log. A pod deleted meanwhile is not an error.
 */
final class PodStatuses {
    private final KubernetesClient client;
    private final Pod pod;
    private final String hostIp;
    private final String startTime = Instant.now().toString();

    PodStatuses(KubernetesClient client, Pod pod, String hostIp) {
        this.client = client;
        this.pod = pod;
        this.hostIp = hostIp;
    }

    void pending(String reason, String message) {
        List<ContainerStatus> containers = new ArrayList<>();
        for (var container : pod.getSpec().getContainers()) {
            containers.add(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                    .withImageID("").withReady(false).withRestartCount(0).withStarted(false)
                    .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build());
        }
        write(new PodStatusBuilder().withPhase("Pending").withHostIP(hostIp).withStartTime(startTime)
                .withConditions(condition("PodScheduled", true, null), condition("Ready", false, reason),
                        condition("ContainersReady", false, reason))
                .withContainerStatuses(containers).build());
    }

    void running(String podIp, List<String> containerIds) {
        String now = Instant.now().toString();
        List<ContainerStatus> containers = new ArrayList<>();
        for (int i = 0; i < pod.getSpec().getContainers().size(); i++) {
            var container = pod.getSpec().getContainers().get(i);
            containers.add(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                    .withImageID("docker://" + container.getImage()).withContainerID("docker://" + containerIds.get(i))
                    .withReady(true).withStarted(true).withRestartCount(0)
                    .withNewState().withNewRunning().withStartedAt(now).endRunning().endState().build());
        }
        write(new PodStatusBuilder().withPhase("Running").withHostIP(hostIp).withPodIP(podIp).withStartTime(startTime)
                .withConditions(condition("Initialized", true, null), condition("Ready", true, null),
                        condition("ContainersReady", true, null), condition("PodScheduled", true, null))
                .withContainerStatuses(containers).build());
    }

    void terminated(String containerName, int exitCode, String message) {
        List<ContainerStatus> containers = new ArrayList<>();
        for (var container : pod.getSpec().getContainers()) {
            var status = new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                    .withImageID("").withReady(false).withStarted(false).withRestartCount(0);
            if (container.getName().equals(containerName)) {
                status.withNewState().withNewTerminated().withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error")
                        .withMessage(message).withFinishedAt(Instant.now().toString()).endTerminated().endState();
            }
            containers.add(status.build());
        }
        String phase = exitCode == 0 ? "Succeeded" : "Failed";
        write(new PodStatusBuilder().withPhase(phase).withHostIP(hostIp).withStartTime(startTime)
                .withMessage(message).withReason(exitCode == 0 ? null : "Error")
                .withConditions(condition("Initialized", true, null), condition("Ready", false, "PodCompleted"),
                        condition("ContainersReady", false, "PodCompleted"), condition("PodScheduled", true, null))
                .withContainerStatuses(containers).build());
    }

    /** A pod the stand-in cannot run as specified: Failed, with why. */
    void refused(String message) {
        write(new PodStatusBuilder().withPhase("Failed").withHostIP(hostIp).withReason("StandInUnsupported")
                .withMessage(message).withConditions(condition("PodScheduled", true, null),
                        condition("Ready", false, "StandInUnsupported")).build());
    }

    private static PodCondition condition(String type, boolean status, String reason) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason)
                .withLastTransitionTime(Instant.now().toString()).build();
    }

    private void write(PodStatus status) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .editStatus(current -> {
                        if (!pod.getMetadata().getUid().equals(current.getMetadata().getUid())) {
                            return current;
                        }
                        current.setStatus(status);
                        return current;
                    });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
