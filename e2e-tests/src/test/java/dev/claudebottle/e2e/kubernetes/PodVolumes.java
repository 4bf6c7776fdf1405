package dev.claudebottle.e2e.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A pod's volumes on this machine, as the kubelet materializes them: {@code configMap}, {@code secret},
 * {@code downwardAPI} and {@code projected} (ConfigMaps, Secrets, the downward API and ServiceAccount tokens minted
 * with the TokenRequest API, bound to the pod) written atomically into a directory per volume and mounted read-only;
 * {@code emptyDir} as a writable directory. {@code fsGroup} sets the group of every file (and adds group read), and
 * a token file belongs to the pods' single {@code runAsUser} with mode 0600, as the kubelet does. Other volume
 * types are refused by name. {@link #refresh()} re-reads the sources (the kubelet's periodic sync).
 */
final class PodVolumes {
    /** One bind mount: a host path at a container path. */
    record Mount(Path host, String containerPath, boolean readOnly) {}

    private record Token(String value, Instant renewAfter) {}

    private final KubernetesClient client;
    private final Pod pod;
    private final Path directory;
    private final Map<String, AtomicDirectory> atomic = new HashMap<>();
    private final Map<String, Token> tokens = new HashMap<>();

    PodVolumes(KubernetesClient client, Pod pod, Path directory) {
        this.client = client;
        this.pod = pod;
        this.directory = directory;
    }

    /** Writes every volume; {@link PodNotReady} while a referenced object or key is missing. */
    synchronized void materialize() throws PodNotReady, IOException {
        for (Volume volume : volumes()) {
            Path root = directory.resolve(volume.getName());
            if (volume.getEmptyDir() != null) {
                Files.createDirectories(root);
                AtomicDirectory.setMode(root, 0777);
                continue;
            }
            Map<String, AtomicDirectory.File> files = contents(volume);
            AtomicDirectory target = atomic.get(volume.getName());
            if (target == null) {
                target = new AtomicDirectory(root);
                atomic.put(volume.getName(), target);
            }
            target.write(files, fsGroup());
        }
    }

    /** Rewrites changed sources and renews tokens past 80 % of their life; missing objects keep the last content. */
    synchronized void refresh() throws IOException {
        for (Volume volume : volumes()) {
            AtomicDirectory target = atomic.get(volume.getName());
            if (target == null) {
                continue;
            }
            try {
                target.write(contents(volume), fsGroup());
            } catch (PodNotReady e) {
                // As the kubelet: a source that went away leaves the last content in place.
            }
        }
    }

    /** The bind mounts of {@code container}, in the order of its {@code volumeMounts}. */
    List<Mount> mounts(Container container) throws IOException {
        Map<String, Volume> byName = volumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        List<Mount> mounts = new ArrayList<>();
        for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
            Volume volume = byName.get(mount.getName());
            if (volume == null) {
                throw new IllegalArgumentException("container " + container.getName() + " mounts volume " + mount.getName()
                        + ", which the pod does not declare");
            }
            Path host = directory.resolve(volume.getName());
            if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
                Path sub = host.resolve(mount.getSubPath()).normalize();
                if (!sub.startsWith(host)) {
                    throw new IllegalArgumentException("subPath " + mount.getSubPath() + " escapes volume " + volume.getName());
                }
                host = sub.toRealPath(); // as the kubelet: a subPath mount is resolved once and never follows updates
            }
            boolean readOnly = volume.getEmptyDir() == null || Boolean.TRUE.equals(mount.getReadOnly());
            mounts.add(new Mount(host, mount.getMountPath(), readOnly));
        }
        return mounts;
    }

    private List<Volume> volumes() {
        return pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    }

    private int fsGroup() {
        var context = pod.getSpec().getSecurityContext();
        return context == null || context.getFsGroup() == null ? -1 : context.getFsGroup().intValue();
    }

    /** The one runAsUser every container has (pod or container level), or -1. */
    private int singleRunAsUser() {
        Set<Long> users = new java.util.HashSet<>();
        Long podUser = pod.getSpec().getSecurityContext() == null ? null : pod.getSpec().getSecurityContext().getRunAsUser();
        for (Container container : pod.getSpec().getContainers()) {
            Long user = container.getSecurityContext() != null && container.getSecurityContext().getRunAsUser() != null
                    ? container.getSecurityContext().getRunAsUser() : podUser;
            users.add(user);
        }
        return users.size() == 1 && !users.contains(null) ? users.iterator().next().intValue() : -1;
    }

    private Map<String, AtomicDirectory.File> contents(Volume volume) throws PodNotReady {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, AtomicDirectory.File> files = new LinkedHashMap<>();
        if (volume.getConfigMap() != null) {
            var source = volume.getConfigMap();
            addConfigMap(files, namespace, source.getName(), source.getItems(), mode(source.getDefaultMode(), 0644),
                    source.getOptional());
        } else if (volume.getSecret() != null) {
            var source = volume.getSecret();
            addSecret(files, namespace, source.getSecretName(), source.getItems(), mode(source.getDefaultMode(), 0644),
                    source.getOptional());
        } else if (volume.getDownwardAPI() != null) {
            addDownward(files, volume.getDownwardAPI().getItems(), mode(volume.getDownwardAPI().getDefaultMode(), 0644));
        } else if (volume.getProjected() != null) {
            int defaultMode = mode(volume.getProjected().getDefaultMode(), 0644);
            for (VolumeProjection source : volume.getProjected().getSources()) {
                if (source.getConfigMap() != null) {
                    addConfigMap(files, namespace, source.getConfigMap().getName(), source.getConfigMap().getItems(),
                            defaultMode, source.getConfigMap().getOptional());
                } else if (source.getSecret() != null) {
                    addSecret(files, namespace, source.getSecret().getName(), source.getSecret().getItems(), defaultMode,
                            source.getSecret().getOptional());
                } else if (source.getDownwardAPI() != null) {
                    addDownward(files, source.getDownwardAPI().getItems(), defaultMode);
                } else if (source.getServiceAccountToken() != null) {
                    addToken(files, volume.getName(), source.getServiceAccountToken(), defaultMode);
                } else {
                    throw new IllegalArgumentException("projected volume " + volume.getName() + " has a source the"
                            + " kubelet stand-in does not implement: " + source);
                }
            }
        } else {
            throw new IllegalArgumentException("volume " + volume.getName() + " of pod " + pod.getMetadata().getName()
                    + " is of a type the kubelet stand-in does not implement (configMap, secret, downwardAPI, projected,"
                    + " emptyDir are)");
        }
        return files;
    }

    private void addConfigMap(Map<String, AtomicDirectory.File> files, String namespace, String name,
            List<KeyToPath> items, int defaultMode, Boolean optional) throws PodNotReady {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        if (map == null) {
            if (Boolean.TRUE.equals(optional)) {
                return;
            }
            throw new PodNotReady("ContainerCreating", "configmap \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (map.getData() != null) {
            map.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (map.getBinaryData() != null) {
            map.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        addKeys(files, "configmap " + name, data, items, defaultMode, optional);
    }

    private void addSecret(Map<String, AtomicDirectory.File> files, String namespace, String name,
            List<KeyToPath> items, int defaultMode, Boolean optional) throws PodNotReady {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            if (Boolean.TRUE.equals(optional)) {
                return;
            }
            throw new PodNotReady("ContainerCreating", "secret \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        addKeys(files, "secret " + name, data, items, defaultMode, optional);
    }

    private static void addKeys(Map<String, AtomicDirectory.File> files, String what, Map<String, byte[]> data,
            List<KeyToPath> items, int defaultMode, Boolean optional) throws PodNotReady {
        if (items == null || items.isEmpty()) {
            data.forEach((key, bytes) -> files.put(key, new AtomicDirectory.File(bytes, defaultMode, -1)));
            return;
        }
        for (KeyToPath item : items) {
            byte[] bytes = data.get(item.getKey());
            if (bytes == null) {
                if (Boolean.TRUE.equals(optional)) {
                    continue;
                }
                throw new PodNotReady("ContainerCreating", "couldn't find key " + item.getKey() + " in " + what);
            }
            files.put(item.getPath(), new AtomicDirectory.File(bytes, mode(item.getMode(), defaultMode), -1));
        }
    }

    private void addDownward(Map<String, AtomicDirectory.File> files, List<DownwardAPIVolumeFile> items, int defaultMode) {
        for (DownwardAPIVolumeFile item : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
            if (item.getFieldRef() == null) {
                throw new IllegalArgumentException("downwardAPI item " + item.getPath() + " has no fieldRef; the kubelet"
                        + " stand-in implements fieldRef only");
            }
            files.put(item.getPath(), new AtomicDirectory.File(PodEnvironment.field(pod, item.getFieldRef().getFieldPath())
                    .getBytes(StandardCharsets.UTF_8), mode(item.getMode(), defaultMode), -1));
        }
    }

    private void addToken(Map<String, AtomicDirectory.File> files, String volume, ServiceAccountTokenProjection source,
            int defaultMode) {
        long seconds = source.getExpirationSeconds() == null ? 3600 : source.getExpirationSeconds();
        String key = volume + "/" + source.getPath();
        Token token = tokens.get(key);
        if (token == null || Instant.now().isAfter(token.renewAfter())) {
            String account = Objects.requireNonNullElse(pod.getSpec().getServiceAccountName(), "default");
            TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(seconds)
                    .withAudiences(source.getAudience() == null || source.getAudience().isEmpty()
                            ? List.of() : List.of(source.getAudience()))
                    .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName())
                    .withUid(pod.getMetadata().getUid()).endBoundObjectRef().endSpec().build();
            TokenRequest issued = client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace()).withName(account)
                    .tokenRequest(request);
            token = new Token(issued.getStatus().getToken(), Instant.now().plus(Duration.ofSeconds(seconds * 8 / 10)));
            tokens.put(key, token);
        }
        int user = singleRunAsUser();
        boolean owned = user >= 0 || fsGroup() >= 0;
        files.put(source.getPath(), new AtomicDirectory.File(token.value().getBytes(StandardCharsets.US_ASCII),
                owned ? 0600 : defaultMode, user));
    }

    private static int mode(Integer mode, int fallback) {
        return mode == null ? fallback : mode;
    }
}
