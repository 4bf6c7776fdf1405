package dev.claudebottle.kubernetes.gateway;

import dev.claudebottle.kubernetes.StateLayout;
import dev.claudebottle.supervise.application.port.out.LaunchRequest;
import dev.claudebottle.supervise.application.port.out.ProxyCredential;
import dev.claudebottle.supervise.model.Component;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every object {@code bottle up --gateway kubernetes} creates for one bottle (docs/kubernetes.md "Objects"), as
 * fabric8 model objects in the order they are created: the namespace, ServiceAccounts, RBAC, ConfigMaps, Secrets,
 * Services, NetworkPolicies and the two sidecar pods; after the proxy published its CA, the agent's ConfigMap and
 * (with an image) its pod. {@link #toYaml()} is the dry run: the same objects, Secret values redacted.
 */
public final class BottleManifests {
    /** What a dry run prints in place of the agent's CA, which the proxy makes when it first starts. */
    public static final String CA_PLACEHOLDER = "<the egress-proxy CA, copied from egress-proxy-status>";
    public static final String REDACTED = "<redacted>";

    /** The images of the two sidecars. */
    public record Images(String egressProxy, String supervise) {
        public Images {
            Objects.requireNonNull(egressProxy, "egressProxy");
            Objects.requireNonNull(supervise, "supervise");
        }
    }

    private final BottleNames names;
    private final LaunchRequest request;
    private final Images images;
    private final String superviseToken;
    private final ProxyCredential credential;
    private final Optional<String> policy;
    private final List<HasMetadata> sidecarObjects;
    private final Optional<Pod> agent;

    private BottleManifests(BottleNames names, LaunchRequest request, Images images, String superviseToken,
            ProxyCredential credential, Optional<String> policy) {
        this.names = names;
        this.request = request;
        this.images = images;
        this.superviseToken = superviseToken;
        this.credential = credential;
        this.policy = policy;
        this.sidecarObjects = List.copyOf(buildSidecarObjects());
        this.agent = request.agentImage().map(image -> new BottlePods(names).agent(image, request.agent()));
    }

    /**
     * The objects of {@code request}'s bottle in {@code instance}.
     *
     * @param policy the operator's guardrail policy (policy.yaml) at up, if any
     * @throws IllegalArgumentException for a bottle whose namespace name is too long, routes that are not UTF-8, or an
     *     agent user Kubernetes cannot express
     */
    public static BottleManifests of(LaunchRequest request, String instance, Images images, String superviseToken,
            ProxyCredential credential, Optional<String> policy) {
        Objects.requireNonNull(superviseToken, "superviseToken");
        if (superviseToken.isBlank() || superviseToken.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the supervise token is empty or holds white space");
        }
        return new BottleManifests(new BottleNames(new StateLayout(instance), request.bottle()), request, images,
                superviseToken, Objects.requireNonNull(credential, "credential"), policy);
    }

    public BottleNames names() {
        return names;
    }

    /** The bottle's namespace, labelled as part 1's store labels it. */
    public Namespace namespace() {
        return new NamespaceBuilder().withNewMetadata().withName(names.namespace())
                .withLabels(new TreeMap<>(names.layout().namespaceLabels(names.bottle()))).endMetadata().build();
    }

    /** What up creates in the namespace before it waits for the sidecars, in order. */
    public List<HasMetadata> sidecarObjects() {
        return sidecarObjects;
    }

    /** The agent's ConfigMap: the proxy's CA (as it published it) and the MCP client configuration. */
    public ConfigMap agentConfig(String caPem) {
        Map<String, String> data = new TreeMap<>();
        data.put(BottleNames.CA_KEY, caPem);
        // The token is not in here (a ConfigMap is no place for it): the client expands the variable from the pod's env.
        data.put(BottleNames.MCP_KEY, "{\"mcpServers\": {\"supervise\": {\"type\": \"http\", \"url\": \"http://"
                + Component.SUPERVISE + ":" + BottleNames.SUPERVISE_PORT + "/mcp\", \"headers\": {\"Authorization\": "
                + "\"Bearer ${" + BottlePods.TOKEN_ENV + "}\"}}}}\n");
        return new ConfigMapBuilder().withMetadata(meta(BottleNames.AGENT_CONFIG, Component.AGENT)).withData(data).build();
    }

    /** The agent's pod, when the request names an image. */
    public Optional<Pod> agentPod() {
        return agent;
    }

    /** Everything, in creation order, the agent's CA as {@link #CA_PLACEHOLDER}. */
    public List<HasMetadata> all() {
        List<HasMetadata> all = new ArrayList<>();
        all.add(namespace());
        all.addAll(sidecarObjects);
        all.add(agentConfig(CA_PLACEHOLDER));
        agent.ifPresent(all::add);
        return all;
    }

    /** The dry run: every object as one YAML document, Secret values replaced by {@link #REDACTED}. */
    public String toYaml() {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# bottle up ").append(names.bottle()).append(" --gateway kubernetes --dry-run: the objects it would create")
                .append(", in order.\n# Secret values are replaced by ").append(REDACTED)
                .append(" here: bottle up generates the supervise token and\n# the proxy credential and writes the real values")
                .append(" (and the secrets' values) when it runs.\n");
        if (agent.isEmpty()) {
            yaml.append("# No agent pod: bottle up without --image starts none.\n");
        }
        yaml.append(yaml(all()));
        return yaml.toString();
    }

    /** {@code objects} as multi-document YAML, Secret values redacted; what tests compare with the server's. */
    public static String yaml(List<HasMetadata> objects) {
        KubernetesSerialization serialization = new KubernetesSerialization();
        StringBuilder yaml = new StringBuilder();
        for (HasMetadata object : objects) {
            String document = serialization.asYaml(object instanceof Secret secret ? redacted(secret) : object);
            yaml.append(document.startsWith("---") ? document : "---\n" + document);
            if (!document.endsWith("\n")) {
                yaml.append('\n');
            }
        }
        return yaml.toString();
    }

    private static Secret redacted(Secret secret) {
        Map<String, String> data = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().keySet().forEach(key -> data.put(key, REDACTED));
        }
        return new SecretBuilder(secret).withData(data.isEmpty() ? null : data).withStringData(null).build();
    }

    private List<HasMetadata> buildSidecarObjects() {
        AccessObjects access = new AccessObjects(names);
        BottlePods pods = new BottlePods(names);
        List<HasMetadata> objects = new ArrayList<>(access.serviceAccounts());
        objects.addAll(access.rbac());
        objects.add(configMap(BottleNames.ROUTES, Component.EGRESS_PROXY,
                Map.of(BottleNames.ROUTES_KEY, utf8(request.routes().bytes()))));
        // Created empty: the proxy alone writes its status and its CA into it.
        objects.add(configMap(BottleNames.STATUS, Component.EGRESS_PROXY, Map.of()));
        objects.add(configMap(BottleNames.POLICY, Component.SUPERVISE,
                policy.map(text -> Map.of(BottleNames.POLICY_KEY, text)).orElse(Map.of())));
        if (!request.upstreamCaPems().isEmpty()) {
            Map<String, String> cas = new TreeMap<>();
            for (int i = 0; i < request.upstreamCaPems().size(); i++) {
                cas.put(BottlePods.upstreamCaKey(i), request.upstreamCaPems().get(i));
            }
            objects.add(configMap(BottleNames.UPSTREAM_CA, Component.EGRESS_PROXY, cas));
        }
        objects.add(secret(BottleNames.SECRETS, Component.EGRESS_PROXY, request.secrets()));
        objects.add(secret(BottleNames.AUTH, Component.EGRESS_PROXY, Map.of(BottleNames.AUTH_KEY, credential.fileContent(),
                BottleNames.PROXY_URL_KEY, credential.proxyUrl(Component.EGRESS_PROXY + ":" + BottleNames.PROXY_PORT))));
        objects.add(secret(BottleNames.SUPERVISE_TOKEN, Component.SUPERVISE, Map.of(BottleNames.TOKEN_KEY, superviseToken)));
        objects.addAll(access.services());
        objects.addAll(access.networkPolicies());
        objects.add(pods.proxy(images.egressProxy(), request.upstreamCaPems().size()));
        objects.add(pods.supervise(images.supervise()));
        return objects;
    }

    private ConfigMap configMap(String name, Component component, Map<String, String> data) {
        return new ConfigMapBuilder().withMetadata(meta(name, component)).withData(data.isEmpty() ? null : new TreeMap<>(data))
                .build();
    }

    private Secret secret(String name, Component component, Map<String, String> values) {
        Map<String, String> data = new TreeMap<>();
        values.forEach((key, value) -> data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder().withMetadata(meta(name, component)).withType("Opaque")
                .withData(data.isEmpty() ? null : data).build();
    }

    private ObjectMeta meta(String name, Component component) {
        return new ObjectMetaBuilder().withName(name).withNamespace(names.namespace()).withLabels(names.labels(component))
                .build();
    }

    private String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the routes of bottle " + names.bottle() + " are not UTF-8 text, which a"
                    + " ConfigMap's data must be");
        }
    }
}
