package dev.claudebottle.e2e.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a pod's container becomes a {@code docker run}: name and labels, network and Service names, the API server's
 * host entry, security context and limits, environment, bind mounts, and the command and args (the pod's
 * {@code command} replaces the image's entrypoint, {@code args} its CMD); and the kubelet's {@code runAsNonRoot} check.
 */
final class ContainerCommands {
    /** Label with the pod's uid on each of its containers: what {@link PodRun#stop()} removes by. */
    static final String POD_UID_LABEL = "claude-bottle.test.kubelet-pod-uid";

    private final Node node;
    private final Pod pod;

    ContainerCommands(Node node, Pod pod) {
        this.node = node;
        this.pod = pod;
    }

    private String podName() {
        return pod.getMetadata().getName();
    }

    private String namespace() {
        return pod.getMetadata().getNamespace();
    }

    /**
     * The {@code docker run} of container {@code index} ({@code container}) named {@code name}: the first joins
     * {@code network} under {@code aliases}, the others share the first's network namespace ({@code first}).
     */
    List<String> dockerRun(int index, Container container, String name, String first, String network, Set<String> aliases,
            Map<String, String> env, List<PodVolumes.Mount> mounts) {
        if (pod.getSpec().getInitContainers() != null && !pod.getSpec().getInitContainers().isEmpty()) {
            throw new IllegalArgumentException("pod " + podName() + " has init containers, which the kubelet stand-in does not run");
        }
        List<String> run = new ArrayList<>(List.of("docker", "run", "-d", "--pull", "never", "--name", name,
                "--label", StandInDocker.LABEL + "=" + node.instance(), "--label", StandInDocker.NAMESPACE_LABEL + "=" + namespace(),
                "--label", "claude-bottle.test.kubelet-pod=" + podName(), "--label", POD_UID_LABEL + "=" + pod.getMetadata().getUid()));
        if (index == 0) {
            run.addAll(List.of("--hostname", podName(), "--network", network,
                    "--add-host", node.apiServerHost() + ":" + node.bridgeAddress()));
            for (String alias : aliases) {
                run.addAll(List.of("--network-alias", alias));
            }
        } else {
            run.addAll(List.of("--network", "container:" + first));
        }
        security(container, run);
        limits(container, run);
        if (container.getWorkingDir() != null && !container.getWorkingDir().isEmpty()) {
            run.addAll(List.of("-w", container.getWorkingDir()));
        }
        if (Boolean.TRUE.equals(container.getTty())) {
            run.add("-t");
        }
        if (Boolean.TRUE.equals(container.getStdin())) {
            run.add("-i");
        }
        env.forEach((key, value) -> run.addAll(List.of("-e", key + "=" + value)));
        for (PodVolumes.Mount mount : mounts) {
            run.addAll(List.of("--mount", "type=bind,source=" + mount.host() + ",target=" + mount.containerPath()
                    + (mount.readOnly() ? ",readonly" : "")));
        }
        List<String> command = PodEnvironment.expandAll(container.getCommand(), env);
        List<String> args = PodEnvironment.expandAll(container.getArgs(), env);
        if (!command.isEmpty()) {
            run.addAll(List.of("--entrypoint", command.getFirst()));
        }
        run.add(container.getImage());
        if (!command.isEmpty()) {
            run.addAll(command.subList(1, command.size()));
        }
        run.addAll(args);
        return run;
    }

    private void security(Container container, List<String> run) {
        var podContext = pod.getSpec().getSecurityContext();
        SecurityContext context = container.getSecurityContext();
        Long user = context != null && context.getRunAsUser() != null ? context.getRunAsUser()
                : podContext == null ? null : podContext.getRunAsUser();
        Long group = context != null && context.getRunAsGroup() != null ? context.getRunAsGroup()
                : podContext == null ? null : podContext.getRunAsGroup();
        if (user != null) {
            run.addAll(List.of("--user", user + (group != null ? ":" + group : "")));
        }
        if (podContext != null && podContext.getFsGroup() != null) {
            run.addAll(List.of("--group-add", podContext.getFsGroup().toString()));
        }
        if (podContext != null && podContext.getSupplementalGroups() != null) {
            podContext.getSupplementalGroups().forEach(g -> run.addAll(List.of("--group-add", g.toString())));
        }
        if (context == null) {
            return;
        }
        if (Boolean.TRUE.equals(context.getPrivileged())) {
            throw new IllegalArgumentException("container " + container.getName() + " is privileged; the kubelet stand-in"
                    + " does not run privileged containers");
        }
        if (Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
            run.add("--read-only");
        }
        if (Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            run.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        if (context.getCapabilities() != null) {
            for (String cap : context.getCapabilities().getDrop() == null ? List.<String>of() : context.getCapabilities().getDrop()) {
                run.addAll(List.of("--cap-drop", cap));
            }
            for (String cap : context.getCapabilities().getAdd() == null ? List.<String>of() : context.getCapabilities().getAdd()) {
                run.addAll(List.of("--cap-add", cap));
            }
        }
    }

    private static void limits(Container container, List<String> run) {
        if (container.getResources() == null || container.getResources().getLimits() == null) {
            return;
        }
        var memory = container.getResources().getLimits().get("memory");
        if (memory != null) {
            run.addAll(List.of("--memory", io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(memory).toBigInteger().toString()));
        }
        var cpu = container.getResources().getLimits().get("cpu");
        if (cpu != null) {
            run.addAll(List.of("--cpus", io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(cpu).toPlainString()));
        }
    }

    /** runAsNonRoot as the kubelet checks it: a numeric non-zero user, from the pod or the image. */
    void checkNonRoot(Container container) throws PodNotReady {
        var podContext = pod.getSpec().getSecurityContext();
        SecurityContext context = container.getSecurityContext();
        Boolean nonRoot = context != null && context.getRunAsNonRoot() != null ? context.getRunAsNonRoot()
                : podContext == null ? null : podContext.getRunAsNonRoot();
        if (!Boolean.TRUE.equals(nonRoot)) {
            return;
        }
        Long user = context != null && context.getRunAsUser() != null ? context.getRunAsUser()
                : podContext == null ? null : podContext.getRunAsUser();
        String effective;
        if (user != null) {
            effective = user.toString();
        } else {
            StandInDocker.Result inspected = StandInDocker.run("docker", "image", "inspect", "-f", "{{.Config.User}}", container.getImage());
            if (!inspected.ok()) {
                throw new PodNotReady("ErrImageNeverPull", "image " + container.getImage() + " is not on this Docker engine");
            }
            effective = inspected.out().strip().split(":")[0];
        }
        if (effective.isEmpty() || effective.equals("0") || effective.equals("root")) {
            throw new PodNotReady("CreateContainerConfigError", "container has runAsNonRoot and image will run as root"
                    + " (pod: \"" + podName() + "_" + namespace() + "\", container: " + container.getName() + ")");
        }
        if (!effective.chars().allMatch(Character::isDigit)) {
            throw new PodNotReady("CreateContainerConfigError", "container has runAsNonRoot and image has non-numeric user ("
                    + effective + "), cannot verify user is non-root");
        }
    }

}
