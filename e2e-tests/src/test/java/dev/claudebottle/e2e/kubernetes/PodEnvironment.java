package dev.claudebottle.e2e.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet computes it: the API server's service variables first, then the
 * container's {@code env} in order ({@code value} with {@code $(VAR)} expansion, {@code secretKeyRef},
 * {@code configMapKeyRef}, {@code fieldRef}); and its command and args expanded against that environment.
 * {@code envFrom} and {@code resourceFieldRef} are refused by name: the stand-in does not implement them.
 */
final class PodEnvironment {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    private PodEnvironment() {}

    /**
     * The service variables a kubelet gives every container for the {@code kubernetes} Service; the port is the API
     * server's own (no Service IP routes here), hence no {@code KUBERNETES_PORT_443_TCP*} names.
     */
    static Map<String, String> apiServerVariables(String host, int port) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("KUBERNETES_SERVICE_HOST", host);
        variables.put("KUBERNETES_SERVICE_PORT", Integer.toString(port));
        variables.put("KUBERNETES_SERVICE_PORT_HTTPS", Integer.toString(port));
        variables.put("KUBERNETES_PORT", "tcp://" + host + ":" + port);
        return variables;
    }

    static Map<String, String> of(KubernetesClient client, Pod pod, Container container, Map<String, String> service)
            throws PodNotReady {
        if (container.getEnvFrom() != null && !container.getEnvFrom().isEmpty()) {
            throw new IllegalArgumentException("container " + container.getName() + " uses envFrom, which the kubelet"
                    + " stand-in does not implement");
        }
        Map<String, String> env = new LinkedHashMap<>(service);
        String namespace = pod.getMetadata().getNamespace();
        for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            EnvVarSource from = variable.getValueFrom();
            String value;
            if (from == null) {
                value = expand(variable.getValue() == null ? "" : variable.getValue(), env);
            } else if (from.getSecretKeyRef() != null) {
                var ref = from.getSecretKeyRef();
                Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
                String encoded = secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
                if (encoded == null) {
                    if (Boolean.TRUE.equals(ref.getOptional())) {
                        continue;
                    }
                    throw new PodNotReady("CreateContainerConfigError", secret == null ? "secret \"" + ref.getName()
                            + "\" not found" : "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
                }
                value = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            } else if (from.getConfigMapKeyRef() != null) {
                var ref = from.getConfigMapKeyRef();
                ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
                value = map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
                if (value == null) {
                    if (Boolean.TRUE.equals(ref.getOptional())) {
                        continue;
                    }
                    throw new PodNotReady("CreateContainerConfigError", map == null ? "configmap \"" + ref.getName()
                            + "\" not found" : "couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
                }
            } else if (from.getFieldRef() != null) {
                value = field(pod, from.getFieldRef().getFieldPath());
            } else {
                throw new IllegalArgumentException("env " + variable.getName() + " of container " + container.getName()
                        + " uses a valueFrom the kubelet stand-in does not implement: " + from);
            }
            env.put(variable.getName(), value);
        }
        return env;
    }

    /** A downward-API field of {@code pod}: the ones a pod without a node can answer. */
    static String field(Pod pod, String path) {
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
            default -> throw new IllegalArgumentException("fieldRef " + path + " of pod " + pod.getMetadata().getName()
                    + " is not implemented by the kubelet stand-in (metadata.name, metadata.namespace, metadata.uid,"
                    + " spec.serviceAccountName are)");
        };
    }

    /** {@code $(VAR)} replaced by a defined variable, {@code $$} by {@code $}; an undefined reference stays as written. */
    static String expand(String text, Map<String, String> env) {
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) == null) {
                replacement = "$";
            } else {
                replacement = env.getOrDefault(matcher.group(1), matcher.group());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static List<String> expandAll(List<String> values, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (String value : values == null ? List.<String>of() : values) {
            out.add(expand(value, env));
        }
        return out;
    }
}
