package dev.claudebottle.e2e.kubernetes;

import dev.claudebottle.kubernetes.testing.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tests' kubelet (and the two controller-manager loops a bare API server lacks) for the namespaces of one state
 * instance (label {@code claudebottle.dev/instance}): it publishes {@code kube-root-ca.crt} in each new namespace;
 * runs each pod as Docker containers from the images the pod names, with the pod's command, args, environment,
 * volumes (ServiceAccount tokens minted with the TokenRequest API) and security settings, on one Docker network per
 * namespace under the names of the Services that select it, and writes the pod's status; and when a namespace is
 * deleted, removes its containers and network, deletes what is left in it and finalizes it. Test code, not a product
 * feature: NetworkPolicy is not enforced, restartPolicy is not (a container that exits fails its pod), probes are TCP
 * checks of the declared container ports. Everything it made is removed by {@link #close()}.
 */
public final class KubeletStandIn implements AutoCloseable, Node {
    /** The kubelet's default sync period, after which changed ConfigMaps and Secrets appear in volumes. */
    public static final Duration SYNC_PERIOD = Duration.ofSeconds(60);
    private static final String INSTANCE_LABEL = "claudebottle.dev/instance";

    private final KubeApiServer server;
    private final KubernetesClient admin;
    private final String instance;
    private final Duration syncPeriod;
    private final Path directory;
    private final String caPem;
    private final Map<String, PodRun> runs = new ConcurrentHashMap<>();
    private final NamespaceNetworks networks;
    private final Map<String, Boolean> instanceNamespaces = new ConcurrentHashMap<>();
    private final Set<String> finalizing = ConcurrentHashMap.newKeySet();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();

    private KubeletStandIn(KubeApiServer server, String instance, Duration syncPeriod, Path directory) throws IOException {
        this.server = server;
        this.admin = server.client(KubeApiServer.ADMIN);
        this.instance = instance;
        this.syncPeriod = syncPeriod;
        this.directory = directory;
        this.caPem = Files.readString(server.caFile());
        this.networks = new NamespaceNetworks(instance);
    }

    /**
     * Starts watching the namespaces of {@code instance} on {@code server} (which must be one containers reach:
     * {@link KubeApiServer#startForContainers()}).
     */
    public static KubeletStandIn start(KubeApiServer server, String instance, Duration syncPeriod) {
        try {
            KubeletStandIn standIn = new KubeletStandIn(server, instance, syncPeriod,
                    Files.createTempDirectory("claude-bottle-kubelet-"));
            standIn.watch();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KubeletStandIn start(KubeApiServer server, String instance) {
        return start(server, instance, SYNC_PERIOD);
    }

    private void watch() {
        informers.add(admin.namespaces().withLabel(INSTANCE_LABEL, instance).inform(new OffThreadHandler<>(this::problem) {
            @Override
            protected void changed(Namespace namespace) {
                namespaceChanged(namespace);
            }
        }));
        informers.add(admin.services().inAnyNamespace().inform(new OffThreadHandler<>(this::problem) {
            @Override
            protected void changed(Service service) {
                String namespace = service.getMetadata().getNamespace();
                runs.values().stream().filter(run -> run.namespace().equals(namespace)).forEach(PodRun::servicesChanged);
            }
        }));
        informers.add(admin.pods().inAnyNamespace().inform(new OffThreadHandler<>(this::problem) {
            @Override
            protected void changed(Pod pod) {
                podChanged(pod);
            }

            @Override
            protected void deleted(Pod pod) {
                PodRun run = runs.remove(pod.getMetadata().getUid());
                if (run != null) {
                    run.stop();
                }
            }
        }));
    }

    private void namespaceChanged(Namespace namespace) {
        String name = namespace.getMetadata().getName();
        instanceNamespaces.put(name, true);
        if (namespace.getMetadata().getDeletionTimestamp() != null) {
            if (finalizing.add(name)) {
                try {
                    removeNamespace(name);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finalizing.remove(name); // a namespace of the same name may be made again
                }
            }
            return;
        }
        try {
            admin.configMaps().inNamespace(name).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("kube-root-ca.crt").endMetadata().addToData("ca.crt", caPem).build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 403) { // 403: the namespace is terminating meanwhile
                throw e;
            }
        }
    }

    private boolean ofInstance(String namespace) {
        return instanceNamespaces.computeIfAbsent(namespace, name -> {
            Namespace found = admin.namespaces().withName(name).get();
            return found != null && found.getMetadata().getLabels() != null
                    && instance.equals(found.getMetadata().getLabels().get(INSTANCE_LABEL));
        });
    }

    private void podChanged(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        if (!ofInstance(namespace) || finalizing.contains(namespace)) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            PodRun run = runs.remove(uid);
            if (run != null) {
                run.stop();
            }
            admin.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return;
        }
        runs.computeIfAbsent(uid, key -> {
            PodRun run = new PodRun(this, pod, directory.resolve(namespace + "_" + pod.getMetadata().getName() + "_" + uid));
            run.start();
            return run;
        });
    }

    private void removeNamespace(String namespace) throws InterruptedException {
        for (var entry : List.copyOf(runs.entrySet())) {
            if (entry.getValue().namespace().equals(namespace)) {
                runs.remove(entry.getKey());
                entry.getValue().stop();
            }
        }
        networks.removeNamespace(namespace);
        NamespaceFinalizer.finalizeNamespace(admin, namespace);
    }

    /**
     * Joins the test's upstream server container {@code container} to every namespace network, now and later, under
     * {@code hostNames} (as a cluster's DNS would resolve them).
     */
    public void joinUpstream(String container, List<String> hostNames) {
        networks.joinUpstream(container, hostNames);
    }

    @Override
    public String networkOf(String namespace) {
        return networks.of(namespace);
    }

    @Override
    public Set<String> serviceAliases(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        Set<String> aliases = new LinkedHashSet<>();
        for (Service service : admin.services().inNamespace(namespace).list().getItems()) {
            Map<String, String> selector = service.getSpec().getSelector();
            if (selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet())) {
                String name = service.getMetadata().getName();
                aliases.addAll(List.of(name, name + "." + namespace, name + "." + namespace + ".svc",
                        name + "." + namespace + ".svc.cluster.local"));
            }
        }
        return aliases;
    }

    /** The Docker container running the first container of pod {@code namespace/name}, once it was created. */
    public Optional<String> container(String namespace, String name) {
        return runs.values().stream().filter(run -> run.namespace().equals(namespace) && run.name().equals(name))
                .flatMap(run -> run.containerNames().stream()).findFirst();
    }

    /** As {@link #container}, waiting up to {@code timeout} for it. */
    public String awaitContainer(String namespace, String name, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<String> found = container(namespace, name);
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no container for pod " + namespace + "/" + name + " within " + timeout
                + "; stand-in problems: " + problems);
    }

    /** An exception with its causes' messages, for {@link #problems()}. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(" <- ").append(cause);
        }
        return text.toString();
    }

    /** What went wrong while handling events (empty when all went well). */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public KubernetesClient client() {
        return admin;
    }

    @Override
    public String instance() {
        return instance;
    }

    @Override
    public String apiServerHost() {
        return KubeApiServer.IN_CLUSTER_HOST;
    }

    @Override
    public String nodeName() {
        return "kubelet-stand-in-" + instance;
    }

    @Override
    public void problem(String what) {
        problems.add(what);
    }

    @Override
    public String bridgeAddress() {
        return server.url().getHost();
    }

    @Override
    public Map<String, String> apiServerVariables() {
        return PodEnvironment.apiServerVariables(apiServerHost(), server.port());
    }

    @Override
    public Duration syncPeriod() {
        return syncPeriod;
    }

    /** Stops watching and removes every container, network and file the stand-in made; namespaces are left as they are. */
    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        runs.values().forEach(PodRun::stop);
        runs.clear();
        networks.removeAll();
        admin.close();
        try {
            AtomicDirectory.deleteTree(directory);
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
