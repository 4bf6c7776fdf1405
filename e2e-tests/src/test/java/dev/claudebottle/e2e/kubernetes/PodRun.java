package dev.claudebottle.e2e.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One pod on this machine: its volumes materialized, each container run as a Docker container with exactly the
 * pod's command, args, environment, mounts and security settings, on the namespace's network under the names of the
 * Services that select it; its status written as it goes; its ConfigMap/Secret volumes and tokens refreshed every
 * sync period; everything removed by {@link #stop()}.
 */
final class PodRun {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Node node;
    private final Pod pod;
    private final Path directory;
    private final PodStatuses statuses;
    private final ContainerCommands commands;
    private final List<String> containers = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;
    private volatile Set<String> aliases = Set.of();
    private volatile String network;
    private Thread thread;

    PodRun(Node node, Pod pod, Path directory) {
        this.node = node;
        this.pod = pod;
        this.directory = directory;
        this.statuses = new PodStatuses(node.client(), pod, node.bridgeAddress());
        this.commands = new ContainerCommands(node, pod);
    }

    String namespace() {
        return pod.getMetadata().getNamespace();
    }

    String name() {
        return pod.getMetadata().getName();
    }

    Map<String, String> labels() {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    /** The Docker name of container {@code index} of this pod. */
    String containerName(int index) {
        String container = pod.getSpec().getContainers().get(index).getName();
        return "k8s_" + container + "_" + name() + "_" + namespace() + "_" + pod.getMetadata().getUid().substring(0, 8);
    }

    synchronized void start() {
        thread = Thread.ofVirtual().name("kubelet " + namespace() + "/" + name()).start(this::run);
    }

    private void run() {
        try {
            bind();
            PodVolumes volumes = new PodVolumes(node.client(), pod, directory.resolve("volumes"));
            List<Map<String, String>> environments = prepare(volumes);
            if (environments == null) {
                return;
            }
            network = node.networkOf(namespace());
            aliases = node.serviceAliases(pod);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < pod.getSpec().getContainers().size(); i++) {
                Container container = pod.getSpec().getContainers().get(i);
                List<String> command = commands.dockerRun(i, container, containerName(i), containerName(0), network, aliases,
                        environments.get(i), volumes.mounts(container));
                synchronized (this) {
                    if (stopped) {
                        return;
                    }
                    containers.add(containerName(i));
                }
                ids.add(StandInDocker.ok(command).out().strip());
            }
            String podIp = awaitReady();
            if (podIp == null) {
                return;
            }
            statuses.running(podIp, ids);
            superviseUntilExit(volumes);
        } catch (IllegalArgumentException e) {
            statuses.refused(e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (!stopped) {
                node.problem(namespace() + "/" + name() + ": " + KubeletStandIn.describe(e));
                statuses.refused("the kubelet stand-in could not run the pod: " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Binds the pod to the stand-in's node through the {@code binding} subresource, as the scheduler does. */
    private void bind() {
        if (pod.getSpec().getNodeName() != null) {
            return;
        }
        var binding = new io.fabric8.kubernetes.api.model.BindingBuilder().withNewMetadata().withName(name()).endMetadata()
                .withNewTarget().withApiVersion("v1").withKind("Node").withName(node.nodeName()).endTarget().build();
        node.client().raw(node.client().getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + namespace()
                + "/pods/" + name() + "/binding", "POST", binding);
    }

    /** Volumes and environments, retried while a referenced object is missing; null when stopped meanwhile. */
    private List<Map<String, String>> prepare(PodVolumes volumes) throws IOException, InterruptedException {
        String last = null;
        while (!stopped) {
            try {
                volumes.materialize();
                List<Map<String, String>> environments = new ArrayList<>();
                for (Container container : pod.getSpec().getContainers()) {
                    environments.add(PodEnvironment.of(node.client(), pod, container, node.apiServerVariables()));
                    commands.checkNonRoot(container);
                }
                return environments;
            } catch (PodNotReady e) {
                if (!e.getMessage().equals(last)) {
                    statuses.pending(e.reason(), e.getMessage());
                    last = e.getMessage();
                }
                Thread.sleep(300);
            }
        }
        return null;
    }

    /** Waits until every container runs and its declared TCP ports accept from the host; the pod's IP, or null. */
    private String awaitReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (!stopped && Instant.now().isBefore(deadline)) {
            String ip = null;
            boolean ready = true;
            for (int i = 0; i < containers.size(); i++) {
                StandInDocker.Result state = StandInDocker.run("docker", "inspect", "-f",
                        "{{.State.Status}} {{.State.ExitCode}} {{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}",
                        containers.get(i));
                String[] fields = state.out().strip().split(" ");
                if (!state.ok() || fields.length < 2) {
                    return null;
                }
                if (fields[0].equals("exited") || fields[0].equals("dead")) {
                    terminated(i, Integer.parseInt(fields[1]));
                    return null;
                }
                if (i == 0 && fields.length > 2) {
                    ip = fields[2];
                }
                ready &= fields[0].equals("running") || fields[0].equals("paused");
            }
            if (ready && ip != null && portsAnswer(ip)) {
                return ip;
            }
            Thread.sleep(200);
        }
        if (!stopped) {
            statuses.pending("NotReady", "the pod's containers did not become ready within " + READY_TIMEOUT);
        }
        return null;
    }

    private boolean portsAnswer(String ip) {
        for (Container container : pod.getSpec().getContainers()) {
            for (ContainerPort port : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
                if (port.getProtocol() != null && !port.getProtocol().equals("TCP")) {
                    continue;
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(ip, port.getContainerPort()), 500);
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Refreshes the volumes every sync period until a container exits; then writes the terminated status. */
    private void superviseUntilExit(PodVolumes volumes) throws InterruptedException, IOException {
        List<Thread> waits = new ArrayList<>();
        int[] exit = {-1, 0};
        Object ended = new Object();
        for (int i = 0; i < containers.size(); i++) {
            int index = i;
            waits.add(Thread.ofVirtual().start(() -> {
                StandInDocker.Result result = StandInDocker.run("docker", "wait", containers.get(index));
                synchronized (ended) {
                    if (exit[0] < 0 && result.ok()) {
                        exit[0] = index;
                        exit[1] = Integer.parseInt(result.out().strip());
                    }
                    ended.notifyAll();
                }
            }));
        }
        Instant nextSync = Instant.now().plus(node.syncPeriod());
        while (!stopped) {
            synchronized (ended) {
                if (exit[0] >= 0) {
                    break;
                }
                ended.wait(200);
            }
            if (Instant.now().isAfter(nextSync)) {
                volumes.refresh();
                nextSync = Instant.now().plus(node.syncPeriod());
            }
        }
        if (!stopped && exit[0] >= 0) {
            terminated(exit[0], exit[1]);
        }
    }

    private void terminated(int index, int exitCode) {
        String log = StandInDocker.run("docker", "logs", "--tail", "20", containers.get(index)).all().strip();
        statuses.terminated(pod.getSpec().getContainers().get(index).getName(), exitCode, log);
    }

    /** A Service that selects this pod appeared: reconnect the pod under the names of all that select it now. */
    synchronized void servicesChanged() {
        if (stopped || containers.isEmpty() || network == null) {
            return;
        }
        Set<String> now = node.serviceAliases(pod);
        if (now.equals(aliases)) {
            return;
        }
        aliases = now;
        StandInDocker.run("docker", "network", "disconnect", network, containers.getFirst());
        List<String> connect = new ArrayList<>(List.of("docker", "network", "connect"));
        now.forEach(alias -> connect.addAll(List.of("--alias", alias)));
        connect.addAll(List.of(network, containers.getFirst()));
        StandInDocker.ok(connect);
    }

    /**
     * Stops and removes the pod's containers and files; the status is left as it is (the pod is gone or going). The
     * pod's thread notices within a moment (every step checks); removal waits for it, so a {@code docker run} in
     * flight cannot leave a container behind.
     */
    void stop() {
        stopped = true;
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            try {
                running.join(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String id : StandInDocker.run("docker", "ps", "-aq", "--filter", "label=" + ContainerCommands.POD_UID_LABEL + "="
                + pod.getMetadata().getUid()).out().split("\\s+")) {
            if (!id.isBlank()) {
                StandInDocker.run("docker", "rm", "-f", "-v", id);
            }
        }
        try {
            AtomicDirectory.deleteTree(directory);
        } catch (IOException e) {
            // A leftover directory under the stand-in's temporary directory is removed when the stand-in closes.
        }
    }

    /** The Docker names of the pod's containers created so far. */
    List<String> containerNames() {
        return List.copyOf(containers);
    }
}
